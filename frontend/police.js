// The police view: schools and the existing police points in view, with
// their count, and the patrol post (护学岗) plan (patrol.js) with the bell
// times and pupils it takes (patrol_input.js).

import { t } from './i18n.js';
import { $ } from './ui.js';
import { relabel } from './map.js';
import { setupPatrol } from './patrol.js';
import { setupInput } from './patrol_input.js';

/**
 * setup keeps the panel's counts in step with the view and wires the plan
 * form. It returns the layer of the district chosen for the plan.
 */
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
  setupInput();
  const district = setupPatrol(map, layers.patrol);
  document.addEventListener('langchange', () => {
    update();
    relabel(layers.patrol);
  });
  return { district };
}
