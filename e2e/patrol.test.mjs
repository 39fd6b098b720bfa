// The police view's patrol post (护学岗) plan, clicked through in chromium
// against the real server on the demo data (Chengdu, 2018): K and R in the
// panel, the plan drawn on the map, its figures in the panel, and the
// server's errors for bad input or a missing token.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, createToken, tempDir, watch, screenshot, ready, cleanup } from './harness.mjs';
import { unzip } from './files.mjs';

const store = tempDir();
const policeToken = createToken(store, 'police');
const server = await startServer(['--store', store]);
let browser;
let page;
let watched;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  await server.stop();
  cleanup();
});

/** open loads the police tab in Chinese, with the police token saved or not. */
async function open(token) {
  page = await browser.newPage();
  watched = await watch(page);
  await page.addInitScript((tok) => {
    if (sessionStorage.getItem('e2e')) return;
    sessionStorage.setItem('e2e', '1');
    localStorage.setItem('safezone.lang', 'zh');
    if (tok) localStorage.setItem('safezone.token', tok);
    else localStorage.removeItem('safezone.token');
  }, token);
  await page.goto(`${server.url}/index.html#police`);
  await ready(page);
}

afterEach(async () => {
  if (!page) return;
  const p = watched.problems;
  await page.close();
  page = null;
  assert.deepEqual(p, [], 'no console errors, page errors or outside requests');
});

/** plan fills K and R, submits and returns the summary's data attributes. */
async function plan(k, r) {
  await page.fill('#patrol-k', k);
  await page.fill('#patrol-r', r);
  await page.click('#patrol-plan');
  await page.waitForSelector('.patrol-summary');
  const d = await page.$eval('.patrol-summary', (e) => ({ ...e.dataset }));
  return { posts: Number(d.posts), covered: Number(d.covered), schools: Number(d.schools), bound: Number(d.bound) };
}

test('police: plan K posts of radius R for the schools in view', async () => {
  await open(policeToken);
  const small = await plan('3', '300');
  assert.ok(small.posts >= 1 && small.posts <= 3, `posts: ${JSON.stringify(small)}`);
  assert.ok(small.schools >= 50, `schools in view: ${JSON.stringify(small)}`);
  assert.ok(small.covered <= small.bound && small.covered <= small.schools, JSON.stringify(small));
  // What is drawn: each new post, a line to each school it staffs, and
  // every school in the plan, green or red.
  assert.equal(await page.locator('path.sz-patrol-post').count(), small.posts);
  assert.ok(await page.locator('path.sz-patrol-cover').count() >= small.posts, 'a line from each post');
  const green = await page.locator('path.sz-covered').count();
  const red = await page.locator('path.sz-uncovered').count();
  assert.equal(green + red, small.schools, `${green} covered and ${red} uncovered schools drawn`);
  assert.equal(await page.locator('.patrol-posts li').count(), small.posts);
  assert.match(await page.textContent('#patrol-result'), /新增 \d+ 个岗位后，\d+ 所学校中 \d+ 所被覆盖/);
  // Posts are named by the streets that meet at them, from the OSM way names.
  const places = await page.locator('.patrol-posts .post-place').allTextContents();
  assert.ok(places.length >= 1 && places.every((p) => /^.+(与.+交叉口|上的路口)$/.test(p)), `post places: ${places}`);
  await screenshot(page, 'police-patrol');

  // More posts cover at least as much; the old plan is replaced.
  const more = await plan('10', '300');
  assert.ok(more.covered >= small.covered && more.posts > small.posts, `${JSON.stringify(small)} then ${JSON.stringify(more)}`);
  assert.equal(await page.locator('path.sz-patrol-post').count(), more.posts);

  // A post in the list centres the map on it.
  await page.click('.patrol-posts li:first-child button');
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));

  await page.click('#lang');
  assert.match(await page.textContent('#patrol-result'), /With \d+ new posts, \d+ of \d+ schools are covered/);
  assert.match(await page.textContent('#patrol-result'), /Post 1: covers \d+ schools/);
  await screenshot(page, 'police-patrol-en');
});

test('police: bad K or R and a missing token show the server error', async () => {
  await open(policeToken);
  watched.expectHTTPError('/api/v1/patrol', 400);
  await page.fill('#patrol-k', '0');
  await page.click('#patrol-plan');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '新增岗位数“0”：须为不小于 1 的整数');
  await page.fill('#patrol-k', '5');
  await page.fill('#patrol-r', '9000');
  await page.click('#patrol-plan');
  await page.waitForFunction(() => document.getElementById('message').textContent === '覆盖半径“9000”：须为大于 0、不超过 5000 的米数');
  assert.deepEqual(watched.problems, [], 'no console errors, page errors or outside requests');
  await page.close();

  await open('');
  watched.expectHTTPError('/api/v1/patrol', 401);
  await page.click('#patrol-plan');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '此操作需要令牌：请在页面顶部填写。');
});

test('police: bell times and pupils give a roster per post and peak, downloaded and printed', async () => {
  await open(policeToken);
  await page.click('#patrol-more summary');
  await page.fill('#bells-primary', '07:50, 11:40, 14:00, 16:10');
  await page.fill('#bells-kindergarten', '08:30，16:30');
  await page.fill('#bells-secondary', '07:30 12:00 17:40');
  await page.fill('#bells-margin', '15');
  await page.fill('#enrolment', '泡桐树小学,1200\n少城小学，900');
  await page.fill('#patrol-k', '5');
  await page.click('#patrol-plan');
  await page.waitForFunction(() => /有 2 所学校名为“泡桐树小学”/.test(document.getElementById('message').textContent));
  await page.fill('#enrolment', 'way/576684164,1200\n少城小学,900');
  const sent = page.waitForRequest((r) => r.url().includes('/api/v1/patrol?format=geojson'));
  await page.click('#patrol-plan');
  const body = (await sent).postDataJSON();
  assert.deepEqual(body.bells, { kinds: { kindergarten: ['08:30', '16:30'], primary: ['07:50', '11:40', '14:00', '16:10'], secondary: ['07:30', '12:00', '17:40'] }, margin_minutes: 15 });
  assert.equal(body.enrolment['way/576684164'], 1200);
  assert.equal(Object.keys(body.enrolment).length, 2);
  await page.waitForSelector('#roster');
  for (const peak of ['morning', 'noon', 'afternoon']) assert.equal(await page.locator(`.roster-peak[data-peak=${peak}]`).count(), 1);
  assert.match(await page.textContent('.roster-peak[data-peak=morning] h4'), /^早高峰 07:15–\d\d:\d\d：\d+ 个岗位$/);
  assert.match(await page.textContent('.roster-peak[data-peak=morning] tbody tr'), /^(岗位|现有警务点) \d+\d\d:\d\d–\d\d:\d\d.+/);
  assert.equal(await page.locator('.sz-post-label').count(), await page.locator('path.sz-patrol-post').count(), 'each post numbered on the map');
  await screenshot(page, 'police-roster');

  // The plan for the officers, as XLSX and CSV, in Chinese.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#patrol-download-xlsx')]);
  assert.equal(xlsx.suggestedFilename(), 'safezone-patrol.xlsx');
  const chunks = [];
  for await (const c of await xlsx.createReadStream()) chunks.push(c);
  const book = unzip(Buffer.concat(chunks));
  for (const sheet of ['汇总', '岗位', '排班', '未覆盖学校']) assert.match(book['xl/workbook.xml'], new RegExp(`name="${sheet}"`));
  assert.ok(Object.values(book).join('').includes('早高峰'), 'the roster by peak');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#patrol-download-csv')]);
  const text = (await new Promise((resolve) => { const b = []; csv.createReadStream().then((s) => s.on('data', (c) => b.push(c)).on('end', () => resolve(Buffer.concat(b).toString('utf8')))); }));
  assert.match(text, /^\ufeff序号,编号,位置,类型,纬度,经度,覆盖学校数,负责学校,覆盖权重,早高峰,午间,晚高峰\n岗位 1,node\/\d+,[^,]+(交叉口|上的路口),新增护学岗,/);

  // Printed: the plan and the roster, not the form.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#roster'), true);
  assert.equal(await page.isVisible('#patrol-form'), false);
  assert.equal(await page.isVisible('#print-meta'), true);
  await screenshot(page, 'police-roster-print');
});

test('police: a plan for all the data, and a bad bell time said in Chinese', async () => {
  await open(policeToken);
  await page.click('.leaflet-control-zoom-in'); // a view with fewer schools than the data
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
  await page.selectOption('#patrol-scope', 'all');
  const sent = page.waitForRequest((r) => r.url().includes('/api/v1/patrol?format=geojson'));
  const all = await plan('5', '300');
  assert.equal((await sent).postDataJSON().bbox, undefined, 'no bbox');
  assert.equal(all.schools, 60, 'every school of the demo');
  await page.click('#patrol-more summary');
  await page.fill('#bells-primary', '7点50');
  await page.click('#patrol-plan');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '小学的时间“7点50”：须为 时:分，如 07:50');
});
