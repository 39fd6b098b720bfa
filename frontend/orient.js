// Finding one's way on the map: a scale bar, a legend of what the colours
// and symbols mean, the names of the schools in view once zoomed in, and a
// button back to the data's area.

import { t, language } from './i18n.js';
import { el } from './ui.js';
import { colors } from './map.js';

export const ringColors = { 50: '#b71c1c', 100: '#e65100', 200: '#f9a825' };
const labelZoom = 15; // school names from this zoom level on
const maxLabels = 150; // and only when no more schools than this are in view

/** setupOrientation adds the scale bar, the legend, the home button and the school names. */
export function setupOrientation(map, layers, extentBounds) {
  L.control.scale({ imperial: false, position: 'bottomleft', maxWidth: 150 }).addTo(map);
  homeControl(extentBounds).addTo(map);
  legendControl().addTo(map);
  schoolLabels(map, layers.schools.group);
}

/** homeControl is a button that fits the map to the data's area. */
function homeControl(bounds) {
  const Home = L.Control.extend({
    options: { position: 'topleft' },
    onAdd(map) {
      const b = el('button', { type: 'button', id: 'home', class: 'leaflet-control-home', 'data-i18n-title': 'map.home' }, '⌂');
      b.title = t('map.home');
      b.setAttribute('aria-label', t('map.home'));
      L.DomEvent.disableClickPropagation(b);
      b.addEventListener('click', () => map.fitBounds(bounds));
      document.addEventListener('langchange', () => { b.title = t('map.home'); b.setAttribute('aria-label', t('map.home')); });
      return el('div', { class: 'leaflet-bar' }, b);
    },
  });
  return new Home();
}

const swatch = (cls, style) => el('span', { class: `key ${cls}`, style });

/** legendItems are the legend's rows: a symbol and the key of its text. */
function legendItems() {
  return [
    ['legend.rings', null],
    ...[50, 100, 200].map((r) => [['legend.ring', { r }], swatch('ring', `border-color:${ringColors[r]}`)]),
    ['legend.verdicts', null],
    ...['prohibited', 'inspect', 'allowed', 'not_covered'].map((v) => [`verdict.${v}`, swatch('dot', `background:${colors[v]}`)]),
    ['legend.symbols', null],
    ['layer.schools', swatch('dot', 'background:#9575cd;border:1px solid #5e35b1')],
    ['legend.campus', swatch('area', 'background:#f8ecb8;border:1px solid #e0c060')],
    ['layer.police', swatch('dot', 'background:#1e88e5;border:1px solid #0d47a1')],
    ['legend.post', swatch('dot', 'background:#26a69a;border:2px solid #00695c')],
    ['legend.water', swatch('area', 'background:#aad3f0;border:1px solid #7fb3e0')],
    ['legend.road', swatch('line', 'background:#f3b25c')],
  ];
}

/** legendControl is a folding legend, in the page's language. */
function legendControl() {
  const Legend = L.Control.extend({
    options: { position: 'bottomright' },
    onAdd() {
      const box = el('div', { class: 'leaflet-control sz-legend', id: 'legend' });
      const fill = () => {
        const open = box.classList.contains('open');
        const toggle = el('button', { type: 'button', class: 'legend-toggle', 'aria-expanded': String(open) }, t('legend.title'));
        toggle.addEventListener('click', () => { box.classList.toggle('open'); fill(); });
        const rows = legendItems().map(([key, sym]) => {
          const [k, vars] = Array.isArray(key) ? key : [key, {}];
          return sym ? el('li', {}, sym, t(k, vars)) : el('li', { class: 'head' }, t(k, vars));
        });
        box.replaceChildren(toggle, open ? el('ul', {}, rows) : '');
        box.lang = language() === 'zh' ? 'zh-CN' : 'en';
      };
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      fill();
      document.addEventListener('langchange', fill);
      return box;
    },
  });
  return new Legend();
}

/**
 * schoolLabels names the schools in view once the map is zoomed in far
 * enough that the names do not cover each other.
 */
function schoolLabels(map, schools) {
  const labels = L.layerGroup().addTo(map);
  const update = () => {
    labels.clearLayers();
    if (map.getZoom() < labelZoom || !map.hasLayer(schools)) return;
    const view = map.getBounds();
    const inView = [];
    schools.eachLayer((l) => {
      const at = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
      if (view.contains(at)) inView.push([l.feature.properties, at]);
    });
    if (inView.length > maxLabels) return;
    for (const [p, at] of inView) {
      L.tooltip({ permanent: true, direction: 'center', className: 'sz-school-label', interactive: false })
        .setLatLng(at).setContent(p.name || p.id).addTo(labels);
    }
  };
  map.on('moveend', update);
  schools.on('loaded', update);
  schools.on('add remove', update);
}
