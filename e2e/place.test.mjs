// Where a regulator's point comes from and what it is judged by: the
// coordinate system (points copied from AMap are GCJ-02, from Baidu BD-09),
// the paste box for the forms those maps copy, and the rule pack; each
// remembered, and shown on the verdict. On the demo data (Chengdu, 2018):
// 104.0981641, 30.6735459 is 98.7 m from 龙江路小学成华校区 in WGS84, but
// as a GCJ-02 point it lies about 360 m away, outside every zone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, screenshot, pageSuite } from './harness.mjs';

const server = await startServer(['--store', '']);
const app = pageSuite(server);
let page;

async function open(hash, opts = {}) {
  ({ page } = await app.open(hash, opts));
}

/** verdict waits for a new verdict after act() and returns its data attributes and text. */
async function verdict(act) {
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/check'));
  await act();
  const res = await (await answer).json();
  await page.waitForFunction((v) => document.querySelector(`.verdict[data-verdict="${v}"]`), res.verdict);
  return { res, text: await page.textContent('.verdict'), data: await page.$eval('.verdict', (e) => ({ ...e.dataset })) };
}

test('a GCJ-02 point from AMap is checked where it is, and the verdict says so', async () => {
  await open('#regulator');
  await page.selectOption('#category', 'internet_cafe');
  await page.fill('#lat', '30.6735459');
  await page.fill('#lon', '104.0981641');
  const wgs = await verdict(() => page.click('#check'));
  assert.equal(wgs.data.verdict, 'prohibited');
  assert.match(wgs.text, /（WGS84（GPS、奥维））/);
  // The same numbers, copied from AMap: the choice re-reads them.
  const gcj = await verdict(() => page.selectOption('#crs', 'gcj02'));
  assert.equal(gcj.data.verdict, 'allowed');
  assert.equal(gcj.data.crs, 'gcj02');
  assert.match(gcj.text, /位置：纬度 30\.673546，经度 104\.098164（GCJ-02（高德、腾讯）），即 WGS84 纬度 30\.67\d+，经度 104\.09\d+/);
  const moved = page.locator('path.sz-location');
  assert.equal(await moved.count(), 1);
  await screenshot(page, 'place-gcj02');
  // Remembered: a new page starts in GCJ-02.
  await page.reload();
  await page.waitForSelector('body[data-ready]', { state: 'attached' });
  assert.equal(await page.inputValue('#crs'), 'gcj02');
  for (const c of ['wgs84', 'cgcs2000', 'gcj02', 'bd09']) assert.equal(await page.locator(`#crs option[value=${c}]`).count(), 1);
});

test('a click on the map fills the boxes in the chosen system', async () => {
  await open('#regulator', { storage: { 'safezone.crs': 'bd09' } });
  const box = await page.locator('#map').boundingBox();
  const conv = page.waitForResponse((r) => r.url().includes('/api/v1/crs/convert?') && r.url().includes('to=bd09'));
  const { res } = await verdict(() => page.mouse.click(box.x + box.width / 2, box.y + box.height / 2));
  assert.equal((await conv).status(), 200);
  assert.equal(res.crs, 'bd09', 'checked as a BD-09 point');
  // BD-09 lies about 0.006° east and north of WGS84 in Chengdu.
  assert.ok(res.input.lon - res.lon > 0.004 && res.input.lat - res.lat > 0.002, JSON.stringify(res));
  assert.equal(await page.inputValue('#lat'), res.input.lat.toFixed(6));
});

test('the paste box reads lon,lat and lat,lon, says which it read, and swaps', async () => {
  await open('#regulator');
  await page.selectOption('#category', 'internet_cafe');
  let v = await verdict(async () => { await page.fill('#paste', '104.0527,30.6680'); await page.press('#paste', 'Enter'); });
  assert.deepEqual([await page.inputValue('#lat'), await page.inputValue('#lon')], ['30.668000', '104.052700']);
  assert.equal(await page.getAttribute('#paste-note', 'data-order'), 'lonlat');
  assert.match(await page.textContent('#paste-note'), /原文为“经度,纬度”顺序，因为其中一个数大于 90，只能是经度/);
  assert.equal(v.data.verdict, 'prohibited');
  v = await verdict(async () => { await page.fill('#paste', '30.6680, 104.0527'); await page.press('#paste', 'Enter'); });
  assert.deepEqual([await page.inputValue('#lat'), await page.inputValue('#lon')], ['30.668000', '104.052700']);
  assert.equal(await page.getAttribute('#paste-note', 'data-order'), 'latlon');
  // Degrees, minutes and seconds, with hemispheres, as Chinese input methods type them.
  v = await verdict(async () => { await page.fill('#paste', '北纬30°40′4.8″，东经104°3′9.72″'); await page.press('#paste', 'Enter'); });
  assert.deepEqual([await page.inputValue('#lat'), await page.inputValue('#lon')], ['30.668000', '104.052700']);
  assert.equal(await page.getAttribute('#paste-note', 'data-reason'), 'hemisphere');
  await screenshot(page, 'place-paste');
  // Two numbers under 90, far from the data: the order is a guess, said
  // as a warning, and a click swaps them and checks again.
  v = await verdict(async () => { await page.fill('#paste', '30.67,60.1'); await page.press('#paste', 'Enter'); });
  assert.deepEqual([await page.inputValue('#lat'), await page.inputValue('#lon')], ['60.100000', '30.670000']);
  assert.equal(await page.getAttribute('#paste-note', 'class'), 'paste-note warn');
  assert.match(await page.textContent('#paste-note'), /无法判断.*请核对/);
  v = await verdict(() => page.click('#swap'));
  assert.deepEqual([await page.inputValue('#lat'), await page.inputValue('#lon')], ['30.670000', '60.100000']);
  assert.deepEqual([v.res.lat, v.res.lon], [30.67, 60.1]);
});

test('the paste box refuses what is not a point, in Chinese', async () => {
  await open('#regulator');
  await page.fill('#paste', '成都市青羊区');
  await page.press('#paste', 'Enter');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.match(await page.textContent('#message'), /^无法识别“成都市青羊区”/);
  await page.fill('#paste', `30°75'N 104°E`);
  await page.press('#paste', 'Enter');
  await page.waitForFunction(() => /分和秒须小于 60/.test(document.getElementById('message').textContent));
});

test('the coordinate parser, table by table', async () => {
  await open('#regulator');
  const cases = [
    ['104.09,30.67', 30.67, 104.09, 'lonlat', 'range'],
    ['30.67 104.09', 30.67, 104.09, 'latlon', 'range'],
    ['１０４．０９，３０．６７', 30.67, 104.09, 'lonlat', 'range'],
    [`30°40'12"N 104°5'24"E`, 30.67, 104.09, 'latlon', 'hemisphere'],
    [`104°5'24"E, 30°40'12"N`, 30.67, 104.09, 'lonlat', 'hemisphere'],
    ['N30.67 E104.09', 30.67, 104.09, 'latlon', 'hemisphere'],
    ['北纬30度40分12秒 东经104度5分24秒', 30.67, 104.09, 'latlon', 'hemisphere'],
    [`33°51'S 151°12'E`, -33.85, 151.2, 'latlon', 'hemisphere'],
    ['60.1,30.67', 30.67, 60.1, 'lonlat', 'guess'],
  ];
  const got = await page.evaluate(async (list) => {
    const { parseCoords } = await import('./coords.js');
    const extent = [103.97, 30.56, 104.28, 30.78];
    return list.map(([text]) => { const p = parseCoords(text, extent); return [p.lat, p.lon, p.order, p.reason]; });
  }, cases);
  cases.forEach(([text, lat, lon, order, reason], i) => {
    const [glat, glon, gorder, greason] = got[i];
    assert.ok(Math.abs(glat - lat) < 1e-9 && Math.abs(glon - lon) < 1e-9, `${text}: ${got[i]}`);
    assert.deepEqual([gorder, greason], [order, reason], text);
  });
  // Both numbers under 90: the data's extent decides.
  const near = await page.evaluate(async () => {
    const { parseCoords } = await import('./coords.js');
    return parseCoords('30.67,80.5', [80, 30, 81, 31]);
  });
  assert.deepEqual([near.lat, near.lon, near.reason], [30.67, 80.5, 'extent']);
});

test('the rule pack: the deployment default, a choice remembered, its document on the verdict', async () => {
  await open('#regulator');
  await page.waitForSelector('#rules option', { state: 'attached' });
  assert.match(await page.textContent('#rules option:checked'), /校园周边安全区域\(默认\)（本系统默认）/);
  assert.ok(await page.locator('#rules option').count() >= 6, 'every pack of data/rules');
  await page.selectOption('#category', 'internet_cafe');
  await page.fill('#lat', '30.6680');
  await page.fill('#lon', '104.0527');
  let v = await verdict(() => page.click('#check'));
  assert.equal(v.data.rules, 'default');
  assert.match(v.text, /依据规则包：校园周边安全区域\(默认\)（.*安庆市人民政府办公室关于加强中小学幼儿园安全风险防控体系建设的实施意见/);
  v = await verdict(() => page.selectOption('#rules', 'zhongxian-2022'));
  assert.equal(v.res.rules, 'zhongxian-2022');
  assert.match(v.text, /依据规则包：忠县环校园安全带（忠县教育委员会/);
  await screenshot(page, 'place-rules');
  await page.reload();
  await page.waitForSelector('#rules option', { state: 'attached' });
  assert.equal(await page.inputValue('#rules'), 'zhongxian-2022');
});

test('the deployment default comes from serve --rules', async () => {
  const other = await startServer(['--store', '', '--rules', 'anqing-2018']);
  try {
    await open('#regulator', { url: other.url });
    await page.waitForSelector('#rules option', { state: 'attached' });
    assert.equal(await page.inputValue('#rules'), 'anqing-2018');
    assert.match(await page.textContent('#rules option:checked'), /（本系统默认）/);
  } finally {
    await other.stop();
  }
});

test('English pass: the choices and the verdict line', async () => {
  await open('#regulator', { lang: 'en', storage: { 'safezone.crs': 'gcj02' } });
  await page.fill('#paste', '104.0981641,30.6735459');
  const v = await verdict(() => page.press('#paste', 'Enter'));
  assert.match(v.text, /At latitude 30\.673546, longitude 104\.098164 \(GCJ-02 \(AMap, Tencent\)\), that is WGS84/);
  assert.match(v.text, /Rule pack: 校园周边安全区域\(默认\)/);
  assert.match(await page.textContent('#rules option:checked'), /\(this deployment's default\)$/);
  assert.match(await page.textContent('#paste-note'), /given as "lon,lat"/);
});
