// The admin tab, clicked through in chromium against the real server on
// the demo data (Chengdu, 2018): tokens created, shown once and revoked; a
// licence list imported with its bad row reported, then with it skipped; a
// school layer imported and found on the map; a rule pack refused for its
// errors, uploaded and made the default; the map data reloaded while checks
// keep being answered. In Chinese, no English shows in the tab.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, createToken, tempDir, watch, screenshot, ready, cleanup } from './harness.mjs';

const store = tempDir();
const adminToken = createToken(store, 'admin');
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

afterEach(async () => {
  if (!page) return;
  const p = watched.problems;
  await page.close();
  page = null;
  assert.deepEqual(p, [], 'no console errors, page errors or outside requests');
});

/**
 * open loads the admin tab in lang, with the admin token saved; expect
 * lists the [url part, status] of the error answers the page will get.
 */
async function open(lang = 'zh', token = adminToken, expect = []) {
  page = await browser.newPage();
  watched = await watch(page);
  for (const [u, s] of expect) watched.expectHTTPError(u, s);
  page.on('dialog', (d) => d.accept()); // the confirmations of revoke and delete
  await page.addInitScript(([l, tok]) => {
    if (sessionStorage.getItem('e2e')) return;
    sessionStorage.setItem('e2e', '1');
    localStorage.setItem('safezone.lang', l);
    localStorage.setItem('safezone.token', tok);
  }, [lang, token]);
  await page.goto(`${server.url}/index.html#admin`);
  await ready(page);
}

// English words of the app's own text; the tab must show none in Chinese.
// User data (file names, pack and token IDs such as "default") is not
// prose, and tokens are left out as <code>.
const english = /\b(the|and|of|to|must|token|tokens|import|imported|rules?|reload|failed|error|row|rows|file|school|not|with|bad|delete|revoke|create|schools)\b/i;

/** noEnglish asserts that the admin tab's visible text has no English prose. */
async function noEnglish() {
  const text = await page.evaluate(() => {
    const c = document.getElementById('tab-admin').cloneNode(true);
    for (const code of c.querySelectorAll('code, #import-names')) code.remove();
    return c.innerText + '\n' + document.getElementById('message').innerText;
  });
  const prose = text.replace(/[\w.-]+\.(?:csv|yaml|xlsx|geojson|zip)\b/g, ''); // file names are data
  const m = prose.match(english);
  assert.equal(m, null, `English in the admin tab: ${m && prose.slice(Math.max(0, m.index - 40), m.index + 40)}`);
}

test('admin: tokens are created, shown once, listed and revoked', async () => {
  await open();
  await page.waitForSelector('#token-table tbody tr');
  assert.equal(await page.locator('#token-table tbody tr').count(), 1);
  assert.match(await page.textContent('#token-table tbody tr'), /（当前）.*管理员/);
  await page.selectOption('#token-role', 'regulator');
  await page.click('#token-create');
  await page.waitForSelector('#token-value');
  const tok = await page.textContent('#token-value');
  assert.match(tok, /^sz_[A-Za-z0-9_-]{43}$/);
  assert.match(await page.textContent('#token-new'), /只显示这一次/);
  await page.waitForFunction(() => document.querySelectorAll('#token-table tbody tr').length === 2);
  // The new token works.
  const res = await fetch(`${server.url}/api/v1/businesses`, { headers: { Authorization: `Bearer ${tok}` } });
  assert.equal(res.status, 200);
  await noEnglish();
  await screenshot(page, 'admin-tokens');
  await page.click('#token-table tbody tr:not(.current) button.revoke');
  await page.waitForFunction(() => document.querySelectorAll('#token-table tbody tr').length === 1);
  const after = await fetch(`${server.url}/api/v1/businesses`, { headers: { Authorization: `Bearer ${tok}` } });
  assert.equal(after.status, 401);
  // A police token bound to a unit: the unit is listed with it; an admin token has none.
  await page.selectOption('#token-role', 'police');
  assert.equal(await page.isVisible('#token-unit'), true);
  await page.fill('#token-unit', '锦江区交警大队');
  await page.click('#token-create');
  await page.waitForFunction(() => document.querySelectorAll('#token-table tbody tr').length === 2);
  assert.match(await page.textContent('#token-table tbody tr:not(.current)'), /公安.*锦江区交警大队/);
  await page.selectOption('#token-role', 'admin');
  assert.equal(await page.isVisible('#token-unit'), false, 'only regulator and police tokens have a unit');
  await noEnglish();
  await page.click('#token-table tbody tr:not(.current) button.revoke');
  await page.waitForFunction(() => document.querySelectorAll('#token-table tbody tr').length === 1);
  // The last admin token is kept, and the refusal is in Chinese.
  watched.expectHTTPError('/api/v1/admin/tokens/', 409);
  await page.click('#token-table tbody tr.current button.revoke');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.match(await page.textContent('#message'), /^令牌“[0-9a-f]{8}”：这是最后一个管理员令牌：请先创建另一个管理员令牌再吊销$/);
});

test('admin: a licence list with a bad row, reported, then imported without it', async () => {
  await open();
  const csv = '名称,类别,经度,纬度,许可证号\n星空网吧,网吧,104.0612,30.6571,510104-001\n坏网吧,网吧,104.07,130.66,510104-003\n好运彩票,彩票,104.0655,30.6602,510104-002\n';
  const file = { name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await page.setInputFiles('#import-files', file);
  await page.click('#import-start');
  await page.waitForSelector('#import-status[data-state=failed]');
  assert.equal(await page.textContent('#import-status'), '1 行有错误（共 3 行）：未导入任何数据。请修正后重新导入，或勾选“跳过错误行”导入其余 2 行。');
  assert.equal(await page.locator('#import-bad tbody tr').count(), 1);
  assert.equal(await page.textContent('#import-bad tbody tr'), 'licences.csv3纬度纬度“130.66”：应在 -90 至 90 之间');
  await noEnglish();
  await screenshot(page, 'admin-import-bad');
  await page.check('#import-skip-bad');
  await page.setInputFiles('#import-files', file);
  await page.click('#import-start');
  await page.waitForSelector('#import-status[data-state=done]');
  assert.match(await page.textContent('#import-status'), /^导入完成：共 3 行，导入 2 行；经营场所新增 2、更新 0、未变 0；学校和水域 0 个。 已跳过 1 行错误数据：/);
  assert.equal(await page.locator('#import-bad tbody tr').count(), 1);
  const bs = await (await fetch(`${server.url}/api/v1/businesses`, { headers: { Authorization: `Bearer ${adminToken}` } })).json();
  assert.deepEqual(bs.map((b) => b.licence).sort(), ['510104-001', '510104-002']);
});

test('admin: a school layer is imported and indexed on the map', async () => {
  await open();
  const csv = '编号,名称,学段,经度,纬度\ns1,锦城新建实验小学,小学,104.0460,30.6420\n';
  await page.selectOption('#import-kind', 'school');
  await page.setInputFiles('#import-files', { name: 'schools.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('#import-start');
  await page.waitForSelector('#import-status[data-state=done]', { timeout: 20000 });
  assert.match(await page.textContent('#import-status'), /学校和水域 1 个。 地图数据已更新（第 \d+ 版）。/);
  await noEnglish();
  await page.click('[data-tab=school]');
  await page.fill('#school-q', '锦城新建');
  await page.press('#school-q', 'Enter');
  await page.waitForSelector('#school-results button');
  assert.match(await page.textContent('#school-results'), /锦城新建实验小学/);
});

const cityPack = `id: city-test
title: 测试市规则
document: {title: 测试市文件, issuer: 测试市政府, date: 2024}
rules:
  - id: cafe_300
    title: 校园周边300米内禁止网吧
    categories: [internet_cafe]
    distance_m: 300
    from: campus
    severity: prohibited
    citation: {clause: 校园周边300米以内禁止设立网吧}
`;

test('admin: a rule pack refused for its errors, then uploaded and made the default', async () => {
  await open();
  await page.waitForSelector('#rules-table tbody tr');
  assert.match(await page.textContent('#rules-table tr.default'), /^default（默认）/);
  watched.expectHTTPError('/api/v1/admin/rules', 400);
  const bad = cityPack.replace('distance_m: 300', 'distance_m: -5');
  await page.setInputFiles('#rules-file', { name: 'city.yaml', mimeType: 'application/yaml', buffer: Buffer.from(bad) });
  await page.waitForSelector('#rules-status ul.errors li');
  assert.equal(await page.textContent('#rules-status ul.errors li'), 'city.yaml 第 8 行，规则“cafe_300”，距离（米）“-5”：应大于 0 且不超过 5000');
  await noEnglish();
  await screenshot(page, 'admin-rules-invalid');
  await page.setInputFiles('#rules-file', { name: 'city.yaml', mimeType: 'application/yaml', buffer: Buffer.from(cityPack) });
  await page.waitForSelector('#rules-table tr[data-id=city-test]');
  assert.match(await page.textContent('#rules-status'), /已上传规则包 city-test（测试市规则，1 条规则）/);
  // The header's rule pack choice offers it at once, without a reload of the page.
  await page.waitForSelector('#rules option[value=city-test]', { state: 'attached' });
  await page.click('#rules-table tr[data-id=city-test] button.make-default');
  await page.waitForSelector('#rules-table tr.default[data-id=city-test]');
  await page.waitForFunction(() => document.querySelector('#rules option').value === 'city-test');
  const health = await (await fetch(`${server.url}/api/v1/health`)).json();
  assert.equal(health.rules, 'city-test');
  await noEnglish();
  await screenshot(page, 'admin-rules');
  // Back to the shipped default, so the other tests see the demo's rules.
  await page.click('#rules-table tr[data-id=default] button.make-default');
  await page.waitForSelector('#rules-table tr.default[data-id=default]');
});

test('admin: an error the server gives a code is said from its code', async () => {
  await open();
  await page.waitForSelector('#rules-table tbody tr');
  watched.expectHTTPError('/api/v1/admin/rules', 413);
  // Over the limit of a pack (store.MaxRulePackBytes, 1 MiB): the server
  // says "body: a rule pack must be at most 1048576 bytes", code
  // pack_too_large with max, which i18n.js says in a sentence of its own.
  const big = `id: big\n# ${'x'.repeat(1 << 20)}\n`;
  await page.setInputFiles('#rules-file', { name: 'big.yaml', mimeType: 'application/yaml', buffer: Buffer.from(big) });
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '规则包不能超过 1048576 字节。');
  assert.equal(await page.getAttribute('#message', 'title'), 'body: a rule pack must be at most 1048576 bytes');
  await noEnglish();
});

test('admin: the map data reloads while checks keep being answered', async () => {
  await open();
  await page.waitForSelector('#reload-state[data-generation]');
  const before = Number(await page.getAttribute('#reload-state', 'data-generation'));
  let stop = false;
  let ok = 0;
  let failed = 0;
  const body = JSON.stringify({ lat: 30.668, lon: 104.0527, category: 'internet_cafe' });
  const load = (async () => {
    while (!stop) {
      const r = await fetch(`${server.url}/api/v1/check`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }).catch(() => null);
      if (r && r.ok) { ok++; await r.arrayBuffer(); } else failed++;
    }
  })();
  await page.click('#reload');
  await page.waitForSelector('#reload-result.ok', { timeout: 20000 });
  stop = true;
  await load;
  assert.match(await page.textContent('#reload-result'), new RegExp(`^重新加载完成，用时 \\d+ 毫秒：现为第 ${before + 1} 版数据。$`));
  assert.match(await page.textContent('#reload-state'), /正在使用第 \d+ 版数据.*学校 \d+ 所/);
  console.log(`# reload from the admin tab: ${ok} checks answered meanwhile, ${failed} failed`);
  assert.equal(failed, 0);
  assert.ok(ok > 0);
  await noEnglish();
  await screenshot(page, 'admin-reload');
  await page.click('#lang');
  assert.equal(await page.textContent('#tab-admin h2'), 'Tokens');
  assert.match(await page.textContent('#reload-state'), /^Serving generation/);
});

test('admin: a token of another role is told so, in Chinese', async () => {
  const res = await fetch(`${server.url}/api/v1/admin/tokens`, {
    method: 'POST', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: '{"role":"police"}',
  });
  const { token } = await res.json();
  await open('zh', token, [['/api/v1/admin/', 403]]);
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '此令牌不是管理员令牌，无权进行管理操作。');
  await noEnglish();
});
