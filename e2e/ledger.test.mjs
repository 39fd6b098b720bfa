// The hazard ledger's 台账 tab, clicked through in chromium against the
// real server on the demo data (Chengdu, 2018), by three tokens on one
// store, in order: the admin syncs the audit into the ledger; a school
// (泡桐树小学, way/587802044) reports an unfenced pond with a photo; the
// regulator assigns it and, as the unit, rectifies it and submits its
// evidence; the admin rejects the check, the unit submits again and the
// admin closes it; the summary, the XLSX and CSV exports and the printed
// list show it; the school follows it to the end. Each step is checked in
// Chinese for English words, and photographed in e2e/artifacts/.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, createToken, tempDir, watch, screenshot, ready, cleanup } from './harness.mjs';
import { photo, noEnglish, download, chinaDate } from './ledger_helpers.mjs';
import { sheetRows, sheetNames } from './xlsx.mjs';

const schoolID = 'way/587802044'; // 泡桐树小学
const store = tempDir();
const tokens = {
  admin: createToken(store, 'admin'),
  regulator: createToken(store, 'regulator'),
  school: createToken(store, 'school', schoolID),
};
const server = await startServer(['--store', store]);
const pond = '校门东侧约五十米有一处池塘，无护栏、无警示牌，学生放学常经过';
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

/** done checks the open page for problems and closes it. */
async function done() {
  if (!page) return;
  const p = watched.problems;
  await page.close();
  page = null;
  assert.deepEqual(p, [], 'no console errors, page errors or outside requests');
}

afterEach(done);

/** open loads the 台账 tab with role's token saved (none if role is empty), in Chinese unless lang says otherwise. */
async function open(role, lang = 'zh') {
  await done();
  page = await browser.newPage();
  watched = await watch(page);
  await page.addInitScript(([tok, l]) => {
    if (sessionStorage.getItem('e2e')) return;
    sessionStorage.setItem('e2e', '1');
    localStorage.setItem('safezone.lang', l);
    if (tok) localStorage.setItem('safezone.token', tok);
    else localStorage.removeItem('safezone.token');
    localStorage.removeItem('safezone.ledger.unit');
  }, [tokens[role] || '', lang]);
  await page.goto(`${server.url}/index.html#ledger`);
  await ready(page);
  if (!role) return;
  await page.waitForSelector('#ledger-body:not([hidden])');
  await page.waitForSelector('#ledger-count[data-count]');
}

const count = async (sel) => page.locator(sel).count();
const listed = async () => Number(await page.getAttribute('#ledger-count', 'data-count'));

/** openPond picks the pond in the list and waits for it to open in state. */
async function openPond(state) {
  await page.click(`#ledger-list li.lh:has-text("${pond.slice(0, 8)}") button`);
  await page.waitForSelector(`#ledger-hazard[data-state=${state}]`);
}

/** move makes the move to `to` on the open hazard, with what fill fills in, and waits for the state after. */
async function move(to, after, fill = async () => {}) {
  await page.click(`#ledger-hazard button.move[data-to=${to}]`);
  await page.waitForSelector(`form.move-form[data-to=${to}]`);
  await fill();
  await page.click('#ledger-move-send');
  await page.waitForSelector(`#ledger-hazard[data-state=${after}]`);
}

/** refused sends the open move form and returns the message shown. */
async function refused(urlPart, status) {
  watched.expectHTTPError(urlPart, status);
  await page.click('#ledger-move-send');
  await page.waitForSelector('#message.error:not([hidden])');
  return page.textContent('#message');
}

test('ledger: the admin syncs the audit; the charts, the list and the map agree', async () => {
  await open('admin');
  assert.equal(await listed(), 0);
  assert.match(await page.textContent('#ledger-who'), /管理员令牌：全区隐患台账/);
  await page.click('#ledger-sync');
  await page.waitForSelector('#ledger-sync-result[data-total]');
  const r = await page.$eval('#ledger-sync-result', (e) => ({ ...e.dataset }));
  assert.ok(Number(r.new) > 0 && r.new === r.total, `first sync: ${JSON.stringify(r)}`);
  assert.match(await page.textContent('#ledger-sync-result'), new RegExp(`^同步完成：新增 ${r.new}，未变 0`));
  await page.waitForFunction((n) => document.getElementById('ledger-count').dataset.count === n, r.new);
  assert.equal(await page.getAttribute('#ledger-chart-state g.bar[data-key=found]', 'data-total'), r.new);
  assert.equal(await page.textContent('#ledger-sum-total b'), r.new);
  assert.equal(await count('path.sz-ledger'), Number(r.new), 'a marker per hazard listed');
  await noEnglish(page);
  await screenshot(page, 'ledger-1-admin-sync');

  // A second sync with nothing changed registers nothing.
  const again = page.waitForResponse((res) => res.url().endsWith('/api/v1/ledger/sync'));
  await page.click('#ledger-sync');
  assert.deepEqual(await (await again).json(), { rules: 'default', new: 0, unchanged: Number(r.new), reappeared: 0, vanished: 0, reopened: 0, total: Number(r.new) });

  // A bar of the grade chart filters the list and the map to that grade.
  const general = await page.getAttribute('#ledger-chart-grade g.bar[data-key=general]', 'data-total');
  await page.click('#ledger-chart-grade g.bar[data-key=general]');
  await page.waitForFunction((n) => document.getElementById('ledger-count').dataset.count === n, general);
  assert.equal(await count('path.sz-ledger'), Number(general));
  assert.equal(await count('path.sz-ledger-general'), Number(general), 'only general hazards drawn');
  assert.equal(await count('#ledger-list li.lh.grade-general'), Number(general));
});

test("ledger: a unit's token opens on its unit's hazards, acts on them, and only reads another unit's", async () => {
  const api = async (tok, method, path, body) => {
    const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
    return { status: res.status, json: await res.json().catch(() => null) };
  };
  const all = (await api(tokens.admin, 'GET', '/ledger/hazards?limit=1000')).json.hazards;
  const unit = all[0].unit;
  const other = all.find((h) => h.unit !== unit);
  assert.ok(other, 'the sync registered hazards of two units');
  const made = await api(tokens.admin, 'POST', '/admin/tokens', { role: 'regulator', unit });
  assert.equal(made.status, 201);
  assert.equal(made.json.unit, unit);
  tokens.unit = made.json.token;

  await open('unit');
  assert.match(await page.textContent('#ledger-who'), new RegExp(`^责任单位令牌：.* · ${unit}$`));
  assert.equal(await page.inputValue('#ledger-unit'), unit, "the unit's hazards first");
  await page.uncheck('#ledger-in-view');
  const mine = (await api(tokens.admin, 'GET', `/ledger/hazards?limit=1000&unit=${encodeURIComponent(unit)}`)).json.hazards.length;
  await page.waitForFunction((n) => document.getElementById('ledger-count').dataset.count === String(n), mine);
  await page.click('#ledger-list li.lh button');
  await page.waitForSelector('#ledger-hazard[data-state=found]');
  assert.equal(await count('#ledger-hazard button.move[data-to=assigned]'), 1, 'its own hazard may be assigned');
  await noEnglish(page);
  await screenshot(page, 'ledger-1b-unit-token');

  // Another unit's hazard: read, offered no move, and a move is refused, in Chinese.
  const seen = await api(tokens.unit, 'GET', `/ledger/hazards/${other.id}`);
  assert.equal(seen.status, 200);
  assert.deepEqual(seen.json.allowed, []);
  const res = await api(tokens.unit, 'POST', `/ledger/hazards/${other.id}/transitions`, { to: 'assigned', unit, person: '张三', deadline: chinaDate(15) });
  assert.equal(res.status, 403);
  const zh = await page.evaluate(async (m) => (await import('./ledger_messages.js')).zhLedger(m), res.json.error);
  assert.equal(zh, `隐患 ${other.id} 的责任单位是“${other.unit}”：此令牌属于“${unit}”，只能处理本单位的隐患`);
});

test('ledger: a school reports an unfenced pond with a photo', async () => {
  await open('school');
  assert.match(await page.textContent('#ledger-who'), /学校令牌.*泡桐树小学/);
  const before = await listed();
  assert.ok(before >= 1, 'the audit found hazards of 泡桐树小学');
  assert.deepEqual(new Set(await page.$$eval('#ledger-list li.lh', (ls) => ls.map((l) => l.dataset.school))), new Set([schoolID]), 'only its own school');
  await page.click('#ledger-report-start');
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width * 0.42, box.y + box.height * 0.62);
  await page.waitForSelector('path.sz-ledger-new');
  assert.match(await page.textContent('#ledger-report-where'), /^位置：纬度 30\.\d{6}，经度 104\.\d{6}$/);
  await page.selectOption('#ledger-report-category', 'water');
  await page.fill('#ledger-report-description', pond);
  await page.setInputFiles('#ledger-report-files-input', { name: '池塘.png', mimeType: 'image/png', buffer: await photo(page, 'image/png', false) });
  assert.equal(await page.textContent('#ledger-report-files-input-names'), '池塘.png');
  await noEnglish(page);
  await page.click('#ledger-report-send');
  await page.waitForSelector('#ledger-hazard[data-state=found] figure.attachment img[src^="blob:"]');
  await page.waitForFunction(() => document.querySelector('figure.attachment img').naturalWidth === 320);
  const detail = await page.textContent('#ledger-hazard');
  for (const want of ['发现登记', '较大', '人工上报', '水域', '水利、应急管理部门', pond, '40分钟内书面报告 达标']) {
    assert.ok(detail.includes(want), `${want} in the hazard: ${detail}`);
  }
  assert.deepEqual(await page.$$eval('ol.history li', (ls) => ls.map((l) => l.dataset.action)), ['report', 'attach']);
  assert.equal(await page.textContent('#ledger-hazard p.muted'), '此令牌在当前状态下没有可办理的操作。');
  assert.equal(await listed(), before + 1);
  assert.equal(await count('path.sz-ledger'), before + 1);
  assert.match(await page.textContent('#message'), /^已登记隐患 #\d+，附件 1 个。$/);
  await screenshot(page, 'ledger-2-school-report');

  // A file that is not what it claims to be is refused, in Chinese.
  watched.expectHTTPError('/attachments', 400);
  await page.setInputFiles('#ledger-attach-files', { name: '伪造.png', mimeType: 'image/png', buffer: Buffer.from('这不是照片') });
  await page.click('#ledger-attach-send');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '文件标为 PNG，内容却不是 JPEG、PNG 或 PDF：只能上传照片或 PDF 文件');
  assert.equal(await page.getAttribute('#message', 'title'), 'content type "image/png": the file is not a JPEG, PNG or PDF by its first bytes');
  await noEnglish(page);
});

test('ledger: the regulator assigns it, the unit rectifies and submits its evidence', async () => {
  await open('regulator');
  assert.match(await page.textContent('#ledger-who'), /^监管部门令牌/);
  await page.fill('#ledger-unit', '水利、应急管理部门');
  await page.press('#ledger-unit', 'Enter');
  await page.waitForSelector(`#ledger-list li.lh:has-text("${pond.slice(0, 8)}")`);
  await openPond('found');
  await move('assigned', 'assigned', async () => {
    assert.equal(await page.inputValue('#ledger-assign-unit'), '水利、应急管理部门', 'the lead unit by default');
    assert.equal(await page.inputValue('#ledger-assign-deadline'), chinaDate(15), '15 days for a major hazard');
    await page.fill('#ledger-assign-unit', '锦江区水务局');
    await page.fill('#ledger-assign-person', '王建国');
    await page.fill('#ledger-move-comment', '三日内加装护栏并设置警示牌');
  });
  assert.match(await page.textContent('ol.history li[data-to=assigned]'),
    new RegExp(`监管部门.*交办 发现登记 → 已交办.*责任单位：锦江区水务局 · 责任人：王建国 · 整改期限：${chinaDate(15)}`));
  await screenshot(page, 'ledger-3-regulator-assign');

  // The unit's own list: only the pond, in the list and on the map.
  await page.fill('#ledger-unit', '锦江区水务局');
  await page.press('#ledger-unit', 'Enter');
  await page.waitForFunction(() => document.getElementById('ledger-count').dataset.count === '1');
  assert.equal(await count('path.sz-ledger'), 1);
  await move('rectifying', 'rectifying');

  // No evidence, no check: refused in Chinese; then with a photo of the fence.
  await page.click('#ledger-hazard button.move[data-to=verifying]');
  assert.equal(await refused('/transitions', 400), '“提交验收”须附上整改证据：请先上传照片或文件，并勾选作为证据');
  await page.setInputFiles('#ledger-evidence-files', { name: '护栏.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'image/jpeg', true) });
  await page.click('#ledger-move-send');
  await page.waitForSelector('#ledger-hazard[data-state=verifying]');
  await page.waitForFunction(() => document.querySelectorAll('figure.attachment img[src^="blob:"]').length === 2);
  assert.match(await page.textContent('ol.history li[data-to=verifying]'), /提交验收 整改中 → 待验收 · 附件 1 个/);
  await noEnglish(page);
  await screenshot(page, 'ledger-4-regulator-evidence');
});

test('ledger: the admin rejects the check, the unit submits again, the admin closes it', async () => {
  await open('admin');
  await openPond('verifying');
  await page.click('#ledger-hazard button.move[data-to=rectifying]');
  assert.equal(await refused('/transitions', 400), '“验收不通过”须填写说明：请写明原因');
  await page.fill('#ledger-move-comment', '护栏高度不足 1.2 米，请加高');
  await page.click('#ledger-move-send');
  await page.waitForSelector('#ledger-hazard[data-state=rectifying]');
  await noEnglish(page);
  await screenshot(page, 'ledger-5-admin-reject');

  await open('regulator');
  await page.fill('#ledger-unit', '锦江区水务局');
  await page.press('#ledger-unit', 'Enter');
  await page.waitForFunction(() => document.getElementById('ledger-count').dataset.count === '1');
  await openPond('rectifying');
  await move('verifying', 'verifying', async () => {
    assert.equal(await count('input[name=ledger-evidence]:checked'), 0, 'the first evidence was for the first check');
    await page.setInputFiles('#ledger-evidence-files', { name: '加高护栏.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'image/jpeg', true, 1.3) });
  });

  await open('admin');
  await openPond('verifying');
  await move('closed', 'closed');
  assert.match(await page.textContent('#message'), /^隐患 #\d+：已办理“验收销号”。$/);
  await page.waitForFunction(() => document.querySelector('#ledger-chart-state g.bar[data-key=closed]')?.dataset.total === '1');
  assert.equal(await page.textContent('#ledger-sum-median b'), '0.0');
  await noEnglish(page);
  await screenshot(page, 'ledger-6-admin-closed');
});

test('ledger: the summary, the XLSX and CSV exports and the printed list show it closed', async () => {
  await open('admin');
  await page.click('#ledger-chart-state g.bar[data-key=closed]'); // only closed hazards
  await page.waitForFunction(() => document.getElementById('ledger-count').dataset.count === '1');
  assert.equal(await count('path.sz-ledger-closed'), 1);
  assert.match(await page.textContent('#ledger-list'), /已销号/);

  const rows = sheetRows(await download(page, '#ledger-xlsx', 'safezone-ledger.xlsx'));
  assert.equal(rows.length, 2, 'the header and the pond');
  const row = Object.fromEntries(rows[0].map((h, i) => [h, rows[1][i]]));
  assert.deepEqual([row['状态'], row['等级'], row['来源'], row['类别'], row['学校名称'], row['隐患'], row['责任单位'], row['责任人'], row['整改期限'], row['是否逾期']],
    ['已销号', '较大', '人工上报', '水域', '泡桐树小学', pond, '锦江区水务局', '王建国', chinaDate(15), '否']);
  const csv = (await download(page, '#ledger-csv', 'safezone-ledger.csv')).toString('utf8');
  assert.match(csv, new RegExp(`已销号,较大,人工上报,水域,${schoolID},泡桐树小学,${pond}`));
  const bySchool = await download(page, '#ledger-xlsx-schools', 'safezone-ledger-schools.xlsx');
  assert.deepEqual(sheetNames(bySchool), ['汇总', '泡桐树小学'], 'a summary sheet, then a sheet per school');
  assert.deepEqual(sheetRows(bySchool).slice(1).map((r) => r.slice(0, 3)), [[schoolID, '泡桐树小学', '1']]);
  await screenshot(page, 'ledger-7-admin-closed-filter');

  await page.evaluate(() => { window.print = () => {}; }); // headless: no dialog to wait for
  await page.click('#ledger-print');
  await page.waitForSelector('#ledger-print-sheet[data-count="1"]', { state: 'attached' });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#map'), false);
  assert.equal(await page.isVisible('#ledger-list'), false);
  assert.match(await page.textContent(`#ledger-print-sheet section[data-school="${schoolID}"]`), /泡桐树小学（1 处）.*较大已销号锦江区水务局王建国/);
  await screenshot(page, 'ledger-8-print');
});

test('ledger: the school follows its hazard to the end, in Chinese and in English', async () => {
  await open('school');
  await page.check('input[name=ledger-state][value=closed]');
  await openPond('closed');
  assert.deepEqual(await page.$$eval('ol.history li', (ls) => ls.map((l) => `${l.dataset.action}:${l.dataset.to}`)), [
    'report:found', 'attach:found', 'transition:assigned', 'transition:rectifying', 'attach:rectifying', 'transition:verifying',
    'transition:rectifying', 'attach:rectifying', 'transition:verifying', 'transition:closed']);
  assert.match(await page.textContent('#ledger-hazard dl.facts'), new RegExp(`整改期限${chinaDate(15)}`));
  assert.equal(await page.textContent('#ledger-hazard button.move'), '重新打开');
  await noEnglish(page);
  await screenshot(page, 'ledger-9-school-follows');
  await page.click('#lang');
  assert.match(await page.textContent('#ledger-hazard .badges'), /^closedmajor$/);
  assert.equal(await page.textContent('#ledger-hazard button.move'), 'Reopen');
  assert.match(await page.textContent('ol.history li[data-to=assigned]'), /regulator .* Assign found → assigned/);
  await screenshot(page, 'ledger-10-school-en');
});

test('ledger: without a token the tab asks for one, a bad one is refused, a good one opens the view', async () => {
  await open('');
  assert.equal(await page.textContent('#ledger-who'), '隐患台账需要令牌：请在页面顶部填写学校、监管部门、公安或管理员令牌。');
  assert.equal(await page.isVisible('#ledger-body'), false);
  watched.expectHTTPError('/api/v1/ledger/', 401);
  await page.fill('#token', `sz_${'x'.repeat(43)}`);
  await page.press('#token', 'Tab');
  await page.waitForSelector('#message.error:not([hidden])');
  assert.equal(await page.textContent('#message'), '令牌无效或已被吊销：请在页面顶部填写有效的令牌。');
  await page.fill('#token', tokens.regulator);
  await page.press('#token', 'Tab');
  await page.waitForSelector('#ledger-body:not([hidden])');
  assert.match(await page.textContent('#ledger-who'), /^监管部门令牌/);
  assert.equal(await page.isVisible('#message'), false);
  await noEnglish(page);
});

test('ledger: overdue marks in the list, on the map and in the hazard', async () => {
  // A deadline is never in the past when it is set, and the server's clock
  // cannot be moved from here: the real server's answers about hazard 1
  // are changed as it answers once the deadline has passed (3 days late,
  // the first escalation level).
  page = await browser.newPage();
  watched = await watch(page);
  const late = { unit: '锦江区水务局', person: '李明', deadline: '2025-06-20', state: 'assigned', state_label: '已交办', overdue: true, days_overdue: 3, escalation_level: 1, escalation_label: '逾期提醒' };
  await page.route(/\/api\/v1\/ledger\/hazards(\/1)?(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    const j = await res.json();
    for (const h of j.hazards || [j]) if (h.id === 1) Object.assign(h, late);
    // The entry the server writes when the level is reached (TestBackend_LedgerAnnounceOverdue).
    if (j.id === 1 && j.history) {
      j.history.push({ seq: j.history.length + 1, time: '2025-06-20T16:00:00Z', actor: 'system', role: 'system', action: 'escalate', action_label: '逾期督办升级',
        from: 'assigned', to: 'assigned', comment: '整改期限 2025-06-20 已过，逾期 0 天，升至第 1 级：逾期提醒', attachments: [], deadline: '2025-06-20', level: 1 });
    }
    await route.fulfill({ response: res, json: j });
  });
  await page.addInitScript((tok) => { localStorage.setItem('safezone.lang', 'zh'); localStorage.setItem('safezone.token', tok); }, tokens.admin);
  await page.goto(`${server.url}/index.html#ledger`);
  await page.waitForSelector('#ledger-list li.lh[data-id="1"] .badge.overdue');
  assert.equal(await page.textContent('#ledger-list li.lh[data-id="1"] .badge.overdue'), '逾期 3 天 · 逾期提醒');
  assert.match(await page.textContent('#ledger-list li.lh[data-id="1"] .who'), /锦江区水务局 · 李明 · 期限 2025-06-20/);
  assert.equal(await count('path.sz-ledger-overdue'), 1, 'the late hazard is ringed in red on the map');
  await page.click('#ledger-list li.lh[data-id="1"] button');
  await page.waitForSelector('#ledger-hazard[data-overdue=true]');
  assert.match(await page.textContent('#ledger-hazard dl.facts'), /逾期逾期 3 天 · 督办第 1 级 逾期提醒/);
  assert.match(await page.textContent('ol.history li[data-action=escalate]'), /系统 system 逾期升级督办逾期未整改，升至第 1 级督办 · 整改期限 2025-06-20/);
  await noEnglish(page);
  await screenshot(page, 'ledger-11-overdue');
});

test('ledger: hazards a sync no longer finds are marked, filtered, and closed once verified', async () => {
  // An internet cafe is registered 11 m from 泡桐树小学, synced in, then
  // its registration is deleted: the next sync marks its hazards vanished.
  const api = (method, path, body) => fetch(`${server.url}${path}`, {
    method, headers: { Authorization: `Bearer ${tokens.regulator}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
  });
  const created = await api('POST', '/api/v1/businesses', { name: '测试网吧', category: 'internet_cafe', lon: 104.0527, lat: 30.6680, licence: 'JY-E2E' });
  assert.equal(created.status, 201);
  await open('admin');
  const sync = async () => {
    const answer = page.waitForResponse((res) => res.url().endsWith('/api/v1/ledger/sync'));
    await page.click('#ledger-sync');
    return (await answer).json();
  };
  const first = await sync();
  assert.ok(first.new >= 1, `the cafe's hazards: ${JSON.stringify(first)}`);
  assert.equal((await api('DELETE', `/api/v1/businesses/${(await created.json()).id}`)).status, 204);
  const second = await sync();
  assert.equal(second.vanished, first.new, JSON.stringify(second));
  await page.waitForFunction((n) => document.getElementById('ledger-sum-vanished').textContent.startsWith(n), String(first.new));

  await page.check('#ledger-vanished');
  await page.waitForFunction((n) => document.getElementById('ledger-count').dataset.count === n, String(first.new));
  assert.equal(await count('path.sz-ledger'), first.new, 'the map shows what the list shows');
  assert.equal(await count('#ledger-list li.lh .badge.vanished'), first.new);
  await page.click('#ledger-list li.lh:first-child button');
  await page.waitForSelector('#ledger-hazard[data-state=found]');
  await move('closed', 'closed', () => page.fill('#ledger-move-comment', '现场核实：网吧已关闭，执照已注销'));
  assert.match(await page.textContent('ol.history li[data-action=vanish]'), /审计未再发现/);
  assert.match(await page.textContent('ol.history li[data-to=closed]'), /核实消失销号 发现登记 → 已销号.*现场核实：网吧已关闭/);
  await noEnglish(page);
  await screenshot(page, 'ledger-12-vanished');
});

test("ledger: the server's refusals, as the real server words them, read in Chinese", async () => {
  await open('admin');
  const call = async (role, method, path, body, type = 'application/json') => {
    const res = await fetch(`${server.url}/api/v1/ledger${path}`, {
      method, headers: { Authorization: `Bearer ${tokens[role]}`, 'Content-Type': type }, body: type === 'application/json' ? JSON.stringify(body) : body,
    });
    return { status: res.status, msg: (await res.json()).error };
  };
  const report = { school_id: schoolID, lon: 104.0527, lat: 30.668, description: '校门口护栏损坏', category: 'facility' };
  const { msg: none, status: created } = await call('school', 'POST', '/hazards', report);
  assert.equal(created, 201, none);
  const id = (await (await fetch(`${server.url}/api/v1/ledger/hazards?source=manual&state=found`, { headers: { Authorization: `Bearer ${tokens.admin}` } })).json()).hazards.at(-1).id;
  const assign = { to: 'assigned', unit: '教育局', person: '张三', deadline: chinaDate(3) };
  const today = chinaDate();
  const cases = [
    ['admin', 'POST', `/hazards/${id}/transitions`, { to: 'done' }, 400, '目标状态“done”无效'],
    ['admin', 'POST', `/hazards/${id}/transitions`, { ...assign, unit: '' }, 400, '交办须填写责任单位'],
    ['admin', 'POST', `/hazards/${id}/transitions`, { ...assign, person: ' ' }, 400, '交办须填写责任人'],
    ['admin', 'POST', `/hazards/${id}/transitions`, { ...assign, deadline: '' }, 400, '交办须填写整改期限（今天或以后的日期）'],
    ['admin', 'POST', `/hazards/${id}/transitions`, { ...assign, deadline: '2020-01-01' }, 400, `整改期限“2020-01-01”不能早于今天（${today}）`],
    ['admin', 'POST', `/hazards/${id}/transitions`, { ...assign, deadline: '下周' }, 400, '整改期限“下周”应为日期，如 2025-09-30'],
    ['admin', 'POST', `/hazards/${id}/transitions`, { ...assign, comment: '长'.repeat(1001) }, 400, '说明共 1001 字，不能超过 1000 字'],
    ['admin', 'POST', `/hazards/${id}/transitions`, { to: 'verifying' }, 409, `隐患 ${id} 当前为“发现登记”，不能转为“待验收”，只能转为：已交办`],
    ['admin', 'POST', `/hazards/${id}/transitions`, { to: 'closed' }, 409, `隐患 ${id} 当前为“发现登记”，不能转为“已销号”，只能转为：已交办。隐患须经验收后销号，或经审计标记已消失并核实后销号`],
    ['admin', 'POST', `/hazards/${id}/transitions`, { ...assign, version: 9 }, 409, `隐患 ${id} 已被他人更新（您看到的是第 9 版，现为第 1 版），请重新打开后再操作`],
    ['admin', 'POST', `/hazards/${id}/transitions`, { to: 'rectifying', unit: '教育局' }, 409, `隐患 ${id} 当前为“发现登记”，不能转为“整改中”，只能转为：已交办`],
    ['school', 'POST', `/hazards/${id}/transitions`, assign, 403, '学校无权“交办”（发现登记 → 已交办），可由监管部门、管理员办理'],
    ['school', 'POST', '/hazards', { ...report, school_id: 'way/576684164' }, 403, '学校令牌只能处理本校的隐患'],
    ['school', 'GET', '/hazards?school=way/576684164', undefined, 403, '学校令牌只能查看本校的隐患'],
    ['admin', 'POST', '/hazards', { ...report, lon: undefined }, 400, '请先在地图上点击隐患的位置'],
    ['admin', 'POST', '/hazards', { ...report, description: ' ' }, 400, '描述不能为空'],
    ['admin', 'POST', '/hazards', { ...report, school_id: 'way/0' }, 404, '地图数据中没有学校“way/0”'],
    ['admin', 'POST', '/hazards', { ...report, grade: 'huge' }, 400, '等级“huge”无效：应为一般、较大或重大'],
    ['admin', 'POST', '/hazards', { ...report, category: 'casino' }, 400, '类别“casino”无效'],
    ['admin', 'POST', '/hazards', { ...report, observed_at: '2020-01-01T08:00:00+08:00' }, 400, '发现时间“2020-01-01T08:00:00+08:00”无效：应在一年之内，且不晚于现在'],
    ['admin', 'GET', '/hazards/99999', undefined, 404, '隐患 99999 不存在'],
    ['admin', 'POST', `/hazards/${id}/attachments`, Buffer.alloc(5 * 1024 * 1024 + 1, 0xff), 413, '文件过大（5242881 字节），每个文件不能超过 5 MB', 'image/jpeg'],
    ['admin', 'POST', `/hazards/${id}/attachments`, '%PDF-1.4', 400, '文件标为 PNG，内容却是 PDF：请检查文件', 'image/png'],
  ];
  for (const [role, method, path, body, status, zh, type] of cases) {
    const res = await call(role, method, path, body, type);
    assert.equal(res.status, status, `${method} ${path}: ${res.msg}`);
    const got = await page.evaluate(async (m) => (await import('./ledger_messages.js')).zhLedger(m), res.msg);
    assert.equal(got, zh, `${method} ${path}: the server said ${JSON.stringify(res.msg)}`);
    assert.doesNotMatch(got.replace(/“[^”]*”|JPEG|PNG|PDF|MB/g, ''), /[A-Za-z]{2,}/, 'no English but quoted values and file formats');
  }
});
