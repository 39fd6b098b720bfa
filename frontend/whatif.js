// What-if, on the planning tab: before a rule changes (50 → 100 → 200 m,
// campus → gate), GET /api/v1/whatif says how many places of a category
// would be within each distance of a school. A slider steps through the
// distances: the count shows and the places within light up on the map.

import { api } from './api.js';
import { t, meters, label } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { labelled, relabel } from './map.js';

const shown = 50; // places listed in the panel for one distance
const lit = { color: '#c62828', fillColor: '#ef5350', fillOpacity: 0.9, radius: 7, weight: 2 };
const dim = { color: '#90a4ae', fillColor: '#cfd8dc', fillOpacity: 0.6, radius: 5, weight: 1 };
let ctx;

/** setup wires the what-if form and slider and returns the layer group of the places. */
export function setup(map, config) {
  const group = L.featureGroup();
  ctx = { map, group, res: null, markers: new Map() };
  const sel = $('whatif-category');
  for (const c of config.categories) sel.append(el('option', { value: c }, label('cat', c)));
  sel.value = 'internet_cafe';
  $('whatif-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  $('whatif-slider').addEventListener('input', () => step(Number($('whatif-slider').value)));
  document.addEventListener('langchange', () => {
    for (const o of sel.options) o.textContent = label('cat', o.value);
    if (ctx.res) step(Number($('whatif-slider').value));
    relabel(group);
  });
  return { group };
}

/** run asks the server once for every distance and draws the places. */
async function run() {
  message('');
  const q = new URLSearchParams({
    category: $('whatif-category').value, distances: $('whatif-distances').value.replace(/\s+/g, ''), from: $('whatif-from').value,
  });
  try {
    const res = await api(`/api/v1/whatif?${q}`, { auth: true });
    ctx.res = res;
    draw(res);
    const slider = $('whatif-slider');
    slider.max = String(res.distances.length - 1);
    slider.value = '0';
    slider.disabled = false;
    step(0);
  } catch (err) {
    showError(err);
  }
}

/** draw puts every place of the largest distance on the map, dimmed. */
function draw(res) {
  const { map, group } = ctx;
  group.clearLayers();
  ctx.markers.clear();
  const all = res.distances[res.distances.length - 1].places;
  for (const p of all) {
    const m = L.circleMarker([p.lat, p.lon], { ...dim, className: 'sz-whatif' });
    labelled(m, () => `${p.name || t('school.unnamed')} · ${meters(p.distance_m)} · ${p.school_name || p.school_id}`).addTo(group);
    ctx.markers.set(p.feature_id, m);
  }
  if (!map.hasLayer(group)) group.addTo(map);
  if (all.length) map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 17 });
}

/** step shows distance i: its count, its places listed and lit on the map. */
function step(i) {
  const d = ctx.res.distances[i];
  const inside = new Set(d.places.map((p) => p.feature_id));
  for (const [id, m] of ctx.markers) {
    const on = inside.has(id);
    m.setStyle(on ? lit : dim);
    m.getElement()?.classList.toggle('sz-whatif-in', on);
    if (on) m.bringToFront();
  }
  $('whatif-label').textContent = t('whatif.at', { d: meters(d.distance_m), from: t(`from.${ctx.res.from}`) });
  $('whatif-count').textContent = t('whatif.count', { n: d.count, cat: label('cat', ctx.res.category) });
  $('whatif-count').dataset.count = d.count;
  const items = d.places.slice(0, shown).map((p) => el('li', { dataset: { id: p.feature_id } },
    el('b', {}, p.name || t('school.unnamed')), ` · ${meters(p.distance_m)} · ${p.school_name || p.school_id}`));
  if (d.count > items.length) items.push(el('li', { class: 'none' }, t('whatif.more', { n: d.count - items.length })));
  $('whatif-places').replaceChildren(...items);
}
