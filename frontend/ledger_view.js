// What the ledger's views share: the names of states, grades, roles and
// moves in the page's language, the grade colours of the map and charts,
// times in China time, and a hazard's badges and one-line title. Text from
// the data (school names, units, descriptions) is set as text only, inside
// class "data" so that a test of the page's language can leave it out.

import { t, label } from './i18n.js';
import { el } from './ui.js';

/** Colours of the grades (一般, 较大, 重大) on the map and in the charts. */
export const gradeColors = { general: '#f9a825', major: '#ef6c00', serious: '#c62828' };

/** Colours of the states in the charts. */
export const stateColors = { found: '#78909c', assigned: '#1e88e5', rectifying: '#8e24aa', verifying: '#00897b', closed: '#43a047' };

/** The open states, which the list and the map show at first. */
export const openStates = ['found', 'assigned', 'rectifying', 'verifying'];

export const stateName = (s) => t(`ledger.state.${s}`);
export const gradeName = (g) => t(`ledger.grade.${g}`);
export const roleName = (r) => t(`ledger.role.${r}`);

/**
 * moveName names a move from one state to another: 交办, 开始整改, 提交验收,
 * 验收销号, 验收不通过, 重新打开 or 核实消失销号.
 */
export function moveName(from, to) {
  if (to === 'rectifying' && from === 'verifying') return t('ledger.move.reject');
  if (to === 'closed' && from !== 'verifying') return t('ledger.move.closeVanished');
  return t(`ledger.move.${to}`);
}

/** actionName names a history entry's action. */
export function actionName(e) {
  return e.action === 'transition' ? moveName(e.from, e.to) : t(`ledger.action.${e.action}`);
}

// handOnly are the categories only a report by hand has (ledger.cat.*);
// the others are the data's (cat.*), which the exports name alike.
const handOnly = new Set(['construction', 'facility', 'road']);

/** categoryName names a category: a business category, water, or one only reported by hand. */
export function categoryName(c) {
  if (!c) return t('ledger.category.none');
  return handOnly.has(c) ? t(`ledger.cat.${c}`) : label('cat', c);
}

/** when shows an RFC 3339 time of the server (China time) as YYYY-MM-DD HH:MM. */
export function when(iso) {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '';
}

/** data wraps text from the data or the user, which stays as it is in every language. */
export function data(text, tag = 'span') {
  return el(tag, { class: 'data' }, text ?? '');
}

/** title is what a hazard is: its place and rule, or the description reported. */
export function title(h) {
  if (h.source === 'audit') return data(`${h.feature_name || h.feature_id}`);
  return data(h.description);
}

/** badges are a hazard's state, grade, overdue and vanished marks. */
export function badges(h) {
  return el('span', { class: 'badges' },
    el('span', { class: `badge state-${h.state}` }, stateName(h.state)),
    el('span', { class: `badge grade-${h.grade}` }, gradeName(h.grade)),
    h.overdue ? el('span', { class: 'badge overdue', dataset: { level: h.escalation_level } },
      t('ledger.overdueDays', { n: h.days_overdue }), h.escalation_label ? ' · ' : '', h.escalation_label ? data(h.escalation_label) : '') : null,
    h.vanished ? el('span', { class: 'badge vanished' }, t('ledger.vanished')) : null);
}

/** deadlineText says who must act by when, or that no one is named yet. */
export function deadlineText(h) {
  const who = [data(h.unit)];
  if (h.person) who.push(' · ', data(h.person));
  if (h.deadline) who.push(' · ', t('ledger.deadlineShort', { d: h.deadline }));
  return el('span', { class: 'who' }, who);
}

/** today is the date in China time, YYYY-MM-DD, plus days. */
export function chinaDate(days = 0) {
  const d = new Date(Date.now() + 8 * 3600e3 + days * 86400e3);
  return d.toISOString().slice(0, 10);
}

/** bytes formats a file size. */
export function bytes(n) {
  if (n < 1024) return t('ledger.bytes', { n });
  if (n < 1024 * 1024) return t('ledger.kib', { n: (n / 1024).toFixed(0) });
  return t('ledger.mib', { n: (n / 1024 / 1024).toFixed(1) });
}
