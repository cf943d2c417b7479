"""The one path from an article to its analysis.

:func:`analyze` turns a parsed article into an :class:`ArticleAnalysis`; it is deterministic and does no I/O. A
:class:`Pipeline` holds what it needs (the spaCy model and the rule data, loaded once) and runs articles through it
in batches. The CLI, the HTTP server and the distributed runner all go through here.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.attrs import ORTH
from spacy.tokens import Doc

from . import __version__
from .datafiles import data_files
from .errors import InputError
from .extract.actors import ActorResolver
from .extract.entities import EntityBuilder
from .extract.events import EventCoder
from .extract.framing import FramingFinder
from .extract.gazetteer import gazetteer
from .extract.lexicons import Lexicons
from .extract.mentions import MentionFinder
from .extract.ontology import Ontology
from .extract.places import PlaceFinder
from .extract.quotes import QuoteFinder
from .extract.rules import RuleSet
from .extract.times import TimeFinder
from .ingest import content_id, parse_date, repair_text
from .nlp.annotate import fast_annotator
from .nlp.model import load_model, parse
from .records import Article, ArticleAnalysis, Entity, Place, Reject

DATA_FILES = ("sectors.tsv", "countries.tsv", "regions.tsv", "organisations.tsv", "people.tsv", "titles.tsv",
              "roles.tsv", "org_cues.tsv", "place_cues.tsv", "short_names.tsv", "group_nouns.tsv", "cameo.tsv",
              "complement_codes.tsv", "reciprocal_codes.tsv", "modality_cues.tsv", "event_rules.tsv", "time_words.tsv",
              "country_points.tsv", "admin_areas.tsv",
              "continents.tsv", "place_prepositions.tsv", "place_qualifiers.tsv", "speech_cues.tsv",
              "pronouns.tsv", "framing_terms.tsv", "violent_verbs.tsv")


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """Everything needed to build the same pipeline again in another process."""

    model: str | None = None
    rules: tuple[str, ...] = ()
    #: texts per ``nlp.pipe`` batch. The parse is as fast at 8 as at 32 or 128, and the model's arrays for a batch of
    #: long articles are what sets the peak memory: 32 allsides articles at a time peak about 400 MB higher.
    batch_size: int = 8
    #: characters per batch, unless one text (or chunk) alone is longer; see :func:`~newsledger.nlp.model.parse`.
    batch_chars: int = 40_000
    #: a text longer than this is parsed in chunks cut after paragraph breaks and joined again (offsets exact), so
    #: that one very long article costs no more memory than a batch: a 13,400-word article parsed whole takes
    #: about 280 MB more at its peak. ``None``: spaCy's own limit, ``nlp.max_length``.
    max_chars: int | None = 20_000


class Pipeline:
    """A loaded pipeline: ``Pipeline().analyze(text, outlet=..., published=...)``."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        self.nlp = load_model(self.config.model)
        self.lexicons = Lexicons.load(self.config.rules)
        for abbreviation in sorted(self.lexicons.abbreviations):
            self.nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
        self.annotator = fast_annotator(self.nlp)
        places = gazetteer()
        self.mentions = MentionFinder(self.nlp.vocab, self.nlp.make_doc, self.lexicons, places)
        self.entities = EntityBuilder(self.lexicons, places)
        self.times = TimeFinder(extra_dirs=self.config.rules)
        self.places = PlaceFinder(self.lexicons, extra_dirs=self.config.rules)
        self.ontology = Ontology.load(self.config.rules)
        self.rules = RuleSet.load(self.ontology, self.config.rules)
        self.events = EventCoder(self.rules, self.ontology, ActorResolver(self.lexicons))
        self.quotes = QuoteFinder(self.lexicons, self.config.rules)
        self.framing = FramingFinder(self.nlp.make_doc, self.config.rules, cues=self.quotes.cues)
        self.meta = {"newsledger": __version__,
                     "model": f"{self.nlp.meta['name']}-{self.nlp.meta['version']}",
                     "rules": rules_version(self.config.rules)}

    def analyze(self, text: str | Article, *, outlet: str | None = None, published: str | None = None,
                title: str | None = None, url: str | None = None, id: str | None = None) -> ArticleAnalysis:
        """Analyse one article, given as an :class:`Article` or as raw text plus metadata."""
        article = text if isinstance(text, Article) else make_article(text, outlet=outlet, published=published,
                                                                         title=title, url=url, id=id)
        return next(self.analyze_many([article]))

    def analyze_many(self, articles: Iterable[Article], *, errors: str = "raise"
                     ) -> Iterator[ArticleAnalysis | Reject]:
        """Analyses in input order; the texts go through ``nlp.pipe`` in batches.

        With ``errors="reject"`` an article whose analysis fails becomes a :class:`Reject` saying so, and the
        run goes on (a long ingest is not lost to one odd article).
        """
        queue: deque[Article] = deque()

        def texts() -> Iterator[str]:
            for article in articles:
                queue.append(article)
                yield article.text

        docs = parse(self.nlp, texts(), batch_size=self.config.batch_size, batch_chars=self.config.batch_chars,
                     max_chars=self.config.max_chars,
                     annotator=self.annotator)
        for doc in docs:
            article = queue.popleft()
            if errors == "raise":
                yield analyze(article, doc, self)
                continue
            try:
                yield analyze(article, doc, self)
            except Exception as error:  # noqa: BLE001 - reported per record, never swallowed
                yield Reject(source=article.source or "<input>", line=article.line,
                             reason=f"analysis failed ({type(error).__name__}: {error})",
                             fix="report this record as a newsledger bug; the rest of the run was stored",
                             raw=article.text[:2000])


def analyze(article: Article, doc: Doc, pipeline: Pipeline) -> ArticleAnalysis:
    """The analysis of one parsed article (``doc`` is ``pipeline.nlp`` applied to ``article.text``).

    Each step reads what the steps before it decided and never re-derives it.
    """
    mentions = pipeline.mentions.find(doc)
    entities = pipeline.entities.build(doc, mentions)
    times = pipeline.times.find(doc, article.published)
    places = pipeline.places.find(doc, entities, article.published)
    _countries_from_places(entities.entities, places)
    events = pipeline.events.code(doc, entities, times=times, places=places, published=article.published)
    quotes = pipeline.quotes.find(doc, entities)
    framing = pipeline.framing.find(doc)
    for event in events:  # the word the text chose for a violent event; framing never changes its code
        if event.quad_class == 4 and (trigger := doc.char_span(event.trigger.start, event.trigger.end)) is not None:
            if choice := pipeline.framing.verb_choice(trigger.root):
                event.extra["verb_choice"] = choice
    return ArticleAnalysis(article=article, entities=entities.entities, events=events, quotes=quotes,
                           places=places, times=times, framing=framing, meta=dict(pipeline.meta))


def _countries_from_places(entities: list[Entity], places: list[Place]) -> None:
    """A place-named entity the name lists could not place (``Texas``, ``Fars``) takes the country of the place
    its mention was resolved to, so that ``police in Texas`` and ``Texas officials`` have a country."""
    resolved = {(p.start, p.end): p for p in places if p.country and p.start is not None}
    for entity in entities:
        if entity.country is None and entity.type in ("GPE", "LOC", "FAC"):
            place = next((resolved[(m.start, m.end)] for m in entity.mentions if (m.start, m.end) in resolved), None)
            if place is not None:
                entity.country = place.country
                entity.basis["country"] = "gazetteer"


def make_article(text: str, *, outlet: str | None = None, published: str | None = None, title: str | None = None,
                 url: str | None = None, id: str | None = None) -> Article:
    """An Article from raw text: the text repaired, the date checked, an id made from the content if none."""
    repaired = repair_text(text)
    if not repaired:
        raise InputError("the text is empty", fix="pass the article's body text")
    if published:
        try:
            published = parse_date(published)
        except ValueError as exc:
            raise InputError(f"bad publication date {published!r} ({exc})", fix="write it as YYYY-MM-DD") from None
    return Article(id=id or content_id(repaired, outlet, published), text=repaired, outlet=outlet,
                   published=published, title=title, url=url)


def rules_version(extra_dirs: Sequence[str | Path] = ()) -> str:
    """A short hash of every rule and lexicon file in use: the same rules give the same version."""
    digest = hashlib.sha256()
    for filename in DATA_FILES:
        for path, text in data_files(filename, extra_dirs):
            digest.update(filename.encode())
            digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:12]
