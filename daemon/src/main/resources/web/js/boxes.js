// Boxes for custom object detection: choose a photo (or a kept one), drag rectangles on it, give each a label, save.
// The server keeps the photo and stores each box as a labelled crop plus background crops as None (docs/detection.md).
import { api, el, $, boot, page, busy, toast } from './api.js';

const MIN_PIXELS = 8; // the server refuses smaller boxes
const photoUrl = (id) => '/api/v1/detection/photos/' + encodeURIComponent(id);

const state = { blob: null, name: null, url: null, boxes: [], draft: null, kept: null }; // kept: the id of an opened kept photo

const round = (x) => Math.round(x * 10000) / 10000;

function drawBoxes(frame, img) {
  frame.querySelectorAll('.zone').forEach((z) => z.remove());
  const put = (b, cls, text) => {
    const box = el('div', { class: cls }, el('span', { class: 'tag' }, text));
    box.style.left = 100 * b.left + '%';
    box.style.top = 100 * b.top + '%';
    box.style.width = 100 * b.width + '%';
    box.style.height = 100 * b.height + '%';
    frame.append(box);
  };
  state.boxes.forEach((b, i) => put(b, 'zone', `${i + 1} ${b.label}`));
  if (state.draft) put(state.draft, 'zone draft', 'new');
}

// Pointer drag on the photo, as on the zones page, but in fractions of the photo's sides.
function drawing(frame, img, currentLabel, onChange) {
  let start = null;
  const point = (e) => {
    const r = img.getBoundingClientRect();
    return [Math.max(0, Math.min(1, (e.clientX - r.left) / r.width)), Math.max(0, Math.min(1, (e.clientY - r.top) / r.height))];
  };
  frame.addEventListener('pointerdown', (e) => {
    if (!state.blob) return;
    start = point(e);
    frame.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  frame.addEventListener('pointermove', (e) => {
    if (!start) return;
    const [x, y] = point(e);
    state.draft = { left: Math.min(x, start[0]), top: Math.min(y, start[1]), width: Math.abs(x - start[0]), height: Math.abs(y - start[1]) };
    drawBoxes(frame, img);
  });
  const finish = () => {
    const d = state.draft;
    start = null;
    state.draft = null;
    if (d && d.width * img.naturalWidth >= MIN_PIXELS && d.height * img.naturalHeight >= MIN_PIXELS) {
      const label = currentLabel();
      if (!label) {
        toast('Choose or type a label first', true);
      } else if (state.boxes.length >= 50) {
        toast('At most 50 boxes per photo', true);
      } else {
        state.boxes.push({ label, left: round(d.left), top: round(d.top), width: round(d.width), height: round(d.height) });
      }
    }
    onChange();
  };
  frame.addEventListener('pointerup', finish);
  frame.addEventListener('pointercancel', finish);
}

function boxList(onChange) {
  if (!state.boxes.length) return el('p', { class: 'muted' }, state.blob ? 'No boxes yet: drag on the photo to draw one.' : 'Choose a photo first.');
  return el('ol', {}, state.boxes.map((b, i) => el('li', {},
    el('div', { class: 'row' },
      el('b', {}, b.label),
      el('span', { class: 'muted' }, `${Math.round(100 * b.width)}% × ${Math.round(100 * b.height)}% at ${Math.round(100 * b.left)}%, ${Math.round(100 * b.top)}%`),
      el('button', { type: 'button', class: 'danger', 'aria-label': `Remove box ${i + 1}`, onclick: () => { state.boxes.splice(i, 1); onChange(); } }, 'Remove')))));
}

async function main() {
  await boot();
  const { labels } = await api('/labels');
  const names = labels.map((l) => l.name).filter((n) => n !== 'None');

  const file = el('input', { type: 'file', accept: 'image/*', id: 'boxes-file', 'aria-label': 'Photo' });
  const select = el('select', { id: 'boxes-label', 'aria-label': 'Label' },
    el('option', { value: '' }, names.length ? '(choose a label)' : '(no labels yet)'), names.map((n) => el('option', { value: n }, n)));
  const typed = el('input', { id: 'boxes-new-label', placeholder: 'or a new label', pattern: '[A-Za-z0-9_]{1,32}', maxlength: 32,
    'aria-label': 'New label', autocomplete: 'off' });
  const currentLabel = () => typed.value.trim() || select.value;
  const img = el('img', { alt: 'Photo to draw boxes on', id: 'boxes-photo', draggable: 'false' });
  const frame = el('div', { class: 'frame hidden', id: 'boxes-frame' }, img);
  const list = el('div', { id: 'boxes-list' });
  const save = el('button', { class: 'primary', type: 'button', id: 'boxes-save', disabled: true }, 'Save boxes');
  const result = el('p', { id: 'boxes-result', role: 'status' });
  const kept = el('div', { class: 'thumbs', id: 'boxes-kept' });

  const changed = () => {
    drawBoxes(frame, img);
    list.replaceChildren(boxList(changed));
    save.disabled = !state.blob || !state.boxes.length;
  };
  const show = (blob, name, boxes, kept = null) => {
    state.kept = kept;
    if (state.url) URL.revokeObjectURL(state.url);
    state.blob = blob;
    state.name = name;
    state.url = URL.createObjectURL(blob);
    state.boxes = boxes.map((b) => ({ ...b }));
    result.textContent = '';
    img.src = state.url;
    frame.classList.remove('hidden');
    changed();
  };
  img.addEventListener('load', changed);
  file.addEventListener('change', () => { if (file.files[0]) show(file.files[0], file.files[0].name, []); });
  drawing(frame, img, currentLabel, changed);
  changed();

  const refreshKept = async () => {
    const { photos } = await api('/detection/photos');
    kept.replaceChildren(...(photos.length ? photos.map((p) => {
      const open = el('button', { type: 'button', 'aria-label': `Open photo with ${p.boxes.length} boxes` }, 'Open');
      open.addEventListener('click', () => busy(open, async () => {
        const response = await api('/detection/photos/' + p.id, { raw: true });
        if (!response.ok) throw new Error('could not load the photo (HTTP ' + response.status + ')');
        show(await response.blob(), `kept ${p.id.slice(0, 8)}.${p.format}`, p.boxes, p.id);
        frame.scrollIntoView({ block: 'nearest' });
      }));
      return el('div', { class: 'thumb' }, el('img', { src: photoUrl(p.id), alt: 'Kept photo', loading: 'lazy' }),
        el('div', { class: 'meta' }, el('span', {}, `${p.boxes.length} box${p.boxes.length === 1 ? '' : 'es'}: `
          + [...new Set(p.boxes.map((b) => b.label))].join(', ')), open));
    }) : [el('p', { class: 'muted' }, 'No photos with boxes yet.')]));
  };

  save.addEventListener('click', () => busy(save, async () => {
    let answer;
    if (state.kept) {
      answer = await api(`/detection/photos/${state.kept}/boxes`, { method: 'PUT', json: { boxes: state.boxes } });
    } else {
      const body = new FormData();
      body.append('photo', state.blob, state.name || 'photo');
      body.append('boxes', JSON.stringify(state.boxes));
      answer = await api('/detection/photos', { method: 'POST', body });
      state.kept = answer.photo;
    }
    result.textContent = `Saved: ${answer.box_crops} box crop${answer.box_crops === 1 ? '' : 's'} and ${answer.background_crops}`
      + ` background crop${answer.background_crops === 1 ? '' : 's'} (None) added`
      + (answer.removed_crops ? `, ${answer.removed_crops} earlier crops removed` : '') + '. Train to use them.';
    toast('Boxes saved');
    await refreshKept();
  }));

  page('Boxes for detection',
    el('section', { class: 'card' }, el('h2', {}, 'Draw boxes'),
      el('p', { class: 'muted' }, 'Choose a photo, pick a label, then drag on the photo to draw a box around each object. '
        + 'Each box becomes a training image for its label; background patches become None.'),
      el('div', { class: 'row' }, el('div', { class: 'grow' }, file)),
      el('div', { class: 'row' }, select, el('div', { class: 'grow' }, typed)),
      frame, list, el('div', { class: 'row' }, save), result),
    el('section', { class: 'card' }, el('h2', {}, 'Kept photos'),
      el('p', { class: 'muted' }, 'Open one to change its boxes; saving replaces its crops.'), kept));
  await refreshKept();
}

main();
