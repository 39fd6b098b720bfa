// Finding one's way: the scale bar, the legend, the names of schools and
// of ring distances, and the button back to the data's area; on the demo
// data (Chengdu, 2018), in zh-CN with one English pass.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, screenshot, pageSuite } from './harness.mjs';

const server = await startServer(['--store', '']);
const app = pageSuite(server);
let page;
let watched;

async function open(hash, opts = {}) {
  ({ page, watched } = await app.open(hash, opts));
}

test('a metric scale bar and a legend that opens', async () => {
  await open('#regulator');
  assert.match(await page.textContent('.leaflet-control-scale'), /^\d+ k?m$/);
  assert.equal(await page.locator('#legend ul').count(), 0, 'folded at first');
  await page.click('#legend .legend-toggle');
  const text = await page.textContent('#legend');
  for (const want of ['安全圈', '50 米', '100 米', '200 米', '禁止设立', '需现场核查', '未发现违规', '学校', '警务点', '护学岗', '水域']) {
    assert.ok(text.includes(want), `legend has ${want}: ${text}`);
  }
  await screenshot(page, 'orient-legend');
  await page.click('#lang');
  assert.match(await page.textContent('#legend'), /Zone rings.*Prohibited/);
});

test('school names once zoomed in, and ring distances on a report', async () => {
  await open('#school');
  assert.equal(await page.locator('.sz-school-label').count(), 0, 'no names at the opening zoom');
  await page.fill('#school-q', '泡桐树');
  await page.press('#school-q', 'Enter');
  await page.click('#school-results li:first-child button');
  await page.waitForSelector('#hazard-total');
  await page.waitForSelector('.sz-school-label');
  assert.match(await page.locator('.sz-school-label').allTextContents().then((a) => a.join('|')), /泡桐树小学/);
  const rings = await page.locator('.sz-ring-label').allTextContents();
  assert.deepEqual(rings.sort(), ['100 米', '200 米', '50 米'].sort());
  await screenshot(page, 'orient-labels');
  await page.click('#lang');
  assert.deepEqual((await page.locator('.sz-ring-label').allTextContents()).sort(), ['100 m', '200 m', '50 m'].sort());
});

test('the home button goes back to the data', async () => {
  await open('#regulator');
  const start = await page.evaluate(() => document.querySelector('.leaflet-control-scale-line').textContent);
  for (let i = 0; i < 4; i++) {
    const z = page.waitForRequest((r) => r.url().includes('/api/v1/basemap?'));
    await page.click('.leaflet-control-zoom-in');
    await z;
  }
  assert.notEqual(await page.textContent('.leaflet-control-scale-line'), start);
  assert.equal(await page.getAttribute('#home', 'title'), '回到数据范围');
  await page.click('#home');
  await page.waitForFunction((s) => document.querySelector('.leaflet-control-scale-line').textContent === s, start);
});
