"""The clustering of statements into canonical events, on statements built by hand (no parse, no ledger): the
pairwise test, blocking, the refinement of a component, and what a canonical event says."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.corpus.clustering import (Actor, ActorRow, Where, best_date, blocks, find_links, link,
                                          make_statement, probes, refine)

USA, IRN, IRQ = "USA", "IRN", "IRQ"
BAGHDAD = Where("Baghdad", IRQ, 33.34, 44.40, 98182, "city")
TEHRAN = Where("Tehran", IRN, 35.69, 51.42, 112931, "city")
IRAQ = Where("Iraq", IRQ, 33.0, 44.0, 99237, "country")


def actor(kind: str | None, name: str | None = None, country: str | None = None, text: str | None = None
          ) -> ActorRow:
    """An actor as the ledger gives it: a named person or organisation, a country, a place, or an unnamed
    thing of a country ("a Ukrainian passenger plane")."""
    if kind is None:
        return ActorRow(None, None, None, None, None, None, None, None)
    corpus_id = f"ce-{name.lower().replace(' ', '-')}" if name else None
    return ActorRow("e1" if name else None, kind if name else None, name, corpus_id, name, name,
                    text or name or "them", country)


TRUMP = ("PERSON", "Donald Trump", USA)
HADDAD = ("PERSON", "Karim Haddad", IRQ)
NASSER = ("PERSON", "Youssef Nasser", IRN)
HAMAS = ("ORG", "Hamas", "PSE")
US = ("GPE", "United States", USA)
IRAN = ("GPE", "Iran", IRN)
US_FORCES = ("NOUN", None, USA)  # "U.S. forces": a country's actor with no name
PLANE = ("NOUN", None, "UKR", "a Ukrainian passenger plane")  # an unnamed thing of one kind (data/actor_kinds.tsv)
JET = ("NOUN", None, "UKR", "the Ukrainian jet")


def statement(key: str, source=None, target=None, *, cameo="190", when=None, precision="day", basis="explicit",
              published="2020-01-06", modality="asserted", place=None, outlet="Northern Wire"):
    return make_statement(article_id=key, event_id="v1", outlet=outlet,
                          published=date.fromisoformat(published) if published else None, cameo=cameo,
                          root=cameo[:2], label=None, quad_class=4, goldstein=-10.0, plover=None, modality=modality,
                          source=actor(*source) if source else actor(None),
                          target=actor(*target) if target else actor(None), date_value=when,
                          date_precision=precision if when else "unknown", date_basis=basis if when else "unknown",
                          place=place)


def test_clustering_the_same_act_in_other_words_links():
    killed = statement("a", US, HADDAD, cameo="190", when="2020-01-03")
    assassinated = statement("b", US_FORCES, HADDAD, cameo="186", when="2020-01-03")
    struck = statement("c", TRUMP, HADDAD, cameo="195", when="2020-01-03")
    assert link(killed, assassinated) and link(assassinated, struck) and link(killed, struck)
    met = statement("d", US, HADDAD, cameo="040", when="2020-01-03")
    assert not link(killed, met)  # a meeting is another kind of act


def test_clustering_same_actors_on_different_days_do_not_link():
    first = statement("a", US, IRAN, when="2020-01-03")
    assert not link(first, statement("b", US, IRAN, when="2020-01-08"))
    assert link(first, statement("c", US, IRAN, when="2020-01-03"))
    # "Thursday night" in Washington is Friday in Baghdad: a date read off the publication date has a day of slack
    assert link(first, statement("d", US, IRAN, when="2020-01-02", basis="relative"))
    assert not link(first, statement("e", US, IRAN, when="2020-01-01", basis="relative"))


def test_clustering_same_day_with_different_actors_does_not_link():
    nasser = statement("a", ("NORP", None, "ISR"), NASSER, when="2024-06-05")
    assert not link(nasser, statement("b", ("NORP", None, "ISR"), HADDAD, when="2024-06-05"))
    assert not link(nasser, statement("c", ("NORP", None, "LBN"), NASSER, when="2024-06-05"))


def test_clustering_dates_agree_at_their_precision():
    day = statement("a", US, HADDAD, when="2020-01-03")
    assert link(day, statement("b", US, HADDAD, when="2020-01", precision="month"))
    assert link(day, statement("c", US, HADDAD, when="2020", precision="year"))  # "the 2020 strike that killed"
    assert not link(day, statement("d", US, HADDAD, when="2019-06", precision="month"))
    # an undated report published before the act cannot tell of it
    assert not link(day, statement("e", US, HADDAD, published="2019-12-30"))


def test_clustering_undated_statements_link_only_on_strong_agreement():
    dated = statement("a", US, IRAN, when="2020-01-03")
    assert not link(dated, statement("b", US, IRAN))  # two countries and no date: any of many attacks
    named = statement("c", US, HADDAD, when="2020-01-03")
    assert link(named, statement("d", None, HADDAD))  # the killing of one named man is one event
    assert link(named, statement("e", US_FORCES, HADDAD))
    assert not link(named, statement("f", US, None))  # "a US strike", no target, no date
    assert not link(statement("g", TRUMP, None), statement("h", TRUMP, None))


def test_clustering_one_unnamed_thing_of_one_kind_links_undated_as_a_named_target_does():
    """An airliner is downed once: Iran downing "a Ukrainian passenger plane" and "the Ukrainian jet" is one act
    even undated; Iran and Ukrainian soldiers, or a plane nobody is said to have downed, are not enough."""
    assert link(statement("a", IRAN, PLANE), statement("b", IRAN, JET))
    assert not link(statement("c", IRAN, PLANE), statement("d", IRAN, ("NOUN", None, "UKR", "Ukrainian soldiers")))
    assert not link(statement("e", None, PLANE), statement("f", None, JET))
    assert not link(statement("g", IRAN, PLANE, when="2020-01-08"), statement("h", IRAN, JET, when="2020-03-02"))


def test_clustering_actors_of_one_country_agree_for_acts_but_not_for_words():
    ordered = statement("a", TRUMP, IRAN, when="2020-01-03")
    carried_out = statement("b", ("ORG", "Pentagon", USA), IRAN, when="2020-01-03")
    assert link(ordered, carried_out)  # a state acts through its president and its military
    said = statement("c", TRUMP, IRAN, cameo="111", when="2020-01-03")
    also_said = statement("d", ("PERSON", "Mike Pompeo", USA), IRAN, cameo="111", when="2020-01-03")
    assert not link(said, also_said)  # but two people's criticisms are two statements
    assert link(said, statement("e", TRUMP, IRAN, cameo="111", when="2020-01-03"))


def test_clustering_places_in_different_countries_do_not_link():
    here = statement("a", US, IRAN, when="2020-01-03", place=BAGHDAD)
    assert not link(here, statement("b", US, IRAN, when="2020-01-03", place=TEHRAN))
    # ... unless the same named actor is on both sides: places are often misread
    assert link(statement("c", TRUMP, HADDAD, when="2020-01-03", place=BAGHDAD),
                statement("d", TRUMP, HADDAD, when="2020-01-03", place=TEHRAN))
    # a country-wide place that is only an actor's country says nothing ("a U.S. strike" placed in the US)
    assert statement("e", US, IRAN, place=Where("United States", USA, 39.8, -98.5, 6252001, "country")).where is None


def test_clustering_a_place_named_as_target_says_where():
    on_baghdad = statement("a", US, ("GPE", "Baghdad", IRQ), when="2020-01-03")
    assert on_baghdad.target is None and on_baghdad.place.name == "Baghdad"
    assert link(on_baghdad, statement("b", US, HADDAD, when="2020-01-03", place=BAGHDAD))
    assert not link(on_baghdad, statement("c", US, HADDAD, when="2020-01-03"))  # one country, one day: weak
    visited = statement("c", TRUMP, ("GPE", "Baghdad", IRQ), cameo="042", when="2020-01-03")
    assert visited.target is not None and visited.target.country == IRQ  # a visit's host is the place's state


def test_clustering_statements_link_only_with_the_same_speaker_and_code():
    said = statement("a", TRUMP, None, cameo="010", when="2020-01-03")
    assert link(said, statement("b", TRUMP, None, cameo="010", when="2020-01-03"))
    assert not link(said, statement("c", TRUMP, None, cameo="012", when="2020-01-03"))
    assert not link(said, statement("d", US, None, cameo="010", when="2020-01-03"))


def test_clustering_a_meeting_is_the_same_whoever_is_named_first():
    a = statement("a", TRUMP, ("PERSON", "Kim Jong Un", "PRK"), cameo="040", when="2019-06-30")
    b = statement("b", ("PERSON", "Kim Jong Un", "PRK"), TRUMP, cameo="040", when="2019-06-30")
    assert link(a, b) and link(b, a)


def test_clustering_a_denial_links_across_modalities_though_dated_when_denied():
    kidnapped = statement("a", HAMAS, HADDAD, cameo="181", when="2024-03-03")
    denied = statement("b", HAMAS, HADDAD, cameo="181", when="2024-03-06", modality="negated", published="2024-03-06")
    assert link(kidnapped, denied)
    again = statement("c", HAMAS, HADDAD, cameo="181", when="2024-03-06", published="2024-03-06")
    assert not link(kidnapped, again)  # between asserted statements the dates must agree


def test_clustering_one_corpus_entity_typed_differently_by_two_articles_links_both_ways():
    person = statement("a", ("PERSON", "Mike Pence", USA), None, cameo="042", when="2019-11", precision="month")
    org = statement("b", ("ORG", "Mike Pence", None), None, cameo="042", when="2019-11", precision="month")
    assert link(person, org) and link(org, person)


ACTORS = [None, US, IRAN, US_FORCES, PLANE, JET, TRUMP, HADDAD, NASSER, HAMAS, ("GPE", "Baghdad", IRQ),
          ("ORG", "Karim Haddad", None), ("GPE", "Karim Haddad", IRQ)]  # one corpus entity typed otherwise
DATES = [(None, None, None), ("2020-01-03", "day", "explicit"), ("2020-01-04", "day", "relative"),
         ("2020-01", "month", "explicit"), ("2020", "year", "explicit"), ("2020-02-01", "day", "explicit"),
         ("2020-01-05", "day", "publication"),
         ("2020-02-01", "day", "relative")]  # a day of slack reaches back into January
statements = st.builds(
    lambda source, target, cameo, when, modality, place, published: statement(
        "x", source, target, cameo=cameo, when=when[0], precision=when[1], basis=when[2], modality=modality,
        place=place, published=published),
    st.sampled_from(ACTORS), st.sampled_from(ACTORS), st.sampled_from(["190", "186", "181", "040", "010", "111"]),
    st.sampled_from(DATES), st.sampled_from(["asserted", "claimed", "negated", "future"]),
    st.sampled_from([None, BAGHDAD, TEHRAN, IRAQ, Where("Baghdad", IRQ), Where("Baghdad City", IRQ, geonameid=98182)]),
    st.sampled_from([None, "2020-01-06", "2019-12-01"]))


@settings(max_examples=1500, deadline=None)
@given(statements, statements)
def test_clustering_links_are_symmetric_and_blocking_finds_every_link_from_either_side(a, b):
    """What makes the result independent of arrival order, and lets a new statement find all it links to."""
    assert link(a, b) == link(b, a)
    if link(a, b):
        assert set(probes(a)) & set(blocks(b)) and set(probes(b)) & set(blocks(a))


def _strike(n: int, **kwargs):
    return statement(f"s{n:02d}", **kwargs)


def test_clustering_refine_takes_each_undated_mention_to_the_event_it_is_most_linked_to():
    plot = [_strike(i, source=US, target=HADDAD, when="2019-06", precision="month") for i in range(2)]
    killing = [_strike(i, source=US, target=HADDAD, when="2020-01-03") for i in range(2, 6)]
    undated = [_strike(i, source=None, target=HADDAD) for i in range(6, 9)]
    members = plot + killing + undated
    clusters = refine(members, find_links(members))
    by_key = {s.key: c.id for c in clusters for s in c.members}
    assert len(clusters) == 2
    assert {by_key[s.key] for s in undated} == {by_key[killing[0].key]}
    assert by_key[plot[0].key] != by_key[killing[0].key]


def test_clustering_refine_keeps_modalities_apart_but_related():
    asserted = [_strike(i, source=US, target=HADDAD, when="2020-01-03") for i in range(3)]
    claimed = [_strike(i, source=US, target=HADDAD, when="2020-01-03", modality="claimed") for i in range(3, 5)]
    denied = [_strike(5, source=US, target=HADDAD, when="2020-01-07", modality="negated")]
    members = asserted + claimed + denied
    clusters = {c.members[0].modality: c for c in refine(members, find_links(members))}
    assert sorted(clusters) == ["asserted", "claimed", "negated"]
    assert clusters["asserted"].related_id is None
    assert clusters["claimed"].related_id == clusters["negated"].related_id == clusters["asserted"].id


def test_clustering_refine_does_not_depend_on_the_order_of_statements():
    members = ([_strike(i, source=US, target=HADDAD, when="2020-01-03") for i in range(4)]
               + [_strike(i, source=IRAN, target=HADDAD) for i in range(4, 6)]
               + [_strike(i, source=None, target=HADDAD) for i in range(6, 10)]
               + [_strike(i, source=US, target=HADDAD, when="2019-06", precision="month") for i in range(10, 12)])
    expected = {(c.id, tuple(sorted(s.key for s in c.members))) for c in refine(members, find_links(members))}
    assert len(expected) == 3  # the killing, Iran named as its author, the 2019 plot
    for seed in range(5):
        shuffled = members[:]
        random.Random(seed).shuffle(shuffled)
        got = {(c.id, tuple(sorted(s.key for s in c.members))) for c in refine(shuffled, find_links(shuffled))}
        assert got == expected


def test_clustering_best_date_is_the_most_precise_the_most_articles_agree_on():
    def dated(key, when, precision="day", article=None):
        s = statement(key, US, HADDAD, when=when, precision=precision)
        return s if article is None else s.__class__(**{**{f: getattr(s, f) for f in s.__slots__},
                                                        "article_id": article})

    assert best_date([dated("a", "2020-01-03"), dated("b", "2020-01-03"), dated("c", "2020-01-04"),
                      dated("d", "2020-01", "month")])["value"] == "2020-01-03"
    tie = best_date([dated("a", "2020-01-03"), dated("b", "2020-01-04")])
    assert (tie["value"], tie["precision"]) == ("2020-01", "month")
    # one article repeating a date is one vote
    assert best_date([dated("a", "2020-01-05"), dated("a2", "2020-01-05", article="a"), dated("b", "2020-01-03"),
                      dated("c", "2020-01-03")])["value"] == "2020-01-03"


def test_clustering_actor_keys_prefer_corpus_entities():
    linked = statement("a", HADDAD, None).source
    assert isinstance(linked, Actor) and linked.key == "e:ce-karim-haddad" and linked.specific
    unlinked = make_statement(article_id="b", event_id="v1", outlet=None, published=None, cameo="190", root="19",
                              label=None, quad_class=4, goldstein=-10.0, plover=None, modality=None,
                              source=ActorRow("e2", "PERSON", "Karim Haddad", None, None, "Karim Haddad",
                                              "Haddad", IRQ),
                              target=actor(None), date_value=None, date_precision=None, date_basis=None, place=None)
    assert unlinked.source.key == "n:karim haddad|IRQ" and unlinked.modality == "asserted"
