// Labels and data: counts with progress toward 15 (Lobe's 10-20) and 100 (AutoML's "preferably"), add, rename,
// delete; capture from the camera; upload by drag and drop; browse, relabel and delete images; health warnings.
import { api, el, $, boot, page, busy, toast, ask, bar, imageUrl, refreshInboxBadge } from './api.js';

const FIRST_GOAL = 15;
const GOOD_GOAL = 100;
let labels = [];
let browsing = null;

function warnings(list) {
  const out = [];
  if (list.length < 2) out.push('Add at least two labels; a model needs something to tell apart.');
  for (const l of list) {
    if (l.images < 10) out.push(`"${l.name}" has ${l.images} images; give it at least 10 (15-20 is better).`);
  }
  const counts = list.map((l) => l.images).filter((n) => n > 0);
  if (counts.length > 1 && Math.max(...counts) > 3 * Math.min(...counts)) {
    out.push('Labels are unbalanced (the largest has over 3× the smallest); add images to the small ones.');
  }
  if (list.length && !list.some((l) => l.name.toLowerCase() === 'none')) {
    out.push('No "None" label: add one with frames where nothing of interest shows, so the model can say so.');
  }
  return out;
}

function labelRow(label) {
  const rename = el('button', { type: 'button', onclick: () => renameLabel(label.name) }, 'Rename');
  const remove = el('button', { type: 'button', class: 'danger', onclick: () => deleteLabel(label) }, 'Delete');
  const browse = el('button', { type: 'button', onclick: () => browseLabel(label.name) }, 'Images');
  return el('div', { class: 'label-row', dataset: { label: label.name } },
    el('div', {}, el('span', { class: 'name' }, label.name), ' ', el('span', { class: 'muted count' }, label.images + ' images')),
    el('div', { class: 'actions' }, browse, rename, remove),
    el('div', { class: 'bars' },
      el('div', {}, el('span', { class: 'muted' }, `to ${FIRST_GOAL}`), bar(label.images, FIRST_GOAL)),
      el('div', {}, el('span', { class: 'muted' }, `to ${GOOD_GOAL}`), bar(label.images, GOOD_GOAL))));
}

async function load() {
  const answer = await api('/labels');
  labels = answer.labels;
  refreshInboxBadge(answer.inbox);
  $('#label-list').replaceChildren(...(labels.length ? labels.map(labelRow) : [el('p', { class: 'muted' }, 'No labels yet.')]));
  const notes = warnings(labels);
  $('#health').replaceChildren(...notes.map((n) => el('li', { class: 'warn' }, n)));
  $('#health-card').classList.toggle('hidden', notes.length === 0);
  for (const select of document.querySelectorAll('select.label-choice')) {
    const keep = select.value;
    select.replaceChildren(...labels.map((l) => el('option', { value: l.name }, l.name)));
    if (labels.some((l) => l.name === keep)) select.value = keep;
  }
  if (browsing) browseLabel(browsing);
}

async function renameLabel(name) {
  const input = el('input', { name: 'name', value: name, required: true });
  const { ok } = await ask(`Rename "${name}"`, el('label', { class: 'field' }, 'New name (its images move with it)', input), 'Rename');
  if (!ok || input.value === name) return;
  await busy(null, async () => {
    await api('/labels/' + encodeURIComponent(name), { method: 'PUT', json: { name: input.value } });
    if (browsing === name) browsing = input.value;
    toast('Renamed to ' + input.value);
    await load();
  });
}

async function deleteLabel(label) {
  const move = el('input', { type: 'checkbox', name: 'move', checked: true, id: 'move-to-inbox' });
  const { ok } = await ask(`Delete "${label.name}"?`, el('div', {},
    el('p', {}, `It has ${label.images} images.`),
    el('label', { class: 'row' }, move, 'Move its images to the inbox instead of deleting them')), 'Delete', true);
  if (!ok) return;
  await busy(null, async () => {
    const answer = await api('/labels/' + encodeURIComponent(label.name) + '?move_to_inbox=' + move.checked, { method: 'DELETE' });
    toast(move.checked ? `Moved ${answer.images_moved_to_inbox} images to the inbox` : `Deleted ${answer.images_deleted} images`);
    if (browsing === label.name) browsing = null;
    await load();
  });
}

async function browseLabel(name) {
  browsing = name;
  const answer = await api('/labels/' + encodeURIComponent(name) + '/images?limit=200');
  const thumbs = answer.images.map((image) => {
    const select = el('select', { 'aria-label': 'Label of image' },
      labels.map((l) => el('option', { value: l.name, selected: l.name === name }, l.name)),
      el('option', { value: '' }, '→ inbox'));
    select.addEventListener('change', () => busy(select, async () => {
      await api('/images/' + image.id, { method: 'PUT', json: { label: select.value || null } });
      toast('Moved to ' + (select.value || 'the inbox'));
      await load();
    }));
    const remove = el('button', { type: 'button', class: 'danger' }, 'Delete');
    remove.addEventListener('click', () => busy(remove, async () => {
      await api('/images/' + image.id, { method: 'DELETE' });
      await load();
    }));
    return el('div', { class: 'thumb' }, el('img', { src: imageUrl(image.id), loading: 'lazy', alt: image.source }),
      el('div', { class: 'meta' }, el('span', { class: 'muted' }, image.split), select, remove));
  });
  $('#browser').replaceChildren(
    el('div', { class: 'row' }, el('h2', { class: 'grow' }, `${name}: ${answer.total} images`),
      el('button', { type: 'button', onclick: () => { browsing = null; $('#browser').replaceChildren(); } }, 'Close')),
    thumbs.length ? el('div', { class: 'thumbs' }, thumbs) : el('p', { class: 'muted' }, 'No images yet.'));
  $('#browser').classList.remove('hidden');
}

function addForm() {
  const input = el('input', { name: 'name', id: 'new-label', placeholder: 'e.g. bird, empty, None', required: true,
    pattern: '[A-Za-z0-9_]{1,32}', title: '1-32 letters, digits or _' });
  const form = el('form', { class: 'row' }, el('div', { class: 'grow' }, input),
    el('button', { class: 'primary', type: 'submit', id: 'add-label' }, 'Add label'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form.querySelector('button'), async () => {
      await api('/labels', { method: 'POST', json: { name: input.value.trim() } });
      toast('Added ' + input.value);
      input.value = '';
      await load();
    });
  });
  return form;
}

function captureCard() {
  const label = el('select', { class: 'label-choice', id: 'capture-label', 'aria-label': 'Label for captured frames' });
  const burst = el('select', { id: 'capture-burst', 'aria-label': 'How many frames' },
    [1, 5, 10].map((n) => el('option', { value: n }, n === 1 ? 'one frame' : `burst of ${n}`)));
  const button = el('button', { class: 'primary', type: 'button', id: 'capture' }, 'Capture');
  const result = el('p', { class: 'muted', id: 'capture-result' });
  button.addEventListener('click', () => busy(button, async () => {
    if (!label.value) { toast('Add a label first', true); return; }
    const answer = await api('/capture', { method: 'POST', json: { label: label.value, burst: Number(burst.value) } });
    result.textContent = `Stored ${answer.stored.length} frame(s) under ${answer.label}.`;
    await load();
  }));
  return el('section', { class: 'card' }, el('h2', {}, 'Capture from the camera'),
    el('div', { class: 'row' }, label, burst, button), result);
}

function uploadCard() {
  const label = el('select', { class: 'label-choice', id: 'upload-label', 'aria-label': 'Label for uploaded images' });
  const input = el('input', { type: 'file', multiple: true, accept: 'image/*,.zip', id: 'upload-files' });
  const drop = el('div', { class: 'drop', id: 'drop' }, 'Drop images or a zip of label folders here, or ', input);
  const results = el('div', { class: 'results', id: 'upload-results' });
  const send = async (files) => {
    const rows = [];
    for (const file of files) {
      const zip = file.name.toLowerCase().endsWith('.zip');
      try {
        let answer;
        if (zip) {
          answer = await api('/images', { method: 'POST', body: file, headers: { 'Content-Type': 'application/zip' } });
        } else {
          if (!label.value) throw new Error('pick a label for single images');
          const form = new FormData();
          form.append('files', file, file.name);
          answer = await api('/images?label=' + encodeURIComponent(label.value), { method: 'POST', body: form });
        }
        for (const r of answer.results) {
          rows.push([zip ? file.name + ' › ' + r.name : file.name, r.status, r.message || '']);
        }
      } catch (e) {
        rows.push([file.name, 'failed', e.message]);
      }
    }
    results.replaceChildren(el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'File'), el('th', {}, 'Result'), el('th', {}, 'Note'))),
      el('tbody', {}, rows.map(([name, status, note]) => el('tr', {}, el('td', {}, name),
        el('td', { class: status === 'added' ? 'ok' : status === 'duplicate' ? 'warn' : 'error' }, status), el('td', { class: 'muted' }, note))))));
    const added = rows.filter((r) => r[1] === 'added').length;
    toast(`${added} of ${rows.length} added`);
    await load();
  };
  input.addEventListener('change', () => send([...input.files]).then(() => { input.value = ''; }));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); send([...e.dataTransfer.files]); });
  return el('section', { class: 'card' }, el('h2', {}, 'Upload'),
    el('label', { class: 'field' }, 'Label for single images (a zip names labels by its folders)', label), drop, results);
}

async function main() {
  await boot();
  page('Labels and data',
    el('section', { class: 'card hidden', id: 'health-card' }, el('h2', {}, 'Dataset health'), el('ul', { id: 'health' })),
    el('div', { class: 'grid2' },
      el('section', { class: 'card' }, el('h2', {}, 'Labels'), addForm(), el('div', { id: 'label-list' })),
      el('div', {}, captureCard(), uploadCard())),
    el('section', { class: 'card hidden', id: 'browser' }));
  await load();
}

main();
