"""Canonical events: the ledger's event statements clustered into the real-world events they tell.

Incremental and order-independent. Links between statements are a pure function of the two statements
(:func:`newsledger.corpus.clustering.link`), so the components they form are the same however the articles
arrived; each component is refined into canonical events by a function of its members alone. An update
therefore only reclusters the components that new statements link into, plus those of statements whose actors
the entity step relinked to other corpus entities, and leaves the rest of the ledger alone. Counts (mentions,
articles, outlets, near-duplicate copies) are recomputed in SQL.

The statements to cluster are taken in slices of :data:`SLICE`, each clustered against what the slices before it
stored and committed on its own: the same result as one pass (the order does not matter), with memory bounded by
the slice rather than by the size of the ingest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from .clustering import (ActorRow, Statement, Where, blocks, canonical_id, components, find_links,
                         make_statement, probes, refine)
from .progress import transaction

if TYPE_CHECKING:
    from ..store.ledger import Ledger

STEP = "canonical"
Key = tuple[str, str]
SLICE = 20_000  # statements clustered at a time

EVENT_COLUMNS = ("id", "cameo", "root", "label", "quad_class", "goldstein", "plover", "family", "modality",
                 "source_corpus_id", "source_name", "source_country", "target_corpus_id", "target_name",
                 "target_country", "date_value", "date_precision", "date_basis", "event_date", "location_name",
                 "location_country", "location_lat", "location_lon", "related_id", "component")


def update(ledger: Ledger) -> None:
    """Cluster the statements not yet clustered (and those whose actors were relinked); refresh the counts.

    Each slice is committed on its own, so that what the transaction holds is bounded by the slice too. A run
    killed between two slices has stored whole slices, as if it had been given fewer statements; the next update
    takes the rest as statements not yet clustered, and recounts everything, so it ends with the same tables."""
    todo = _todo(ledger)  # with an attached dataset, the statements are its views and the results the ledger's
    for start in range(0, len(todo), SLICE):
        with transaction(ledger, STEP):
            _recluster(ledger, todo[start:start + SLICE])
    with transaction(ledger, STEP):
        _count(ledger)
        _rename(ledger)


def _links_table(ledger: Ledger) -> str:
    """The entity step's links, or an empty stand-in before it has run (actors then match by name)."""
    if _exists(ledger, "entity_links"):
        return "entity_links"
    return "(SELECT NULL::VARCHAR AS article_id, NULL::VARCHAR AS entity_id, NULL::VARCHAR AS corpus_id LIMIT 0)"


def _corpus_table(ledger: Ledger) -> str:
    if _exists(ledger, "corpus_entities"):
        return "corpus_entities"
    return "(SELECT NULL::VARCHAR AS corpus_id, NULL::VARCHAR AS name LIMIT 0)"


def _todo(ledger: Ledger) -> list[Key]:
    """Statements never clustered, or whose actors now link to other corpus entities than when they were."""
    links = _links_table(ledger)
    rows = ledger.con.execute(
        "SELECT v.article_id, v.event_id FROM events v "
        "LEFT JOIN canonical_statements s ON s.article_id = v.article_id AND s.event_id = v.event_id "
        f"LEFT JOIN {links} sl ON sl.article_id = v.article_id AND sl.entity_id = v.source_entity "
        f"LEFT JOIN {links} tl ON tl.article_id = v.article_id AND tl.entity_id = v.target_entity "
        "WHERE s.article_id IS NULL OR s.source_corpus IS DISTINCT FROM sl.corpus_id "
        "OR s.target_corpus IS DISTINCT FROM tl.corpus_id ORDER BY 1, 2").fetchall()
    return [tuple(r) for r in rows]


def _recluster(ledger: Ledger, todo: list[Key]) -> None:
    con = ledger.con
    fresh = _load(ledger, todo)
    with _registered(ledger, "_todo", _keys_table(todo)):
        old = {r[0] for r in con.execute(
            "SELECT DISTINCT s.component FROM canonical_statements s JOIN _todo t "
            "ON s.article_id = t.article_id AND s.event_id = t.event_id").fetchall()}
        con.execute("DELETE FROM canonical_blocks b USING _todo t "
                    "WHERE b.article_id = t.article_id AND b.event_id = t.event_id")
    looked_for = pa.table({"block": pa.array(sorted({p for s in fresh.values() for p in probes(s)}), pa.string())})
    with _registered(ledger, "_probes", looked_for):
        candidates = [tuple(r) for r in con.execute(
            "SELECT DISTINCT b.article_id, b.event_id FROM canonical_blocks b "
            "JOIN _probes p ON p.block = b.block ORDER BY 1, 2").fetchall()]
    rows = [(key, s.article_id, s.event_id) for s in fresh.values() for key in blocks(s)]
    _insert(ledger, "canonical_blocks", ("block", "article_id", "event_id"), rows)
    known = dict(fresh)
    known.update(_load(ledger, [k for k in candidates if k not in known]))
    links = find_links(list(fresh.values()), against=list(known.values()))
    reached = sorted({o for k in fresh for o in links.get(k, ()) if o not in fresh})
    with _registered(ledger, "_reached", _keys_table(reached)):
        old |= {r[0] for r in con.execute(
            "SELECT DISTINCT s.component FROM canonical_statements s JOIN _reached t "
            "ON s.article_id = t.article_id AND s.event_id = t.event_id").fetchall()}
    members = [tuple(r) for r in con.execute(
        "SELECT article_id, event_id FROM canonical_statements WHERE component IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY 1, 2", [sorted(old)]).fetchall()]
    earlier = [k for k in members if k not in fresh]
    known.update(_load(ledger, [k for k in earlier if k not in known]))
    for key, others in find_links([known[k] for k in earlier]).items():
        links[key] |= others
    everything = sorted(set(fresh) | set(earlier))
    _write(ledger, [[known[k] for k in group] for group in components(everything, links)], links, old, everything)


def _write(ledger: Ledger, groups: list[list[Statement]], links, old: set[str], keys: list[Key]) -> None:
    con = ledger.con
    events: list[dict] = []
    link_rows: list[tuple] = []
    statement_rows: list[tuple] = []
    for group in groups:
        component = "cc-" + canonical_id(group[0].key)[3:]
        for cluster in refine(group, links):
            events.append({"id": cluster.id, **cluster.summary, "related_id": cluster.related_id,
                           "component": component})
            link_rows.extend((s.article_id, s.event_id, cluster.id) for s in cluster.members)
        statement_rows.extend((s.article_id, s.event_id, s.source_link, s.target_link, component) for s in group)
    with _registered(ledger, "_members", _keys_table(keys)):
        con.execute("DELETE FROM canonical_links c USING _members m "
                    "WHERE c.article_id = m.article_id AND c.event_id = m.event_id")
        con.execute("DELETE FROM canonical_statements c USING _members m "
                    "WHERE c.article_id = m.article_id AND c.event_id = m.event_id")
    con.execute("DELETE FROM canonical_events WHERE component IN (SELECT unnest(?::VARCHAR[]))", [sorted(old)])
    _insert(ledger, "canonical_events", EVENT_COLUMNS, [tuple(e[c] for c in EVENT_COLUMNS) for e in events])
    _insert(ledger, "canonical_links", ("article_id", "event_id", "canonical_id"), link_rows)
    _insert(ledger, "canonical_statements",
            ("article_id", "event_id", "source_corpus", "target_corpus", "component"), statement_rows)


def _count(ledger: Ledger) -> None:
    """Mentions, articles (and without near-duplicate copies), outlets, first and last seen, from the links."""
    groups = ("duplicate_groups" if _exists(ledger, "duplicate_groups")
              else "(SELECT NULL::VARCHAR AS article_id, NULL::VARCHAR AS group_id LIMIT 0)")
    ledger.con.execute(
        "UPDATE canonical_events c SET num_mentions = x.mentions, num_articles = x.articles, "
        "num_articles_unique = x.originals, num_sources = x.sources, first_seen = x.first_seen, "
        "last_seen = x.last_seen FROM ("
        "SELECT l.canonical_id, count(*) AS mentions, count(DISTINCT l.article_id) AS articles, "
        "count(DISTINCT coalesce(d.group_id, l.article_id)) AS originals, "
        "count(DISTINCT nullif(lower(trim(a.outlet)), '')) "  # articles of no known outlet: one unknown source
        "+ (count(*) FILTER (WHERE coalesce(trim(a.outlet), '') = '') > 0)::INTEGER AS sources, "
        "min(a.published) AS first_seen, "
        "max(a.published) AS last_seen FROM canonical_links l JOIN articles a ON a.id = l.article_id "
        f"LEFT JOIN {groups} d ON d.article_id = l.article_id GROUP BY l.canonical_id) x "
        "WHERE x.canonical_id = c.id AND (c.num_mentions IS DISTINCT FROM x.mentions "
        "OR c.num_articles IS DISTINCT FROM x.articles OR c.num_articles_unique IS DISTINCT FROM x.originals "
        "OR c.num_sources IS DISTINCT FROM x.sources OR c.first_seen IS DISTINCT FROM x.first_seen "
        "OR c.last_seen IS DISTINCT FROM x.last_seen)")


def _rename(ledger: Ledger) -> None:
    """Actors by their corpus entity's current name: the entity step may find a better-supported one later."""
    if not _exists(ledger, "corpus_entities"):
        return
    for role in ("source", "target"):
        ledger.con.execute(f"UPDATE canonical_events c SET {role}_name = e.name FROM corpus_entities e "
                           f"WHERE e.corpus_id = c.{role}_corpus_id AND c.{role}_name IS DISTINCT FROM e.name")


# -- reading statements ----------------------------------------------------------------------------------------


def _load(ledger: Ledger, keys: Sequence[Key]) -> dict[Key, Statement]:
    if not keys:
        return {}
    links, corpus = _links_table(ledger), _corpus_table(ledger)
    actor = lambda r: (f"v.{r}_entity, {r[0]}e.type, {r[0]}e.name, {r[0]}l.corpus_id, {r[0]}c.name, "  # noqa: E731
                       f"v.{r}_name, v.{r}_text, v.{r}_country")
    joins = "".join(
        f" LEFT JOIN _e {r}e ON {r}e.article_id = v.article_id AND {r}e.entity_id = v.{role}_entity"
        f" LEFT JOIN _l {r}l ON {r}l.article_id = v.article_id AND {r}l.entity_id = v.{role}_entity"
        f" LEFT JOIN _c {r}c ON {r}c.corpus_id = {r}l.corpus_id"
        for r, role in (("s", "source"), ("t", "target")))
    # the entities, links and corpus entities of the articles asked for only, so that the joins' hash tables
    # are the size of what is loaded rather than of the ledger
    sql = ("WITH _a AS (SELECT DISTINCT article_id FROM _load), "
           "_e AS (SELECT article_id, entity_id, type, name FROM entities "
           "WHERE article_id IN (SELECT article_id FROM _a)), "
           f"_l AS (SELECT article_id, entity_id, corpus_id FROM {links} "
           "WHERE article_id IN (SELECT article_id FROM _a)), "
           f"_c AS (SELECT corpus_id, name FROM {corpus} WHERE corpus_id IN (SELECT corpus_id FROM _l)) "
           "SELECT v.article_id, v.event_id, v.outlet, v.published, v.cameo, v.root, v.label, v.quad_class, "
           f"v.goldstein, v.plover, v.modality, {actor('source')}, {actor('target')}, "
           "v.date_value, v.date_precision, v.date_basis, v.location_name, v.location_country, v.location_lat, "
           "v.location_lon, v.location_geonameid, v.location_feature "
           f"FROM _load k JOIN events v ON v.article_id = k.article_id AND v.event_id = k.event_id{joins}")
    found: dict[Key, Statement] = {}
    with _registered(ledger, "_load", _keys_table(keys)):
        cursor = ledger.con.execute(sql)
        while batch := cursor.fetchmany(4096):
            for row in batch:
                statement = _statement(row)
                found[statement.key] = statement
    return found


def _statement(row: tuple) -> Statement:
    (article_id, event_id, outlet, published, cameo, root, label, quad, goldstein, plover, modality) = row[:11]
    source, target = ActorRow(*row[11:19]), ActorRow(*row[19:27])
    date_value, date_precision, date_basis, l_name, l_country, l_lat, l_lon, l_geonameid, l_feature = row[27:]
    place = Where(l_name, l_country, l_lat, l_lon, l_geonameid, l_feature) if l_name or l_country else None
    return make_statement(article_id=article_id, event_id=event_id, outlet=outlet, published=published,
                          cameo=cameo, root=root, label=label, quad_class=quad, goldstein=goldstein, plover=plover,
                          modality=modality, source=source, target=target, date_value=date_value,
                          date_precision=date_precision, date_basis=date_basis, place=place)


# -- small helpers ----------------------------------------------------------------------------------------------


def _exists(ledger: Ledger, table: str) -> bool:
    return bool(ledger.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
                                   "AND table_schema = 'main'", [table]).fetchall()[0][0])


def _keys_table(keys: Iterable[Key]) -> pa.Table:
    keys = list(keys)
    return pa.table({"article_id": pa.array([k[0] for k in keys], pa.string()),
                     "event_id": pa.array([k[1] for k in keys], pa.string())})


class _registered:
    """An Arrow table visible to SQL under ``name`` for the length of a ``with`` block."""

    def __init__(self, ledger: Ledger, name: str, table: pa.Table) -> None:
        self.con, self.name, self.table = ledger.con, name, table

    def __enter__(self) -> None:
        self.con.register(self.name, self.table)

    def __exit__(self, *exc) -> None:
        self.con.unregister(self.name)


def _insert(ledger: Ledger, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    arrow = pa.table({name: [r[i] for r in rows] for i, name in enumerate(columns)})
    names = ", ".join(columns)
    with _registered(ledger, "_rows", arrow):
        ledger.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _rows")
