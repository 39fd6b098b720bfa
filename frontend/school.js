// The school's view: find the school by name, see its campus with the 50,
// 100 and 200 m rings, every hazard colour-coded by severity, the water
// nearby, and print the hazard list.

import { api, bboxParam } from './api.js';
import { t, meters, label } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { colors, labelled, relabel } from './map.js';
import { campusesNear, campusLayer, ringLayer, reportRings, ringLabel } from './campus.js';
import { ringColors } from './orient.js';
import { setupRoutes, routesSection, drawRoutes } from './school_route.js';
import { datesLine } from './dates.js';
import { walkLine, clearedSection, drawWalk } from './walkview.js';

let ctx;
let last = null; // the last report, to redraw on a language change

/** setup wires the search form and returns the report's layer group. */
export function setup(map) {
  const group = L.featureGroup();
  ctx = { map, group };
  $('school-form').addEventListener('submit', (e) => {
    e.preventDefault();
    search($('school-q').value);
  });
  $('print').addEventListener('click', () => window.print());
  setupRoutes(map);
  // The map changes size for print: redraw it around the campus and its rings.
  const fit = () => {
    map.invalidateSize({ animate: false });
    if (ctx.rings && map.hasLayer(group)) map.fitBounds(ctx.rings.getBounds(), { animate: false, padding: [10, 10] });
  };
  matchMedia('print').addEventListener('change', fit);
  window.addEventListener('beforeprint', fit);
  window.addEventListener('afterprint', fit);
  document.addEventListener('langchange', () => {
    if (last) renderReport(last);
    relabel(group);
  });
  return { group };
}

/** search lists the schools whose name contains q, each with its address when it has one. */
async function search(q) {
  message('');
  try {
    const hits = await api(`/api/v1/schools/search?q=${encodeURIComponent(q.trim())}`);
    const items = hits.map((h) => el('li', {},
      el('button', { type: 'button', class: 'link', onclick: () => report(h.id, L.latLng(h.lat, h.lon)) },
        `${h.name || t('school.unnamed')} · ${label('kind', h.school_kind)}`),
      h.address ? el('div', { class: 'address muted' }, t('address', { a: h.address })) : null));
    $('school-results').replaceChildren(...(items.length ? items : [el('li', {}, t('school.none'))]));
  } catch (err) {
    showError(err);
  }
}

/** report loads one school's report and draws it; near is its approximate centre. */
export async function report(id, near) {
  message('');
  try {
    const rep = await api(`/api/v1/schools/report?id=${encodeURIComponent(id)}`, { auth: true });
    const campus = rep.school.geometry
      ? { type: 'Feature', geometry: rep.school.geometry, properties: { id, gates: rep.school.gates } }
      : (await campusesNear(near, 800)).get(id);
    const hazards = uniqueHazards(rep);
    const geoms = await hazardGeometries(hazards, campus);
    last = rep;
    renderReport(rep);
    draw(rep, campus, hazards, geoms);
  } catch (err) {
    showError(err);
  }
}

/**
 * uniqueHazards lists each hazard once: water shows in a ring and in the
 * water list, and a place may be both near the campus and along a route.
 */
function uniqueHazards(rep) {
  const seen = new Map();
  for (const h of [...rep.rings.flatMap((r) => r.hazards), ...rep.water, ...(rep.along || [])]) if (!seen.has(h.feature_id)) seen.set(h.feature_id, h);
  return [...seen.values()];
}

/**
 * hazardGeometries returns each hazard's geometry by feature id: its own
 * when the report carries one, else the business or water feature found
 * around the campus.
 */
async function hazardGeometries(hazards, campus) {
  const out = new Map(hazards.filter((h) => h.geometry).map((h) => [h.feature_id, h.geometry]));
  if (out.size === hazards.length || !campus) return out;
  const b = L.geoJSON(campus).getBounds(); // widened by 250 m on every side
  const box = bboxParam(b.getSouthWest().toBounds(500).extend(b.getNorthEast().toBounds(500)));
  const kinds = [...new Set(hazards.filter((h) => !out.has(h.feature_id)).map((h) => h.kind))];
  for (const kind of kinds) {
    const fc = await api(`/api/v1/features?kind=${kind}&bbox=${box}`);
    for (const f of fc.features) if (!out.has(f.properties.id)) out.set(f.properties.id, f.geometry);
  }
  return out;
}

function hazardItem(h) {
  const r = h.rules[0];
  const c = (r && r.citation) || {};
  const kind = h.kind === 'water' ? label('water', h.water_kind || 'water') : label('cat', h.category);
  const from = r && r.measured_from === 'route' ? ` ${t('from.route')}` : '';
  return el('li', { class: `hazard ${h.severity || 'inspect'}`, dataset: { id: h.feature_id } },
    el('b', {}, h.name || t('school.unnamed')), ` · ${kind} · ${meters(h.distance_m)}${from} `,
    h.severity ? el('span', { class: 'sev' }, label('severity', h.severity)) : null,
    h.address ? el('div', { class: 'hazard-address muted' }, t('address', { a: h.address })) : null,
    r ? el('div', { class: 'citation' }, `${r.rule_title} · ${t('citation', { text: [c.document, c.clause].filter(Boolean).join(' · ') })}`) : null,
    r && datesLine(r) ? el('div', { class: 'dates' }, datesLine(r)) : null,
    ...h.rules.filter(walkLine).map((x) => el('div', { class: 'walk' }, walkLine(x))),
    clearedSection(h.cleared_by_walking));
}

/** lackingItem is a rule of kind requires the school breaks. */
function lackingItem(h) {
  const cats = h.rule_title;
  const near = h.distance_m > 0
    ? t('school.nearestOf', { name: h.feature_name || h.feature_id || t('school.unnamed'), d: meters(h.distance_m) })
    : t('school.noneWithin');
  const c = h.citation || {};
  return el('li', { class: `hazard lacking ${h.severity}`, dataset: { rule: h.rule_id } },
    el('b', {}, cats), ` · ${t('school.lackingItem', { cat: lackingCategories(h), limit: meters(h.limit_m) })} · ${near} `,
    el('span', { class: 'sev' }, label('severity', h.severity)),
    el('div', { class: 'citation' }, t('citation', { text: [c.document, c.clause].filter(Boolean).join(' · ') })));
}

/** lackingCategories names the places a requires hit found missing. */
function lackingCategories(h) {
  return (h.categories || []).map((c) => label('cat', c)).join('、') || label('cat', h.category);
}

function renderReport(rep) {
  const s = rep.school;
  const n = uniqueHazards(rep).length;
  const sections = rep.rings.map((r) => el('section', { class: 'ring', dataset: { radius: r.radius_m } },
    el('h4', {}, el('span', { class: 'swatch', style: `border-color:${ringColors[r.radius_m] || '#888'}` }), t('school.ring', { r: r.radius_m })),
    el('ul', {}, r.hazards.length ? r.hazards.map(hazardItem) : el('li', { class: 'none' }, t('school.noHazards')))));
  // replaceChildren, unlike el, writes a null as the text "null": the
  // sections a report may lack are dropped first.
  $('report').replaceChildren(...[
    el('h3', {}, `${s.name || t('school.unnamed')} · ${label('kind', s.school_kind)}`),
    s.address ? el('p', { class: 'school-address' }, t('address', { a: s.address })) : null,
    el('p', { class: 'muted' }, `${s.id} · ${t('school.rings')}`),
    el('p', { id: 'hazard-total', dataset: { count: n } }, t('school.total', { n })),
    ...sections,
    (rep.cleared_by_walking || []).length ? el('section', { class: 'cleared-places' }, el('h4', {}, t('walk.places')),
      el('ul', {}, rep.cleared_by_walking.map(hazardItem))) : null,
    el('section', { class: 'water' }, el('h4', {}, t('school.water')),
      el('ul', {}, rep.water.length ? rep.water.map(hazardItem) : el('li', { class: 'none' }, t('school.noHazards')))),
    ...(rep.along && rep.along.length ? [el('section', { class: 'along' }, el('h4', {}, t('school.along')),
      el('p', { class: 'muted' }, t('school.alongHint')), el('ul', {}, rep.along.map(hazardItem)))] : []),
    el('section', { class: 'lacking' }, el('h4', {}, t('school.lacking')),
      el('ul', {}, rep.lacking && rep.lacking.length ? rep.lacking.map(lackingItem) : el('li', { class: 'none' }, t('school.noLacking')))),
    routesSection(rep)].filter(Boolean));
  $('print').hidden = false;
}

function draw(rep, campus, hazards, geoms) {
  const { map, group } = ctx;
  group.clearLayers();
  if (!campus) return;
  const shape = campusLayer(campus).addTo(group);
  const rings = reportRings(rep);
  ctx.rings = L.featureGroup().addTo(group);
  for (const r of [...rep.rings].reverse()) {
    const color = ringColors[r.radius_m] || '#888';
    const ring = labelled(ringLayer(map, shape, r.radius_m, rings.get(r.radius_m), { color, weight: 2, fill: false }),
      () => t('school.ring', { r: r.radius_m }), { sticky: true }).addTo(ctx.rings);
    ringLabel(ring, r.radius_m).addTo(group);
  }
  for (const h of hazards) {
    const g = geoms.get(h.feature_id);
    if (!g) continue;
    const c = h.kind === 'water' ? '#1565c0' : colors[h.severity] || colors.inspect;
    const style = { color: c, weight: h.kind === 'water' ? 4 : 2, fillColor: c, fillOpacity: 0.6, className: `sz-hazard sz-${h.kind}` };
    const layer = L.geoJSON({ type: 'Feature', geometry: g, properties: {} }, {
      style: () => style,
      pointToLayer: (f, ll) => L.circleMarker(ll, { ...style, radius: 7 }),
    });
    labelled(layer, () => `${h.name || t('school.unnamed')} · ${meters(h.distance_m)}`).addTo(group);
  }
  for (const h of [...hazards, ...(rep.cleared_by_walking || [])]) {
    for (const r of [...h.rules, ...(h.cleared_by_walking || [])]) drawWalk(group, r);
  }
  drawRoutes(group, rep);
  if (!map.hasLayer(group)) group.addTo(map);
  map.fitBounds(ctx.rings.getBounds(), { padding: [20, 20], maxZoom: 18 });
}
