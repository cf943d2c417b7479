"""In-document entities on the founding example and on short texts the project wrote itself."""

from __future__ import annotations

import pytest


def _by_name(analysis):
    return {e.name: e for e in analysis.entities}


def _entity_with_mention(analysis, text):
    return next(e for e in analysis.entities if any(m.text == text for m in e.mentions))


def test_entities_founding_example_metadata(founding):
    assert founding.article.outlet == "Islam Times"
    assert founding.article.published == "2023-12-31"


def test_entities_founding_example_people_are_distinct_and_resolved(founding):
    names = _by_name(founding)
    khamenei = names["Ali Khamenei"]
    assert khamenei.type == "PERSON" and khamenei.country == "IRN"
    assert len(khamenei.mentions) >= 3
    assert {"Ayatollah", "Seyed"} <= set(khamenei.titles)
    soleimani = names["Qassem Soleimani"]
    assert soleimani.country == "IRN" and soleimani.sector == "MIL"
    assert any("General" in t for t in soleimani.titles)
    assert names["Esmaeil Qaani"].country == "IRN"
    assert "Brigadier General" in names["Esmaeil Qaani"].titles
    assert names["Abu Mahdi al-Muhandis"].country == "IRQ"
    zeinab = names["Zeinab Soleimani"]
    assert zeinab is not soleimani
    assert all(m.text != "General Soleimani" for m in zeinab.mentions)
    people = [e.name for e in founding.entities if e.type == "PERSON"]
    assert len(people) == len(set(people))


def test_entities_founding_example_short_and_titled_names_merge(founding):
    soleimani = _by_name(founding)["Qassem Soleimani"]
    general_mentions = [m for m in soleimani.mentions if m.text == "General Soleimani"]
    assert len(general_mentions) >= 5
    assert _entity_with_mention(founding, "Ayatollah Khamenei").name == "Ali Khamenei"


def test_entities_founding_example_the_leader_is_khamenei(founding):
    khamenei = _by_name(founding)["Ali Khamenei"]
    leader = [m for m in khamenei.mentions if m.text.lower() == "the leader"]
    assert len(leader) == 3
    text = founding.article.text
    assert all(text[m.start:m.end] == m.text for m in khamenei.mentions)


def test_entities_founding_example_acronyms_link_to_expansions(founding):
    irgc = _entity_with_mention(founding, "IRGC")
    assert "IRGC" in irgc.aliases or irgc.name == "IRGC"
    assert any("Revolution" in alias for alias in [irgc.name, *irgc.aliases])
    assert irgc.country == "IRN" and irgc.sector == "MIL"
    pmu = _entity_with_mention(founding, "PMU")
    assert "Popular Mobilization" in pmu.name or any("Popular Mobilization" in a for a in pmu.aliases)
    assert pmu.country == "IRQ"
    quds = _entity_with_mention(founding, "IRGC Quds Force")
    assert "Quds Force" in quds.name and quds.country == "IRN"
    assert _entity_with_mention(founding, "Quds Force") is quds


def test_entities_founding_example_places(founding):
    assert _entity_with_mention(founding, "Gaza").country == "PSE"
    assert _entity_with_mention(founding, "Baghdad International Airport").country == "IRQ"
    us = _entity_with_mention(founding, "US")
    assert us.name == "United States" and us.country == "USA"


@pytest.mark.parametrize("text, name, country, sector, titles", [
    ("Iranian Foreign Minister Javad Zarif met his counterpart in Muscat. Zarif said the talks were useful.",
     "Javad Zarif", "IRN", "GOV", ["Foreign Minister"]),
    ("US President Joe Biden spoke to reporters on Friday. Biden declined to comment on the strike.",
     "Joe Biden", "USA", "GOV", ["President"]),
    ("Kenya's Interior Minister Mwangi Okoth visited the border town. Okoth promised more police.",
     "Mwangi Okoth", "KEN", "GOV", ["Interior Minister"]),
    ("Brig. Gen. Tomas Varga, a Hungarian army commander, inspected the base. Gen. Varga later left.",
     "Tomas Varga", "HUN", "MIL", ["Brigadier General"]),
])
def test_entities_titled_people_get_country_sector_and_one_entity(pipeline, text, name, country, sector, titles):
    analysis = pipeline.analyze(text)
    people = [e for e in analysis.entities if e.type == "PERSON"]
    assert [p.name for p in people] == [name]
    person = people[0]
    assert len(person.mentions) == 2
    assert (person.country, person.sector) == (country, sector)
    assert set(titles) <= set(person.titles)


def test_entities_acronym_defined_in_text_links_to_its_expansion(pipeline):
    analysis = pipeline.analyze(
        "The Coastal Fisheries Alliance (CFA) staged a protest in Lisbon on Monday. A CFA spokesman said the "
        "quotas would ruin small boats.")
    cfa = _entity_with_mention(analysis, "CFA")
    assert cfa.name == "Coastal Fisheries Alliance"
    assert {m.text for m in cfa.mentions} >= {"Coastal Fisheries Alliance", "CFA"}


def test_entities_shared_surname_stays_apart(pipeline):
    analysis = pipeline.analyze(
        "Opposition leader Daniel Mensah was arrested in Accra on Tuesday. His sister, Grace Mensah, said the "
        "arrest was political. Mensah had planned a rally for Saturday, police said.")
    people = {e.name: e for e in analysis.entities if e.type == "PERSON"}
    assert set(people) == {"Daniel Mensah", "Grace Mensah"}
    assert len(people["Daniel Mensah"].mentions) == 2
    assert len(people["Grace Mensah"].mentions) == 1


def test_entities_role_reference_needs_the_text_to_define_it(pipeline):
    analysis = pipeline.analyze(
        "The minister arrived late. Foreign Minister Leila Haddad met the envoy in Amman. The minister said the "
        "talks would continue.")
    haddad = _by_name(analysis)["Leila Haddad"]
    starts = [m.start for m in haddad.mentions if m.text == "The minister"]
    assert len(starts) == 1 and starts[0] > analysis.article.text.index("Haddad")


def test_entities_unknown_people_keep_null_country(pipeline):
    analysis = pipeline.analyze("Maria Ostrova, a local teacher, spoke at the meeting on Sunday.")
    person = _by_name(analysis)["Maria Ostrova"]
    assert person.country is None


def test_entities_a_known_name_with_a_possessive_inside_stays_whole(pipeline):
    analysis = pipeline.analyze("The Democratic People's Republic of Korea fired a ballistic missile on Tuesday.")
    assert [(e.name, e.country) for e in analysis.entities] == [("North Korea", "PRK")]


def test_entities_a_titled_surname_is_not_a_lexicon_person_of_another_country(pipeline):
    """"Jordanian Foreign Minister Haddad" shares a surname with a person in the lexicon from elsewhere: the
    text's own country wins, and "Russian President Putin" still resolves."""
    jordanian = pipeline.analyze("Jordanian Foreign Minister Haddad met Turkish officials in Ankara.")
    russian = pipeline.analyze("Russian President Putin met Turkish officials in Ankara.")
    assert [(e.name, e.country) for e in jordanian.entities if e.type == "PERSON"] == [("Haddad", "JOR")]
    assert [(e.name, e.country) for e in russian.entities if e.type == "PERSON"] == [("Vladimir Putin", "RUS")]
