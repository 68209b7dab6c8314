// Inbox: unsure frames, most uncertain first. Keys act on the focused item: 1-9 its label, n None, x discard,
// arrows / j k move, space selects. Selected items can be labelled together.
import { api, el, $, boot, page, busy, toast, pct, imageUrl, refreshInboxBadge } from './api.js';

let labels = [];
let items = [];
let total = 0;
let focus = 0;
const selected = new Set();

function card(item, index) {
  const scores = item.collected ? item.collected.scores.slice().sort((a, b) => b.probability - a.probability) : [];
  const check = el('input', { type: 'checkbox', 'aria-label': 'Select', checked: selected.has(item.id) });
  check.addEventListener('change', () => { toggle(item.id, check.checked); });
  const keys = labels.slice(0, 9).map((l, i) => el('button', { type: 'button', onclick: () => label([item.id], l) },
    el('kbd', {}, i + 1), l));
  keys.push(el('button', { type: 'button', onclick: () => label([item.id], 'None') }, el('kbd', {}, 'n'), 'None'));
  keys.push(el('button', { type: 'button', class: 'danger', onclick: () => label([item.id], null) }, el('kbd', {}, 'x'), 'Discard'));
  const node = el('article', { class: 'item' + (index === focus ? ' focus' : '') + (selected.has(item.id) ? ' selected' : ''),
    dataset: { id: item.id }, tabindex: 0 },
    el('img', { src: imageUrl(item.id), alt: 'Unsure frame', loading: 'lazy' }),
    el('div', { class: 'body' },
      el('div', { class: 'row' }, check, el('span', { class: 'muted grow' },
        item.collected ? `${item.collected.zone} · ${item.collected.reason}` : item.source)),
      scores.map((s) => {
        const b = el('div', { class: 'bar' }, el('i'));
        b.firstChild.style.width = 100 * s.probability + '%';
        return el('div', { class: 'score' }, el('span', {}, s.label), b, el('span', { class: 'num' }, pct(s.probability)));
      }),
      el('div', { class: 'keys' }, keys)));
  node.addEventListener('click', (e) => {
    if (e.target.closest('button,input')) return;
    focus = index;
    render();
  });
  return node;
}

function toggle(id, on) {
  if (on) selected.add(id); else selected.delete(id);
  render();
}

function render() {
  focus = Math.max(0, Math.min(focus, items.length - 1));
  $('#inbox-count').textContent = total === 1 ? '1 frame to label' : `${total} frames to label`;
  $('#inbox-list').replaceChildren(...(items.length ? items.map(card)
    : [el('p', { class: 'muted' }, 'Nothing to label. Unsure frames from the cameras and predictions land here.')]));
  const bulk = $('#bulk');
  bulk.classList.toggle('hidden', selected.size === 0);
  $('#bulk-count').textContent = `${selected.size} selected`;
}

async function ensureNone(name) {
  if (name === 'None' && !labels.includes('None')) {
    await api('/labels', { method: 'POST', json: { name: 'None' } }).catch((e) => { if (e.status !== 409) throw e; });
    labels.push('None');
  }
}

async function label(ids, name) {
  await busy(null, async () => {
    await ensureNone(name);
    const answer = await api('/inbox/label', { method: 'POST', json: { items: ids, label: name } });
    ids.forEach((id) => selected.delete(id));
    items = items.filter((i) => !ids.includes(i.id));
    total = answer.inbox;
    refreshInboxBadge(total);
    toast(name ? `${ids.length} → ${name}` : `${ids.length} discarded`);
    render();
    if (items.length < 5 && total > items.length) await load();
  });
}

async function load() {
  const [inbox, labelList] = await Promise.all([api('/inbox?limit=100'), api('/labels')]);
  labels = labelList.labels.map((l) => l.name).filter((n) => n !== 'None');
  items = inbox.items;
  total = inbox.total;
  refreshInboxBadge(total);
  $('#bulk-label').replaceChildren(...labels.concat('None').map((n) => el('option', { value: n }, n)));
  render();
}

function onKey(event) {
  if (event.target.closest('input,select,textarea,dialog') || event.ctrlKey || event.metaKey || event.altKey) return;
  const item = items[focus];
  if (!item) return;
  const k = event.key;
  if (k >= '1' && k <= '9' && labels[Number(k) - 1]) label([item.id], labels[Number(k) - 1]);
  else if (k === 'n') label([item.id], 'None');
  else if (k === 'x') label([item.id], null);
  else if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'j') { focus++; render(); }
  else if (k === 'ArrowLeft' || k === 'ArrowUp' || k === 'k') { focus--; render(); }
  else if (k === ' ') toggle(item.id, !selected.has(item.id));
  else return;
  event.preventDefault();
}

async function main() {
  await boot();
  const bulkLabel = el('select', { id: 'bulk-label', 'aria-label': 'Label for selected' });
  const apply = el('button', { class: 'primary', type: 'button', id: 'bulk-apply' }, 'Label selected');
  apply.addEventListener('click', () => label([...selected], bulkLabel.value));
  const discard = el('button', { class: 'danger', type: 'button' }, 'Discard selected');
  discard.addEventListener('click', () => label([...selected], null));
  const all = el('button', { type: 'button' }, 'Select all');
  all.addEventListener('click', () => { items.forEach((i) => selected.add(i.id)); render(); });
  page('Inbox',
    el('p', {}, el('b', { id: 'inbox-count' }), ' ', el('span', { class: 'muted' },
      'Most uncertain first. Keys: 1-9 label, n None, x discard, arrows move, space selects.')),
    el('div', { class: 'row' }, all),
    el('div', { class: 'inbox', id: 'inbox-list' }),
    el('div', { class: 'sticky-actions row hidden', id: 'bulk' }, el('b', { id: 'bulk-count' }), bulkLabel, apply, discard));
  document.addEventListener('keydown', onKey);
  await load();
}

main();
