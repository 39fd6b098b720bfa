// The patrol post (护学岗) plan on the police tab: POST /api/v1/patrol for
// K new posts of cover radius R, for the schools in view, in a district
// (district.js) or in all the data, with the bell times and pupils entered (patrol_input.js). The plan
// is drawn in layers.patrol (each post numbered, a line to each school it
// staffs, schools covered green and not red) and told in the panel: the
// coverage, the bound on any plan, each post with the schools it staffs,
// and the roster by peak. It downloads as CSV or XLSX and prints.

import { api, bboxParam } from './api.js';
import { t, label, language } from './i18n.js';
import { el, $, message, showError } from './ui.js';
import { labelled, mapLabel } from './map.js';
import { bells, enrolment } from './patrol_input.js';
import { districtPicker } from './district.js';

const styles = {
  post: { color: '#00695c', fillColor: '#26a69a', fillOpacity: 0.9, weight: 2, radius: 8 },
  existing_post: { color: '#0d47a1', fillColor: '#1e88e5', fillOpacity: 0.9, weight: 2, radius: 7 },
  cover: { color: '#00897b', weight: 2, dashArray: '4 4', interactive: false },
  covered: { color: '#2e7d32', weight: 2, fillColor: '#66bb6a', fillOpacity: 0.35, radius: 6 },
  uncovered: { color: '#c62828', weight: 2, fillColor: '#ef5350', fillOpacity: 0.5, radius: 6 },
};

let last = null; // {fc, body}: the last plan and what asked for it
let ctx;

/**
 * setupPatrol wires the plan form, the district picker, the downloads and
 * the print button. It returns the district's outline group.
 */
export function setupPatrol(map, group) {
  ctx = { map, group, district: districtPicker(map, 'patrol') };
  $('patrol-form').addEventListener('submit', (e) => {
    e.preventDefault();
    plan();
  });
  for (const fmt of ['csv', 'xlsx']) $(`patrol-download-${fmt}`).addEventListener('click', () => download(fmt));
  $('patrol-print').addEventListener('click', () => window.print());
  document.addEventListener('langchange', () => { if (last) render(last.fc); });
  return ctx.district.group;
}

/** request is the plan's request body for the form's entries. */
async function request() {
  const body = { posts: $('patrol-k').value, radius: $('patrol-r').value };
  const scope = $('patrol-scope').value;
  if (scope === 'view') body.bbox = bboxParam(ctx.map.getBounds());
  if (scope === 'district') {
    body.district = ctx.district.chosen();
    if (!body.district) throw Object.assign(new Error('no district'), { local: 'district.missing' });
  }
  const b = bells();
  if (b) body.bells = b;
  const e = await enrolment();
  if (Object.keys(e).length) body.enrolment = e;
  return body;
}

/** plan asks the server for a plan and draws it. */
async function plan() {
  message('');
  $('patrol-result').replaceChildren(el('p', {}, t('patrol.working')));
  $('patrol-output').hidden = true;
  try {
    const body = await request();
    const fc = await api('/api/v1/patrol?format=geojson', { json: body, auth: true });
    last = { fc, body };
    draw(fc);
    render(fc);
  } catch (err) {
    $('patrol-result').replaceChildren();
    if (err.local) message(() => t(err.local), 'error');
    else showError(err);
  }
}

/** numbers names each post as the export does: new posts 岗位 1.., existing 现有 1.. */
function numbers(fc) {
  const out = new Map();
  let n = 0;
  let e = 0;
  for (const f of fc.features) {
    if (f.properties.kind === 'post') out.set(f.properties.id, ['patrol.no', ++n]);
    if (f.properties.kind === 'existing_post') out.set(f.properties.id, ['patrol.existing_no', ++e]);
  }
  return out;
}

const postName = (no, id) => (no.has(id) ? t(no.get(id)[0], { n: no.get(id)[1] }) : id);

/** place says where a post stands: the streets that meet there (the server's), or nothing. */
function place(streets) {
  if (!streets || !streets.length) return '';
  if (streets.length === 1) return t('place.on', { street: streets[0] });
  const all = `${streets.slice(0, -1).join(t('list.sep'))}${t('list.and')}${streets[streets.length - 1]}`;
  return t('place.junction', { streets: all });
}

/** streetsOf maps each post's ID to the streets at it. */
const streetsOf = (fc) => new Map(fc.features.filter((f) => f.properties.streets).map((f) => [f.properties.id, f.properties.streets]));

function style(f) {
  const p = f.properties;
  if (p.kind === 'school') return { ...styles[p.covered ? 'covered' : 'uncovered'], className: `sz-patrol-school sz-${p.covered ? 'covered' : 'uncovered'}` };
  return { ...styles[p.kind], className: `sz-patrol-${p.kind}` };
}

function draw(fc) {
  const { group } = ctx;
  const no = numbers(fc);
  group.clearLayers();
  L.geoJSON(fc, {
    style,
    pointToLayer: (f, ll) => L.circleMarker(ll, style(f)),
    onEachFeature: (f, layer) => {
      const p = f.properties;
      if (p.kind === 'post' || p.kind === 'existing_post') {
        labelled(layer, () => t('patrol.covers', { post: [postName(no, p.id), place(p.streets)].filter(Boolean).join(' · '), n: p.covers }));
        if (p.kind === 'post') {
          const [lon, lat] = f.geometry.coordinates;
          mapLabel(L.latLng(lat, lon), () => postName(no, p.id), 'sz-post-label').addTo(group);
        }
      } else if (p.kind === 'school') {
        labelled(layer, () => `${p.name || p.id} · ${label('kind', p.school_kind)} · ${t(p.covered ? 'patrol.covered' : 'patrol.uncovered')}`);
      }
    },
  }).addTo(group);
}

/** render tells the plan in the panel: its figures, its posts and its roster. */
function render(fc) {
  const s = fc.plan;
  const no = numbers(fc);
  const names = new Map(fc.features.filter((f) => f.properties.kind === 'school').map((f) => [f.properties.id, f.properties.name || f.properties.id]));
  const schools = (ids) => ids.map((id) => names.get(id) || id).join(t('list.sep'));
  const staffs = new Map();
  for (const f of fc.features) {
    if (f.properties.kind === 'cover') staffs.set(f.properties.post, [...(staffs.get(f.properties.post) || []), f.properties.school]);
  }
  const posts = fc.features.filter((f) => f.properties.kind === 'post');
  const items = posts.map((f) => {
    const [lon, lat] = f.geometry.coordinates;
    const where = place(f.properties.streets);
    return el('li', { dataset: { id: f.properties.id } },
      el('button', { type: 'button', class: 'link', onclick: () => ctx.map.setView(L.latLng(lat, lon), 17) },
        t('patrol.post', { post: postName(no, f.properties.id), n: f.properties.covers })),
      where ? el('div', { class: 'post-place' }, where) : null,
      el('div', { class: 'muted' }, t('patrol.staffs', { schools: schools(staffs.get(f.properties.id) || []), id: f.properties.id })));
  });
  $('patrol-result').replaceChildren(el('div', {
    class: 'patrol-summary',
    dataset: { posts: String(posts.length), covered: String(s.covered), schools: String(s.schools), bound: String(s.upper_bound) },
  },
  el('p', {}, el('strong', {}, t('patrol.summary', { k: posts.length, c: s.covered, n: s.schools, e: s.existing_weight }))),
  el('p', {}, s.total_weight === s.schools
    ? t('patrol.bound', { u: s.upper_bound, g: s.gap })
    : t('patrol.bound_weight', { c: s.covered_weight, t: s.total_weight, u: s.upper_bound, g: s.gap })),
  s.uncovered.length ? el('p', {}, t('patrol.left', { n: s.uncovered.length })) : null,
  el('ol', { class: 'patrol-posts' }, items),
  s.roster ? roster(s.roster, no, schools, streetsOf(fc)) : el('p', { class: 'muted' }, t('roster.none'))));
  $('patrol-output').hidden = false;
}

/** roster is the duty roster: for each peak, who stands where, when, for which schools. */
function roster(r, no, schools, streets) {
  const head = el('tr', {}, ['roster.post', 'roster.time', 'roster.schools'].map((k) => el('th', {}, t(k))));
  const peaks = r.peaks.map((p) => el('section', { class: 'roster-peak', dataset: { peak: p.peak } },
    el('h4', {}, p.posts ? t('roster.peak', { peak: t(`peak.${p.peak}`), from: p.from, to: p.to, n: p.posts }) : t('roster.peak_none', { peak: t(`peak.${p.peak}`) })),
    p.posts ? el('table', { class: 'roster' }, el('thead', {}, head.cloneNode(true)), el('tbody', {}, p.duties.flatMap((d) => d.shifts.map((sh) => el('tr', {},
      el('td', {}, postName(no, d.post), streets.has(d.post) ? el('div', { class: 'post-place' }, place(streets.get(d.post))) : null),
      el('td', {}, `${sh.from}–${sh.to}`), el('td', {}, schools(sh.schools))))))) : null));
  return el('div', { id: 'roster' }, el('h3', {}, t('roster.title')), ...peaks,
    r.no_bells.length ? el('p', { class: 'muted' }, t('roster.no_bells', { schools: schools(r.no_bells) })) : null);
}

/** download asks for the last plan again as CSV or XLSX, in the page's language, and saves it. */
async function download(fmt) {
  if (!last) return;
  try {
    const blob = await api(`/api/v1/patrol?format=${fmt}&lang=${language()}`, { json: last.body, auth: true, blob: true });
    const a = el('a', { href: URL.createObjectURL(blob), download: `safezone-patrol.${fmt}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (err) {
    showError(err);
  }
}
