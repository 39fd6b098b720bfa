// Moving a hazard along: a button for each move the token's role may make
// from the hazard's state (the server lists them), and for the one picked a
// form with what it needs: unit, person, deadline and grade to assign;
// the unit's evidence to submit for the check (files attached since
// rectifying began are ticked, and more can be added); a comment, required
// to reject a check, to reopen, or to close a hazard a sync no longer finds.

import { api } from './api.js';
import { t } from './i18n.js';
import { el, message } from './ui.js';
import { ledgerError } from './ledger_messages.js';
import { moveName, gradeName, chinaDate, data } from './ledger_view.js';
import { picker, upload } from './ledger_files.js';

/** moveButtons are the moves open to the token on h, and the place of their form. */
export function moveButtons(ctx, h, files) {
  const form = el('div', { id: 'ledger-move-form' });
  const buttons = h.allowed.map((m) => el('button', {
    type: 'button', class: 'move', dataset: { to: m.to },
    onclick: () => form.replaceChildren(moveForm(ctx, h, files, m)),
  }, moveName(h.state, m.to)));
  if (!buttons.length) return el('p', { class: 'muted' }, t('ledger.noMoves'));
  return el('div', { class: 'moves' }, el('div', { class: 'row' }, buttons), form);
}

/** moveForm asks for what move m needs and sends it. */
function moveForm(ctx, h, files, m) {
  const parts = [];
  const fields = {};
  if (m.needs_assignment) parts.push(assignFields(ctx, h, fields));
  let evidence = null;
  if (m.needs_evidence) {
    evidence = evidenceFields(h, files);
    parts.push(evidence.root);
  }
  fields.comment = el('textarea', { id: 'ledger-move-comment', rows: 2, maxlength: ctx.config.limits.comment_chars,
    placeholder: t(m.needs_comment ? 'ledger.commentRequired' : 'ledger.commentOptional') });
  parts.push(el('label', {}, el('span', {}, t('ledger.comment')), fields.comment));
  const submit = async (e) => {
    e.preventDefault();
    await send(ctx, h, m, fields, evidence);
  };
  return el('form', { class: 'stack move-form', novalidate: true, dataset: { to: m.to }, onsubmit: submit },
    el('strong', {}, moveName(h.state, m.to)),
    parts,
    el('div', { class: 'row' },
      el('button', { type: 'submit', id: 'ledger-move-send' }, t('ledger.confirm', { move: moveName(h.state, m.to) })),
      el('button', { type: 'button', onclick: (e) => e.target.closest('form').remove() }, t('ledger.cancel'))));
}

/** assignFields are unit, person, deadline and grade, filled with the defaults. */
function assignFields(ctx, h, fields) {
  const grade = ctx.config.grades.find((g) => g.key === h.grade);
  const days = grade ? grade.deadline_days.value : 30;
  fields.unit = el('input', { id: 'ledger-assign-unit', value: h.unit, list: 'ledger-units', maxlength: ctx.config.limits.unit_chars, required: true });
  fields.person = el('input', { id: 'ledger-assign-person', maxlength: ctx.config.limits.person_chars, required: true });
  fields.deadline = el('input', { id: 'ledger-assign-deadline', type: 'date', min: chinaDate(), value: chinaDate(days), required: true });
  fields.grade = el('select', { id: 'ledger-assign-grade' },
    ctx.config.grades.map((g) => el('option', { value: g.key, selected: g.key === h.grade }, gradeName(g.key))));
  return el('div', { class: 'stack' },
    el('label', {}, el('span', {}, t('ledger.f.unit')), fields.unit),
    el('label', {}, el('span', {}, t('ledger.f.person')), fields.person),
    el('label', {}, el('span', {}, t('ledger.f.deadline')), fields.deadline),
    el('p', { class: 'muted' }, t('ledger.deadlineHint', { n: days })),
    el('label', {}, el('span', {}, t('ledger.f.grade')), fields.grade));
}

/**
 * evidenceFields lists h's files to tick as evidence (those attached since
 * rectifying last began are ticked) and a picker for more.
 */
function evidenceFields(h, files) {
  const history = h.history || [];
  const start = Math.max(0, ...history.filter((e) => e.action === 'transition' && e.to === 'rectifying').map((e) => e.seq));
  const recent = new Set(history.filter((e) => e.action === 'attach' && e.seq > start).flatMap((e) => e.attachments));
  const boxes = files.map((f) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'ledger-evidence', value: f.sha256, checked: recent.has(f.sha256) }), ' ', data(f.name || f.sha256.slice(0, 12))));
  const more = picker('ledger-evidence-files', t('ledger.addEvidence'));
  return {
    root: el('fieldset', { class: 'evidence' }, el('legend', {}, t('ledger.evidence')), boxes, more.root),
    ticked: () => [...document.querySelectorAll('input[name=ledger-evidence]:checked')].map((i) => i.value),
    more,
  };
}

/** send uploads new evidence, then asks for the move with the hazard's version. */
async function send(ctx, h, m, fields, evidence) {
  message('');
  try {
    const shas = evidence ? evidence.ticked() : [];
    let version = h.version;
    if (evidence && evidence.more.files().length) {
      for (const f of evidence.more.files()) shas.push((await upload(ctx.config, h.id, f)).sha256);
      const now = await api(`/api/v1/ledger/hazards/${h.id}`, { auth: true });
      if (now.state === h.state) version = now.version; // our own uploads; a change of state is still refused
    }
    const body = { to: m.to, comment: fields.comment.value.trim(), version };
    if (m.needs_assignment) {
      Object.assign(body, { unit: fields.unit.value.trim(), person: fields.person.value.trim(), deadline: fields.deadline.value, grade: fields.grade.value });
    }
    if (shas.length) body.attachments = [...new Set(shas)];
    await api(`/api/v1/ledger/hazards/${h.id}/transitions`, { json: body, auth: true });
    message(t('ledger.moved', { id: h.id, move: moveName(h.state, m.to) }), 'info');
    await ctx.refresh();
  } catch (err) {
    ledgerError(err);
  }
}
