// Decisions a regulator signs, clicked through in chromium against the real
// server on the demo data (Chengdu, 2018): new-school sites, what-if and
// the certificate. Facts used below come from the demo: two bars lie within
// 200 m of 泡桐树小学 (way/576684164).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, createToken, tempDir, screenshot, artifacts, pageSuite } from './harness.mjs';

let page;
let watched;

const store = tempDir();
const regulatorToken = createToken(store, 'regulator');
const server = await startServer(['--store', store]);

const app = pageSuite(server);

/** open loads the map in a new page, in Chinese, with token if given. */
async function open(hash = '', tok = '', url = server.url) {
  let ms;
  ({ page, watched, ms } = await app.open(hash, { token: tok, url }));
  return ms;
}

/** api calls the server directly, as the test's own client. */
async function api(path, opts = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: opts.json ? 'POST' : 'GET',
    headers: { 'Content-Type': 'application/json', ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}) },
    body: opts.json ? JSON.stringify(opts.json) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

test('site: an uploaded campus finds its school report hazards; a drawn site shows its zones and places', async () => {
  const rep = (await api('/api/v1/schools/report?id=way/576684164')).body;
  const hazards = new Set(rep.rings.flatMap((r) => r.hazards.map((h) => h.feature_id)));
  assert.equal(hazards.size, 2, 'two bars near 泡桐树小学');
  await open('#plan');
  const feature = { type: 'Feature', properties: { school_kind: rep.school.school_kind, gates: rep.school.gates }, geometry: rep.school.geometry };
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/site'));
  await page.setInputFiles('#site-file', { name: 'campus.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(feature)) });
  assert.equal((await answer).status(), 200);
  await page.waitForSelector('#site-count');
  assert.equal(await page.getAttribute('#site-count', 'data-count'), '2');
  const listed = await page.$$eval('#site-places li.hazard', (lis) => lis.map((li) => li.dataset.id));
  assert.deepEqual(new Set(listed), hazards);
  assert.match(await page.textContent('#site-count'), /若在此新建小学，2 处场所将位于规则范围内/);
  assert.ok(await page.locator('path.sz-site-ring').count() >= 1, 'the zones are drawn');
  assert.equal(await page.locator('path.sz-site-place').count(), 2, 'the places light up');
  await screenshot(page, 'site-upload');

  // Draw a square around the middle of the view, where the campus is now.
  await page.click('#site-clear');
  await page.click('#site-draw');
  const box = await page.locator('#map').boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  for (const [dx, dy] of [[-40, -40], [40, -40], [40, 40], [-40, 40]]) await page.mouse.click(cx + dx, cy + dy);
  assert.equal(await page.locator('path.sz-site-point').count(), 4);
  const drawn = page.waitForResponse((r) => r.url().endsWith('/api/v1/site'));
  await page.click('#site-check');
  const res = await (await drawn).json();
  await page.waitForSelector('#site-count');
  assert.equal(res.site.geometry.type, 'Polygon');
  assert.equal(await page.getAttribute('#site-count', 'data-hits'), String(res.count));
  assert.ok(res.count >= 1, 'the bars are near a site on the campus');
  assert.ok(await page.locator('path.sz-site-ring').count() >= 1);
  await screenshot(page, 'site-drawn');
});

test('site: a self-intersecting site is refused with the reason', async () => {
  await open('#plan');
  watched.expectHTTPError('/api/v1/site', 400);
  const bowtie = { type: 'Polygon', coordinates: [[[104.05, 30.66], [104.06, 30.67], [104.06, 30.66], [104.05, 30.67], [104.05, 30.66]]] };
  await page.setInputFiles('#site-file', { name: 'bowtie.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(bowtie)) });
  await page.waitForSelector('#message.error:not([hidden])');
  assert.match(await page.textContent('#message'), /校址边界自相交：从 \[104\.05, 30\.66\] 到 \[104\.06, 30\.67\] 的边与从 \[104\.06, 30\.66\] 到 \[104\.05, 30\.67\] 的边相交或相接/);
});

test('what-if: the slider steps through the distances, the count shows and the places light up', async () => {
  const want = (await api('/api/v1/whatif?category=bar&distances=50,100,150,200,300')).body;
  const counts = want.distances.map((d) => d.count);
  assert.ok(counts[4] > counts[0], `bars reached: ${counts}`);
  await open('#plan');
  await page.selectOption('#whatif-category', 'bar');
  await page.fill('#whatif-distances', '50,100,150,200,300');
  await page.click('#whatif-run');
  await page.waitForSelector('#whatif-count[data-count]');
  assert.equal(await page.locator('path.sz-whatif').count(), counts[4], 'every place of the largest distance is drawn');
  for (const i of [0, 2, 4, 1]) {
    await page.locator('#whatif-slider').fill(String(i));
    await page.waitForFunction((n) => document.querySelector('#whatif-count').dataset.count === String(n), counts[i]);
    assert.equal(await page.locator('path.sz-whatif-in').count(), counts[i], `lit at ${want.distances[i].distance_m} m`);
    assert.equal(await page.textContent('#whatif-count'), `${counts[i]} 处酒吧位于此距离内`);
    assert.match(await page.textContent('#whatif-label'), new RegExp(`距离 ${want.distances[i].distance_m}\\.0 米`));
  }
  await screenshot(page, 'whatif');

  watched.expectHTTPError('/api/v1/whatif', 400);
  await page.fill('#whatif-distances', '200,100');
  await page.click('#whatif-run');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.match(await page.textContent('#message'), /距离“200,100”：须逐个递增，但“100”跟在 200 之后/);
});

test('certificate: a recorded check prints as an A4 sheet with the clause, the fingerprints and the ODbL line, and no controls', async () => {
  await open('#regulator', regulatorToken);
  await page.selectOption('#category', 'internet_cafe');
  await page.fill('#lat', '30.6680');
  await page.fill('#lon', '104.0527');
  await page.click('#check');
  await page.waitForSelector('.verdict[data-verdict]');
  await page.waitForSelector('path.sz-line', { state: 'attached' });
  await page.click('#record');
  await page.waitForSelector('#cert-id');
  const id = await page.textContent('#cert-id');
  assert.match(id, /^chk-\d+$/);
  const rec = (await api(`/api/v1/checks/${id}`, { token: regulatorToken })).body;
  const clause = rec.record.answer.hits[0].citation.clause;
  const dataSHA = rec.record.data.files[0].sha256;
  assert.equal(dataSHA, 'fd0ad2be708e7d27109aa3f60f6f121671b1c80af39aa9d670a53b283bda7e28', 'the demo as data/README.md gives it');
  await screenshot(page, 'certificate');

  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  const sheet = await page.innerText('#certificate');
  assert.ok(sheet.includes(clause), `the clause in full: ${clause}`);
  assert.ok(sheet.includes(dataSHA), 'the data fingerprint');
  assert.ok(sheet.includes(rec.record.rules_file.sha256), 'the rule pack fingerprint');
  assert.ok(sheet.includes('© OpenStreetMap contributors, ODbL'), 'the licence line');
  assert.ok(sheet.includes(id) && sheet.includes('禁止设立') && sheet.includes('11.0 米'), 'the record id, verdict and distance');
  assert.match(sheet, /GCJ-02 坐标（经度, 纬度）\s+104\.\d{7}, 30\.\d{7}/);
  assert.equal(await page.isVisible('#certificate'), true);
  assert.equal(await page.isVisible('#map'), true);
  assert.ok(await page.locator('path.sz-ring').count() >= 1 && await page.locator('path.sz-line').count() === 1, 'rings and the measured line');
  const controls = await page.$$eval('button, input, select, textarea, .leaflet-control', (els) => els.filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
  }).map((e) => e.id || e.className || e.tagName));
  assert.deepEqual(controls, [], 'no control prints');
  await screenshot(page, 'certificate-print');
  const pdf = await page.pdf({ format: 'A4', printBackground: true, path: `${artifacts}/certificate.pdf` });
  assert.ok(pdf.length > 10000 && pdf.subarray(0, 5).toString() === '%PDF-', 'a PDF is printed');
});

test('certificate: without a regulator or admin token the page says what is needed', async () => {
  await open('#regulator');
  await page.fill('#lat', '30.6680');
  await page.fill('#lon', '104.0527');
  await page.click('#check');
  await page.waitForSelector('#record:not([hidden])');
  watched.expectHTTPError('/api/v1/check', 403);
  await page.click('#record');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.match(await page.textContent('#message'), /生成核查单需要监管或管理员令牌/);
  assert.equal(await page.isVisible('#certificate'), false);
});

test('dates: a renewed licence older than the rule is exempt, and the verdict says which date applied', async () => {
  const dated = await startServer(['--rules', 'geo/testdata/rules/dates.yaml', '--store', tempDir()]);
  try {
    await open('#regulator', '', dated.url);
    await page.selectOption('#category', 'internet_cafe');
    await page.fill('#lat', '30.6680');
    await page.fill('#lon', '104.0527');
    await page.click('#check');
    await page.waitForSelector('.verdict[data-verdict]');
    assert.equal(await page.getAttribute('.verdict', 'data-verdict'), 'prohibited');
    assert.match(await page.textContent('#verdict'), /无开业日期，按新设场所认定/);
    await page.fill('#opened-on', '2018-06');
    await page.click('#check');
    await page.waitForSelector('.verdict[data-verdict=allowed]');
    assert.match(await page.textContent('#verdict'), /开业于 2018-06，早于规定施行（2019-05-01）：按已有场所“豁免”，认定为豁免/);
    assert.ok(await page.locator('.hit.exempt').count() >= 1);
    await screenshot(page, 'dates-exempt');
  } finally {
    await dated.stop();
  }
});

test('walking: a place the walk clears shows its walking distance and route, in a check and in the school report', async () => {
  const town = await startServer(['--data', 'geo/testdata/walk/town.osm', '--rules', 'geo/testdata/rules/walking-example.yaml', '--store', tempDir()]);
  try {
    await open('#regulator', '', town.url);
    // 北边网吧 (node/71): 45 m from the campus, 595 m on foot.
    await page.selectOption('#category', 'internet_cafe');
    await page.fill('#lat', '30.6511276');
    await page.fill('#lon', '104.0610442');
    await page.click('#check');
    await page.waitForSelector('.verdict[data-verdict]');
    assert.equal(await page.getAttribute('.verdict', 'data-verdict'), 'inspect');
    assert.match(await page.textContent('section.cleared'), /按步行距离排除.*步行距离 595\.\d 米，超过限值 200\.0 米：按步行距离不在范围内/s);
    await page.waitForSelector('path.sz-walk-route', { state: 'attached' });
    await screenshot(page, 'walking-cleared');

    await page.click('[data-tab=school]');
    await page.fill('#school-q', '南街');
    await page.press('#school-q', 'Enter');
    await page.click('#school-results button');
    await page.waitForSelector('#hazard-total');
    assert.match(await page.textContent('#report'), /步行距离 595\.\d 米，超过限值 200\.0 米/);
    assert.match(await page.textContent('#report'), /步行距离 5\d\.\d 米（限 200\.0 米）/);
    assert.ok(await page.locator('path.sz-walk-route').count() >= 2, 'the walks are drawn');
    await screenshot(page, 'walking-report');
  } finally {
    await town.stop();
  }
});
