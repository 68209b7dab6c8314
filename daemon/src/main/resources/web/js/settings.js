// Settings: MQTT (with "test connection"), cameras, retraining schedule, and API tokens for scripts.
import { api, el, $, boot, page, busy, toast, ask } from './api.js';

function kv(rows) {
  return el('table', {}, el('tbody', {}, rows.filter(Boolean).map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v ?? '–')))));
}

async function tokens() {
  const { tokens: list } = await api('/tokens');
  $('#token-rows').replaceChildren(...(list.length ? list.map((t) => {
    const revoke = el('button', { type: 'button', class: 'danger' }, 'Revoke');
    revoke.addEventListener('click', async () => {
      const { ok } = await ask(`Revoke ${t.name}?`, el('p', {}, 'Scripts using it stop working at once.'), 'Revoke', true);
      if (ok) await busy(revoke, async () => { await api('/tokens/' + encodeURIComponent(t.name), { method: 'DELETE' }); await tokens(); });
    });
    return el('tr', {}, el('td', {}, t.name), el('td', { class: 'muted' }, (t.last_used || 'never').replace('T', ' ').slice(0, 16)), el('td', {}, revoke));
  }) : [el('tr', {}, el('td', { colspan: 3, class: 'muted' }, 'No tokens.'))]));
}

async function main() {
  await boot();
  const settings = await api('/settings');
  const mqtt = settings.mqtt || {};
  const result = el('p', { id: 'mqtt-test-result' });
  const brokerField = el('input', { name: 'broker', id: 'mqtt-broker', required: true, placeholder: 'tcp://192.168.1.10:1883', value: mqtt.broker || '' });
  const userField = el('input', { name: 'username', id: 'mqtt-user', placeholder: 'user (optional)', value: mqtt.username || '', autocomplete: 'off' });
  const passwordField = el('input', { name: 'password', id: 'mqtt-password', type: 'password', placeholder: 'password (optional)', autocomplete: 'new-password' });
  const test = el('button', { type: 'submit', id: 'mqtt-test' }, 'Test connection');
  const testForm = el('form', { class: 'stack', id: 'mqtt-test-form' }, brokerField, userField, passwordField, el('div', { class: 'row' }, test), result);
  testForm.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(test, async () => {
      result.className = '';
      result.textContent = 'Connecting…';
      const json = { broker: brokerField.value.trim() };
      if (userField.value.trim()) json.username = userField.value.trim();
      if (passwordField.value) json.password = passwordField.value;
      try {
        const answer = await api('/settings/mqtt/test', { method: 'POST', json });
        result.className = answer.ok ? 'ok' : 'error';
        result.textContent = answer.ok ? `${answer.message} (${answer.ms} ms)` : answer.message;
      } catch (err) {
        result.className = 'error';
        result.textContent = err.message;
      }
    });
  });
  const name = el('input', { name: 'name', required: true, pattern: '[A-Za-z0-9_.\\-]{1,64}', placeholder: 'e.g. home-assistant', id: 'token-name' });
  const create = el('form', { class: 'row' }, el('div', { class: 'grow' }, name), el('button', { class: 'primary', type: 'submit' }, 'Create token'));
  const shown = el('div', { id: 'token-new' });
  create.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(create.querySelector('button'), async () => {
      const answer = await api('/tokens', { method: 'POST', json: { name: name.value } });
      shown.replaceChildren(el('p', { class: 'warn' }, 'Copy it now; it is not shown again:'), el('pre', { class: 'scroll' }, answer.token));
      name.value = '';
      await tokens();
    });
  });
  page('Settings',
    el('div', { class: 'grid2' },
      el('section', { class: 'card' }, el('h2', {}, 'MQTT'),
        mqtt.enabled === false ? el('p', { class: 'muted' }, 'MQTT is off (mqtt.enabled in magpie.yaml).') : null,
        kv([['Broker', mqtt.broker], ['User', mqtt.username], ['Discovery', mqtt.discovery ? 'on' : 'off'],
          ['Topic prefix', mqtt.topic_prefix], ['Connected', mqtt.connected == null ? '–' : mqtt.connected ? 'yes' : 'no']]),
        el('p', { class: 'muted' }, 'Try a broker before you put it in magpie.yaml:'), testForm),
      el('section', { class: 'card' }, el('h2', {}, 'Cameras'),
        settings.cameras.length ? kv(settings.cameras.map((c) => [c.name, `${c.source} · ${c.width}×${c.height} @ ${c.fps ?? '–'} fps`]))
          : el('p', { class: 'muted' }, 'No camera configured.')),
      el('section', { class: 'card' }, el('h2', {}, 'Retraining'),
        kv(Object.entries(settings.retraining || {}).map(([k, v]) => [k.replaceAll('_', ' '), typeof v === 'object' ? JSON.stringify(v) : String(v)]))),
      el('section', { class: 'card' }, el('h2', {}, 'API tokens'),
        el('p', { class: 'muted' }, 'For scripts: send as "Authorization: Bearer TOKEN", or as Prediction-Key on the Custom Vision route.'),
        create, shown, el('table', {}, el('tbody', { id: 'token-rows' })))),
    el('p', { class: 'muted' }, 'Settings live in magpie.yaml; change them there and reload. ', el('a', { href: '/api/v1/openapi.json' }, 'REST API')));
  await tokens();
}

main();
