// Water along pupils' routes (学生上下学必经路段水域), on the school tab: the
// walks the report computed from the residential areas to the gates, and a
// route the school draws by clicking on the map, sent to POST
// /api/v1/routes/water. Distances come from the API (geodesic, WGS84).

import { api } from './api.js';
import { t, meters, label } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { labelled } from './map.js';

const waterStyle = { color: '#0d47a1', weight: 5, fillColor: '#0d47a1', fillOpacity: 0.5, className: 'sz-route-water' };
let ctx;

/**
 * setupRoutes adds the route tool above the report: draw a route point by
 * point, then list and draw the water within the given distance of it.
 */
export function setupRoutes(map) {
  const drawn = L.featureGroup().addTo(map);
  ctx = { map, drawn, points: [], drawing: false };
  const tool = el('section', { id: 'route-tool' },
    el('h4', { 'data-i18n': 'route.title' }, t('route.title')),
    el('p', { class: 'muted', 'data-i18n': 'route.hint' }, t('route.hint')),
    el('div', { class: 'row' },
      el('button', { type: 'button', id: 'route-draw', onclick: toggle }, t('route.draw')),
      el('label', {}, el('span', { 'data-i18n': 'route.within' }, t('route.within')), ' ',
        el('input', { id: 'route-within', type: 'number', min: 1, max: 1000, value: 50, style: 'width:5em' })),
      el('button', { type: 'button', id: 'route-check', disabled: true, onclick: check, 'data-i18n': 'route.check' }, t('route.check')),
      el('button', { type: 'button', id: 'route-clear', onclick: clear, 'data-i18n': 'route.clear' }, t('route.clear'))),
    el('ul', { id: 'route-water' }));
  $('report').before(tool);
  map.on('click', (e) => {
    if (!ctx.drawing || map.getContainer().dataset.tab !== 'school') return;
    ctx.points.push(e.latlng);
    redraw();
  });
  document.addEventListener('langchange', () => {
    $('route-draw').textContent = t(ctx.drawing ? 'route.drawing' : 'route.draw');
  });
}

function toggle() {
  ctx.drawing = !ctx.drawing;
  $('route-draw').textContent = t(ctx.drawing ? 'route.drawing' : 'route.draw');
  $('route-draw').setAttribute('aria-pressed', String(ctx.drawing));
  ctx.map.getContainer().classList.toggle('sz-drawing', ctx.drawing);
}

function redraw() {
  ctx.drawn.clearLayers();
  if (ctx.points.length) {
    ctx.line = L.polyline(ctx.points, { color: '#6a1b9a', weight: 4, dashArray: '6 6', className: 'sz-route' }).addTo(ctx.drawn);
    for (const p of ctx.points) L.circleMarker(p, { radius: 4, color: '#6a1b9a', className: 'sz-route-point' }).addTo(ctx.drawn);
  }
  $('route-check').disabled = ctx.points.length < 2;
}

function clear() {
  ctx.points = [];
  $('route-water').replaceChildren();
  if (ctx.drawing) toggle();
  redraw();
}

/** check sends the drawn route and lists the water near it. */
async function check() {
  message('');
  if (ctx.drawing) toggle();
  try {
    // toGeoJSON turns Leaflet's [lat, lng] into GeoJSON's [lon, lat].
    const res = await api('/api/v1/routes/water', { json: { route: ctx.line.toGeoJSON(), within_m: $('route-within').value } });
    redraw();
    for (const w of res.water) drawWater(ctx.drawn, w);
    $('route-water').replaceChildren(...(res.water.length
      ? res.water.map(waterItem)
      : [el('li', { class: 'none' }, t('route.none', { d: res.within_m }))]));
  } catch (err) {
    showError(err);
  }
}

function drawWater(group, w) {
  if (!w.geometry) return;
  const layer = L.geoJSON({ type: 'Feature', geometry: w.geometry, properties: {} }, {
    style: () => waterStyle,
    pointToLayer: (f, ll) => L.circleMarker(ll, { ...waterStyle, radius: 7 }),
  });
  labelled(layer, () => `${w.water_name || t('school.unnamed')} · ${meters(w.distance_m)}`).addTo(group);
}

/**
 * waterItem is a water body near a route: how far, and where along the
 * route. At 0 m the route crosses it, on a bridge or through a ford, which
 * the item says rather than leave "0.0 m" to puzzle over.
 */
function waterItem(w) {
  const crosses = w.distance_m === 0;
  return el('li', { class: `hazard water${crosses ? ' crossing' : ''}`, dataset: { id: w.water_id, route: w.route_id } },
    el('b', {}, w.water_name || t('school.unnamed')), ` · ${label('water', w.water_kind || 'water')} · `,
    crosses ? el('span', { class: 'crosses' }, t('route.crosses')) : meters(w.distance_m), ' · ',
    t('route.along', { d: meters(w.along_m) }));
}

/** unreachedList lists the homes no walk within the reach joins to the school, each a link to it on the map. */
function unreachedList(r) {
  const homes = r.unreached || [];
  if (!homes.length) return null;
  return el('div', { class: 'unreached' },
    el('p', {}, t('route.unreached', { n: homes.length, reach: r.reach_m })),
    el('ul', {}, homes.map((h) => el('li', { dataset: { id: h.id } },
      el('button', { type: 'button', class: 'link', onclick: () => ctx.map.setView(L.latLng(h.lat, h.lon), 17) }, t('route.home', { id: h.id }))))));
}

/** routesSection renders a report's water along the computed walks, or nothing. */
export function routesSection(rep) {
  const r = rep.routes;
  if (!r) return null;
  return el('section', { class: 'routes' },
    el('h4', {}, t('route.report', { n: r.routes.length, reach: r.reach_m, d: r.within_m })),
    el('ul', {}, r.water.length ? r.water.map(waterItem) : el('li', { class: 'none' }, t('route.none', { d: r.within_m }))),
    unreachedList(r));
}

/** drawRoutes draws a report's computed walks and the water along them. */
export function drawRoutes(group, rep) {
  const r = rep.routes;
  if (!r) return;
  for (const rt of r.routes) {
    L.geoJSON({ type: 'Feature', geometry: rt.geometry, properties: {} }, {
      style: () => ({ color: '#6a1b9a', weight: 2, opacity: 0.7, dashArray: '4 4', className: 'sz-walk' }),
    }).addTo(group);
  }
  for (const w of r.water) drawWater(group, w);
  for (const h of r.unreached || []) {
    labelled(L.circleMarker(L.latLng(h.lat, h.lon), { radius: 5, color: '#6a1b9a', dashArray: '2 2', fillOpacity: 0.1, className: 'sz-unreached' }),
      () => t('route.home', { id: h.id })).addTo(group);
  }
}
