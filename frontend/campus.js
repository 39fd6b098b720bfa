// Campuses and their zone rings, shared by the regulator's check and the
// school's report.

import { api, bboxParam } from './api.js';
import { t } from './i18n.js';
import { centreOf, firstLayer, reachOf } from './geom.js';
import { mapLabel } from './map.js';

/**
 * campusesNear returns the schools whose extent meets a square of side
 * sizeMeters around latlng, as a Map from id to GeoJSON feature.
 */
export async function campusesNear(latlng, sizeMeters) {
  const fc = await api(`/api/v1/schools?bbox=${bboxParam(latlng.toBounds(sizeMeters))}`);
  return new Map((fc.features || []).map((f) => [f.properties.id, f]));
}

/** campusLayer draws a campus outline (SVG, so it can be styled and found). */
export function campusLayer(feature, className = 'sz-campus') {
  const style = { color: '#4527a0', weight: 3, fillColor: '#b39ddb', fillOpacity: 0.4, className };
  return L.geoJSON(feature, {
    style: () => style,
    pointToLayer: (f, ll) => L.circleMarker(ll, { ...style, radius: 7 }),
  });
}

/** gatesOf returns a school's gates as LatLngs (GeoJSON [lon, lat] pairs). */
export function gatesOf(feature) {
  return ((feature && feature.properties.gates) || []).map((g) => L.GeoJSON.coordsToLatLng(g));
}

/**
 * ringLayer draws the zone of radiusMeters around a campus: the ring's own
 * GeoJSON geometry when the API gives one; otherwise (fallback) a dashed
 * circle around the campus centre, widened by the campus's own reach so it
 * covers the whole zone.
 */
export function ringLayer(map, campus, radiusMeters, geometry, style) {
  const cls = `sz-ring sz-ring-${radiusMeters}`;
  if (geometry) {
    return L.geoJSON(geometry, { style: () => ({ ...style, className: cls }), interactive: false });
  }
  const shape = firstLayer(campus);
  return L.circle(centreOf(shape), {
    ...style,
    radius: radiusMeters + reachOf(map, shape),
    dashArray: '6 4',
    className: `${cls} sz-ring-approx`,
    interactive: false,
  });
}

/** gateRings draws the zone of radiusMeters around each gate of a school. */
export function gateRings(feature, radiusMeters, style) {
  return gatesOf(feature).map((ll) => L.circle(ll, {
    ...style, radius: radiusMeters, className: `sz-ring sz-ring-${radiusMeters} sz-ring-gate`, interactive: false,
  }));
}

/** reportRings returns the ring geometries of a school report, by radius. */
export function reportRings(report) {
  return new Map((report.rings || []).map((r) => [r.radius_m, r.geometry || null]));
}

/** ringLabel names a ring's distance at its northernmost point. */
export function ringLabel(ring, radiusMeters) {
  // A circle knows its bounds only once on a map; its top is a radius north
  // of its centre (a degree of latitude is about 111.32 km).
  const at = ring instanceof L.Circle
    ? L.latLng(ring.getLatLng().lat + ring.getRadius() / 111320, ring.getLatLng().lng)
    : L.latLng(ring.getBounds().getNorth(), ring.getBounds().getCenter().lng);
  return mapLabel(at, () => t('ring.label', { r: radiusMeters }), `sz-ring-label sz-ring-label-${radiusMeters}`);
}
