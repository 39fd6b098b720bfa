// The map UI for regulators, schools, police and admins. It only calls the JSON API
// under /api/v1 on the server that served it: no CDN, no web fonts, no
// tiles unless the server is configured with a tile URL.
//
// When the first view is drawn (config, basemap and schools), it sets
// data-ready on <body>, and data-ready-ms to performance.now() at that time.

import { api, token, setToken } from './api.js';
import { t, apply, setLanguage, language, setCatalogue } from './i18n.js';
import { $, showError } from './ui.js';
import { createMap, popupText } from './map.js';
import * as regulator from './regulator.js';
import * as audit from './audit.js';
import * as school from './school.js';
import * as police from './police.js';
import * as admin from './admin.js';
import { setupRules } from './rules.js';
import { setupOrientation } from './orient.js';
import { setupSearch } from './search.js';
import * as site from './site.js';
import * as whatif from './whatif.js';
import * as certificate from './certificate.js';
import * as ledger from './ledger.js';

const tabs = ['regulator', 'school', 'police', 'plan', 'ledger', 'admin'];

async function main() {
  apply();
  $('token').value = token();
  $('token').addEventListener('change', (e) => setToken(e.target.value));
  $('lang').addEventListener('click', () => setLanguage(language() === 'zh' ? 'en' : 'zh'));

  const [config, catalogue] = await Promise.all([api('/api/v1/config'), api('/api/v1/categories')]);
  setCatalogue(catalogue);
  printMeta(config);
  setupRules(); // not awaited: the first view does not need it
  const { map, layers, extent } = createMap(config);
  setupOrientation(map, layers, extent);
  setupSearch(map);
  const reg = regulator.setup(map, config, catalogue);
  const aud = audit.setup(map);
  const sch = school.setup(map);
  const pol = police.setup(map, layers);
  admin.setup();
  const led = ledger.setup(map);
  const plan = site.setup(map);
  const what = whatif.setup(map, config);
  certificate.setup(map, reg.result);

  // The layers each tab shows; the layer control can turn any of them on.
  const byTab = {
    regulator: [reg.result, aud.group, aud.district],
    school: [sch.group],
    police: [layers.police.group, layers.patrol, pol.district],
    admin: [],
    ledger: [led.group],
    plan: [plan.group, what.group],
  };
  const show = (tab) => {
    if (!tabs.includes(tab)) tab = 'regulator';
    map.getContainer().dataset.tab = tab;
    document.body.dataset.tab = tab; // style.css prints each tab's own result
    for (const b of document.querySelectorAll('[role=tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    for (const name of tabs) $(`tab-${name}`).hidden = name !== tab;
    for (const [name, list] of Object.entries(byTab)) {
      for (const l of list) {
        if (name === tab) l.addTo(map);
        else l.remove();
      }
    }
    if (tab === 'regulator' && $('zones-toggle').checked) reg.zones.addTo(map);
    else reg.zones.remove();
    if (tab === 'admin') admin.refresh();
  };
  for (const b of document.querySelectorAll('[role=tab]')) {
    b.addEventListener('click', () => { history.replaceState(null, '', `#${b.dataset.tab}`); show(b.dataset.tab); });
  }
  show(location.hash.slice(1));

  // A click on a school opens its report on the school tab and names it on
  // the police tab; on the regulator tab the click checks that location.
  const popup = (ev) => L.popup().setLatLng(ev.latlng).setContent(popupText(ev.layer.feature.properties)).openOn(map);
  layers.schools.group.on('click', (ev) => {
    const tab = map.getContainer().dataset.tab;
    if (tab === 'school') school.report(ev.layer.feature.properties.id, ev.latlng);
    else if (tab === 'police') popup(ev);
  });
  layers.police.group.on('click', (ev) => { if (map.getContainer().dataset.tab !== 'regulator') popup(ev); });

  let control = null;
  const layerControl = () => {
    if (control) control.remove();
    const overlays = {
      [t('layer.basemap')]: layers.basemap.group,
      [t('layer.schools')]: layers.schools.group,
      [t('layer.police')]: layers.police.group,
      [t('layer.patrol')]: layers.patrol,
      [t('layer.zones')]: reg.zones,
      [t('layer.check')]: reg.result,
      [t('layer.audit')]: aud.group,
      [t('layer.report')]: sch.group,
      [t('layer.ledger')]: led.group,
      [t('layer.site')]: plan.group,
      [t('layer.whatif')]: what.group,
    };
    const bases = layers.tiles ? { [t('layer.tiles')]: layers.tiles } : {};
    control = L.control.layers(bases, overlays, { collapsed: true }).addTo(map);
    const toggle = control.getContainer().querySelector('.leaflet-control-layers-toggle');
    toggle.title = t('layer.title'); // Leaflet's is English
    toggle.setAttribute('aria-label', t('layer.title'));
  };
  layerControl();
  document.addEventListener('langchange', layerControl);

  await Promise.all([layers.basemap.ready(), layers.schools.ready()]);
  document.body.dataset.readyMs = performance.now().toFixed(0);
  document.body.dataset.ready = 'true';
}

/**
 * printMeta fills the line printed under every printout: the date and the
 * data's attribution (ODbL requires it on maps made from OSM data).
 */
function printMeta(config) {
  const fill = () => {
    const d = new Date();
    const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    $('print-meta').textContent = t('print.meta', { date, attribution: config.attribution });
  };
  fill();
  document.addEventListener('langchange', fill);
  window.addEventListener('beforeprint', fill);
}

main().catch(showError);
