// The regulator audits a district (辖区) from the map: the regulator tab's
// scope (当前地图范围, 全部数据, 辖区) takes a district from a boundary file
// with the picker the police tab uses, for the data and for an uploaded
// licence list; the table, the print view, the CSV and the XLSX name the
// district; refusals are said in Chinese. And the school lists give each
// school's address. On the demo data (Chengdu, 2018).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, createToken, tempDir, screenshot, pageSuite } from './harness.mjs';
import { square, placeOf, fileWriter } from './districts.mjs';
import { sheetRows } from './xlsx.mjs';

const store = tempDir();
const regulatorToken = createToken(store, 'regulator');
const server = await startServer(['--store', store]);
const app = pageSuite(server);
const file = fileWriter();
/** at is where the search API places the first hit for q. */
const at = (q) => placeOf(server, q);

const [lon, lat] = await at('泡桐树小学');
const [lon2, lat2] = await at('少城小学');
const districts = file('districts.geojson', {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { name: '泡桐树片区' }, geometry: square(lon, lat, 0.006) },
    { type: 'Feature', properties: { name: '少城片区' }, geometry: square(lon2, lat2, 0.004) },
  ],
});
// 测试网吧 is near 泡桐树小学 (map.test.mjs), 远郊酒吧 far outside the district.
const list = 'name,category,lon,lat,licence\n测试网吧,internet_cafe,104.0527,30.6680,L001\n远郊酒吧,bar,104.1000,30.7000,L002\n';

/** pickDistricts chooses the district scope and the boundary file. */
async function pickDistricts(page, p = districts) {
  await page.selectOption('#audit-scope', 'district');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#audit-district-pick')]);
  await chooser.setFiles(p);
}

/** download clicks a download button and returns the file's name and bytes. */
async function download(page, fmt) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#download-${fmt}`)]);
  const chunks = [];
  for await (const c of await d.createReadStream()) chunks.push(c);
  return { name: d.suggestedFilename(), data: Buffer.concat(chunks) };
}

/** csvRows splits a CSV ledger (no quoted commas in these) into rows. */
const csvRows = (buf) => buf.toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/).map((l) => l.split(','));

/** english finds words of English in text, leaving out file formats. */
const english = (text) => text.replace(/\b(CSV|XLSX|GeoJSON)\b/g, '').match(/[A-Za-z]{3,}/g);

test('regulator: audit a district chosen from a boundary file, named in the table, print, CSV and XLSX', async () => {
  const { page } = await app.open('#regulator', { token: regulatorToken });
  assert.equal(await page.isVisible('#audit-district-row'), false, 'no district row for the view');
  await pickDistricts(page);
  await page.waitForSelector('path.sz-district');
  assert.deepEqual(await page.locator('#audit-district option').allTextContents(), ['泡桐树片区', '少城片区']);
  assert.equal(await page.textContent('#audit-view'), '核查所选范围');

  const sent = page.waitForRequest((r) => r.url().includes('/api/v1/audit?format=geojson'));
  await page.click('#audit-view');
  const body = (await sent).postDataJSON();
  assert.deepEqual(body.district.geometry, square(lon, lat, 0.006), 'the chosen district is sent');
  assert.equal(body.district_name, '泡桐树片区');
  assert.equal(body.bbox, undefined, 'no bbox');
  await page.waitForSelector('#audit-scope-line:not(:empty)');
  assert.equal(await page.textContent('#audit-scope-line'), '核查范围：辖区“泡桐树片区”边界内（含压线）');
  // The table holds what the API gives for the district, fewer than for all the data.
  const audit = async (extra) => (await (await fetch(`${server.url}/api/v1/audit?format=geojson`, {
    method: 'POST', headers: { Authorization: `Bearer ${regulatorToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(extra),
  })).json()).features.length;
  const inDistrict = await audit({ district: square(lon, lat, 0.006) });
  const rows = await page.locator('#audit-table tbody tr').count() + await page.locator('#audit-water tbody tr').count();
  assert.equal(rows, inDistrict);
  assert.ok(inDistrict > 0 && inDistrict < await audit({}), `hits in the district: ${inDistrict}`);
  const panel = await page.textContent('#audit-scope-line') + await page.textContent('#audit-count') + await page.textContent('#audit-table thead');
  assert.equal(english(panel), null, `no English: ${panel}`);
  await page.locator('#audit-scope-line').scrollIntoViewIfNeeded();
  await screenshot(page, 'regulator-audit-district');

  const csv = await download(page, 'csv');
  assert.equal(csv.name, 'safezone-audit-泡桐树片区.csv');
  const table = csvRows(csv.data);
  assert.equal(table[0].at(-1), '核查范围');
  assert.ok(table.length > 1 && table.slice(1).every((r) => r.at(-1) === '辖区“泡桐树片区”边界内（含压线）'), table.map((r) => r.at(-1)).join('|'));
  const xlsx = await download(page, 'xlsx');
  assert.equal(xlsx.name, 'safezone-audit-泡桐树片区.xlsx');
  const summary = sheetRows(xlsx.data);
  assert.deepEqual(summary.find((r) => r[0] === '核查范围'), ['核查范围', '辖区“泡桐树片区”边界内（含压线）']);

  // Printed: the scope line with the table, not the controls.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#audit-scope-line'), true);
  assert.equal(await page.isVisible('#audit-scope'), false);
  assert.equal(await page.isVisible('#audit-district-pick'), false);
  await screenshot(page, 'regulator-audit-district-print');
  await page.emulateMedia({ media: 'screen' });

  // The other district of the file, and back to the view: no district sent.
  await page.selectOption('#audit-district', '1');
  await page.click('#audit-view');
  await page.waitForFunction(() => /少城片区/.test(document.getElementById('audit-scope-line').textContent));
  await page.selectOption('#audit-scope', 'view');
  assert.equal(await page.locator('path.sz-district').count(), 0, 'no outline for the view');
  const viewSent = page.waitForRequest((r) => r.url().includes('/api/v1/audit?format=geojson'));
  await page.click('#audit-view');
  const view = (await viewSent).postDataJSON();
  assert.equal(view.district, undefined);
  assert.ok(view.bbox);
  await page.waitForFunction(() => document.getElementById('audit-scope-line').textContent === '核查范围：当前地图范围');
});

test('regulator: a licence list audited for a district only', async () => {
  const { page } = await app.open('#regulator', { token: regulatorToken });
  await pickDistricts(page);
  await page.waitForSelector('path.sz-district');
  const sent = page.waitForRequest((r) => r.url().includes('/api/v1/audit/licences'));
  await page.setInputFiles('#licences', { name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(list) });
  // A form: the list and the district (the driver cannot read a form's
  // file back; the ledger below shows the district and its name arrived).
  assert.match((await sent).headers()['content-type'], /^multipart\/form-data; boundary=/);
  await page.waitForSelector('#audit-table tbody tr');
  assert.equal(await page.textContent('#audit-scope-line'), '核查范围：上传的执照清单 licences.csv 中位于辖区“泡桐树片区”边界内（含压线）的执照');
  assert.doesNotMatch(await page.textContent('#audit-table'), /远郊酒吧/);
  assert.match(await page.textContent('#audit-table tbody tr:first-child'), /测试网吧/);
  await screenshot(page, 'regulator-audit-district-list');
  const summary = sheetRows((await download(page, 'xlsx')).data);
  assert.deepEqual(summary.find((r) => r[0] === '核查范围'), ['核查范围', '上传的执照清单（2 条）中位于辖区“泡桐树片区”边界内（含压线）的 1 条']);
  assert.deepEqual(summary.find((r) => r[0] === '核查商户'), ['核查商户', '1']);

  // All the data: the list is audited whole, as it is.
  await page.selectOption('#audit-scope', 'all');
  const whole = page.waitForRequest((r) => r.url().includes('/api/v1/audit/licences'));
  await page.setInputFiles('#licences', { name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(list) });
  assert.match((await whole).headers()['content-type'], /^text\/csv/);
  await page.waitForFunction(() => document.getElementById('audit-scope-line').textContent === '核查范围：上传的执照清单 licences.csv（整份）');
  const all = sheetRows((await download(page, 'xlsx')).data);
  assert.deepEqual(all.find((r) => r[0] === '核查商户'), ['核查商户', '2']);
});

test('regulator: district refusals said in Chinese', async () => {
  const { page, watched } = await app.open('#regulator', { token: regulatorToken });
  await page.selectOption('#audit-scope', 'district');
  await page.click('#audit-view');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '请先选择辖区边界文件。');

  await pickDistricts(page, file('points.geojson', { type: 'Point', coordinates: [104.06, 30.66] }));
  await page.waitForFunction(() => /points\.geojson 中没有多边形/.test(document.getElementById('message').textContent));

  // A bow tie, for the data and for a list: the server's refusal, the same in both.
  watched.expectHTTPError('/api/v1/audit', 400);
  await pickDistricts(page, file('bowtie.geojson', { type: 'Feature', properties: { name: '蝴蝶结' }, geometry: { type: 'Polygon', coordinates: [[[104.05, 30.65], [104.07, 30.67], [104.07, 30.65], [104.05, 30.67], [104.05, 30.65]]] } }));
  await page.waitForSelector('path.sz-district');
  await page.click('#audit-view');
  await page.waitForFunction(() => /^辖区/.test(document.getElementById('message').textContent));
  const text = await page.textContent('#message');
  assert.match(text, /^辖区边界不是有效的多边形/);
  assert.equal(english(text.replace(/\[[^\]]*\]/g, '')), null, `no English: ${text}`);
  await page.evaluate(() => { document.getElementById('message').textContent = ''; });
  await page.setInputFiles('#licences', { name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(list) });
  await page.waitForFunction(() => /^辖区/.test(document.getElementById('message').textContent));
  assert.equal(await page.textContent('#message'), text, 'the list is refused as the audit is');
  await screenshot(page, 'regulator-audit-district-error');

  // Too many vertices: a circle of 200,001.
  const n = 200001;
  const ring = Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / (n - 1);
    return [Number((104.06 + 0.01 * Math.cos(a)).toFixed(6)), Number((30.66 + 0.01 * Math.sin(a)).toFixed(6))];
  });
  ring[n - 1] = ring[0];
  await pickDistricts(page, file('big.geojson', { type: 'Polygon', coordinates: [ring] }));
  await page.waitForSelector('path.sz-district');
  await page.click('#audit-view');
  await page.waitForFunction(() => /顶点超过/.test(document.getElementById('message').textContent));
  assert.equal(await page.textContent('#message'), '辖区边界的顶点超过 200000 个：请简化边界。');
});

test('regulator: the district audit in English', async () => {
  const { page } = await app.open('#regulator', { token: regulatorToken, lang: 'en' });
  await pickDistricts(page);
  await page.waitForSelector('path.sz-district');
  assert.equal(await page.textContent('#audit-district-pick'), 'Choose a district boundary file…');
  await page.click('#audit-view');
  await page.waitForSelector('#audit-scope-line:not(:empty)');
  assert.equal(await page.textContent('#audit-scope-line'), 'Scope: within the district “泡桐树片区” (or on its boundary)');
  const table = csvRows((await download(page, 'csv')).data);
  assert.equal(table[0].at(-1), 'Scope');
  assert.equal(table[1].at(-1), 'within the district “泡桐树片区” (or on its boundary)');
  await screenshot(page, 'regulator-audit-district-en');
  // Back to Chinese: the line follows.
  await page.click('#lang');
  assert.equal(await page.textContent('#audit-scope-line'), '核查范围：辖区“泡桐树片区”边界内（含压线）');
});

test('school: the school list gives each school its address', async () => {
  const { page } = await app.open('#school');
  await page.fill('#school-q', '石室');
  await page.press('#school-q', 'Enter');
  await page.waitForSelector('#school-results button');
  const item = page.locator('#school-results li').filter({ hasText: /^石室中学 · / });
  assert.match(await item.textContent(), /石室中学 · 中学地址：.*文庙前街93号/);
  await screenshot(page, 'school-list-address');
  await page.click('#lang');
  await page.press('#school-q', 'Enter');
  await page.waitForFunction(() => /Address: .*文庙前街93号/.test(document.getElementById('school-results').textContent));
});

test('police: the popup of a school gives its address', async () => {
  const { page } = await app.open('#police');
  const answer = page.waitForResponse((r) => r.url().includes('/api/v1/search?'));
  await page.fill('#search', '文庙前街93号');
  await answer;
  await page.click('#search-results li:first-child button');
  await page.waitForSelector('path.sz-found');
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
  // The search centres the map on the campus: a click just below the mark
  // and the school's label is on the school (the campus is about 200 m across).
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 + 80);
  await page.waitForSelector('.leaflet-popup-content');
  assert.match(await page.textContent('.leaflet-popup-content'), /石室中学 · 中学地址：.*文庙前街93号/);
  await screenshot(page, 'police-school-popup-address');
});
