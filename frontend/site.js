// New-school sites (选址), on the planning tab: draw a campus on the map
// (one click for a point, three or more for a polygon) or upload a GeoJSON
// site, choose the school's kind, and POST /api/v1/site answers which
// businesses and water bodies would be within each rule's zone. The zones
// are drawn from the answer's ring geometries; every distance comes from the
// API (geodesic, WGS84).

import { api } from './api.js';
import { t, meters, label } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { colors, labelled, relabel } from './map.js';
import { datesLine } from './dates.js';
import { walkLine, clearedSection, drawWalk } from './walkview.js';

const siteStyle = { color: '#4527a0', weight: 3, fillColor: '#b39ddb', fillOpacity: 0.4, className: 'sz-site' };
let ctx;
let last = null; // the last answer, to redraw the panel on a language change

/** setup wires the site tools and returns the layer group they draw in. */
export function setup(map) {
  const group = L.featureGroup();
  ctx = { map, group, points: [], uploaded: null, drawing: false };
  for (const k of ['primary', 'secondary', 'kindergarten', 'school']) $('site-kind').append(el('option', { value: k }, label('kind', k)));
  $('site-kind').addEventListener('change', (e) => { e.target.dataset.touched = '1'; });
  $('site-draw').addEventListener('click', toggle);
  $('site-check').addEventListener('click', check);
  $('site-clear').addEventListener('click', clear);
  $('site-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    e.target.value = '';
    try {
      ctx.uploaded = JSON.parse(await file.text());
    } catch (err) {
      message(t('site.badFile', { name: file.name, msg: err.message }));
      return;
    }
    ctx.points = [];
    check();
  });
  map.on('click', (e) => {
    if (!ctx.drawing || map.getContainer().dataset.tab !== 'plan') return;
    ctx.uploaded = null;
    ctx.points.push(e.latlng);
    redraw();
  });
  document.addEventListener('langchange', () => {
    for (const o of $('site-kind').options) o.textContent = label('kind', o.value);
    $('site-draw').textContent = t(ctx.drawing ? 'site.drawing' : 'site.draw');
    if (last) render(last);
    relabel(group);
  });
  return { group };
}

/** drawing tells whether a click on the map adds a site vertex. */
export function drawing() { return ctx && ctx.drawing; }

function toggle() {
  ctx.drawing = !ctx.drawing;
  $('site-draw').textContent = t(ctx.drawing ? 'site.drawing' : 'site.draw');
  $('site-draw').setAttribute('aria-pressed', String(ctx.drawing));
  ctx.map.getContainer().classList.toggle('sz-drawing', ctx.drawing);
}

/** redraw shows the vertices drawn so far, closed into a polygon from three. */
function redraw() {
  ctx.group.clearLayers();
  const pts = ctx.points;
  if (pts.length >= 3) L.polygon(pts, siteStyle).addTo(ctx.group);
  else if (pts.length === 2) L.polyline(pts, siteStyle).addTo(ctx.group);
  for (const p of pts) L.circleMarker(p, { radius: 4, color: '#4527a0', className: 'sz-site-point' }).addTo(ctx.group);
  if (!ctx.map.hasLayer(ctx.group)) ctx.group.addTo(ctx.map);
  $('site-check').disabled = pts.length === 0 || pts.length === 2;
}

function clear() {
  ctx.points = [];
  ctx.uploaded = null;
  last = null;
  if (ctx.drawing) toggle();
  $('site-result').replaceChildren();
  redraw();
}

/** siteGeoJSON is the drawn site: a Point, or a closed Polygon in [lon, lat]. */
function siteGeoJSON() {
  if (ctx.uploaded) return ctx.uploaded;
  if (ctx.points.length === 1) return L.marker(ctx.points[0]).toGeoJSON().geometry;
  return L.polygon(ctx.points).toGeoJSON().geometry; // toGeoJSON closes the ring
}

/** check asks what would be in the zones of a school at the site. */
async function check() {
  message('');
  if (ctx.drawing) toggle();
  $('site-result').replaceChildren(el('p', {}, t('check.working')));
  try {
    const body = { site: siteGeoJSON() };
    if (!ctx.uploaded || $('site-kind').dataset.touched) body.school_kind = $('site-kind').value;
    if ($('site-opened').value.trim()) body.opened_on = $('site-opened').value.trim();
    const res = await api('/api/v1/site', { json: body, auth: true });
    last = res;
    render(res);
    draw(res);
  } catch (err) {
    $('site-result').replaceChildren();
    showError(err);
  }
}

/** render lists each affected place with the rules it would break. */
function render(res) {
  const byPlace = new Map();
  for (const h of res.hits) {
    if (!byPlace.has(h.feature_id)) byPlace.set(h.feature_id, []);
    byPlace.get(h.feature_id).push(h);
  }
  const items = [...byPlace.values()].map((hs) => {
    const h = hs[0];
    const sev = ['prohibited', 'inspect', 'exempt'].find((s) => hs.some((x) => x.severity === s));
    return el('li', { class: `hazard ${sev}`, dataset: { id: h.feature_id } },
      el('b', {}, h.feature_name || t('school.unnamed')), ` · ${label('cat', h.category)} `,
      el('span', { class: 'sev' }, label('severity', sev)),
      ...hs.map((x) => el('div', { class: 'citation' },
        `${x.rule_title} · ${t('site.hit', { d: meters(x.distance_m), limit: meters(x.limit_m), from: t(`from.${x.measured_from}`) })}`,
        datesLine(x) ? el('div', { class: 'dates' }, datesLine(x)) : null,
        walkLine(x) ? el('div', { class: 'walk' }, walkLine(x)) : null)));
  });
  $('site-result').replaceChildren(...[ // no null, which replaceChildren writes as "null"
    el('p', { id: 'site-count', dataset: { count: byPlace.size, hits: res.count } },
      t('site.count', { n: byPlace.size, kind: label('kind', res.site.school_kind) })),
    el('ul', { id: 'site-places' }, items.length ? items : el('li', { class: 'none' }, t('site.none'))),
    clearedSection(res.cleared_by_walking, (h) => h.feature_name || t('school.unnamed'))].filter(Boolean));
}

/** draw shows the site, its zones and the places in them. */
function draw(res) {
  const { map, group } = ctx;
  group.clearLayers();
  L.geoJSON(res.site.geometry, { style: () => siteStyle, pointToLayer: (f, ll) => L.circleMarker(ll, { ...siteStyle, radius: 7 }) }).addTo(group);
  for (const r of [...res.rings].reverse()) {
    if (!r.geometry) continue;
    const layer = L.geoJSON(r.geometry, {
      style: () => ({ color: '#5e35b1', weight: 2, fill: false, dashArray: r.measured_from === 'gate' ? '4 4' : null, className: `sz-ring sz-site-ring sz-ring-${r.radius_m}` }),
    });
    labelled(layer, () => `${meters(r.radius_m)} · ${t(`from.${r.measured_from}`)}`, { sticky: true }).addTo(group);
  }
  L.geoJSON(res.places, {
    style: (f) => ({ color: colors[f.properties.severity], weight: 3, fillOpacity: 0.6, className: 'sz-site-place' }),
    pointToLayer: (f, ll) => L.circleMarker(ll, { color: colors[f.properties.severity], fillOpacity: 0.8, radius: 7, className: 'sz-site-place' }),
    onEachFeature: (f, layer) => labelled(layer, () => `${f.properties.name || t('school.unnamed')} · ${meters(f.properties.distance_m)}`),
  }).addTo(group);
  for (const h of [...res.hits, ...(res.cleared_by_walking || [])]) drawWalk(group, h);
  if (!map.hasLayer(group)) group.addTo(map);
  map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 18 });
}
