"""Quotations, reported speech and their speakers, on sentences the project wrote and on the founding example."""

from __future__ import annotations

import pytest

from newsledger.errors import DataFileError
from newsledger.extract.quotes import QuoteFinder


@pytest.fixture(scope="module")
def finder(pipeline):
    return QuoteFinder(pipeline.lexicons, pipeline.config.rules)


def _find(pipeline, finder, text):
    doc = pipeline.nlp(text)
    index = pipeline.entities.build(doc, pipeline.mentions.find(doc))
    return doc, index, finder.find(doc, index)


def _row(quote):
    return (quote.kind, quote.text, quote.cue, quote.speaker.text, quote.speaker.name, quote.extra["rule"])


# (text, expected quotes as (kind, text, cue, speaker as written, speaker's canonical name, rule))
CONSTRUCTIONS = {
    "straight_quotes_attribution_after": (
        '"We will respond to any attack on our bases," the minister said.',
        [("direct", "We will respond to any attack on our bases", "said", "the minister", None, "after")]),
    "curly_quotes_speaker_after_cue": (
        "“The talks in Ankara were productive,” said Foreign Minister Hakan Fidan.",
        [("direct", "The talks in Ankara were productive", "said", "Foreign Minister Hakan Fidan", "Hakan Fidan",
          "after")]),
    "quotation_spanning_sentences": (
        "“We will not leave the region. Our people demand that we stay,” Sergei Lavrov told reporters in Moscow.",
        [("direct", "We will not leave the region. Our people demand that we stay", "told", "Sergei Lavrov",
          "Sergei Lavrov", "after")]),
    "colon_introduction": (
        'Sergei Lavrov told reporters on Monday: "The door to talks remains open."',
        [("direct", "The door to talks remains open.", "told", "Sergei Lavrov", "Sergei Lavrov", "before")]),
    "comma_introduction": (
        'Maria Zakharova said, "Our patience is not unlimited."',
        [("direct", "Our patience is not unlimited.", "said", "Maria Zakharova", "Maria Zakharova", "before")]),
    "participle_takes_the_subject_of_its_verb": (
        'Sergei Lavrov said the talks had failed, adding: "We expected nothing else."',
        [("indirect", "the talks had failed", "said", "Sergei Lavrov", "Sergei Lavrov", "complement"),
         ("direct", "We expected nothing else.", "adding", "Sergei Lavrov", "Sergei Lavrov", "before")]),
    "according_to": (
        '"The convoy was hit twice within an hour," according to a UN official.',
        [("direct", "The convoy was hit twice within an hour", "according to", "a UN official", None,
          "according_to")]),
    "headline_style": (
        'Araghchi: "We will not negotiate under threats"\n\nTehran rejected the European offer on Sunday.',
        [("direct", "We will not negotiate under threats", None, "Araghchi", None, "headline")]),
    "nested_quote_stays_inside_the_outer_one": (
        "\"He told me 'never again', and I believed him,\" the envoy said.",
        [("direct", "He told me 'never again', and I believed him", "said", "the envoy", None, "after")]),
    "paragraph_continues_the_speaker": (
        '"We have not received any proposal," Sergei Lavrov said.\n\n"When we do, we will study it carefully."',
        [("direct", "We have not received any proposal", "said", "Sergei Lavrov", "Sergei Lavrov", "after"),
         ("direct", "When we do, we will study it carefully.", None, "Sergei Lavrov", "Sergei Lavrov",
          "continuation")]),
    "pronoun_he_to_the_person_before": (
        'Sergei Lavrov met his Turkish counterpart in Antalya on Monday. "We agreed on a humanitarian corridor," '
        "he said.",
        [("direct", "We agreed on a humanitarian corridor", "said", "he", "Sergei Lavrov", "after")]),
    "pronoun_he_skips_a_woman_by_her_title": (
        'Ms. Baerbock met Mr. Fidan in Berlin on Friday. "The corridor must stay open," he said.',
        [("direct", "The corridor must stay open", "said", "he", "Hakan Fidan", "after")]),
    "pronoun_they_to_a_group": (
        "The Houthis fired two missiles at a tanker in the Red Sea on Tuesday. \"We will continue until the siege "
        'of Gaza ends," they said in a statement.',
        [("direct", "We will continue until the siege of Gaza ends", "said", "they", "Houthis", "after")]),
    "role_noun_defined_in_the_text": (
        "Foreign Minister Hakan Fidan arrived in Tehran on Sunday. The minister said the visit would focus on "
        "trade and border security.",
        [("indirect", "the visit would focus on trade and border security", "said", "The minister", "Hakan Fidan",
          "complement")]),
    "organisation_in_a_statement": (
        "The IRGC said in a statement that its air defences had downed a drone near Bushehr.",
        [("indirect", "its air defences had downed a drone near Bushehr", "said", "The IRGC",
          "Islamic Revolutionary Guard Corps", "complement")]),
    "anonymous_source_kept_as_written": (
        "A US official said the strike had been planned for weeks.",
        [("indirect", "the strike had been planned for weeks", "said", "A US official", None, "complement")]),
    "denial_with_that_clause": (
        "Iran denied that it had supplied the drones to Russia.",
        [("indirect", "it had supplied the drones to Russia", "denied", "Iran", "Iran", "complement")]),
    "officials_told_reporters": (
        "Officials told reporters the convoy had been hit twice.",
        [("indirect", "the convoy had been hit twice", "told", "Officials", None, "complement")]),
    "parenthetical_attribution": (
        "The strike, officials said, killed three senior commanders.",
        [("indirect", "The strike, officials said, killed three senior commanders", "said", "officials", None,
          "parenthetical")]),
    "vow_to_as_an_infinitive_claim": (
        "Iran vowed to retaliate against the attack on its consulate.",
        [("indirect", "to retaliate against the attack on its consulate", "vowed", "Iran", "Iran", "infinitive")]),
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_quotes_constructions(pipeline, finder, name):
    text, expected = CONSTRUCTIONS[name]
    _, _, quotes = _find(pipeline, finder, text)
    assert [_row(q) for q in quotes] == expected


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_quotes_offsets_point_at_the_words(pipeline, finder, name):
    text = CONSTRUCTIONS[name][0]
    doc, _, quotes = _find(pipeline, finder, text)
    for quote in quotes:
        assert text[quote.start:quote.end] == quote.text
        if quote.cue is not None:
            assert text[quote.extra["cue_start"]:quote.extra["cue_end"]] == quote.cue
        assert text[quote.extra["speaker_start"]:quote.extra["speaker_end"]] == quote.speaker.text


def test_quotes_split_quotation_is_two_linked_parts(pipeline, finder):
    text = '"The strike was a grave mistake," Sergei Lavrov said, "and Moscow will say so at the Security Council."'
    _, index, quotes = _find(pipeline, finder, text)
    assert [q.text for q in quotes] == ["The strike was a grave mistake",
                                        "and Moscow will say so at the Security Council."]
    first, second = quotes
    assert second.extra["continues"] == first.id and second.extra["rule"] == "split"
    assert first.speaker == second.speaker and first.speaker.name == "Sergei Lavrov"
    assert first.cue == second.cue == "said" and first.extra["cue_start"] == second.extra["cue_start"]


@pytest.mark.parametrize("text, kind", [
    ("An anonymous source said the ceasefire would hold.", "anonymous"),
    ("Two diplomats told reporters the ceasefire would hold.", "anonymous"),
    ("Sergei Lavrov said the ceasefire would hold.", "named"),
    ('"The ceasefire will hold," he said.', "pronoun"),
])
def test_quotes_speaker_kind(pipeline, finder, text, kind):
    _, _, quotes = _find(pipeline, finder, text)
    assert [q.extra["speaker_kind"] for q in quotes] == [kind]
    if kind in ("anonymous", "pronoun"):
        assert quotes[0].speaker.entity is None and quotes[0].speaker.text


def test_quotes_anonymous_source_keeps_its_affiliation(pipeline, finder):
    _, index, quotes = _find(pipeline, finder, "A Hezbollah official said the group had not been consulted.")
    (quote,) = quotes
    assert quote.speaker.entity is None and quote.speaker.text == "A Hezbollah official"
    assert index.entities[0].name == "Hezbollah" and quote.extra["speaker_affiliation"] == index.entities[0].id


@pytest.mark.parametrize("text", [
    'The ministry called the report "fake news" and dismissed the so-called "peace plan" as a stunt.',
    "Analysts called it a 'calculated risk'.",
    'The operation, dubbed "True Promise," began at dawn.',
])
def test_quotes_scare_quotes_are_not_quotations(pipeline, finder, text):
    assert _find(pipeline, finder, text)[2] == []


@pytest.mark.parametrize("text", [
    '"No," he said.',
    "“Never,” the envoy replied.",
])
def test_quotes_a_short_utterance_with_its_cue_is_a_quotation(pipeline, finder, text):
    (quote,) = _find(pipeline, finder, text)[2]
    assert quote.kind == "direct" and quote.extra["rule"] == "after"


def test_quotes_reported_speech_for_the_event_coder(pipeline, finder):
    text = "A US official told reporters that Iranian drones had struck the base, and Iran denied it."
    doc = pipeline.nlp(text)
    index = pipeline.entities.build(doc, pipeline.mentions.find(doc))
    (report,) = finder.reported_speech(doc, index)
    assert report.kind == "indirect" and doc[report.cue].text == "told"
    assert doc[report.content[0]:report.content[1]].text == "Iranian drones had struck the base"
    assert report.speaker.text == "A US official" and report.speaker.entity is None
    assert report.quote == finder.find(doc, index)[0].id


def test_quotes_reported_speech_includes_direct_quotes(pipeline, finder):
    text = '"Our forces struck the base," the IRGC said.'
    doc = pipeline.nlp(text)
    index = pipeline.entities.build(doc, pipeline.mentions.find(doc))
    (report,) = finder.reported_speech(doc, index)
    assert report.kind == "direct" and doc[report.cue].text == "said"
    assert doc[report.content[0]:report.content[1]].text == "Our forces struck the base,"
    assert report.speaker.name == "Islamic Revolutionary Guard Corps"


@pytest.fixture(scope="module")
def founding_quotes(pipeline, finder, founding):
    doc = pipeline.nlp(founding.article.text)
    index = pipeline.entities.build(doc, pipeline.mentions.find(doc))
    return doc, finder.find(doc, index), finder.reported_speech(doc, index)


def test_quotes_founding_example_direct_quotes_are_khamenei(founding_quotes):
    _, quotes, _ = founding_quotes
    direct = [q for q in quotes if q.kind == "direct"]
    assert [q.text[:40] for q in direct] == ["The most important role and service of t",
                                             "The course of strengthening of the resis"]
    assert {q.speaker.name for q in direct} == {"Ali Khamenei"}
    assert [q.speaker.text for q in direct] == ["Ayatollah Khamenei", "The Leader"]
    assert [q.cue for q in direct] == ["added", "adding"]


def test_quotes_founding_example_reported_speech_is_khamenei(founding_quotes):
    doc, quotes, reports = founding_quotes
    (indirect,) = (q for q in quotes if q.kind == "indirect")
    assert indirect.text.startswith("General Soleimani had made a great deal of effort to revive the resistance")
    assert indirect.speaker.text == "the Leader" and indirect.speaker.name == "Ali Khamenei"
    report = next(r for r in reports if r.quote == indirect.id)
    assert doc[report.cue].text == "said" and doc[report.content[0]].text == "General"


def test_quotes_founding_example_analysis_carries_them(founding, founding_quotes):
    assert founding.quotes
    assert [q.to_dict() for q in founding.quotes] == [q.to_dict() for q in founding_quotes[1]]


def test_quotes_user_rules_add_a_speech_verb(pipeline, tmp_path):
    text = '"This will not stand," Sergei Lavrov lectured.'
    doc = pipeline.nlp(text)
    index = pipeline.entities.build(doc, pipeline.mentions.find(doc))
    assert QuoteFinder(pipeline.lexicons).find(doc, index)[0].speaker.name is None
    (tmp_path / "speech_cues.tsv").write_text("cue\tkind\tframes\nlecture\tspeech\tdirect\n", encoding="utf-8")
    doc = pipeline.nlp(text)
    (quote,) = QuoteFinder(pipeline.lexicons, [tmp_path]).find(doc, index)
    assert quote.cue == "lectured" and quote.speaker.name == "Sergei Lavrov"


@pytest.mark.parametrize("filename, content, message", [
    ("speech_cues.tsv", "cue\tkind\tframes\nsay\tgossip\tdirect\n", "unknown kind 'gossip'"),
    ("speech_cues.tsv", "cue\tkind\tframes\nSay\tspeech\tdirect\n", "bad cue 'Say'"),
    ("speech_cues.tsv", "cue\tkind\tframes\nsay\tspeech\tquoted\n", "bad frames 'quoted'"),
    ("pronouns.tsv", "word\tkind\tgender\nhe\tperson\tx\n", "unknown gender 'x'"),
])
def test_quotes_bad_data_rows_name_file_and_line(pipeline, tmp_path, filename, content, message):
    (tmp_path / filename).write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        QuoteFinder(pipeline.lexicons, [tmp_path])
    assert message in str(error.value) and f"{filename}:2" in str(error.value)


@pytest.mark.parametrize("text, speaker", [
    ("VIENNA — The International Atomic Energy Agency on Monday demanded that Iran open the storage site.",
     "The International Atomic Energy Agency"),
    ("GAZA CITY (AP) — Health officials in Gaza said on Tuesday that the hospital had run out of fuel.",
     "Health officials in Gaza"),
    ("NAIROBI, Kenya — The Kenyan government said on Friday it would send police officers to Haiti.",
     "The Kenyan government"),
])
def test_quotes_a_wire_dateline_is_never_the_speaker(pipeline, text, speaker):
    quotes = pipeline.analyze(text).quotes
    assert [q.speaker.text for q in quotes] == [speaker]
