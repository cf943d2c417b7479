-- The ledger's tables. One row per article in `articles` (with its full contract record in `analysis`);
-- the other tables flatten the record for queries. Offsets are into articles.text.
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    command VARCHAR,
    inputs VARCHAR[],
    read_count INTEGER,
    new_count INTEGER,
    present_count INTEGER,
    rejected_count INTEGER,
    rejects_path VARCHAR,
    newsledger_version VARCHAR,
    model VARCHAR,
    rules_version VARCHAR
);

CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    outlet VARCHAR,
    published DATE,
    title VARCHAR,
    url VARCHAR,
    text VARCHAR NOT NULL,
    words INTEGER,
    source VARCHAR,
    source_line INTEGER,
    run_id INTEGER,
    analysis VARCHAR NOT NULL
);

CREATE TABLE entities (
    article_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    type VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    titles VARCHAR[],
    aliases VARCHAR[],
    roles VARCHAR[],
    mention_count INTEGER
);

CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text VARCHAR
);

CREATE TABLE events (
    article_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    cameo VARCHAR,
    root VARCHAR,
    label VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    plover VARCHAR,
    source_entity VARCHAR, source_text VARCHAR, source_name VARCHAR, source_country VARCHAR,
    source_sector VARCHAR, source_code VARCHAR, source_start INTEGER, source_end INTEGER,
    target_entity VARCHAR, target_text VARCHAR, target_name VARCHAR, target_country VARCHAR,
    target_sector VARCHAR, target_code VARCHAR, target_start INTEGER, target_end INTEGER,
    date_value VARCHAR, date_precision VARCHAR, date_basis VARCHAR, date_text VARCHAR,
    event_date DATE,
    location_name VARCHAR, location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
    location_geonameid BIGINT, location_feature VARCHAR,
    modality VARCHAR,
    attributed_to VARCHAR,
    trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
    evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR,
    rule VARCHAR,
    confidence DOUBLE
);

CREATE TABLE quotes (
    article_id VARCHAR NOT NULL,
    quote_id VARCHAR NOT NULL,
    kind VARCHAR,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    cue VARCHAR,
    speaker_entity VARCHAR,
    speaker_text VARCHAR,
    speaker_name VARCHAR
);

CREATE TABLE places (
    article_id VARCHAR NOT NULL,
    place_no INTEGER NOT NULL,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    name VARCHAR,
    country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    geonameid BIGINT,
    feature VARCHAR
);

CREATE TABLE times (
    article_id VARCHAR NOT NULL,
    time_no INTEGER NOT NULL,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    type VARCHAR,
    value VARCHAR
);

CREATE TABLE framing (
    article_id VARCHAR NOT NULL,
    mark_no INTEGER NOT NULL,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    category VARCHAR,
    term VARCHAR
);
