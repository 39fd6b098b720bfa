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
