"""The GDELT 2.0 export: 61 columns in GDELT's order that DuckDB reads with GDELT's names and types."""

from __future__ import annotations

import duckdb
import pytest

from newsledger.store.export import export
from newsledger.store.gdelt import COLUMNS
from newsledger.store.ledger import Ledger

TEXT = ("Israeli forces shelled the town of Khan Younis on March 3, 2024, killing four people, the health ministry "
        "said. In January 2020, a US drone strike near Baghdad International Airport killed an Iraqi commander.")


@pytest.fixture(scope="module")
def exported(pipeline, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gdelt")
    analysis = pipeline.analyze(TEXT, outlet="Northern Wire", published="2024-03-05", url="https://example.org/a",
                                id="g1")
    assert analysis.events, "the sentence must give events to export"
    with Ledger(folder / "l.duckdb") as ledger:
        ledger.write([analysis])
        path = folder / "events.tsv"
        count = export(ledger, "gdelt", path=str(path))
    return analysis, path, count


def _read(path):
    columns = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS) + "}"
    return duckdb.connect().execute(
        f"SELECT * FROM read_csv('{path}', delim='\\t', header=false, columns={columns}, quote='')").fetchall()


def test_gdelt_has_61_columns_in_gdelt_order():
    names = [name for name, _ in COLUMNS]
    assert len(names) == 61
    assert names[:5] == ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    assert names[26:35] == ["EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                            "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    assert names[-2:] == ["DATEADDED", "SOURCEURL"]


def test_gdelt_export_loads_with_gdelt_types(exported):
    analysis, path, count = exported
    rows = _read(path)
    assert len(rows) == count == len(analysis.events)
    names = [name for name, _ in COLUMNS]
    for row, event in zip(rows, analysis.events):
        record = dict(zip(names, row))
        assert record["EventCode"] == event.cameo and record["EventRootCode"] == event.root
        assert record["QuadClass"] == event.quad_class and record["GoldsteinScale"] == event.goldstein
        assert record["SOURCEURL"] == "https://example.org/a"
        assert (record["NumMentions"], record["NumSources"], record["NumArticles"]) == (1, 1, 1)


def test_gdelt_day_is_the_events_own_date_not_publication(exported):
    analysis, path, _ = exported
    names = [name for name, _ in COLUMNS]
    records = [dict(zip(names, row)) for row in _read(path)]
    by_code = {(r["EventCode"], r["MonthYear"], r["Day"]) for r in records}
    shelled = [r for r in records if r["EventRootCode"] == "19" and r["Actor1CountryCode"] == "ISR"]
    assert shelled and shelled[0]["Day"] == 20240303, by_code
    strike = [r for r in records if r["Actor1CountryCode"] == "USA"]
    assert strike and strike[0]["MonthYear"] == 202001 and strike[0]["Day"] is None
    assert strike[0]["ActionGeo_FullName"] == "Baghdad International Airport"
    assert strike[0]["ActionGeo_CountryCode"] == "IZ"  # FIPS 10-4, as GDELT writes it


CANONICAL = [  # one strike told by three outlets, one of them recalling it three years later
    ("c1", "Northern Wire", "2020-01-04", "A U.S. drone strike killed militia commander Karim Haddad near Baghdad "
     "airport on Friday."),
    ("c2", "Harbor Times", "2020-01-03", "The United States assassinated Karim Haddad in an airstrike in Baghdad on "
     "Friday."),
    ("c3", "Eastern Post", "2023-01-03", "Thousands gathered in Basra on Tuesday to mark the anniversary of the US "
     "strike that killed Karim Haddad in Baghdad in January 2020."),
]


@pytest.fixture(scope="module")
def canonical_export(pipeline, tmp_path_factory):
    from newsledger import corpus

    folder = tmp_path_factory.mktemp("gdelt-canonical")
    with Ledger(folder / "l.duckdb") as ledger:
        ledger.write([pipeline.analyze(text, outlet=outlet, published=published, id=id_,
                                       url=f"https://example.org/{id_}")
                      for id_, outlet, published, text in CANONICAL])
        corpus.update(ledger)
        path = folder / "canonical.tsv"
        count = export(ledger, "gdelt", path=str(path), canonical=True)
        statements = ledger.con.execute("SELECT count(*) FROM events").fetchone()[0]
    return path, count, statements


def test_gdelt_canonical_rows_count_mentions_sources_and_articles(canonical_export):
    path, count, statements = canonical_export
    names = [name for name, _ in COLUMNS]
    records = [dict(zip(names, row)) for row in _read(path)]
    assert len(records) == count and sum(r["NumMentions"] for r in records) == statements
    strike = [r for r in records if r["Actor2Name"] == "Karim Haddad"]
    assert len(strike) == 1, records
    assert (strike[0]["NumMentions"], strike[0]["NumSources"], strike[0]["NumArticles"]) == (3, 3, 3)
    assert (strike[0]["Day"], strike[0]["Actor1CountryCode"], strike[0]["EventRootCode"]) == (20200103, "USA", "19")
    assert strike[0]["ActionGeo_FullName"] == "Baghdad" and strike[0]["SOURCEURL"] == "https://example.org/c2"
