// The walking method's evidence on the map and in the panel: a hit measured
// on foot shows its walking distance and route; a place the walk clears
// (the straight line puts it in the zone, no walk within the limit does)
// shows the walk found, or how far one was sought.

import { t, meters } from './i18n.js';
import { el } from './ui.js';
import { labelled } from './map.js';

/** walkLine says how a hit was walked, or "" for a hit measured straight. */
export function walkLine(h) {
  if (h.method !== 'walking') return '';
  if (h.walking_more_than_m) return t('walk.more', { cap: meters(h.walking_more_than_m), limit: meters(h.limit_m) });
  return t(h.cleared_by_walking ? 'walk.cleared' : 'walk.hit', { d: meters(h.walking_m), limit: meters(h.limit_m) });
}

/** clearedSection lists the places the walk clears, or nothing. */
export function clearedSection(list, name) {
  if (!list || !list.length) return null;
  return el('section', { class: 'cleared' }, el('h4', {}, t('walk.title')),
    el('ol', { class: 'cleared-list' }, list.map((h) => el('li', { class: 'hit cleared', dataset: { rule: h.rule_id } },
      el('b', {}, `${h.rule_title} `), name ? `${name(h)} · ` : '', t('walk.straight', { d: meters(h.distance_m) }),
      el('div', { class: 'walk' }, walkLine(h))))));
}

/** drawWalk draws a hit's route, dashed for a place the walk clears. */
export function drawWalk(group, h) {
  if (!h.route) return;
  const style = { color: h.cleared_by_walking ? '#2e7d32' : '#6a1b9a', weight: 3, dashArray: h.cleared_by_walking ? '6 5' : null, className: 'sz-walk-route' };
  labelled(L.geoJSON({ type: 'Feature', geometry: h.route, properties: {} }, { style: () => style, interactive: true }),
    () => walkLine(h)).addTo(group);
}
