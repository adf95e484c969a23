#!/usr/bin/env bash
# Integration test of `jiewang coverage` (issue #5) on the demo county: the demo's deliberate
# coverage defects (recorded in meta.demo_defects when it was generated) must be found, the
# graves per zone must equal SpatiaLite SQL counts, outputs and stored rows must exist, and
# usage errors must exit 2 with one line on stderr.
set -u
. "$SOURCE_DIR/tests/support/lib.sh"
tmp=$(mktemp -d /tmp/jw_cov_it_XXXXXX)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/demo.sqlite
"$JIEWANG" demo --out "$db" --force >/dev/null 2>&1 || { echo "demo failed" >&2; exit 1; }
defect() { sqlite3 "$db" "SELECT value FROM meta WHERE key='demo_defects'" | jq -c "$1"; }

mkdir "$tmp/csv"
"$JIEWANG" coverage "$db" --json "$tmp/c.json" --geojson "$tmp/c.geojson" --csv "$tmp/csv" \
  >"$tmp/out.txt" 2>"$tmp/err.txt"
expect_eq 1 $? "exit code with error findings"
grep -q '合计' "$tmp/out.txt" && pass || fail "no Chinese township table"
grep -q '覆盖率' "$tmp/out.txt" && pass || fail "no 覆盖率 column"

# The demo's uncovered villages, exactly.
want=$(defect '[.[] | select(.kind=="uncovered_village") | .villages[]] | sort')
got=$(jq -c '[.findings[] | select(.rule=="uncovered_village") | .units[0]] | sort' "$tmp/c.json")
expect_eq "$want" "$got" "uncovered villages"
# Villages served by a neighbour's shared cemetery count as covered by assignment.
for v in $(defect '.[] | select(.kind=="shared_cemetery") | .villages[]' | tr -d '"'); do
  expect_eq covered_by_assignment "$(sqlite3 "$db" "SELECT status FROM village_coverage WHERE code='$v'")" "status of $v"
done
name=$(defect '.[] | select(.kind=="cemetery_in_no_burial_zone") | .name' | tr -d '"')
jq -e --arg n "$name" '[.findings[] | select(.rule=="cemetery_in_no_burial_zone") | .message | contains($n)] | any' "$tmp/c.json" >/dev/null \
  && pass || fail "cemetery in zone '$name' not found"
name=$(defect '.[] | select(.kind=="cemetery_capacity_low") | .name' | tr -d '"')
jq -e --arg n "$name" '[.findings[] | select(.rule=="cemetery_capacity_low") | .message | contains($n)] | any' "$tmp/c.json" >/dev/null \
  && pass || fail "low-capacity cemetery '$name' not found"
want=$(defect '[.[] | select(.kind=="township_without_elderly_facility") | .unit]')
got=$(jq -c '[.findings[] | select(.rule=="township_without_elderly_facility") | .units[0]]' "$tmp/c.json")
expect_eq "$want" "$got" "townships without elderly facility"

# County rate = covered / administrative villages, from the stored rows.
rate=$(sqlite3 "$db" "SELECT printf('%.6f', 1.0 * sum(status <> 'uncovered') / count(*)) FROM village_coverage WHERE status <> 'urban'")
expect_eq "$rate" "$(jq -r '.summary.coverage.county.coverage_rate | . * 1000000 | round / 1000000 | tostring | .[0:8]' "$tmp/c.json" | awk '{printf "%.6f", $1}')" "county rate"
expect_eq 290 "$(sqlite3 "$db" 'SELECT count(*) FROM village_coverage')" "village_coverage rows"
expect_eq "$(jq '.findings | length' "$tmp/c.json")" \
  "$(sqlite3 "$db" "SELECT count(*) FROM finding WHERE tool='coverage' AND status<>'fixed'")" "stored findings"

# Graves per zone: our counts against SpatiaLite SQL through the spatial index.
sql="SELECT z.id || ' ' || count(g.id) FROM no_burial_zone z JOIN grave g ON g.ROWID IN
  (SELECT ROWID FROM SpatialIndex WHERE f_table_name='grave' AND f_geometry_column='geom'
   AND search_frame=z.geom) AND ST_Intersects(z.geom, g.geom) GROUP BY z.id ORDER BY z.id;"
want=$(spatialite "$db" "$sql" 2>/dev/null | grep -E '^[0-9]+ [0-9]+$')
got=$(jq -r '.summary.coverage.graves.zones[] | select(.total > 0) | "\(.zone_id) \(.total)"' "$tmp/c.json")
expect_eq "$want" "$got" "graves per zone vs SpatiaLite"
# Relocation list = graves inside zones, not protected, status identified/notified.
want=$(spatialite "$db" "SELECT count(DISTINCT g.id) FROM grave g JOIN no_burial_zone z ON ST_Intersects(z.geom, g.geom) WHERE g.protected = 0 AND g.status IN ('identified','notified');" 2>/dev/null | tail -1)
expect_eq "$want" "$(jq '.summary.coverage.graves.to_relocate' "$tmp/c.json")" "graves to relocate"
expect_eq "$((want + 1))" "$(grep -c . "$tmp/csv/graves_to_relocate.csv")" "relocation CSV rows"
expect_eq "$(sqlite3 "$db" "SELECT group_concat(status || '=' || n, ' ') FROM (SELECT status, count(*) AS n FROM grave GROUP BY status ORDER BY status)")" \
  "$(jq -r '.summary.coverage.graves.by_status | to_entries | map(select(.value > 0)) | sort_by(.key) | map("\(.key)=\(.value)") | join(" ")' "$tmp/c.json")" "grave status counts"
expect_eq 291 "$(grep -c . "$tmp/csv/village_coverage.csv")" "village CSV rows"
expect_eq 13 "$(grep -c . "$tmp/csv/township_rates.csv")" "township CSV rows"
expect_eq FeatureCollection "$(jq -r .type "$tmp/c.geojson")" "GeoJSON type"
jq -e '[.features[] | select(.properties.rule=="candidate_site") | .geometry.type] | all(. == "Polygon")' "$tmp/c.geojson" >/dev/null \
  && pass || fail "candidate sites are not polygons"

# Distances of uncovered villages: SpatiaLite's own transform to GK zone 37 (EPSG:4546) and
# distance, village polygon to the nearest cemetery point.
codes=$(jq -r '[.findings[] | select(.rule=="uncovered_village") | "'"'"'\(.units[0])'"'"'"] | join(",")' "$tmp/c.json")
want=$(spatialite "$db" "SELECT v.code || ' ' || printf('%.2f', min(ST_Distance(Transform(v.geom, 4546),
  Transform(f.geom, 4546)))) FROM admin_unit v, facility f WHERE v.code IN ($codes)
  AND f.kind = 'public_cemetery' GROUP BY v.code ORDER BY v.code;" 2>/dev/null | grep -E '^[0-9]{12} ')
got=$(jq -r '[.findings[] | select(.rule=="uncovered_village")] | sort_by(.units[0]) | .[] | "\(.units[0]) \(.distance_m)"' "$tmp/c.json" | awk '{printf "%s %.2f\n", $1, $2}')
expect_eq "$want" "$got" "nearest cemetery distances vs SpatiaLite"

# A profile with a 1 km radius and a 5-year capacity warning: uncovered = the villages whose
# nearest cemetery is farther than 1 km by the SQL above; only the demo's nearly full
# cemetery is short of plots.
want=$(awk '$2 > 1000 {print $1}' <<<"$want" | jq -R . | jq -sc .)
"$JIEWANG" coverage "$db" --profile "$TEST_DATA_DIR/cov_profile.json" --no-save --json "$tmp/p.json" >/dev/null 2>&1
expect_eq 1 $? "exit code with profile"
expect_eq "$want" "$(jq -c '[.findings[] | select(.rule=="uncovered_village") | .units[0]] | sort' "$tmp/p.json")" "uncovered with 1 km radius"
name=$(defect '.[] | select(.kind=="cemetery_capacity_low") | .name')
expect_eq "[$name]" "$(jq -c '[.findings[] | select(.rule=="cemetery_capacity_low") | .message | split("剩余")[0]]' "$tmp/p.json")" "capacity low with 5 years"

# A population table giving the nearly full cemetery's village 100 residents: 40 plots last
# 40 / (100 x 7 per mille) = 57 years, so nothing is short of plots any more.
"$JIEWANG" coverage "$db" --profile "$TEST_DATA_DIR/cov_profile.json" --no-save \
  --population "$TEST_DATA_DIR/cov_population.csv" --json "$tmp/q.json" >/dev/null 2>&1
expect_eq 0 "$(jq '[.findings[] | select(.rule=="cemetery_capacity_low")] | length' "$tmp/q.json")" "capacity low with population table"
expect_fail 2 "header needs 'code' and 'population'" "$JIEWANG" coverage "$db" --no-save --population "$TEST_DATA_DIR/cov_profile.json"

# With a 3,000 m radius every demo village is within reach; the cemetery in a zone remains.
"$JIEWANG" coverage "$db" --radius-m 3000 --no-save --json "$tmp/r.json" >/dev/null 2>&1
expect_eq 1 $? "exit code with radius (cemetery in zone is an error)"
expect_eq 0 "$(jq '[.findings[] | select(.rule=="uncovered_village")] | length' "$tmp/r.json")" "uncovered with radius"
expect_eq 3000 "$(jq '.rules.radius_m' "$tmp/r.json")" "radius in rules"

# --include-urban puts the 社区居委会 in scope; --buffer-zones widens zones (graves inside can
# only grow, zone by zone).
"$JIEWANG" coverage "$db" --include-urban --buffer-zones --no-save --json "$tmp/u.json" >/dev/null 2>&1
expect_eq 290 "$(jq '.summary.coverage.county.villages_in_scope' "$tmp/u.json")" "villages in scope with --include-urban"
expect_eq 0 "$(jq '.summary.coverage.county.urban_communities' "$tmp/u.json")" "urban apart with --include-urban"
expect_eq true "$(jq --slurpfile a "$tmp/c.json" '[.summary.coverage.graves.zones, $a[0].summary.coverage.graves.zones]
  | transpose | all(.[0].total >= .[1].total)' "$tmp/u.json")" "buffered zones hold at least as many graves"

expect_fail 2 "does not exist" "$JIEWANG" coverage "$tmp/missing.sqlite"
expect_fail 2 "--radius-m needs metres" "$JIEWANG" coverage "$db" --radius-m abc
expect_fail 2 "unknown option" "$JIEWANG" coverage "$db" --bogus
expect_fail 2 "expected one database path" "$JIEWANG" coverage
expect_fail 2 "cannot create $tmp/nope/village_coverage.csv: No such file or directory" "$JIEWANG" coverage "$db" --no-save --csv "$tmp/nope"
finish
