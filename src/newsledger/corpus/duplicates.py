"""Near-duplicate articles: wire copies and republications, recorded as groups (``duplicate_groups``), never
deleted, so that counts can include or leave out the copies.

Each new article gets a MinHash signature of its word 5-grams (datasketch); the signature's locality-sensitive
hashing bands are kept in the ledger (``article_bands``), so the candidates of a new article are found with one
join instead of a comparison with every stored article. A candidate pair is a duplicate when the estimated
Jaccard similarity of the two texts is high (an edited copy), or when most of the shorter one is in the longer
(a shortened republication). Groups are the connected components of the duplicate pairs, named after their
smallest article id; since each pair's test depends only on the two texts, the groups do not depend on the order
in which the articles arrived.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
from datasketch import MinHash

from .progress import NEW_TABLE, mark_done, pending, transaction

if TYPE_CHECKING:
    from ..store.ledger import Ledger

STEP = "duplicates"
SHINGLE_WORDS = 5
NUM_PERM, SEED, SCHEME = 128, 1, "affine32"  # stored signatures are only comparable with the same three
BANDS, ROWS = 42, 3  # 126 of the 128 values: a pair at similarity 0.5 shares a band with probability 0.996
MIN_SHINGLES = 20    # a text shorter than this (a caption, a one-line brief) is nobody's copy
SAME_TEXT = 0.6      # estimated Jaccard similarity of the 5-grams at which two articles are one text, edited
CONTAINED = 0.85     # ... or the share of the shorter article's 5-grams that are in the longer one,
CONTAINED_MIN = 0.3  # ... provided the two still share this much (the shorter is at least a third of the longer)
FETCH = 256          # articles read at a time

_WORDS = re.compile(r"\w+")


def update(ledger: Ledger) -> None:
    """Sign the articles this step has not seen, find their duplicates, and regroup what they touch."""
    if not pending(ledger, STEP):
        return
    with transaction(ledger, STEP):
        signed = _sign_new(ledger)
        pairs = _pairs(ledger, signed)
        _insert(ledger, "duplicate_pairs", ["article_id", "other_id", "similarity", "containment"], pairs)
        _regroup(ledger, {article_id for pair in pairs for article_id in pair[:2]})
        mark_done(ledger, STEP)


def shingles(text: str) -> set[bytes]:
    """The text's distinct word 5-grams (lower case; punctuation and spacing do not count)."""
    words = _WORDS.findall(text.lower())
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}


def similarity(a: tuple[int, np.ndarray], b: tuple[int, np.ndarray]) -> tuple[float, float]:
    """(estimated Jaccard similarity, estimated share of the smaller 5-gram set found in the larger) of two
    signed articles, each given as (number of 5-grams, signature)."""
    jaccard = float(np.mean(a[1] == b[1]))
    shared = jaccard / (1 + jaccard) * (a[0] + b[0])
    return jaccard, min(1.0, shared / max(1, min(a[0], b[0])))


def is_duplicate(jaccard: float, containment: float) -> bool:
    return jaccard >= SAME_TEXT or (containment >= CONTAINED and jaccard >= CONTAINED_MIN)


# -- signatures and bands --------------------------------------------------------------------------------------

def _sign_new(ledger: Ledger) -> dict[str, tuple[int, np.ndarray]]:
    """Sign and store every new article long enough to be compared; returns their signatures."""
    template = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    signed: dict[str, tuple[int, np.ndarray]] = {}
    cursor = ledger.con.execute(f"SELECT a.id, a.text FROM articles a JOIN {NEW_TABLE} n ON n.id = a.id "
                                "ORDER BY a.id")
    while batch := cursor.fetchmany(FETCH):
        for article_id, text in batch:
            grams = shingles(text or "")
            if len(grams) < MIN_SHINGLES:
                continue
            minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=template.permutations)
            minhash.update_batch(list(grams))
            signed[article_id] = (len(grams), minhash.hashvalues.astype("<u4"))
    ids = sorted(signed)
    _insert(ledger, "article_minhash", ["article_id", "shingles", "signature"],
            [(i, signed[i][0], signed[i][1].tobytes()) for i in ids])
    _insert(ledger, "article_bands", ["band_key", "article_id"],
            [(key, i) for i in ids for key in band_keys(signed[i][1])])
    return signed


def band_keys(signature: np.ndarray) -> list[int]:
    """One 64-bit key per LSH band: articles sharing a key are candidate duplicates."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS:(band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


# -- pairs and groups ------------------------------------------------------------------------------------------

def _pairs(ledger: Ledger, signed: dict[str, tuple[int, np.ndarray]]) -> list[tuple[str, str, float, float]]:
    """The duplicate pairs (smaller id first) that the new articles make, with each other or with stored ones."""
    if not signed:
        return []
    candidates = ledger.con.execute(
        "SELECT DISTINCT least(n.article_id, o.article_id) AS a, greatest(n.article_id, o.article_id) AS b "
        "FROM article_bands n JOIN article_bands o ON o.band_key = n.band_key AND o.article_id <> n.article_id "
        "WHERE n.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY a, b", [sorted(signed)]).fetchall()
    stored = _signatures(ledger, {i for pair in candidates for i in pair} - signed.keys())
    found = []
    for a, b in candidates:
        jaccard, containment = similarity(signed.get(a) or stored[a], signed.get(b) or stored[b])
        if is_duplicate(jaccard, containment):
            found.append((a, b, round(jaccard, 4), round(containment, 4)))
    return found


def _signatures(ledger: Ledger, ids: set[str]) -> dict[str, tuple[int, np.ndarray]]:
    rows = ledger.con.execute("SELECT article_id, shingles, signature FROM article_minhash "
                              "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [sorted(ids)]).fetchall()
    return {i: (n, np.frombuffer(blob, dtype="<u4")) for i, n, blob in rows}


def _regroup(ledger: Ledger, touched: set[str]) -> None:
    """Rewrite the groups of the articles in new pairs: their old groups, joined by the new pairs."""
    if not touched:
        return
    con = ledger.con
    ids = sorted(touched)
    old = con.execute("SELECT article_id FROM duplicate_groups WHERE group_id IN (SELECT group_id FROM "
                      "duplicate_groups WHERE article_id IN (SELECT unnest(?::VARCHAR[])))", [ids]).fetchall()
    members = sorted(touched | {r[0] for r in old})
    pairs = con.execute("SELECT article_id, other_id, similarity FROM duplicate_pairs "
                        "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
                        "OR other_id IN (SELECT unnest(?::VARCHAR[]))", [members, members]).fetchall()
    parent = {m: m for m in members}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best: dict[str, float] = defaultdict(float)
    for a, b, score in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
        best[a], best[b] = max(best[a], score), max(best[b], score)
    rows = sorted((m, find(m), best[m]) for m in parent)
    con.execute("DELETE FROM duplicate_groups WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [[r[0] for r in rows]])
    _insert(ledger, "duplicate_groups", ["article_id", "group_id", "similarity"], rows)


def _insert(ledger: Ledger, table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    ledger.con.register("_corpus_rows", pa.table({c: [r[n] for r in rows] for n, c in enumerate(columns)}))
    names = ", ".join(columns)
    ledger.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _corpus_rows")
    ledger.con.unregister("_corpus_rows")
