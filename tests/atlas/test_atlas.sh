#!/usr/bin/env bash
# Integration test of `jiewang atlas` on the demo county, checked with poppler's tools:
# page count (cover + copyright + overview + townships + gazetteer pages from the documented
# rows per page), page size, embedded CJK font, extractable names and codes, scale (stated
# 1:N against the scale bar and against the graticule ticks, with the ground distance computed
# here on the GRS 1980 ellipsoid), non-blank rendering and non-overlapping labels.
set -u
. "$(dirname "$0")/../support/lib.sh"
for tool in pdfinfo pdffonts pdftotext pdftoppm sqlite3 jq; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 0; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/demo.sqlite
"$JIEWANG" demo --out "$db" >/dev/null 2>&1 || { fail "jiewang demo"; finish; exit 1; }

# Rows per gazetteer page on A4 portrait, as documented in README.md (Atlas and gazetteer).
ROWS_A4=32
n_towns=$(sqlite3 "$db" "SELECT count(*) FROM admin_unit WHERE level='township'")
n_vills=$(sqlite3 "$db" "SELECT count(*) FROM admin_unit WHERE level='village'")
n_rows=$((n_towns + n_vills))
want_pages=$((2 + 1 + n_towns + (n_rows + ROWS_A4 - 1) / ROWS_A4))

pdf=$tmp/atlas.pdf
"$JIEWANG" atlas "$db" --out "$pdf" --report "$tmp/report.json" --map-number "GS(2026)9999号" \
  >/dev/null || fail "atlas exited $?"
expect_eq "$want_pages" "$(pdfinfo "$pdf" | awk '/^Pages:/{print $2}')" "page count"
expect_eq "$ROWS_A4" "$(jq .rows_per_page "$tmp/report.json")" "rows per page in report"
# A4 = 210 x 297 mm = 595.28 x 841.89 pt.
size=$(pdfinfo "$pdf" | awk '/^Page size:/{print $3, $5}')
awk -v s="$size" 'BEGIN{split(s,a," "); w=210*72/25.4; h=297*72/25.4;
  exit !((a[1]-w)^2 < 0.25 && (a[2]-h)^2 < 0.25)}' && pass || fail "A4 page size: $size"
pdffonts "$pdf" | awk '/NotoSansCJK/ && $(NF-4)=="yes"{f=1} END{exit !f}' && pass ||
  fail "Noto Sans CJK not embedded"

# Every township name, and every village name on the same gazetteer line as its code.
pdftotext -layout "$pdf" "$tmp/all.txt"
while IFS='|' read -r code name; do
  grep -qF "$name" "$tmp/all.txt" || fail "township $name missing"
done < <(sqlite3 "$db" "SELECT code, name FROM admin_unit WHERE level='township'")
missing=0
while IFS='|' read -r code name; do
  grep -F "$code" "$tmp/all.txt" | grep -qF "$name" || { missing=$((missing + 1)); echo "no row: $code $name" >&2; }
done < <(sqlite3 "$db" "SELECT code, name FROM admin_unit WHERE level='village'")
expect_eq 0 "$missing" "villages without a gazetteer row holding name and code"
grep -qF "GS(2026)9999号" "$tmp/all.txt" && pass || fail "审图号 missing"
# The table header repeats on every gazetteer page.
gaz_pages=$(( (n_rows + ROWS_A4 - 1) / ROWS_A4 ))
expect_eq "$gaz_pages" "$(grep -c "标准名称" "$tmp/all.txt")" "gazetteer headers"
# Centroids print as D°MM′SS.S″: convert the report's degrees here and find them on the row.
bad_dms=0
while read -r code lon lat; do
  dms=$(awk -v lon="$lon" -v lat="$lat" 'function f(x,  t, d, m) { t = int(x * 36000 + 0.5);
    d = int(t / 36000); m = int((t % 36000) / 600); return sprintf("%d°%02d′%04.1f″", d, m, (t % 600) / 10) }
    BEGIN { print f(lon) " " f(lat) }')
  read -r dlon dlat <<<"$dms"
  grep -F "$code" "$tmp/all.txt" | grep -F "$dlon" | grep -qF "$dlat" || { bad_dms=$((bad_dms + 1)); echo "no $dlon $dlat on $code" >&2; }
done < <(jq -r '.gazetteer[] | select(.code | length == 9) | "\(.code) \(.lon) \(.lat)"' "$tmp/report.json")
expect_eq 0 "$bad_dms" "township centroids in DMS"
pdftotext -f 2 -l 2 "$pdf" - | grep -qF "审图号" && pass || fail "copyright page lacks 审图号"

# Scale on the first township map (page 4): words with their boxes.
pdftotext -bbox -f 4 -l 4 "$pdf" "$tmp/p4.html"
words() { sed -n 's/.*xMin="\([^"]*\)" yMin="\([^"]*\)" xMax="\([^"]*\)" yMax="\([^"]*\)">\(.*\)<\/word>/\1 \2 \3 \4 \5/p' "$1"; }
words "$tmp/p4.html" > "$tmp/p4.words"
denom=$(awk '$5 ~ /^1:[0-9,]+$/ {s=substr($5,3); gsub(",","",s); print s; exit}' "$tmp/p4.words")
[ -n "$denom" ] && pass || fail "no stated scale 1:N on page 4"
# Scale bar: "0" at its left end, the end value in 公里 at its right end, both centred.
bar=$(awk '$5=="0"{x0=($1+$3)/2; y=$2} END{print x0, y}' "$tmp/p4.words")
read -r bx0 by <<<"$bar"
bend=$(awk -v y="$by" '($2-y)^2<1 && $5 ~ /^[0-9.]+$/ && $5!="0"{print ($1+$3)/2, $5}' "$tmp/p4.words" | head -1)
read -r bx1 bkm <<<"$bend"
awk -v a="$bx0" -v b="$bx1" -v km="$bkm" -v n="$denom" 'BEGIN{
  paper_mm=(b-a)*25.4/72; got=km*1e6/paper_mm; r=got/n; print "scale bar: 1:" got " vs 1:" n;
  exit !(r>0.99 && r<1.01)}' && pass || fail "scale bar disagrees with stated scale"
# Graticule: two neighbouring meridian labels on the bottom edge; ground distance between the
# meridians along the lowest labelled parallel, on GRS 1980 (a = 6378137, e2 = 0.00669438).
awk '$5 ~ /^1[0-9][0-9]°[0-9][0-9]′$/' "$tmp/p4.words" | sort -k2,2nr -k1,1n > "$tmp/lon"
lat=$(awk '$5 ~ /^[1-5][0-9]°[0-9][0-9]′$/ {split($5,a,"°"); v=a[1]+substr(a[2],1,2)/60; if (m==""||v<m) m=v} END{print m}' "$tmp/p4.words")
awk -v lat="$lat" -v n="$denom" 'NR==1{y=$2} ($2-y)^2<1{i=c+0; x[i]=($1+$3)/2; split($5,a,"°"); l[i]=a[1]+substr(a[2],1,2)/60; c++}
  END{ if (c<2) exit 1; pi=atan2(0,-1); phi=lat*pi/180; e2=0.00669438;
    N=6378137/sqrt(1-e2*sin(phi)^2); ground=(l[1]-l[0])*pi/180*N*cos(phi);
    paper_m=(x[1]-x[0])*25.4/72/1000; got=ground/paper_m; r=got/n;
    print "graticule: 1:" got " vs 1:" n; exit !(r>0.99 && r<1.01)}' "$tmp/lon" && pass ||
  fail "graticule spacing disagrees with stated scale"

# Rendered page is not blank: at least 3% of the pixels are not white.
pdftoppm -gray -r 30 -f 4 -l 4 "$pdf" "$tmp/p4"
od -An -v -tu1 "$tmp"/p4*.pgm | awk '{for(i=1;i<=NF;i++){n++; if($i<200) d++}} END{
  print "non-white fraction:", d/n; exit !(d/n>0.03)}' && pass || fail "page 4 is blank"

# Labels: the renderer's boxes do not overlap (report), nor do the words inside the frame.
jq -r '.maps[] | .labels | length as $n | [range(0;$n) as $i | range($i+1;$n) as $j |
  select(.[$i][0] < .[$j][2] and .[$j][0] < .[$i][2] and .[$i][1] < .[$j][3] and .[$j][1] < .[$i][3])] | length' \
  "$tmp/report.json" | awk '{s+=$1} END{exit s!=0}' && pass || fail "report label boxes overlap"
expect_eq 0 "$(jq '[.maps[].n_names_dropped] | add' "$tmp/report.json")" "unit names dropped"
# Every village is named on its township's page (pages 4.. in code order).
page=4; unnamed=0
while read -r town; do
  pdftotext -f $page -l $page "$pdf" "$tmp/page.txt"
  while read -r name; do
    grep -qF "$name" "$tmp/page.txt" || { unnamed=$((unnamed + 1)); echo "page $page lacks $name" >&2; }
  done < <(sqlite3 "$db" "SELECT name FROM admin_unit WHERE level='village' AND parent_code='$town'")
  page=$((page + 1))
done < <(sqlite3 "$db" "SELECT code FROM admin_unit WHERE level='township' ORDER BY code")
expect_eq 0 "$unnamed" "villages not named on their township page"
frame=$(jq -r '.maps[1].frame | map(tostring) | join(" ")' "$tmp/report.json")
awk -v f="$frame" 'BEGIN{split(f,F," ")} $1>F[1] && $3<F[3] && $2>F[2] && $4<F[4] && $5!="北" {
    x0[n]=$1; y0[n]=$2; x1[n]=$3; y1[n]=$4; t[n]=$5; n++}
  END{for(i=0;i<n;i++) for(j=i+1;j<n;j++) if (x0[i]<x1[j]-0.1 && x0[j]<x1[i]-0.1 && y0[i]<y1[j]-0.1 && y0[j]<y1[i]-0.1) {
    print "overlap: " t[i] " / " t[j]; bad++}
    print n " words inside the frame"; exit bad>0}' "$tmp/p4.words" && pass || fail "words overlap on page 4"

# A3, one township: A3 size, cover + copyright + 1 map + its gazetteer rows.
code=$(sqlite3 "$db" "SELECT code FROM admin_unit WHERE level='township' ORDER BY code LIMIT 1 OFFSET 1")
nv=$(sqlite3 "$db" "SELECT count(*) FROM admin_unit WHERE level='village' AND parent_code='$code'")
"$JIEWANG" atlas "$db" --out "$tmp/a3.pdf" --paper A3 --units "$code" --report "$tmp/a3.json" >/dev/null ||
  fail "A3 atlas"
rows_a3=$(jq .rows_per_page "$tmp/a3.json")
expect_eq $((3 + (nv + 1 + rows_a3 - 1) / rows_a3)) "$(pdfinfo "$tmp/a3.pdf" | awk '/^Pages:/{print $2}')" "A3 page count"
size=$(pdfinfo "$tmp/a3.pdf" | awk '/^Page size:/{print $3, $5}')
awk -v s="$size" 'BEGIN{split(s,a," "); w=297*72/25.4; h=420*72/25.4;
  exit !((a[1]-w)^2 < 0.25 && (a[2]-h)^2 < 0.25)}' && pass || fail "A3 page size: $size"

# Single maps as PNG and SVG.
"$JIEWANG" atlas "$db" --out "$tmp/m.png" --format png --dpi 72 --units "$code" >/dev/null || fail "png"
[ "$(head -c 8 "$tmp/m.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] && pass || fail "not a PNG"
[ "$(stat -c %s "$tmp/m.png")" -gt 20000 ] && pass || fail "PNG suspiciously small"
"$JIEWANG" atlas "$db" --out "$tmp/m.svg" --format svg --units "$code" >/dev/null || fail "svg"
grep -q "<svg" "$tmp/m.svg" && pass || fail "not an SVG"

# Errors: one line on stderr, exit 2, nothing written.
expect_fail 2 "unknown unit '420625999'" "$JIEWANG" atlas "$db" --out "$tmp/x.pdf" --units 420625999
[ ! -e "$tmp/x.pdf" ] && pass || fail "failed atlas left a file"
expect_fail 2 "render one map" "$JIEWANG" atlas "$db" --out "$tmp/x.svg" --format svg
expect_fail 2 "--out FILE is required" "$JIEWANG" atlas "$db"
expect_fail 2 "unknown paper 'A5'" "$JIEWANG" atlas "$db" --out "$tmp/x.pdf" --paper A5
"$JIEWANG" help atlas | grep -q "Usage: jiewang atlas DB --out FILE" && pass || fail "help atlas"
"$JIEWANG" atlas --help | grep -q -- "--map-number" && pass || fail "atlas --help"
finish
