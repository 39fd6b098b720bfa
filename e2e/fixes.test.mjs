// The bugs of issue 16 ("the map as Chinese officers use it"), each clicked
// through as it was reported, in zh-CN, against the real server on the
// demo data (Chengdu, 2018). Bug 6 (Shapefile field names) is in the
// importer, not the map, and is tested there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, createToken, tempDir, screenshot, pageSuite } from './harness.mjs';
import { gbk, xlsx } from './files.mjs';

const store = tempDir();
const regulatorToken = createToken(store, 'regulator');
const server = await startServer(['--store', store]);
const app = pageSuite(server);
let page;
let watched;

async function open(hash, opts = {}) {
  ({ page, watched } = await app.open(hash, opts));
}

const header = 'name,category,lon,lat,licence\n';

test('bug 1: a GBK licence list uploaded from the map keeps its Chinese names', async () => {
  await open('#regulator', { token: regulatorToken });
  const csv = gbk(`${header}测试网吧,internet_cafe,104.0527,30.6680,L001\n远郊酒吧,bar,104.1000,30.7000,L002\n`);
  await page.setInputFiles('#licences', { name: '执照.csv', mimeType: 'text/csv', buffer: csv });
  await page.waitForSelector('#audit-table tbody tr');
  assert.match(await page.textContent('#audit-table tbody tr:first-child'), /^测试网吧/);
  assert.doesNotMatch(await page.textContent('#audit-table'), /\ufffd/, 'no replacement characters');
});

test('bug 2: an XLSX licence list can be chosen and is read as a workbook', async () => {
  await open('#regulator', { token: regulatorToken });
  assert.match(await page.getAttribute('#licences', 'accept'), /\.xlsx/);
  const book = xlsx([['name', 'category', 'lon', 'lat', 'licence'], ['测试网吧', 'internet_cafe', 104.0527, 30.6680, 'L001']]);
  await page.setInputFiles('#licences', { name: '执照.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: book });
  await page.waitForSelector('#audit-table tbody tr');
  assert.match(await page.textContent('#audit-table tbody tr:first-child'), /^测试网吧.*网吧.*泡桐树小学/);
  const rows = await page.locator('#audit-table tbody tr').count();
  // A workbook the browser gives no type for is still sent as one.
  const answer = page.waitForResponse((r) => r.url().includes('/api/v1/audit/licences'));
  await page.setInputFiles('#licences', { name: 'licences.xlsx', mimeType: '', buffer: book });
  assert.equal((await answer).status(), 200);
  assert.equal(await page.locator('#audit-table tbody tr').count(), rows);
  assert.equal(await page.isVisible('#message.error'), false);
});

test('bug 3: the school print view has no route tools, and shows the attribution and the date', async () => {
  await open('#school');
  await page.fill('#school-q', '泡桐树');
  await page.press('#school-q', 'Enter');
  await page.click('#school-results li:first-child button');
  await page.waitForSelector('#hazard-total');
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['#route-tool', '#route-draw', '#route-check', '#route-clear', '#route-within']) {
    assert.equal(await page.isVisible(sel), false, `${sel} is not printed`);
  }
  assert.equal(await page.isVisible('.leaflet-control-attribution'), true, 'the attribution is printed');
  assert.match(await page.textContent('.leaflet-control-attribution'), /ODbL/);
  assert.equal(await page.isVisible('#print-meta'), true, 'the print date is printed');
  assert.match(await page.textContent('#print-meta'), /\d{4}-\d{2}-\d{2}/);
  await screenshot(page, 'fix-school-print');
});

test('bug 3: a regulator verdict prints with its verdict and clause', async () => {
  await open('#regulator');
  await page.selectOption('#category', 'internet_cafe');
  await page.fill('#lat', '30.6680');
  await page.fill('#lon', '104.0527');
  await page.click('#check');
  await page.waitForSelector('.verdict[data-verdict]');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.verdict-text'), true, 'the verdict is printed');
  assert.equal(await page.isVisible('.hits .citation'), true, 'the clause is printed');
  assert.match(await page.textContent('.hits .citation'), /宜政办秘〔2018〕28号/);
  assert.equal(await page.isVisible('#map'), true);
  assert.equal(await page.isVisible('#check-form'), false, 'not the form');
  assert.equal(await page.isVisible('#print-meta'), true);
  await screenshot(page, 'fix-regulator-print');
});

test('bug 4: the police count follows the language and the view', async () => {
  await open('#police');
  const count = async () => {
    await page.waitForFunction(() => /当前范围：学校 \d+ 所，警务点 \d+ 个/.test(document.getElementById('police-count').textContent));
    return (await page.textContent('#police-count')).match(/\d+/g).map(Number);
  };
  await page.waitForLoadState('networkidle'); // schools and police points drawn
  const [all] = await count();
  await page.click('#lang'); // English
  await page.click('[data-tab=regulator]');
  await page.click('#lang'); // back to 中文, on another tab
  // A smaller view, with fewer schools in it. The basemap asks for the new
  // zoom level on zoomend, in the same turn as the map's moveend.
  for (let i = 0; i < 2; i++) {
    const zoomed = page.waitForRequest((r) => r.url().includes('/api/v1/basemap?'));
    await page.click('.leaflet-control-zoom-in');
    await zoomed;
  }
  await page.click('[data-tab=police]');
  const [fewer] = await count();
  assert.ok(fewer < all, `schools in view after zooming in: ${fewer}, before: ${all}`);
});

test('bug 5: a verdict cleared by an error does not come back on a language change', async () => {
  await open('#regulator');
  watched.expectHTTPError('/api/v1/check', 400);
  await page.fill('#lat', '39.9');
  await page.fill('#lon', '116.4');
  await page.click('#check');
  await page.waitForSelector('.verdict[data-verdict=not_covered]');
  await page.fill('#lat', '99');
  await page.click('#check');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.locator('.verdict').count(), 0);
  await page.click('#lang');
  assert.equal(await page.locator('.verdict').count(), 0, 'no stale verdict after the language change');
  assert.doesNotMatch(await page.textContent('#verdict'), /Not covered/);
});

test('bug 7: changing the category checks the coordinates in the boxes', async () => {
  await open('#regulator');
  await page.selectOption('#category', 'internet_cafe');
  await page.fill('#lat', '30.6680');
  await page.fill('#lon', '104.0527');
  await page.click('#check');
  await page.waitForSelector('.verdict[data-verdict]');
  await page.fill('#lat', '30.6897');
  await page.fill('#lon', '104.0887');
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/check'));
  await page.selectOption('#category', 'game_arcade');
  const body = (await sent).postDataJSON();
  assert.deepEqual([body.lat, body.lon, body.category], ['30.6897', '104.0887', 'game_arcade']);
  await page.waitForFunction(() => /人北实验小学/.test(document.getElementById('verdict').textContent));
});

test('bug 8: server messages reach a zh-CN user in Chinese', async () => {
  await open('#regulator', { token: regulatorToken });
  // The coverage note of a point outside the data.
  await page.fill('#lat', '39.9');
  await page.fill('#lon', '116.4');
  await page.click('#check');
  await page.waitForSelector('.verdict[data-verdict=not_covered]');
  assert.match(await page.textContent('.verdict'), /数据未覆盖此位置/);
  assert.doesNotMatch(await page.textContent('.verdict'), /loaded data/);
  // An input error.
  watched.expectHTTPError('/api/v1/check', 400);
  await page.fill('#lat', '99');
  await page.click('#check');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '纬度“99”：须在 -90 到 90 之间');
  // A bad row of a licence list, and how many more there are.
  watched.expectHTTPError('/api/v1/audit/licences', 400);
  const csv = `${header}测试网吧,internet_cafe,104.0527,30.6680,L001\n坏行,internet_cafe,abc,30.6680,L002\n坏行二,no_such,104.05,30.66,L003\n`;
  await page.setInputFiles('#licences', { name: '执照.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => /第 3 行/.test(document.getElementById('message').textContent));
  assert.equal(await page.textContent('#message'), '执照.csv 第 3 行：经度“abc”：须为度数（另有 1 行有误）');
  // And in English, the server's own words.
  await page.click('#lang');
  await page.fill('#lat', '99');
  await page.click('#check');
  await page.waitForFunction(() => /must be between/.test(document.getElementById('message').textContent));
  assert.equal(await page.textContent('#message'), 'lat "99": must be between -90 and 90');
});
