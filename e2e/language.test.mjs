// A zh-CN officer meets no English in the app's own text: every flow is
// clicked through in Chinese, and the text a user can see (text shown,
// placeholders, titles, options) is scanned for Latin words. Allowed are
// the data's own names and IDs, units, the attribution, file names, and
// the names of formats and coordinate systems (CSV, XLSX, WGS84...).
// Also the speed: the first view, and a check from the request to the
// verdict shown and the map drawn, measured in the browser.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, createToken, tempDir, screenshot, pageSuite } from './harness.mjs';

const store = tempDir();
const regulatorToken = createToken(store, 'regulator');
const policeToken = createToken(store, 'police');
const server = await startServer(['--store', store]);
const checkBudgetMs = Number(process.env.SAFEZONE_CHECK_BUDGET_MS || 300);
const app = pageSuite(server);
let page;
let watched;
let names; // every name in the demo data, which may be in any script

before(async () => {
  names = new Set();
  for (const path of ['/api/v1/schools', '/api/v1/features?kind=business', '/api/v1/features?kind=water']) {
    const fc = await (await fetch(server.url + path)).json();
    for (const f of fc.features) if (f.properties.name) names.add(f.properties.name);
  }
});

// Words that are not the app's English: formats, coordinate systems and
// the maps they come from, units, the attribution, the map library's
// credit, the letters of formulas (K, R) and hemispheres (N, E), and
// "English" on the button that switches to it.
const allowed = new Set(['CSV', 'XLSX', 'WGS84', 'CGCS2000', 'GCJ-02', 'BD-09', 'GPS', 'KTV', 'WKT', 'POINT',
  'OpenStreetMap', 'contributors', 'ODbL', 'Leaflet', 'm', 'km', 'K', 'R', 'N', 'E', 'English']);

/**
 * visibleText returns what a user can read on the page: visible text, and
 * the placeholders, titles and labels of visible elements, and the options
 * of visible selects.
 */
function visibleText(p) {
  return p.evaluate(() => {
    const out = [];
    const seen = (e) => e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement;
      if (!e || e.closest('option, script, style') || !seen(e) || !n.textContent.trim()) continue;
      out.push(n.textContent.trim());
    }
    for (const e of document.querySelectorAll('[placeholder], [title], [aria-label], select')) {
      if (!seen(e) || e.closest('.leaflet-control-attribution')) continue; // the attribution's own links
      for (const a of ['placeholder', 'title', 'aria-label']) if (e.getAttribute(a)) out.push(e.getAttribute(a));
      if (e.tagName === 'SELECT') for (const o of e.options) out.push(o.textContent);
    }
    out.push(document.title);
    return out;
  });
}

/** english returns the Latin words of the page that are not data, IDs, file names or allowed. */
async function english(p) {
  const bad = new Set();
  for (let s of await visibleText(p)) {
    for (const n of names) if (s.includes(n)) s = s.split(n).join(' ');
    s = s.replace(/\b(way|node|relation|licence|row)\/\d+\b/g, ' ') // IDs
      .replace(/[^\s，。：:“”（）()]+\.(csv|txt|xlsx|xlsm|xls)\b/gi, ' ') // file names
      .replace(/https?:\/\/\S+/g, ' ');
    for (const w of s.match(/[A-Za-z][A-Za-z0-9]*(-\d+)?/g) || []) if (!allowed.has(w)) bad.add(w);
  }
  return [...bad];
}

async function assertChinese(state) {
  const words = await english(page);
  assert.deepEqual(words, [], `English in zh-CN, ${state}: ${words.join(' ')}`);
}

test('zh-CN: no English in any flow', async () => {
  ({ page, watched } = await app.open('#regulator', { token: regulatorToken }));
  await assertChinese('first view');
  // A check, pasted, with the legend open and the layer control shown.
  await page.fill('#paste', '30.6680,104.0527');
  await page.press('#paste', 'Enter');
  await page.waitForSelector('.verdict[data-drawn-ms]');
  await page.click('#legend .legend-toggle');
  await page.hover('.leaflet-control-layers');
  await assertChinese('a verdict, the legend and the layers');
  await page.mouse.move(10, 400);
  // A bad input, and a licence list with a bad row.
  watched.expectHTTPError('/api/v1/check', 400);
  await page.fill('#lat', '99');
  await page.click('#check');
  await page.waitForSelector('#message.error:not([hidden])');
  await assertChinese('an input error');
  await page.setInputFiles('#licences', { name: '执照.csv', mimeType: 'text/csv', buffer: Buffer.from('名称,类别,经度,纬度\n网吧,internet_cafe,104.0527,30.6680\n') });
  await page.waitForSelector('#audit-table tbody tr');
  await page.click('#audit-view');
  await page.waitForSelector('#audit-water tbody tr');
  await assertChinese('the audits');
  // Search.
  const answer = page.waitForResponse((r) => r.url().includes('/api/v1/search?'));
  await page.fill('#search', 'ptsxx');
  await answer;
  await page.waitForSelector('#search-results:not([hidden]) li');
  await assertChinese('search results');
  await page.press('#search', 'Escape');
  // The school tab: a report with its walks.
  await page.click('[data-tab=school]');
  await page.fill('#school-q', '北新');
  await page.press('#school-q', 'Enter');
  await page.click('#school-results button:has-text("北新实验小学")');
  await page.waitForSelector('section.routes .unreached');
  await assertChinese('a school report');
  await page.emulateMedia({ media: 'print' });
  await assertChinese('a school report printed');
  await page.emulateMedia({ media: 'screen' });
  await page.close();

  // The police tab: a plan with a roster.
  ({ page, watched } = await app.open('#police', { token: policeToken }));
  await page.click('#patrol-more summary');
  await page.fill('#bells-primary', '07:50, 16:10');
  await page.click('#patrol-plan');
  await page.waitForSelector('#roster');
  await page.hover('path.sz-patrol-post >> nth=0');
  await assertChinese('a patrol plan');
  await screenshot(page, 'language-police');
});

test('the scan finds English where there is some', async () => {
  ({ page, watched } = await app.open('#regulator', { lang: 'en' }));
  const words = await english(page);
  for (const w of ['Check', 'Latitude', 'Regulator']) assert.ok(words.includes(w), `${w} in ${words.join(' ')}`);
});

test('speed: the first view, and checks from the request to the map drawn', async () => {
  ({ page, watched } = await app.open('#regulator'));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.reload();
  const first = Number(await (await page.waitForSelector('body[data-ready]', { state: 'attached' })).getAttribute('data-ready-ms'));
  await page.selectOption('#category', 'internet_cafe');
  const points = [['30.6680', '104.0527'], ['30.6897', '104.0887'], ['30.6735459', '104.0981641'], ['30.6600', '104.0700'], ['30.7100', '104.1000'],
    ['30.6700', '104.0600'], ['30.6800', '104.0800'], ['30.6650', '104.0650'], ['30.7000', '104.0900'], ['30.6900', '104.0500']];
  const shown = [];
  const drawn = [];
  for (const [lat, lon] of points) {
    await page.fill('#lat', lat);
    await page.fill('#lon', lon);
    await page.click('#check');
    const box = await page.waitForSelector(`.verdict[data-drawn-ms]`);
    shown.push(Number(await box.getAttribute('data-shown-ms')));
    drawn.push(Number(await box.getAttribute('data-drawn-ms')));
    await page.evaluate(() => { document.querySelector('.verdict').removeAttribute('data-drawn-ms'); });
  }
  const sorted = (a) => [...a].sort((x, y) => x - y);
  const median = (a) => sorted(a)[a.length >> 1];
  const stat = (a) => `median ${median(a)} ms, max ${Math.max(...a)} ms`;
  console.log(`# first view ${first} ms (cache disabled); ${points.length} checks: verdict shown ${stat(shown)}; map drawn ${stat(drawn)} (${drawn.join(' ')})`);
  assert.ok(first < 1000, `first view ${first} ms`);
  // Every verdict within the budget. The map around it is drawn in about
  // 60 ms, but the page's first drawing (its SVG layer made, styles worked
  // out) takes longer, and more on a loaded machine: the median holds it.
  assert.ok(Math.max(...shown) < checkBudgetMs, `verdicts shown in ${shown} ms, budget ${checkBudgetMs} ms`);
  assert.ok(median(drawn) < checkBudgetMs, `maps drawn in ${drawn} ms, budget ${checkBudgetMs} ms`);
});
