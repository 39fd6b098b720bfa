// The catalogue-driven forms and the rule kinds beside near, clicked
// through in chromium against the real server on the demo data with the
// 忠县 pack (zhongxian-2022), which has an inside rule (campus water), an
// along rule (water within 50 m of pupils' routes: a weir, way/227338527,
// lies 20.8 m from the walks to 成都市建设路小学) and two requires rules
// (police posts and traffic facilities within 200 m, which no school of
// the demo has both of).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, createToken, tempDir, screenshot, pageSuite } from './harness.mjs';

let page;
let watched;

const store = tempDir();
const regulatorToken = createToken(store, 'regulator');
const server = await startServer(['--store', store, '--rules', 'zhongxian-2022']);
const catalogue = await (await fetch(`${server.url}/api/v1/categories`)).json();

const app = pageSuite(server);

async function open(hash = '', lang = 'zh') {
  let ms;
  ({ page, watched, ms } = await app.open(hash, { lang }));
  return ms;
}

test('catalogue: the category form and legend list the catalogue, in both languages', async () => {
  await open('#regulator');
  const ids = catalogue.categories.map((k) => k.id);
  const options = await page.$$eval('#category option', (os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(options.map(([v]) => v), ids, 'every category, in the catalogue order');
  const zh = new Map(catalogue.categories.map((k) => [k.id, k]));
  for (const [v, text] of options) assert.equal(text, zh.get(v).name.zh);
  assert.ok(ids.includes('hazardous_chemicals') && ids.includes('traffic_facility'), 'new categories are offered');
  await page.selectOption('#category', 'lottery');
  assert.equal(await page.textContent('#category-lead'), `牵头单位：${zh.get('lottery').lead.zh}`);
  await page.click('#category-legend summary');
  assert.equal(await page.locator('#category-legend li').count(), ids.length);
  assert.match(await page.textContent('#category-legend li[data-category="hazardous_chemicals"]'), /危险化学品场所（含加油站） · 应急管理部门/);
  await screenshot(page, 'catalogue-legend');

  await page.click('#lang');
  assert.equal(await page.textContent('#category option[value="lottery"]'), 'lottery outlet');
  assert.equal(await page.textContent('#category-lead'), `Lead unit: ${zh.get('lottery').lead.en}`);
  assert.match(await page.textContent('#category-legend li[data-category="tattoo"]'), /tattoo parlour · market regulation bureau/);
});

test('catalogue: a check of a new category cites the pack', async () => {
  await open('#regulator');
  await page.selectOption('#category', 'hazardous_chemicals');
  await page.fill('#lat', '30.6680');
  await page.fill('#lon', '104.0527');
  await page.click('#check');
  await page.waitForSelector('.verdict[data-verdict]');
  assert.equal(await page.textContent('.verdict-text'), '需现场核查');
  assert.match(await page.textContent('#verdict'), /环校园安全带内严禁存有危险物品/);
});

test('school report: places along the ways to school, and what the school lacks', async () => {
  await open('#school');
  await page.fill('#school-q', '建设路小学');
  await page.press('#school-q', 'Enter');
  await page.click('#school-results button:has-text("成都市建设路小学")');
  await page.waitForSelector('section.along li.hazard');
  const along = await page.textContent('section.along');
  assert.match(along, /上下学路线沿线/);
  assert.match(along, /拦河堰、坝 · 20\.8 米 自上下学路线/, 'the weir beside the walks');
  const lacking = page.locator('section.lacking li.hazard.lacking');
  assert.equal(await lacking.count(), 2, 'no police post and no traffic facility within 200 m');
  assert.match(await page.textContent('section.lacking'), /200\.0 米 内没有警务点 · 最近：.+，\d+\.\d 米/);
  assert.match(await page.textContent('section.lacking'), /交通安全设施（人行横道、信号灯、减速带）/);
  await screenshot(page, 'school-along-lacking');

  await page.click('#lang');
  assert.match(await page.textContent('section.along'), /weir or dam · 20\.8 m from the ways to school/);
  assert.match(await page.textContent('section.lacking'), /no police post within 200\.0 m/);
});

test('audit: the view lists schools lacking a police post, at the school', async () => {
  await open('#regulator');
  await page.fill('#token', regulatorToken);
  await page.press('#token', 'Tab');
  await page.click('#audit-view');
  await page.waitForSelector('#audit-table tbody tr.lacking');
  const lacking = page.locator('#audit-table tbody tr.lacking');
  assert.ok(await lacking.count() >= 2, 'schools lacking police posts and traffic facilities');
  assert.match(await lacking.first().textContent(), /缺少(警务点|交通安全设施)/);
  // Water is listed apart from the violations (#audit-water), along rules' water too.
  assert.ok(await page.locator('#audit-water tbody tr[data-kind="along"]').count() >= 1, 'water along the routes');
  await lacking.first().click();
  await page.waitForSelector('.leaflet-popup-content');
  assert.match(await page.textContent('.leaflet-popup-content'), /缺少/);
  await screenshot(page, 'audit-lacking');
});
