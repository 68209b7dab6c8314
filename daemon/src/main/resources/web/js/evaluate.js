// Evaluate a model version: per-label precision/recall/F1/AP, the confusion matrix (a cell shows its images), and
// a threshold slider that reads precision and recall off each label's stored curve, then saves to a zone's rules.
import { api, el, $, boot, page, busy, toast, pct, imageUrl } from './api.js';

let metrics = null;
let version = null;

/** Precision and recall at t, as Metrics.PrecisionRecallCurve.at: the first point with threshold >= t. */
export function curveAt(curve, t) {
  for (let k = 0; k < curve.threshold.length; k++) {
    if (curve.threshold[k] >= t) return { precision: curve.precision[k], recall: curve.recall[k] };
  }
  return { precision: 1, recall: 0 };
}

const f1 = (p, r) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function perLabelTable() {
  return el('div', { class: 'scroll' }, el('table', { id: 'per-label' },
    el('thead', {}, el('tr', {}, ['Label', 'Images', 'Precision', 'Recall', 'F1', 'AP'].map((h, i) => el('th', { class: i ? 'num' : '' }, h)))),
    el('tbody', {}, metrics.per_label.map((m) => el('tr', {}, el('td', {}, m.label), el('td', { class: 'num' }, m.support),
      el('td', { class: 'num' }, pct(m.precision)), el('td', { class: 'num' }, pct(m.recall)),
      el('td', { class: 'num' }, pct(m.f1)), el('td', { class: 'num' }, pct(m.average_precision)))))));
}

function matrix() {
  const labels = metrics.labels;
  const head = el('tr', {}, el('th', {}, 'true ↓ / predicted →'), labels.map((l) => el('th', {}, l)));
  const rows = metrics.confusion_matrix.map((row, i) => el('tr', {}, el('th', {}, labels[i]), row.map((n, j) => {
    const cell = el('td', { class: n === 0 ? 'zero' : i === j ? 'diag' : 'off', title: `${labels[i]} seen as ${labels[j]}` }, n);
    if (n > 0) cell.addEventListener('click', () => cellImages(labels[i], labels[j]));
    return cell;
  })));
  return el('div', { class: 'scroll' }, el('table', { class: 'matrix', id: 'confusion' }, el('thead', {}, head), el('tbody', {}, rows)));
}

async function cellImages(truth, predicted) {
  const box = $('#cell-images');
  box.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  await busy(null, async () => {
    const answer = await api(`/models/${encodeURIComponent(version)}/confusion?true=${encodeURIComponent(truth)}&predicted=${encodeURIComponent(predicted)}`);
    box.replaceChildren(el('h2', {}, `${truth} seen as ${predicted}: ${answer.images.length}`),
      el('div', { class: 'thumbs' }, answer.images.map((i) => el('div', { class: 'thumb' },
        el('img', { src: imageUrl(i.id), alt: truth, loading: 'lazy' }),
        el('div', { class: 'meta muted' }, pct(i.probability))))));
  });
}

function thresholdCard(zones) {
  const which = el('select', { id: 'threshold-label', 'aria-label': 'Label' },
    metrics.per_label.map((m) => el('option', { value: m.label }, m.label)));
  const slider = el('input', { type: 'range', min: 0, max: 1, step: 0.01, id: 'threshold', 'aria-label': 'Threshold' });
  const shown = el('span', { class: 'big', id: 'threshold-value' });
  const p = el('div', { class: 'big', id: 'threshold-precision' });
  const r = el('div', { class: 'big', id: 'threshold-recall' });
  const f = el('div', { class: 'big', id: 'threshold-f1' });
  const update = () => {
    const m = metrics.per_label.find((x) => x.label === which.value);
    const t = Number(slider.value);
    const point = curveAt(m.curve, t);
    shown.textContent = t.toFixed(2);
    p.textContent = pct(point.precision);
    r.textContent = pct(point.recall);
    f.textContent = pct(f1(point.precision, point.recall));
  };
  const suggest = () => {
    const m = metrics.per_label.find((x) => x.label === which.value);
    slider.value = m.suggested_threshold ?? metrics.threshold;
    update();
  };
  which.addEventListener('change', suggest);
  slider.addEventListener('input', update);
  const zone = el('select', { id: 'threshold-zone', 'aria-label': 'Zone' }, zones.map((z) => el('option', { value: z.name }, z.name)));
  const save = el('button', { class: 'primary', type: 'button', id: 'threshold-save', disabled: zones.length === 0 }, 'Save to zone rules');
  save.addEventListener('click', () => busy(save, async () => {
    await api(`/zones/${encodeURIComponent(zone.value)}/thresholds`, { method: 'PUT',
      json: { label: which.value, threshold: Number(slider.value) } });
    toast(`${zone.value}: ${which.value} fires at ${Number(slider.value).toFixed(2)}`);
  }));
  queueMicrotask(suggest);
  return el('section', { class: 'card' }, el('h2', {}, 'Threshold'),
    el('p', { class: 'muted' }, 'A frame counts as a label when its score reaches the threshold. Higher: fewer false alarms, more misses.'),
    el('div', { class: 'row' }, which, el('span', {}, 'at '), shown), slider,
    el('div', { class: 'kpis' }, el('div', {}, el('div', { class: 'muted' }, 'Precision'), p),
      el('div', {}, el('div', { class: 'muted' }, 'Recall'), r), el('div', {}, el('div', { class: 'muted' }, 'F1'), f)),
    el('div', { class: 'row' }, zones.length ? zone : el('span', { class: 'muted' }, 'No zones configured.'), save));
}

async function show(chosen) {
  version = chosen;
  const answer = await api('/models/' + encodeURIComponent(version) + '/metrics');
  metrics = answer.metrics;
  const zones = (await api('/live/zones').catch(() => ({ zones: [] }))).zones;
  $('#eval-body').replaceChildren(
    el('section', { class: 'card kpis' },
      el('div', {}, el('div', { class: 'muted' }, 'Accuracy'), el('div', { class: 'big', id: 'eval-accuracy' }, pct(metrics.accuracy))),
      el('div', {}, el('div', { class: 'muted' }, 'Macro F1'), el('div', { class: 'big' }, pct(metrics.macro_f1))),
      el('div', {}, el('div', { class: 'muted' }, 'Mean AP'), el('div', { class: 'big' }, pct(metrics.mean_average_precision)))),
    thresholdCard(zones),
    el('div', { class: 'grid2' },
      el('section', { class: 'card' }, el('h2', {}, `Per label (at ${metrics.threshold.toFixed(2)}, ${metrics.held_out_rows} held-out images)`), perLabelTable()),
      el('section', { class: 'card' }, el('h2', {}, 'Confusion matrix'), el('p', { class: 'muted' }, 'Tap a cell to see its images.'), matrix(),
        el('div', { id: 'cell-images' }))));
}

async function main() {
  await boot();
  const { models } = await api('/models');
  if (!models.length) {
    page('Evaluate', el('section', { class: 'card' }, el('p', {}, 'No model yet. '), el('a', { href: 'train.html' }, 'Train one.')));
    return;
  }
  const wanted = new URLSearchParams(location.search).get('version');
  const current = models.find((m) => m.current) || models[models.length - 1];
  const select = el('select', { id: 'eval-version', 'aria-label': 'Model version' },
    models.map((m) => el('option', { value: m.version }, m.version + (m.current ? ' (current)' : ''))));
  select.value = models.some((m) => m.version === wanted) ? wanted : current.version;
  select.addEventListener('change', () => show(select.value));
  page('Evaluate', el('div', { class: 'row card' }, el('span', {}, 'Model'), select), el('div', { id: 'eval-body' }));
  await show(select.value);
}

main();
