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
