// Where the regulator's check is: the coordinate system the user's points
// are in (WGS84, CGCS2000/天地图, GCJ-02/高德·腾讯, BD-09/百度; remembered),
// a paste box that reads the forms those maps copy (coords.js), and the
// latitude and longitude boxes, which are in that system. A click on the
// map, which is WGS84, is converted by the server for the boxes.

import { api } from './api.js';
import { t, label } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { parseCoords, fixed, CoordsError } from './coords.js';

export const crsList = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'];
const crsKey = 'safezone.crs';
let extent = null;
let lastParse = null; // what the paste box read, to say it again in another language

/** crs is the coordinate system the boxes are in. */
export function crs() { return $('crs').value; }

/**
 * setupPlace fills the coordinate system choice and wires the paste box.
 * onPoint is called when the boxes hold a new point to check.
 */
export function setupPlace(config, onPoint) {
  extent = config.extent;
  const sel = $('crs');
  for (const c of crsList) sel.append(el('option', { value: c }, label('crs', c)));
  const saved = localStorage.getItem(crsKey);
  sel.value = crsList.includes(saved) ? saved : 'wgs84';
  sel.addEventListener('change', () => {
    localStorage.setItem(crsKey, sel.value);
    // The numbers stay: they were copied from a map in the system now chosen.
    if ($('lat').value.trim() && $('lon').value.trim()) onPoint();
  });
  // Enter, a paste and leaving the box may all follow one text: read it once.
  let done = '';
  const read = () => {
    const text = $('paste').value.trim();
    if (!text || text === done) return;
    done = text;
    if (paste(text)) onPoint();
  };
  for (const id of ['lat', 'lon']) $(id).addEventListener('input', () => { done = ''; }); // the same text may be pasted again
  $('paste').addEventListener('paste', () => setTimeout(read, 0));
  $('paste').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); read(); }
  });
  $('paste').addEventListener('change', read);
  $('swap').addEventListener('click', () => {
    const [lat, lon] = [$('lat').value, $('lon').value];
    $('lat').value = lon;
    $('lon').value = lat;
    if (lastParse) lastParse = { ...lastParse, lat: Number(lon), lon: Number(lat), order: lastParse.order === 'lonlat' ? 'latlon' : 'lonlat', reason: 'swapped' };
    note();
    onPoint();
  });
  document.addEventListener('langchange', () => {
    for (const o of sel.options) o.textContent = label('crs', o.value);
    note();
  });
}

/** paste reads text into the boxes and says how it was read; false if it holds no point. */
function paste(text) {
  try {
    lastParse = parseCoords(text, extent);
  } catch (err) {
    if (!(err instanceof CoordsError)) throw err;
    lastParse = null;
    note();
    message(() => t(err.key, err.vars), 'error');
    return false;
  }
  message('');
  $('lat').value = fixed(lastParse.lat);
  $('lon').value = fixed(lastParse.lon);
  note();
  return true;
}

/** note says which number was taken for which, and why, with a button to swap them. */
function note() {
  const box = $('paste-note');
  box.hidden = !lastParse;
  if (!lastParse) return;
  const p = lastParse;
  $('paste-text').textContent = t('paste.read', {
    lat: fixed(p.lat), lon: fixed(p.lon), order: t(`paste.order.${p.order}`), why: t(`paste.why.${p.reason}`),
  });
  box.className = p.reason === 'guess' ? 'paste-note warn' : 'paste-note';
  box.dataset.order = p.order;
  box.dataset.reason = p.reason;
}

/**
 * fromMap puts a clicked WGS84 point in the boxes, converted to the chosen
 * system by the server.
 */
export async function fromMap(latlng) {
  lastParse = null;
  note();
  let p = { lat: latlng.lat, lon: latlng.lng };
  if (crs() === 'gcj02' || crs() === 'bd09') {
    try {
      p = await api(`/api/v1/crs/convert?lat=${latlng.lat}&lon=${latlng.lng}&from=wgs84&to=${crs()}`);
    } catch (err) {
      showError(err);
      return false;
    }
  }
  $('lat').value = fixed(p.lat);
  $('lon').value = fixed(p.lon);
  return true;
}

/** describe says where a check's answer was made: the point as given, its system, and in WGS84. */
export function describe(res) {
  const given = res.input || { lat: res.lat, lon: res.lon };
  let s = t('verdict.where', { lat: fixed(given.lat), lon: fixed(given.lon), crs: label('crs', res.crs || 'wgs84') });
  if (res.input) s += t('verdict.wgs84', { lat: fixed(res.lat), lon: fixed(res.lon) });
  return s;
}
