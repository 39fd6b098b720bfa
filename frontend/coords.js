// Reading a point as officers copy it: from AMap (高德) "104.098164,30.673546"
// (longitude first), from Baidu or a GPS app "30.673546, 104.098164"
// (latitude first), or in degrees, minutes and seconds with hemispheres,
// "30°40'24.8\"N 104°5'53.4\"E" or "北纬30度40分24.8秒 东经104度5分53.4秒".
// Full-width digits and punctuation, as Chinese input methods type them,
// are read too.

const fullWidth = /[\uff01-\uff5e]/g;

/** normalize turns full-width characters into ASCII and unifies the marks of minutes and seconds. */
function normalize(s) {
  return s.replace(fullWidth, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ').replace(/[，、]/g, ',').replace(/；/g, ';').replace(/。/g, '.')
    .replace(/[º˚]/g, '°').replace(/[′’‘`]/g, "'").replace(/[″”“]|''/g, '"')
    .trim();
}

// One coordinate in degrees (minutes, seconds), with its hemisphere before
// it (prefixed) or after it (suffixed): a text uses one way for both.
const num = String.raw`(\d+(?:\.\d+)?)\s*(?:°|度)?\s*(?:(\d+(?:\.\d+)?)\s*(?:'|分))?\s*(?:(\d+(?:\.\d+)?)\s*(?:"|秒))?`;
const hemi = '(北纬|南纬|东经|西经|[NSEW])';
const prefixed = new RegExp(`${hemi}\\s*${num}`, 'gi');
const suffixed = new RegExp(`${num}\\s*${hemi}?`, 'gi');
const hemispheres = { N: ['lat', 1], S: ['lat', -1], E: ['lon', 1], W: ['lon', -1], 北纬: ['lat', 1], 南纬: ['lat', -1], 东经: ['lon', 1], 西经: ['lon', -1] };

/** readDMS returns the coordinates of a DMS text: [{value, axis}] with axis 'lat', 'lon' or null. */
function readDMS(s) {
  const pre = new RegExp(`^${hemi}`, 'i').test(s);
  const out = [];
  for (const m of s.matchAll(pre ? prefixed : suffixed)) {
    const [h, d, min, sec] = pre ? m.slice(1) : [m[4], ...m.slice(1, 4)];
    if (Number(min || 0) >= 60 || Number(sec || 0) >= 60) throw new CoordsError('coords.minutes', { text: m[0].trim() });
    let value = Number(d) + Number(min || 0) / 60 + Number(sec || 0) / 3600;
    const sign = h ? hemispheres[h.toUpperCase()] || hemispheres[h] : null;
    if (sign) value *= sign[1];
    out.push({ value, axis: sign ? sign[0] : null });
  }
  return out;
}

/** CoordsError is a text that is not a point; key and vars say why, in i18n.js. */
export class CoordsError extends Error {
  constructor(key, vars = {}) {
    super(key);
    this.key = key;
    this.vars = vars;
  }
}

const inside = (e, lat, lon, pad) => lon >= e[0] - pad && lon <= e[2] + pad && lat >= e[1] - pad && lat <= e[3] + pad;

/**
 * parseCoords reads a point from text. extent ([minLon, minLat, maxLon,
 * maxLat], the data's) decides the order of two plain numbers when both
 * could be a latitude. It returns {lat, lon, order, reason}: order is
 * 'lonlat' or 'latlon' as the text had them, reason why that order was
 * read: 'hemisphere' (N/E marks), 'range' (one number is over 90, so a
 * longitude), 'extent' (only that order falls near the data) or 'guess'
 * (neither tells: AMap's longitude-first is assumed, and the user should
 * look). It throws a CoordsError for text that holds no point.
 */
export function parseCoords(text, extent) {
  const s = normalize(String(text || ''));
  if (!s) throw new CoordsError('coords.empty');
  let a;
  let b;
  if (/[°度'"分秒]|北纬|东经|南纬|西经|\d\s*[NSEW]\b|\b[NSEW]\s*\d/i.test(s)) {
    const parts = readDMS(s);
    if (parts.length !== 2) throw new CoordsError('coords.unreadable', { text: s });
    [a, b] = parts;
    if (a.axis && b.axis && a.axis !== b.axis) {
      const lat = a.axis === 'lat' ? a.value : b.value;
      const lon = a.axis === 'lon' ? a.value : b.value;
      return checked(lat, lon, a.axis === 'lat' ? 'latlon' : 'lonlat', 'hemisphere');
    }
  } else {
    const m = s.match(/^([-+]?\d+(?:\.\d+)?)\s*(?:[,;\s/]\s*)([-+]?\d+(?:\.\d+)?)$/);
    if (!m) throw new CoordsError('coords.unreadable', { text: s });
    a = { value: Number(m[1]) };
    b = { value: Number(m[2]) };
  }
  const [x, y] = [a.value, b.value];
  if (Math.abs(x) > 90 && Math.abs(y) <= 90) return checked(y, x, 'lonlat', 'range');
  if (Math.abs(y) > 90 && Math.abs(x) <= 90) return checked(x, y, 'latlon', 'range');
  if (Math.abs(x) > 90 && Math.abs(y) > 90) throw new CoordsError('coords.range', { text: s });
  if (extent) {
    for (const pad of [0.05, 1]) { // near the data first, then its region
      const lonlat = inside(extent, y, x, pad);
      const latlon = inside(extent, x, y, pad);
      if (lonlat !== latlon) return lonlat ? checked(y, x, 'lonlat', 'extent') : checked(x, y, 'latlon', 'extent');
    }
  }
  return checked(y, x, 'lonlat', 'guess');
}

function checked(lat, lon, order, reason) {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new CoordsError('coords.range', { text: `${lat}, ${lon}` });
  }
  return { lat, lon, order, reason };
}

/** fixed formats degrees with 6 decimals (about 0.1 m), as the boxes show them. */
export function fixed(v) {
  return Number(v).toFixed(6);
}
