// The 台账 (hazard ledger) tab. Who the token is (GET /api/v1/ledger/me)
// picks the view: a school sees and reports its own school's hazards, a
// regulator or the police what is assigned to their unit, an admin the
// whole district. One filter (state, grade, unit, school, overdue,
// vanished, and the map's view) selects the hazards the list shows and the
// map draws, coloured by grade: the two always show the same page of
// hazards. A hazard picked in either opens in ledger_detail.js.

import { api, bboxParam, token } from './api.js';
import { t } from './i18n.js';
import { el, $, message, debounce } from './ui.js';
import { labelled, relabel } from './map.js';
import { ledgerError } from './ledger_messages.js';
import { gradeColors, openStates, stateName, gradeName, title, badges, deadlineText, data } from './ledger_view.js';
import * as detail from './ledger_detail.js';
import * as report from './ledger_report.js';
import * as summary from './ledger_summary.js';

const pageSize = 200;
const unitKey = 'safezone.ledger.unit';

/** ctx is the tab's state, shared with the modules it opens. */
const ctx = {
  map: null, group: null, me: null, config: null,
  hazards: [], next: null, selected: null, markers: new Map(), ctrl: null,
  refresh, select, params,
};

const active = () => !$('tab-ledger').hidden;

/** setup wires the tab and returns the layer of hazards it draws. */
export function setup(map) {
  ctx.map = map;
  ctx.group = L.featureGroup();
  ctx.group.on('add', () => activate().catch(ledgerError));
  $('token').addEventListener('change', () => {
    ctx.me = null;
    if (active()) activate().catch(ledgerError);
  });
  map.on('moveend', debounce(() => { if (active() && ctx.me && $('ledger-in-view').checked) reload(); }, 200));
  $('ledger-filters').addEventListener('change', (e) => {
    if (e.target.id === 'ledger-unit') localStorage.setItem(unitKey, e.target.value.trim());
    reload();
  });
  $('ledger-filters').addEventListener('submit', (e) => { e.preventDefault(); reload(); });
  $('ledger-more').addEventListener('click', () => loadPage(true));
  report.setup(ctx);
  detail.setup(ctx);
  summary.setup(ctx);
  document.addEventListener('langchange', () => {
    if (!ctx.me) return;
    whoAmI();
    checkboxes();
    renderList();
    relabel(ctx.group);
  });
  return { group: ctx.group };
}

/** activate loads who the token is and the ledger's configuration once, then the tab's data. */
async function activate() {
  if (!token()) {
    show(false);
    $('ledger-who').textContent = t('ledger.needToken');
    return;
  }
  if (!ctx.me) {
    try {
      [ctx.me, ctx.config] = await Promise.all([
        api('/api/v1/ledger/me', { auth: true }), api('/api/v1/ledger/config', { auth: true })]);
    } catch (err) {
      show(false);
      $('ledger-who').textContent = err.status === 404 ? t('ledger.disabled') : '';
      throw err;
    }
    firstView();
  }
  message('');
  await refresh();
}

function show(on) {
  $('ledger-body').hidden = !on;
  if (!on) ctx.group.clearLayers();
}

/** firstView sets the tab up for the token's role. */
function firstView() {
  const { me } = ctx;
  show(true);
  whoAmI();
  checkboxes(true);
  $('ledger-school-label').hidden = me.role === 'school';
  // A unit's token sees its unit's hazards first; it may clear the filter to read the others.
  $('ledger-unit').value = me.unit || localStorage.getItem(unitKey) || '';
  $('ledger-sync').hidden = !['regulator', 'admin'].includes(me.role);
  $('tab-ledger').dataset.role = me.role;
  $('ledger-summary-box').open = me.role === 'admin';
  $('ledger-in-view').checked = me.role !== 'school'; // a school follows all its hazards
  if (me.school_bbox) {
    const [w, s, e, n] = me.school_bbox;
    ctx.map.fitBounds(L.latLngBounds([s, w], [n, e]).pad(2), { maxZoom: 17 });
  }
}

function whoAmI() {
  const { me } = ctx;
  const who = [t(me.unit ? 'ledger.who.unit' : `ledger.who.${me.role}`)];
  if (me.school_id) who.push(' · ', data(me.school_name || me.school_id));
  if (me.unit) who.push(' · ', data(me.unit));
  $('ledger-who').replaceChildren(...who);
}

/** checkboxes builds (first) or relabels the state and grade filters. */
function checkboxes(first = false) {
  const box = (name, key, text, checked) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name, value: key, checked: first ? checked : undefined }), ` ${text}`);
  const keep = (name) => new Set([...document.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value));
  const states = first ? new Set(openStates) : keep('ledger-state');
  const grades = first ? new Set(ctx.config.grades.map((g) => g.key)) : keep('ledger-grade');
  $('ledger-states').replaceChildren(...ctx.config.states.map((s) => box('ledger-state', s.key, stateName(s.key), states.has(s.key))));
  $('ledger-grades').replaceChildren(...ctx.config.grades.map((g) => box('ledger-grade', g.key, gradeName(g.key), grades.has(g.key))));
  if (!first) {
    for (const i of document.querySelectorAll('input[name=ledger-state]')) i.checked = states.has(i.value);
    for (const i of document.querySelectorAll('input[name=ledger-grade]')) i.checked = grades.has(i.value);
  }
}

/**
 * params is the filter as the API's query: all states or grades ticked (or
 * none) select them all. withView adds the map's view when the filter is
 * limited to it.
 */
function params(withView = true) {
  const p = new URLSearchParams();
  const ticked = (name) => [...document.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
  const states = ticked('ledger-state');
  const grades = ticked('ledger-grade');
  if (states.length && states.length < ctx.config.states.length) p.set('state', states.join(','));
  if (grades.length && grades.length < ctx.config.grades.length) p.set('grade', grades.join(','));
  if ($('ledger-unit').value.trim()) p.set('unit', $('ledger-unit').value.trim());
  if ($('ledger-school').value) p.set('school', $('ledger-school').value);
  if ($('ledger-overdue').checked) p.set('overdue', 'true');
  if ($('ledger-vanished').checked) p.set('vanished', 'true');
  if (withView && $('ledger-in-view').checked) p.set('bbox', bboxParam(ctx.map.getBounds()));
  return p;
}

/** refresh reloads the list, the map, the summary and the open hazard. */
async function refresh() {
  await Promise.all([reload(), summary.load(ctx), ctx.selected ? detail.show(ctx, ctx.selected) : null]);
}

function reload() {
  return loadPage(false);
}

/** loadPage loads the first page of the filter, or the next one after those shown. */
async function loadPage(more) {
  if (!ctx.me) return;
  if (ctx.ctrl) ctx.ctrl.abort();
  const mine = (ctx.ctrl = new AbortController());
  const p = params();
  p.set('limit', pageSize);
  if (more && ctx.next) p.set('after', ctx.next);
  try {
    const page = await api(`/api/v1/ledger/hazards?${p}`, { auth: true, signal: mine.signal });
    ctx.hazards = more ? [...ctx.hazards, ...page.hazards] : page.hazards;
    ctx.next = page.next ?? null;
    renderList();
    drawMarkers();
  } catch (err) {
    ledgerError(err);
  }
}

function renderList() {
  const items = ctx.hazards.map((h) => el('li', {
    class: `lh grade-${h.grade}${h.id === ctx.selected ? ' selected' : ''}`, dataset: { id: h.id, state: h.state, school: h.school_id },
  },
  el('button', { type: 'button', class: 'link', onclick: () => select(h.id, true) }, `#${h.id} `, title(h)),
  ' ', badges(h),
  el('div', { class: 'muted' }, data(h.school_name || h.school_id), ' · ', deadlineText(h))));
  $('ledger-list').replaceChildren(...(items.length ? items : [el('li', { class: 'none' }, t('ledger.none'))]));
  const n = ctx.hazards.length;
  $('ledger-count').textContent = t(ctx.next ? 'ledger.countMore' : 'ledger.count', { n })
    + ($('ledger-in-view').checked ? t('ledger.inViewNote') : '');
  $('ledger-count').dataset.count = n;
  $('ledger-more').hidden = !ctx.next;
}

/** drawMarkers draws the hazards listed, coloured by grade; overdue ones ringed in red. */
function drawMarkers() {
  ctx.group.clearLayers();
  ctx.markers.clear();
  for (const h of ctx.hazards) {
    const cls = `sz-ledger sz-ledger-${h.grade} sz-ledger-${h.state}${h.overdue ? ' sz-ledger-overdue' : ''}`;
    const m = L.circleMarker([h.lat, h.lon], {
      radius: 7, weight: h.overdue ? 3 : 1.5, color: h.overdue ? '#b71c1c' : '#fff',
      fillColor: gradeColors[h.grade], fillOpacity: h.state === 'closed' ? 0.35 : 0.9, className: cls,
    });
    labelled(m, () => `#${h.id} ${stateName(h.state)} · ${gradeName(h.grade)} · ${h.source === 'audit' ? h.feature_name || h.feature_id : h.description}`);
    m.on('click', () => select(h.id, false));
    m.addTo(ctx.group);
    ctx.markers.set(h.id, m);
  }
  highlight();
}

function highlight() {
  for (const [id, m] of ctx.markers) {
    if (id === ctx.selected) m.setStyle({ radius: 10, color: '#1a237e', weight: 3 }).bringToFront();
  }
  for (const li of $('ledger-list').querySelectorAll('li.lh')) li.classList.toggle('selected', Number(li.dataset.id) === ctx.selected);
}

/** select opens hazard id, marks it in the list and on the map, and pans to it if asked. */
async function select(id, pan) {
  const prev = ctx.selected;
  ctx.selected = id;
  if (prev !== id) drawMarkers();
  const h = ctx.hazards.find((x) => x.id === id);
  if (pan && h) ctx.map.setView([h.lat, h.lon], Math.max(ctx.map.getZoom(), 16));
  await detail.show(ctx, id);
  $('ledger-detail').scrollIntoView({ block: 'start' });
}
