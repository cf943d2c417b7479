"""Names compared across articles: matching forms, skeletons, and the tests for one person or one name."""

from __future__ import annotations

import pytest

from newsledger.corpus.names import NameRules, fold


@pytest.fixture(scope="module")
def rules() -> NameRules:
    return NameRules.load()


@pytest.mark.parametrize("name, person, text, surname, given", [
    ("Maj. Gen. Youssef Khoury", True, "youssef khoury", "khoury", ("youssef",)),
    ("Martyr Youssef Khoury", True, "youssef khoury", "khoury", ("youssef",)),
    ("Abu Mahdi al-Hamdani", True, "abu mahdi hamdani", "hamdani", ("mahdi",)),
    ("Nasr ad-Din el-Amin", True, "nasr din amin", "amin", ("nasr", "din")),
    ("Robert T. Mercer Jr.", True, "robert t mercer jr", "mercer", ("robert", "t")),
    ("The Harbour Gazette", False, "harbour gazette", None, ()),
    ("Kata’ib al-Nasr", False, "kataib nasr", None, ()),
    ("General Motors", False, "general motors", None, ()),  # titles are stripped from people's names only
])
def test_names_form_strips_titles_articles_and_particles(rules, name, person, text, surname, given):
    form = rules.form(name, person=person)
    assert (form.text, form.surname, form.given) == (text, surname, given)


def test_names_fold_removes_accents_dots_and_apostrophes():
    assert fold("Ḥamdī’s U.S.-backed Café") == "hamdis us-backed cafe"


@pytest.mark.parametrize("a, b", [
    ("qassem", "ghasem"), ("soleimani", "suleimani"), ("gaddafi", "kadhafi"), ("mohammed", "muhammad"),
    ("youssef", "yusuf"), ("khoury", "khouri"),
])
def test_names_transliterations_share_a_skeleton(rules, a, b):
    assert rules.skeleton(a) == rules.skeleton(b)


@pytest.mark.parametrize("a, b, same", [
    ("Youssef Khoury", "Yusuf Khouri", True),          # transliteration of both names
    ("Youssef Khoury", "Youssef el-Khouri", True),     # an article before the surname
    ("Ghasem Tavakoli", "Qassem Tavakkoli", True),
    ("Ali Rezaei", "Seyed Ali Rezaei", True),          # a title or a second given name in front
    ("Muammar Gaddafi", "Moammar Kadhafi", True),
    ("Youssef Khoury", "Leila Khoury", False),         # the same surname, another person
    ("Youssef Khoury", "Youssef Karam", False),        # the same given name, another person
    ("Ali Salman", "Ali Soleimani", False),            # one skeleton, not one name
    ("J. Smith", "John Smith", False),                 # an initial is too little to merge on (it is attached)
])
def test_names_same_person(rules, a, b, same):
    assert rules.same_person(rules.form(a, person=True), rules.form(b, person=True)) is same


@pytest.mark.parametrize("a, b, same", [
    ("Kataib Hezbollah", "Kata'ib Hizballah", True),
    ("Ain al-Asad", "Ain al-Assad", True),
    ("Mali", "Malawi", False),         # too short to be told apart by letters
    ("Harbour Gazette", "Harbour Post", False),
])
def test_names_same_name(rules, a, b, same):
    assert rules.same_name(rules.form(a, person=False), rules.form(b, person=False)) is same


def test_names_short_forms_are_one_word_or_initials(rules):
    assert rules.form("Gen. Khoury", person=True).short
    assert rules.form("J. Smith", person=True).short and rules.form("J. Smith", person=True).head == "smith"
    assert not rules.form("Youssef Khoury", person=True).short
    assert rules.form("NWA", person=False).short
