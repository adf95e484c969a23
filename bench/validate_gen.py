#!/usr/bin/python3
"""Generates a partition of N grid cells (~500 vertices each) with injected gaps and overlaps
into a jiewang store, for bench/validate.sh. Cells are 0.01 degree squares near 111 E 32 N
(CGCS2000, EPSG:4490) whose shared edges are the same wavy polylines (125 vertices each, a few
metres of amplitude), so the partition is exact except for the defects. Every 97th interior
cell gets a notch (gap, enclosed by its neighbour) and every 89th a tongue into its east
neighbour (overlap). Prints the number of injected gaps and overlaps as JSON.

Usage: validate_gen.py STORE N   (STORE must be an existing jiewang store)
"""
import json, math, sqlite3, struct, sys

store, n = sys.argv[1], int(sys.argv[2])
cols = int(math.ceil(math.sqrt(n)))
rows = int(math.ceil(n / cols))
X0, Y0, D, K = 110.2, 31.2, 0.01, 125  # origin, cell size (deg), vertices per edge

def node(i, j):
    # Deterministic jitter of grid nodes (about 100 m), shared by the four cells around them.
    return (X0 + i * D + 0.001 * math.sin(i * 12.9898 + j * 78.233),
            Y0 + j * D + 0.001 * math.cos(i * 39.425 + j * 11.135))

def edge(a, b, seed):
    # The wavy polyline from node a to node b (inclusive), the same for both neighbours.
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    ln = math.hypot(dx, dy)
    nx, ny = -dy / ln, dx / ln
    pts = []
    for k in range(K + 1):
        t = k / K
        w = 0.00003 * math.sin(t * math.pi * 6 + seed) * math.sin(t * math.pi)
        pts.append((ax + dx * t + nx * w, ay + dy * t + ny * w))
    return pts

hcache, vcache = {}, {}
def hedge(i, j):  # from node (i,j) to (i+1,j)
    if (i, j) not in hcache:
        hcache[(i, j)] = edge(node(i, j), node(i + 1, j), i * 7 + j * 3)
    return hcache[(i, j)]
def vedge(i, j):  # from node (i,j) to (i,j+1)
    if (i, j) not in vcache:
        vcache[(i, j)] = edge(node(i, j), node(i, j + 1), i * 5 + j * 11)
    return vcache[(i, j)]

def cell(i, j):
    ring = hedge(i, j)[:-1] + vedge(i + 1, j)[:-1] + hedge(i, j + 1)[::-1][:-1] + vedge(i, j)[::-1]
    return ring

def wkb(ring):
    return struct.pack('<BIII', 1, 3, 1, len(ring)) + b''.join(struct.pack('<dd', x, y) for x, y in ring)

def notch(ring, k0, k1, depth):
    # Pulls vertices k0..k1 of the east edge (which starts at index K) inwards by depth degrees.
    out = list(ring)
    for k in range(k0, k1 + 1):
        x, y = out[K + k]
        out[K + k] = (x - depth, y)
    return out

db = sqlite3.connect(store)
db.enable_load_extension(True)
db.load_extension('mod_spatialite')
db.execute("DELETE FROM admin_unit")
gaps = overlaps = 0
count = 0
for j in range(rows):
    for i in range(cols):
        if count == n:
            break
        ring = cell(i, j)
        interior = 0 < i < cols - 2 and 0 < j < rows - 1 and (j + 1) * cols <= n
        if interior and count % 97 == 5:
            ring = notch(ring, 40, 60, 0.0003)   # gap: the east neighbour does not fill it
            gaps += 1
        elif interior and count % 89 == 7:
            ring = notch(ring, 40, 60, -0.0003)  # overlap: a tongue into the east neighbour
            overlaps += 1
        db.execute("INSERT INTO admin_unit(code,name,level,parent_code,geom) "
                   "VALUES(?,?,'township',NULL,CastToMultiPolygon(GeomFromWKB(?,4490)))",
                   ("%09d" % (400000000 + count), "格%d" % count, wkb(ring)))
        count += 1
db.commit()
print(json.dumps({"cells": count, "gaps": gaps, "overlaps": overlaps}))
