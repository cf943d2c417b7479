"""The ``newsledger`` command: a thin click layer over the library (readers, pipeline, ledger)."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import InputError, NewsledgerError, StoreError
from .ingest import ReadOptions, RejectsFile, expand_paths, parse_date, read_articles
from .ingest.options import check_options
from .records import Reject
from .render import print_analysis, print_comparison, print_json, print_result, print_stats, progress_bar
from .store.export import EXPORT_FORMATS, TABLES, export
from .store.canonical import CANONICAL_COLUMNS
from .store.ledger import DEFAULT_PATH, Ledger, open_ledger
from .store.queries import Filters, QueryResult

OUTPUT_FORMATS = ("table", "json", "csv")
CANONICAL_TABLE = ("id", "date", "cameo", "source", "target", "modality", "num_sources", "num_articles",
                   "num_mentions", "location")


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
        click.option("--entity", help="Only records naming this entity (substring of its name or of any of its "
                     "spellings across articles, or an alias)."),
        click.option("--country", metavar="ISO3", help="Only records involving this country (ISO alpha-3)."),
        click.option("--limit", type=click.IntRange(min=0), help="At most this many rows."),
        click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows."),
        click.option("--format", "output", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _code_options(command):
    """--code, --root and --quad: the CAMEO filters shared by event statements and canonical events."""
    command = click.option("--quad", type=click.IntRange(1, 4), help="Quad class: 1 verbal coop., 2 material "
                           "coop., 3 verbal conflict, 4 material conflict.")(command)
    command = click.option("--root", help="A CAMEO root code, 01–20.")(command)
    return click.option("--code", help="A CAMEO code; its sub-codes match too (19 → 190, 193, 1951 …).")(command)


def _duplicates_option(command):
    return click.option("--exclude-duplicates", is_flag=True,
                        help="Leave out near-duplicate copies (wire copies, republications), keeping one article "
                        "per group (see `newsledger duplicates`).")(command)


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


def _filters(outlet, since, until, entity, country, limit, offset, exclude_duplicates: bool = False) -> Filters:
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
                   country=country, limit=limit, offset=offset, exclude_duplicates=exclude_duplicates)


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
@click.option("--resume", is_flag=True, help="Continue the last run of this same command if it was interrupted, "
              "without reading again what it had stored.")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True,
              help="Articles per transaction (per task with --engine dask).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: processes on this machine, into the ledger; dask: a Dask cluster, into a Parquet "
              "dataset (--dataset) that `newsledger attach` lets the query commands read.")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: an existing cluster's scheduler "
              "(tcp://host:8786); default: a local cluster of --workers processes.")
@click.option("--dataset", type=click.Path(file_okay=False), help="With --engine dask: the dataset directory "
              "(default: next to the ledger, <db>.dataset).")
@_fail_nicely
def ingest(paths, db, input_format, fields, outlet, published, encoding, rules, workers, rejects, quiet, resume,
           batch_size, engine, scheduler, dataset):
    """Read, analyse and store articles in the ledger. Already-stored articles are skipped.

    PATHS are files, directories, globs or - for standard input: seed-line text, JSONL, JSON, CSV/TSV, plain
    text or HTML, each optionally gzipped. Exits 1 when nothing could be stored.
    """
    from .pipeline import PipelineConfig
    from .run import ingest as run_ingest

    options = _read_options(input_format, fields, outlet, published, encoding)
    paths = expand_paths(paths)
    config = PipelineConfig(rules=tuple(rules))
    on_reject = None if quiet else (lambda item: click.echo(f"Rejected: {item.message()}", err=True))
    if engine == "dask":
        _ingest_dask(paths, dataset or str(Path(db).with_suffix("")) + ".dataset", scheduler=scheduler,
                     workers=workers, config=config, options=options, rejects=rejects, quiet=quiet, resume=resume,
                     batch_size=batch_size, on_reject=on_reject)
        return
    if scheduler or dataset:
        raise click.UsageError("--scheduler and --dataset go with --engine dask")
    rejects_path = rejects or str(Path(db).with_suffix("")) + ".rejects.jsonl"
    with Ledger(db) as ledger, RejectsFile(rejects_path) as rejects_file, progress_bar(quiet) as progress:
        report = run_ingest(paths, ledger, config=config, options=options, rejects=rejects_file, workers=workers,
                            stdin=sys.stdin.buffer, batch_size=batch_size, resume=resume, on_reject=on_reject,
                            on_progress=progress)
    click.echo(report.summary() + f" — {db}")
    if report.new + report.present == 0:
        sys.exit(1)


def _ingest_dask(paths, dataset, *, rejects, quiet, resume, batch_size, **settings) -> None:
    from .scale import ingest_dask

    if resume:
        raise click.UsageError("--resume goes with the local engine; a Dask run is re-run whole (what the dataset "
                               "holds is skipped)")
    rejects_path = rejects or str(Path(dataset) / "rejects.jsonl")
    with RejectsFile(rejects_path) as rejects_file, progress_bar(quiet) as progress:
        report = ingest_dask(paths, dataset, rejects=rejects_file, stdin=sys.stdin.buffer,
                             partition_size=batch_size, on_progress=progress, **settings)
    click.echo(report.summary() + f" — {dataset} (`newsledger attach {dataset}` lets the query commands read it)")
    if report.new + report.present == 0:
        sys.exit(1)


@main.command()
@_db_option
@_filter_options
@click.option("--q", "query", help="Only articles whose title or text contains this.")
@_duplicates_option
@_fail_nicely
def articles(db, outlet, since, until, entity, country, limit, offset, output, query, exclude_duplicates):
    """List stored articles with their entity, event and quote counts."""
    filters = _filters(outlet, since, until, entity, country, limit, offset, exclude_duplicates)
    with open_ledger(db) as ledger:
        print_result(ledger.articles(filters, q=query), output)


@main.command()
@_db_option
@_filter_options
@click.option("--type", "type_", help="Only this entity type (PERSON, ORG, GPE, NORP, LOC, FAC).")
@_duplicates_option
@_fail_nicely
def entities(db, outlet, since, until, entity, country, limit, offset, output, type_, exclude_duplicates):
    """List entities across articles, one row per person, organisation or place however it is spelt: name,
    type, country, sector, articles, mentions and the other spellings seen (--format json or csv add its id).

    --entity matches the name or any spelling (Qasem Soleimani finds Qassem Soleimani)."""
    filters = _filters(outlet, since, until, entity, country, limit, offset, exclude_duplicates)
    with open_ledger(db) as ledger:
        print_result(ledger.entities(filters, type=type_), output,
                     table_columns=("name", "type", "country", "sector", "articles", "mentions", "aliases"))


@main.command()
@_db_option
@_filter_options
@_fail_nicely
def duplicates(db, outlet, since, until, entity, country, limit, offset, output):
    """List near-duplicate articles (wire copies, republications) group by group, with their similarity.

    Nothing is deleted: each group is named after its representative (its smallest article id), and the query
    commands count every copy unless given --exclude-duplicates."""
    filters = _filters(outlet, since, until, entity, country, limit, offset)
    with open_ledger(db) as ledger:
        print_result(ledger.duplicates(filters), output,
                     table_columns=("group_id", "article_id", "published", "outlet", "title", "similarity"))


@main.command()
@_db_option
@_filter_options
@_code_options
@click.option("--source-country", metavar="ISO3", help="Only events whose source is of this country.")
@click.option("--target-country", metavar="ISO3", help="Only events whose target is of this country.")
@click.option("--modality", type=click.Choice(["asserted", "negated", "future", "hypothetical", "claimed"]))
@_duplicates_option
@_fail_nicely
def events(db, outlet, since, until, entity, country, limit, offset, output, code, root, quad, source_country,
           target_country, modality, exclude_duplicates):
    """List coded events: date, CAMEO code, source, target, modality and trigger (--format json or csv add
    the article and event ids, publication date, outlet and the actors' countries).

    Here --since/--until filter on each event's own date (a month-precise date is the whole month) and
    --country also matches where the event took place; events with an unknown date match no date range."""
    filters = _filters(outlet, since, until, entity, country, limit, offset, exclude_duplicates)
    with open_ledger(db) as ledger:
        print_result(ledger.events(filters, code=code, root=root, quad=quad, source_country=source_country,
                                   target_country=target_country, modality=modality), output,
                     table_columns=("date", "cameo", "source", "target", "modality", "trigger", "label"))


@main.command()
@_db_option
@_filter_options
@click.option("--speaker", help="Only quotes whose speaker's name contains this.")
@_duplicates_option
@_fail_nicely
def quotes(db, outlet, since, until, entity, country, limit, offset, output, speaker, exclude_duplicates):
    """List quotations with their speakers."""
    filters = _filters(outlet, since, until, entity, country, limit, offset, exclude_duplicates)
    with open_ledger(db) as ledger:
        print_result(ledger.quotes(filters, speaker=speaker), output)


@main.command()
@_db_option
@_filter_options
@click.option("--by", type=click.Choice(["outlet", "term"]), default="outlet", show_default=True,
              help="Top terms of each outlet, or over all articles.")
@click.option("--category", type=click.Choice(["loaded_term", "delegitimising_label", "euphemism", "honorific",
                                               "intensifier", "distancing", "scare_quote", "verb_choice"]),
              help="Only this kind of framing mark.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Terms per outlet.")
@click.option("--outside-quotes", is_flag=True, help="Leave out words inside direct quotations.")
@_duplicates_option
@_fail_nicely
def framing(db, outlet, since, until, entity, country, limit, offset, output, by, category, top, outside_quotes,
            exclude_duplicates):
    """Compare framing: the loaded terms, labels and euphemisms each outlet uses, per 1,000 words."""
    filters = _filters(outlet, since, until, entity, country, limit, offset, exclude_duplicates)
    with open_ledger(db) as ledger:
        print_result(ledger.framing(filters, by=by, category=category, top=top, outside_quotes=outside_quotes),
                     output)


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


@main.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False))
@_db_option
@_fail_nicely
def attach(dataset, db):
    """Let the query commands read a Parquet dataset written by `ingest --engine dask`, through DuckDB views.

    The views go into the ledger file --db (a new one, or one holding no articles of its own), and the corpus
    layer (corpus entities, near-duplicates, canonical events) takes in the dataset's articles; attach again to
    refresh both.
    """
    from . import corpus
    from .store.dataset import attach as attach_dataset

    with Ledger(db) as ledger:
        counts = attach_dataset(ledger, dataset)
        corpus.update(ledger)  # the cross-article tables live in the ledger file, over the dataset's articles
    click.echo(f"{db} reads {dataset}: {counts['articles']} articles, {counts['events']} events, "
               f"{counts['entities']} entities")


@main.command()
@_db_option
@_fail_nicely
def upgrade(db):
    """Bring a ledger written by an older newsledger up to this version: add the new tables, then link its
    articles across the corpus (corpus entities, near-duplicates, canonical events). Safe to run again."""
    from . import corpus

    if not Path(db).exists():
        raise StoreError(f"no ledger at {db}", fix="pass the right --db")
    with Ledger(db) as ledger:  # opening it for writing applies the migrations it lacks
        corpus.update(ledger)
        version = ledger.schema_version
    click.echo(f"{db}: schema {version}, corpus layer up to date")


@main.command(name="export")
@_db_option
@click.option("--format", "output", type=click.Choice(EXPORT_FORMATS), required=True,
              help="jsonl: one contract record per article; csv/parquet: one table; gdelt: the events as a "
              "GDELT 2.0 event table (TSV).")
@click.option("--canonical", is_flag=True, help="With --format gdelt: one row per canonical event (with "
              "NumMentions, NumSources, NumArticles) instead of one per statement.")
@click.option("--table", type=click.Choice(TABLES), default="events", show_default=True,
              help="Which table to write (csv and parquet).")
@click.option("-o", "--output-path", "path", type=click.Path(dir_okay=False), help="Output file (default: stdout "
              "for jsonl and csv; parquet needs a path).")
@_fail_nicely
def export_command(db, output, table, path, canonical):
    """Write the ledger out: contract records as JSONL, a table as CSV or Parquet (canonical_events and
    canonical_links hold the events clustered across articles), or the events as a GDELT 2.0 table."""
    with open_ledger(db) as ledger:
        count = export(ledger, output, table=table, path=path, canonical=canonical)
    if path:
        click.echo(f"{count} rows written to {path}", err=True)


@main.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address needs --token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", envvar="NEWSLEDGER_TOKEN", help="A secret that POST requests (POST /api/analyze) must send "
              "as `Authorization: Bearer TOKEN` (or set NEWSLEDGER_TOKEN). GET requests stay open.")
@_fail_nicely
def serve(db, host, port, token):
    """Explore the ledger in a browser: articles with their spans highlighted, events, a timeline, a map, the
    network of who acts on whom, and the JSON API (OpenAPI at /openapi.json). Runs until Ctrl-C."""
    from .serve.app import is_loopback, run

    if not is_loopback(host) and not token:
        raise click.UsageError(f"--host {host} lets other machines reach the explorer: pass --token SECRET too "
                               "(or set NEWSLEDGER_TOKEN), which POST requests must then send")
    open_ledger(db).close()
    address = f"[{host}]" if ":" in host else host
    click.echo(f"newsledger explorer: http://{address}:{port}/ ({Path(db).name}, read-only) — Ctrl-C to stop")
    run(db, host=host, port=port, token=token)


# -- across articles: canonical events, outlets, timelines ---------------------------------------------------


@main.command()
@_db_option
@_filter_options
@_code_options
@_fail_nicely
def canonical(db, outlet, since, until, entity, country, limit, offset, output, code, root, quad):
    """List canonical events — the statements of many articles that tell one real-world event — most widely
    reported first, with the ids `newsledger compare ID` takes: date, code, source, target, modality and how many
    outlets, articles and statements tell each (--format json or csv add every column).

    Here --since/--until filter on each event's own date (a month-precise date is the whole month), --outlet
    keeps the events that outlet told and --entity matches any spelling of a source or target."""
    filters = _filters(outlet, since, until, entity, country, limit, offset)
    with open_ledger(db) as ledger:
        print_result(ledger.canonical_events(filters, code=code, root=root, quad=quad), output,
                     table_columns=CANONICAL_TABLE)


@main.command()
@click.argument("event_id")
@_db_option
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_fail_nicely
def compare(event_id, db, output):
    """Compare how each outlet told one canonical event (EVENT_ID from `newsledger canonical`): its statements
    side by side with the verb each chose ("assassinated" or "killed"), the framing marks and quotes of the
    sentence, and the date, place and modality each gave."""
    with open_ledger(db) as ledger:
        data = ledger.compare(event_id)
    if data is None:
        raise NewsledgerError(f"no canonical event {event_id!r} in {db}",
                              fix="list them with `newsledger canonical` (ids look like ev-1d275abb3914)")
    if output == "json":
        print_json(data)
    else:
        print_comparison(data)


@main.command()
@_db_option
@click.option("--format", "output", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
@_fail_nicely
def outlets(db, output):
    """Profile every outlet: articles (and near-duplicate copies among them), event statements, the canonical
    events it told, its statements by quad class, its most used framing terms and its most quoted speakers."""
    with open_ledger(db) as ledger:
        print_result(ledger.outlets(), output)


@main.command()
@_db_option
@click.option("--entity", required=True, help="A person, organisation or country, by any spelling (any case).")
@click.option("--format", "output", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
@_fail_nicely
def timeline(db, entity, output):
    """The canonical events an entity took part in as source or target, in the order they happened (by the
    events' own dates; undated events last), with how widely each was reported."""
    with open_ledger(db) as ledger:
        rows = ledger.timeline(entity)
    print_result(QueryResult(list(CANONICAL_COLUMNS), [tuple(r[c] for c in CANONICAL_COLUMNS) for r in rows]),
                 output, table_columns=("date", *CANONICAL_TABLE[2:], "id"))


if __name__ == "__main__":  # pragma: no cover
    main()
