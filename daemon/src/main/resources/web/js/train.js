// Train: start a run, follow it over server-sent events, compare the new version with the current model on the
// same held-out images, then promote or discard it.
import { api, el, $, boot, page, busy, toast, pct } from './api.js';

const PHASES = { embedding: 'Embedding images', preparing: 'Preparing', training: 'Training the head',
  exporting: 'Exporting', evaluating: 'Evaluating' };
let events = null;

function showProgress(data) {
  $('#train-phase').textContent = (PHASES[data.phase] || data.phase || 'Starting') +
    (data.total ? ` (${data.done} / ${data.total})` : '');
  const progress = $('#train-progress');
  progress.max = data.total || 1;
  progress.value = data.done || 0;
  $('#train-running').classList.remove('hidden');
  $('#train-start').disabled = true;
}

function metricRow(name, key, fresh, current) {
  const a = fresh ? fresh[key] : null;
  const b = current ? current[key] : null;
  const delta = a != null && b != null ? a - b : null;
  return el('tr', {}, el('td', {}, name), el('td', { class: 'num' }, pct(a)), el('td', { class: 'num' }, pct(b)),
    el('td', { class: 'num ' + (delta > 0 ? 'ok' : delta < 0 ? 'error' : '') }, delta == null ? '–' : (delta >= 0 ? '+' : '') + (100 * delta).toFixed(1)));
}

function showResult(data) {
  $('#train-running').classList.add('hidden');
  $('#train-start').disabled = false;
  const box = $('#train-result');
  box.classList.remove('hidden');
  if (data.error) {
    box.replaceChildren(el('h2', {}, 'Training failed'), el('p', { class: 'error', id: 'train-error' }, data.message));
    return;
  }
  const promote = el('button', { class: 'primary', type: 'button', id: 'train-promote' }, 'Promote ' + data.version);
  promote.addEventListener('click', () => busy(promote, async () => {
    await api('/models/' + encodeURIComponent(data.version) + '/promote', { method: 'POST' });
    toast(data.version + ' is now the current model');
    promote.replaceWith(el('p', { class: 'ok', id: 'train-promoted' }, data.version + ' is live.'));
    discard.remove();
  }));
  const discard = el('button', { class: 'danger', type: 'button', id: 'train-discard' }, 'Discard');
  discard.addEventListener('click', () => busy(discard, async () => {
    await api('/models/' + encodeURIComponent(data.version), { method: 'DELETE' });
    toast('Discarded ' + data.version);
    box.classList.add('hidden');
  }));
  const current = data.current_on_same_images;
  box.replaceChildren(
    el('h2', {}, 'Result: ', data.version),
    el('p', { class: 'muted' }, `${data.metrics.held_out_rows} held-out images.`,
      data.current_version ? ` Compared with ${data.current_version} on the same images.` : ' There is no current model to compare with.'),
    el('div', { class: 'scroll' }, el('table', { id: 'train-compare' },
      el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', { class: 'num' }, 'New'), el('th', { class: 'num' }, 'Current'), el('th', { class: 'num' }, 'Δ'))),
      el('tbody', {}, metricRow('Accuracy', 'accuracy', data.metrics, current),
        metricRow('Macro F1', 'macro_f1', data.metrics, current),
        metricRow('Mean AP', 'mean_average_precision', data.metrics, current)))),
    el('div', { class: 'row' }, promote, discard,
      el('a', { class: 'button', href: 'evaluate.html?version=' + encodeURIComponent(data.version) }, 'Evaluate')));
}

function listen() {
  if (events) return;
  events = new EventSource('/api/v1/train/events');
  events.addEventListener('state', (e) => {
    const data = JSON.parse(e.data);
    if (data.running) showProgress(data);
  });
  events.addEventListener('progress', (e) => showProgress(JSON.parse(e.data)));
  events.addEventListener('result', (e) => showResult(JSON.parse(e.data)));
  events.addEventListener('failed', (e) => showResult(JSON.parse(e.data)));
}

async function main() {
  await boot();
  const start = el('button', { class: 'primary', type: 'button', id: 'train-start' }, 'Start training');
  start.addEventListener('click', () => busy(start, async () => {
    listen();
    $('#train-result').classList.add('hidden');
    await api('/train', { method: 'POST' });
    showProgress({ phase: null, done: 0, total: 0 });
  }));
  const { labels, inbox } = await api('/labels');
  page('Train',
    el('section', { class: 'card' },
      el('p', {}, `${labels.reduce((n, l) => n + l.images, 0)} labelled images in ${labels.length} labels`,
        inbox ? `; ${inbox} unsure frames wait in the inbox.` : '.'),
      el('p', { class: 'muted' }, 'Training runs on the device at low priority; the cameras keep running. The new model is kept but not used until you promote it.'),
      start,
      el('div', { class: 'hidden', id: 'train-running' }, el('p', { id: 'train-phase' }),
        el('progress', { id: 'train-progress', value: 0, max: 1 }))),
    el('section', { class: 'card hidden', id: 'train-result' }));
  listen();
}

main();
