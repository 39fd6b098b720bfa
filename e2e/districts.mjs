// What the district tests (district.test.mjs, audit_district.test.mjs)
// share: boundary files written to a temporary folder, and squares around
// the places the search API finds.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './harness.mjs';

/** square is a GeoJSON polygon of half-side d degrees around (lon, lat). */
export const square = (lon, lat, d) => ({ type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] });

/** placeOf is where server's search API places the first hit for q. */
export async function placeOf(server, q) {
  const hits = await (await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent(q)}`)).json();
  return [hits[0].lon, hits[0].lat];
}

/**
 * fileWriter returns file(name, body), which writes body (a string, or
 * JSON of anything else) to a file of a new temporary folder and returns
 * its path.
 */
export function fileWriter() {
  const dir = tempDir();
  return (name, body) => {
    const p = path.join(dir, name);
    writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
    return p;
  };
}
