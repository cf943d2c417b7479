-- The corpus layer's first tables (newsledger.corpus, filled after every ingest): in-document entities linked
-- into corpus entities, and near-duplicate articles. Every table is derived from the articles, so the layer
-- can always be rebuilt; none deletes or changes an article.

-- One row per real person, organisation or place across articles. `corpus_id` derives from the group's
-- smallest member (article_id, entity_id); `name` is its best-supported full name and `aliases` every other
-- spelling seen.
CREATE TABLE corpus_entities (
    corpus_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    type VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    aliases VARCHAR[],
    titles VARCHAR[],
    article_count INTEGER,
    mention_count INTEGER
);

-- Every row of `entities` belongs to exactly one corpus entity.
CREATE TABLE entity_links (
    article_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    corpus_id VARCHAR NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);

-- Blocking keys (skeletons of names, aliases and surnames): entities that share none are never linked, so a
-- new batch re-links only the blocks it touches.
CREATE TABLE entity_keys (
    article_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    key VARCHAR NOT NULL
);

-- Near-duplicate articles (wire copies, republications): only articles of a group of two or more have a row.
-- `group_id` is the group's smallest article id (its representative); `similarity` is the article's highest
-- estimated similarity to another member.
CREATE TABLE duplicate_groups (
    article_id VARCHAR PRIMARY KEY,
    group_id VARCHAR NOT NULL,
    similarity DOUBLE
);

-- The pairs found (article_id < other_id), with the estimated Jaccard similarity of their word 5-grams and the
-- share of the shorter article's 5-grams found in the longer one.
CREATE TABLE duplicate_pairs (
    article_id VARCHAR NOT NULL,
    other_id VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL,
    containment DOUBLE NOT NULL,
    PRIMARY KEY (article_id, other_id)
);

-- Each article's MinHash signature (128 unsigned 32-bit values, little-endian) and number of distinct 5-grams, and the
-- locality-sensitive hashing bands that find its candidate duplicates without comparing every pair.
CREATE TABLE article_minhash (
    article_id VARCHAR PRIMARY KEY,
    shingles INTEGER NOT NULL,
    signature BLOB
);

CREATE TABLE article_bands (
    band_key BIGINT NOT NULL,
    article_id VARCHAR NOT NULL
);

-- Which articles each step of the corpus layer has taken in.
CREATE TABLE corpus_processed (
    step VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    PRIMARY KEY (step, article_id)
);
