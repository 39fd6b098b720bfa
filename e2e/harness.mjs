// Test harness: starts the built server on a free loopback port with a
// temporary store, and Debian's chromium (through playwright-core) with a
// fresh profile. Every page is watched: a console error, a page error or a
// request to any host but the loopback fails the test that made it.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after, afterEach } from 'node:test';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bin = process.env.SAFEZONE_BIN || path.join(root, 'bin', 'safezone');
export const artifacts = path.join(root, 'e2e', 'artifacts');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** tempDir makes a directory that cleanup() removes. */
const temps = [];
export function tempDir(prefix = 'safezone-e2e-') {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

/**
 * createToken makes a bearer token in a store, before the server opens it;
 * a school token is bound to the school with ID school.
 */
export function createToken(store, role, school = '') {
  const args = ['token', 'create', '--store', store, '--role', role, ...(school ? ['--school', school] : [])];
  const out = execFileSync(bin, args, { cwd: root, encoding: 'utf8' });
  return out.split('\n')[0].trim();
}

/**
 * startServer runs `safezone serve` on 127.0.0.1:0 with extra flags, reads
 * the address it prints and waits for /api/v1/health. SAFEZONE_SERVE_ARGS
 * adds flags to every server (SAFEZONE_SERVE_ARGS=--dev serves frontend/
 * from disk, to change the map without building the binary again).
 */
export async function startServer(args = []) {
  const extra = (process.env.SAFEZONE_SERVE_ARGS || '').split(' ').filter(Boolean);
  const proc = spawn(bin, ['serve', '--addr', '127.0.0.1:0', ...args, ...extra], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const orphan = () => proc.kill('SIGKILL'); // never leave a server behind, even if a test crashes
  process.on('exit', orphan);
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${stderr}`)), 30000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${stderr}`)); });
  });
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${url}/api/v1/health`).catch(() => null);
    if (res && res.ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stderr: () => stderr,
    stop: () => new Promise((resolve) => {
      process.off('exit', orphan);
      if (proc.exitCode !== null) return resolve();
      proc.on('exit', resolve);
      proc.kill('SIGTERM');
    }),
  };
}

/** launchBrowser starts chromium headless with a fresh profile. */
export async function launchBrowser() {
  const profile = tempDir('safezone-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  return context;
}

/**
 * watch records what must never happen on a page: console errors, page
 * errors and requests that leave the loopback.
 * The browser logs every 4xx answer as a console error; a test that sends
 * bad input on purpose names the answer it expects with
 * expectHTTPError(urlPart, status).
 */
export async function watch(page) {
  const problems = [];
  const expected = [];
  page.setDefaultTimeout(8000);
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const status = Number((m.text().match(/status of (\d+)/) || [])[1]);
    if (expected.some(([u, s]) => s === status && m.location().url.includes(u))) return;
    problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Listen rather than intercept: routing every request through the driver
  // would slow the page down and spoil the first-view timing.
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || loopback.has(u.hostname)) return;
    problems.push(`request to a non-loopback host: ${u.href}`);
  });
  return { problems, expectHTTPError: (urlPart, status) => expected.push([urlPart, status]) };
}

/** screenshot saves the page under e2e/artifacts/NAME.png, once the map has stopped zooming. */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
  await page.waitForTimeout(100);
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

/** ready waits for the app's first view and returns data-ready-ms. */
export async function ready(page, timeout = 15000) {
  await page.waitForSelector('body[data-ready]', { state: 'attached', timeout });
  return Number(await page.getAttribute('body', 'data-ready-ms'));
}

/** cleanup removes every temporary directory. */
export function cleanup() {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/**
 * openApp opens the map at url + hash in a new page of browser, with the
 * language (zh unless told) and the token (none unless told) set before the
 * page's scripts run, once per page so that reloads keep what the page
 * saved. It returns the page, what watch() records and data-ready-ms.
 */
export async function openApp(browser, url, { hash = '', lang = 'zh', token = '', storage = {} } = {}) {
  const page = await browser.newPage();
  const watched = await watch(page);
  await page.addInitScript(([l, tok, extra]) => {
    if (sessionStorage.getItem('e2e')) return;
    sessionStorage.setItem('e2e', '1');
    localStorage.clear();
    localStorage.setItem('safezone.lang', l);
    if (tok) localStorage.setItem('safezone.token', tok);
    for (const [k, v] of Object.entries(extra)) localStorage.setItem(k, v);
  }, [lang, token, storage]);
  await page.goto(`${url}/index.html${hash}`);
  const ms = await ready(page);
  return { page, watched, ms };
}

/**
 * pageSuite registers the hooks a file of page tests shares: one browser
 * for the file, the server stopped and temporary files removed after it,
 * and after each test the page open() or newPage() last opened closed,
 * with no console error, page error or outside request seen on it.
 * open(hash, opts) opens the app on server (or on opts.url, another
 * server's) as openApp does and returns { page, watched, ms }; newPage()
 * returns { page, watched } for a blank page, for a test that sets the
 * page up before it loads the app; browser() is the file's browser, for
 * pages a test opens and checks itself.
 */
export function pageSuite(server) {
  let browser;
  let current = null;
  before(async () => { browser = await launchBrowser(); });
  after(async () => {
    if (browser) await browser.close();
    await server.stop();
    cleanup();
  });
  afterEach(async () => {
    if (!current) return;
    const { page, watched } = current;
    current = null;
    const p = watched.problems;
    await page.close();
    assert.deepEqual(p, [], 'no console errors, page errors or outside requests');
  });
  return {
    async open(hash, { url = server.url, ...opts } = {}) {
      current = await openApp(browser, url, { hash, ...opts });
      return current;
    },
    async newPage() {
      const page = await browser.newPage();
      current = { page, watched: await watch(page) };
      return current;
    },
    browser: () => browser,
  };
}
