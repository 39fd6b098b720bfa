// The police view: schools and the existing police points in view. Planned
// patrol posts (护学岗) will go in layers.patrol, an empty, labelled layer
// group until the patrol-planning API exists.

import { t } from './i18n.js';
import { $ } from './ui.js';

/** setup keeps the panel's counts in step with the view. */
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
  document.addEventListener('langchange', update);
}
