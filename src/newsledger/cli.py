"""The ``newsledger`` command: a thin click layer over the library (readers, pipeline, ledger)."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import InputError, NewsledgerError
from .ingest import ReadOptions, RejectsFile, expand_paths, parse_date, read_articles
from .ingest.options import check_options
from .records import Reject
from .render import print_analysis, print_result, print_stats, progress_bar
from .store.export import EXPORT_FORMATS, TABLES, export
from .store.ledger import DEFAULT_PATH, Ledger, open_ledger
from .store.queries import Filters

OUTPUT_FORMATS = ("table", "json", "csv")


def _fail_nicely(command):
    """Turn newsledger's errors into a one-line message and exit 1 (2 for usage errors), never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as error:
            if error.source and error.source.startswith("--") or error.line is None:
                raise click.UsageError(str(error)) from None
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)
        except NewsledgerError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)

    return wrapper


def _db_option(command):
    return click.option("--db", default=lambda: os.environ.get("NEWSLEDGER_DB", DEFAULT_PATH),
                        show_default=DEFAULT_PATH, type=click.Path(dir_okay=False),
                        help="The DuckDB ledger file (or set NEWSLEDGER_DB).")(command)


def _reading_options(command):
    options = [
        click.option("--input-format", type=click.Choice(["seed", "jsonl", "json", "csv", "tsv", "txt", "html"]),
                     help="Force the input format (default: by extension, then by content)."),
        click.option("--field", "fields", multiple=True, metavar="FIELD=NAME",
                     help="Read a contract field from another input field, e.g. --field text=body."),
        click.option("--outlet", help="Outlet for records that name none (plain .txt files)."),
        click.option("--published", metavar="YYYY-MM-DD", help="Publication date for records that give none."),
        click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the input files."),
        click.option("--rules", "rules", multiple=True, type=click.Path(exists=True, file_okay=False),
                     help="A directory of your own rule/lexicon files; they take precedence."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filter_options(command):
    options = [
        click.option("--outlet", help="Only this outlet (case-insensitive)."),
        click.option("--since", metavar="YYYY-MM-DD", help="Published on or after this date."),
        click.option("--until", metavar="YYYY-MM-DD", help="Published on or before this date."),
        click.option("--entity", help="Only records naming this entity (substring of its name, or an alias)."),
        click.option("--country", metavar="ISO3", help="Only records involving this country (ISO alpha-3)."),
        click.option("--limit", type=click.IntRange(min=0), help="At most this many rows."),
        click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows."),
        click.option("--format", "output", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _read_options(input_format, fields, outlet, published, encoding) -> ReadOptions:
    mapping = {}
    for item in fields:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not FIELD=NAME (e.g. text=body)", param_hint="--field")
        mapping[key.strip()] = value.strip()
    options = ReadOptions(format=input_format, fields=mapping, outlet=outlet, published=published,
                          encoding=encoding)
    check_options(options)
    return options


def _filters(outlet, since, until, entity, country, limit, offset) -> Filters:
    dates = {}
    for name, value in (("--since", since), ("--until", until)):
        if value:
            try:
                dates[name] = parse_date(value)
            except ValueError as error:
                raise click.BadParameter(str(error), param_hint=name) from None
            if dates[name] is None:
                raise click.BadParameter(f"{value!r} is not a date", param_hint=name)
    return Filters(outlet=outlet, since=dates.get("--since"), until=dates.get("--until"), entity=entity,
                   country=country, limit=limit, offset=offset)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsledger")
def main() -> None:
    """Turn news articles into a ledger of events, offline, with every field traceable to its words."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output", type=click.Choice(["summary", "jsonl"]), default="summary", show_default=True,
              help="A readable summary, or one contract record (JSON) per line.")
@_reading_options
@click.option("--rejects", type=click.Path(dir_okay=False), help="Also write rejected records to this JSONL file.")
@_fail_nicely
def analyze(paths, output, input_format, fields, outlet, published, encoding, rules, rejects):
    """Analyse files without storing anything (no database): print a summary or the JSON contract.

    PATHS are files, directories, globs or - for standard input, in any input format.
    """
    from .pipeline import Pipeline, PipelineConfig

    options = _read_options(input_format, fields, outlet, published, encoding)
    paths = expand_paths(paths)
    pipeline = Pipeline(PipelineConfig(rules=tuple(rules)))
    rejects_file = RejectsFile(rejects) if rejects else None
    stored = 0

    def articles():
        for item in read_articles(paths, options, stdin=sys.stdin.buffer):
            if isinstance(item, Reject):
                click.echo(f"Rejected: {item.message()}", err=True)
                if rejects_file is not None:
                    rejects_file.write(item)
            else:
                yield item

    for analysis in pipeline.analyze_many(articles()):
        stored += 1
        if output == "jsonl":
            click.echo(json.dumps(analysis.to_dict(), ensure_ascii=False))
        else:
            print_analysis(analysis)
    if rejects_file is not None:
        rejects_file.close()
    if not stored:
        click.echo("Error: no article could be analysed (see the messages above)", err=True)
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_db_option
@_reading_options
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes that analyse in parallel (each loads the pipeline once).")
@click.option("--rejects", type=click.Path(dir_okay=False),
              help="Where rejected records go (default: next to the ledger, <db>.rejects.jsonl).")
@click.option("--quiet", is_flag=True, help="No progress bar and no per-record messages.")
@_fail_nicely
def ingest(paths, db, input_format, fields, outlet, published, encoding, rules, workers, rejects, quiet):
    """Read, analyse and store articles in the ledger. Already-stored articles are skipped.

    PATHS are files, directories, globs or - for standard input: seed-line text, JSONL, JSON, CSV/TSV, plain
    text or HTML, each optionally gzipped. Exits 1 when nothing could be stored.
    """
    from .pipeline import PipelineConfig
    from .run import ingest as run_ingest

    options = _read_options(input_format, fields, outlet, published, encoding)
    paths = expand_paths(paths)
    rejects_path = rejects or str(Path(db).with_suffix("")) + ".rejects.jsonl"
    on_reject = None if quiet else (lambda item: click.echo(f"Rejected: {item.message()}", err=True))
    with Ledger(db) as ledger, RejectsFile(rejects_path) as rejects_file, progress_bar(quiet) as progress:
        report = run_ingest(paths, ledger, config=PipelineConfig(rules=tuple(rules)), options=options,
                            rejects=rejects_file, workers=workers, stdin=sys.stdin.buffer, on_reject=on_reject,
                            on_progress=progress)
    click.echo(report.summary() + f" — {db}")
    if report.new + report.present == 0:
        sys.exit(1)


@main.command()
@_db_option
@_filter_options
@click.option("--q", "query", help="Only articles whose title or text contains this.")
@_fail_nicely
def articles(db, outlet, since, until, entity, country, limit, offset, output, query):
    """List stored articles with their entity, event and quote counts."""
    filters = _filters(outlet, since, until, entity, country, limit, offset)
    with open_ledger(db) as ledger:
        print_result(ledger.articles(filters, q=query), output)


@main.command()
@_db_option
@_filter_options
@click.option("--type", "type_", help="Only this entity type (PERSON, ORG, GPE, NORP, LOC, FAC).")
@_fail_nicely
def entities(db, outlet, since, until, entity, country, limit, offset, output, type_):
    """List entities across articles: name, type, country, sector, articles and mentions."""
    filters = _filters(outlet, since, until, entity, country, limit, offset)
    with open_ledger(db) as ledger:
        print_result(ledger.entities(filters, type=type_), output)


@main.command()
@_db_option
@_filter_options
@_fail_nicely
def events(db, outlet, since, until, entity, country, limit, offset, output):
    """List coded events: date, CAMEO code, source, target, modality and trigger."""
    filters = _filters(outlet, since, until, entity, country, limit, offset)
    with open_ledger(db) as ledger:
        print_result(ledger.events(filters), output)


@main.command()
@_db_option
@_filter_options
@click.option("--speaker", help="Only quotes whose speaker's name contains this.")
@_fail_nicely
def quotes(db, outlet, since, until, entity, country, limit, offset, output, speaker):
    """List quotations with their speakers."""
    filters = _filters(outlet, since, until, entity, country, limit, offset)
    with open_ledger(db) as ledger:
        print_result(ledger.quotes(filters, speaker=speaker), output)


@main.command()
@_db_option
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_fail_nicely
def stats(db, output):
    """What the ledger holds: counts, outlets, dates, top entities."""
    with open_ledger(db) as ledger:
        data = ledger.stats()
    if output == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_stats(data, db)


@main.command(name="export")
@_db_option
@click.option("--format", "output", type=click.Choice(EXPORT_FORMATS), required=True,
              help="jsonl: one contract record per article; csv/parquet: one table.")
@click.option("--table", type=click.Choice(TABLES), default="events", show_default=True,
              help="Which table to write (csv and parquet).")
@click.option("-o", "--output-path", "path", type=click.Path(dir_okay=False), help="Output file (default: stdout "
              "for jsonl and csv; parquet needs a path).")
@_fail_nicely
def export_command(db, output, table, path):
    """Write the ledger out: contract records as JSONL, or a table as CSV or Parquet."""
    with open_ledger(db) as ledger:
        count = export(ledger, output, table=table, path=path)
    if path:
        click.echo(f"{count} rows written to {path}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
