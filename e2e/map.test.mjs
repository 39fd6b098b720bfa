// The map's flows, clicked through in chromium against the real server on
// the demo data (Chengdu, 2018). Facts used below come from the demo:
// 泡桐树小学 (way/587802044) is 11.0 m from (30.6680, 104.0527), and two
// bars lie within 200 m of 泡桐树小学 (way/576684164).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, createToken, tempDir, screenshot, ready, pageSuite } from './harness.mjs';
import { unzip } from './files.mjs';

const budgetMs = Number(process.env.SAFEZONE_READY_BUDGET_MS || 1000);
let page;
let watched;

// One server and store for the whole file, started before the tests.
const store = tempDir();
const regulatorToken = createToken(store, 'regulator');
const server = await startServer(['--store', store]);

const app = pageSuite(server);

/** open loads the map in a new page, in Chinese unless lang says otherwise. */
async function open(hash = '', lang = 'zh') {
  let ms;
  ({ page, watched, ms } = await app.open(hash, { lang }));
  return ms;
}

test('GET / serves the map', async () => {
  const res = await fetch(`${server.url}/`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<script type="module" src="app.js">/);
});

test('first view: offline basemap, schools and attribution, ready within budget', async () => {
  // The browser's very first page pays for starting its renderer, compiling
  // Leaflet and finding fonts; a user's browser is already open. So the
  // budget applies to a second first view: a new page with the HTTP cache
  // disabled, after that warm-up.
  const coldBrowserMs = await open();
  await page.close();
  ({ page, watched } = await app.newPage());
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const basemapAnswer = page.waitForResponse((r) => r.url().includes('/api/v1/basemap?'));
  await page.goto(`${server.url}/index.html`);
  const ms = await ready(page);
  console.log(`# first view ready in ${ms} ms, cache disabled (budget ${budgetMs} ms); ${coldBrowserMs} ms in a just-started browser`);
  assert.match(await page.textContent('.leaflet-control-attribution'), /© OpenStreetMap contributors, ODbL/);
  assert.equal(await page.textContent('h1'), '校园周边安全区域');
  assert.ok(await page.locator('.leaflet-basemap-pane canvas').count() >= 1, 'basemap canvas');
  assert.ok(await page.locator('.leaflet-overlay-pane canvas').count() >= 1, 'schools canvas');
  assert.equal(await page.locator('.leaflet-tile').count(), 0, 'no tiles unless a tile URL is set');
  // The offline basemap is the server's own map data, drawn on its canvas.
  const answer = await basemapAnswer;
  assert.equal(answer.status(), 200, 'GET /api/v1/basemap');
  const layers = new Set((await answer.json()).features.map((f) => f.properties.layer));
  for (const l of ['landuse', 'water', 'campus', 'road']) assert.ok(layers.has(l), `basemap layer ${l} in ${[...layers]}`);
  const px = await basemapPixels(page);
  assert.ok(px.road > 100 && px.water > 100, `basemap canvas: ${JSON.stringify(px)}, want main roads and water drawn`);
  await screenshot(page, 'first-view');
  assert.ok(ms < budgetMs, `first view ready in ${ms} ms, budget ${budgetMs} ms`);
});

/**
 * basemapPixels counts, in every 4th pixel of the basemap canvas, those
 * drawn on, and those in the colours of main roads and of water lines
 * (map.js basemapStyle).
 */
function basemapPixels(p) {
  return p.evaluate(() => {
    const c = document.querySelector('.leaflet-basemap-pane canvas');
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const near = (i, [r, g, b]) => Math.abs(px[i] - r) + Math.abs(px[i + 1] - g) + Math.abs(px[i + 2] - b) < 24;
    const n = { painted: 0, road: 0, water: 0 };
    for (let i = 0; i < px.length; i += 16) {
      if (px[i + 3] === 0) continue;
      n.painted++;
      if (near(i, [0xf3, 0xb2, 0x5c])) n.road++;
      if (near(i, [0x7f, 0xb3, 0xe0])) n.water++;
    }
    return n;
  });
}

test('basemap: zooming in loads the details, buildings and footways', async () => {
  await open();
  let answer;
  for (const zoom of [13, 14, 15]) { // the demo opens at 12; one level per click, once each has loaded
    const loaded = page.waitForResponse((r) => r.url().includes('/api/v1/basemap?') && r.url().endsWith(`&zoom=${zoom}`));
    await page.click('.leaflet-control-zoom-in');
    answer = await loaded;
  }
  const fc = await answer.json();
  const layers = new Set(fc.features.map((f) => f.properties.layer));
  assert.ok(layers.has('building'), `buildings at zoom 15: ${[...layers]}`);
  const paths = fc.features.filter((f) => f.properties.layer === 'road' && ['footway', 'path', 'service'].includes(f.properties.class));
  assert.ok(paths.length > 0, 'footways, paths or service roads at zoom 15');
  await screenshot(page, 'basemap-z15'); // also waits for the zoom to end
  const px = await basemapPixels(page);
  assert.ok(px.road > 100 && px.water > 100, `basemap canvas at zoom 15: ${JSON.stringify(px)}`);
});

test('regulator: typed coordinates give the verdict, rings, line, rule and citation', async () => {
  await open('#regulator');
  await page.selectOption('#category', 'internet_cafe');
  await page.fill('#lat', '30.6680');
  await page.fill('#lon', '104.0527');
  await page.click('#check');
  await page.waitForSelector('.verdict[data-verdict]');
  assert.equal(await page.textContent('.verdict-text'), '禁止设立');
  assert.equal(await page.locator('.hits > li').count(), 2);
  assert.match(await page.textContent('#verdict'), /泡桐树小学，11\.0 米/);
  assert.match(await page.textContent('#verdict'), /宜政办秘〔2018〕28号/);
  await page.waitForSelector('path.sz-line', { state: 'attached' });
  assert.equal(await page.textContent('.sz-distance'), '11.0 米');
  assert.ok(await page.locator('path.sz-ring').count() >= 2, 'a 200 m ring per school');
  assert.equal(await page.locator('path.sz-location').count(), 1);
  await screenshot(page, 'regulator-check');

  await page.click('#lang');
  assert.equal(await page.textContent('.verdict-text'), 'Prohibited');
  assert.match(await page.textContent('#verdict'), /Nearest school: 泡桐树小学, 11\.0 m/);
  assert.match(await page.textContent('#verdict'), /Source: 安庆市/);
  assert.equal(await page.textContent('.sz-distance'), '11.0 m');
  await screenshot(page, 'regulator-check-en');
});

test('regulator: the line to a point campus ends at the school point', async () => {
  await open('#regulator');
  await page.selectOption('#category', 'game_arcade');
  await page.fill('#lat', '30.6897');
  await page.fill('#lon', '104.0887');
  await page.click('#check');
  await page.waitForSelector('path.sz-line', { state: 'attached' });
  assert.match(await page.textContent('#verdict'), /成都市人北实验小学：距离 53\.8 米/);
  const ends = await page.evaluate(() => {
    const nums = (sel) => document.querySelector(sel).getAttribute('d').match(/-?\d+(\.\d+)?/g).map(Number);
    const line = nums('path.sz-line'); // M x1 y1 L x2 y2
    const campus = nums('path.sz-campus'); // a circle: M cx-r cy a r r ...
    return { x: line[2], y: line[3], cx: campus[0] + campus[2], cy: campus[1] };
  });
  assert.ok(Math.abs(ends.x - ends.cx) <= 1 && Math.abs(ends.y - ends.cy) <= 1, JSON.stringify(ends));
  await screenshot(page, 'regulator-point-campus');
});

test('regulator: a click on the map checks that point; bad input shows the server error', async () => {
  await open('#regulator');
  await page.selectOption('#category', 'bar');
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('.verdict[data-verdict]');
  assert.match(await page.inputValue('#lat'), /^30\.\d{6}$/);
  assert.match(await page.inputValue('#lon'), /^104\.\d{6}$/);
  assert.ok(['禁止设立', '需现场核查', '未发现违规'].includes(await page.textContent('.verdict-text')));

  watched.expectHTTPError('/api/v1/check', 400);
  await page.fill('#lat', '99');
  await page.click('#check');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '纬度“99”：须在 -90 到 90 之间');
});

test('regulator: the prohibited-zone layer for a category', async () => {
  await open('#regulator');
  await page.selectOption('#category', 'internet_cafe');
  await page.check('#zones-toggle');
  await page.waitForSelector('path.sz-zone-prohibited');
  assert.match(await page.textContent('#zones-count'), /禁止开设：[1-9]\d* 处区域/);
  await screenshot(page, 'regulator-zones');
  await page.selectOption('#category', 'bar'); // bars near schools are to be inspected
  await page.waitForSelector('path.sz-zone-inspect');
  assert.equal(await page.locator('path.sz-zone-prohibited').count(), 0);
});

test('regulator: licence upload, table linked to the map, CSV and XLSX downloads', async () => {
  await open('#regulator');
  await page.fill('#token', regulatorToken);
  await page.press('#token', 'Tab');
  const csv = 'name,category,lon,lat,licence,经营地址\n测试网吧,internet_cafe,104.0527,30.6680,L001,泡桐树街12号\n远郊酒吧,bar,104.1000,30.7000,L002,\n';
  await page.setInputFiles('#licences', { name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#audit-table tbody tr');
  assert.equal(await page.locator('#audit-table tbody tr').count(), 2);
  assert.equal(await page.textContent('#audit-count'), '共 2 条违规');
  assert.match(await page.textContent('#audit-table tbody tr:first-child'), /测试网吧.*地址：泡桐树街12号.*网吧.*泡桐树小学.*禁止/);
  await page.click('#audit-table tbody tr:nth-child(2)');
  assert.equal(await page.locator('#audit-table tr.selected').count(), 1);
  await page.waitForSelector('.leaflet-popup-content');
  assert.match(await page.textContent('.leaflet-popup-content'), /测试网吧/);
  await screenshot(page, 'regulator-audit');

  // The downloads are the ledger, in the page's language.
  const files = {};
  for (const fmt of ['csv', 'xlsx']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#download-${fmt}`)]);
    assert.equal(download.suggestedFilename(), `safezone-audit.${fmt}`);
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    files[fmt] = Buffer.concat(chunks);
  }
  assert.match(files.csv.toString('utf8'), /^\ufeff结论,名称,许可证号,地址,类别,学校名称,学校类型,距离\(米\),限值\(米\),测量起点/);
  assert.match(files.csv.toString('utf8'), /\n禁止设立,测试网吧,L001,泡桐树街12号,网吧,泡桐树小学,小学,/);
  const book = unzip(files.xlsx);
  for (const sheet of ['汇总', '违规清单', '校园周边水域', '执照清单']) assert.match(book['xl/workbook.xml'], new RegExp(`name="${sheet}"`));
  const text = Object.values(book).join('\n'); // the stream writer puts strings inline
  for (const word of ['核查商户', '合规商户', '许可证号', '禁止设立', '校园边界']) assert.ok(text.includes(word), word);

  // The view's audit lists the water near schools apart from the violations:
  // the whole data's view, once the zoom to the row is over.
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
  await page.click('#home');
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
  await page.click('#audit-view');
  await page.waitForFunction(() => document.querySelectorAll('#audit-table tbody tr').length > 2);
  const water = await page.locator('#audit-water tbody tr').count();
  assert.ok(water >= 1, 'water near schools in view');
  assert.equal(await page.locator('#audit-table tbody tr.sev-water').count(), 0, 'no water among the violations');
  assert.match(await page.textContent('#audit-water-count'), new RegExp(`另有 ${water} 处校园周边水域（不计入违规`));
  await screenshot(page, 'regulator-audit-view');
});

test('regulator: audits without a token say so', async () => {
  await open('#regulator');
  watched.expectHTTPError('/api/v1/audit', 401);
  await page.click('#audit-view');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '此操作需要令牌：请在页面顶部填写。');
});

test('school: search by name, report with rings, hazards by severity, print', async () => {
  await open('#school');
  await page.fill('#school-q', '泡桐树');
  await page.press('#school-q', 'Enter');
  await page.waitForSelector('#school-results button');
  assert.equal(await page.locator('#school-results button').count(), 2);
  await page.click('#school-results li:first-child button');
  await page.waitForSelector('#hazard-total');
  assert.equal(await page.getAttribute('#hazard-total', 'data-count'), '2');
  assert.equal(await page.locator('section.ring[data-radius="200"] li.hazard.inspect').count(), 2);
  assert.equal(await page.locator('path.sz-ring').count(), 3);
  assert.equal(await page.locator('path.sz-hazard').count(), 2);
  await screenshot(page, 'school-report');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('header'), false);
  assert.equal(await page.isVisible('#report'), true);
  await screenshot(page, 'school-report-print');
});

test('school: water near a campus is listed and drawn', async () => {
  await open('#school');
  await page.fill('#school-q', '人北小学');
  await page.press('#school-q', 'Enter');
  await page.click('#school-results button:has-text("东区")');
  await page.waitForSelector('#hazard-total');
  assert.equal(await page.getAttribute('#hazard-total', 'data-count'), '3');
  // Two rivers and a swimming pool; 城北电子城, 39 m away, is an
  // electronics mall tagged as a marketplace, not a market of stalls.
  assert.equal(await page.locator('section.water li.hazard').count(), 3);
  assert.equal(await page.locator('section.ring[data-radius="50"] li.hazard.prohibited').count(), 0);
  assert.ok(await page.locator('path.sz-water').count() >= 1);
  await screenshot(page, 'school-water');
});

test("school: water along pupils' routes, computed and drawn by hand", async () => {
  await open('#school');
  await page.fill('#school-q', '北新');
  await page.press('#school-q', 'Enter');
  await page.click('#school-results button:has-text("北新实验小学")');
  await page.waitForSelector('#hazard-total');
  // The report's walks from the residential areas around 北新实验小学
  // (way/577687828) cross a canal.
  await page.waitForSelector('section.routes');
  assert.match(await page.textContent('section.routes h4'), /上下学路线沿线水域：\d+ 条步行路线/);
  assert.ok(await page.locator('section.routes li.hazard').count() >= 1, 'water along the computed walks');
  assert.ok(await page.locator('path.sz-walk').count() >= 1, 'the walks are drawn');
  // A route that crosses water says how (there is no 0.0 m to puzzle over),
  // and the homes no walk reaches are listed and drawn.
  const crossing = page.locator('section.routes li.crossing').first();
  assert.match(await crossing.textContent(), /路线穿过该水域（经桥梁或涉水/);
  assert.doesNotMatch(await page.textContent('section.routes'), /· 0\.0 米 ·/);
  assert.match(await page.textContent('section.routes .unreached p'), /^以下 3 处居住区在 1000 米内没有可步行到校门的道路，未能计算路线/);
  assert.equal(await page.locator('section.routes .unreached li').count(), 3);
  assert.equal(await page.locator('path.sz-unreached').count(), 3);
  // Draw a route across the view and ask for the water within 1000 m.
  await page.click('#route-draw');
  const box = await page.locator('#map').boundingBox();
  for (const [fx, fy] of [[0.3, 0.3], [0.5, 0.6], [0.7, 0.4]]) await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  assert.equal(await page.locator('path.sz-route-point').count(), 3);
  await page.fill('#route-within', '1000');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/routes/water'));
  await page.click('#route-check');
  const res = await (await answer).json();
  assert.ok(res.water.length >= 1, 'water within 1 km of a route across the view');
  await page.waitForSelector('#route-water li.hazard');
  assert.equal(await page.locator('#route-water li.hazard').count(), res.water.length);
  assert.match(await page.textContent('#route-water li.hazard'), /距起点 \d+\.\d 米/);
  assert.ok(await page.locator('path.sz-route-water').count() >= 1, 'the water is drawn');
  await screenshot(page, 'school-route-water');
  await page.click('#route-clear');
  assert.equal(await page.locator('path.sz-route-point').count(), 0);
});

test('police: schools, police points and the patrol-post plan layer', async () => {
  await open('#police');
  await page.waitForFunction(() => /\d+.*\d+/.test(document.getElementById('police-count').textContent));
  const text = await page.textContent('#police-count');
  const [schools, police] = text.match(/\d+/g).map(Number);
  assert.ok(schools >= 50, `schools in view: ${text}`);
  assert.ok(police >= 1, `police points in view: ${text}`);
  await page.hover('.leaflet-control-layers');
  assert.match(await page.textContent('.leaflet-control-layers-overlays'), /护学岗规划/);
  await screenshot(page, 'police');
});
