// The police view: schools and the existing police points in view, and the
// patrol post (护学岗) plan. The plan asks POST /api/v1/patrol for K new
// posts of cover radius R for the schools in view, and draws it in
// layers.patrol: each post, a line from it to each school it staffs, the
// schools covered (green) and not (red), and in the panel the coverage,
// the upper bound on any plan and the list of posts.

import { api, bboxParam } from './api.js';
import { t, label } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { labelled, relabel } from './map.js';

const styles = {
  post: { color: '#00695c', fillColor: '#26a69a', fillOpacity: 0.9, weight: 2, radius: 8 },
  existing_post: { color: '#0d47a1', fillColor: '#1e88e5', fillOpacity: 0.9, weight: 2, radius: 7 },
  cover: { color: '#00897b', weight: 2, dashArray: '4 4', interactive: false },
  covered: { color: '#2e7d32', weight: 2, fillColor: '#66bb6a', fillOpacity: 0.35, radius: 6 },
  uncovered: { color: '#c62828', weight: 2, fillColor: '#ef5350', fillOpacity: 0.5, radius: 6 },
};

let last = null; // the last plan, to redraw the panel on a language change

/** setup keeps the panel's counts in step with the view and wires the plan form. */
export function setup(map, layers) {
  const count = (group) => {
    const view = map.getBounds();
    let n = 0;
    group.eachLayer((l) => {
      if (l.getLatLng ? view.contains(l.getLatLng()) : view.intersects(l.getBounds())) n++;
    });
    return n;
  };
  const update = () => {
    if (!map.hasLayer(layers.police.group)) return;
    $('police-count').textContent = t('police.count', { s: count(layers.schools.group), p: count(layers.police.group) });
  };
  map.on('moveend', update);
  layers.schools.group.on('loaded', update);
  layers.police.group.on('loaded', update);
  // The count is only kept while the police tab shows: say it again, for
  // the view and in the language of the moment, when the tab comes back.
  layers.police.group.on('add', update);
  $('patrol-form').addEventListener('submit', (e) => {
    e.preventDefault();
    plan(map, layers.patrol);
  });
  document.addEventListener('langchange', () => {
    update();
    if (last) renderPlan(map, last);
    relabel(layers.patrol);
  });
}

/** plan asks the server for a plan over the schools in view and draws it. */
async function plan(map, group) {
  message('');
  $('patrol-result').replaceChildren(el('p', {}, t('patrol.working')));
  try {
    const fc = await api('/api/v1/patrol?format=geojson', {
      json: { posts: $('patrol-k').value, radius: $('patrol-r').value, bbox: bboxParam(map.getBounds()) },
      auth: true,
    });
    last = fc;
    group.clearLayers();
    L.geoJSON(fc, { style, pointToLayer, onEachFeature: (f, l) => describe(f, l) }).addTo(group);
    renderPlan(map, fc);
  } catch (err) {
    $('patrol-result').replaceChildren();
    showError(err);
  }
}

function style(f) {
  const p = f.properties;
  if (p.kind === 'school') return { ...styles[p.covered ? 'covered' : 'uncovered'], className: `sz-patrol-school sz-${p.covered ? 'covered' : 'uncovered'}` };
  return { ...styles[p.kind], className: `sz-patrol-${p.kind}` };
}

function pointToLayer(f, ll) {
  return L.circleMarker(ll, style(f));
}

/** describe labels posts and schools; the label follows the language. */
function describe(f, layer) {
  const p = f.properties;
  if (p.kind === 'post' || p.kind === 'existing_post') {
    labelled(layer, () => t(`patrol.${p.kind}`, { id: p.id, n: p.covers }));
  } else if (p.kind === 'school') {
    labelled(layer, () => `${p.name || p.id} · ${label('kind', p.school_kind)} · ${t(p.covered ? 'patrol.covered' : 'patrol.uncovered')}`);
  }
}

/** renderPlan shows the plan's figures and its new posts in the panel. */
function renderPlan(map, fc) {
  const s = fc.plan;
  const posts = fc.features.filter((f) => f.properties.kind === 'post');
  const items = posts.map((f) => {
    const [lon, lat] = f.geometry.coordinates;
    return el('li', {}, el('button', { type: 'button', class: 'link', onclick: () => map.setView(L.latLng(lat, lon), 17) },
      t('patrol.post', { id: f.properties.id, n: f.properties.covers })));
  });
  $('patrol-result').replaceChildren(el('div', {
    class: 'patrol-summary',
    dataset: { posts: String(posts.length), covered: String(s.covered), schools: String(s.schools), bound: String(s.upper_bound) },
  },
  el('p', {}, el('strong', {}, t('patrol.summary', { k: posts.length, c: s.covered, n: s.schools, e: s.existing_weight }))),
  el('p', {}, t('patrol.bound', { u: s.upper_bound, g: s.gap })),
  s.uncovered.length ? el('p', {}, t('patrol.left', { n: s.uncovered.length })) : null,
  el('ol', { class: 'patrol-posts' }, items)));
}
