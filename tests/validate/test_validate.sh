#!/usr/bin/env bash
# Integration test of `jiewang validate` and `jiewang findings` on the demo database: the
# documented defects (meta demo_defects) are all reported with correct areas; gaps and overlaps
# of the township partition match SpatiaLite SQL (an independent oracle: ST_Difference,
# ST_Intersection, ellipsoidal ST_Area) with recall 1.0, no false positive above 1 m² and areas
# within 1%; the JSON and GeoJSON follow the contract; exceptions persist; fixed findings.
set -u
. "$(dirname "$0")/../support/lib.sh"

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/gc.sqlite
"$JIEWANG" demo --out "$db" >/dev/null 2>&1 || { fail "demo failed"; finish; exit 1; }

"$JIEWANG" validate "$db" --json "$tmp/v.json" --geojson "$tmp/v.geojson" --report "$tmp/v.html" \
  >"$tmp/out.txt" 2>"$tmp/err.txt"
expect_eq 1 $? "validate exit code with open errors"
grep -q "之间存在缝隙" "$tmp/out.txt" || fail "terminal table lacks a Chinese gap message"

# Output contract.
expect_eq jiewang "$(jq -r .tool "$tmp/v.json")" "tool"
expect_eq 0.5 "$(jq -r .rules.tolerance_m "$tmp/v.json")" "rules.tolerance_m"
expect_eq 301 "$(jq -r .summary.units_checked "$tmp/v.json")" "units_checked"
n=$(jq '.findings | length' "$tmp/v.json")
expect_eq "$n" "$(jq -r .summary.findings "$tmp/v.json")" "summary.findings"
expect_eq "$n" "$(jq '[.summary.by_rule[]] | add' "$tmp/v.json")" "by_rule adds up"
expect_eq 0 "$(jq '[.findings[] | select((.rule|type)!="string" or (.units|type)!="array"
  or (.message|type)!="string" or (.lon|type)!="number" or (.lat|type)!="number")] | length' \
  "$tmp/v.json")" "every finding has rule, units, message, lon, lat"
expect_eq 0 "$(jq '[.findings[] | select((.rule=="gap" or .rule=="overlap") and
  (.area_m2|type)!="number")] | length' "$tmp/v.json")" "gaps and overlaps carry area_m2"
expect_eq FeatureCollection "$(jq -r .type "$tmp/v.geojson")" "geojson type"
expect_eq "$n" "$(jq '.features | length' "$tmp/v.geojson")" "geojson features"
expect_eq 0 "$(jq '[.features[] | select(.geometry == null)] | length' "$tmp/v.geojson")" \
  "every feature has a geometry"
grep -q "质检报告" "$tmp/v.html" || fail "report lacks its title"
expect_eq "$n" "$(grep -o '<svg' "$tmp/v.html" | wc -l)" "one map per finding"
if grep -qi "<script\|http://\|https://[a-z]" <(sed 's#xmlns="http://www.w3.org/2000/svg"##g' "$tmp/v.html"); then
  fail "report is not self-contained"
fi

# Documented defects (meta demo_defects): each is reported, areas within 1%.
sqlite3 "$db" "SELECT value FROM meta WHERE key='demo_defects'" >"$tmp/defects.json"
for kind in gap overlap; do
  want=$(jq -r ".[] | select(.kind==\"$kind\") | .area_m2" "$tmp/defects.json")
  units=$(jq -c ".[] | select(.kind==\"$kind\") | .units | sort" "$tmp/defects.json")
  got=$(jq -r ".findings[] | select(.rule==\"$kind\" and (.units|sort)==$units) | .area_m2" \
    "$tmp/v.json" | sort -g | tail -1)
  if [ -z "$got" ] || ! awk -v a="$got" -v b="$want" 'BEGIN{exit !(a>b*0.99 && a<b*1.01)}'; then
    fail "demo $kind $units: want $want m², got '$got'"
  else pass; fi
done
tp=$(jq -c '.[] | select(.kind=="triple_point_without_marker") | [.lon,.lat]' "$tmp/defects.json")
got=$(jq -c "[.findings[] | select(.rule==\"triple_point_without_marker\") |
  select(((.lon-$(jq '.[0]' <<<"$tp"))|fabs) < 1e-5 and ((.lat-$(jq '.[1]' <<<"$tp"))|fabs) < 1e-5)]
  | length" "$tmp/v.json")
expect_eq 1 "$got" "missing triple-point marker reported at the documented point"
mk=$(jq -r '.[] | select(.kind=="marker_off_line") | .marker' "$tmp/defects.json")
want=$(jq -r '.[] | select(.kind=="marker_off_line") | .distance_m' "$tmp/defects.json")
got=$(jq -r ".findings[] | select(.rule==\"marker_off_line\" and .marker==\"$mk\") | .distance_m" "$tmp/v.json")
awk -v a="$got" -v b="$want" 'BEGIN{exit !(a>b*0.99 && a<b*1.01)}' && pass ||
  fail "marker $mk off line: want $want m, got '$got'"
mk=$(jq -r '.[] | select(.kind=="duplicate_marker") | .marker' "$tmp/defects.json")
expect_eq 1 "$(jq "[.findings[] | select(.rule==\"duplicate_marker\" and .marker==\"$mk\")] | length" \
  "$tmp/v.json")" "duplicate marker $mk"
expect_eq 1 "$(jq "[.findings[] | select(.rule==\"marker_order\" and
  (.marker as \$m | $(jq -c '.[] | select(.kind=="marker_order") | .markers' "$tmp/defects.json") | index(\$m)))] | length" \
  "$tmp/v.json")" "swapped markers reported out of order"
haus=$(spatialite -silent "$db" "SELECT HausdorffDistance(Transform(a.geom,4546),Transform(b.geom,4546))
  FROM boundary_line a, boundary_line b WHERE a.line_code='GC04' AND b.line_code='GC04' AND a.id<b.id" 2>/dev/null)
got=$(jq -r '.findings[] | select(.rule=="two_sided_mismatch") | .distance_m' "$tmp/v.json")
awk -v a="$got" -v b="$haus" 'BEGIN{exit !(a-b<0.01 && b-a<0.01)}' && pass ||
  fail "two-sided mismatch $got m, SpatiaLite Hausdorff $haus m"

# SpatiaLite oracle for the township partition in the GK zone (EPSG:4546): every gap and overlap
# part of at least 1.05 m² is reported within 1%, and every reported one is such a part.
cat >"$tmp/oracle.sql" <<'SQL'
WITH RECURSIVE
 t AS (SELECT code, Transform(geom,4546) AS g FROM admin_unit WHERE level='township'),
 d(g) AS (SELECT ST_Difference((SELECT Transform(geom,4546) FROM admin_unit WHERE level='county'),
                               (SELECT ST_Union(g) FROM t))),
 o(g) AS (SELECT ST_Intersection(a.g,b.g) FROM t a, t b WHERE a.code<b.code AND ST_Intersects(a.g,b.g)),
 parts(kind, g) AS (SELECT 'gap', g FROM d UNION ALL SELECT 'overlap', g FROM o),
 n(kind, g, i) AS (SELECT kind, g, 1 FROM parts UNION ALL
                   SELECT kind, g, i+1 FROM n WHERE i < ST_NumGeometries(g))
SELECT kind, ST_Area(Transform(SetSRID(GeometryN(g,i),4546),4490),1), ST_Area(GeometryN(g,i))
  FROM n WHERE GeometryType(GeometryN(g,i)) LIKE '%POLYGON%';
SQL
# Parts are selected by their planar GK area: GEOS may return collapsed zero-area rings whose
# geodesic area is not zero.
# The planar GK area stands for the ellipsoidal one (they differ by the GK scale factor squared,
# under 0.01% here) and, unlike a geodesic area, ignores zero-width spikes.
spatialite -silent "$db" <"$tmp/oracle.sql" 2>/dev/null | awk -F'|' '$3>=1.05 {print $1"|"$3}' |
  sort >"$tmp/sql.txt"
jq -r '.findings[] | select((.rule=="gap" or .rule=="overlap") and (.units|all(length==9)))
  | "\(.rule)|\(.area_m2)"' "$tmp/v.json" | sort >"$tmp/ours.txt"
match() { # every line of $1 has a partner in $2 (same kind, area within 1%)
  awk -F'|' 'NR==FNR{k[NR]=$1;a[NR]=$2;n=NR;next}
    {ok=0; for(i=1;i<=n;i++) if(k[i]==$1 && a[i]>$2*0.99 && a[i]<$2*1.01) ok=1;
     if(!ok){print "unmatched: " $0; bad=1}} END{exit bad}' "$2" "$1"
}
[ -s "$tmp/sql.txt" ] || fail "oracle returned nothing"
match "$tmp/sql.txt" "$tmp/ours.txt" && pass || fail "recall: SQL parts missing from validate"
awk -F'|' '$2>=1.1' "$tmp/ours.txt" >"$tmp/ours_big.txt"
match "$tmp/ours_big.txt" "$tmp/sql.txt" && pass || fail "false positives: validate parts not in SQL"

# Exceptions persist; vanished findings become fixed.
id=$(jq -r '[.findings[] | select(.rule=="overlap")] | max_by(.area_m2) | .id' "$tmp/v.json")
"$JIEWANG" findings accept "$db" "$id" --reason "争议区, 待协商" >/dev/null || fail "accept"
"$JIEWANG" validate "$db" --json "$tmp/v2.json" >/dev/null
expect_eq "$id" "$(jq -r '.accepted[0].id' "$tmp/v2.json")" "accepted finding kept its id"
expect_eq "争议区, 待协商" "$(jq -r '.accepted[0].accept_reason' "$tmp/v2.json")" "reason kept"
expect_eq $((n - 1)) "$(jq -r .summary.findings "$tmp/v2.json")" "accepted not counted"
n_village=$(jq '[.findings[] | select(.units | any(length == 12))] | length' "$tmp/v2.json")
"$JIEWANG" validate "$db" --level township >/dev/null
expect_eq "$n_village" "$("$JIEWANG" findings list "$db" --status fixed --json |
  jq '[.[] | select(.units | any(length == 12))] | length')" "village findings marked fixed"
"$JIEWANG" findings list "$db" --status accepted | grep -q "争议区" && pass || fail "list accepted"
"$JIEWANG" info "$db" | grep -q "validate" && pass || fail "findings missing from info"

# A profile file sets the parameters; command-line flags win over it.
echo '{"min_area_m2": 5000, "marker_tolerance_m": 30}' >"$tmp/profile.json"
"$JIEWANG" validate "$db" --no-save --profile "$tmp/profile.json" --json "$tmp/p.json" >/dev/null
expect_eq 5000 "$(jq -r .rules.min_area_m2 "$tmp/p.json")" "profile min_area_m2"
expect_eq 0 "$(jq '[.findings[], .accepted[] | select(.rule=="gap" or .rule=="overlap")] | length' \
  "$tmp/p.json")" "no gap/overlap of 5000 m² or more"
expect_eq 0 "$(jq '[.findings[] | select(.rule=="marker_off_line")] | length' "$tmp/p.json")" \
  "30 m tolerance keeps the moved marker"
"$JIEWANG" validate "$db" --no-save --profile "$tmp/profile.json" --min-area-m2 1 \
  --json "$tmp/p2.json" >/dev/null
expect_eq 1 "$(jq -r .rules.min_area_m2 "$tmp/p2.json")" "flag wins over profile"
echo '{"min_area": 1}' >"$tmp/bad_profile.json"
expect_fail 2 "min_area" "$JIEWANG" validate "$db" --no-save --profile "$tmp/bad_profile.json"

# Errors: exit 2, one line.
expect_fail 2 "does not exist" "$JIEWANG" validate "$tmp/missing.sqlite"
expect_fail 2 "--level must be" "$JIEWANG" validate "$db" --level province
expect_fail 2 "needs a number" "$JIEWANG" validate "$db" --tolerance-m abc
expect_fail 2 "needs --reason" "$JIEWANG" findings accept "$db" "$id"
expect_fail 2 "no finding with id 999999" "$JIEWANG" findings accept "$db" 999999 --reason x
expect_fail 2 "--status must be" "$JIEWANG" findings list "$db" --status maybe
finish
