// Finding a place by name, offline, on the demo data (Chengdu, 2018): by
// characters, by pinyin and its initials, and a homophone typo; the map
// jumps to the choice, and on the school tab a school's report opens.

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

/** search types q and returns the results' texts once they are in. */
async function search(q) {
  const answer = page.waitForResponse((r) => r.url().includes('/api/v1/search?'));
  await page.fill('#search', q);
  await answer;
  await page.waitForSelector('#search-results:not([hidden]) li');
  return page.locator('#search-results li').allTextContents();
}

test('by characters, pinyin, initials and a homophone', async () => {
  await open('#regulator');
  for (const q of ['泡桐树', 'paotongshu', 'ptsxx', '泡同树']) {
    const got = await search(q);
    assert.match(got[0], /^泡桐树小学 · 小学/, `${q}: ${got}`);
  }
  assert.match((await search('paotongshu'))[0], /拼音匹配/);
  const water = await search('府河');
  assert.ok(water.some((s) => / · (河流|水域)/.test(s)), `water: ${water}`);
  const street = await search('kuanxiangzi');
  assert.ok(street.some((s) => /^宽巷子 · 街道/.test(s)), `street: ${street}`);
  assert.deepEqual(await search('没有这个地方'), ['没有找到。']);
  await page.click('#lang');
  assert.deepEqual(await search('没有这个地方'), ['Nothing found.']);
});

test('a choice jumps to it on the map, and a school opens its report', async () => {
  await open('#school');
  const took = Date.now();
  await search('shaocheng');
  const ms = Date.now() - took;
  console.log(`# search answered and listed in ${ms} ms`);
  await page.click('#search-results li:first-child button');
  await page.waitForSelector('path.sz-found');
  assert.match(await page.textContent('.sz-found-label'), /少城小学/);
  await page.waitForSelector('#hazard-total');
  assert.match(await page.textContent('#report h3'), /^少城小学/);
  await screenshot(page, 'search-school');
  // Enter takes the first hit.
  await page.fill('#search', '');
  await search('wonder');
  await page.press('#search', 'Enter');
  await page.waitForFunction(() => /wonder House/.test(document.querySelector('.sz-found-label').textContent));
  assert.equal(await page.isVisible('#search-results'), false);
});

test('by address: the street, its pinyin and a house number; the address shown in results, verdicts and the report', async () => {
  await open('#regulator');
  // 石室中学 is mapped with addr:* on 文庙前街 93 (data/chengdu-2018.osm.pbf).
  let got = await search('文庙前街');
  const school = got.findIndex((s) => /^石室中学 · 中学 · 地址匹配/.test(s));
  assert.ok(school >= 0, `文庙前街: ${got}`);
  assert.match(got[school], /四川成都青羊文庙前街93号$/);
  got = await search('wenmiaoqianjie');
  assert.ok(got.some((s) => /^石室中学 .*地址匹配.*文庙前街93号$/.test(s)), `wenmiaoqianjie: ${got}`);
  got = await search('文庙前街93号');
  assert.deepEqual(got.map((s) => s.split(' · ')[0]), ['石室中学'], `文庙前街93号: ${got}`);
  assert.deepEqual(await search('文庙前街94号'), ['没有找到。']);
  // Two hostels on 顺城大街: the number tells them apart.
  got = await search('顺城大街288');
  assert.equal(got.length, 1, `顺城大街288: ${got}`);
  assert.match(got[0], /顺城大街288号$/);
  await page.fill('#search', '');
  await search('文庙前街93号');
  await screenshot(page, 'search-address');
  await page.click('#search-results li:first-child button');
  await page.waitForSelector('path.sz-found');
  assert.match(await page.textContent('.sz-found-label'), /^石室中学 · 中学 · 四川成都青羊文庙前街93号$/);

  // A check beside the school names the school's address.
  const [hit] = await (await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent('文庙前街93号')}`)).json();
  await page.selectOption('#category', 'internet_cafe');
  await page.fill('#lat', String(hit.lat));
  await page.fill('#lon', String(hit.lon));
  await page.click('#check');
  await page.waitForSelector('#verdict .school-address');
  assert.match(await page.textContent('#verdict'), /地址：四川成都青羊文庙前街93号/);
  await screenshot(page, 'search-address-verdict');

  await page.click('#lang');
  assert.match(await page.textContent('#verdict'), /Address: 四川成都青羊文庙前街93号/);
  assert.ok((await search('文庙前街93号')).every((s) => /by address/.test(s)));
});

test('an address found on the school tab opens the report with the school\'s address', async () => {
  await open('#school');
  await search('文庙前街93号');
  await page.click('#search-results li:first-child button');
  await page.waitForSelector('#hazard-total');
  assert.match(await page.textContent('#report h3'), /^石室中学/);
  assert.equal(await page.textContent('#report .school-address'), '地址：四川成都青羊文庙前街93号');
  await screenshot(page, 'search-address-report');
});
