"""Framing marks and the verb choice of violent events, on sentences the project wrote and on the founding example."""

from __future__ import annotations

import pytest

from newsledger.errors import DataFileError
from newsledger.extract.framing import FramingFinder


@pytest.fixture(scope="module")
def finder(pipeline):
    return FramingFinder(pipeline.nlp.make_doc, pipeline.config.rules)


def _marks(pipeline, finder, text):
    return {(m.category, m.text, m.term) for m in finder.find(pipeline.nlp(text))}


MARKED = {
    "lemma_matches_plurals": (
        "State television said the martyrs of the strike would be buried in Qom on Friday.",
        {("loaded_term", "martyrs", "martyr")}),
    "label_and_loaded_term_overlap_across_categories": (
        "The Zionist regime pressed on with its onslaught on the camp.",
        {("delegitimising_label", "Zionist regime", "zionist regime"), ("loaded_term", "regime", "regime"),
         ("loaded_term", "onslaught", "onslaught")}),
    "euphemism_by_lemma_with_particle": (
        "The commander was taken out in a drone strike near the border.",
        {("euphemism", "taken out", "take out")}),
    "euphemism_neutralised": (
        "The army said its units had neutralised three gunmen overnight.",
        {("euphemism", "neutralised", "neutralise")}),
    "longest_match_within_a_category": (
        "Western capitals called the vote a sham staged by a puppet government.",
        {("loaded_term", "sham", "sham"), ("delegitimising_label", "puppet government", "puppet government")}),
    "distancing_and_scare_quote": (
        'The ministry dismissed the so-called "peace plan" as a stunt.',
        {("distancing", "so-called", "so-called"), ("scare_quote", "peace plan", "peace plan")}),
    "intensifier": (
        "Observers described the shelling as a blatant violation of the truce.",
        {("intensifier", "blatant", "blatant")}),
    "honorific_and_its_loaded_word": (
        "Crowds gathered to mourn the beloved martyr in the city square.",
        {("honorific", "the beloved martyr", "the beloved martyr"), ("loaded_term", "martyr", "martyr")}),
    "violent_verb_choice_is_marked": (
        "Gunmen assassinated the mayor outside his office.",
        {("verb_choice", "assassinated", "assassinated")}),
    "evil_as_an_epithet": (
        "The minister called the bombing an evil act.",
        {("loaded_term", "evil", "evil")}),
    "emotive_judgement": (
        "Critics called the plan reckless and the inquiry a farce.",
        {("loaded_term", "reckless", "reckless"), ("loaded_term", "farce", "farce")}),
    "regime_as_an_epithet": (
        "The regime arrested the protesters.",
        {("loaded_term", "regime", "regime")}),
    "terrorist_as_a_label": (
        "The terrorists attacked the convoy.",
        {("delegitimising_label", "terrorists", "terrorist")}),
}

UNMARKED = {
    "sanctions_regime": "The sanctions regime against the country was tightened again in March.",
    "taken_out_of_context": "The minister said his remarks had been taken out of context.",
    "took_out_a_loan": "The government took out a loan to pay for the new port.",
    "counter_terrorist_unit": "Counter-terrorist units raided the building at dawn.",
    "puppet_show": "The puppet show delighted children at the festival.",
    "name_of_a_team": "The Barbarians beat the touring side by ten points at Twickenham.",
    "neutral_killing": "Two soldiers were killed when their vehicle hit a mine.",
    "attributed_quotation": '"We will rebuild the bridge within a year," the mayor said.',
    "regime_change_the_policy_term": "The senator warned against a policy of regime change.",
    "evil_the_moral_notion": "The sermon was about the struggle between good and evil.",
    "terrorist_organisation_the_legal_designation": "Washington designated the group a terrorist organisation in 2019.",
    "toxic_in_its_literal_sense": "The factory dumped toxic waste into the river.",
    "horror_the_genre": "The horror film opened in cinemas on Friday.",
}


@pytest.mark.parametrize("name", sorted(MARKED))
def test_framing_marks(pipeline, finder, name):
    text, expected = MARKED[name]
    assert _marks(pipeline, finder, text) == expected


@pytest.mark.parametrize("name", sorted(UNMARKED))
def test_framing_no_marks_on_neutral_or_other_senses(pipeline, finder, name):
    assert _marks(pipeline, finder, UNMARKED[name]) == set()


@pytest.mark.parametrize("name", sorted(MARKED))
def test_framing_offsets_point_at_the_words(pipeline, finder, name):
    text = MARKED[name][0]
    for mark in finder.find(pipeline.nlp(text)):
        assert text[mark.start:mark.end] == mark.text


@pytest.mark.parametrize("text, trigger, choice", [
    ("A drone strike assassinated the general near the airport.", "assassinated", "assassinated"),
    ("The assassination of the general shocked the region.", "assassination", "assassinated"),
    ("Gunmen killed two guards at the checkpoint.", "killed", "killed"),
    ("The army said it had eliminated the commander.", "eliminated", "eliminated"),
    ("Two men were shot dead at a checkpoint.", "shot", "shot dead"),
    ("The militants took out the radar station.", "took", "taken out"),
    ("Police said he murdered his business partner.", "murdered", "murdered"),
    ("The murder of the journalist drew protests.", "murder", "murdered"),
    ("Three fighters were slain in the clashes.", "slain", "slain"),
    ("The talks failed after two days.", "failed", None),
])
def test_framing_verb_choice(pipeline, finder, text, trigger, choice):
    doc = pipeline.nlp(text)
    token = next(t for t in doc if t.text == trigger)
    assert finder.verb_choice(token) == choice


def test_framing_founding_example(pipeline, finder, founding):
    text = founding.article.text
    marks = finder.find(pipeline.nlp(text))
    loaded = [(m.text, m.term) for m in marks if m.category == "loaded_term"]
    assert ("martyrdom", "martyrdom") in loaded and ("onslaught", "onslaught") in loaded
    assert loaded.count(("martyr", "martyr")) == 2  # "the admired martyr’s", "the great martyr"
    assert ("verb_choice", "assassinated") in {(m.category, m.text) for m in marks}
    honorifics = {m.text for m in marks if m.category == "honorific"}
    assert {"the popular commander", "the great martyr", "the admired martyr"} <= honorifics
    assert all(text[m.start:m.end] == m.text for m in marks)
    assert "anti-terror group" not in {text[m.start - 5:m.end] for m in marks}


def test_framing_founding_example_analysis_carries_them(pipeline, finder, founding):
    assert founding.framing
    assert founding.framing == finder.find(pipeline.nlp(founding.article.text))


def test_framing_verb_choice_is_recorded_on_violent_events_only(founding):
    choices = {(e.cameo, e.trigger.text): e.extra.get("verb_choice") for e in founding.events}
    assert choices[("186", "assassinated")] == "assassinated"
    assert choices[("190", "killed")] == "killed"
    assert all(e.extra.get("verb_choice") is None for e in founding.events if e.quad_class != 4)
    record = founding.to_dict()["events"]
    assert {e["verb_choice"] for e in record if "verb_choice" in e} == {"assassinated", "killed"}


def test_framing_user_rules_add_a_term(pipeline, tmp_path):
    text = "The council condemned the junta for the arrests."
    assert _marks(pipeline, FramingFinder(pipeline.nlp.make_doc), text) == set()
    (tmp_path / "framing_terms.tsv").write_text(
        "term\tcategory\tmatch\tunless_preceded_by\tunless_followed_by\njunta\tdelegitimising_label\tlemma\t\t\n",
        encoding="utf-8")
    custom = FramingFinder(pipeline.nlp.make_doc, [tmp_path])
    assert _marks(pipeline, custom, text) == {("delegitimising_label", "junta", "junta")}


def test_framing_user_rules_pos_column(pipeline, tmp_path):
    (tmp_path / "framing_terms.tsv").write_text(
        "term\tcategory\tmatch\tpos\tunless_preceded_by\tunless_followed_by\n"
        "grim\tloaded_term\tform\tADJ\t\t\n", encoding="utf-8")
    custom = FramingFinder(pipeline.nlp.make_doc, [tmp_path])
    assert _marks(pipeline, custom, "The outlook was grim.") == {("loaded_term", "grim", "grim")}


@pytest.mark.parametrize("filename, content, message", [
    ("framing_terms.tsv",
     "term\tcategory\tmatch\tpos\tunless_preceded_by\tunless_followed_by\nmob\tloaded_term\tform\tADJECTIVE\t\t\n",
     "unknown pos 'ADJECTIVE'"),
    ("framing_terms.tsv", "term\tcategory\tmatch\tunless_preceded_by\tunless_followed_by\nmob\tslur\tform\t\t\n",
     "unknown category 'slur'"),
    ("framing_terms.tsv", "term\tcategory\tmatch\tunless_preceded_by\tunless_followed_by\nmob\tloaded_term\tstem\t\t\n",
     "unknown match 'stem'"),
    ("violent_verbs.tsv", "word\tpos\tchoice\tmark\nstab\tADJ\tstabbed\t\n", "unknown pos 'ADJ'"),
    ("violent_verbs.tsv", "word\tpos\tchoice\tmark\nstab\tVERB\t\t\n", "a verb needs word and choice"),
])
def test_framing_bad_data_rows_name_file_and_line(pipeline, tmp_path, filename, content, message):
    (tmp_path / filename).write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        FramingFinder(pipeline.nlp.make_doc, [tmp_path])
    assert message in str(error.value) and f"{filename}:2" in str(error.value)
