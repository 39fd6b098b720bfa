// The regulator's check: a category and a location (a click on the map or
// typed WGS84 coordinates) give the verdict at once, with the zone rings of
// the schools concerned, a line to the nearest offending campus, the rule
// and its citation. A toggle shows where the category is prohibited.

import { api } from './api.js';
import { t, meters, label } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { colors, viewLayer, labelled, relabel } from './map.js';
import { footPoint, firstLayer } from './geom.js';
import { campusesNear, campusLayer, gatesOf, gateRings, ringLayer, reportRings } from './campus.js';

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
  sel.addEventListener('change', () => {
    lead();
    if (map.hasLayer(zones.group)) zones.refresh();
    if (last) check(String(last.lat), String(last.lon));
  });
  $('check-form').addEventListener('submit', (e) => {
    e.preventDefault();
    check($('lat').value, $('lon').value);
  });
  map.on('click', (e) => {
    if (map.getContainer().dataset.tab !== 'regulator') return;
    $('lat').value = e.latlng.lat.toFixed(6);
    $('lon').value = e.latlng.lng.toFixed(6);
    check($('lat').value, $('lon').value);
  });
  $('zones-toggle').addEventListener('change', (e) => {
    if (e.target.checked) zones.group.addTo(map);
    else {
      zones.group.remove();
      $('zones-count').textContent = '';
    }
  });
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
    url: (bbox) => `/api/v1/zones?category=${encodeURIComponent($('category').value)}&bbox=${bbox}`,
    options: { style, interactive: false },
    onLoad: (fc) => {
      const areas = (sev) => (fc.features || []).filter((f) => f.properties.severity === sev)
        .reduce((n, f) => n + (f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.length : 1), 0);
      $('zones-count').textContent = t('zones.count', { p: areas('prohibited'), i: areas('inspect') });
    },
  });
}

/** check asks the server for the verdict at (lat, lon) and draws it. */
export async function check(lat, lon) {
  const { result } = ctx;
  message('');
  $('verdict').replaceChildren(el('p', {}, t('check.working')));
  try {
    const res = await api('/api/v1/check', { json: { lat, lon, category: $('category').value } });
    last = res;
    result.clearLayers();
    renderVerdict(res);
    await drawCheck(res);
  } catch (err) {
    $('verdict').replaceChildren();
    showError(err);
  }
}

function renderVerdict(res) {
  const box = el('div', { class: `verdict ${res.verdict}`, dataset: { verdict: res.verdict } },
    el('strong', { class: 'verdict-text' }, t(`verdict.${res.verdict}`)));
  if (res.coverage) box.append(el('p', {}, res.coverage));
  const n = res.nearest_school;
  if (n && res.verdict !== 'not_covered') {
    box.append(el('p', {}, t('nearest', { name: n.school_name || n.school_id, d: meters(n.distance_m) })));
  }
  if (res.hits.length === 0 && res.verdict !== 'not_covered') box.append(el('p', {}, t('hits.none')));
  box.append(el('ol', { class: 'hits' }, res.hits.map(hitItem)));
  $('verdict').replaceChildren(box);
}

function hitItem(h) {
  const c = h.citation || {};
  return el('li', { class: `hit ${h.severity}` },
    el('b', {}, `${h.rule_title} `), el('span', { class: 'sev' }, label('severity', h.severity)),
    el('div', {}, t('hit', {
      school: h.school_name || h.school_id, d: meters(h.distance_m), limit: meters(h.limit_m), from: t(`from.${h.measured_from}`),
    })),
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
  const campuses = reach < 5000 ? await campusesNear(here, 2 * reach + 500) : new Map();
  const ids = [...new Set(hits.map((h) => h.school_id))].slice(0, maxSchools);
  const reports = await Promise.all(ids.map((id) => api(`/api/v1/schools/report?id=${encodeURIComponent(id)}`).catch(() => null)));
  ids.forEach((id, i) => {
    const f = campuses.get(id);
    if (!f) return;
    const campus = campusLayer(f).addTo(result);
    const rings = reports[i] ? reportRings(reports[i]) : new Map();
    for (const h of hits.filter((x) => x.school_id === id)) {
      const style = { color: colors[h.severity], weight: 2, fill: false };
      if (h.measured_from === 'gate' && gatesOf(f).length) gateRings(f, h.limit_m, style).forEach((r) => r.addTo(result));
      else ringLayer(map, campus, h.limit_m, rings.get(h.limit_m), style).addTo(result);
    }
  });
  const target = hits[0] || (near && res.verdict !== 'not_covered' ? near : null);
  if (target && target.distance_m > 0 && campuses.get(target.school_id)) {
    drawLine(here, campuses.get(target.school_id), target, hits[0] ? colors[target.severity] : colors.not_covered);
  }
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
