// Reporting a hazard by hand: the reporter clicks the map where it is (an
// unfenced pond, a broken guard rail, a stall at the gate), says what it
// is, and may add photos or documents. A school token reports for its own
// school; other roles pick one of the schools near the place, the nearest
// first. The hazard is registered in found with its category's lead unit
// and grade (POST /api/v1/ledger/hazards), then the files are attached.

import { api } from './api.js';
import { t } from './i18n.js';
import { el, $, message } from './ui.js';
import { ledgerError } from './ledger_messages.js';
import { gradeName, categoryName } from './ledger_view.js';
import { picker, upload } from './ledger_files.js';

let ctx;
let point = null; // the place clicked, an L.LatLng
let files;
const pin = L.layerGroup();

/** setup wires the report form and the map click that places it. */
export function setup(c) {
  ctx = c;
  files = picker('ledger-report-files-input', t('ledger.addPhotos'));
  $('ledger-report-files').replaceChildren(files.root);
  $('ledger-report-start').addEventListener('click', start);
  $('ledger-report-cancel').addEventListener('click', stop);
  $('ledger-report').addEventListener('submit', (e) => { e.preventDefault(); send(); });
  ctx.group.on('remove', stop); // the tab was left
  ctx.map.on('click', (e) => {
    if (ctx.map.getContainer().dataset.tab !== 'ledger' || $('ledger-report').hidden) return;
    place(e.latlng).catch(ledgerError);
  });
  document.addEventListener('langchange', () => {
    if (!ctx.config) return;
    options();
    files.root.querySelector('button').textContent = t('ledger.addPhotos');
    if (point) where();
  });
}

/** options fills the category and grade choices from the ledger's configuration. */
function options() {
  const cat = $('ledger-report-category').value;
  const grade = $('ledger-report-grade').value;
  $('ledger-report-category').replaceChildren(el('option', { value: '' }, t('ledger.category.none')),
    ...ctx.config.categories.map((c) => el('option', { value: c.id }, categoryName(c.id))));
  $('ledger-report-grade').replaceChildren(el('option', { value: '' }, t('ledger.grade.byCategory')),
    ...ctx.config.grades.map((g) => el('option', { value: g.key }, gradeName(g.key))));
  $('ledger-report-category').value = cat;
  $('ledger-report-grade').value = grade;
}

function start() {
  options();
  $('ledger-report').hidden = false;
  ctx.map.getContainer().classList.add('picking');
  message(t('ledger.report.click'), 'info');
  if (ctx.me.role === 'school') {
    $('ledger-report-school').replaceChildren(el('option', { value: ctx.me.school_id, class: 'data' }, ctx.me.school_name || ctx.me.school_id));
    $('ledger-report-school').disabled = true;
  }
}

function stop() {
  $('ledger-report').hidden = true;
  ctx.map.getContainer().classList.remove('picking');
  point = null;
  pin.clearLayers().remove();
  $('ledger-report-where').textContent = '';
  $('ledger-report').reset();
  files.clear();
}

function where() {
  $('ledger-report-where').textContent = t('ledger.report.where', { lat: point.lat.toFixed(6), lon: point.lng.toFixed(6) });
}

/** place puts the hazard at ll and, for roles not bound to a school, lists the schools near it. */
async function place(ll) {
  point = ll;
  message('');
  pin.clearLayers().addTo(ctx.map);
  L.circleMarker(ll, { radius: 9, color: '#1a237e', weight: 3, fillColor: '#fff', fillOpacity: 1, className: 'sz-ledger-new' }).addTo(pin);
  where();
  if (ctx.me.role === 'school') return;
  const d = 0.01; // about 1 km
  const fc = await api(`/api/v1/schools?bbox=${[ll.lng - d, ll.lat - d, ll.lng + d, ll.lat + d].map((v) => v.toFixed(6)).join(',')}`);
  const near = fc.features.map((f) => ({ f, m: ctx.map.distance(ll, L.geoJSON(f).getBounds().getCenter()) }))
    .sort((a, b) => a.m - b.m).slice(0, 8);
  $('ledger-report-school').disabled = false;
  $('ledger-report-school').replaceChildren(...(near.length
    ? near.map(({ f, m }) => el('option', { value: f.properties.id, class: 'data' }, t('ledger.report.schoolNear', { name: f.properties.name || f.properties.id, m: Math.round(m) })))
    : [el('option', { value: '' }, t('ledger.report.noSchool'))]));
}

/** rfc3339 turns a datetime-local value (the reporter's clock) into an RFC 3339 time, or "". */
function rfc3339(v) {
  return v ? new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}

/** send registers the hazard, attaches the files and opens it. */
async function send() {
  message('');
  try {
    const body = {
      school_id: $('ledger-report-school').value,
      description: $('ledger-report-description').value.trim(),
      category: $('ledger-report-category').value,
      grade: $('ledger-report-grade').value,
      observed_at: rfc3339($('ledger-report-observed').value),
      phoned_at: rfc3339($('ledger-report-phoned').value),
    };
    if (point) Object.assign(body, { lat: Number(point.lat.toFixed(7)), lon: Number(point.lng.toFixed(7)) });
    const h = await api('/api/v1/ledger/hazards', { json: body, auth: true });
    const chosen = files.files();
    stop();
    let attached = 0;
    try {
      for (const f of chosen) { await upload(ctx.config, h.id, f); attached++; }
    } finally {
      message(t('ledger.report.done', { id: h.id, n: attached }), 'info');
      await ctx.refresh();
      await ctx.select(h.id, false);
    }
  } catch (err) {
    ledgerError(err);
  }
}
