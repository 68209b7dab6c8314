// Live view: each camera's latest frame, refreshed, with its zones and their current label; the status strip;
// and "try an image" against the current model.
import { api, el, $, boot, page, pct, busy, toast } from './api.js';

const REFRESH_MS = 1000;

function strip(status) {
  const camera = status.cameras[0] || {};
  const memory = status.memory || {};
  const item = (name, value, id) => el('span', { id }, name + ' ', el('b', {}, value ?? '–'));
  return el('div', { class: 'strip', id: 'status-strip' },
    item('fps', camera.fps, 'st-fps'),
    item('inference', camera.inference_ms === undefined ? '–' : camera.inference_ms + ' ms', 'st-ms'),
    item('model', status.model_version || 'none', 'st-model'),
    item('CPU', status.cpu_temperature_c === null ? '–' : status.cpu_temperature_c + ' °C', 'st-temp'),
    item('memory', memory.rss_mb ? memory.rss_mb + ' MB' : (memory.heap_used_mb + ' / ' + memory.heap_max_mb + ' MB heap'), 'st-mem'),
    item('inbox', status.inbox_size, 'st-inbox'),
    status.mqtt_connected === null ? null : item('MQTT', status.mqtt_connected ? 'connected' : 'offline', 'st-mqtt'));
}

function placeZones(frame, img, zones) {
  frame.querySelectorAll('.zone').forEach((z) => z.remove());
  if (!img.naturalWidth) return;
  for (const zone of zones) {
    if (!zone.rect) continue;
    const [x, y, w, h] = zone.rect;
    const box = el('div', { class: 'zone', title: zone.name },
      el('span', { class: 'tag' }, zone.name + ': ' + (zone.label ?? '…') + (zone.confidence == null ? '' : ' ' + pct(zone.confidence))));
    box.style.left = (100 * x) / img.naturalWidth + '%';
    box.style.top = (100 * y) / img.naturalHeight + '%';
    box.style.width = (100 * w) / img.naturalWidth + '%';
    box.style.height = (100 * h) / img.naturalHeight + '%';
    frame.append(box);
  }
}

function cameraCard(camera) {
  const img = el('img', { alt: 'Camera ' + camera.name, id: 'frame-' + camera.name, width: 640, height: 480 });
  const frame = el('div', { class: 'frame' }, img);
  const card = el('section', { class: 'card' }, el('h2', {}, camera.name), frame);
  let zones = [];
  img.addEventListener('load', () => placeZones(frame, img, zones));
  const tick = async () => {
    try {
      zones = (await api('/live/zones')).zones.filter((z) => z.camera === camera.name);
    } catch { /* keep the last */ }
    img.src = '/api/v1/cameras/' + encodeURIComponent(camera.name) + '/frame.jpg?t=' + Date.now();
  };
  tick();
  setInterval(() => { if (!document.hidden) tick(); }, REFRESH_MS);
  return card;
}

function tryImage() {
  const input = el('input', { type: 'file', accept: 'image/*', id: 'predict-file' });
  const out = el('div', { id: 'predict-result' });
  const button = el('button', { class: 'primary', type: 'button', id: 'predict-run' }, 'Predict');
  button.addEventListener('click', () => busy(button, async () => {
    if (!input.files[0]) { toast('Choose an image first', true); return; }
    const answer = await api('/predict?store=false', { method: 'POST', body: input.files[0],
      headers: { 'Content-Type': 'application/octet-stream' } });
    out.replaceChildren(
      el('p', {}, el('b', {}, answer.unknown ? 'Unknown' : answer.label), ' · model ', answer.model, ' · ', answer.ms, ' ms'),
      el('table', {}, el('tbody', {}, answer.predictions.map((p) => el('tr', {}, el('td', {}, p.label), el('td', { class: 'num' }, pct(p.probability)))))));
  }));
  return el('section', { class: 'card' }, el('h2', {}, 'Try an image'),
    el('div', { class: 'row' }, el('div', { class: 'grow' }, input), button), out);
}

// Today's visitors per detecting zone, as bars: people would rather look than read a list of counts.
function speciesCard(zone) {
  const most = Math.max(1, ...zone.species.map((s) => s.visits));
  const rows = zone.species.map((s) => {
    const fill = el('i');
    fill.style.width = (100 * s.visits) / most + '%';
    return el('tr', {}, el('td', {}, s.name), el('td', { class: 'grow' }, el('div', { class: 'bar' }, fill)),
      el('td', { class: 'num' }, String(s.visits)));
  });
  return el('section', { class: 'card species', id: 'species-' + zone.zone },
    el('h2', {}, `${zone.zone}: ${zone.visits} visit${zone.visits === 1 ? '' : 's'} today`),
    zone.species.length ? el('table', {}, el('tbody', {}, rows)) : el('p', { class: 'muted' }, 'No visit yet today.'));
}

async function species(holder) {
  try {
    const answer = await api('/species');
    holder.replaceChildren(...answer.zones.map(speciesCard));
  } catch { /* next time */ }
}

async function main() {
  await boot();
  const status = await api('/status');
  const stripHolder = el('div', {}, strip(status));
  const cameras = status.cameras.length
    ? el('div', { class: 'grid2' }, status.cameras.map(cameraCard))
    : el('section', { class: 'card' }, el('p', {}, 'No camera is configured. Add one under cameras: in magpie.yaml.'));
  const visitors = el('div', { class: 'grid2', id: 'species' });
  page('Live', stripHolder, cameras, visitors, tryImage());
  species(visitors);
  setInterval(() => { if (!document.hidden) species(visitors); }, 10000);
  setInterval(async () => {
    if (document.hidden) return;
    try { stripHolder.replaceChildren(strip(await api('/status'))); } catch { /* next time */ }
  }, 2000);
}

main();
