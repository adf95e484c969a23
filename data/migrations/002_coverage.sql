-- Schema version 2: per-village results of the last `jiewang coverage` run, so the server,
-- tiles and web map can colour villages (issue #5, #7). Rewritten wholesale by each run.
CREATE TABLE village_coverage (
  code                TEXT PRIMARY KEY,  -- 12-digit village code
  status              TEXT NOT NULL CHECK (status IN
                        ('covered','covered_by_assignment','covered_by_radius','uncovered','urban')),
  cemetery_ids        TEXT,              -- comma-separated facility ids covering the village
  nearest_cemetery_id INTEGER,
  nearest_distance_m  REAL,
  graves_inside       INTEGER,
  graves_to_relocate  INTEGER,
  run_id              INTEGER REFERENCES finding_run(id)
);
