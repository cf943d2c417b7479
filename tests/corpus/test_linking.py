"""Linking in-document entities into corpus entities (the pure function; the ledger side is test_corpus_ingest).

The members are entity records as the extractor writes them, for names this project made up."""

from __future__ import annotations

import random

import pytest

from newsledger.corpus.linking import Member, block_keys, link
from newsledger.corpus.names import NameRules


@pytest.fixture(scope="module")
def rules() -> NameRules:
    return NameRules.load()


def person(article: str, name: str, country: str | None = None, sector: str | None = None,
           titles: tuple[str, ...] = (), aliases: tuple[str, ...] = ()) -> Member:
    return Member(name, "PERSON", country, sector, titles, aliases, (article, "e1"), 1, frozenset({article}), 2)


def thing(article: str, name: str, type_: str = "ORG", country: str | None = None,
          aliases: tuple[str, ...] = ()) -> Member:
    return Member(name, type_, country, None, (), aliases, (article, "e2"), 1, frozenset({article}), 1)


def groups(entities) -> list[set[str]]:
    """Each corpus entity as the set of its members' articles, ordered for comparison."""
    return sorted((set().union(*(m.articles for m in e.members)) for e in entities), key=sorted)


def by_article(entities) -> dict[str, str]:
    return {article: e.name for e in entities for m in e.members for article in m.articles}


KHOURYS = [
    person("a1", "Youssef Khoury", "LBN", "MIL", ("General",), ("Khoury",)),
    person("a2", "Youssef Khoury", "LBN", "MIL", ("Commander",)),
    person("a3", "Yusuf Khouri", "LBN", "MIL", (), ("Khouri",)),
    person("a4", "Youssef el-Khoury", None, "MIL"),
    person("a5", "Leila Khoury", "JOR", "GOV", ("Foreign Minister",)),
    person("a6", "Leila Khoury", "JOR", "GOV", ("Foreign Minister",)),
    person("a7", "Khoury", "LBN", "MIL", ("General",)),               # the commander by his surname alone
    person("a8", "Khoury", "JOR", "GOV", ("Foreign Minister",)),      # the minister by hers
    person("a9", "Khouri", None, None, ("Foreign Minister",)),        # a title is enough to tell them apart
]


def test_linking_spellings_of_one_person_merge_and_the_best_supported_name_wins(rules):
    entities = link(KHOURYS, rules)
    names = by_article(entities)
    assert {names[a] for a in ("a1", "a2", "a3", "a4", "a7")} == {"Youssef Khoury"}
    commander = next(e for e in entities if e.name == "Youssef Khoury")
    assert {"Yusuf Khouri", "Youssef el-Khoury", "Khoury", "Khouri"} <= set(commander.aliases)
    assert (commander.type, commander.country, commander.sector) == ("PERSON", "LBN", "MIL")
    assert commander.titles[0] == "General" and commander.article_count == 5 and commander.mention_count == 10


def test_linking_people_sharing_a_surname_stay_apart_and_a_surname_alone_goes_to_the_one_it_fits(rules):
    names = by_article(link(KHOURYS, rules))
    assert names["a5"] == names["a6"] == names["a8"] == names["a9"] == "Leila Khoury"
    assert names["a7"] == "Youssef Khoury"


def test_linking_a_surname_that_fits_no_one_stays_on_its_own(rules):
    members = KHOURYS[:2] + [person("b1", "Khoury", "BRA", "BUS", ("Chief Executive",))]
    assert groups(link(members, rules)) == [{"a1", "a2"}, {"b1"}]


def test_linking_an_acronym_defined_elsewhere_joins_its_organisation(rules):
    members = [thing("a1", "National Water Authority", aliases=("NWA",)),
               thing("a2", "National Water Authority", aliases=("NWA",)),
               thing("a3", "NWA"),
               thing("a4", "NWA", country="LBN")]
    entities = link(members, rules)
    assert groups(entities) == [{"a1", "a2", "a3", "a4"}]
    assert entities[0].name == "National Water Authority"


def test_linking_a_name_used_alone_far_more_often_is_not_taken_by_an_occasional_alias(rules):
    """One article called the Kataib al-Nasr brigade "al-Nasr"; most articles mean the party of that name."""
    members = [thing("a1", "Kataib al-Nasr", aliases=("al-Nasr",))] + [thing(f"n{i}", "al-Nasr") for i in range(4)]
    assert groups(link(members, rules)) == [{"a1"}, {"n0", "n1", "n2", "n3"}]


def test_linking_a_word_mostly_used_for_a_place_is_not_a_person_with_a_similar_surname(rules):
    members = [person("p1", "Tomas Varnan")] + [thing(f"c{i}", "Varna", "GPE", "BGR") for i in range(3)] + [
        person("c9", "Varna")]  # NER took the city for a person once
    assert by_article(link(members, rules))["c9"] == "Varna"


def test_linking_a_surname_tagged_as_a_place_without_a_country_joins_the_person(rules):
    members = KHOURYS[:3] + [thing("g1", "Khoury", "GPE"), thing("g2", "Khoury", "LOC", "LBN")]
    names = by_article(link(members, rules))
    assert names["g1"] == "Youssef Khoury" and names["g2"] == "Khoury"


def test_linking_a_nationality_is_not_its_country(rules):
    members = [thing("a1", "Moldova", "GPE", "MDA"), thing("a2", "Moldovan", "NORP", "MDA"),
               thing("a3", "Moldovan", "NORP", "MDA")]
    assert groups(link(members, rules)) == [{"a1"}, {"a2", "a3"}]


def test_linking_spellings_of_a_place_merge_unless_their_countries_differ(rules):
    members = [thing("a1", "Ain al-Asad", "FAC", "IRQ"), thing("a2", "Ain al-Assad", "FAC"),
               thing("a3", "Ain al-Assad", "PERSON"), thing("b1", "Niger", "GPE", "NER"),
               thing("b2", "Nigeria", "GPE", "NGA")]
    assert groups(link(members, rules)) == [{"a1", "a2", "a3"}, {"b1"}, {"b2"}]


def test_linking_does_not_depend_on_member_order(rules):
    members = KHOURYS + [thing("a1", "National Water Authority", aliases=("NWA",)), thing("a3", "NWA")]
    first = link(members, rules)
    shuffled = members[:]
    random.Random(7).shuffle(shuffled)
    again = link(shuffled, rules)
    assert [(e.id, e.name, e.aliases, [m.key for m in e.members]) for e in first] == \
        [(e.id, e.name, e.aliases, [m.key for m in e.members]) for e in again]


def test_linking_blocks_keep_apart_what_can_never_merge(rules):
    """Entities in different blocks (no key shared, even transitively) are linked the same alone as together,
    which is what lets a new batch re-link only the blocks it touches."""
    khourys = KHOURYS
    others = [thing("z1", "Harbour Gazette", "ORG"), thing("z2", "Harbour Gazete", "ORG"), person("z3", "Anna Berg")]
    keys = [block_keys(rules, m.name, m.type, m.aliases) for m in khourys]
    assert all(not (k & block_keys(rules, m.name, m.type, m.aliases)) for k in keys for m in others)
    together = link(khourys + others, rules)
    apart = link(khourys, rules) + link(others, rules)
    assert sorted((e.id, e.name) for e in together) == sorted((e.id, e.name) for e in apart)


def test_linking_the_names_around_a_surname_tell_which_namesake_it_is(rules):
    """Nothing in the article of "Nasser" alone says which Nasser it is but the port authority it also names, which
    only ever appears beside Samir Nasser."""
    members = [person("a1", "Omar Nasser"), person("a2", "Samir Nasser"), person("a3", "Nasser")]
    around = {"a1": frozenset({"desert tourism board"}), "a2": frozenset({"harbour port authority"}),
              "a3": frozenset({"harbour port authority"})}
    assert by_article(link(members, rules))["a3"] == "Omar Nasser"  # without the names around, a tie
    assert by_article(link(members, rules, context=lambda ids: {a: around[a] for a in ids}))["a3"] == "Samir Nasser"
