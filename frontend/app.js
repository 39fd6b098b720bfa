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

const tabs = ['regulator', 'school', 'police', 'admin'];

async function main() {
  apply();
  $('token').value = token();
  $('token').addEventListener('change', (e) => setToken(e.target.value));
  $('lang').addEventListener('click', () => setLanguage(language() === 'zh' ? 'en' : 'zh'));

  const [config, catalogue] = await Promise.all([api('/api/v1/config'), api('/api/v1/categories')]);
  setCatalogue(catalogue);
  const { map, layers } = createMap(config);
  const reg = regulator.setup(map, config, catalogue);
  const aud = audit.setup(map);
  const sch = school.setup(map);
  police.setup(map, layers);
  admin.setup();

  // The layers each tab shows; the layer control can turn any of them on.
  const byTab = {
    regulator: [reg.result, aud.group],
    school: [sch.group],
    police: [layers.police.group, layers.patrol],
    admin: [],
  };
  const show = (tab) => {
    if (!tabs.includes(tab)) tab = 'regulator';
    map.getContainer().dataset.tab = tab;
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
    };
    const bases = layers.tiles ? { [t('layer.tiles')]: layers.tiles } : {};
    control = L.control.layers(bases, overlays, { collapsed: true }).addTo(map);
  };
  layerControl();
  document.addEventListener('langchange', layerControl);

  await Promise.all([layers.basemap.ready(), layers.schools.ready()]);
  document.body.dataset.readyMs = performance.now().toFixed(0);
  document.body.dataset.ready = 'true';
}

main().catch(showError);
