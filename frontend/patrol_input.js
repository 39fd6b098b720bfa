// What the police know that the map does not: bell times by school kind
// (when posts are staffed; the roster follows them) and each school's
// pupils (the weight of a school in the plan), entered on the police tab
// and remembered. Bad entries are refused here, in the page's language,
// before the plan is asked for.

import { api } from './api.js';
import { t, label } from './i18n.js';
import { $ } from './ui.js';

export const kinds = ['kindergarten', 'primary', 'secondary', 'school'];
const bellsKey = 'safezone.bells';
const enrolmentKey = 'safezone.enrolment';

/** InputError is an entry the plan cannot use; key and vars say why, in i18n.js. */
export class InputError extends Error {
  constructor(key, vars) {
    super(key);
    this.say = () => t(key, vars);
    this.message = this.say();
  }
}

/** setupInput restores the entries and saves them as they change. */
export function setupInput() {
  const saved = JSON.parse(localStorage.getItem(bellsKey) || '{}');
  for (const k of kinds) {
    const input = $(`bells-${k}`);
    input.value = (saved.kinds && saved.kinds[k]) || '';
    input.addEventListener('change', save);
  }
  if (saved.margin !== undefined) $('bells-margin').value = saved.margin;
  $('bells-margin').addEventListener('change', save);
  $('enrolment').value = localStorage.getItem(enrolmentKey) || '';
  $('enrolment').addEventListener('change', () => localStorage.setItem(enrolmentKey, $('enrolment').value));
}

function save() {
  const out = { kinds: {}, margin: $('bells-margin').value };
  for (const k of kinds) out.kinds[k] = $(`bells-${k}`).value;
  localStorage.setItem(bellsKey, JSON.stringify(out));
}

const clock = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/;

/** bells returns the API's bells for the entries, or null when no time is entered. */
export function bells() {
  const out = { kinds: {} };
  for (const k of kinds) {
    const times = $(`bells-${k}`).value.split(/[,，、;；\s]+/).filter(Boolean);
    for (const s of times) {
      if (!clock.test(s)) throw new InputError('bells.bad', { kind: label('kind', k), value: s });
    }
    if (times.length) out.kinds[k] = times.map((s) => s.replace('：', ':').padStart(5, '0'));
  }
  if (!Object.keys(out.kinds).length) return null;
  const m = $('bells-margin').value.trim();
  if (m !== '') {
    const n = Number(m);
    if (!Number.isInteger(n) || n < 0 || n > 120) throw new InputError('bells.margin_bad', { value: m });
    out.margin_minutes = n;
  }
  return out;
}

/**
 * enrolment returns the API's enrolment, school ID to pupils, for the
 * lines "school name or ID, pupils"; a name must be the exact name of one
 * school in the data.
 */
export async function enrolment() {
  const out = {};
  const lines = $('enrolment').value.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const m = line.match(/^(.+?)\s*[,，\t]\s*([\d.]+)\s*人?$/);
    if (!m) throw new InputError('enrolment.line', { n: i + 1, line });
    const pupils = Number(m[2]);
    if (!(pupils > 0)) throw new InputError('enrolment.pupils', { n: i + 1, value: m[2] });
    out[await schoolID(m[1], i + 1)] = pupils;
  }
  return out;
}

/** schoolID is the ID of the school named name, or name itself if it is an ID. */
async function schoolID(name, n) {
  if (/^(way|node|relation)\/\d+$/.test(name) || name.includes('/')) return name;
  const hits = (await api(`/api/v1/schools/search?q=${encodeURIComponent(name)}&limit=200`)).filter((h) => h.name === name);
  if (hits.length === 1) return hits[0].id;
  if (!hits.length) throw new InputError('enrolment.unknown', { n, name });
  throw new InputError('enrolment.ambiguous', { n, name, count: hits.length, ids: hits.map((h) => h.id).join('、') });
}
