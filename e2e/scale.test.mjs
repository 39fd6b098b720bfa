// 50,000 schools: the map draws them on canvas in chunks, so the page keeps
// answering while they load. The data is made here, deterministically.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, tempDir, screenshot, ready, pageSuite } from './harness.mjs';

const n = 50000;
const maxTaskMs = Number(process.env.SAFEZONE_LONGTASK_BUDGET_MS || 1000);

/** schools returns n school points around Chengdu, from a fixed seed. */
function schools() {
  let seed = 42;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const kinds = ['kindergarten', 'primary', 'secondary', 'school'];
  const features = [];
  for (let i = 0; i < n; i++) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [103.95 + rand() * 0.25, 30.55 + rand() * 0.25] },
      properties: { id: `synth/${i}`, kind: 'school', name: `学校${i}`, school_kind: kinds[i % 4] },
    });
  }
  return { type: 'FeatureCollection', features };
}

const dir = tempDir();
const data = path.join(dir, 'schools.geojson');
writeFileSync(data, JSON.stringify(schools()));
const server = await startServer(['--store', '', '--data', data]);
const app = pageSuite(server);

test(`${n} school markers render on canvas without freezing the page`, async () => {
  const { page } = await app.newPage();
  await page.addInitScript(() => {
    window.longestTaskMs = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longestTaskMs = Math.max(window.longestTaskMs, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${server.url}/index.html#police`);
  const ms = await ready(page, 60000);
  await page.waitForFunction((want) => document.getElementById('police-count').textContent.includes(String(want)), n);
  const longest = await page.evaluate(() => window.longestTaskMs);
  console.log(`# ${n} schools ready in ${ms} ms; longest task ${longest.toFixed(0)} ms (budget ${maxTaskMs} ms)`);
  assert.ok(await page.locator('.leaflet-overlay-pane canvas').count() >= 1, 'drawn on canvas');
  assert.equal(await page.locator('.leaflet-overlay-pane path').count(), 0, 'no SVG path per school');
  await page.mouse.move(700, 400);
  await page.mouse.wheel(0, -300); // the map still answers
  await page.waitForTimeout(300);
  await screenshot(page, 'scale-50000');
  assert.ok(longest < maxTaskMs, `longest task ${longest} ms`);
});
