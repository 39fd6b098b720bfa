// Imports on the admin tab: licence lists, schools and water bodies sent
// to POST /api/v1/admin/imports, with the same formats and options as
// `safezone import`. The upload shows its progress, then the import job
// (reading, writing, reloading the map data) is followed until it ends,
// with its bad rows listed: file, row, field and reason.

import { api, token } from './api.js';
import { t } from './i18n.js';
import { el, $, message } from './ui.js';
import { say, fieldLabel, adminError } from './messages.js';

let onDone = () => {};
let lastJob = null;

/** setup wires the import form; done is called when an import ends. */
export function setup(done) {
  onDone = done;
  $('import-form').addEventListener('submit', (e) => { e.preventDefault(); start(); });
  $('import-files').addEventListener('change', names);
  document.addEventListener('langchange', () => {
    names();
    if (lastJob) render(lastJob);
  });
}

/** names shows the names of the chosen files. */
function names() {
  const files = [...$('import-files').files].map((f) => f.name);
  $('import-names').textContent = files.length ? files.join('、') : t('admin.noFile');
}

/** start uploads the chosen files and follows the import they start. */
async function start() {
  message('');
  const files = $('import-files').files;
  if (!files.length) {
    message(t('admin.import.noFile'), 'info');
    return;
  }
  const q = new URLSearchParams();
  if ($('import-kind').value) q.set('kind', $('import-kind').value);
  if ($('import-crs').value) q.set('crs', $('import-crs').value);
  if ($('import-skip-bad').checked) q.set('skip_bad', 'true');
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  $('import-start').disabled = true;
  $('import-bad').replaceChildren();
  try {
    const job = await upload(`/api/v1/admin/imports?${q}`, form, (p) => progress(p, t('admin.import.uploading', { p: Math.round(p * 100) })));
    await follow(job);
  } catch (err) {
    adminError(err);
    progress(null, '');
  } finally {
    $('import-start').disabled = false;
  }
}

/**
 * upload posts body with the admin's token, calling onProgress with the
 * share sent, and resolves with the JSON answer. fetch cannot tell how
 * much of a body is sent; XMLHttpRequest can.
 */
function upload(path, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (token()) xhr.setRequestHeader('Authorization', `Bearer ${token()}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new Error(t('error.network', { msg: path })));
    xhr.onload = () => {
      let j = null;
      try { j = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300 && j) return resolve(j);
      const err = new Error((j && j.error) || `${xhr.status} ${xhr.statusText}`);
      err.status = xhr.status;
      reject(err);
    };
    xhr.send(body);
  });
}

/** follow polls the job until it ends, showing how far it has got. */
async function follow(job) {
  for (;;) {
    render((lastJob = job));
    if (job.state === 'done' || job.state === 'failed') break;
    await new Promise((r) => setTimeout(r, 250));
    job = await api(`/api/v1/admin/imports/${encodeURIComponent(job.id)}`, { auth: true });
  }
  onDone(job);
}

/** progress sets the bar (share from 0 to 1, or null: unknown) and the status line. */
function progress(share, text) {
  const bar = $('import-progress');
  bar.hidden = share === undefined;
  if (share === null) bar.removeAttribute('value');
  else if (share !== undefined) bar.value = share;
  const status = $('import-status');
  status.className = '';
  status.textContent = text;
}

function render(job) {
  const p = job.progress;
  switch (job.state) {
    case 'queued': return progress(null, t('admin.import.queued'));
    case 'reading': {
      const how = p.total > 0 ? `${Math.round((100 * p.done) / p.total)}%` : t('admin.import.rowsRead', { n: p.done });
      return progress(p.total > 0 ? p.done / p.total : null, t('admin.import.reading', { f: p.file, n: p.files, name: p.name, p: how }));
    }
    case 'writing': return progress(null, t('admin.import.writing'));
    case 'indexing': return progress(null, t('admin.import.indexing'));
  }
  progress(undefined, '');
  const status = $('import-status');
  status.dataset.state = job.state;
  status.className = job.state === 'done' ? 'ok' : 'failed';
  status.textContent = outcome(job);
  renderBad(job);
}

/** outcome is the sentence that says how an import ended. */
function outcome(job) {
  const ok = job.rows - job.bad_count;
  if (job.state === 'failed' && job.bad_count > 0) return t('admin.import.badRows', { bad: job.bad_count, rows: job.rows, ok });
  if (job.state === 'failed') return t('admin.import.failed', { msg: say(job.error, t('admin.general')) });
  const im = job.imported || { created: 0, updated: 0, unchanged: 0, features: 0 };
  let s = t('admin.import.done', { rows: job.rows, ok, ...im });
  if (job.bad_count) s += ` ${t('admin.import.skipped', { bad: job.bad_count })}`;
  if (job.reload) s += ` ${job.reload.ok ? t('admin.import.reloaded', { gen: job.reload.generation }) : t('admin.import.reloadFailed')}`;
  return s;
}

/** renderBad lists the bad rows: file, row, field and reason. */
function renderBad(job) {
  const table = $('import-bad');
  if (!job.bad_rows.length) {
    table.replaceChildren();
    return;
  }
  const head = ['col.file', 'col.row', 'col.field', 'col.reason'].map((k) => el('th', {}, t(k)));
  const rows = job.bad_rows.map((b) => el('tr', {},
    el('td', {}, b.file), el('td', {}, String(b.row)), el('td', {}, fieldLabel(b.field)),
    el('td', { title: b.message }, say(b.reason, t('admin.general')))));
  const foot = job.bad_count > job.bad_rows.length ? el('caption', { class: 'muted' }, t('admin.import.more', { n: job.bad_rows.length })) : null;
  table.replaceChildren(...[foot, el('thead', {}, el('tr', {}, head)), el('tbody', {}, rows)].filter(Boolean));
}
