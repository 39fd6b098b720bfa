// Geometry for display only. Every distance shown to the user comes from
// the API (geodesic, WGS84); these helpers only decide where to draw.

const Z = 18; // zoom at which points are projected to find a foot point

/** latLngsOf returns every ring or line of a Leaflet vector layer, flattened. */
function linesOf(layer) {
  const out = [];
  const walk = (a) => {
    if (!Array.isArray(a) || a.length === 0) return;
    if (a[0] instanceof L.LatLng) out.push(a);
    else a.forEach(walk);
  };
  walk(layer.getLatLngs());
  return out;
}

/**
 * footPoint returns the point of layer nearest to latlng, as drawn on the
 * Web Mercator map: the point itself for a point layer, otherwise the foot
 * of the perpendicular on the nearest edge. Polygons are closed rings.
 */
export function footPoint(map, layer, latlng) {
  if (layer.getLatLng) return layer.getLatLng();
  const p = map.project(latlng, Z);
  const closed = layer instanceof L.Polygon;
  let best = null;
  let bestD = Infinity;
  for (const line of linesOf(layer)) {
    const pts = line.map((ll) => map.project(ll, Z));
    if (closed) pts.push(pts[0]);
    for (let i = 1; i < pts.length; i++) {
      const q = L.LineUtil.closestPointOnSegment(p, pts[i - 1], pts[i]);
      const d = q.distanceTo(p);
      if (d < bestD) { bestD = d; best = q; }
    }
  }
  return best ? map.unproject(best, Z) : null;
}

/** firstLayer returns the first vector or point layer inside a (nested) group. */
export function firstLayer(group) {
  if (!group.getLayers) return group;
  for (const l of group.getLayers()) {
    const inner = firstLayer(l);
    if (inner) return inner;
  }
  return null;
}

/** centreOf is the centre of a layer's extent. */
export function centreOf(layer) {
  return layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
}

/**
 * reachOf is how far, in meters, the farthest point of a campus lies from
 * its centre: 0 for a point. A fallback ring of radius r + reachOf around
 * the centre covers the whole zone of radius r around the campus.
 */
export function reachOf(map, layer) {
  if (layer.getLatLng) return 0;
  const c = centreOf(layer);
  let max = 0;
  for (const line of linesOf(layer)) for (const ll of line) max = Math.max(max, map.distance(c, ll));
  return max;
}
