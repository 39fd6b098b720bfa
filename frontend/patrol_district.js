// The district a patrol plan is for (规划范围 → 辖区): a GeoJSON file of
// district boundaries picked on the police tab, as the audit API takes a
// district. A file with several polygons (a FeatureCollection of 辖区)
// offers each by its name; the one chosen is outlined on the map and sent
// as the plan's "district", so the server plans for the schools in or on
// it. The file is read here only to list its polygons: the server checks
// the boundary and says what is wrong with it.

import { t } from './i18n.js';
import { el, $, message } from './ui.js';

let districts = []; // {name, feature} of the file picked
let outline = null; // the chosen district on the map
let ctx;

/** setupDistrict wires the scope choice, the file button and the district list. */
export function setupDistrict(map) {
  ctx = { map };
  $('patrol-scope').addEventListener('change', show);
  $('patrol-district-pick').addEventListener('click', () => $('patrol-district-file').click());
  $('patrol-district-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = ''; // so that the same file can be picked again
    if (file) await load(file);
  });
  $('patrol-district').addEventListener('change', () => draw(true));
  document.addEventListener('langchange', () => { if (districts.length) list(); });
  show();
}

/** show shows the district row when the scope is a district, and its outline. */
function show() {
  const on = $('patrol-scope').value === 'district';
  $('patrol-district-row').hidden = !on;
  if (outline) outline.remove();
  outline = null;
  if (on) draw();
}

/** polygons lists the polygons of parsed GeoJSON, each with a name. */
function polygons(gj) {
  const feats = gj && gj.type === 'FeatureCollection' ? gj.features || [] : [gj && gj.type === 'Feature' ? gj : { type: 'Feature', properties: {}, geometry: gj }];
  return feats.filter((f) => f && f.geometry && /^(Multi)?Polygon$/.test(f.geometry.type)).map((f, i) => {
    const p = f.properties || {};
    return { name: p.name || p['名称'] || p.NAME || p.id || '', n: i + 1, feature: { type: 'Feature', properties: {}, geometry: f.geometry } };
  });
}

/** load reads a district file and lists its polygons. */
async function load(file) {
  message('');
  $('patrol-district-name').textContent = file.name;
  let gj;
  try {
    gj = JSON.parse(await file.text());
  } catch {
    gj = null;
  }
  districts = polygons(gj);
  list();
  if (!districts.length) {
    message(() => t('district.none', { file: file.name }), 'error');
    return;
  }
  draw(true);
}

/** list fills the district choice. */
function list() {
  const sel = $('patrol-district');
  const at = sel.value;
  sel.replaceChildren(...districts.map((d, i) => el('option', { value: String(i) }, d.name || t('district.unnamed', { n: d.n }))));
  if (at && at < districts.length) sel.value = at;
  sel.hidden = districts.length < 2;
}

/** draw outlines the chosen district, and fits the map to it when asked. */
function draw(fit = false) {
  if (outline) outline.remove();
  outline = null;
  const d = chosen();
  if (!d) return;
  outline = L.geoJSON(d, { style: { color: '#6a1b9a', weight: 2, dashArray: '6 4', fill: false, className: 'sz-district' }, interactive: false }).addTo(ctx.map);
  if (fit) ctx.map.fitBounds(outline.getBounds());
}

/** chosen is the district chosen, as a GeoJSON Feature, or null. */
export function chosen() {
  if (!districts.length) return null;
  return districts[Number($('patrol-district').value) || 0].feature;
}
