// The admin tab: bearer tokens (create, shown once; list; revoke), imports
// into the store (admin_import.js), rule packs (admin_rules.js) and the
// reload of the map data, all through /api/v1/admin on the running server.
// Everything here needs an admin token, entered at the top of the page.

import { api } from './api.js';
import { t, label } from './i18n.js';
import { el, $, message } from './ui.js';
import { say, adminError, serverText } from './messages.js';
import * as imports from './admin_import.js';
import * as rules from './admin_rules.js';

/** when formats an RFC 3339 time as local YYYY-MM-DD HH:MM. */
export function when(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

let lastTokens = null;
let lastState = null;

/** setup wires the tab's forms; refresh loads what it shows. */
export function setup() {
  $('token-role').addEventListener('change', () => {
    const role = $('token-role').value;
    $('token-school-label').hidden = role !== 'school';
    $('token-unit-label').hidden = role !== 'regulator' && role !== 'police'; // a unit's token acts only on its hazards
  });
  $('token-form').addEventListener('submit', (e) => { e.preventDefault(); createToken(); });
  $('reload').addEventListener('click', reload);
  // A token typed while the tab is open: show what it may see.
  $('token').addEventListener('change', () => { if (!$('tab-admin').hidden) refresh(); });
  imports.setup(() => loadState().catch(adminError));
  rules.setup(() => loadState().catch(adminError));
  document.addEventListener('langchange', () => {
    if (lastTokens) renderTokens(lastTokens);
    if (lastState) renderState(lastState);
  });
}

/** refresh loads the tokens, rule packs and data state, when the tab opens. */
export async function refresh() {
  message('');
  try {
    await Promise.all([loadTokens(), rules.load(), loadState()]);
  } catch (err) {
    adminError(err);
  }
}

async function loadTokens() {
  lastTokens = await api('/api/v1/admin/tokens', { auth: true });
  renderTokens(lastTokens);
}

function renderTokens(list) {
  const head = ['col.id', 'col.role', 'col.school', 'col.unit', 'col.createdAt', 'col.actions'].map((k) => el('th', {}, t(k)));
  const rows = list.map((tok) => el('tr', { class: tok.current ? 'current' : '', dataset: { id: tok.id } },
    el('td', {}, tok.id, tok.current ? t('admin.current') : ''),
    el('td', {}, label('role', tok.role)),
    el('td', {}, tok.school_id || ''),
    el('td', {}, tok.unit || ''),
    el('td', {}, when(tok.created_at)),
    el('td', {}, el('button', { type: 'button', class: 'link revoke', onclick: () => revoke(tok.id) }, t('admin.revoke')))));
  $('token-table').replaceChildren(el('thead', {}, el('tr', {}, head)), el('tbody', {}, rows));
}

async function createToken() {
  message('');
  const body = { role: $('token-role').value };
  if (body.role === 'school') body.school_id = $('token-school').value.trim();
  const unit = $('token-unit').value.trim();
  if ((body.role === 'regulator' || body.role === 'police') && unit) body.unit = unit;
  try {
    const tok = await api('/api/v1/admin/tokens', { json: body, auth: true });
    const code = el('code', { id: 'token-value' }, tok.token);
    const copy = el('button', { type: 'button', onclick: async (e) => {
      try { await navigator.clipboard.writeText(tok.token); e.target.textContent = t('admin.copied'); } catch { /* select it by hand */ }
    } }, t('admin.copy'));
    $('token-new').replaceChildren(el('div', {}, t('admin.newToken')), code, ' ', copy);
    $('token-new').hidden = false;
    await loadTokens();
  } catch (err) {
    adminError(err);
  }
}

async function revoke(id) {
  if (!window.confirm(t('admin.revokeConfirm', { id }))) return;
  message('');
  try {
    await api(`/api/v1/admin/tokens/${encodeURIComponent(id)}`, { method: 'DELETE', auth: true });
    await loadTokens();
  } catch (err) {
    adminError(err);
  }
}

async function loadState() {
  lastState = await api('/api/v1/admin/reload', { auth: true });
  renderState(lastState);
}

function renderState(st) {
  const parts = [t('admin.reload.state', { gen: st.generation, at: when(st.loaded_at), s: st.schools, b: st.businesses, w: st.water, rules: st.rules })];
  if (st.last) parts.push(t('admin.reload.last', { at: when(st.last.finished_at), result: t(st.last.ok ? 'admin.reload.ok' : 'admin.reload.error') }));
  $('reload-state').textContent = parts.join(' ');
  $('reload-state').dataset.generation = st.generation;
  $('reload').disabled = !st.can_reload;
  if (!st.can_reload) $('reload-result').textContent = t('admin.reload.cannot');
}

/** reload asks the server to reload its data and shows how it went. */
async function reload() {
  message('');
  const out = $('reload-result');
  out.className = '';
  out.textContent = t('admin.reload.working');
  $('reload').disabled = true;
  try {
    const st = await api('/api/v1/admin/reload', { method: 'POST', auth: true });
    out.className = 'ok';
    out.textContent = t('admin.reload.done', { ms: st.last ? st.last.took_ms : 0, gen: st.generation });
    renderState((lastState = st));
  } catch (err) {
    out.className = 'failed';
    out.textContent = err.status === 422 ? `${t('admin.reload.failed', { gen: lastState ? lastState.generation : '' })} ${say(reason(serverText(err)), '')}`.trim() : '';
    if (err.status !== 422) adminError(err);
    out.title = serverText(err);
    await loadState().catch(() => {});
  } finally {
    $('reload').disabled = lastState ? !lastState.can_reload : false;
  }
}

/** reason is why a reload failed, without the server's "reload failed" preamble. */
function reason(msg) {
  const i = msg.indexOf(' keeps serving: ');
  return i < 0 ? msg : msg.slice(i + ' keeps serving: '.length);
}
