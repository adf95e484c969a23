/*
 * This file implements the jiewang web map page (/map): it reads /web/config.json (title,
 * 审图号, optional Tianditu token), the TileJSON of the "jiewang" tileset, builds the map from
 * web/style.js, and wires the layer switcher, legend, popups, search, the findings panel and
 * the cemetery-coverage panel to the OGC API - Features collections of the same server.
 * Every request goes to the page's own origin, except Tianditu tiles when the operator set a
 * token and the user switched that base map on. It does not build the style (style.js).
 *
 * For tests and embedding, window.map is the maplibregl.Map and window.jiewang the page state.
 */
(function () {
    'use strict';
    var S = window.JW_STYLE;
    var jw = window.jiewang = {ready: false, units: [], findings: [], villages: [],
        townships: [], coverage: null, lastSearch: null, lastPopup: null};
    var map = null;
    var unitsLoading = null; /* promise of the search index (townships and villages items) */
    var $ = function (id) { return document.getElementById(id); };

    /* ---------- helpers ---------- */

    function esc(s) {
        return String(s === undefined || s === null ? '' : s).replace(/[&<>"']/g, function (c) {
            return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
        });
    }

    /* A server link may carry the server's configured base URL; keep requests on our origin. */
    function local(href) {
        return location.origin + String(href).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '');
    }

    function getJSON(url) {
        return fetch(url, {headers: {Accept: 'application/geo+json, application/json'}})
            .then(function (r) {
                if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
                return r.json();
            });
    }

    /* All items of a collection, following rel=next links (bounded). */
    async function fetchItems(path, max) {
        var url = path, out = [];
        max = max || 20000;
        while (url && out.length < max) {
            var doc = await getJSON(url);
            (doc.features || []).forEach(function (f) { out.push(f); });
            var next = (doc.links || []).filter(function (l) { return l.rel === 'next'; })[0];
            url = next && (doc.features || []).length ? local(next.href) : null;
        }
        return out;
    }

    function bboxOf(geom) {
        var b = [Infinity, Infinity, -Infinity, -Infinity];
        function walk(c) {
            if (typeof c[0] === 'number') {
                if (c[0] < b[0]) b[0] = c[0];
                if (c[1] < b[1]) b[1] = c[1];
                if (c[0] > b[2]) b[2] = c[0];
                if (c[1] > b[3]) b[3] = c[1];
            } else {
                c.forEach(walk);
            }
        }
        if (!geom) return null;
        if (geom.type === 'GeometryCollection') geom.geometries.forEach(function (g) {
            walk(g.coordinates);
        });
        else walk(geom.coordinates);
        return isFinite(b[0]) ? b : null;
    }

    function fmt(v, digits) {
        if (v === undefined || v === null || v === '') return '—';
        var n = Number(v);
        if (!isFinite(n)) return esc(v);
        return n.toLocaleString('zh-CN', {maximumFractionDigits: digits === undefined ? 2 : digits});
    }

    function pct(a, b) { return b ? (100 * a / b).toFixed(1) + '%' : '—'; }

    function unitOf(code) {
        return jw.units.find(function (x) { return x.code === String(code); }) || null;
    }

    function unitName(code) {
        var u = unitOf(code);
        return u ? u.name : null;
    }

    /* ---------- page chrome ---------- */

    function applyConfig(cfg) {
        var title = cfg.title || '界网 · 行政区域界线与民政设施地图';
        $('title').textContent = title;
        document.title = title;
        /* DOMAIN MAP-02/03: the 审图号 sits at the lower-left; without one the map is internal. */
        var no = (cfg.map_number || '').trim();
        $('map-number').textContent = no ? '审图号：' + no : '内部用图，未经审核';
        $('map-number').dataset.mapNumber = no;
    }

    function setTab(name) {
        document.querySelectorAll('#tabs [role=tab]').forEach(function (b) {
            b.setAttribute('aria-selected', String(b.dataset.tab === name));
        });
        ['layers', 'findings', 'coverage'].forEach(function (t) {
            $('tab-' + t).hidden = t !== name;
        });
        /* The two staff views are alternatives: each hides the other's layers. */
        if (name === 'findings') {
            setGroup('coverage', false);
            setGroup('findings', true);
        }
        if (name === 'coverage') {
            /* The choropleth reads better without care facilities and findings on top. */
            if (map) select(null);
            setGroup('findings', false);
            setGroup('facilities', false);
            setGroup('coverage', true);
            /* Villages are in the tiles from zoom 9 (README.md (Vector tiles)). */
            if (map && map.getZoom() < 9) map.easeTo({zoom: 9, duration: 600});
        }
    }

    function setPanel(open) {
        $('panel').classList.toggle('closed', !open);
        $('panel-toggle').setAttribute('aria-expanded', String(open));
    }

    /* ---------- layer switcher and legend ---------- */

    function setGroup(id, on) {
        var g = S.GROUPS.find(function (x) { return x.id === id; });
        if (!g || !map) return;
        g.layers.forEach(function (l) {
            if (map.getLayer(l)) map.setLayoutProperty(l, 'visibility', on ? 'visible' : 'none');
        });
        var box = document.querySelector('#layer-list input[data-group="' + id + '"]');
        if (box) box.checked = on;
    }

    function buildLayerList(hasToken) {
        var ul = $('layer-list');
        S.GROUPS.forEach(function (g) {
            if (g.needsToken && !hasToken) return;
            var li = document.createElement('li');
            li.innerHTML = '<label><input type="checkbox" data-group="' + g.id + '"' +
                (g.on ? ' checked' : '') + '> ' + esc(g.label) + '</label>';
            li.querySelector('input').addEventListener('change', function (e) {
                setGroup(g.id, e.target.checked);
            });
            ul.appendChild(li);
        });
    }

    function buildLegend() {
        var items = [
            '<span class="sw line county"></span>县界',
            '<span class="sw line township"></span>乡镇界',
            '<span class="sw line village"></span>村界',
            '<span class="sw hatch"></span>禁葬区',
            '<span class="sw dot marker"></span>界桩',
            '<span class="sw finding"></span>质检问题（缝隙、重叠、界桩偏离等）'
        ];
        Object.keys(S.KINDS).forEach(function (k) {
            var d = S.KINDS[k];
            items.push('<span class="sym" style="background:' + d.color + '">' + d.ch +
                '</span>' + esc(d.name));
        });
        $('legend').innerHTML = items.map(function (h) { return '<li>' + h + '</li>'; }).join('');
        var cov = Object.keys(S.COVERAGE).map(function (k) {
            return '<li><span class="sw" style="background:' + S.COVERAGE[k].color + '"></span>' +
                esc(S.COVERAGE[k].name) + '</li>';
        });
        cov.push('<li><span class="sw" style="background:' + S.COVERAGE_NONE +
            '"></span>无分析结果</li>');
        $('coverage-legend').innerHTML = cov.join('');
    }

    /* ---------- popups ---------- */

    var CLICK_LAYERS = ['findings-point', 'findings-line', 'findings-fill', 'markers',
        'cemeteries', 'facilities', 'no-burial-fill', 'villages-fill', 'townships-fill',
        'county-fill'];

    /* no_burial_zone.reason values (DOMAIN.md BUR-01, BUR-09). */
    var REASONS = {county_seat: '县城规划区', reservoir: '水库及河流堤坝', highway: '公路主干线两侧',
        railway: '铁路两侧', water_source: '饮用水水源保护区', park: '城市公园',
        scenic_area: '风景名胜区', heritage: '文物保护区', farmland: '耕地', forest: '林地'};

    /* finding.units is a JSON array of codes: shown as names where known. */
    function unitsText(units) {
        var codes;
        try { codes = JSON.parse(units); } catch (err) { return String(units); }
        if (!Array.isArray(codes)) return String(units);
        return codes.map(function (c) { return unitName(c) || c; }).join('、');
    }

    function row(k, v) { return '<tr><th>' + esc(k) + '</th><td>' + v + '</td></tr>'; }

    function popupHTML(f) {
        var p = f.properties || {}, layer = f.sourceLayer || f.layer.id, rows = [], title = p.name;
        var kind = S.KINDS[p.kind];
        if (layer === 'villages' || layer === 'townships' || layer === 'county') {
            rows.push(row('代码', esc(p.code)));
            rows.push(row('级别', esc(S.LEVEL[p.level] || p.level)));
            if (p.kind) rows.push(row('类型', esc(p.kind)));
            if (p.parent_code && unitName(p.parent_code))
                rows.push(row('所属', esc(unitName(p.parent_code))));
            rows.push(row('面积', fmt(p.area_km2, 2) + ' km²'));
            var u = unitOf(p.code);
            if (u && u.population) rows.push(row('人口', fmt(u.population, 0)));
            if (layer === 'villages') {
                var c = S.COVERAGE[p.coverage];
                rows.push(row('公墓覆盖', c ? esc(c.name) : '未分析'));
                if (p.coverage === 'uncovered' && u && u.nearest_distance_m)
                    rows.push(row('最近公墓', fmt(u.nearest_distance_m / 1000, 2) + ' km'));
            }
        } else if (layer === 'cemeteries' || layer === 'facilities') {
            rows.push(row('类型', esc(kind ? kind.name : p.kind)));
            rows.push(row('编号', esc(p.id)));
            if (p.village_code) rows.push(row('所在村', esc((unitName(p.village_code) || '') +
                ' ' + p.village_code)));
            if (layer === 'cemeteries') {
                rows.push(row('容量（穴）', fmt(p.capacity, 0)));
                rows.push(row('已用（穴）', fmt(p.used, 0)));
                if (p.capacity) rows.push(row('使用率', pct(Number(p.used || 0),
                    Number(p.capacity))));
            } else {
                rows.push(row('床位', fmt(p.beds, 0)));
            }
        } else if (layer === 'no_burial_zones') {
            title = p.name || '禁葬区';
            rows.push(row('类别', '禁葬区'));
            rows.push(row('原因', esc(REASONS[p.reason] || p.reason)));
            rows.push(row('生效日期', esc(p.effective_date)));
        } else if (layer === 'markers') {
            title = '界桩 ' + (p.number || '');
            rows.push(row('类型', esc(p.type)));
            rows.push(row('界线', esc(p.line_code)));
        } else if (layer === 'findings') {
            title = ruleName(p.rule);
            rows.push(row('级别', esc(S.SEVERITY[p.severity] || p.severity)));
            rows.push(row('说明', esc(p.message)));
            if (p.units && unitsText(p.units)) rows.push(row('涉及', esc(unitsText(p.units))));
            if (p.area_m2) rows.push(row('面积', fmt(p.area_m2, 1) + ' m²'));
            if (p.distance_m) rows.push(row('距离', fmt(p.distance_m, 2) + ' m'));
            rows.push(row('状态', esc(p.status)));
        }
        return '<div class="jw-popup" data-layer="' + esc(layer) + '" data-code="' +
            esc(p.code || p.id || p.number || '') + '"><h3>' + esc(title || '') + '</h3>' +
            '<table>' + rows.join('') + '</table></div>';
    }

    function openPopup(f, lngLat) {
        var html = popupHTML(f);
        new maplibregl.Popup({maxWidth: '320px'}).setLngLat(lngLat).setHTML(html).addTo(map);
        jw.lastPopup = {layer: f.sourceLayer, properties: f.properties};
    }

    function onClick(e) {
        var layers = CLICK_LAYERS.filter(function (l) {
            return map.getLayer(l) && map.getLayoutProperty(l, 'visibility') !== 'none';
        });
        var fs = map.queryRenderedFeatures(e.point, {layers: layers});
        if (fs.length) openPopup(fs[0], e.lngLat);
    }

    /* ---------- search ---------- */

    function searchLocal(q) {
        var isCode = /^\d+$/.test(q);
        var hits = jw.units.filter(function (u) {
            return isCode ? u.code.indexOf(q) === 0 : u.name.indexOf(q) >= 0;
        });
        var rank = {county: 0, township: 1, village: 2};
        hits.sort(function (a, b) {
            var ea = (a.name === q || a.code === q) ? 0 : 1;
            var eb = (b.name === q || b.code === q) ? 0 : 1;
            return ea - eb || rank[a.level] - rank[b.level] || a.code.localeCompare(b.code);
        });
        return hits.slice(0, 12);
    }

    /* When the collections could not be indexed, ask the server's ?code= / ?name= filters
     * (exact values). */
    async function searchServer(q) {
        var key = /^\d+$/.test(q) ? 'code' : 'name', out = [];
        for (var c of ['townships', 'villages']) {
            try {
                var doc = await getJSON('/collections/' + c + '/items?limit=20&' + key + '=' +
                    encodeURIComponent(q));
                (doc.features || []).forEach(function (f) { out.push(toUnit(f)); });
            } catch (err) { /* a collection without the filter: nothing found there */ }
        }
        return out;
    }

    function toUnit(f) {
        var p = f.properties || {};
        return {code: String(p.code), name: p.name, level: p.level, parent_code: p.parent_code,
            coverage: p.coverage, population: p.population,
            nearest_distance_m: p.nearest_distance_m, bbox: f.bbox || bboxOf(f.geometry),
            geometry: f.geometry};
    }

    function showResults(hits) {
        var ul = $('results');
        if (!hits.length) {
            ul.innerHTML = '<li class="none">未找到</li>';
        } else {
            ul.innerHTML = hits.map(function (u, i) {
                var parent = u.parent_code && u.level === 'village' ? unitName(u.parent_code) : '';
                return '<li role="option" data-i="' + i + '">' + esc(u.name) +
                    ' <small>' + esc(u.code) + (parent ? ' · ' + esc(parent) : '') +
                    '</small></li>';
            }).join('');
            ul.querySelectorAll('li[data-i]').forEach(function (li) {
                li.addEventListener('click', function () { goTo(hits[+li.dataset.i]); });
            });
        }
        ul.hidden = false;
    }

    function select(geom) {
        map.getSource('selection').setData(geom ? {type: 'Feature', properties: {},
            geometry: geom} : {type: 'FeatureCollection', features: []});
    }

    function goTo(u) {
        $('results').hidden = true;
        $('q').value = u.name;
        jw.lastSearch = {code: u.code, name: u.name, bbox: u.bbox};
        if (u.geometry) select(u.geometry);
        if (u.bbox) map.fitBounds([[u.bbox[0], u.bbox[1]], [u.bbox[2], u.bbox[3]]],
            {padding: 50, maxZoom: 14, duration: 900});
        if (window.matchMedia('(max-width: 700px)').matches) setPanel(false);
    }

    async function onSearch(e) {
        if (e) e.preventDefault();
        var q = $('q').value.trim();
        if (!q) return;
        if (!jw.units.length && unitsLoading) await unitsLoading;
        var hits = jw.units.length ? searchLocal(q) : await searchServer(q);
        if (hits.length === 1 || (hits.length && (hits[0].name === q || hits[0].code === q)))
            goTo(hits[0]);
        else if (hits.length && e && e.type === 'submit') goTo(hits[0]);
        else showResults(hits);
    }

    /* ---------- findings panel ---------- */

    /* Rule names of gis/validate.h and the coverage analysis; unknown rules show as is. */
    var RULES = {invalid_geometry: '几何无效', gap: '缝隙', overlap: '重叠',
        outside_parent: '超出上级辖区', bad_code: '代码错误', duplicate_code: '代码重复',
        parent_mismatch: '上级代码不符', unit_without_geometry: '缺少边界',
        parent_without_children: '无下级单位', marker_off_line: '界桩偏离界线',
        duplicate_marker: '界桩编号重复', marker_unknown_line: '界桩所属界线不存在',
        marker_order: '界桩编号顺序错误', triple_point_without_marker: '三交点缺界桩',
        line_dangle: '界线悬挂', line_unclosed: '界线未闭合', two_sided_mismatch: '双方界线不一致',
        cemetery_in_no_burial_zone: '公墓位于禁葬区', uncovered_village: '行政村未覆盖公墓',
        uncovered: '未覆盖公墓', cemetery_capacity_low: '公墓容量不足',
        graves_to_relocate: '禁葬区内坟墓待迁', candidate_site: '公墓候选地块',
        township_without_elderly_facility: '乡镇缺综合养老服务中心',
        happiness_home_rate_below_target: '幸福院覆盖率低于目标',
        beds_below_target: '养老床位低于目标', inspection_overdue: '联检逾期'};

    var TOOLS = {validate: '界线质检', coverage: '覆盖分析'};

    function ruleName(r) { return RULES[r] ? RULES[r] + ' (' + r + ')' : String(r || ''); }

    function renderFindings(list) {
        var byRule = {}, byTool = {};
        list.forEach(function (f) {
            var r = f.properties.rule, t = f.properties.tool;
            byRule[r] = (byRule[r] || 0) + 1;
            byTool[t] = (byTool[t] || 0) + 1;
        });
        var tools = Object.keys(byTool).sort().reverse().map(function (t) {
            return esc(TOOLS[t] || t) + ' ' + byTool[t];
        });
        var parts = Object.keys(byRule).sort().map(function (r) {
            return '<span class="chip">' + esc(RULES[r] || r) + ' ' + byRule[r] + '</span>';
        });
        $('findings-summary').innerHTML = list.length ? '共 ' + list.length + ' 条（' +
            tools.join('，') + '）<br>' + parts.join(' ') :
            '没有检查结果。运行 <code>jiewang validate DB</code> 后刷新。';
        var order = {error: 0, warning: 1, info: 2};
        function rank(sev) { return sev in order ? order[sev] : 3; }
        list.sort(function (a, b) {
            var pa = a.properties, pb = b.properties;
            return (pa.tool === pb.tool ? 0 : pa.tool === 'validate' ? -1 : 1) ||
                rank(pa.severity) - rank(pb.severity) ||
                String(pa.rule).localeCompare(String(pb.rule)) || (pa.id || 0) - (pb.id || 0);
        });
        $('findings-list').innerHTML = list.map(function (f, i) {
            var p = f.properties, extra = [];
            if (p.area_m2) extra.push(fmt(p.area_m2, 1) + ' m²');
            if (p.distance_m) extra.push(fmt(p.distance_m, 2) + ' m');
            if (p.status && p.status !== 'open') extra.push(esc(p.status));
            return '<li class="finding sev-' + esc(p.severity) + '" data-i="' + i +
                '" data-rule="' + esc(p.rule) + '" data-id="' + esc(p.id) + '" tabindex="0">' +
                '<b>' + esc(RULES[p.rule] || p.rule) + '</b> <span class="sev">' +
                esc(S.SEVERITY[p.severity] || p.severity || '') + '</span>' +
                '<div class="msg">' + esc(p.message) + '</div>' +
                (extra.length ? '<small>' + extra.join(' · ') + '</small>' : '') + '</li>';
        }).join('');
        $('findings-list').querySelectorAll('li').forEach(function (li) {
            function go() { zoomToFinding(list[+li.dataset.i], li); }
            li.addEventListener('click', go);
            li.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });
        });
    }

    function zoomToFinding(f, li) {
        document.querySelectorAll('#findings-list li.active').forEach(function (x) {
            x.classList.remove('active');
        });
        if (li) li.classList.add('active');
        setGroup('findings', true);
        var p = f.properties, b = bboxOf(f.geometry);
        if (!b && isFinite(p.lon) && isFinite(p.lat)) b = [p.lon, p.lat, p.lon, p.lat];
        if (!b) return;
        select(f.geometry || {type: 'Point', coordinates: [b[0], b[1]]});
        var pad = 0.0015; /* degrees, so that a point or a tiny sliver gets some context */
        map.fitBounds([[b[0] - pad, b[1] - pad], [b[2] + pad, b[3] + pad]],
            {padding: 60, maxZoom: 17, duration: 900});
        jw.lastFinding = p;
    }

    function showFindings() {
        var tool = $('findings-tool').value;
        renderFindings(jw.findings.filter(function (f) {
            return !tool || f.properties.tool === tool;
        }));
    }

    async function loadFindings() {
        try {
            jw.findings = await fetchItems('/collections/findings/items?limit=1000', 5000);
            jw.findings.forEach(function (f) {
                if (f.properties.id === undefined && f.id !== undefined) f.properties.id = f.id;
            });
            showFindings();
        } catch (err) {
            $('findings-summary').textContent = '无法读取检查结果：' + err.message;
        }
    }

    /* ---------- coverage panel ---------- */

    function computeCoverage(villages) {
        var county = {n: 0, ok: 0, by: {}}, towns = {};
        villages.forEach(function (u) {
            var c = S.COVERAGE[u.coverage];
            county.by[u.coverage || 'none'] = (county.by[u.coverage || 'none'] || 0) + 1;
            if (!c || !c.counts) return;
            var t = towns[u.parent_code] || (towns[u.parent_code] = {n: 0, ok: 0});
            t.n++; county.n++;
            if (u.coverage !== 'uncovered') { t.ok++; county.ok++; }
        });
        return {county: county, towns: towns};
    }

    function renderCoverage() {
        var cov = jw.coverage = computeCoverage(jw.villages);
        if (!cov.county.n) {
            $('coverage-county').innerHTML = '尚无覆盖分析结果：运行 <code>jiewang coverage DB' +
                '</code> 后刷新。';
            return;
        }
        var by = cov.county.by;
        $('coverage-county').innerHTML = '全县行政村公墓覆盖率 <b id="county-rate">' +
            pct(cov.county.ok, cov.county.n) + '</b>（' + cov.county.ok + ' / ' + cov.county.n +
            '）；未覆盖 ' + (by.uncovered || 0) + ' 个，城镇社区 ' + (by.urban || 0) +
            ' 个不计入。';
        var rows = jw.townships.slice().sort(function (a, b) {
            return a.code.localeCompare(b.code);
        }).map(function (t) {
            var r = cov.towns[t.code] || {n: 0, ok: 0};
            return '<tr data-code="' + esc(t.code) + '"><td>' + esc(t.name) + '</td><td>' + r.ok +
                '</td><td>' + r.n + '</td><td' + (r.n && r.ok < r.n ? ' class="low"' : '') + '>' +
                pct(r.ok, r.n) + '</td></tr>';
        });
        var tb = document.querySelector('#coverage-table tbody');
        tb.innerHTML = rows.join('');
        var un = jw.villages.filter(function (u) { return u.coverage === 'uncovered'; });
        $('uncovered-title').hidden = !un.length;
        $('uncovered-list').innerHTML = un.map(function (u) {
            return '<li data-code="' + esc(u.code) + '" tabindex="0">' + esc(u.name) + ' <small>' +
                esc(unitName(u.parent_code) || '') + ' ' + esc(u.code) + '</small></li>';
        }).join('');
        $('uncovered-list').querySelectorAll('li').forEach(function (li) {
            li.addEventListener('click', function () { goTo(unitOf(li.dataset.code)); });
        });
        tb.querySelectorAll('tr').forEach(function (tr) {
            tr.addEventListener('click', function () {
                var t = jw.townships.find(function (x) { return x.code === tr.dataset.code; });
                if (t) goTo(t);
            });
        });
    }

    /* The search index and the coverage rates come from the townships and villages items. */
    async function loadUnits() {
        var ids = [];
        try {
            ids = ((await getJSON('/collections')).collections || []).map(function (c) {
                return c.id;
            });
        } catch (err) { ids = ['townships', 'villages']; }
        var units = [];
        for (var c of ['county', 'townships', 'villages']) {
            if (ids.indexOf(c) < 0) continue;
            var fs = await fetchItems('/collections/' + c + '/items?limit=1000', 20000);
            fs.forEach(function (f) {
                var u = toUnit(f);
                if (!u.level) u.level = c === 'villages' ? 'village' : c === 'townships' ?
                    'township' : 'county';
                units.push(u);
            });
        }
        jw.units = units;
        jw.townships = units.filter(function (u) { return u.level === 'township'; });
        jw.villages = units.filter(function (u) { return u.level === 'village'; });
        renderCoverage();
    }

    /* ---------- start ---------- */

    async function start() {
        var cfg = {};
        try { cfg = await getJSON('/web/config.json'); } catch (err) { cfg = {}; }
        jw.config = cfg;
        applyConfig(cfg);
        buildLegend();
        buildLayerList(!!cfg.tianditu_token);
        if (window.matchMedia('(max-width: 700px)').matches) setPanel(false);

        var tj = await getJSON('/tiles/jiewang.json');
        var tiles = (tj.tiles && tj.tiles.length ? tj.tiles : ['/tiles/jiewang/{z}/{x}/{y}.mvt'])
            .map(local);
        var style = S.build({tiles: tiles, minzoom: tj.minzoom, maxzoom: tj.maxzoom,
            bounds: tj.bounds, attribution: tj.attribution ? esc(tj.attribution) : null,
            tiandituToken: cfg.tianditu_token || null});
        var bounds = tj.bounds || [111.2, 31.9, 112.0, 32.6];
        map = window.map = new maplibregl.Map({
            container: 'map', style: style, hash: true, maxZoom: 18,
            bounds: [[bounds[0], bounds[1]], [bounds[2], bounds[3]]],
            fitBoundsOptions: {padding: 20}, attributionControl: {compact: true}
        });
        map.on('styleimagemissing', function (e) {
            if (e.id === 'jw-hatch' && !map.hasImage('jw-hatch'))
                map.addImage('jw-hatch', S.hatchImage());
        });
        map.addControl(new maplibregl.NavigationControl({visualizePitch: false}), 'top-right');
        map.addControl(new maplibregl.ScaleControl({unit: 'metric'}), 'bottom-right');
        map.on('click', onClick);
        map.on('mousemove', function (e) {
            var layers = ['cemeteries', 'facilities', 'markers', 'findings-point', 'findings-fill']
                .filter(function (l) {
                    return map.getLayer(l) && map.getLayoutProperty(l, 'visibility') !== 'none';
                });
            map.getCanvas().style.cursor = map.queryRenderedFeatures(e.point, {layers: layers})
                .length ? 'pointer' : '';
        });
        /* ?view=findings or ?view=coverage opens a staff view (e.g. for an embedded map). */
        var view = new URLSearchParams(location.search).get('view');
        map.once('load', function () {
            if (view === 'findings' || view === 'coverage') setTab(view);
        });
        map.once('idle', function () { jw.ready = true; });
        loadFindings();
        unitsLoading = loadUnits().catch(function (err) {
            $('coverage-county').textContent = '无法读取行政区：' + err.message;
        });
    }

    document.querySelectorAll('#tabs [role=tab]').forEach(function (b) {
        b.addEventListener('click', function () { setTab(b.dataset.tab); });
    });
    $('panel-toggle').addEventListener('click', function () {
        setPanel($('panel').classList.contains('closed'));
    });
    $('search').addEventListener('submit', onSearch);
    $('findings-tool').addEventListener('change', showFindings);
    $('q').addEventListener('input', function () {
        var q = $('q').value.trim();
        if (q && jw.units.length) showResults(searchLocal(q));
        else $('results').hidden = true;
    });
    $('q').addEventListener('keydown', function (e) {
        if (e.key === 'Escape') $('results').hidden = true;
    });
    document.addEventListener('click', function (e) {
        if (!$('search').contains(e.target)) $('results').hidden = true;
    });
    start().catch(function (err) {
        $('map').innerHTML = '<p class="fatal">地图无法加载：' + esc(err.message) + '</p>';
        throw err;
    });
})();
