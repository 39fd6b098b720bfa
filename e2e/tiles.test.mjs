// The optional tile layer: with `serve --tiles URL` the map loads tiles
// from that URL (here a tile server of our own on the loopback) on top of
// nothing else from outside, and still shows the data's attribution.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, screenshot, ready, pageSuite } from './harness.mjs';

// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
let tileRequests = 0;
const tiles = http.createServer((req, res) => {
  tileRequests++;
  res.writeHead(/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(req.url) ? 200 : 404, { 'Content-Type': 'image/png' });
  res.end(png);
});
await new Promise((r) => tiles.listen(0, '127.0.0.1', r));
after(() => tiles.close());
const server = await startServer(['--store', '', '--tiles', `http://127.0.0.1:${tiles.address().port}/tiles/{z}/{x}/{y}.png`]);
const app = pageSuite(server);

test('a configured tile URL is used, with the attribution shown', async () => {
  const { page } = await app.newPage();
  await page.goto(`${server.url}/index.html`);
  await ready(page);
  await page.waitForSelector('img.leaflet-tile-loaded', { state: 'attached' });
  assert.ok(tileRequests > 0, 'tiles requested from the configured server');
  assert.match(await page.textContent('.leaflet-control-attribution'), /© OpenStreetMap contributors, ODbL/);
  await page.hover('.leaflet-control-layers');
  assert.match(await page.textContent('.leaflet-control-layers-base'), /在线瓦片/);
  await screenshot(page, 'tiles');
});
