// Rule packs on the admin tab: the packs requests may name (uploaded ones
// and those of the server's rules directory), the default marked; upload a
// YAML pack, checked by the server, whose problems are listed one a line
// with file and line; make a pack the default; delete an uploaded one.

import { api } from './api.js';
import { t, label } from './i18n.js';
import { el, $, message } from './ui.js';
import { say, sayLines, adminError } from './messages.js';

let onChange = () => {};
let last = null;

/** setup wires the upload; change is called when the default changes. */
export function setup(change) {
  onChange = change;
  $('rules-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    e.target.value = ''; // so that the same file can be sent again
    upload(file.name, await file.text());
  });
  document.addEventListener('langchange', () => { if (last) render(last); });
}

/** load lists the packs. */
export async function load() {
  last = await api('/api/v1/admin/rules', { auth: true });
  render(last);
}

function render(r) {
  const head = ['col.id', 'col.title', 'col.rules', 'col.source', 'col.actions'].map((k) => el('th', {}, t(k)));
  const rows = r.packs.map((p) => {
    const isDefault = p.id === r.default;
    const actions = [];
    if (!isDefault && !p.error) actions.push(el('button', { type: 'button', class: 'link make-default', onclick: () => select(p.id) }, t('admin.rules.makeDefault')));
    if (!isDefault && p.source === 'uploaded') actions.push(' ', el('button', { type: 'button', class: 'link delete', onclick: () => remove(p.id) }, t('admin.rules.delete')));
    return el('tr', { class: isDefault ? 'default' : '', dataset: { id: p.id } },
      el('td', {}, p.id, isDefault ? t('admin.rules.default') : ''),
      el('td', { class: p.error ? 'broken' : '' }, p.error ? t('admin.rules.broken') : p.title),
      el('td', {}, String(p.rules)),
      el('td', {}, label('source', p.source)),
      el('td', {}, actions));
  });
  $('rules-table').replaceChildren(el('thead', {}, el('tr', {}, head)), el('tbody', {}, rows));
}

/** status shows a line, or a list of problems, under the upload. */
function status(text, problems = [], kind = 'ok') {
  const items = problems.map((p) => el('li', { title: p.raw }, p.text));
  $('rules-status').replaceChildren(el('p', { class: kind }, text), ...(items.length ? [el('ul', { class: 'errors' }, items)] : []));
}

async function upload(name, yaml) {
  message('');
  try {
    const p = await api(`/api/v1/admin/rules?name=${encodeURIComponent(name)}`, { body: yaml, type: 'application/yaml', auth: true });
    status(t('admin.rules.uploaded', { id: p.id, title: p.title, n: p.rules }));
    await load();
  } catch (err) {
    if (err.status !== 400) {
      $('rules-status').replaceChildren();
      adminError(err);
      return;
    }
    const raw = err.message.split('\n');
    const text = sayLines(err.message, t('admin.general'));
    status(t('admin.rules.invalid'), raw.map((r, i) => ({ raw: r, text: text[i] })), 'failed');
  }
}

async function select(id) {
  message('');
  try {
    await api('/api/v1/admin/default-rules', { method: 'PUT', json: { id }, auth: true });
    status(t('admin.rules.selected', { id }));
    await load();
    onChange();
  } catch (err) {
    adminError(err);
  }
}

async function remove(id) {
  if (!window.confirm(t('admin.rules.deleteConfirm', { id }))) return;
  message('');
  try {
    await api(`/api/v1/admin/rules/${encodeURIComponent(id)}`, { method: 'DELETE', auth: true });
    $('rules-status').replaceChildren();
    await load();
  } catch (err) {
    status(say(err.message, t('admin.general')), [], 'failed');
  }
}
