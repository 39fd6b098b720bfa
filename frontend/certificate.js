// The certificate (测距核查单), opened from a verdict on the regulator's tab:
// the check is made again with "record": true (a regulator or admin token),
// the server stores it in its chain of records, and the page shows the
// record as an A4 sheet to print: the map with the rings and the measured
// line, the verdict, every distance and limit, each clause in full, the
// point in WGS84 and GCJ-02, the data's date, source and licence, the
// fingerprints and the record's ID. Only the sheet and the map print.

import { api } from './api.js';
import { t, meters, label } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { datesLine } from './dates.js';
import { walkLine } from './walkview.js';

let ctx;

/** setup wires the record button under the verdict; result is the check's map layer. */
export function setup(map, result) {
  ctx = { map, result, request: null, record: null };
  document.addEventListener('sz-checked', (e) => {
    ctx.request = e.detail.request;
    $('record').hidden = e.detail.res.verdict === 'not_covered';
  });
  $('record').addEventListener('click', record);
  $('cert-print').addEventListener('click', () => window.print());
  $('cert-close').addEventListener('click', close);
  const fit = () => {
    map.invalidateSize({ animate: false });
    if (document.body.dataset.view === 'certificate' && result.getLayers().length) {
      map.fitBounds(result.getBounds(), { animate: false, padding: [12, 12], maxZoom: 18 });
    }
  };
  matchMedia('print').addEventListener('change', fit);
  window.addEventListener('beforeprint', fit);
  window.addEventListener('afterprint', fit);
  document.addEventListener('langchange', () => { if (ctx.record) render(ctx.record); });
}

/** record checks again, recording it, and opens the certificate. */
async function record() {
  message('');
  try {
    const res = await api('/api/v1/check', { json: { ...ctx.request, record: true }, auth: true });
    const rec = await api(`/api/v1/checks/${encodeURIComponent(res.record_id)}`, { auth: true });
    ctx.record = rec;
    render(rec);
    document.body.dataset.view = 'certificate';
    $('certificate').hidden = false;
    ctx.map.invalidateSize({ animate: false });
    if (ctx.result.getLayers().length) ctx.map.fitBounds(ctx.result.getBounds(), { padding: [20, 20], maxZoom: 18 });
  } catch (err) {
    showError(err.status === 403 || err.status === 401 ? new Error(`${t('cert.token')} (${err.message})`) : err);
  }
}

function close() {
  delete document.body.dataset.view;
  $('certificate').hidden = true;
  ctx.map.invalidateSize({ animate: false });
}

const deg = (v) => Number(v).toFixed(7);

/** render fills the sheet from a stored record. */
function render(rec) {
  const r = rec.record;
  const a = r.answer;
  const rules = (r.rules.rules || []).filter((x) => x.categories.includes(a.category));
  const hitsOf = (id) => [...a.hits, ...(a.cleared_by_walking || [])].filter((h) => h.rule_id === id);
  const row = (k, ...v) => el('tr', {}, el('th', {}, t(k)), el('td', {}, ...v));
  $('cert-body').replaceChildren(
    el('h2', {}, t('cert.title')),
    el('table', { class: 'cert-meta' },
      row('cert.id', el('b', { id: 'cert-id' }, rec.id)),
      row('cert.time', new Date(rec.time).toLocaleString(document.documentElement.lang)),
      row('cert.actor', rec.actor)),
    el('p', { class: `verdict ${a.verdict}`, dataset: { verdict: a.verdict } },
      el('strong', { class: 'verdict-text' }, t(`verdict.${a.verdict}`)), ` · ${label('cat', a.category)}`),
    el('h3', {}, t('cert.place')),
    el('table', { class: 'cert-meta' },
      row('cert.wgs84', `${deg(r.coordinates.wgs84[0])}, ${deg(r.coordinates.wgs84[1])}`),
      row('cert.gcj02', `${deg(r.coordinates.gcj02[0])}, ${deg(r.coordinates.gcj02[1])}`),
      a.nearest_school ? row('cert.nearest', `${a.nearest_school.school_name || a.nearest_school.school_id} · ${meters(a.nearest_school.distance_m)}`) : null),
    el('h3', {}, t('cert.rules')),
    rules.length ? el('ol', { class: 'cert-rules' }, rules.map((x) => ruleItem(x, hitsOf(x.id)))) : el('p', {}, t('cert.norules')),
    el('h3', {}, t('cert.data')),
    el('table', { class: 'cert-meta' },
      row('cert.source', r.data.source),
      row('cert.date', r.data.date),
      row('cert.licence', el('span', { id: 'cert-licence' }, r.data.licence))),
    el('h3', {}, t('cert.fingerprints')),
    el('table', { class: 'cert-meta cert-fp' },
      ...r.data.files.map((f) => row('cert.file', el('span', {}, f.path), el('br'), el('code', { class: 'cert-sha' }, f.sha256))),
      row('cert.pack', el('span', {}, `${r.rules.id} · ${r.rules_file.path}`), el('br'), el('code', { class: 'cert-sha' }, r.rules_file.sha256)),
      row('cert.record', el('code', { class: 'cert-sha' }, rec.sha256)),
      row('cert.prev', el('code', { class: 'cert-sha' }, rec.prev_sha256)),
      row('cert.engine', r.engine_version || '—')));
}

/** ruleItem is one rule of the category: its limit, each school it was measured against, its clause in full. */
function ruleItem(rule, hits) {
  const c = rule.citation;
  return el('li', { class: hits.length ? `hit ${rule.severity}` : 'cert-clear' },
    el('b', {}, rule.title), ' ', el('span', { class: 'sev' }, label('severity', rule.severity)),
    el('div', {}, t('cert.limit', { limit: meters(rule.distance_m), from: t(`from.${rule.measured_from}`) })),
    hits.length
      ? hits.map((h) => el('div', { class: 'cert-hit' }, t('cert.measured', { school: h.school_name || h.school_id, d: meters(h.distance_m), limit: meters(h.limit_m) }),
        datesLine(h) ? el('div', { class: 'dates' }, datesLine(h)) : null,
        walkLine(h) ? el('div', { class: 'walk' }, walkLine(h)) : null))
      : el('div', {}, t('cert.outside')),
    el('blockquote', { class: 'cert-clause' },
      el('div', { class: 'cert-doc' }, [c.document, c.issuer, c.number, c.date].filter(Boolean).join(' · ')),
      el('div', {}, c.clause)));
}
