// A district (辖区) picked from a GeoJSON file of boundaries, as the audit
// and patrol APIs take one: the police tab plans for it (patrol.js) and
// the regulator tab audits it (audit.js), each with a picker of its own
// over elements named by a prefix: PREFIX-scope (view, all or district),
// PREFIX-district-row, -district-file, -district-pick, -district-name
// (the file's name) and PREFIX-district (the choice). A file with several
// polygons (a FeatureCollection of 辖区) offers each by its name; the one
// chosen is outlined in the picker's group and sent as "district". The
// file is read here only to list its polygons: the server checks the
// boundary and says what is wrong with it.

import { t } from './i18n.js';
import { el, $, message } from './ui.js';

/** maxName is the most characters of a district's name the server takes. */
const maxName = 100;

/**
 * districtPicker wires the scope choice, the file button and the district
 * list named by prefix. It returns the picker: group (the outline, for the
 * tab to show), scope() (view, all or district), chosen() (the district as
 * a GeoJSON Feature, or null), name() (its name in the file, cleaned, or
 * "") and label() (a function saying its name, or "district N" for a
 * polygon without one, in the page's language of the moment).
 */
export function districtPicker(map, prefix) {
  const id = (part) => $(`${prefix}-${part}`);
  const group = L.featureGroup();
  let districts = []; // {name, n, feature} of the file picked

  const chosenOne = () => (districts.length ? districts[Number(id('district').value) || 0] : null);
  const scope = () => id('scope').value;

  /** draw outlines the chosen district, and fits the map to it when asked. */
  const draw = (fit = false) => {
    group.clearLayers();
    const d = chosenOne();
    if (!d || scope() !== 'district') return;
    const outline = L.geoJSON(d.feature, { style: { color: '#6a1b9a', weight: 2, dashArray: '6 4', fill: false, className: 'sz-district' }, interactive: false });
    group.addLayer(outline);
    if (fit) map.fitBounds(outline.getBounds());
  };

  /** list fills the district choice. */
  const list = () => {
    const sel = id('district');
    const at = sel.value;
    sel.replaceChildren(...districts.map((d, i) => el('option', { value: String(i) }, d.name || t('district.unnamed', { n: d.n }))));
    if (at && at < districts.length) sel.value = at;
    sel.hidden = districts.length < 2;
  };

  /** load reads a district file and lists its polygons. */
  const load = async (file) => {
    message('');
    id('district-name').textContent = file.name;
    let gj;
    try {
      gj = JSON.parse(await file.text());
    } catch {
      gj = null;
    }
    districts = polygons(gj);
    list();
    if (!districts.length) {
      group.clearLayers();
      message(() => t('district.none', { file: file.name }), 'error');
      return;
    }
    draw(true);
  };

  /** show shows the district row when the scope is a district, and its outline. */
  const show = () => {
    id('district-row').hidden = scope() !== 'district';
    draw();
  };

  id('scope').addEventListener('change', show);
  id('district-pick').addEventListener('click', () => id('district-file').click());
  id('district-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = ''; // so that the same file can be picked again
    if (file) await load(file);
  });
  id('district').addEventListener('change', () => draw(true));
  document.addEventListener('langchange', () => { if (districts.length) list(); });
  show();

  return {
    group,
    scope,
    chosen: () => { const d = chosenOne(); return d ? d.feature : null; },
    name: () => { const d = chosenOne(); return d ? cleanName(d.name) : ''; },
    label: () => { const d = chosenOne(); return d ? districtLabel(d) : () => ''; },
  };
}

/** districtLabel makes a district's label: its name, or "辖区 N" in the page's language. */
function districtLabel(d) {
  return () => d.name || t('district.unnamed', { n: d.n });
}

/** polygons lists the polygons of parsed GeoJSON, each with a name. */
function polygons(gj) {
  const feats = gj && gj.type === 'FeatureCollection' ? gj.features || [] : [gj && gj.type === 'Feature' ? gj : { type: 'Feature', properties: {}, geometry: gj }];
  return feats.filter((f) => f && f.geometry && /^(Multi)?Polygon$/.test(f.geometry.type)).map((f, i) => {
    const p = f.properties || {};
    const name = p.name || p['名称'] || p.NAME || p.id || '';
    return { name: String(name), n: i + 1, feature: { type: 'Feature', properties: {}, geometry: f.geometry } };
  });
}

/**
 * cleanName is a district's name as the server takes it (district_name):
 * one line, without control characters, at most maxName characters.
 */
function cleanName(s) {
  // eslint-disable-next-line no-control-regex
  return [...s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ').trim()].slice(0, maxName).join('');
}
