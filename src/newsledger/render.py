"""Showing results to a person in a terminal: summaries, tables, progress. Output only, no decisions."""

from __future__ import annotations

import contextlib
import csv
import functools
import shutil
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime

from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .records import ArticleAnalysis
from .store.queries import QueryResult

_MAX_CELL = 40


@functools.cache
def console(stderr: bool = False) -> Console:
    """A console as wide as the terminal; 140 columns when output goes to a file or pipe."""
    width = None if sys.stdout.isatty() else shutil.get_terminal_size(fallback=(140, 24)).columns
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def _table(*columns: str, **options) -> Table:
    table = Table(header_style="bold", **options)
    for column in columns:
        table.add_column(column, no_wrap=True, overflow="ellipsis", max_width=_MAX_CELL, min_width=len(column))
    return table


def _json_default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    text = str(value).replace("\n", " ")
    return text if len(text) <= _MAX_CELL else text[:_MAX_CELL - 1] + "…"


def print_result(result: QueryResult, output: str, table_columns: tuple[str, ...] | None = None) -> None:
    """Print a query result as JSON, CSV (every column) or a table (``table_columns`` only, when given, so that
    a wide result stays readable in a terminal)."""
    if output == "json":
        sys.stdout.write(json.dumps(result.records(), default=_json_default, ensure_ascii=False, indent=2) + "\n")
    elif output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, (date, datetime)) else v)
                             for v in row])
    else:
        shown = [c for c in (table_columns or result.columns) if c in result.columns]
        index = [result.columns.index(c) for c in shown]
        table = _table(*shown)
        for row in result.rows:
            table.add_row(*(_cell(row[i]) for i in index))
        console().print(table)
        console().print(f"{len(result)} rows", style="dim")


def print_analysis(analysis: ArticleAnalysis) -> None:
    """A readable summary of one article's analysis."""
    out = console()
    a = analysis.article
    out.rule(Text(a.title or a.id, style="bold"))
    out.print(f"id {a.id} · outlet {a.outlet or '—'} · published {a.published or '—'} · "
              f"{len(a.text.split())} words")
    if analysis.entities:
        table = _table("entity", "type", "country", "sector", "titles", "mentions", title="Entities",
                       title_justify="left")
        for e in analysis.entities:
            names = [e.name] + [f"({alias})" for alias in e.aliases if alias.isupper()]
            table.add_row(" ".join(names), e.type, e.country or "", e.sector or "", ", ".join(e.titles),
                          str(len(e.mentions)))
        out.print(table)
    for label, items in (("events", analysis.events), ("quotes", analysis.quotes), ("places", analysis.places),
                         ("times", analysis.times), ("framing marks", analysis.framing)):
        out.print(f"{len(items)} {label}")


def print_stats(data: dict, db: str) -> None:
    out = console()
    counts = data["counts"]
    out.print(f"[bold]{db}[/]: {counts['articles']} articles from {data['outlets']} outlets, "
              f"{data['words']:,} words, published {data['published']['first'] or '—'} to "
              f"{data['published']['last'] or '—'}; {data['runs']} ingest runs")
    corpus = data.get("corpus")
    if corpus:
        out.print(f"{corpus['entities']:,} corpus entities; near-duplicate articles: {corpus['duplicate_groups']:,} "
                  f"groups, {corpus['duplicate_copies']:,} copies besides each group's representative")
    table = _table("table", "rows", title="Rows", title_justify="left")
    for name, count in counts.items():
        table.add_row(name, f"{count:,}")
    out.print(table)
    for title, key, columns in (("Top outlets", "top_outlets", ("outlet", "articles")),
                                ("Entity types", "entity_types", ("type", "entities")),
                                ("Most-mentioned people and organisations", "top_entities",
                                 ("name", "type", "articles"))):
        if data[key]:
            table = _table(*columns, title=title, title_justify="left")
            for row in data[key]:
                table.add_row(*(_cell(row[c]) for c in columns))
            out.print(table)


def print_json(data) -> None:
    """A dict or list as indented JSON (dates as ISO strings)."""
    sys.stdout.write(json.dumps(data, default=_json_default, ensure_ascii=False, indent=2) + "\n")


def print_comparison(data: dict) -> None:
    """One canonical event as each outlet told it: the event, the verbs chosen, then every statement."""
    out = console()
    e = data["event"]
    out.print(f"[bold]{e['id']}[/] {e['source'] or '?'} → {e['target'] or '?'} · {e['cameo']} {e['label'] or ''} · "
              f"{e['date'] or 'undated'} · {e['location'] or 'place unknown'} · {e['modality']}")
    out.print(f"{e['num_mentions']} statements in {e['num_articles']} articles ({e['num_articles_unique']} without "
              f"near-duplicate copies) from {e['num_sources']} outlets; first seen {e['first_seen'] or '—'}, "
              f"last seen {e['last_seen'] or '—'}")
    if e.get("related"):
        out.print("related: " + ", ".join(e["related"]), style="dim")
    verbs: dict[str, set] = {}
    for outlet in data["outlets"]:
        for statement in outlet["statements"]:
            verbs.setdefault(statement["verb"] or "—", set()).add(outlet["outlet"])
    ranked = sorted(verbs.items(), key=lambda item: (-len(item[1]), item[0]))
    out.print("verbs: " + ", ".join(f"{verb} ({len(outlets)} outlet{'s' * (len(outlets) != 1)})"
                                    for verb, outlets in ranked))
    table = Table(header_style="bold")  # the evidence sentences are in --format json
    for column, (least, most) in _COMPARE_COLUMNS.items():
        table.add_column(column, no_wrap=True, overflow="ellipsis", min_width=least, max_width=most)
    for outlet in data["outlets"]:
        for n, s in enumerate(outlet["statements"]):
            table.add_row(_cell(outlet["outlet"]) if n == 0 else "", _cell(s["verb"]), _cell(s["modality"]),
                          _cell(s["date"]), _cell(s["location"]), _cell(s["framing"]),
                          _cell(sorted({q["speaker"] for q in s["quotes"] if q["speaker"]})))
    out.print(table)


_COMPARE_COLUMNS = {"outlet": (6, 22), "verb": (12, 16), "modality": (12, 12), "date": (10, 10),
                    "location": (8, 20), "framing": (7, 26), "quoted": (6, 26)}


class _RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        elapsed = task.elapsed or 0
        if not elapsed:
            return Text("")
        words = task.fields.get("words", 0)
        return Text(f"{task.completed / elapsed:.1f} articles/s · {words / elapsed:,.0f} words/s", style="cyan")


@contextlib.contextmanager
def progress_bar(quiet: bool) -> Iterator:
    """A progress callback ``(articles, words)`` showing articles/s, or a no-op when quiet."""
    if quiet:
        yield None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.completed:,} articles analysed"), _RateColumn(),
                  TimeElapsedColumn(), console=console(stderr=True), transient=False) as progress:
        task = progress.add_task("ingest", total=None, words=0)

        def advance(articles: int, words: int) -> None:
            done = progress.tasks[task].fields.get("words", 0)
            progress.update(task, advance=articles, words=done + words)

        yield advance
