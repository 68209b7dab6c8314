// Models: every version with its metrics and date; promote, roll back, export (zip with ONNX), import, delete.
import { api, el, $, boot, page, busy, toast, ask, pct } from './api.js';

function row(model) {
  const v = encodeURIComponent(model.version);
  const promote = el('button', { type: 'button', class: 'primary', disabled: model.current }, 'Promote');
  promote.addEventListener('click', () => busy(promote, async () => {
    await api(`/models/${v}/promote`, { method: 'POST' });
    toast(model.version + ' is now current');
    await load();
  }));
  const remove = el('button', { type: 'button', class: 'danger', disabled: model.current }, 'Delete');
  remove.addEventListener('click', async () => {
    const { ok } = await ask(`Delete ${model.version}?`, el('p', {}, 'Its files are removed; this cannot be undone.'), 'Delete', true);
    if (ok) await busy(remove, async () => { await api(`/models/${v}`, { method: 'DELETE' }); await load(); });
  });
  return el('tr', { dataset: { version: model.version } },
    el('td', {}, el('b', {}, model.version), ' ', model.current ? el('span', { class: 'pill current' }, 'current') : null,
      el('div', { class: 'muted' }, (model.created_time || '').replace('T', ' ').replace(/\..*|Z$/, ''))),
    el('td', { class: 'num' }, pct(model.accuracy)), el('td', { class: 'num' }, pct(model.macro_f1)),
    el('td', { class: 'num' }, pct(model.mean_average_precision)),
    el('td', {}, el('div', { class: 'row' }, promote,
      el('a', { class: 'button', href: `evaluate.html?version=${v}` }, 'Evaluate'),
      el('a', { class: 'button', href: `/api/v1/models/${v}/export`, download: `magpie-model-${model.version}.zip` }, 'Export'),
      remove)));
}

async function load() {
  const { models } = await api('/models');
  const list = models.slice().reverse();
  $('#model-rows').replaceChildren(...(list.length ? list.map(row)
    : [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No model yet: label images, then train.'))]));
  $('#rollback').disabled = models.length < 2;
}

async function main() {
  await boot();
  const rollback = el('button', { type: 'button', id: 'rollback' }, 'Roll back to the previous');
  rollback.addEventListener('click', () => busy(rollback, async () => {
    const answer = await api('/models/rollback', { method: 'POST' });
    toast('Rolled back to ' + answer.current);
    await load();
  }));
  const file = el('input', { type: 'file', accept: '.zip', id: 'import-file' });
  file.addEventListener('change', () => busy(file, async () => {
    if (!file.files[0]) return;
    const answer = await api('/models/import', { method: 'POST', body: file.files[0], headers: { 'Content-Type': 'application/zip' } });
    toast('Imported ' + answer.version);
    file.value = '';
    await load();
  }));
  page('Models',
    el('section', { class: 'card' }, el('div', { class: 'scroll' }, el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Version'), el('th', { class: 'num' }, 'Accuracy'), el('th', { class: 'num' }, 'Macro F1'),
        el('th', { class: 'num' }, 'Mean AP'), el('th', {}, ''))),
      el('tbody', { id: 'model-rows' })))),
    el('section', { class: 'card row' }, rollback,
      el('label', { class: 'field grow' }, 'Import a model zip (made by Export or magpie models export)', file)));
  await load();
}

main();
