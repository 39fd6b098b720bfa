// The regulator's audits: upload a licence list (CSV) or audit the map's
// view, see the violations in a table linked to the map, and download them
// as CSV or XLSX. Audits need a regulator's bearer token.

import { api, bboxParam, token } from './api.js';
import { t, meters, label } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { colors } from './map.js';

let ctx;
let lastRequest = null; // {path, opts} of the last audit, for the downloads
let lastResult = null;

/** setup wires the upload, the view audit and the downloads. */
export function setup(map) {
  const group = L.featureGroup().addTo(map);
  ctx = { map, group, layers: [] };
  $('licences').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    e.target.value = ''; // so that the same file can be sent again
    run('/api/v1/audit/licences', { body: await file.text(), type: 'text/csv' });
  });
  $('audit-view').addEventListener('click', () => run('/api/v1/audit', { json: { bbox: bboxParam(map.getBounds()) } }));
  for (const fmt of ['csv', 'xlsx']) $(`download-${fmt}`).addEventListener('click', () => download(fmt));
  document.addEventListener('langchange', () => { if (lastResult) render(lastResult); });
  return { group };
}

/** run posts an audit and shows its hits (as GeoJSON, to place them on the map). */
async function run(path, opts) {
  message('');
  if (!token()) message(t('audit.token'), 'info');
  try {
    const fc = await api(`${path}?format=geojson`, { ...opts, auth: true });
    lastRequest = { path, opts };
    lastResult = fc;
    render(fc);
    draw(fc);
  } catch (err) {
    showError(err);
  }
}

function render(fc) {
  const feats = fc.features || [];
  const head = ['col.name', 'col.category', 'col.school', 'col.rule', 'col.distance'].map((k) => el('th', {}, t(k)));
  const rows = feats.map((f, i) => {
    const p = f.properties;
    return el('tr', { class: `sev-${p.severity}${p.lacking ? ' lacking' : ''}`, dataset: { index: i, kind: p.rule_kind }, tabindex: 0, onclick: () => focus(i), onkeydown: (e) => { if (e.key === 'Enter') focus(i); } },
      el('td', {}, rowName(p)),
      el('td', {}, label('cat', p.category)),
      el('td', {}, p.school_name || p.school_id),
      el('td', { title: p.rule_title }, label('severity', p.severity)),
      el('td', {}, distance(p)));
  });
  $('audit-count').textContent = feats.length ? t('audit.count', { n: feats.length }) : t('audit.none');
  $('audit-table').replaceChildren(el('thead', {}, el('tr', {}, head)), el('tbody', {}, rows));
  $('audit-downloads').hidden = false;
}

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
  const styleOf = (f) => ({ color: colors[f.properties.severity], weight: 2, fillOpacity: 0.6, className: 'sz-audit' });
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
  for (const tr of $('audit-table').querySelectorAll('tr.selected')) tr.classList.remove('selected');
  const tr = $('audit-table').querySelector(`tr[data-index="${i}"]`);
  if (tr) { tr.classList.add('selected'); tr.scrollIntoView({ block: 'nearest' }); }
  ctx.layers.forEach((l, j) => l.setStyle({ weight: j === i ? 5 : 2, color: j === i ? '#1a237e' : colors[l.feature.properties.severity] }));
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
    const blob = await api(`${lastRequest.path}?format=${fmt}`, { ...lastRequest.opts, auth: true, blob: true });
    const a = el('a', { href: URL.createObjectURL(blob), download: `safezone-audit.${fmt}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (err) {
    showError(err);
  }
}
