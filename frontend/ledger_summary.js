// The ledger's figures (GET /api/v1/ledger/summary): totals, counts by
// state and grade as charts, overdue hazards by escalation level, the
// reporting clocks met and missed, the units and schools with most open
// hazards, and the overdue list. A click on a chart's bar, a unit or a
// school sets the filter. Also the tab's actions on the whole filter: a
// sync of the audit into the ledger, the XLSX and CSV exports and the
// printed per-school list (ledger_print.js).

import { api } from './api.js';
import { t } from './i18n.js';
import { el, $, message } from './ui.js';
import { ledgerError } from './ledger_messages.js';
import { gradeColors, stateColors, stateName, gradeName, title, badges, data } from './ledger_view.js';
import { barChart, legend } from './ledger_chart.js';
import { printList } from './ledger_print.js';

let last = null; // {sum, overdue}, to redraw on a language change

/** setup wires the sync, the exports and the print button. */
export function setup(ctx) {
  $('ledger-sync').addEventListener('click', () => sync(ctx));
  for (const fmt of ['xlsx', 'csv']) $(`ledger-${fmt}`).addEventListener('click', () => download(ctx, fmt));
  $('ledger-xlsx-schools').addEventListener('click', () => download(ctx, 'xlsx', true));
  $('ledger-print').addEventListener('click', () => printList(ctx).catch(ledgerError));
  document.addEventListener('langchange', () => { if (last) render(ctx, last.sum, last.overdue); });
}

/** load fetches the summary and the overdue list and shows them. */
export async function load(ctx) {
  try {
    const [sum, overdue] = await Promise.all([
      api('/api/v1/ledger/summary?top=1000', { auth: true }),
      api('/api/v1/ledger/hazards?overdue=true&limit=50', { auth: true })]);
    last = { sum, overdue: overdue.hazards };
    render(ctx, sum, overdue.hazards);
    choices(ctx, sum);
  } catch (err) {
    ledgerError(err);
  }
}

function render(ctx, sum, overdue) {
  const grades = ctx.config.grades.map((g) => g.key);
  const byState = sum.by_state.map((s) => ({
    key: s.key, label: stateName(s.key),
    segments: grades.map((g) => ({ key: g, color: gradeColors[g], count: sum.by_state_grade[s.key][g], label: gradeName(g) })),
  }));
  const byGrade = sum.by_grade.map((g) => ({
    key: g.key, label: gradeName(g.key),
    segments: sum.by_state.map((s) => ({ key: s.key, color: stateColors[s.key], count: sum.by_state_grade[s.key][g.key], label: stateName(s.key) })),
  }));
  const card = (key, n, id) => el('div', { class: 'card', id }, el('b', {}, String(n)), el('span', {}, t(key)));
  $('ledger-summary').replaceChildren(...[
    el('div', { class: 'cards', dataset: { total: sum.total, open: sum.open, overdue: sum.overdue } },
      card('ledger.sum.total', sum.total, 'ledger-sum-total'), card('ledger.sum.open', sum.open, 'ledger-sum-open'),
      card('ledger.sum.overdue', sum.overdue, 'ledger-sum-overdue'), card('ledger.sum.vanished', sum.vanished, 'ledger-sum-vanished'),
      card('ledger.sum.median', sum.median_days_to_close === null ? '–' : sum.median_days_to_close.toFixed(1), 'ledger-sum-median')),
    barChart('ledger-chart-state', t('ledger.chart.state'), byState, (k) => only(ctx, 'ledger-state', k)),
    legend(grades.map((g) => ({ color: gradeColors[g], label: gradeName(g) }))),
    barChart('ledger-chart-grade', t('ledger.chart.grade'), byGrade, (k) => only(ctx, 'ledger-grade', k)),
    legend(sum.by_state.map((s) => ({ color: stateColors[s.key], label: stateName(s.key) }))),
    el('p', { class: 'escalation' }, t('ledger.sum.escalation'), ' ',
      sum.escalation.flatMap((e, i) => [i ? ' · ' : '', data(e.label), ` ${e.count}`])),
    sum.clocks.length ? el('p', { class: 'clocks' }, t('ledger.sum.clocks'), ' ',
      sum.clocks.flatMap((c, i) => [i ? ' · ' : '', data(c.label), ' ', t('ledger.sum.clock', { met: c.met, missed: c.missed })])) : null,
    groups(ctx, 'ledger.sum.units', sum.by_unit.slice(0, 10), (g) => { $('ledger-unit').value = g.key; ctx.refresh(); }),
    ctx.me.role === 'school' ? null
      : groups(ctx, 'ledger.sum.schools', sum.by_school.slice(0, 10), (g) => { $('ledger-school').value = g.key; ctx.refresh(); }),
    el('h4', {}, t('ledger.overdueList', { n: sum.overdue })),
    el('ol', { id: 'ledger-overdue' }, overdue.length
      ? overdue.map((h) => el('li', { dataset: { id: h.id } },
        el('button', { type: 'button', class: 'link', onclick: () => ctx.select(h.id, true) }, `#${h.id} `, title(h)), ' ', badges(h)))
      : el('li', { class: 'none' }, t('ledger.noOverdue'))),
  ].filter(Boolean));
}

/** groups lists units or schools with their open and total hazards; a click filters by one. */
function groups(ctx, key, list, pick) {
  return el('div', { class: 'groups' }, el('h4', {}, t(key)),
    el('table', {}, el('tbody', {}, list.map((g) => el('tr', { dataset: { key: g.key } },
      el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => pick(g) }, data(g.name || g.key))),
      el('td', {}, t('ledger.sum.openOfTotal', { open: g.open, total: g.total })))))));
}

/** only ticks one state or grade in the filter and reloads. */
function only(ctx, name, key) {
  for (const i of document.querySelectorAll(`input[name=${name}]`)) i.checked = i.value === key;
  ctx.refresh();
}

/** choices fills the unit suggestions and the school filter from the summary and the configuration. */
function choices(ctx, sum) {
  const units = new Set([...sum.by_unit.map((g) => g.key), ...ctx.config.categories.map((c) => c.lead_unit.value), ctx.config.default_unit.value]);
  $('ledger-units').replaceChildren(...[...units].sort().map((u) => el('option', { value: u })));
  const sel = $('ledger-school');
  const keep = sel.value;
  sel.replaceChildren(el('option', { value: '' }, t('ledger.allSchools')),
    ...sum.by_school.map((g) => el('option', { value: g.key, class: 'data' }, g.name || g.key)));
  sel.value = keep;
}

/** sync audits the loaded data and registered businesses into the ledger. */
async function sync(ctx) {
  message(t('ledger.syncing'), 'info');
  $('ledger-sync').disabled = true;
  try {
    const r = await api('/api/v1/ledger/sync', { method: 'POST', auth: true });
    $('ledger-sync-result').textContent = t('ledger.synced', r);
    Object.assign($('ledger-sync-result').dataset, { new: r.new, total: r.total, vanished: r.vanished, reopened: r.reopened });
    message('');
    await ctx.refresh();
  } catch (err) {
    ledgerError(err);
  } finally {
    $('ledger-sync').disabled = false;
  }
}

/**
 * download saves the hazards of the filter as XLSX or CSV, in the ledger's
 * columns; bySchool makes a workbook to print, a sheet per school after a
 * summary sheet.
 */
async function download(ctx, fmt, bySchool = false) {
  try {
    const p = ctx.params();
    p.set('format', fmt);
    if (bySchool) p.set('sheets', 'school');
    const blob = await api(`/api/v1/ledger/hazards?${p}`, { auth: true, blob: true });
    const a = el('a', { href: URL.createObjectURL(blob), download: `safezone-ledger${bySchool ? '-schools' : ''}.${fmt}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (err) {
    ledgerError(err);
  }
}
