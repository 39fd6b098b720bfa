// Generates the CRS test vectors in this directory from gcoord, an
// independent JavaScript implementation of the GCJ-02 and BD-09 transforms.
// See README.md for how to run it. Points are drawn from a fixed-seed LCG so
// that the output is the same on every run.
import gcoord from "gcoord";
import { writeFileSync } from "node:fs";

let seed = 42;
function rand() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

// Named places first, then random points over mainland China and its coast
// (lon 73..135, lat 18..53); the out-of-China box of gcoord is
// lon 72.004..137.8347, lat 0.8293..55.8271.
const points = [
  [116.397428, 39.90923], // Beijing, Tiananmen
  [121.473701, 31.230416], // Shanghai
  [104.066541, 30.572269], // Chengdu
  [113.264385, 23.129112], // Guangzhou
  [87.617733, 43.792818], // Urumqi
  [126.642464, 45.756967], // Harbin
  [91.1172, 29.6469], // Lhasa
  [109.5119, 18.2528], // Sanya
];
while (points.length < 200) {
  points.push([73 + rand() * 62, 18 + rand() * 35]);
}

const f = (x) => String(x);
const fwd = ["lon,lat,gcj02_lon,gcj02_lat,bd09_lon,bd09_lat"];
const inv = ["lon,lat,gcj02_to_wgs84_lon,gcj02_to_wgs84_lat,bd09_to_wgs84_lon,bd09_to_wgs84_lat"];
for (const p of points) {
  const g = gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02);
  const b = gcoord.transform(p, gcoord.WGS84, gcoord.BD09);
  fwd.push([p[0], p[1], g[0], g[1], b[0], b[1]].map(f).join(","));
  // The same numbers read as GCJ-02 and as BD-09, back to WGS84.
  const gi = gcoord.transform(p, gcoord.GCJ02, gcoord.WGS84);
  const bi = gcoord.transform(p, gcoord.BD09, gcoord.WGS84);
  inv.push([p[0], p[1], gi[0], gi[1], bi[0], bi[1]].map(f).join(","));
}
writeFileSync("forward.csv", fwd.join("\n") + "\n");
writeFileSync("inverse.csv", inv.join("\n") + "\n");
