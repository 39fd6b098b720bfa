// The regulator's audits: upload a licence list (CSV or XLSX) or audit the
// chosen scope under the chosen rule pack: the map's view, all the data or
// a district picked from a boundary file (district.js), which also narrows
// a list to the licences in it. See the violations in a table linked to the
// map, under a line saying what was audited (the district by name), the
// water near schools apart from them, and download the ledger (in the
// page's language: summary, violations, water, and for a list every
// licence) as CSV or XLSX. Audits need a regulator's token.

import { api, bboxParam, token } from './api.js';
import { t, meters, label, language } from './i18n.js';
import { rulesParam } from './rules.js';
import { el, $, message, showError } from './ui.js';
import { colors } from './map.js';
import { districtPicker } from './district.js';

let ctx;
let lastRequest = null; // {path, opts} of the last audit, for the downloads
let lastResult = null;
let lastScope = null; // () => the scope line of the last audit, in the page's language

/**
 * setup wires the scope, the upload, the audit button and the downloads.
 * It returns the hits' group and the chosen district's (district).
 */
export function setup(map) {
  const group = L.featureGroup().addTo(map);
  ctx = { map, group, layers: [], district: districtPicker(map, 'audit') };
  // The browser's own file button speaks the browser's language: a button
  // of ours opens it.
  $('licences-pick').addEventListener('click', () => $('licences').click());
  $('licences').addEventListener('change', (e) => {
    const file = e.target.files[0];
    if (!file) return;
    $('licences-name').textContent = file.name;
    e.target.value = ''; // so that the same file can be sent again
    if (/\.xls$/i.test(file.name)) {
      message(() => t('audit.xls', { file: file.name }), 'error');
      return;
    }
    upload(file);
  });
  $('audit-view').addEventListener('click', auditArea);
  for (const fmt of ['csv', 'xlsx']) $(`download-${fmt}`).addEventListener('click', () => download(fmt));
  document.addEventListener('langchange', () => { if (lastResult) render(lastResult); });
  return { group, district: ctx.district.group };
}

/**
 * district is the chosen district for an audit of that scope, with its
 * name and label, or null for another scope; without one it says so and
 * throws.
 */
function district() {
  const d = ctx.district;
  if (d.scope() !== 'district') return null;
  const feature = d.chosen();
  if (!feature) {
    message(() => t('district.missing'), 'error');
    throw Object.assign(new Error('no district'), { local: true });
  }
  return { feature, name: d.name(), label: d.label() };
}

/** auditArea audits the data of the chosen scope: the view, all of it or a district. */
function auditArea() {
  let dist;
  try {
    dist = district();
  } catch {
    return;
  }
  const body = { rules: rulesParam() };
  const scope = ctx.district.scope();
  if (scope === 'view') body.bbox = bboxParam(ctx.map.getBounds());
  if (dist) {
    body.district = dist.feature;
    if (dist.name) body.district_name = dist.name;
  }
  const say = dist ? () => t('audit.scope.district', { name: dist.label() }) : () => t(`audit.scope.${scope}`);
  run('/api/v1/audit', '', { json: body }, say, dist && dist.name);
}

/**
 * upload audits a licence list: the file's own bytes (the server detects
 * GBK, and reads a workbook), or for a district a form with the list and
 * the district.
 */
function upload(file) {
  let dist;
  try {
    dist = district();
  } catch {
    return;
  }
  const query = `rules=${rulesParam()}&name=${encodeURIComponent(file.name)}`;
  if (!dist) {
    run('/api/v1/audit/licences', query, { body: file, type: uploadType(file) }, () => t('audit.scope.list', { file: file.name }));
    return;
  }
  const form = new FormData();
  form.append('district', JSON.stringify(dist.feature));
  if (dist.name) form.append('district_name', dist.name);
  form.append('file', new Blob([file], { type: uploadType(file) }), file.name);
  run('/api/v1/audit/licences', query, { body: form }, () => t('audit.scope.list_district', { file: file.name, name: dist.label() }), dist.name);
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** uploadType is the content type to send a licence list with: XLSX by its name or type, else CSV. */
function uploadType(file) {
  return /\.xls[xm]$/i.test(file.name) || file.type === xlsxType ? xlsxType : 'text/csv';
}

/**
 * run posts an audit and shows its hits (as GeoJSON, to place them on the
 * map) under the line scope says. An upload's query names its file, for
 * the server's messages; a district's name names the downloads.
 */
async function run(path, query, opts, scope, name = '') {
  message('');
  if (!token()) message(() => t('audit.token'), 'info');
  try {
    const fc = await api(`${path}?format=geojson&${query}`, { ...opts, auth: true });
    lastRequest = { path, query, opts, name };
    lastResult = fc;
    lastScope = scope;
    render(fc);
    draw(fc);
  } catch (err) {
    showError(err);
  }
}

/** render lists the violations, then the water near schools, which is no violation. */
function render(fc) {
  const feats = fc.features || [];
  const row = (f, i) => {
    const p = f.properties;
    const licence = p.feature_id.startsWith('licence/') ? p.feature_id.slice('licence/'.length) : '';
    return el('tr', { class: `sev-${p.category === 'water' && !p.lacking ? 'water' : p.severity}${p.lacking ? ' lacking' : ''}`, dataset: { index: i, kind: p.rule_kind }, tabindex: 0, onclick: () => focus(i), onkeydown: (e) => { if (e.key === 'Enter') focus(i); } },
      el('td', {}, rowName(p), licence ? el('div', { class: 'licence' }, t('audit.licence', { n: licence })) : null,
        p.address && !p.lacking ? el('div', { class: 'address muted' }, t('address', { a: p.address })) : null),
      el('td', {}, label('cat', p.category)),
      el('td', {}, p.school_name || p.school_id),
      el('td', { title: p.rule_title }, p.category === 'water' && !p.lacking ? t('audit.water_rule') : label('severity', p.severity)),
      el('td', {}, distance(p)));
  };
  const indexed = feats.map((f, i) => [f, i]);
  const isWater = (p) => p.category === 'water' && !p.lacking;
  const bad = indexed.filter(([f]) => !isWater(f.properties));
  const water = indexed.filter(([f]) => isWater(f.properties));
  const head = ['col.name', 'col.category', 'col.school', 'col.rule', 'col.distance'].map((k) => el('th', {}, t(k)));
  $('audit-scope-line').textContent = lastScope ? t('audit.scope.line', { scope: lastScope() }) : '';
  $('audit-count').textContent = bad.length ? t('audit.count', { n: bad.length }) : t('audit.none');
  $('audit-table').replaceChildren(el('thead', {}, el('tr', {}, head)), el('tbody', {}, bad.map(([f, i]) => row(f, i))));
  $('audit-water-count').textContent = water.length ? t('audit.water', { n: water.length }) : '';
  $('audit-water').replaceChildren(...(water.length ? [el('tbody', {}, water.map(([f, i]) => row(f, i)))] : []));
  $('audit-downloads').hidden = false;
}

/** colorOf is a hit's colour: its severity's, or blue for water. */
const colorOf = (p) => (p.category === 'water' && !p.lacking ? '#1565c0' : colors[p.severity]);

/**
 * rowName names a hit's row: the offending place, or for a school lacking
 * a place a rule requires (drawn at the school), what it lacks.
 */
function rowName(p) {
  return p.lacking ? t('audit.lacking', { cat: label('cat', p.category) }) : p.feature_name || p.feature_id;
}

/** distance is "distance / limit"; a lacking hit with none within 5 km has no distance. */
function distance(p) {
  return `${p.lacking && !p.distance_m ? '—' : meters(p.distance_m)} / ${meters(p.limit_m)}`;
}

function draw(fc) {
  const { map, group } = ctx;
  group.clearLayers();
  ctx.layers = [];
  const styleOf = (f) => ({ color: colorOf(f.properties), weight: 2, fillOpacity: 0.6, className: `sz-audit${f.properties.category === 'water' && !f.properties.lacking ? ' sz-audit-water' : ''}` });
  L.geoJSON(fc, {
    style: styleOf,
    pointToLayer: (f, ll) => L.circleMarker(ll, { ...styleOf(f), radius: 6 }),
    onEachFeature: (f, layer) => {
      const i = ctx.layers.length;
      ctx.layers.push(layer);
      layer.bindPopup(() => popup(f.properties));
      layer.on('click', () => select(i));
    },
  }).addTo(group);
  if (ctx.layers.length) map.fitBounds(group.getBounds(), { maxZoom: 16, padding: [20, 20] });
}

function popup(p) {
  return el('div', {},
    el('b', {}, rowName(p)), el('br'),
    `${p.rule_title}`, el('br'),
    `${p.school_name}: ${distance(p)}`);
}

/** select marks row i and its map feature. */
function select(i) {
  for (const tr of document.querySelectorAll('.audit-rows tr.selected')) tr.classList.remove('selected');
  const tr = document.querySelector(`.audit-rows tr[data-index="${i}"]`);
  if (tr) { tr.classList.add('selected'); tr.scrollIntoView({ block: 'nearest' }); }
  ctx.layers.forEach((l, j) => l.setStyle({ weight: j === i ? 5 : 2, color: j === i ? '#1a237e' : colorOf(l.feature.properties) }));
  ctx.layers[i].bringToFront();
}

/** focus zooms to the feature of row i, highlights it and opens its popup. */
function focus(i) {
  const layer = ctx.layers[i];
  if (!layer) return;
  select(i);
  const ll = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
  if (layer.getLatLng) ctx.map.setView(ll, Math.max(ctx.map.getZoom(), 17));
  else ctx.map.fitBounds(layer.getBounds(), { maxZoom: 17 });
  layer.openPopup(ll);
}

/** download repeats the last audit in another format and saves the file. */
async function download(fmt) {
  if (!lastRequest) return;
  try {
    const q = `format=${fmt}&lang=${language()}&${lastRequest.query}`;
    const blob = await api(`${lastRequest.path}?${q}`, { ...lastRequest.opts, auth: true, blob: true });
    // A district's name names the file; characters no file name may hold are left out.
    const part = lastRequest.name ? `-${lastRequest.name.replace(/[\\/:*?"<>|]/g, '')}` : '';
    const a = el('a', { href: URL.createObjectURL(blob), download: `safezone-audit${part}.${fmt}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (err) {
    showError(err);
  }
}
