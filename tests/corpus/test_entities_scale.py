"""The entity step on a batch larger than one DuckDB row group (122,880 rows): every in-article entity gets its
link. A 10,000-article ingest once stored 43,241 corpus entities and not one link, because a table created
empty inside the step's transaction and then filled with that many rows read back as empty."""

from __future__ import annotations

import itertools

import pyarrow as pa

from newsledger.corpus import entities
from newsledger.store.ledger import Ledger

FIRST = ["Amina", "Boris", "Carlos", "Dalia", "Emeka", "Farid", "Grace", "Hiroshi", "Ines", "Jonas", "Kwame",
         "Leila", "Mateo", "Nadia", "Olga", "Pavel", "Qasim", "Rosa", "Samir", "Tariq", "Ursula", "Viktor",
         "Wen", "Xavier", "Yusuf", "Zainab"]
LAST = ["Abadi", "Barzani", "Chen", "Dlamini", "Erdogan", "Fischer", "Gomez", "Haddad", "Ivanova", "Jaber",
        "Kovacs", "Lindqvist", "Mensah", "Novak", "Okafor", "Petrov", "Quintero", "Rahimi", "Sato", "Tanaka",
        "Usman", "Valdez", "Wojcik", "Yilmaz", "Zhou"]
ORGS = ["Ministry of Defence", "Central Bank", "Red Crescent", "Election Commission", "Supreme Court",
        "Health Ministry", "Port Authority", "Football Federation"]
COUNTRIES = ["IRQ", "IRN", "TUR", "NGA", "BRA", "JPN", "DEU", "UKR"]
ARTICLES, PER_ARTICLE = 19_000, 7  # 133,000 entity rows


def _fill(ledger: Ledger) -> int:
    people = [f"{f} {l}" for f, l in itertools.product(FIRST, LAST)]
    article_ids, rows = [], {c: [] for c in ("article_id", "entity_id", "name", "type", "country", "mention_count")}
    for a in range(ARTICLES):
        article_id = f"a{a:06d}"
        article_ids.append(article_id)
        for e in range(PER_ARTICLE):
            org = e == PER_ARTICLE - 1
            country = COUNTRIES[(a + e) % len(COUNTRIES)]
            rows["article_id"].append(article_id)
            rows["entity_id"].append(f"E{e}")
            rows["name"].append(f"{country} {ORGS[a % len(ORGS)]}" if org else people[(a * 31 + e * 97) % len(people)])
            rows["type"].append("ORG" if org else "PERSON")
            rows["country"].append(country)
            rows["mention_count"].append(1 + e % 3)
    con = ledger.con
    con.register("_a", pa.table({"id": article_ids}))
    con.execute("INSERT INTO articles (id, text, analysis) SELECT id, '', '{}' FROM _a")
    con.register("_e", pa.table(rows))
    con.execute("INSERT INTO entities (article_id, entity_id, name, type, country, mention_count) "
                "SELECT article_id, entity_id, name, type, country, mention_count FROM _e")
    return len(rows["article_id"])


def test_every_entity_of_a_batch_beyond_one_row_group_is_linked(tmp_path):
    with Ledger(tmp_path / "ledger.duckdb") as ledger:
        stored = _fill(ledger)
        assert stored > 122_880
        entities.update(ledger)
        con = ledger.con
        assert con.execute("SELECT count(*) FROM entity_links").fetchone()[0] == stored
        assert con.execute("SELECT count(*) FROM entity_links l ANTI JOIN corpus_entities c "
                           "USING (corpus_id)").fetchone()[0] == 0
        # one corpus entity per distinct person (with its country) and per organisation: links group, not copy
        corpus = con.execute("SELECT count(*) FROM corpus_entities").fetchone()[0]
        distinct = con.execute("SELECT count(DISTINCT (name, country)) FROM entities").fetchone()[0]
        assert 0 < corpus <= distinct
