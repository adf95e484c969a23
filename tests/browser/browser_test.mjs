// Browser test of the web map (issue #7), run by tests/browser/test_browser.sh against a running
// `jiewang serve`: headless Debian chromium driven by playwright-core, plus one tile decoded with
// @mapbox/vector-tile. Environment: BASE_URL (http://127.0.0.1:PORT), WEB_DIR (web/ with its
// node_modules), OUT_DIR (where screenshots go). Prints "N passed, M failed"; exit 1 on failure.
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const BASE = process.env.BASE_URL;
const WEB = process.env.WEB_DIR;
const OUT = process.env.OUT_DIR || '.';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const mod = (p) => import(pathToFileURL(path.join(WEB, 'node_modules', p)).href);
const { chromium } = await mod('playwright-core/index.mjs');
const { VectorTile } = await mod('@mapbox/vector-tile/index.js');
const { PbfReader } = await mod('pbf/index.js');

let passed = 0, failed = 0;
function check(ok, what, detail) {
    if (ok) { passed++; console.log('ok   ' + what); }
    else { failed++; console.log('FAIL ' + what + (detail ? ': ' + detail : '')); }
    return ok;
}
const t0 = Date.now();
async function step(what, fn) {
    console.log(`-- ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    try { await fn(); } catch (e) { check(false, what, e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : String(e)); }
}
// Resolves when the map has rendered everything it needs (forces a frame so 'idle' comes).
const idle = (page) => page.evaluate(() => new Promise((res) => {
    window.map.once('idle', () => res(true));
    window.map.triggerRepaint();
}));
const getJSON = async (p) => {
    const r = await fetch(BASE + p);
    if (!r.ok) throw new Error(`GET ${p}: HTTP ${r.status}`);
    return r.json();
};
function bboxOf(g) {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    const walk = (c) => {
        if (typeof c[0] === 'number') {
            b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]);
            b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
        } else c.forEach(walk);
    };
    if (g && g.coordinates) walk(g.coordinates);
    return isFinite(b[0]) ? b : null;
}
function lon2tile(lon, z) { return Math.floor((lon + 180) / 360 * 2 ** z); }
function lat2tile(lat, z) {
    const r = lat * Math.PI / 180;
    return Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * 2 ** z);
}

const CONTRACT = {   // tiles/tileset.h
    county: ['code', 'name', 'level', 'parent_code', 'kind', 'area_km2'],
    townships: ['code', 'name', 'level', 'parent_code', 'kind', 'area_km2'],
    villages: ['code', 'name', 'level', 'parent_code', 'kind', 'area_km2'],
    labels: ['code', 'name', 'level'],
    boundary_lines: ['line_code'],
    markers: ['number', 'type', 'line_code'],
    cemeteries: ['id', 'name', 'kind', 'village_code'],
    facilities: ['id', 'name', 'kind', 'village_code'],
    no_burial_zones: ['id', 'name'],
    findings: ['id', 'tool', 'rule', 'severity', 'message'],
};

// ---------- 1. TileJSON and one decoded tile (no browser) ----------
let tilejson = null, chengguan = null;
await step('TileJSON', async () => {
    tilejson = await getJSON('/tiles/jiewang.json');
    check(Array.isArray(tilejson.tiles) && /\/tiles\/jiewang\/\{z\}\/\{x\}\/\{y\}\.mvt$/.test(tilejson.tiles[0]),
        'TileJSON /tiles/jiewang.json has tiles .../tiles/jiewang/{z}/{x}/{y}.mvt', JSON.stringify(tilejson.tiles));
    check(Array.isArray(tilejson.bounds) && tilejson.bounds.length === 4, 'TileJSON has bounds');
});
await step('decode one tile', async () => {
    const t = await getJSON('/collections/townships/items?code=420625100');
    chengguan = t.features && t.features[0];
    if (chengguan && !chengguan.bbox) chengguan.bbox = bboxOf(chengguan.geometry);
    const b = chengguan && chengguan.bbox;
    let lon, lat;
    if (b) { lon = (b[0] + b[2]) / 2; lat = (b[1] + b[3]) / 2; }
    else { const tb = tilejson.bounds; lon = (tb[0] + tb[2]) / 2; lat = (tb[1] + tb[3]) / 2; }
    const z = 10, x = lon2tile(lon, z), y = lat2tile(lat, z);
    const r = await fetch(`${BASE}/tiles/jiewang/${z}/${x}/${y}.mvt`);
    check(r.ok, `GET tile ${z}/${x}/${y}`, 'HTTP ' + r.status);
    const tile = new VectorTile(new PbfReader(new Uint8Array(await r.arrayBuffer())));
    const names = Object.keys(tile.layers);
    const unknown = names.filter((n) => !(n in CONTRACT));
    check(unknown.length === 0, 'tile layer names are those of tiles/tileset.h', unknown.join(','));
    for (const n of ['county', 'townships', 'villages', 'labels'])
        check(names.includes(n), `tile ${z}/${x}/${y} has layer ${n}`, names.join(','));
    for (const n of names) {
        const l = tile.layers[n];
        if (!l.length) continue;
        const props = l.feature(0).properties;
        const missing = CONTRACT[n].filter((k) => !(k in props));
        check(missing.length === 0, `layer ${n} feature has properties ${CONTRACT[n].join(',')}`,
            'missing ' + missing.join(',') + ' in ' + JSON.stringify(props));
    }
    const v = tile.layers.villages;
    let found = null;
    for (let i = 0; v && i < v.length; i++) {
        const p = v.feature(i).properties;
        if (/^420625100\d{3}$/.test(String(p.code))) { found = p; break; }
    }
    check(found && found.level === 'village' && String(found.parent_code) === '420625100' &&
        typeof found.name === 'string' && found.name.length > 0 && Number(found.area_km2) > 0,
        'a 城关镇 village in the tile has code, name, level=village, parent_code, area_km2',
        JSON.stringify(found));
    const lt = tile.layers.labels;
    let cg = false;
    for (let i = 0; lt && i < lt.length; i++) if (lt.feature(i).properties.name === '城关镇') cg = true;
    check(cg, 'labels layer of the tile has 城关镇');
});

// ---------- 2. the page in headless chromium ----------
const userDir = fs.mkdtempSync(path.join(OUT, 'chromium-profile-'));
// A fresh, empty profile (--user-data-dir) for every run.
const ctx = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM, headless: true,
    viewport: { width: 1280, height: 800 }, locale: 'zh-CN',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
        // Belt and braces: no host name resolves, so nothing can leave the machine.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
try {
    const page = ctx.pages()[0] || await ctx.newPage();
    const origin = new URL(BASE).origin;
    const consoleErrors = [], foreign = [], failedReq = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push('pageerror: ' + e.message));
    page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin) foreign.push(u);
    });
    // MapLibre cancels tile requests it no longer needs while the map moves (ERR_ABORTED).
    page.on('requestfailed', (r) => {
        const e = (r.failure() || {}).errorText || '';
        if (!/ERR_ABORTED/.test(e)) failedReq.push(r.url() + ' ' + e);
    });
    page.on('response', (r) => { if (r.status() >= 400) failedReq.push(r.url() + ' HTTP ' + r.status()); });

    await step('page loads', async () => {
        const resp = await page.goto(BASE + '/map', { waitUntil: 'load' });
        check(resp && resp.ok(), 'GET /map', resp && 'HTTP ' + resp.status());
        await page.waitForFunction(() => window.map && window.jiewang && window.jiewang.ready, null, { timeout: 30000 });
        check(true, 'map loaded and idle (window.map)');
        const num = await page.textContent('#map-number');
        const cfg = await getJSON('/web/config.json').catch(() => ({}));
        check(cfg.map_number ? num.includes(cfg.map_number) : num.includes('内部用图'),
            '审图号 slot shows the configured number or 内部用图', num);
        const box = await page.locator('#map-number').boundingBox();
        check(box && box.x < 100 && box.y > 600, '审图号 slot at the lower-left', JSON.stringify(box));
    });

    await step('rendered features', async () => {
        const r = await page.evaluate(() => {
            const fs = window.map.queryRenderedFeatures({ layers: ['labels-township', 'townships-fill'] });
            return fs.map((f) => f.properties.name);
        });
        check(r.includes('城关镇'), 'rendered features include 城关镇', r.slice(0, 20).join(','));
        // Zoom to 城关镇 so that village labels show.
        await page.evaluate((b) => {
            window.jiewang.idle = false;
            window.map.once('idle', () => { window.jiewang.idle = true; });
            if (b) window.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { duration: 0 });
            else window.map.zoomTo(12, { duration: 0 });
        }, chengguan && chengguan.bbox);
        await page.waitForFunction(() => window.jiewang.idle, null, { timeout: 30000 });
        await page.evaluate(() => { window.jiewang.idle = false; window.map.once('idle', () => { window.jiewang.idle = true; }); window.map.zoomTo(Math.max(window.map.getZoom(), 11.5), { duration: 0 }); });
        await page.waitForFunction(() => window.jiewang.idle, null, { timeout: 30000 });
        const v = await page.evaluate(() => window.map.queryRenderedFeatures({ layers: ['labels-village'] })
            .map((f) => f.properties.name));
        check(v.some((n) => /(村委会|居委会|村|社区)$/.test(n)), 'rendered village labels (e.g. ' + (v[0] || '') + ')',
            'none rendered');
    });

    await step('click a village', async () => {
        // Hide point layers so the click lands on the village polygon.
        for (const g of ['cemeteries', 'facilities', 'markers', 'zones', 'findings'])
            await page.evaluate((id) => { const b = document.querySelector(`#layer-list input[data-group="${id}"]`); if (b && b.checked) b.click(); }, g);
        const target = await page.evaluate(() => {
            const m = window.map, c = m.getCanvas().getBoundingClientRect();
            const ls = m.queryRenderedFeatures({ layers: ['labels-village'] });
            for (const f of ls) {
                const p = m.project(f.geometry.coordinates);
                if (p.x < 40 || p.y < 40 || p.x > c.width - 40 || p.y > c.height - 40) continue;
                const under = m.queryRenderedFeatures(p, { layers: ['villages-fill'] });
                if (under.length && under[0].properties.code === f.properties.code)
                    return { x: c.left + p.x, y: c.top + p.y, code: String(f.properties.code), name: f.properties.name };
            }
            return null;
        });
        if (!check(target, 'found a village label over its own polygon')) return;
        await page.mouse.click(target.x, target.y);
        await page.waitForSelector('.maplibregl-popup .jw-popup', { timeout: 5000 });
        const txt = await page.textContent('.maplibregl-popup .jw-popup');
        check(txt.includes(target.name) && txt.includes(target.code),
            `popup shows ${target.name} and ${target.code}`, txt);
        check(/面积/.test(txt) && /km²/.test(txt), 'popup shows the area in km²', txt);
        await page.screenshot({ path: path.join(OUT, 'webmap-popup.png') });
        await page.evaluate(() => document.querySelectorAll('.maplibregl-popup').forEach((p) => p.remove()));
        for (const g of ['cemeteries', 'facilities', 'markers', 'zones'])
            await page.evaluate((id) => { const b = document.querySelector(`#layer-list input[data-group="${id}"]`); if (b && !b.checked) b.click(); }, g);
    });

    await step('search 昝家铺', async () => {
        await page.waitForFunction(() => window.jiewang.units.length > 0, null, { timeout: 20000 });
        const before = await page.evaluate(() => window.map.getCenter().toArray());
        await page.fill('#q', '昝家铺');
        await page.press('#q', 'Enter');
        await page.waitForFunction(() => window.jiewang.lastSearch, null, { timeout: 5000 });
        await page.waitForFunction(() => !window.map.isMoving(), null, { timeout: 10000 });
        await page.waitForTimeout(300);
        const r = await page.evaluate(() => ({ s: window.jiewang.lastSearch, c: window.map.getCenter().toArray(), z: window.map.getZoom(), hash: location.hash }));
        check(r.s && r.s.code === '420625104202' && r.s.name.includes('昝家铺'),
            'search 昝家铺 finds 五山镇昝家铺村委会 420625104202', JSON.stringify(r.s));
        const b = r.s && r.s.bbox;
        check(b && r.c[0] >= b[0] && r.c[0] <= b[2] && r.c[1] >= b[1] && r.c[1] <= b[3],
            'map moved onto 昝家铺', `center ${r.c} before ${before} bbox ${b}`);
        check(/^#[\d.]+\/[\d.]+\/[\d.]+/.test(r.hash), 'URL hash keeps the view', r.hash);
        const code = await page.evaluate(() => {
            document.getElementById('q').value = '420625100215';
            document.getElementById('search').requestSubmit();
            return new Promise((res) => setTimeout(() => res(window.jiewang.lastSearch.code), 300));
        });
        check(code === '420625100215', 'search by code 420625100215 (安家岗)', code);
    });

    await step('click a cemetery', async () => {
        await idle(page);
        const t = await page.evaluate(() => {
            const m = window.map, c = m.getCanvas().getBoundingClientRect();
            for (const f of m.queryRenderedFeatures({ layers: ['cemeteries'] })) {
                const p = m.project(f.geometry.coordinates);
                if (p.x < 40 || p.y < 40 || p.x > c.width - 40 || p.y > c.height - 40) continue;
                const top = m.queryRenderedFeatures(p, { layers: ['cemeteries', 'facilities', 'markers'] })[0];
                if (top && top.sourceLayer === 'cemeteries' && top.properties.id === f.properties.id)
                    return { x: c.left + p.x, y: c.top + p.y, name: f.properties.name, capacity: f.properties.capacity };
            }
            return null;
        });
        if (!check(t, 'a cemetery is rendered near 昝家铺')) return;
        await page.mouse.click(t.x, t.y);
        await page.waitForSelector('.jw-popup[data-layer="cemeteries"]', { timeout: 5000 });
        const txt = await page.textContent('.jw-popup');
        check(txt.includes(t.name) && /容量/.test(txt) && /已用/.test(txt) && /公益性公墓/.test(txt),
            'cemetery popup shows name, kind, capacity and used', txt);
        await page.evaluate(() => document.querySelectorAll('.maplibregl-popup').forEach((p) => p.remove()));
    });

    await step('findings panel', async () => {
        const api = [];
        let url = '/collections/findings/items?limit=1000';
        while (url) {
            const doc = await getJSON(url);
            api.push(...doc.features);
            const next = (doc.links || []).find((l) => l.rel === 'next');
            url = next && doc.features.length ? new URL(next.href).pathname + new URL(next.href).search : null;
        }
        await page.click('#tabs [data-tab="findings"]');
        await page.waitForSelector('#findings-list li.finding', { timeout: 10000 });
        const shown = await page.$$eval('#findings-list li.finding', (ls) => ls.map((l) => ({ rule: l.dataset.rule, id: l.dataset.id })));
        check(shown.length === api.length, `findings panel lists all ${api.length} findings of the API`, 'shown ' + shown.length);
        const rules = new Set(shown.map((s) => s.rule));
        const validateRules = [...new Set(api.filter((f) => f.properties.tool === 'validate').map((f) => f.properties.rule))];
        check(validateRules.length > 0, 'jiewang validate stored findings', JSON.stringify(validateRules));
        for (const r of ['gap', 'overlap'])
            check(rules.has(r), `findings panel lists the demo's deliberate ${r}`, [...rules].join(','));
        check(validateRules.every((r) => rules.has(r)), 'every validate rule is listed: ' + validateRules.join(', '));
        const before = await page.evaluate(() => window.map.getCenter().toArray());
        await page.click('#findings-list li.finding[data-rule="gap"]');
        await page.waitForFunction(() => !window.map.isMoving() && window.jiewang.lastFinding, null, { timeout: 10000 });
        await page.waitForTimeout(300);
        const after = await page.evaluate(() => ({ c: window.map.getCenter().toArray(), z: window.map.getZoom(), vis: window.map.getLayoutProperty('findings-fill', 'visibility') }));
        check(after.z > 12 && (after.c[0] !== before[0] || after.c[1] !== before[1]) && after.vis === 'visible',
            'clicking the gap zooms to it with findings shown', JSON.stringify(after));
        await idle(page);
        const hl = await page.evaluate(() => window.map.queryRenderedFeatures({ layers: ['findings-fill', 'findings-line', 'findings-point'] }).map((f) => f.properties.rule));
        check(hl.includes('gap'), 'the gap is drawn from the findings tile layer', hl.join(','));
        // Its popup names the townships on both sides.
        const gp = await page.evaluate(() => {
            const m = window.map, c = m.getCanvas().getBoundingClientRect();
            const f = m.queryRenderedFeatures({ layers: ['findings-fill'] }).find((x) => x.properties.rule === 'gap');
            if (!f) return null;
            const ring = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0];
            let x = 0, y = 0;
            ring.slice(0, -1).forEach((pt) => { const p = m.project(pt); x += p.x; y += p.y; });
            const n = ring.length - 1;
            return { x: c.left + x / n, y: c.top + y / n };
        });
        if (gp) {
            await page.mouse.click(gp.x, gp.y);
            const t = await page.waitForSelector('.jw-popup[data-layer="findings"]', { timeout: 5000 }).then((e) => e.textContent()).catch(() => '');
            check(/缝隙/.test(t) && /镇/.test(t), 'gap popup shows the rule and the townships', t);
            await page.evaluate(() => document.querySelectorAll('.maplibregl-popup').forEach((p) => p.remove()));
        }
        await page.screenshot({ path: path.join(OUT, 'webmap-findings.png') });
    });

    await step('coverage view', async () => {
        await page.click('#tabs [data-tab="coverage"]');
        const txt = await page.textContent('#coverage-county');
        check(/\d+(\.\d)?%/.test(txt), 'county coverage rate shown', txt);
        const rows = await page.$$eval('#coverage-table tbody tr', (t) => t.length);
        check(rows >= 11, 'township coverage rates listed', String(rows));
        const un = await page.$$eval('#uncovered-list li', (l) => l.length);
        const apiUn = (await getJSON('/collections/villages/items?limit=1000')).features.filter((f) => f.properties.coverage === 'uncovered').length;
        check(un === apiUn, `the ${apiUn} uncovered villages are listed`, String(un));
        const vis = await page.evaluate(() => window.map.getLayoutProperty('coverage-fill', 'visibility'));
        check(vis === 'visible', 'coverage choropleth switched on');
        await page.evaluate((b) => {
            document.getElementById('q').value = '';
            window.jiewang.idle = false;
            window.map.once('idle', () => { window.jiewang.idle = true; });
            window.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { duration: 0, padding: 20 });
        }, tilejson.bounds);
        await page.waitForFunction(() => window.jiewang.idle, null, { timeout: 30000 });
        await page.screenshot({ path: path.join(OUT, 'webmap-coverage.png') });
    });

    await step('overview screenshot', async () => {
        await page.click('#tabs [data-tab="layers"]');
        for (const [g, on] of [['coverage', false], ['findings', false], ['facilities', true]])
            await page.evaluate(([id, want]) => { const b = document.querySelector(`#layer-list input[data-group="${id}"]`); if (b && b.checked !== want) b.click(); }, [g, on]);
        await page.evaluate(() => {
            window.map.getSource('selection').setData({ type: 'FeatureCollection', features: [] });
            document.getElementById('q').value = '';
        });
        await idle(page);
        const file = path.join(OUT, 'webmap.png');
        await page.screenshot({ path: file });
        check(fs.statSync(file).size > 20000, 'screenshot saved: ' + file);
        // A closer look at 城关镇: village labels, cemeteries, facilities, no-burial zone.
        if (chengguan && chengguan.bbox) {
            const b = chengguan.bbox;
            await page.evaluate((c) => window.map.jumpTo({ center: c, zoom: 11.6 }), [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]);
            await idle(page);
            await page.screenshot({ path: path.join(OUT, 'webmap-detail.png') });
        }
    });

    await step('phone width', async () => {
        const phone = await ctx.newPage();
        phone.on('console', (m) => { if (m.type() === 'error') consoleErrors.push('phone: ' + m.text()); });
        phone.on('request', (r) => { const u = r.url(); if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin) foreign.push(u); });
        await phone.setViewportSize({ width: 390, height: 780 });
        await phone.goto(BASE + '/map');
        await phone.waitForFunction(() => window.jiewang && window.jiewang.ready, null, { timeout: 30000 });
        const r = await phone.evaluate(() => ({ w: document.documentElement.scrollWidth, panel: getComputedStyle(document.getElementById('panel')).display, canvas: window.map.getCanvas().getBoundingClientRect().width }));
        check(r.w <= 390 && r.canvas >= 380 && r.panel === 'none', 'phone width: map fills the screen, panel folded', JSON.stringify(r));
        await phone.screenshot({ path: path.join(OUT, 'webmap-phone.png') });
        await phone.click('#panel-toggle');
        const sheet = await phone.locator('#panel').boundingBox();
        check(sheet && sheet.width >= 380 && sheet.y > 300, 'phone width: 图层 opens the panel as a bottom sheet', JSON.stringify(sheet));
        await phone.close();
    });

    await step('configured server: 审图号 and Tianditu off by default', async () => {
        const base2 = process.env.BASE_URL2;
        if (!check(base2, 'second server (BASE_URL2) with --map-number and --tianditu-token')) return;
        const p2 = await ctx.newPage();
        const tdt = [], errs = [];
        // Tianditu requests are stopped inside the browser: nothing leaves this machine.
        await p2.route(/tianditu\.gov\.cn/, (r) => { tdt.push(r.request().url()); r.abort(); });
        p2.on('pageerror', (e) => errs.push(e.message));
        await p2.goto(base2 + '/map?view=coverage');
        await p2.waitForFunction(() => window.jiewang && window.jiewang.ready, null, { timeout: 30000 });
        const num = await p2.textContent('#map-number');
        check(num.includes('鄂S(2024)001号'), '审图号 from --map-number at the lower-left', num);
        check((await p2.textContent('#title')).includes('测试'), 'title from --title');
        const box = p2.locator('#layer-list input[data-group="tianditu"]');
        check(await box.count() === 1 && !(await box.isChecked()), '天地图底图 offered, off by default');
        check(tdt.length === 0, 'no Tianditu request before the user switches it on', tdt[0]);
        const src = await p2.evaluate(() => window.map.getStyle().sources['tianditu-vec']);
        check(src && /^https:\/\/t\d\.tianditu\.gov\.cn\/vec_w\/wmts\?.*TILEMATRIXSET=w.*tk=TESTKEY/.test(src.tiles[0]),
            'Tianditu source uses vec_w (web mercator, CGCS2000) with the key', src && src.tiles[0]);
        check(await p2.evaluate(() => window.map.getLayoutProperty('coverage-fill', 'visibility')) === 'visible' &&
            !(await p2.locator('#tab-coverage').isHidden()), '?view=coverage opens the coverage view');
        await p2.click('#tabs [data-tab="layers"]');
        await box.check();
        await p2.waitForTimeout(1500);
        check(tdt.some((u) => /vec_w/.test(u)) && tdt.some((u) => /cva_w/.test(u)),
            'switching 天地图底图 on requests vec_w and cva_w tiles (stopped in the browser)', String(tdt.length));
        check(errs.length === 0, 'no page error on the configured server', errs.join(' | '));
        await p2.close();
    });

    check(consoleErrors.length === 0, 'no console errors', consoleErrors.slice(0, 5).join(' | '));
    check(foreign.length === 0, 'no request to another origin than ' + origin, foreign.slice(0, 5).join(' '));
    check(failedReq.length === 0, 'no failed request', failedReq.slice(0, 5).join(' | '));
} finally {
    await ctx.close();
    fs.rmSync(userDir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
