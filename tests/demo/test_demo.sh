#!/usr/bin/env bash
# Integration test of `jiewang demo`: the generator's invariants, checked with SpatiaLite SQL
# (an independent implementation) in the county's Gauss-Kruger zone (EPSG:4546, CM 111°E).
set -u
. "$(dirname "$0")/../support/lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sql() { spatialite -silent "$1" "$2" 2>/dev/null | tail -n 1; }

"$JIEWANG" demo --out "$tmp/clean.sqlite" --no-defects --graves 500 2>/dev/null || fail "demo --no-defects failed"
"$JIEWANG" demo --out "$tmp/demo.sqlite" 2>/dev/null || fail "demo failed"

# Real codes and names: exactly the units of data/gucheng/units.csv.
tail -n +2 "$SOURCE_DIR/data/gucheng/units.csv" | tr -d '\r' | sort > "$tmp/want.csv"
sqlite3 -separator , "$tmp/demo.sqlite" "SELECT code,name,level,parent_code FROM admin_unit ORDER BY code" | sort > "$tmp/got.csv"
if diff -q "$tmp/want.csv" "$tmp/got.csv" >/dev/null; then pass; else fail "units differ from units.csv"; fi
expect_eq 11 "$(sql "$tmp/demo.sqlite" "SELECT count(*) FROM admin_unit WHERE level='township'")" "townships"
expect_eq 290 "$(sql "$tmp/demo.sqlite" "SELECT count(*) FROM admin_unit WHERE level='village'")" "villages"
for name in 安家岗村委会:420625100215 昝家铺村委会:420625104202 将军山村委会:420625101231 塔湾村委会:420625108200 黄康街社区居委会:420625100012 肖家营社区居委会:420625100016; do
  expect_eq "${name%%:*}" "$(sql "$tmp/demo.sqlite" "SELECT name FROM admin_unit WHERE code='${name##*:}'")" "name of ${name##*:}"
done

# Every village inside its township (planar GK area of the part outside < 1 m²), both stores.
for db in clean demo; do
  outside=$(sql "$tmp/$db.sqlite" "SELECT count(*) FROM admin_unit v JOIN admin_unit t ON t.code=v.parent_code WHERE v.level='village' AND ST_Area(ST_Difference(ST_Transform(v.geom,4546), ST_Transform(t.geom,4546))) > 1")
  expect_eq 0 "$outside" "$db: villages outside their township"
done

# Clean partition: no overlaps between townships or between villages, and no gap against the
# county outline above 1 m² per piece (the partition is snapped to a 1 mm grid: grid noise only).
overlap=$(sql "$tmp/clean.sqlite" "SELECT count(*) FROM admin_unit a JOIN admin_unit b ON a.level=b.level AND a.code<b.code AND a.level IN ('township','village') WHERE ST_Intersects(a.geom,b.geom) AND ST_Area(ST_Intersection(ST_Transform(a.geom,4546),ST_Transform(b.geom,4546))) > 1")
expect_eq 0 "$overlap" "clean: overlapping pairs"
pieces=$(spatialite -silent "$tmp/clean.sqlite" "SELECT ST_Area(ST_GeometryN(g, n.value)) FROM (SELECT ST_Difference(ST_Transform(c.geom,4546), (SELECT ST_Union(ST_Transform(geom,4546)) FROM admin_unit WHERE level='township')) AS g FROM admin_unit c WHERE c.level='county'), (WITH RECURSIVE k(value) AS (SELECT 1 UNION ALL SELECT value+1 FROM k WHERE value < 5000) SELECT value FROM k) n WHERE n.value <= ST_NumGeometries(g)" 2>/dev/null | awk '$1 > 1' | wc -l)
expect_eq 0 "$pieces" "clean: uncovered pieces above 1 m²"

# Injected defects: the gap (城关镇 | neighbour) and the overlap (石花镇 | 五山镇 or other)
# have the recorded areas within 1% (GK planar vs ellipsoidal: scale factor ~1.0001).
overlap_area=$(sql "$tmp/demo.sqlite" "SELECT ST_Area(ST_Intersection(ST_Transform(a.geom,4546),ST_Transform(b.geom,4546))) FROM admin_unit a, admin_unit b, (SELECT json_extract(value,'\$[1].units[0]') AS u0, json_extract(value,'\$[1].units[1]') AS u1 FROM meta WHERE key='demo_defects') d WHERE a.code=d.u0 AND b.code=d.u1")
want_overlap=$(sql "$tmp/demo.sqlite" "SELECT json_extract(value,'\$[1].area_m2') FROM meta WHERE key='demo_defects'")
python3 -c "import sys; a,b=float('$overlap_area'),float('$want_overlap'); sys.exit(0 if abs(a-b)<=0.01*b and b>1000 else 1)" && pass || fail "overlap area $overlap_area vs recorded $want_overlap"
gap_area=$(spatialite -silent "$tmp/demo.sqlite" "SELECT ST_Area(ST_GeometryN(g, n.value)) FROM (SELECT ST_Difference(ST_Transform(c.geom,4546), (SELECT ST_Union(ST_Transform(geom,4546)) FROM admin_unit WHERE level='township')) AS g FROM admin_unit c WHERE c.level='county'), (WITH RECURSIVE k(value) AS (SELECT 1 UNION ALL SELECT value+1 FROM k WHERE value < 5000) SELECT value FROM k) n WHERE n.value <= ST_NumGeometries(g)" 2>/dev/null | sort -g | tail -n 1)
want_gap=$(sql "$tmp/demo.sqlite" "SELECT json_extract(value,'\$[0].area_m2') FROM meta WHERE key='demo_defects'")
python3 -c "import sys; a,b=float('$gap_area'),float('$want_gap'); sys.exit(0 if abs(a-b)<=0.01*b and b>1000 else 1)" && pass || fail "gap area $gap_area vs recorded $want_gap"

# Facilities and graves are where they claim to be: each cemetery inside its village_code.
wrong=$(sql "$tmp/demo.sqlite" "SELECT count(*) FROM facility f JOIN admin_unit v ON v.code=f.village_code WHERE NOT ST_Intersects(v.geom, f.geom)")
expect_eq 0 "$wrong" "facilities outside their village"
expect_eq 20000 "$(sql "$tmp/demo.sqlite" "SELECT count(*) FROM grave")" "graves"
uncovered=$(sql "$tmp/demo.sqlite" "SELECT count(*) FROM admin_unit v WHERE v.level='village' AND substr(v.code,10,3) >= '200' AND NOT EXISTS (SELECT 1 FROM facility f WHERE f.kind='public_cemetery' AND (f.village_code=v.code OR ','||f.serves_codes||',' LIKE '%,'||v.code||',%'))")
expect_eq 12 "$uncovered" "administrative villages without a cemetery"

# Deterministic: the same seed gives the same geometry.
"$JIEWANG" demo --out "$tmp/again.sqlite" --no-defects --graves 500 2>/dev/null
h1=$(spatialite -silent "$tmp/clean.sqlite" "SELECT hex(AsBinary(geom)) FROM admin_unit ORDER BY code" 2>/dev/null | sha256sum)
h2=$(spatialite -silent "$tmp/again.sqlite" "SELECT hex(AsBinary(geom)) FROM admin_unit ORDER BY code" 2>/dev/null | sha256sum)
expect_eq "$h1" "$h2" "same seed, same partition"

# Errors: refuses to overwrite; bad options.
expect_fail 2 "exists; use --force" "$JIEWANG" demo --out "$tmp/demo.sqlite"
expect_fail 2 "--seed needs" "$JIEWANG" demo --out "$tmp/x.sqlite" --seed abc
expect_fail 2 "unknown option" "$JIEWANG" demo --bogus
[ ! -e "$tmp/x.sqlite" ] && pass || fail "a failed demo left a file"
ls "$tmp"/*.tmp-* >/dev/null 2>&1 && fail "temporary files left" || pass
finish
