// The map: an offline basemap drawn from the loaded data, an optional tile
// layer, and the layers that follow the view (schools, police points). Large
// layers draw on canvas; small result layers use SVG so they can be styled.

import { api, bboxParam } from './api.js';
import { t, label } from './i18n.js';
import { el, message, showError, debounce } from './ui.js';

export const colors = { prohibited: '#c62828', inspect: '#ef8a00', exempt: '#546e7a', allowed: '#2e7d32', not_covered: '#616161' };

/**
 * viewLayer is a GeoJSON layer that loads url(bbox) for the map's view
 * (padded by half a view) whenever the view leaves what it holds, or was cut
 * off by the server's limit. Features are added in chunks, one per frame,
 * so that 50,000 markers never freeze the page. ready() resolves when the
 * current load is drawn. on404, if it returns true, retries once (after it
 * changed what url returns); sort orders the features before drawing. The
 * group fires "loaded" after each load.
 */
export function viewLayer(map, { url, options, chunk = 2000, onLoad, on404, sort }) {
  const group = L.geoJSON(null, options);
  let held = null; // the bounds drawn
  let loading = null; // the bounds being loaded
  let truncated = false;
  let ctrl = null;
  let current = Promise.resolve();
  const load = async (force) => {
    if (!map.hasLayer(group)) return;
    const view = map.getBounds();
    if (!force && ((held && held.contains(view) && !truncated) || (loading && loading.contains(view)))) return;
    const want = view.pad(0.5);
    const u = url(bboxParam(want));
    if (ctrl) ctrl.abort();
    const mine = (ctrl = new AbortController());
    loading = want;
    try {
      const fc = await api(u, { signal: mine.signal });
      group.clearLayers();
      const feats = fc.features || [];
      if (sort) feats.sort(sort);
      for (let i = 0; i < feats.length; i += chunk) {
        if (mine.signal.aborted) return;
        group.addData(feats.slice(i, i + chunk));
        if (i + chunk < feats.length) await new Promise(requestAnimationFrame);
      }
      held = want;
      truncated = !!fc.truncated;
      if (truncated) message(() => t('truncated', { n: feats.length }), 'info');
      if (onLoad) onLoad(fc);
      group.fire('loaded');
    } finally {
      if (ctrl === mine) loading = null;
    }
  };
  const refresh = (force) => {
    const report = (err) => showError(err);
    current = load(force).catch((err) => {
      if (err.status === 404 && on404 && on404()) return load(true).catch(report);
      return report(err);
    });
    return current;
  };
  // ready waits for the latest load, even one that replaced an earlier one.
  const ready = async () => {
    let p;
    do { p = current; await p; } while (p !== current);
  };
  map.on('moveend', debounce(() => refresh(false), 150));
  group.on('add', () => refresh(false));
  return { group, refresh: () => refresh(true), ready };
}

// Offline basemap styles by properties.layer and properties.class.
const majorRoads = new Set(['motorway', 'trunk', 'primary', 'motorway_link', 'trunk_link', 'primary_link']);
const midRoads = new Set(['secondary', 'tertiary', 'secondary_link', 'tertiary_link']);
const paths = new Set(['footway', 'path', 'cycleway', 'steps', 'pedestrian', 'track']);
const greens = new Set(['park', 'grass', 'forest', 'wood', 'meadow', 'garden', 'recreation_ground', 'cemetery']);
const layerOrder = { landuse: 0, water: 1, building: 2, campus: 3, road: 4 };

// layerOf is a basemap feature's layer; water features from /features have none.
const layerOf = (f) => (f.properties.layer || (f.properties.kind === 'water' ? 'water' : 'landuse'));

function basemapStyle(f) {
  const c = f.properties.class;
  switch (layerOf(f)) {
    case 'road':
      if (majorRoads.has(c)) return { color: '#f3b25c', weight: 4 };
      if (midRoads.has(c)) return { color: '#ffffff', weight: 3 };
      if (paths.has(c)) return { color: '#b8a898', weight: 1, dashArray: '2 3' };
      return { color: '#ffffff', weight: 2 };
    case 'water':
      return { color: '#7fb3e0', weight: 2, fillColor: '#aad3f0', fillOpacity: 1 };
    case 'building':
      return { color: '#c8bdb4', weight: 0.5, fillColor: '#d9d0c9', fillOpacity: 1 };
    case 'campus':
      return { color: '#e0c060', weight: 1, fillColor: '#f8ecb8', fillOpacity: 1 };
    default:
      return { stroke: false, fillColor: greens.has(c) ? '#cfe8c4' : '#e9e4dc', fillOpacity: 1 };
  }
}

/**
 * basemap draws GET /api/v1/basemap on canvas, in a pane under the
 * overlays. The server leaves out details (buildings, footways, small
 * areas) at low zoom levels, so the layer asks for the map's zoom level and
 * reloads when the level changes. A server without that endpoint (404) gets
 * the water bodies from /api/v1/features instead, so the map is never blank
 * offline.
 */
function basemap(map) {
  let fallback = false;
  let level = null; // the zoom level of the latest load
  const layer = viewLayer(map, {
    url: (bbox) => {
      level = Math.floor(map.getZoom());
      return fallback ? `/api/v1/features?kind=water&bbox=${bbox}` : `/api/v1/basemap?bbox=${bbox}&zoom=${level}`;
    },
    on404: () => { fallback = true; return true; },
    sort: (a, b) => layerOrder[layerOf(a)] - layerOrder[layerOf(b)],
    options: {
      renderer: L.canvas({ pane: 'basemap', padding: 0.5 }),
      interactive: false,
      style: basemapStyle,
      pointToLayer: () => null,
    },
  });
  map.on('zoomend', () => {
    if (!fallback && level !== null && Math.floor(map.getZoom()) !== level && map.hasLayer(layer.group)) layer.refresh();
  });
  return layer;
}

/** schools draws every school on canvas (renderer): campus polygons and points. */
function schools(map, renderer) {
  const style = { color: '#5e35b1', weight: 1, fillColor: '#9575cd', fillOpacity: 0.35 };
  return viewLayer(map, {
    url: (bbox) => `/api/v1/schools?bbox=${bbox}`,
    options: {
      renderer,
      style: () => style,
      pointToLayer: (f, ll) => L.circleMarker(ll, { ...style, renderer, radius: 4, fillOpacity: 0.8 }),
    },
  });
}

/** police draws the existing police points on canvas (renderer). */
function police(map, renderer) {
  const style = { color: '#0d47a1', weight: 2, fillColor: '#1e88e5', fillOpacity: 0.8 };
  return viewLayer(map, {
    url: (bbox) => `/api/v1/features?kind=business&category=police&bbox=${bbox}`,
    options: { renderer, style: () => style, pointToLayer: (f, ll) => L.circleMarker(ll, { ...style, renderer, radius: 6 }) },
  });
}

/** labelled binds a tooltip whose text is made by text(), again after a language change. */
export function labelled(layer, text, options) {
  layer.szLabel = text;
  return layer.bindTooltip(text(), options);
}

/**
 * label is a label that stays on the map at latlng, such as a ring's
 * distance; text() makes its text, again after a language change.
 */
export function mapLabel(latlng, text, className) {
  const tip = L.tooltip({ permanent: true, direction: 'center', className, interactive: false }).setLatLng(latlng).setContent(text());
  tip.szLabel = text;
  return tip;
}

/** relabel refreshes the labels of every layer in group, after a language change. */
export function relabel(group) {
  group.eachLayer((l) => {
    if (l.szLabel) {
      if (l instanceof L.Tooltip) l.setContent(l.szLabel());
      else l.setTooltipContent(l.szLabel());
    }
    if (l.eachLayer) relabel(l);
  });
}

/**
 * popupText names a feature for a popup: name (or id) and its kind, and
 * its address when it has one. Names are data: set as text, never HTML.
 */
export function popupText(p) {
  const kind = p.school_kind ? label('kind', p.school_kind) : label('cat', p.category);
  return el('div', { class: 'sz-popup' }, `${p.name || p.id} · ${kind}`,
    p.address ? el('div', { class: 'address muted' }, t('address', { a: p.address })) : null);
}

/**
 * createMap builds the map and its layers for the server's config. The
 * returned layers are plain Leaflet groups; "patrol" holds the patrol post
 * (护学岗) plan that police.js draws.
 */
export function createMap(config) {
  const map = L.map('map', { zoomControl: false, preferCanvas: false });
  // Leaflet's controls have English titles: ours say them in the page's language.
  const zoom = L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(map);
  document.addEventListener('langchange', () => {
    for (const [cls, key] of [['.leaflet-control-zoom-in', 'map.zoomIn'], ['.leaflet-control-zoom-out', 'map.zoomOut']]) {
      const b = zoom.getContainer().querySelector(cls);
      b.title = t(key);
      b.setAttribute('aria-label', t(key));
    }
  });
  map.createPane('basemap').style.zIndex = 250;
  map.attributionControl.addAttribution(config.attribution);
  const e = config.extent; // [minLon, minLat, maxLon, maxLat], the API's bbox order
  const extent = L.latLngBounds(L.latLng(e[1], e[0]), L.latLng(e[3], e[2]));
  map.fitBounds(extent);
  // Schools and police points share one canvas: a canvas takes every
  // click on it, so the police points' own canvas, on top on the police
  // tab, would keep the clicks from the schools under it.
  const points = L.canvas({ padding: 0.5 });
  const layers = {
    basemap: basemap(map),
    schools: schools(map, points),
    police: police(map, points),
    patrol: L.layerGroup(), // 护学岗: the plan police.js asks for
    tiles: config.tile_url ? L.tileLayer(config.tile_url, { maxZoom: 19 }) : null,
  };
  if (layers.tiles) layers.tiles.addTo(map);
  layers.basemap.group.addTo(map);
  layers.schools.group.addTo(map);
  return { map, layers, extent };
}
