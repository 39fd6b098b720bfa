// The regulator's check: a category and a location (a click on the map, or
// coordinates typed or pasted in the chosen coordinate system, place.js)
// give the verdict at once under the chosen rule pack (rules.js), with the
// zone rings of the schools concerned, a line to the nearest offending
// campus, the rule and its citation. A toggle shows where the category is
// prohibited.

import { api } from './api.js';
import { t, meters, label } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { colors, viewLayer, labelled, relabel } from './map.js';
import { footPoint, firstLayer } from './geom.js';
import { campusesNear, campusLayer, gatesOf, gateRings, ringLayer, reportRings, ringLabel } from './campus.js';
import { setupPlace, fromMap, crs, describe } from './place.js';
import { rulesParam, describePack } from './rules.js';
import { datesLine } from './dates.js';
import { walkLine, clearedSection, drawWalk } from './walkview.js';

const maxSchools = 5; // schools whose rings are drawn for one check
let ctx;
let last = null; // the last check response, to redraw on a language change

/**
 * setup wires the check form and the zone layer. The categories, their
 * names and lead units come from the catalogue (GET /api/v1/categories),
 * in its order.
 */
export function setup(map, config, catalogue) {
  const result = L.featureGroup().addTo(map);
  const zones = zoneLayer(map);
  ctx = { map, result, zones };
  const sel = $('category');
  const business = catalogue.categories.map((k) => k.id).filter((c) => config.categories.includes(c));
  for (const c of business) sel.append(el('option', { value: c }, label('cat', c)));
  const lead = () => { $('category-lead').textContent = t('category.lead', { unit: label('lead', sel.value) }); };
  const legend = () => $('category-legend').querySelector('ul').replaceChildren(...business.map((c) =>
    el('li', { 'data-category': c }, el('b', {}, label('cat', c)), ` · ${label('lead', c)}`)));
  lead();
  legend();
  // Check again, at the point in the boxes: the one the user sees, even if
  // typed since the last check.
  const again = () => {
    if (last && $('lat').value.trim() && $('lon').value.trim()) check($('lat').value, $('lon').value);
  };
  sel.addEventListener('change', () => {
    lead();
    if (map.hasLayer(zones.group)) zones.refresh();
    again();
  });
  document.addEventListener('ruleschange', () => {
    if (map.hasLayer(zones.group)) zones.refresh();
    again();
  });
  setupPlace(config, () => check($('lat').value, $('lon').value));
  $('check-form').addEventListener('submit', (e) => {
    e.preventDefault();
    check($('lat').value, $('lon').value);
  });
  map.on('click', async (e) => {
    if (map.getContainer().dataset.tab !== 'regulator') return;
    if (await fromMap(e.latlng)) check($('lat').value, $('lon').value);
  });
  $('print-verdict').addEventListener('click', () => window.print());
  // The map changes size for print: redraw it around the verdict.
  const fit = () => {
    map.invalidateSize({ animate: false });
    if (map.getContainer().dataset.tab === 'regulator' && result.getLayers().length) {
      map.fitBounds(result.getBounds(), { animate: false, padding: [10, 10], maxZoom: 17 });
    }
  };
  matchMedia('print').addEventListener('change', fit);
  window.addEventListener('beforeprint', fit);
  window.addEventListener('afterprint', fit);
  $('zones-toggle').addEventListener('change', (e) => {
    if (e.target.checked) zones.group.addTo(map);
    else {
      zones.group.remove();
      $('zones-count').textContent = '';
    }
  });
  document.addEventListener('packs', () => { if (last) renderVerdict(last); }); // the pack's title and documents
  document.addEventListener('langchange', () => {
    for (const o of sel.options) o.textContent = label('cat', o.value);
    lead();
    legend();
    if (last) renderVerdict(last);
    relabel(result);
  });
  return { result, zones: zones.group };
}

/** zoneLayer loads GET /api/v1/zones for the chosen category and the view. */
function zoneLayer(map) {
  const style = (f) => {
    const c = colors[f.properties.severity] || colors.inspect;
    return { color: c, weight: 1, fillColor: c, fillOpacity: 0.25, className: `sz-zone sz-zone-${f.properties.severity}` };
  };
  return viewLayer(map, {
    url: (bbox) => `/api/v1/zones?category=${encodeURIComponent($('category').value)}&rules=${rulesParam()}&bbox=${bbox}`,
    options: { style, interactive: false },
    onLoad: (fc) => {
      const areas = (sev) => (fc.features || []).filter((f) => f.properties.severity === sev)
        .reduce((n, f) => n + (f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.length : 1), 0);
      $('zones-count').textContent = t('zones.count', { p: areas('prohibited'), i: areas('inspect') });
    },
  });
}

/**
 * check asks the server for the verdict at (lat, lon) and draws it. The
 * verdict's data-shown-ms and data-drawn-ms say how long after the request
 * it was shown, and the map drawn (the browser tests report them).
 */
export async function check(lat, lon) {
  const { result } = ctx;
  const start = performance.now();
  message('');
  $('verdict').replaceChildren(el('p', {}, t('check.working')));
  try {
    const request = { lat, lon, category: $('category').value, crs: crs(), rules: rulesParam() };
    if ($('opened-on').value.trim()) request.opened_on = $('opened-on').value.trim();
    const res = await api('/api/v1/check', { json: request });
    last = res;
    result.clearLayers();
    renderVerdict(res);
    const box = $('verdict').firstChild;
    box.dataset.shownMs = (performance.now() - start).toFixed(0);
    await drawCheck(res);
    box.dataset.drawnMs = (performance.now() - start).toFixed(0);
    document.dispatchEvent(new CustomEvent('sz-checked', { detail: { request, res } }));
  } catch (err) {
    // The last verdict is not for the inputs any more: forget it, so that a
    // language change does not bring it back.
    last = null;
    result.clearLayers();
    $('verdict').replaceChildren();
    $('print-verdict').hidden = true;
    showError(err);
  }
}

function renderVerdict(res) {
  const box = el('div', { class: `verdict ${res.verdict}`, dataset: { verdict: res.verdict, crs: res.crs || 'wgs84', rules: res.rules } },
    el('strong', { class: 'verdict-text' }, t(`verdict.${res.verdict}`)),
    el('p', { class: 'verdict-where' }, `${describe(res)} · ${t('verdict.category', { cat: label('cat', res.category) })}`),
    el('p', { class: 'verdict-rules' }, describePack(res.rules)));
  if (res.coverage) box.append(el('p', { class: 'coverage' }, res.coverage_code ? t(`coverage.${res.coverage_code}`) : res.coverage));
  const n = res.nearest_school;
  if (n && res.verdict !== 'not_covered') {
    box.append(el('p', {}, t('nearest', { name: n.school_name || n.school_id, d: meters(n.distance_m) }),
      n.school_address ? el('span', { class: 'school-address muted' }, ` · ${t('address', { a: n.school_address })}`) : null));
  }
  if (res.hits.length === 0 && res.verdict !== 'not_covered') box.append(el('p', {}, t('hits.none')));
  box.append(el('ol', { class: 'hits' }, res.hits.map(hitItem)));
  const cleared = clearedSection(res.cleared_by_walking, (h) => h.school_name || h.school_id);
  if (cleared) box.append(cleared);
  $('verdict').replaceChildren(box);
  $('print-verdict').hidden = false;
}

function hitItem(h) {
  const c = h.citation || {};
  return el('li', { class: `hit ${h.severity}` },
    el('b', {}, `${h.rule_title} `), el('span', { class: 'sev' }, label('severity', h.severity)),
    el('div', {}, t('hit', {
      school: h.school_name || h.school_id, d: meters(h.distance_m), limit: meters(h.limit_m), from: t(`from.${h.measured_from}`),
    })),
    h.school_address ? el('div', { class: 'school-address muted' }, t('address', { a: h.school_address })) : null,
    datesLine(h) ? el('div', { class: 'dates' }, datesLine(h)) : null,
    walkLine(h) ? el('div', { class: 'walk' }, walkLine(h)) : null,
    el('div', { class: 'citation' }, t('citation', { text: [c.document, c.number, c.clause].filter(Boolean).join(' · ') })));
}

/** drawCheck draws the location, the concerned campuses, their rings and the line. */
async function drawCheck(res) {
  const { map, result } = ctx;
  const here = L.latLng(res.lat, res.lon);
  const color = colors[res.verdict];
  const hits = [...res.hits].sort((a, b) => a.distance_m - b.distance_m);
  const near = res.nearest_school;
  const reach = Math.max(near && res.verdict !== 'not_covered' ? near.distance_m : 0, ...hits.map((h) => h.distance_m));
  const ids = [...new Set(hits.map((h) => h.school_id))].slice(0, maxSchools);
  // The campuses around and the rings of the schools concerned, at once.
  const [campuses, ...reports] = await Promise.all([
    reach < 5000 ? campusesNear(here, 2 * reach + 500) : new Map(),
    ...ids.map((id) => api(`/api/v1/schools/report?id=${encodeURIComponent(id)}&routes=false`).catch(() => null)),
  ]);
  ids.forEach((id, i) => {
    const f = campuses.get(id);
    if (!f) return;
    const campus = campusLayer(f).addTo(result);
    const rings = reports[i] ? reportRings(reports[i]) : new Map();
    for (const h of hits.filter((x) => x.school_id === id)) {
      const style = { color: colors[h.severity], weight: 2, fill: false };
      if (h.measured_from === 'gate' && gatesOf(f).length) gateRings(f, h.limit_m, style).forEach((r) => r.addTo(result));
      else ringLabel(ringLayer(map, campus, h.limit_m, rings.get(h.limit_m), style).addTo(result), h.limit_m).addTo(result);
    }
  });
  const target = hits[0] || (near && res.verdict !== 'not_covered' ? near : null);
  if (target && target.distance_m > 0 && campuses.get(target.school_id)) {
    drawLine(here, campuses.get(target.school_id), target, hits[0] ? colors[target.severity] : colors.not_covered);
  }
  for (const h of [...res.hits, ...(res.cleared_by_walking || [])]) drawWalk(result, h);
  const marker = L.circleMarker(here, { radius: 8, color: '#fff', weight: 2, fillColor: color, fillOpacity: 1, className: 'sz-location' });
  labelled(marker, () => t(`verdict.${res.verdict}`)).addTo(result);
  if (map.getZoom() < 15 || !map.getBounds().contains(result.getBounds())) {
    map.fitBounds(result.getBounds(), { maxZoom: 17, padding: [20, 20] });
  }
}

/** drawLine joins the location to the nearest point of the campus (or gate) it is measured from. */
function drawLine(here, feature, hit, color) {
  const { map, result } = ctx;
  let to;
  if (hit.measured_from === 'gate' && gatesOf(feature).length) {
    to = gatesOf(feature).reduce((a, b) => (map.distance(here, a) <= map.distance(here, b) ? a : b));
  } else {
    to = footPoint(map, firstLayer(L.geoJSON(feature)), here);
  }
  if (!to) return;
  const line = L.polyline([here, to], { color, weight: 3, dashArray: hit.rule_id ? null : '6 6', className: 'sz-line' });
  labelled(line, () => meters(hit.distance_m), { permanent: true, direction: 'right', offset: [14, 0], className: 'sz-distance' })
    .addTo(result);
}
