-- Canonical events: event statements from many articles (and sentences) that tell the same real-world event,
-- clustered by newsledger.corpus.canonical after every ingest. Every row of `events` belongs to exactly one
-- canonical event (`canonical_links`). Claimed, negated, future and hypothetical statements make events of
-- their own, related to the asserted event they tell of by `related_id`.
CREATE TABLE canonical_events (
    id VARCHAR PRIMARY KEY,          -- ev- and a hash of the event's smallest (article_id, event_id)
    cameo VARCHAR, root VARCHAR, label VARCHAR, quad_class INTEGER, goldstein DOUBLE, plover VARCHAR,
    family VARCHAR,                  -- the kind of act statements cluster within (data/event_families.tsv)
    modality VARCHAR,
    source_corpus_id VARCHAR, source_name VARCHAR, source_country VARCHAR,
    target_corpus_id VARCHAR, target_name VARCHAR, target_country VARCHAR,
    date_value VARCHAR,              -- the most precise date the most statements agree on
    date_precision VARCHAR,          -- day, month, year
    date_basis VARCHAR,              -- statements (the texts give it) or publication (only publication dates)
    event_date DATE,                 -- the first day of that date
    location_name VARCHAR, location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
    num_mentions INTEGER,            -- statements
    num_articles INTEGER,            -- distinct articles
    num_articles_unique INTEGER,     -- distinct articles, near-duplicate copies counted once (duplicate_groups)
    num_sources INTEGER,             -- distinct outlets
    first_seen DATE, last_seen DATE, -- publication dates of the first and last article telling it
    related_id VARCHAR,              -- for a non-asserted event: the asserted event it is about
    component VARCHAR NOT NULL       -- the group of linked statements it was refined from (bookkeeping)
);

CREATE TABLE canonical_links (
    article_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    canonical_id VARCHAR NOT NULL,
    PRIMARY KEY (article_id, event_id)
);

-- Bookkeeping of the clustering step: each statement's component of links and the corpus entities its actors
-- were linked to when it was clustered (a statement whose actors are relinked is clustered again), and the
-- blocks it is a member of (its candidates are found by the blocks other statements probe: corpus.clustering).
CREATE TABLE canonical_statements (
    article_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    source_corpus VARCHAR,
    target_corpus VARCHAR,
    component VARCHAR NOT NULL,
    PRIMARY KEY (article_id, event_id)
);

CREATE TABLE canonical_blocks (
    block VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL
);
