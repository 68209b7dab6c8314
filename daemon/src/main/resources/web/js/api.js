// Shared by every page: the API client (session cookie + X-CSRF-Token), the nav, and small DOM helpers.

const PAGES = [
  ['index.html', 'Live'], ['labels.html', 'Labels'], ['inbox.html', 'Inbox'], ['train.html', 'Train'],
  ['evaluate.html', 'Evaluate'], ['models.html', 'Models'], ['zones.html', 'Zones'], ['boxes.html', 'Boxes'],
  ['settings.html', 'Settings'],
];

let csrf = sessionStorage.getItem('magpie-csrf');

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.error;
  }
}

/** Calls the API; JSON bodies by default, raw Blob/FormData as given. 401 goes to the login page. */
export async function api(path, { method = 'GET', json, body, headers = {}, raw = false } = {}) {
  const init = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  if (method !== 'GET' && csrf) init.headers['X-CSRF-Token'] = csrf;
  const response = await fetch('/api/v1' + path, init);
  if (response.status === 401 && !path.startsWith('/login') && !path.startsWith('/setup')) {
    location.href = 'login.html?next=' + encodeURIComponent(location.pathname.replace(/^\//, '') + location.search);
    return new Promise(() => {}); // the page is going away
  }
  if (raw) return response;
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export function rememberCsrf(token) {
  csrf = token;
  sessionStorage.setItem('magpie-csrf', token);
}

/** Creates an element: el('a', {href: 'x', class: 'y', onclick: fn}, 'text', child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

export function toast(message, error = false) {
  let box = $('#toast');
  if (!box) {
    box = el('div', { id: 'toast', role: 'status' });
    document.body.append(box);
  }
  box.textContent = message;
  box.className = error ? 'error' : '';
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, error ? 6000 : 3000);
}

/** Runs an async action from a button: disables it meanwhile and reports failure. */
export async function busy(button, action) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (e) {
    if (e.status !== 401) toast(e.message, true);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

export const pct = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–' : (100 * x).toFixed(1) + '%');
export const imageUrl = (id) => '/api/v1/images/' + encodeURIComponent(id);

/** A progress bar toward target; 'low' below it. */
export function bar(value, target) {
  const fill = el('i');
  fill.style.width = Math.min(100, (100 * value) / target) + '%';
  return el('div', { class: 'bar ' + (value >= target ? 'ok' : 'low'), role: 'progressbar',
    'aria-valuenow': value, 'aria-valuemax': target }, fill);
}

/** Checks the session (else to login), draws the header and nav; resolves with the session. */
export async function boot() {
  const session = await api('/session');
  if (session.csrf_token) rememberCsrf(session.csrf_token);
  const here = location.pathname.split('/').pop() || 'index.html';
  const nav = el('nav', { class: 'pages', 'aria-label': 'Pages' },
    PAGES.map(([href, name]) => el('a', { href, 'aria-current': href === here ? 'page' : null, id: 'nav-' + href.split('.')[0] },
      name)));
  const logout = el('button', { type: 'button', onclick: async () => {
    await api('/logout', { method: 'POST' }).catch(() => {});
    sessionStorage.removeItem('magpie-csrf');
    location.href = 'login.html';
  } }, 'Log out');
  const header = el('header', { class: 'top' },
    el('div', { class: 'topbar' }, el('a', { class: 'brand', href: 'index.html' }, 'Magpie'), logout), nav);
  document.body.prepend(header);
  refreshInboxBadge();
  return session;
}

/** The inbox count beside "Inbox" in the nav. */
export async function refreshInboxBadge(count) {
  if (count === undefined) {
    try { count = (await api('/labels')).inbox; } catch { return; }
  }
  const link = $('#nav-inbox');
  if (!link) return;
  link.textContent = 'Inbox';
  if (count > 0) link.append(el('span', { class: 'badge', 'aria-label': count + ' unsure' }, count));
}

/** Opens a modal dialog; resolves with the button value pressed ('ok' or 'cancel') and the form. */
export function ask(title, body, okText = 'OK', danger = false) {
  return new Promise((resolve) => {
    const form = el('form', { method: 'dialog' },
      el('h2', {}, title), body,
      el('div', { class: 'row' },
        el('button', { value: 'cancel', type: 'submit' }, 'Cancel'),
        el('button', { value: 'ok', type: 'submit', class: danger ? 'danger' : 'primary' }, okText)));
    const dialog = el('dialog', {}, form);
    document.body.append(dialog);
    dialog.addEventListener('close', () => {
      resolve({ ok: dialog.returnValue === 'ok', form });
      dialog.remove();
    });
    dialog.showModal();
  });
}

export function page(title, ...content) {
  const main = $('main');
  main.replaceChildren(el('h1', {}, title), ...content);
  return main;
}
