/*
 * This file builds the MapLibre style of the jiewang web map from the "jiewang" vector tileset
 * (layers and properties: tiles/tileset.h) and names the layer groups of the layer switcher.
 * It does not fetch anything or touch the page; web/app.js does.
 *
 * Labels use local fonts: the style has no "glyphs" URL, so MapLibre draws every glyph with the
 * browser's own fonts (TinySDF); the font stacks below are CSS font families, first match wins.
 */
(function () {
    'use strict';

    var FONT = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC',
        'sans-serif'];
    var FONT_BOLD = ['Noto Sans CJK SC Bold', 'Noto Sans CJK SC', 'Source Han Sans SC',
        'Microsoft YaHei', 'PingFang SC', 'sans-serif'];

    /* Facility kinds (tiles/tileset.h): Chinese name, symbol character, colour. */
    var KINDS = {
        public_cemetery: {name: '公益性公墓', ch: '墓', color: '#5b6b2f'},
        funeral_home: {name: '殡仪馆', ch: '殡', color: '#4a4a4a'},
        welfare_home: {name: '福利院·敬老院', ch: '福', color: '#c2410c'},
        elderly_care_centre: {name: '养老服务中心', ch: '养', color: '#b45309'},
        happiness_home: {name: '农村幸福院', ch: '幸', color: '#db2777'},
        child_centre: {name: '儿童福利机构', ch: '童', color: '#2563eb'},
        other: {name: '其他民政设施', ch: '民', color: '#6b7280'}
    };

    /* Values of villages.coverage (village_coverage.status). */
    var COVERAGE = {
        covered: {name: '村内有公墓', color: '#1a9850', counts: true},
        covered_by_assignment: {name: '联村共建覆盖', color: '#66bd63', counts: true},
        covered_by_radius: {name: '服务半径覆盖', color: '#c2e699', counts: true},
        uncovered: {name: '未覆盖', color: '#d73027', counts: true},
        urban: {name: '城镇社区（不计入）', color: '#bdbdbd', counts: false}
    };
    var COVERAGE_NONE = '#f0f0f0';

    var SEVERITY = {error: '错误', warning: '警告', info: '提示'};
    var LEVEL = {county: '县', township: '乡镇', village: '村/社区'};

    function match(prop, table, field, fallback) {
        var m = ['match', ['get', prop]];
        Object.keys(table).forEach(function (k) { m.push(k, table[k][field]); });
        m.push(fallback);
        return m;
    }

    /* Map form of a village name: "安家岗村委会" -> "安家岗村", "杨村村委会" -> "杨村",
     * "青山村村民委员会" -> "青山村", "泰山庙街社区居委会" -> "泰山庙街社区". */
    function shortName() {
        var name = ['get', 'name'];
        function cut(suffix, repl, next) {
            var i = ['index-of', suffix, name];
            var stem = ['slice', name, 0, i];
            var tail = ['slice', stem, ['max', ['-', ['length', stem], repl.length], 0]];
            return ['case', ['>', i, 0],
                ['case', ['==', tail, repl], stem, ['concat', stem, repl]], next];
        }
        return cut('村民委员会', '村', cut('村委会', '村', cut('居民委员会', '社区',
            cut('居委会', '社区', name))));
    }

    var TOWNSHIP_TINTS = ['#f6e8c3', '#e5f0d6', '#dfe9f3', '#f3e0e8', '#ece5f5', '#e8f3ef'];

    /* Diagonal hatch for no-burial zones, added with map.addImage (no sprite file needed). */
    function hatchImage() {
        var n = 12, data = new Uint8Array(n * n * 4);
        for (var y = 0; y < n; y++) {
            for (var x = 0; x < n; x++) {
                var d = (x + y) % n, o = (y * n + x) * 4;
                var on = d < 2;
                data[o] = 150; data[o + 1] = 40; data[o + 2] = 160;
                data[o + 3] = on ? 200 : 28;
            }
        }
        return {width: n, height: n, data: data};
    }

    /* Tianditu web-mercator tiles ("_w" matrix set, CGCS2000 datum, no GCJ-02 offset; CRS-10). */
    function tiandituSources(token) {
        function urls(layer) {
            var out = [];
            for (var i = 0; i < 8; i++) {
                out.push('https://t' + i + '.tianditu.gov.cn/' + layer + '_w/wmts?SERVICE=WMTS' +
                    '&REQUEST=GetTile&VERSION=1.0.0&LAYER=' + layer + '&STYLE=default' +
                    '&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}' +
                    '&tk=' + encodeURIComponent(token));
            }
            return out;
        }
        var attribution = '底图 © <a href="https://www.tianditu.gov.cn/">天地图</a>';
        return {
            'tianditu-vec': {type: 'raster', tiles: urls('vec'), tileSize: 256,
                maxzoom: 18, attribution: attribution},
            'tianditu-cva': {type: 'raster', tiles: urls('cva'), tileSize: 256, maxzoom: 18}
        };
    }

    /**
     * Builds the style. opts: tiles (array of absolute tile URLs), minzoom, maxzoom, bounds,
     * attribution (HTML-escaped text, from the TileJSON), tiandituToken (string or null: adds
     * the hidden "tianditu" group).
     */
    function build(opts) {
        var src = 'jiewang';
        var sources = {};
        sources[src] = {type: 'vector', tiles: opts.tiles, minzoom: opts.minzoom || 0,
            maxzoom: opts.maxzoom || 14, attribution: opts.attribution || '界网 jiewang'};
        if (opts.bounds) sources[src].bounds = opts.bounds;
        var layers = [{id: 'background', type: 'background',
            paint: {'background-color': '#f4f1ea'}}];
        if (opts.tiandituToken) {
            var t = tiandituSources(opts.tiandituToken);
            Object.keys(t).forEach(function (k) { sources[k] = t[k]; });
            layers.push({id: 'tianditu-vec', type: 'raster', source: 'tianditu-vec',
                layout: {visibility: 'none'}});
            layers.push({id: 'tianditu-cva', type: 'raster', source: 'tianditu-cva',
                layout: {visibility: 'none'}});
        }
        function L(def) { def.source = src; layers.push(def); }
        var tint = ['match', ['%', ['to-number', ['get', 'code'], 0], TOWNSHIP_TINTS.length]];
        TOWNSHIP_TINTS.forEach(function (c, i) { tint.push(i, c); });
        tint.push(TOWNSHIP_TINTS[0]);

        L({id: 'county-fill', type: 'fill', 'source-layer': 'county',
            paint: {'fill-color': '#fffdf8', 'fill-opacity': 0.6}});
        L({id: 'townships-fill', type: 'fill', 'source-layer': 'townships',
            paint: {'fill-color': tint, 'fill-opacity': 0.55}});
        L({id: 'villages-fill', type: 'fill', 'source-layer': 'villages',
            paint: {'fill-color': '#ffffff', 'fill-opacity': 0.01}});
        L({id: 'coverage-fill', type: 'fill', 'source-layer': 'villages',
            layout: {visibility: 'none'},
            paint: {'fill-color': match('coverage', COVERAGE, 'color', COVERAGE_NONE),
                'fill-opacity': 0.78}});
        L({id: 'no-burial-fill', type: 'fill', 'source-layer': 'no_burial_zones',
            paint: {'fill-pattern': 'jw-hatch', 'fill-opacity': 0.9}});
        L({id: 'no-burial-line', type: 'line', 'source-layer': 'no_burial_zones',
            paint: {'line-color': '#7e22ce', 'line-width': 1.2, 'line-dasharray': [3, 2]}});
        L({id: 'villages-line', type: 'line', 'source-layer': 'villages', minzoom: 9,
            paint: {'line-color': '#8c8273',
                'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.4, 14, 1.2],
                'line-dasharray': [4, 2]}});
        L({id: 'boundary-lines', type: 'line', 'source-layer': 'boundary_lines', minzoom: 10,
            paint: {'line-color': '#a16207', 'line-opacity': 0.55,
                'line-width': ['interpolate', ['linear'], ['zoom'], 10, 3, 15, 7]}});
        L({id: 'townships-line', type: 'line', 'source-layer': 'townships',
            layout: {'line-join': 'round'},
            paint: {'line-color': '#6b4423',
                'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.8, 12, 2.2, 15, 3.5]}});
        L({id: 'county-line-casing', type: 'line', 'source-layer': 'county',
            layout: {'line-join': 'round'},
            paint: {'line-color': '#ffffff', 'line-opacity': 0.8,
                'line-width': ['interpolate', ['linear'], ['zoom'], 6, 3, 12, 8]}});
        L({id: 'county-line', type: 'line', 'source-layer': 'county',
            layout: {'line-join': 'round'},
            paint: {'line-color': '#7a1f1f',
                'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1.6, 12, 4.5]}});
        L({id: 'findings-fill', type: 'fill', 'source-layer': 'findings',
            layout: {visibility: 'none'},
            filter: ['==', ['geometry-type'], 'Polygon'],
            paint: {'fill-color': '#ff1f1f', 'fill-opacity': 0.45}});
        L({id: 'findings-line', type: 'line', 'source-layer': 'findings',
            layout: {visibility: 'none'},
            paint: {'line-color': '#e00000', 'line-width': 2.5}});
        L({id: 'findings-point', type: 'circle', 'source-layer': 'findings',
            layout: {visibility: 'none'},
            filter: ['==', ['geometry-type'], 'Point'],
            paint: {'circle-radius': 7, 'circle-color': '#ff1f1f', 'circle-opacity': 0.85,
                'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2}});
        L({id: 'markers', type: 'circle', 'source-layer': 'markers', minzoom: 12,
            paint: {'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 2.5, 16, 5],
                'circle-color': '#ffffff', 'circle-stroke-color': '#7a1f1f',
                'circle-stroke-width': 1.5}});
        L({id: 'markers-label', type: 'symbol', 'source-layer': 'markers', minzoom: 14,
            layout: {'text-field': ['get', 'number'], 'text-font': FONT, 'text-size': 11,
                'text-offset': [0, 1.1], 'text-anchor': 'top'},
            paint: {'text-color': '#7a1f1f', 'text-halo-color': '#ffffff',
                'text-halo-width': 1.2}});
        function poi(id, layer, minzoom) {
            L({id: id, type: 'circle', 'source-layer': layer, minzoom: minzoom,
                paint: {'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.5, 10.5, 6,
                    14, 10],
                    'circle-color': match('kind', KINDS, 'color', KINDS.other.color),
                    'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5}});
            L({id: id + '-symbol', type: 'symbol', 'source-layer': layer, minzoom: 10.5,
                layout: {'text-field': match('kind', KINDS, 'ch', KINDS.other.ch),
                    'text-font': FONT_BOLD,
                    'text-size': ['interpolate', ['linear'], ['zoom'], 10.5, 9, 14, 13],
                    'text-allow-overlap': true, 'text-ignore-placement': true},
                paint: {'text-color': '#ffffff'}});
            L({id: id + '-label', type: 'symbol', 'source-layer': layer, minzoom: 13,
                layout: {'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 11,
                    'text-offset': [0, 1.2], 'text-anchor': 'top', 'text-optional': true},
                paint: {'text-color': '#333333', 'text-halo-color': '#ffffff',
                    'text-halo-width': 1.2}});
        }
        poi('facilities', 'facilities', 10);
        poi('cemeteries', 'cemeteries', 8);
        sources.selection = {type: 'geojson', data: {type: 'FeatureCollection', features: []}};
        layers.push({id: 'selection', type: 'line', source: 'selection',
            paint: {'line-color': '#00b3ff', 'line-width': 4, 'line-opacity': 0.9}});
        layers.push({id: 'selection-point', type: 'circle', source: 'selection',
            filter: ['==', ['geometry-type'], 'Point'],
            paint: {'circle-radius': 12, 'circle-color': 'rgba(0,0,0,0)',
                'circle-stroke-color': '#00b3ff', 'circle-stroke-width': 3}});
        L({id: 'labels-village', type: 'symbol', 'source-layer': 'labels', minzoom: 10.5,
            filter: ['==', ['get', 'level'], 'village'],
            layout: {'text-field': shortName(), 'text-font': FONT,
                'text-size': ['interpolate', ['linear'], ['zoom'], 10.5, 10, 14, 14],
                'text-padding': 2},
            paint: {'text-color': '#3d3a33', 'text-halo-color': '#ffffff',
                'text-halo-width': 1.3}});
        L({id: 'labels-township', type: 'symbol', 'source-layer': 'labels', minzoom: 8,
            filter: ['==', ['get', 'level'], 'township'],
            layout: {'text-field': ['get', 'name'], 'text-font': FONT_BOLD,
                'text-size': ['interpolate', ['linear'], ['zoom'], 8, 12, 12, 17],
                'text-letter-spacing': 0.1, 'symbol-sort-key': 0},
            paint: {'text-color': '#4a2c12', 'text-halo-color': '#ffffff',
                'text-halo-width': 1.8}});
        L({id: 'labels-county', type: 'symbol', 'source-layer': 'labels', maxzoom: 8,
            filter: ['==', ['get', 'level'], 'county'],
            layout: {'text-field': ['get', 'name'], 'text-font': FONT_BOLD, 'text-size': 18,
                'text-letter-spacing': 0.3},
            paint: {'text-color': '#7a1f1f', 'text-halo-color': '#ffffff',
                'text-halo-width': 2}});
        return {version: 8, name: 'jiewang', sources: sources, layers: layers};
    }

    /* Layer switcher groups: id, label, layer ids, visible at start. */
    var GROUPS = [
        {id: 'tianditu', label: '天地图底图', layers: ['tianditu-vec', 'tianditu-cva'],
            on: false, needsToken: true},
        {id: 'townships', label: '乡镇界与乡镇面', layers: ['townships-fill', 'townships-line'],
            on: true},
        {id: 'villages', label: '村界', layers: ['villages-line'], on: true},
        {id: 'county', label: '县界', layers: ['county-line-casing', 'county-line'], on: true},
        {id: 'lines', label: '勘定界线', layers: ['boundary-lines'], on: false},
        {id: 'markers', label: '界桩 (12级以上)', layers: ['markers', 'markers-label'], on: true},
        {id: 'labels', label: '地名注记',
            layers: ['labels-county', 'labels-township', 'labels-village'], on: true},
        {id: 'cemeteries', label: '公益性公墓 (10级以上)',
            layers: ['cemeteries', 'cemeteries-symbol', 'cemeteries-label'], on: true},
        {id: 'facilities', label: '民政设施 (10级以上)',
            layers: ['facilities', 'facilities-symbol', 'facilities-label'], on: true},
        {id: 'zones', label: '禁葬区', layers: ['no-burial-fill', 'no-burial-line'], on: true},
        {id: 'findings', label: '质检结果', layers: ['findings-fill', 'findings-line',
            'findings-point'], on: false},
        {id: 'coverage', label: '公墓覆盖专题', layers: ['coverage-fill'], on: false}
    ];

    window.JW_STYLE = {build: build, hatchImage: hatchImage, GROUPS: GROUPS, KINDS: KINDS,
        COVERAGE: COVERAGE, COVERAGE_NONE: COVERAGE_NONE, SEVERITY: SEVERITY, LEVEL: LEVEL,
        TOWNSHIP_TINTS: TOWNSHIP_TINTS};
})();
