// A patrol plan for a district (辖区), as the audit API takes one: the
// police tab's scope 辖区 reads a GeoJSON file of district boundaries,
// offers each by name, outlines the chosen one and plans for the schools in
// it only; a file without polygons and a boundary the server refuses are
// said in Chinese. On the demo data (Chengdu, 2018).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, createToken, tempDir, screenshot, pageSuite } from './harness.mjs';
import { square, placeOf, fileWriter } from './districts.mjs';

const store = tempDir();
const policeToken = createToken(store, 'police');
const server = await startServer(['--store', store]);
const app = pageSuite(server);
const file = fileWriter();
/** at is where the search API places the first hit for q. */
const at = (q) => placeOf(server, q);

/** plan submits the form and returns the summary's figures and the request body. */
async function plan(page) {
  const sent = page.waitForRequest((r) => r.url().includes('/api/v1/patrol?format=geojson'));
  await page.click('#patrol-plan');
  const body = (await sent).postDataJSON();
  await page.waitForSelector('.patrol-summary');
  const d = await page.$eval('.patrol-summary', (e) => ({ ...e.dataset }));
  return { body, posts: Number(d.posts), schools: Number(d.schools), covered: Number(d.covered) };
}

test('police: a plan for a district chosen from a boundary file', async () => {
  const [lon, lat] = await at('泡桐树小学');
  const [lon2, lat2] = await at('少城小学');
  const districts = file('districts.geojson', {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name: '泡桐树片区' }, geometry: square(lon, lat, 0.006) },
      { type: 'Feature', properties: { name: '少城片区' }, geometry: square(lon2, lat2, 0.004) },
      { type: 'Feature', properties: { name: '一个点' }, geometry: { type: 'Point', coordinates: [lon, lat] } },
    ],
  });
  const { page } = await app.open('#police', { token: policeToken });
  assert.equal(await page.isVisible('#patrol-district-row'), false, 'no district row for the view');
  await page.selectOption('#patrol-scope', 'district');
  assert.equal(await page.textContent('#patrol-district-pick'), '选择辖区边界文件…');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#patrol-district-pick')]);
  await chooser.setFiles(districts);
  await page.waitForSelector('path.sz-district');
  // Two polygons, by name; the point is no district.
  assert.deepEqual(await page.locator('#patrol-district option').allTextContents(), ['泡桐树片区', '少城片区']);
  await page.fill('#patrol-k', '3');
  await page.fill('#patrol-r', '300');
  const first = await plan(page);
  assert.deepEqual(first.body.district.geometry, square(lon, lat, 0.006), 'the chosen district is sent');
  assert.equal(first.body.bbox, undefined, 'no bbox');
  assert.ok(first.schools >= 1 && first.schools < 60, `schools in the district: ${JSON.stringify(first)}`);
  // The same district straight to the API gives the same plan.
  const direct = await (await fetch(`${server.url}/api/v1/patrol`, {
    method: 'POST', headers: { Authorization: `Bearer ${policeToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ posts: 3, radius: 300, district: square(lon, lat, 0.006) }),
  })).json();
  assert.equal(direct.schools, first.schools);
  assert.equal(direct.covered, first.covered);
  const drawn = await page.locator('path.sz-covered').count() + await page.locator('path.sz-uncovered').count();
  assert.equal(drawn, first.schools, 'only the district\'s schools drawn');
  await screenshot(page, 'police-district');

  await page.selectOption('#patrol-district', '1');
  const second = await plan(page);
  assert.deepEqual(second.body.district.geometry, square(lon2, lat2, 0.004));
  assert.notDeepEqual(second.schools, 0);

  await page.click('#lang');
  assert.equal(await page.textContent('#patrol-district-pick'), 'Choose a district boundary file…');
  assert.match(await page.textContent('#patrol-result'), /With \d+ new posts, \d+ of \d+ schools are covered/);
  await screenshot(page, 'police-district-en');
});

test('police: a district file without a polygon, or one the server refuses, said in Chinese', async () => {
  const { page, watched } = await app.open('#police', { token: policeToken });
  await page.selectOption('#patrol-scope', 'district');
  await page.click('#patrol-plan');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '请先选择辖区边界文件。');

  let [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#patrol-district-pick')]);
  await chooser.setFiles(file('points.geojson', { type: 'Point', coordinates: [104.06, 30.66] }));
  await page.waitForFunction(() => /points\.geojson 中没有多边形/.test(document.getElementById('message').textContent));
  [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#patrol-district-pick')]);
  await chooser.setFiles(file('broken.geojson', '{"type": "Polygon", "coordinates": [[[104'));
  await page.waitForFunction(() => /broken\.geojson 中没有多边形/.test(document.getElementById('message').textContent));

  // A bow tie: the server names the district and the crossing edges.
  watched.expectHTTPError('/api/v1/patrol', 400);
  [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#patrol-district-pick')]);
  await chooser.setFiles(file('bowtie.geojson', { type: 'Polygon', coordinates: [[[104.05, 30.65], [104.07, 30.67], [104.07, 30.65], [104.05, 30.67], [104.05, 30.65]]] }));
  await page.waitForSelector('path.sz-district');
  await page.click('#patrol-plan');
  await page.waitForFunction(() => /^辖区/.test(document.getElementById('message').textContent));
  const text = await page.textContent('#message');
  assert.doesNotMatch(text.replace(/\[[^\]]*\]/g, ''), /[A-Za-z]{3,}/, `no English: ${text}`);
  await screenshot(page, 'police-district-error');
});
