// Zones and rules: draw a rectangle on a frozen frame, pick the model, thresholds, debounce and cooldown. Existing
// zones are drawn and their per-label thresholds can be changed live; a new or moved zone is given as the YAML
// to put under zones: in magpie.yaml (then reload), since the server does not rewrite the file yet.
import { api, el, $, boot, page, busy, toast, pct } from './api.js';

let draft = null;

function drawBoxes(frame, img, zones) {
  frame.querySelectorAll('.zone').forEach((z) => z.remove());
  const put = (rect, cls, text) => {
    const [x, y, w, h] = rect;
    const box = el('div', { class: cls }, el('span', { class: 'tag' }, text));
    box.style.left = (100 * x) / img.naturalWidth + '%';
    box.style.top = (100 * y) / img.naturalHeight + '%';
    box.style.width = (100 * w) / img.naturalWidth + '%';
    box.style.height = (100 * h) / img.naturalHeight + '%';
    frame.append(box);
  };
  zones.filter((z) => z.rect).forEach((z) => put(z.rect, 'zone', z.name));
  if (draft) put(draft, 'zone draft', 'new zone');
}

function drawing(frame, img, zones, onDraft) {
  let start = null;
  const point = (e) => {
    const r = img.getBoundingClientRect();
    const sx = img.naturalWidth / r.width;
    const sy = img.naturalHeight / r.height;
    return [Math.max(0, Math.min(img.naturalWidth, Math.round((e.clientX - r.left) * sx))),
      Math.max(0, Math.min(img.naturalHeight, Math.round((e.clientY - r.top) * sy)))];
  };
  frame.addEventListener('pointerdown', (e) => { start = point(e); frame.setPointerCapture(e.pointerId); e.preventDefault(); });
  frame.addEventListener('pointermove', (e) => {
    if (!start) return;
    const [x, y] = point(e);
    draft = [Math.min(x, start[0]), Math.min(y, start[1]), Math.abs(x - start[0]), Math.abs(y - start[1])];
    drawBoxes(frame, img, zones);
  });
  frame.addEventListener('pointerup', () => {
    start = null;
    if (draft && draft[2] > 4 && draft[3] > 4) onDraft(draft); else draft = null;
    drawBoxes(frame, img, zones);
  });
}

function yaml(form) {
  const v = (name) => form.querySelector(`[name="${name}"]`).value;
  return [
    `  - name: ${v('name')}`,
    `    camera: ${v('camera')}`,
    `    rect: [${draft.join(', ')}]`,
    `    model: ${v('model')}`,
    '    rules:',
    `      - label: ${v('label')}`,
    `        threshold: ${v('threshold')}`,
    `        min_frames: ${v('debounce')}`,
    `        cooldown_seconds: ${v('cooldown')}`,
  ].join('\n');
}

function zoneCard(zone) {
  const rules = Object.values(zone.rules || {});
  return el('section', { class: 'card', dataset: { zone: zone.name } },
    el('h2', {}, zone.name, ' ', el('span', { class: 'muted' }, `${zone.camera} · model ${zone.model}`)),
    el('p', {}, 'Now: ', el('b', {}, zone.label ?? '–'), zone.confidence == null ? '' : ' ' + pct(zone.confidence)),
    rules.length ? el('div', { class: 'scroll' }, el('table', {},
      el('thead', {}, el('tr', {}, ['Label', 'Alert', 'Threshold', 'Debounce', 'Cooldown'].map((h) => el('th', {}, h)))),
      el('tbody', {}, rules.map((r) => {
        const input = el('input', { type: 'number', min: 0.01, max: 1, step: 0.01, value: r.threshold, 'aria-label': 'Threshold of ' + r.label });
        input.addEventListener('change', () => busy(input, async () => {
          await api(`/zones/${encodeURIComponent(zone.name)}/thresholds`, { method: 'PUT', json: { label: r.label, threshold: Number(input.value) } });
          toast(`${zone.name}: ${r.label} at ${input.value}`);
        }));
        return el('tr', {}, el('td', {}, r.label), el('td', {}, r.alert ? 'yes' : 'no'), el('td', {}, input),
          el('td', {}, `${r.min_frames} frames`), el('td', {}, `${r.cooldown_s} s`));
      })))) : el('p', { class: 'muted' }, 'No rules: the zone reports its label but raises no alerts.'));
}

async function main() {
  await boot();
  const [{ zones }, status, { models }, { labels }] = await Promise.all([api('/live/zones'), api('/status'), api('/models'), api('/labels')]);
  const cameras = status.cameras.map((c) => c.name);
  const editor = el('section', { class: 'card' }, el('h2', {}, 'Draw a zone'));
  if (cameras.length) {
    const img = el('img', { alt: 'Frozen frame', id: 'zone-frame', width: 640, height: 480, draggable: 'false' });
    const frame = el('div', { class: 'frame' }, img);
    const camera = el('select', { name: 'camera', 'aria-label': 'Camera' }, cameras.map((c) => el('option', { value: c }, c)));
    const freeze = () => { img.src = `/api/v1/cameras/${encodeURIComponent(camera.value)}/frame.jpg?t=${Date.now()}`; };
    const refresh = el('button', { type: 'button' }, 'New frame');
    refresh.addEventListener('click', freeze);
    camera.addEventListener('change', freeze);
    img.addEventListener('load', () => drawBoxes(frame, img, zones.filter((z) => z.camera === camera.value)));
    const out = el('pre', { class: 'card scroll hidden', id: 'zone-yaml' });
    const form = el('form', { class: 'hidden', id: 'zone-form' },
      el('label', { class: 'field' }, 'Name', el('input', { name: 'name', required: true, pattern: '[A-Za-z0-9_\\-]{1,32}', value: 'zone_' + (zones.length + 1) })),
      el('label', { class: 'field' }, 'Model', el('select', { name: 'model' }, el('option', { value: 'current' }, 'current (follows promotions)'),
        models.map((m) => el('option', { value: m.version }, m.version)))),
      el('label', { class: 'field' }, 'Alert on label', el('select', { name: 'label' }, labels.map((l) => el('option', { value: l.name }, l.name)))),
      el('label', { class: 'field' }, 'Threshold', el('input', { name: 'threshold', type: 'number', min: 0.01, max: 1, step: 0.01, value: 0.8 })),
      el('label', { class: 'field' }, 'Debounce (frames in a row)', el('input', { name: 'debounce', type: 'number', min: 1, max: 100, value: 3 })),
      el('label', { class: 'field' }, 'Cooldown (seconds between alerts)', el('input', { name: 'cooldown', type: 'number', min: 0, max: 86400, value: 60 })),
      el('button', { class: 'primary', type: 'submit' }, 'Make the YAML'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      out.textContent = 'zones:\n' + yaml(form) + '\n\n# add under zones: in magpie.yaml, then reload (magpie reload or MQTT command reload)';
      out.classList.remove('hidden');
    });
    drawing(frame, img, zones, () => form.classList.remove('hidden'));
    editor.append(el('div', { class: 'row' }, camera, refresh), el('p', { class: 'muted' }, 'Drag on the frame to draw a rectangle.'), frame, form, out);
    freeze();
  } else {
    editor.append(el('p', { class: 'muted' }, 'No camera is configured.'));
  }
  page('Zones and rules', editor, ...zones.map(zoneCard));
}

main();
