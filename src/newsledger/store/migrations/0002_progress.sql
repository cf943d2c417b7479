-- Resumable runs. Each batch commits its articles together with the run's counts so far and, per input file,
-- how far the run got (`progress`), so a run killed at any point can be continued (`ingest --resume`) from
-- exactly what was stored. `options` is the run's reading options (JSON); `rejects_bytes` is the length of its
-- rejects file at the last commit, to which a resumed run cuts the file back before appending.
ALTER TABLE runs ADD COLUMN words BIGINT;
ALTER TABLE runs ADD COLUMN options VARCHAR;
ALTER TABLE runs ADD COLUMN rejects_bytes BIGINT;

CREATE TABLE progress (
    run_id INTEGER NOT NULL,
    source VARCHAR NOT NULL,     -- the input path as given (after directory and glob expansion), or <stdin>
    items INTEGER NOT NULL,      -- records settled (stored, skipped as present, or rejected), in input order
    line INTEGER,                -- the source line of the last settled record
    "offset" BIGINT,             -- the byte just past it, for line-delimited inputs (JSON Lines)
    size BIGINT,                 -- the file's size and modification time then: a changed file is read again
    mtime_ns BIGINT,
    done BOOLEAN NOT NULL,
    PRIMARY KEY (run_id, source)
);
