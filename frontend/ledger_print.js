// The printed hazard list: every hazard of the filter, school by school,
// with its state, grade, unit, person, deadline and overdue mark, on A4.
// It is drawn into #ledger-print-sheet, which only printing shows (style.css,
// body.print-ledger).

import { api } from './api.js';
import { t } from './i18n.js';
import { el, $ } from './ui.js';
import { stateName, gradeName, categoryName, chinaDate, data } from './ledger_view.js';

const maxPrinted = 5000; // hazards; a district's list, not a province's

/** all loads every hazard of the filter, page by page, up to maxPrinted. */
async function all(ctx) {
  const out = [];
  let after = null;
  do {
    const p = ctx.params();
    p.set('limit', ctx.config.limits.page_size_max);
    if (after) p.set('after', after);
    const page = await api(`/api/v1/ledger/hazards?${p}`, { auth: true });
    out.push(...page.hazards);
    after = page.next ?? null;
  } while (after && out.length < maxPrinted);
  return { hazards: out.slice(0, maxPrinted), cut: !!after };
}

function row(h) {
  const what = h.source === 'audit' ? `${h.feature_name || h.feature_id} · ${h.rule_title}` : h.description;
  return el('tr', { class: `state-${h.state}` },
    el('td', {}, String(h.id)), el('td', {}, data(what)), el('td', {}, categoryName(h.category)),
    el('td', {}, gradeName(h.grade)), el('td', {}, stateName(h.state)), el('td', {}, data(h.unit)), el('td', {}, data(h.person)),
    el('td', {}, h.deadline), el('td', {}, h.overdue ? t('ledger.overdueDays', { n: h.days_overdue }) : ''));
}

/** sheet is the list, one section per school, schools by name. */
function sheet(hazards, cut) {
  const bySchool = new Map();
  for (const h of hazards) {
    if (!bySchool.has(h.school_id)) bySchool.set(h.school_id, []);
    bySchool.get(h.school_id).push(h);
  }
  const schools = [...bySchool.values()].sort((a, b) => (a[0].school_name || '').localeCompare(b[0].school_name || '', 'zh'));
  const head = ['id', 'what', 'category', 'grade', 'state', 'unit', 'person', 'deadline', 'overdue'].map((k) => el('th', {}, t(`ledger.col.${k}`)));
  return [
    el('h2', {}, t('ledger.print.title')),
    el('p', {}, t('ledger.print.meta', { date: chinaDate(), n: hazards.length, s: schools.length })),
    cut ? el('p', {}, t('ledger.print.cut', { n: maxPrinted })) : null,
    ...schools.map((list) => el('section', { class: 'print-school', dataset: { school: list[0].school_id } },
      el('h3', {}, data(list[0].school_name || list[0].school_id), t('ledger.print.count', { n: list.length })),
      el('table', {}, el('thead', {}, el('tr', {}, head.map((h) => h.cloneNode(true)))), el('tbody', {}, list.map(row))))),
  ];
}

/** printList draws the list of the filter and opens the browser's print dialog. */
export async function printList(ctx) {
  const { hazards, cut } = await all(ctx);
  $('ledger-print-sheet').replaceChildren(...sheet(hazards, cut).filter(Boolean));
  $('ledger-print-sheet').dataset.count = hazards.length;
  document.body.classList.add('print-ledger');
  window.addEventListener('afterprint', () => document.body.classList.remove('print-ledger'), { once: true });
  window.print();
}
