// Finding a place by name or address, offline: the search box in the header
// asks GET /api/v1/search (names of schools, streets, businesses and water
// in the loaded data, by characters or pinyin, and their addresses by street
// and house number) as the user types, lists what it finds with its address,
// and a choice jumps there on the map and marks it. A school chosen on the
// school tab opens its report.

import { api } from './api.js';
import { t, label } from './i18n.js';
import { el, $, debounce, showError } from './ui.js';
import * as school from './school.js';

let ctx;
let hits = [];
let ctrl = null;

/** setupSearch wires the search box to the map. */
export function setupSearch(map) {
  const marker = L.layerGroup().addTo(map);
  ctx = { map, marker };
  const box = $('search');
  box.addEventListener('input', debounce(() => find(box.value), 200));
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (hits.length) choose(hits[0]);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  document.addEventListener('click', (e) => { if (!$('search-box').contains(e.target)) close(); });
  document.addEventListener('langchange', () => render(box.value));
}

function close() {
  $('search-results').hidden = true;
}

/** find asks for the names matching q; an answer to an older q is dropped. */
async function find(q) {
  if (ctrl) ctrl.abort();
  if (!q.trim()) {
    hits = [];
    close();
    return;
  }
  const mine = (ctrl = new AbortController());
  try {
    hits = await api(`/api/v1/search?q=${encodeURIComponent(q.trim())}&limit=10`, { auth: true, signal: mine.signal });
    render(q);
  } catch (err) {
    showError(err);
  }
}

/** what says what a hit is: its school kind, category or water kind. */
function what(h) {
  if (h.kind === 'school') return label('kind', h.school_kind || 'school');
  if (h.kind === 'street') return t('search.street');
  if (h.kind === 'water') return label('water', h.water_kind || 'water');
  return label('cat', h.category);
}

function render(q) {
  const list = $('search-results');
  if (!q.trim()) return close();
  const items = hits.map((h) => el('li', { dataset: { id: h.id, match: h.match } },
    el('button', { type: 'button', onclick: () => choose(h) },
      el('b', {}, title(h)), ` · ${what(h)}`, h.match === 'pinyin' || h.match === 'initials' || h.match === 'address' ? el('span', { class: 'muted' }, ` · ${t(`search.${h.match}`)}`) : null,
      h.address && h.name ? el('div', { class: 'search-address muted' }, h.address) : null)));
  list.replaceChildren(...(items.length ? items : [el('li', { class: 'none' }, t('search.none'))]));
  list.hidden = false;
}

/** title is a hit's name, or its address for a place found by address alone. */
const title = (h) => h.name || h.address || h.id;

/** choose jumps to a hit, marks it, and opens a school's report on the school tab. */
function choose(h) {
  const { map, marker } = ctx;
  close();
  const at = L.latLng(h.lat, h.lon);
  marker.clearLayers();
  L.circleMarker(at, { radius: 14, color: '#d81b60', weight: 3, fill: false, className: 'sz-found' })
    .bindTooltip([title(h), what(h), h.name ? h.address : ''].filter(Boolean).join(' · '), { permanent: true, direction: 'top', offset: [0, -12], className: 'sz-found-label' })
    .addTo(marker);
  map.setView(at, Math.max(map.getZoom(), 17));
  if (h.kind === 'school' && map.getContainer().dataset.tab === 'school') school.report(h.id, at);
}
