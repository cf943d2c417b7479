"""The lexicons entity extraction reads: countries, regions, organisations, people, titles, roles, sector cues.

Loaded once per pipeline from ``newsledger/data/*.tsv`` (and the user's ``--rules`` directories, which take
precedence), validated row by row. Lookups use :func:`name_key`, so ``U.S.``/``US`` and ``al-Muhandis``/``Al Muhandis``
meet.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import Row, check_iso3, check_sector, load_rows

_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u0060\u00b4]")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """A matching key for names: case, dots, dashes, apostrophe forms and spacing do not matter."""
    if text.isascii():  # what the three steps below come to on ASCII (NFKC leaves it as it is)
        text = text.replace("`", "'").replace("-", " ")
    else:
        text = unicodedata.normalize("NFKC", text)
        text = _APOSTROPHES.sub("'", text)
        text = _DASHES.sub(" ", text)
    text = text.replace(".", "")
    return _SPACES.sub(" ", text).strip().lower()


@dataclass(frozen=True, slots=True)
class Known:
    """A lexicon entry for an organisation, a person, a country or a region."""

    name: str
    type: str  # ORG, PERSON, GPE, LOC
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    sector: str | None
    kind: str


@dataclass(slots=True)
class Lexicons:
    sectors: dict[str, str] = field(default_factory=dict)
    countries: dict[str, Known] = field(default_factory=dict)  # iso3 -> entry
    country_names: dict[str, str] = field(default_factory=dict)  # key of name/alias -> iso3
    demonyms: dict[str, str] = field(default_factory=dict)  # key of demonym -> iso3
    capitals: dict[str, str] = field(default_factory=dict)  # key of capital -> iso3
    regions: dict[str, Known] = field(default_factory=dict)  # key -> entry
    organisations: dict[str, Known] = field(default_factory=dict)  # key -> entry
    people: dict[str, Known] = field(default_factory=dict)  # key -> entry
    titles: dict[tuple[str, ...], Title] = field(default_factory=dict)  # token keys -> title
    max_title_tokens: int = 0
    abbreviations: set[str] = field(default_factory=set)  # "Brig.", "Lt.": kept whole by the tokenizer
    roles: dict[str, str | None] = field(default_factory=dict)  # role key -> sector
    role_countries: dict[str, str] = field(default_factory=dict)  # role key -> iso3
    org_cues: dict[tuple[str, ...], str] = field(default_factory=dict)  # token keys -> sector
    place_cues: dict[str, str] = field(default_factory=dict)  # head word key -> FAC or LOC
    place_features: dict[str, str] = field(default_factory=dict)  # head word key -> feature (airport, ...)
    short_names: dict[str, Known] = field(default_factory=dict)  # "Putin" -> Vladimir Putin
    group_nouns: set[str] = field(default_factory=set)  # "thousands", "group", "members": resolved via "of"
    _surnames: dict[str, set[Known]] | None = None

    @classmethod
    def load(cls, extra_dirs: Sequence[str | Path] = ()) -> Lexicons:
        lex = cls()
        lex._load_sectors(extra_dirs)
        lex._load_countries(extra_dirs)
        lex._load_regions(extra_dirs)
        lex._load_known("organisations.tsv", ("name", "aliases", "country", "sector", "code"), "ORG",
                        lex.organisations, extra_dirs)
        lex._load_known("people.tsv", ("name", "aliases", "country", "sector", "role"), "PERSON",
                        lex.people, extra_dirs)
        lex._load_titles(extra_dirs)
        lex._load_roles(extra_dirs)
        lex._load_org_cues(extra_dirs)
        lex._load_place_cues(extra_dirs)
        lex._load_short_names(extra_dirs)
        lex.group_nouns = {row["noun"].lower() for row in load_rows("group_nouns.tsv", ("noun",), extra_dirs)}
        return lex

    # -- lookups ---------------------------------------------------------------------------------------------

    def country_of_name(self, text: str) -> str | None:
        return self.country_names.get(name_key(text))

    def country_of_demonym(self, text: str) -> str | None:
        return self.demonyms.get(name_key(text))

    def people_by_surname(self, surname_key: str) -> set[Known]:
        """People in the lexicon whose canonical name ends with this (keyed) surname."""
        if self._surnames is None:
            index: dict[str, set[Known]] = {}
            for entry in self.people.values():
                words = name_key(entry.name).split()
                if not {"bin", "ibn", "bint", "ben"} & set(words[1:-1]):  # "Hussein bin Abdullah": a patronym
                    index.setdefault(words[-1], set()).add(entry)
            self._surnames = index
        return self._surnames.get(surname_key, set())

    def known(self, text: str, type_: str | None = None) -> Known | None:
        """The lexicon entry a name refers to (people, organisations, countries, regions), if any."""
        key = name_key(text)
        order = {"PERSON": (self.people,), "ORG": (self.organisations,),
                 "FAC": (self.organisations, self.regions)}.get(type_ or "", ())
        for table in order or (self.people, self.organisations, self.regions):
            if key in table:
                return table[key]
        iso3 = self.country_names.get(key)
        if iso3 and type_ in (None, "GPE", "LOC", "ORG", "NORP"):
            return self.countries[iso3]
        if key in self.regions and type_ in ("GPE", "LOC"):
            return self.regions[key]
        return None

    def org_cue_in(self, name: str) -> str | None:
        """The sector implied by the longest cue word or phrase inside an organisation's name."""
        keys = name_key(name).split()
        for size in (3, 2, 1):
            for k in range(len(keys) - size + 1):
                sector = self.org_cues.get(tuple(keys[k:k + size]))
                if sector:
                    return sector
        return None

    def title_at(self, keys: Sequence[str], start: int) -> tuple[int, Title] | None:
        """The longest title beginning at token ``start`` of ``keys``: (number of tokens, title)."""
        for size in range(min(self.max_title_tokens, len(keys) - start), 0, -1):
            title = self.titles.get(tuple(keys[start:start + size]))
            if title is not None:
                return size, title
        return None

    def title_ending_at(self, keys: Sequence[str], end: int) -> tuple[int, Title] | None:
        """The longest title ending just before token ``end`` of ``keys``: (number of tokens, title)."""
        for size in range(min(self.max_title_tokens, end), 0, -1):
            title = self.titles.get(tuple(keys[end - size:end]))
            if title is not None:
                return size, title
        return None

    # -- loading ---------------------------------------------------------------------------------------------

    def _load_sectors(self, extra_dirs: Sequence[str | Path]) -> None:
        for row in load_rows("sectors.tsv", ("code", "name", "description"), extra_dirs):
            if not re.fullmatch(r"[A-Z]{3}", row["code"]):
                raise row.error(f"bad sector code {row['code']!r}", fix="use three capital letters, e.g. GOV")
            self.sectors.setdefault(row["code"], row["name"])

    def _load_countries(self, extra_dirs: Sequence[str | Path]) -> None:
        header = ("iso3", "name", "aliases", "demonyms", "capital")
        for row in load_rows("countries.tsv", header, extra_dirs, check=lambda r: check_iso3(r, "iso3")):
            iso3 = row["iso3"]
            if not iso3 or not row["name"]:
                raise row.error("a country needs iso3 and name", fix="fill both cells")
            if iso3 in self.countries:
                continue
            self.countries[iso3] = Known(name=row["name"], type="GPE", country=iso3, feature="country",
                                         aliases=tuple(row.values("aliases")))
            for name in [row["name"], *row.values("aliases")]:
                self.country_names.setdefault(name_key(name), iso3)
            for demonym in row.values("demonyms"):
                self.demonyms.setdefault(name_key(demonym), iso3)
            for capital in row.values("capital"):
                self.capitals.setdefault(name_key(capital), iso3)

    def _check_country_and_sector(self, row: Row) -> None:
        check_iso3(row, "country", set(self.countries))
        check_sector(row, "sector", set(self.sectors))

    def _load_regions(self, extra_dirs: Sequence[str | Path]) -> None:
        header = ("name", "aliases", "country", "lat", "lon", "feature")
        for row in load_rows("regions.tsv", header, extra_dirs, check=lambda r: check_iso3(r, "country",
                                                                                            set(self.countries))):
            try:
                lat = float(row["lat"]) if row["lat"] else None
                lon = float(row["lon"]) if row["lon"] else None
            except ValueError:
                raise row.error("lat/lon must be decimal numbers", fix="write e.g. 31.42 and 34.35") from None
            entry = Known(name=row["name"], type="LOC", country=row["country"] or None, lat=lat, lon=lon,
                          feature=row["feature"] or None, aliases=tuple(row.values("aliases")))
            for name in [row["name"], *row.values("aliases")]:
                self.regions.setdefault(name_key(name), entry)

    def _load_known(self, filename: str, header: tuple[str, ...], type_: str, table: dict[str, Known],
                    extra_dirs: Sequence[str | Path]) -> None:
        for row in load_rows(filename, header, extra_dirs, check=self._check_country_and_sector):
            if not row["name"]:
                raise row.error("empty name", fix="every row needs a name")
            entry = Known(name=row["name"], type=type_, country=row["country"] or None,
                          sector=row["sector"] or None, code=row.cells.get("code") or None,
                          role=row.cells.get("role") or None, aliases=tuple(row.values("aliases")))
            for name in [row["name"], *row.values("aliases")]:
                table.setdefault(name_key(name), entry)

    def _load_titles(self, extra_dirs: Sequence[str | Path]) -> None:
        header = ("title", "variants", "sector", "kind")
        kinds = {"rank", "office", "religious", "honorific", "nobility"}
        for row in load_rows("titles.tsv", header, extra_dirs,
                             check=lambda r: check_sector(r, "sector", set(self.sectors))):
            if row["kind"] not in kinds:
                raise row.error(f"unknown kind {row['kind']!r}", fix="use one of " + ", ".join(sorted(kinds)))
            title = Title(row["title"], row["sector"] or None, row["kind"])
            for form in [row["title"], *row.values("variants")]:
                self.abbreviations.update(w for w in form.split() if w.endswith(".") and len(w) <= 6)
                keys = tuple(_title_tokens(form))
                if keys:
                    self.titles.setdefault(keys, title)
                    self.max_title_tokens = max(self.max_title_tokens, len(keys))

    def _load_roles(self, extra_dirs: Sequence[str | Path]) -> None:
        header = ("role", "sector", "country_hint")

        def check(row: Row) -> None:
            check_sector(row, "sector", set(self.sectors))
            check_iso3(row, "country_hint", set(self.countries))

        for row in load_rows("roles.tsv", header, extra_dirs, check=check):
            key = name_key(row["role"])
            self.roles.setdefault(key, row["sector"] or None)
            if row["country_hint"]:
                self.role_countries.setdefault(key, row["country_hint"])

    def _load_org_cues(self, extra_dirs: Sequence[str | Path]) -> None:
        for row in load_rows("org_cues.tsv", ("cue", "sector"), extra_dirs,
                             check=lambda r: check_sector(r, "sector", set(self.sectors))):
            self.org_cues.setdefault(tuple(name_key(row["cue"]).split()), row["sector"])

    def _load_place_cues(self, extra_dirs: Sequence[str | Path]) -> None:
        for row in load_rows("place_cues.tsv", ("cue", "type", "feature"), extra_dirs):
            if row["type"] not in ("FAC", "LOC"):
                raise row.error(f"unknown type {row['type']!r}", fix="use FAC (built) or LOC (natural)")
            key = name_key(row["cue"])
            self.place_cues.setdefault(key, row["type"])
            self.place_features.setdefault(key, row["feature"])

    def _load_short_names(self, extra_dirs: Sequence[str | Path]) -> None:
        for row in load_rows("short_names.tsv", ("short", "name"), extra_dirs):
            entry = self.people.get(name_key(row["name"]))
            if entry is None or name_key(entry.name) != name_key(row["name"]):
                raise row.error(f"{row['name']!r} is not a canonical name in people.tsv",
                                fix="use the person's name exactly as people.tsv's name column gives it")
            self.short_names.setdefault(name_key(row["short"]), entry)


def _title_tokens(form: str) -> list[str]:
    """Title forms as spaCy tokenises them, keyed: 'Lt. Gen.' -> ['lt', 'gen'], 'Lieutenant-General' -> two."""
    return [k for k in name_key(form).split() if k]
