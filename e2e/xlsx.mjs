// Just enough of XLSX to read back what the server exported: a zip file's
// entries (central directory, stored or deflated), and a sheet's rows as
// text, with shared and inline strings. No dependency beyond node's zlib.

import { inflateRawSync } from 'node:zlib';

/** unzip returns the files of a zip archive by name. */
export function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`zip: bad central directory entry ${i}`);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const texts = (xml) => [...xml.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => unescape(m[1])).join('');

/** column is the index of a cell reference's column: A1 → 0, AB7 → 27. */
function column(ref) {
  let n = 0;
  for (const ch of ref.match(/^[A-Z]+/)[0]) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/** sheetRows returns the rows of the workbook's first sheet as arrays of text. */
export function sheetRows(buf) {
  const files = unzip(buf);
  const shared = files.has('xl/sharedStrings.xml')
    ? [...files.get('xl/sharedStrings.xml').toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]))
    : [];
  const sheet = [...files.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort()[0];
  const xml = files.get(sheet).toString('utf8');
  return [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
    const cells = [];
    for (const c of row[1].matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const [, ref, attrs, body = ''] = c;
      const type = (attrs.match(/t="(\w+)"/) || [])[1];
      const v = (body.match(/<v>([^<]*)<\/v>/) || [])[1] ?? '';
      cells[column(ref)] = type === 's' ? shared[Number(v)] : type === 'inlineStr' ? texts(body) : unescape(v);
    }
    return Array.from(cells, (x) => x ?? '');
  });
}

/** sheetNames returns the names of a workbook's sheets, in order. */
export function sheetNames(buf) {
  const xml = unzip(buf).get('xl/workbook.xml').toString('utf8');
  return [...xml.matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) => unescape(m[1]));
}
