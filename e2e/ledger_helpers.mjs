// Helpers of the ledger's browser tests: photos drawn by the browser,
// the check that the tab shows no English in Chinese, downloads and dates.

import assert from 'node:assert/strict';

/**
 * photo draws a 320×240 picture of a pond (with a fence of height meters
 * when fence is set) in the page and returns it as a JPEG or PNG file.
 */
export async function photo(page, type, fence, height = 1) {
  const url = await page.evaluate(([t, f, h]) => {
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = 240;
    const g = c.getContext('2d');
    g.fillStyle = '#7cb342';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#3f7fbf';
    g.beginPath();
    g.ellipse(160, 140, 120, 60, 0, 0, Math.PI * 2);
    g.fill();
    if (f) {
      g.fillStyle = '#6d4c41';
      for (let x = 20; x <= 300; x += 28) g.fillRect(x, 40 - 20 * h, 6, 40 * h + 30);
      g.fillRect(20, 50, 286, 5);
    }
    return c.toDataURL(t, 0.9);
  }, [type, fence, height]);
  return Buffer.from(url.split(',')[1], 'base64');
}

// Latin words the Chinese page may show: file formats and units.
const allowed = new Set(['XLSX', 'CSV', 'PDF', 'JPEG', 'PNG', 'KB', 'MB', 'KTV']);

/**
 * noEnglish asserts that the 台账 tab and the message line show no word in
 * Latin letters but file formats: the app's own text is all Chinese. Text
 * from the data (names, units, descriptions, marked class "data") and
 * token IDs (<code>) are left out.
 */
export async function noEnglish(page) {
  const text = await page.evaluate(() => {
    const visible = (root) => {
      const c = root.cloneNode(true);
      for (const e of c.querySelectorAll('.data, code, [hidden], #ledger-print-sheet')) e.remove();
      return c.textContent;
    };
    return `${visible(document.getElementById('tab-ledger'))}\n${visible(document.getElementById('message'))}`;
  });
  const words = (text.match(/[A-Za-z]{2,}/g) || []).filter((w) => !allowed.has(w));
  const at = words.length ? text.search(new RegExp(`(?<![A-Za-z])${words[0]}(?![A-Za-z])`)) : 0;
  assert.deepEqual(words, [], `English in the 台账 tab: …${text.slice(Math.max(0, at - 40), at + 40)}…`);
}

/** download clicks selector, checks the file's name and returns its bytes. */
export async function download(page, selector, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  assert.equal(d.suggestedFilename(), name);
  const chunks = [];
  for await (const c of await d.createReadStream()) chunks.push(c);
  return Buffer.concat(chunks);
}

/** chinaDate is today in China time (UTC+8) plus days, YYYY-MM-DD, as the map computes it. */
export function chinaDate(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}
