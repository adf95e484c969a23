-- jiewang store schema, version 1. Geometries in CGCS2000 geographic (EPSG:4490, DOMAIN.md CRS-01).
-- Survey data is stored as delivered: codes are not UNIQUE so validation can report duplicates.
-- Applied inside one transaction by gis/store_schema.c after InitSpatialMetaData(1).

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
);

CREATE TABLE import_log (
  id                 INTEGER PRIMARY KEY,
  source_file        TEXT NOT NULL,
  source_layer       TEXT,
  sha256             TEXT NOT NULL,
  layer_kind         TEXT NOT NULL,   -- county, townships, villages, boundary_lines, markers, ...
  source_crs         TEXT,
  options            TEXT,            -- JSON: encoding, axis, field mapping, transformation
  features_read      INTEGER NOT NULL DEFAULT 0,
  features_imported  INTEGER NOT NULL DEFAULT 0,
  features_skipped   INTEGER NOT NULL DEFAULT 0,
  invalid_geometries INTEGER NOT NULL DEFAULT 0,
  imported_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- County, township-level and village-level units (DOMAIN.md CODE-01..04).
CREATE TABLE admin_unit (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL,
  name             TEXT NOT NULL,
  level            TEXT NOT NULL CHECK (level IN ('county','township','village')),
  parent_code      TEXT,
  kind             TEXT,             -- 县/镇/乡/街道/林场/村委会/社区居委会
  population       INTEGER,          -- resident population, for cemetery capacity (issue 5)
  older_population INTEGER,          -- residents aged 60+, for beds per 1,000 (DOMAIN.md ELD-04)
  source_id        INTEGER REFERENCES import_log(id)
);
SELECT AddGeometryColumn('admin_unit', 'geom', 4490, 'MULTIPOLYGON', 'XY');
SELECT CreateSpatialIndex('admin_unit', 'geom');
CREATE INDEX admin_unit_code ON admin_unit(code);
CREATE INDEX admin_unit_level ON admin_unit(level, parent_code);

-- Boundary lines (界线) between two units, as surveyed.
CREATE TABLE boundary_line (
  id           INTEGER PRIMARY KEY,
  line_code    TEXT NOT NULL,
  left_code    TEXT,
  right_code   TEXT,
  surveyed_by  TEXT,                 -- code of the unit whose team surveyed this version
  inspected_on TEXT,                 -- last joint inspection (联检), DOMAIN.md BND-13
  source_id    INTEGER REFERENCES import_log(id)
);
SELECT AddGeometryColumn('boundary_line', 'geom', 4490, 'MULTILINESTRING', 'XY');
SELECT CreateSpatialIndex('boundary_line', 'geom');
CREATE INDEX boundary_line_code ON boundary_line(line_code);

-- Boundary markers (界桩), DOMAIN.md BND-02/03/05.
CREATE TABLE boundary_marker (
  id          INTEGER PRIMARY KEY,
  number      TEXT NOT NULL,
  type        TEXT,                  -- Q single, A/B double, C/D/E triple (三面型)
  line_code   TEXT,
  source_id   INTEGER REFERENCES import_log(id)
);
SELECT AddGeometryColumn('boundary_marker', 'geom', 4490, 'POINT', 'XY');
SELECT CreateSpatialIndex('boundary_marker', 'geom');

-- Civil-affairs facilities, public cemeteries (公益性公墓) among them.
CREATE TABLE facility (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('public_cemetery','funeral_home','welfare_home',
                 'elderly_care_centre','happiness_home','child_centre','other')),
  name         TEXT NOT NULL,
  village_code TEXT,                 -- unit the facility stands in (as delivered)
  serves_codes TEXT,                 -- comma-separated village codes served (联村共建), BUR-02
  capacity     INTEGER,              -- plots (cemeteries) or beds (care facilities)
  used         INTEGER,
  beds         INTEGER,
  approval_no  TEXT,                 -- 民政局 approval, DOMAIN.md BUR-03
  source_id    INTEGER REFERENCES import_log(id)
);
SELECT AddGeometryColumn('facility', 'geom', 4490, 'POINT', 'XY');
SELECT CreateSpatialIndex('facility', 'geom');
SELECT AddGeometryColumn('facility', 'footprint', 4490, 'MULTIPOLYGON', 'XY');
CREATE INDEX facility_kind ON facility(kind);

-- No-burial zones (禁葬区), DOMAIN.md BUR-01, BUR-09.
CREATE TABLE no_burial_zone (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  reason         TEXT,               -- county_seat, reservoir, highway, railway, water_source, ...
  legal_basis    TEXT,               -- notice number
  effective_date TEXT,               -- ISO date
  source_id      INTEGER REFERENCES import_log(id)
);
SELECT AddGeometryColumn('no_burial_zone', 'geom', 4490, 'MULTIPOLYGON', 'XY');
SELECT CreateSpatialIndex('no_burial_zone', 'geom');

-- Scattered graves (散埋乱葬). Restricted: names families.
CREATE TABLE grave (
  id           INTEGER PRIMARY KEY,
  owner        TEXT,
  village_code TEXT,
  protected    INTEGER NOT NULL DEFAULT 0,   -- 文物/受保护, BUR-01 exception
  status       TEXT NOT NULL DEFAULT 'identified'
               CHECK (status IN ('identified','notified','moved','deep_buried','exempt')),
  built_date   TEXT,
  source_id    INTEGER REFERENCES import_log(id)
);
SELECT AddGeometryColumn('grave', 'geom', 4490, 'POINT', 'XY');
SELECT CreateSpatialIndex('grave', 'geom');

-- Runs of validate/coverage and their findings.
CREATE TABLE finding_run (
  id          INTEGER PRIMARY KEY,
  tool        TEXT NOT NULL,          -- validate | coverage
  params      TEXT,                   -- JSON
  started_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE finding (
  id            INTEGER PRIMARY KEY,
  run_id        INTEGER REFERENCES finding_run(id),
  tool          TEXT NOT NULL,
  rule          TEXT NOT NULL,
  severity      TEXT NOT NULL CHECK (severity IN ('error','warning','info')),
  units         TEXT NOT NULL DEFAULT '[]',   -- JSON array of codes
  message       TEXT NOT NULL,                -- Chinese
  area_m2       REAL,
  distance_m    REAL,
  lon           REAL,
  lat           REAL,
  details       TEXT,                         -- JSON object of rule-specific measures
  fingerprint   TEXT NOT NULL,                -- rule + units + rounded location, for exceptions
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','fixed')),
  accept_reason TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at    TEXT
);
SELECT AddGeometryColumn('finding', 'geom', 4490, 'GEOMETRY', 'XY');
SELECT CreateSpatialIndex('finding', 'geom');
CREATE INDEX finding_rule ON finding(tool, rule, status);
CREATE INDEX finding_fp ON finding(fingerprint);

-- API tokens for restricted collections; only a hash is stored (issue 6).
CREATE TABLE api_token (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  hash       TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- A counter bumped by every write, so readers (tile cache) can tell data changed.
INSERT INTO meta(key, value) VALUES ('data_version', '0');
