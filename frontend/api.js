// The JSON API client. Every error the server sends is {"error": "..."};
// api() throws an Error with that message, which the page shows as is.

import { t } from './i18n.js';

const tokenKey = 'safezone.token';

/** token returns the bearer token the user saved, or "". */
export function token() { return localStorage.getItem(tokenKey) || ''; }

/** setToken saves the bearer token for later requests. */
export function setToken(v) {
  if (v) localStorage.setItem(tokenKey, v.trim());
  else localStorage.removeItem(tokenKey);
}

/**
 * api fetches path from the server. opts: method, json (a body to send as
 * JSON), body and type (a raw body and its content type), auth (send the
 * token; "if-set" sends it only when there is one) and blob (answer with a
 * Blob instead of JSON). signal aborts the request. A 204 answers null.
 */
export async function api(path, opts = {}) {
  const headers = {};
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] = 'application/json';
  } else if (opts.type) {
    headers['Content-Type'] = opts.type;
  }
  const tok = token();
  if (tok && opts.auth) headers.Authorization = `Bearer ${tok}`;
  let res;
  try {
    res = await fetch(path, { method: opts.method || (body ? 'POST' : 'GET'), headers, body, signal: opts.signal });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new Error(t('error.network', { msg: err.message }));
  }
  if (!res.ok) {
    let msg = `${res.status} ${res.statusText}`;
    try {
      const j = await res.json();
      if (j && j.error) msg = j.error;
    } catch { /* not JSON: keep the status line */ }
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  if (res.status === 204) return null;
  return opts.blob ? res.blob() : res.json();
}

/** bboxParam is the map's view as the API's bbox: minLon,minLat,maxLon,maxLat. */
export function bboxParam(bounds) {
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v)).toFixed(6);
  return [
    clamp(bounds.getWest(), -180, 180), clamp(bounds.getSouth(), -90, 90),
    clamp(bounds.getEast(), -180, 180), clamp(bounds.getNorth(), -90, 90),
  ].join(',');
}
