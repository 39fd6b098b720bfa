#!/usr/bin/env python3
"""Writes town.osm, the walking-distance fixture: a school between two
streets, a motorway and a private road that pedestrians may not use, a
one-way footway, a trunk road with and without a sidewalk, shops, a pond,
a river and residential areas. Positions are given in meters east (x) and
north (y) of 30.65N 104.06E. Run: python3 town.py > town.osm"""
import math

LAT0, LON0 = 30.65, 104.06
KY = 110_850.0
KX = 111_320.0 * math.cos(math.radians(LAT0))

nodes, ways = [], []

def node(nid, x, y, **tags):
    nodes.append((nid, LAT0 + y / KY, LON0 + x / KX, tags))
    return nid

def way(wid, refs, **tags):
    ways.append((wid, refs, tags))

# Street S1 (y=0) and S2 (y=200), cross streets C1 (x=0) and C2 (x=400).
s1 = [node(1, 0, 0), node(2, 100, 0), node(3, 150, 0), node(4, 200, 0), node(5, 300, 0), node(6, 400, 0)]
s2 = [node(11, 0, 200), node(12, 100, 200), node(13, 150, 200), node(14, 200, 200), node(15, 300, 200), node(16, 400, 200)]
node(21, 0, 100)
node(22, 400, 100)
way(101, s1, highway="residential", name="南街")
way(102, s2, highway="residential", name="北街")
way(103, [1, 21, 11], highway="residential", name="西街")
way(104, [6, 22, 16], highway="tertiary", name="东街")
# Footway F (x=150), one way northwards: a walker may go 3 -> 13 only.
node(31, 150, 100)
way(105, [3, 31, 13], highway="footway", oneway="yes")
# A path along x=100 that pedestrians may not use.
node(32, 100, 100)
way(106, [2, 32, 12], highway="path", foot="no")
# A private service road from C1 to the footway.
node(33, 75, 100)
way(107, [21, 33, 31], highway="service", access="private")
# A motorway over everything at y=110, sharing no node.
way(108, [node(41, -50, 110), node(42, 450, 110)], highway="motorway")
# Trunk east of C2: with a sidewalk to x=600, without one beyond.
way(109, [6, node(51, 500, 0), node(52, 600, 0)], highway="trunk", sidewalk="both")
way(110, [52, node(53, 700, 0), node(54, 800, 0)], highway="trunk")
# A residential street off the walk-less trunk, reachable only along it.
way(111, [54, node(55, 800, 100)], highway="residential")

# The school: campus x=50..130, y=20..80, gate at (100, 20).
campus = [node(61, 50, 20), node(62, 100, 20, entrance="main", barrier="gate"), node(63, 130, 20),
          node(64, 130, 80), node(65, 50, 80)]
way(120, campus + [61], amenity="school", name="南街小学", **{"isced:level": "1"})

# Shops: north of the motorway, and just across S1.
node(71, 100, 125, amenity="internet_cafe", name="北边网吧")
node(72, 120, -15, amenity="internet_cafe", name="南街网吧")
node(73, 800, 60, amenity="internet_cafe", name="远处网吧")

# Water: a pond beside S1, a river north of S2.
pond = [node(81, 250, 20), node(82, 300, 20), node(83, 300, 60), node(84, 250, 60)]
way(130, pond + [81], natural="water", water="pond", name="小池塘")
way(131, [node(85, -50, 300), node(86, 200, 310), node(87, 450, 300)], waterway="river", name="锦江")

# Residential areas: one north of the motorway, one beyond the trunk.
r1 = [node(91, 250, 120), node(92, 350, 120), node(93, 350, 180), node(94, 250, 180)]
way(140, r1 + [91], landuse="residential", name="北苑")
r2 = [node(95, 780, 120), node(96, 820, 120), node(97, 820, 160), node(98, 780, 160)]
way(141, r2 + [95], landuse="residential", name="东苑")

def esc(s):
    return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")

print('<?xml version="1.0" encoding="UTF-8"?>')
print('<osm version="0.6" generator="town.py">')
for nid, lat, lon, tags in sorted(nodes):
    if tags:
        print(f'  <node id="{nid}" lat="{lat:.7f}" lon="{lon:.7f}">')
        for k, v in tags.items():
            print(f'    <tag k="{esc(k)}" v="{esc(v)}"/>')
        print('  </node>')
    else:
        print(f'  <node id="{nid}" lat="{lat:.7f}" lon="{lon:.7f}"/>')
for wid, refs, tags in ways:
    print(f'  <way id="{wid}">')
    for r in refs:
        print(f'    <nd ref="{r}"/>')
    for k, v in tags.items():
        print(f'    <tag k="{esc(k)}" v="{esc(v)}"/>')
    print('  </way>')
print('</osm>')
