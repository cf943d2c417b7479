"""Places and event locations, on the founding example and on sentences written for these tests."""

from __future__ import annotations

import math

import pytest

from newsledger.errors import DataFileError
from newsledger.extract.places import PlaceFinder, Toponym
from newsledger.extract.where import event_location


@pytest.fixture(scope="module")
def finder(pipeline) -> PlaceFinder:
    return getattr(pipeline, "places", None) or PlaceFinder(pipeline.lexicons)


def analyse(pipeline, finder, text: str):
    doc = pipeline.nlp(text)
    entities = pipeline.entities.build(doc, pipeline.mentions.find(doc))
    return doc, entities, finder.find(doc, entities)


def the_place(places, text: str):
    found = [p for p in places if p.text == text]
    assert found, f"{text!r} not found among {[p.text for p in places]}"
    return found[0]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))


def trigger(doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_places_founding_example(pipeline, finder, founding):
    doc, entities, places = analyse(pipeline, finder, founding.article.text)
    airport = the_place(places, "Baghdad International Airport")
    assert (airport.country, airport.feature) == ("IRQ", "airport")
    assert km(airport.lat, airport.lon, 33.26, 44.23) < 10
    assert the_place(places, "Gaza").country == "PSE"
    assert all(founding.article.text[p.start:p.end] == p.text for p in places)
    location = event_location(doc, trigger(doc, "assassinated"), places)
    assert location is not None and location.name == "Baghdad International Airport"


@pytest.mark.parametrize("text, country, lat_range", [
    ("Storms flooded Paris on Tuesday, and officials in Dallas and Austin said more rain would fall across "
     "Texas.", "USA", (30, 37)),
    ("Protesters marched in Paris on Tuesday as unions in Lyon and Marseille joined a strike across France.",
     "FRA", (48, 49.5)),
])
def test_places_disambiguated_by_the_article_countries(pipeline, finder, text, country, lat_range):
    _, _, places = analyse(pipeline, finder, text)
    paris = the_place(places, "Paris")
    assert paris.country == country
    assert lat_range[0] < paris.lat < lat_range[1]


def test_places_state_context_picks_the_small_town(pipeline, finder):
    text = ("A tornado struck London, Kentucky, on Sunday, and crews from Lexington and Louisville were sent "
            "to help.")
    _, _, places = analyse(pipeline, finder, text)
    london = the_place(places, "London")
    assert london.country == "USA" and 36.5 < london.lat < 38


@pytest.mark.parametrize("text, mention, country, lat_range", [
    # a county named in the article makes its small towns readings
    ("Deputies in Metcalfe County said the barn fire began on a farm outside Edmonton late on Sunday.",
     "Edmonton", "USA", (36.5, 37.5)),
    # "Town, State": the town is read inside the state that follows it, however small
    ("A man from Paris, Missouri, was arrested after the crash on the highway.", "Paris", "USA", (39, 40)),
    ("Residents of London, Ontario, cleared snow from their driveways.", "London", "CAN", (42.5, 43.5)),
    # a town near the article's other towns
    ("Police in London and St. Thomas searched for the driver after the crash on Highway 401.", "London", "CAN",
     (42.5, 43.5)),
    # the article's country alone does not turn a world city into a small town of that country
    ("American lawmakers met in Chicago and Boston before flying to Paris for the summit.", "Paris", "FRA",
     (48, 49.5)),
    # a former name of another city ("Waterloo" of Austin, Texas) loses to the towns that bear the name
    ("Students in Waterloo returned to class after the strike ended.", "Waterloo", "CAN", (43, 44)),
])
def test_places_local_context(pipeline, finder, text, mention, country, lat_range):
    _, _, places = analyse(pipeline, finder, text)
    place = the_place(places, mention)
    assert place.country == country
    assert lat_range[0] < place.lat < lat_range[1]


@pytest.mark.parametrize("text, mention, country, feature, lat_range", [
    ("Deputies in Metcalfe County said the barn fire began late on Sunday.", "Metcalfe County", "USA", "county",
     (36.5, 37.5)),
    ("Heavy rain fell across Limpopo on Monday, and rivers burst their banks.", "Limpopo", "ZAF", "region",
     (-25.5, -22)),
])
def test_places_divisions_from_geonames_towns(pipeline, finder, text, mention, country, feature, lat_range):
    _, _, places = analyse(pipeline, finder, text)
    place = the_place(places, mention)
    assert (place.country, place.feature) == (country, feature)
    assert lat_range[0] < place.lat < lat_range[1]


def test_places_division_names_alone_do_not_make_places(pipeline, finder):
    _, _, places = analyse(pipeline, finder, "The Central Bank raised rates, the Lakes Authority said.")
    assert not any(p.text in ("Central", "Lakes") for p in places)


@pytest.mark.parametrize("text, mention, name, country, feature", [
    ("Kenyan police dispersed the crowd with tear gas.", "Kenyan", "Kenya", "KEN", "country"),
    ("Flights resumed at Heathrow after the fog lifted.", "Heathrow", None, "GBR", "airport"),
    ("Floods hit Queensland and New South Wales.", "Queensland", "Queensland", "AUS", "state"),
    ("Fighting spread across northern Syria and into Iraq.", "Iraq", "Iraq", "IRQ", "country"),
])
def test_places_resolve_names_and_demonyms(pipeline, finder, text, mention, name, country, feature):
    _, _, places = analyse(pipeline, finder, text)
    place = the_place(places, mention)
    assert (place.country, place.feature) == (country, feature)
    assert name is None or place.name == name
    assert place.lat is not None and place.lon is not None


def test_places_plural_demonyms_are_people_not_places(pipeline, finder):
    _, _, places = analyse(pipeline, finder, "Thousands of Kenyans voted on Tuesday.")
    assert all(p.text != "Kenyans" for p in places)


def test_places_never_invent_a_place(pipeline, finder):
    doc, entities, _ = analyse(pipeline, finder, "The convoy left before dawn.")
    places = finder.resolve([Toponym(4, 10, "Zqorvath Plateau", ("Zqorvath Plateau",))], entities)
    assert [(p.name, p.country, p.lat, p.lon, p.geonameid, p.feature) for p in places] == [
        ("Zqorvath Plateau", None, None, None, None, None)]


@pytest.mark.parametrize("text, word, physical, expected", [
    ("Two soldiers were killed in Gaza on Monday.", "killed", False, "PSE"),
    ("Gunmen opened fire near the central market in Kano on Friday.", "opened", False, "NGA"),
    ("A car bomb exploded outside a hotel, police in Mogadishu said.", "exploded", True, "SOM"),
    ("A car bomb exploded outside a hotel, police in Mogadishu said.", "exploded", False, None),
    ("The Kenyan president praised the agreement.", "praised", True, None),
])
def test_places_event_location(pipeline, finder, text, word, physical, expected):
    doc, _, places = analyse(pipeline, finder, text)
    location = event_location(doc, trigger(doc, word), places, physical=physical)
    assert (location.country if location else None) == expected


def test_places_data_file_errors_name_the_line(pipeline, tmp_path):
    (tmp_path / "country_points.tsv").write_text("iso3\tlat\tlon\nIRQ\tnorth\t44\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="lat/lon") as error:
        PlaceFinder(pipeline.lexicons, extra_dirs=[tmp_path])
    assert "country_points.tsv:2" in str(error.value)


def test_places_a_place_in_a_hyphenated_modifier_is_not_where_an_event_happened(pipeline):
    """"a London-based group" names where the group sits, not where the killing it reports took place."""
    text = "Twelve people were killed in an air strike by government forces, a London-based monitoring group said."
    events = [e for e in pipeline.analyze(text).events if e.root == "19"]
    assert events and all(e.location is None for e in events)


def test_places_a_us_state_gives_its_entity_a_country(pipeline):
    analysis = pipeline.analyze("Police in Texas arrested three men after the shooting in El Paso.")
    texas = next(e for e in analysis.entities if e.name == "Texas")
    assert texas.country == "USA"
