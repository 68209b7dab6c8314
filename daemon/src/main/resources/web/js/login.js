// Log in, or on first start set the admin password (there is never a default one).
import { api, el, $, rememberCsrf } from './api.js';

const next = new URLSearchParams(location.search).get('next');
const target = next && /^[a-z]+\.html(\?[^/]*)?$/.test(next) ? next : 'index.html';

async function show() {
  const { password_set: isSet } = await api('/setup');
  const message = el('p', { class: 'error', role: 'alert', id: 'login-error' });
  const password = el('input', { type: 'password', name: 'password', id: 'password', required: true,
    autocomplete: isSet ? 'current-password' : 'new-password', minlength: isSet ? null : 8 });
  const confirm = el('input', { type: 'password', name: 'confirm', id: 'confirm', required: true,
    autocomplete: 'new-password', minlength: 8 });
  const form = el('form', { class: 'card' },
    el('h1', {}, isSet ? 'Log in to Magpie' : 'Welcome to Magpie'),
    isSet ? null : el('p', { class: 'muted' }, 'Set the admin password for this device. You need it to log in from any browser.'),
    el('label', { class: 'field' }, isSet ? 'Password' : 'New admin password (at least 8 characters)', password),
    isSet ? null : el('label', { class: 'field' }, 'Repeat it', confirm),
    message,
    el('button', { class: 'primary', type: 'submit', id: 'login-submit' }, isSet ? 'Log in' : 'Set password and log in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    if (!isSet && password.value !== confirm.value) {
      message.textContent = 'The two passwords differ.';
      return;
    }
    try {
      const answer = await api(isSet ? '/login' : '/setup', { method: 'POST', json: { password: password.value } });
      rememberCsrf(answer.csrf_token);
      location.href = target;
    } catch (e) {
      message.textContent = e.message;
    }
  });
  const main = $('main');
  main.className = 'login';
  main.replaceChildren(form);
  password.focus();
}

show();
