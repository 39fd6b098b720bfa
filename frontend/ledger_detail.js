// One hazard of the ledger: what and where it is, who must rectify it by
// when, whether it is overdue, its attachments (photos shown, PDFs to
// download), the moves the token's role may make from its state
// (ledger_move.js) and its history, oldest first.

import { api } from './api.js';
import { t, meters } from './i18n.js';
import { el, $, message } from './ui.js';
import { ledgerError } from './ledger_messages.js';
import { stateName, gradeName, roleName, actionName, categoryName, when, data, title, badges } from './ledger_view.js';
import { picker, upload, figure } from './ledger_files.js';
import { moveButtons } from './ledger_move.js';

let last = null; // {h, files}, to redraw on a language change

/** setup redraws the open hazard when the language changes. */
export function setup(ctx) {
  document.addEventListener('langchange', () => { if (last) render(ctx, last.h, last.files); });
}

/** show loads hazard id with its history and attachments and shows it. */
export async function show(ctx, id) {
  try {
    const [h, files] = await Promise.all([
      api(`/api/v1/ledger/hazards/${id}`, { auth: true }),
      api(`/api/v1/ledger/hazards/${id}/attachments`, { auth: true })]);
    if (ctx.selected !== id) return; // another hazard was opened meanwhile
    last = { h, files };
    render(ctx, h, files);
  } catch (err) {
    ledgerError(err);
  }
}

/** close forgets the open hazard. */
export function close(ctx) {
  last = null;
  ctx.selected = null;
  $('ledger-detail').replaceChildren();
}

function render(ctx, h, files) {
  $('ledger-detail').replaceChildren(el('section', {
    id: 'ledger-hazard', dataset: { id: h.id, state: h.state, version: h.version, overdue: h.overdue },
  },
  el('h3', {}, `#${h.id} `, title(h),
    el('button', { type: 'button', class: 'link close', title: t('ledger.close'), onclick: () => close(ctx) }, '×')),
  badges(h),
  facts(h),
  el('h4', {}, t('ledger.attachments', { n: files.length })),
  el('div', { class: 'attachments' }, files.map(figure)),
  attachForm(ctx, h),
  el('h4', {}, t('ledger.moves')),
  moveButtons(ctx, h, files),
  el('h4', {}, t('ledger.history')),
  el('ol', { class: 'history' }, (h.history || []).map(entry))));
}

/** facts lists what the ledger knows of h. */
function facts(h) {
  const rows = [
    ['ledger.f.school', data(h.school_name || h.school_id)],
    ['ledger.f.source', t(`ledger.source.${h.source}`)],
    ['ledger.f.category', categoryName(h.category)],
  ];
  if (h.source === 'audit') {
    const c = h.citation || {};
    rows.push(['ledger.f.rule', data(h.rule_title)], ['ledger.f.distance', meters(h.distance_m)],
      ['ledger.f.citation', data([c.document, c.number, c.clause].filter(Boolean).join(' · '))]);
  } else {
    rows.push(['ledger.f.description', data(h.description)]);
    if (h.observed_at) rows.push(['ledger.f.observed', when(h.observed_at)]);
  }
  rows.push(['ledger.f.unit', data(h.unit)], ['ledger.f.person', h.person ? data(h.person) : t('ledger.notYet')],
    ['ledger.f.deadline', h.deadline || t('ledger.notYet')]);
  if (h.overdue) rows.push(['ledger.f.overdue', overdueText(h)]);
  rows.push(['ledger.f.created', when(h.created_at)], ['ledger.f.daysOpen', t('ledger.days', { n: h.days_open })]);
  if (h.closed_at) rows.push(['ledger.f.closed', when(h.closed_at)]);
  for (const c of h.clocks || []) {
    rows.push([null, el('span', {}, data(c.label), ' ', el('span', { class: `badge ${c.met ? 'met' : 'missed'}` }, t(c.met ? 'ledger.clock.met' : 'ledger.clock.missed')))]);
  }
  return el('dl', { class: 'facts' }, rows.map(([k, v]) => [el('dt', {}, k ? t(k) : t('ledger.f.clock')), el('dd', {}, v)]).flat());
}

function overdueText(h) {
  return el('span', { class: 'overdue-text' }, t('ledger.overdueDays', { n: h.days_overdue }),
    h.escalation_level ? [' · ', t('ledger.escalation', { n: h.escalation_level }), ' ', data(h.escalation_label)] : []);
}

/** attachForm adds photos or documents to h, with a comment. */
function attachForm(ctx, h) {
  const files = picker('ledger-attach-files', t('ledger.addFiles'));
  const comment = el('input', { id: 'ledger-attach-comment', maxlength: ctx.config.limits.comment_chars, placeholder: t('ledger.attachComment') });
  const send = async (e) => {
    e.preventDefault();
    if (!files.files().length) { message(t('ledger.chooseFiles'), 'info'); return; }
    message('');
    try {
      for (const f of files.files()) await upload(ctx.config, h.id, f, comment.value.trim());
      message(t('ledger.attached', { n: files.files().length }), 'info');
      files.clear();
      await ctx.refresh();
    } catch (err) {
      ledgerError(err);
    }
  };
  return el('form', { id: 'ledger-attach', class: 'row', onsubmit: send },
    files.root, comment, el('button', { type: 'submit', id: 'ledger-attach-send' }, t('ledger.upload')));
}

/** entry is one line of the history. */
function entry(e) {
  const change = e.from && e.from !== e.to ? ` ${stateName(e.from)} → ${stateName(e.to)}` : '';
  const assign = [];
  if (e.action === 'transition' && e.to === 'assigned') {
    assign.push(el('div', {}, t('ledger.f.unit'), '：', data(e.unit), ' · ', t('ledger.f.person'), '：', data(e.person),
      ' · ', t('ledger.f.deadline'), '：', e.deadline, e.grade ? ` · ${gradeName(e.grade)}` : ''));
  }
  return el('li', { dataset: { action: e.action, to: e.to } },
    el('span', { class: 'when' }, when(e.time)), ' ', roleName(e.role), ' ', el('code', {}, e.actor), ' ',
    el('b', {}, actionName(e)), change,
    e.attachments.length ? ` · ${t('ledger.files', { n: e.attachments.length })}` : '',
    assign,
    // An escalation's comment is the server's Chinese: the page says it from the level and deadline.
    e.action === 'escalate' ? el('div', {}, t('ledger.escalation.entry', { level: e.level, deadline: e.deadline }))
      : e.comment ? el('div', { class: 'comment' }, data(e.comment)) : null);
}
