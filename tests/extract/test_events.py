"""The event coder on sentences the project wrote itself: every construction, every modality, pinned.

The golden file tests/golden/events/sentences.json holds the full event output for each sentence; regenerate
with `pytest tests/extract/test_events.py --update-golden` and review the diff. The behaviour tests below say in
words what each construction must give, so a regenerated golden cannot hide a regression.
"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "events" / "sentences.json"

SENTENCES = {
    "active": "Turkish troops shelled Kurdish positions near Kobani on Monday.",
    "passive": "Two aid workers were killed by Russian forces in Kharkiv.",
    "coordination": "Egyptian President Abdel Fattah al-Sisi met and praised Jordan's King Abdullah in Cairo.",
    "control": "Hezbollah vowed to retaliate against Israel after the strike.",
    "threat": "North Korea threatened to attack South Korea.",
    "prep_target": "The European Union imposed sanctions on Belarus.",
    "meet_with": "Iranian Foreign Minister Abbas Araghchi met with Omani officials in Muscat.",
    "relative": "Police arrested protesters who attacked a government building in Nairobi.",
    "participial": "Militants attacking an army convoy in Kandahar were captured by Afghan forces.",
    "nominal_subject": "A Saudi air strike on Houthi positions killed five fighters.",
    "nominal_of": "Iran condemned the assassination of Ismail Haniyeh.",
    "negation": "Israel did not attack the Rafah crossing, the army said.",
    "denial": "Pakistan denied attacking Afghan border posts.",
    "future": "Chinese President Xi Jinping will visit Moscow next week.",
    "hypothetical": "The EU could impose new sanctions on Iran if talks collapse.",
    "claim": "Ukraine's foreign minister said Russian forces shelled Zaporizhzhia overnight.",
    "request": "The UN urged Myanmar to release detained journalists.",
    "refusal": "Hamas refused to release the hostages.",
    "accusation": "Russia accused Ukraine of attacking the Crimean bridge.",
    "metonymy": "Washington imposed sanctions on Tehran, and the Kremlin criticised NATO.",
    "unnamed_group": "Gunmen attacked a bus in northern Nigeria.",
    "place_target": "Hundreds of students demonstrated in Tbilisi on Friday.",
    "future_threat": "Venezuelan officials said they would expel the Guyanese ambassador.",
    "pronoun_speaker": "The Yemeni rebels said they will free the captured sailors.",
    "passive_accusation": "Sudan was accused by the United Nations of attacking aid convoys.",
    "rejected_accusation": "Serbia on Monday condemned as baseless allegations by Kosovo that it had armed the gunmen.",
}


@pytest.fixture(scope="module")
def coded(pipeline) -> dict[str, list[dict]]:
    out = {}
    for key, text in SENTENCES.items():
        analysis = pipeline.analyze(text)
        out[key] = [_essential(e.to_dict()) for e in analysis.events]
    return out


def _essential(event: dict) -> dict:
    """The event without fields later capabilities add (dates, places), so this golden pins the coder only."""
    return {k: v for k, v in event.items() if k not in ("date", "location")}


def _events(coded, key):
    return coded[key]


def _triple(event):
    source, target = event["source"] or {}, event["target"] or {}
    return event["cameo"][:2], source.get("country"), target.get("country")


def test_events_golden_sentences_unchanged(coded, update_golden):
    actual = json.dumps(coded, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if update_golden:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
    assert GOLDEN.exists(), "no golden file: run with --update-golden and review it"
    assert actual == GOLDEN.read_text(encoding="utf-8"), "event output changed: review, then --update-golden"


def test_events_active_voice(coded):
    assert any(_triple(e) == ("19", "TUR", None) and e["modality"] == "asserted" for e in coded["active"])


def test_events_passive_voice_takes_the_agent_as_source(coded):
    event = next(e for e in coded["passive"] if e["trigger"]["text"] == "killed")
    assert event["source"]["country"] == "RUS" and event["source"]["sector"] == "MIL"
    assert event["target"]["text"].endswith("aid workers")


def test_events_coordinated_verbs_share_subject_and_object(coded):
    by_sisi = {e["root"]: e for e in coded["coordination"] if e["source"]["name"] == "Abdel Fattah al-Sisi"}
    assert {"04", "05"} <= set(by_sisi)
    for root in ("04", "05"):
        assert by_sisi[root]["target"]["country"] == "JOR"


def test_events_meetings_are_reciprocal(coded):
    meetings = [e for e in coded["coordination"] if e["root"] == "04"]
    assert {(e["source"]["country"], e["target"]["country"]) for e in meetings} == {("EGY", "JOR"), ("JOR", "EGY")}


def test_events_intent_becomes_a_future_threat(coded):
    event = coded["control"][0]
    assert event["cameo"].startswith("138") and event["modality"] == "future"
    assert event["source"]["name"] == "Hezbollah" and event["target"]["country"] == "ISR"


def test_events_threat_to_attack_is_138(coded):
    assert [(_triple(e), e["cameo"][:3], e["modality"]) for e in coded["threat"]] == [
        (("13", "PRK", "KOR"), "138", "asserted")]


def test_events_prepositional_target(coded):
    assert [(_triple(e), e["cameo"]) for e in coded["prep_target"]] == [(("16", None, "BLR"), "163")]


def test_events_meet_with(coded):
    event = next(e for e in coded["meet_with"] if e["root"] == "04")
    assert event["source"]["name"] == "Abbas Araghchi" and event["target"]["country"] == "OMN"


def test_events_relative_clause_subject_is_the_noun_it_modifies(coded):
    attack = next(e for e in coded["relative"] if e["trigger"]["text"] == "attacked")
    assert attack["source"]["sector"] == "OPP"
    arrest = next(e for e in coded["relative"] if e["trigger"]["text"] == "arrested")
    assert arrest["cameo"] == "173" and arrest["source"]["sector"] == "COP"


def test_events_participial_clause(coded):
    attack = next(e for e in coded["participial"] if e["trigger"]["text"] == "attacking")
    assert attack["source"]["text"] == "Militants"


def test_events_nominal_event_as_subject_gives_its_maker(coded):
    event = next(e for e in coded["nominal_subject"] if e["trigger"]["text"] == "killed")
    assert event["source"]["country"] == "SAU" and event["quad_class"] == 4
    assert not any(e["trigger"]["text"] == "strike" for e in coded["nominal_subject"])


def test_events_nominal_event_with_of(coded):
    roots = {e["root"] for e in coded["nominal_of"]}
    assert "11" in roots
    assassination = [e for e in coded["nominal_of"] if e["trigger"]["text"] == "assassination"]
    assert assassination and assassination[0]["target"]["name"] == "Ismail Haniyeh"


def test_events_negation(coded):
    attack = next(e for e in coded["negation"] if e["trigger"]["text"] == "attack")
    assert attack["modality"] == "negated" and attack["source"]["country"] == "ISR"


def test_events_denial_is_an_event_and_negates_the_denied_act(coded):
    denial = next(e for e in coded["denial"] if e["cameo"] == "016")
    attack = next(e for e in coded["denial"] if e["trigger"]["text"] == "attacking")
    assert denial["source"]["country"] == "PAK"
    assert attack["modality"] == "negated" and attack["attributed_to"] == denial["source"]["entity"]


def test_events_future_cooperation_is_an_intent_as_cameo_codes_it(coded):
    visit = next(e for e in coded["future"] if e["trigger"]["text"] == "visit")
    assert visit["modality"] == "future" and visit["source"]["name"] == "Xi Jinping"
    assert visit["root"] == "03" and visit["embedded"]["cameo"].startswith("04")


def test_events_hypothetical(coded):
    assert [(e["cameo"], e["modality"]) for e in coded["hypothetical"]] == [("163", "hypothetical")]


def test_events_claim_is_attributed_to_the_speaker(coded):
    statement = next(e for e in coded["claim"] if e["cameo"] == "010")
    shelling = next(e for e in coded["claim"] if e["trigger"]["text"] == "shelled")
    assert shelling["modality"] == "claimed" and shelling["source"]["country"] == "RUS"
    assert statement["source"]["country"] == "UKR"
    assert shelling["attributed_to"] is None or shelling["attributed_to"] == statement["source"]["entity"]


def test_events_request_targets_the_one_asked(coded):
    event = coded["request"][0]
    assert event["root"] == "02" and event["target"]["country"] == "MMR" and event["source"]["sector"] == "IGO"


def test_events_refusal(coded):
    event = coded["refusal"][0]
    assert event["root"] == "12" and event["source"]["name"] == "Hamas"


def test_events_accusation(coded):
    accusation = next(e for e in coded["accusation"] if e["cameo"].startswith("112"))
    alleged = next(e for e in coded["accusation"] if e["trigger"]["text"] == "attacking")
    assert _triple(accusation) == ("11", "RUS", "UKR")
    assert alleged["modality"] == "claimed" and alleged["source"]["country"] == "UKR"


def test_events_metonymy(coded):
    codes = {(e["cameo"], e["source"]["code"], (e["target"] or {}).get("country")) for e in coded["metonymy"]}
    assert ("163", "USAGOV", "IRN") in codes
    assert any(code[:2] == "11" and source == "RUSGOV" for code, source, _ in codes)


def test_events_unnamed_group_keeps_text_and_no_country(coded):
    event = coded["unnamed_group"][0]
    assert event["source"]["text"] == "Gunmen" and event["source"]["country"] is None


def test_events_place_is_the_target_of_an_event_without_one(coded):
    event = coded["place_target"][0]
    assert event["root"] == "14" and event["target"]["country"] == "GEO" and event["target_from"] == "location"


def test_events_place_is_never_the_target_when_the_text_names_one(coded):
    assert all(e.get("target_from") is None for e in coded["unnamed_group"] + coded["active"])


def test_events_future_conflict_is_a_threat_as_cameo_codes_it(coded):
    expel = next(e for e in coded["future_threat"] if e["trigger"]["text"] == "expel")
    assert expel["root"] == "13" and expel["modality"] == "future" and expel["source"]["country"] == "VEN"
    assert expel["embedded"]["cameo"].startswith("16")


def test_events_pronoun_in_reported_speech_is_the_speaker(coded):
    free = next(e for e in coded["pronoun_speaker"] if e["trigger"]["text"] == "free")
    assert free["root"] == "03" and free["source"]["country"] == "YEM"


def test_events_passive_accusation_takes_the_agent_as_accuser(coded):
    accusation = next(e for e in coded["passive_accusation"] if e["cameo"].startswith("112"))
    alleged = next(e for e in coded["passive_accusation"] if e["trigger"]["text"] == "attacking")
    assert accusation["source"]["sector"] == "IGO" and accusation["target"]["country"] == "SDN"
    assert alleged["modality"] == "claimed" and alleged["source"]["country"] == "SDN"


def test_events_every_code_is_in_the_ontology(pipeline, coded):
    for events in coded.values():
        for event in events:
            info = pipeline.ontology[event["cameo"]]
            assert (event["quad_class"], event["goldstein"], event["root"]) == (info.quad_class, info.goldstein,
                                                                                 info.root)


def test_events_founding_example(founding):
    events = founding.events
    names = {e.id: e.name for e in founding.entities}

    def who(actor):
        return names.get(actor.entity) if actor and actor.entity else None

    meeting = [e for e in events if e.root == "04" and who(e.target) == "Ali Khamenei"]
    assert meeting and "family" in meeting[0].source.text.lower()
    praise = {who(e.target) for e in events if e.root == "05" and who(e.source) == "Ali Khamenei"}
    assert {"Qassem Soleimani", "Esmaeil Qaani"} <= praise
    strikes = [e for e in events if e.root in ("18", "19")]
    assert any(e.source and e.source.country == "USA" and who(e.target) == "Qassem Soleimani" for e in strikes)
    assert any(who(e.target) == "Abu Mahdi al-Muhandis" for e in strikes)
    us_strikes = [e for e in strikes if e.source and e.source.country == "USA"]
    assert {who(e.target) for e in us_strikes} == {"Qassem Soleimani", "Abu Mahdi al-Muhandis"}
    # "The attack — that also killed Abu Mahdi al-Muhandis …" is the strike told before: its date and place
    assert all(e.date.value == "2020-01" and e.location and e.location.country == "IRQ" for e in us_strikes)
    statements = [e for e in events if e.cameo == "010" and who(e.source) == "Ali Khamenei"]
    assert len(statements) >= 2
    named = {m.text for e in founding.entities for m in e.mentions}
    for event in events:
        for actor in (event.source, event.target):
            assert actor is None or actor.entity or any(n in actor.text for n in named)


@pytest.mark.parametrize("text", [
    "The senator said he did not want to score points on the issue, he wanted to see it resolved.",
    "The campaign accused the governor of failing to offer a plan for veterans.",
    "Critics accused the minister of planning to deny farmers the right to sell their land.",
])
def test_events_governing_only_verbs_never_fail_the_article(pipeline, text):
    """Verbs that code only through what they govern ("want to", "fail to", "plan to") inside a negation or an
    accusation: the article is analysed, and no event carries the not-an-event code."""
    analysis = pipeline.analyze(text)
    assert all(e.cameo.isdigit() for e in analysis.events)
    assert analysis.events, "the speech or accusation around them is still coded"


@pytest.mark.parametrize("text, source", [
    ("VIENNA — The International Atomic Energy Agency on Monday demanded that Iran open the storage site.",
     "International Atomic Energy Agency"),
    ("GAZA CITY (AP) — Health officials in Gaza said on Tuesday that the hospital had run out of fuel.",
     "Health officials"),
    ("NAIROBI, Kenya — The Kenyan government said on Friday it would send police officers to Haiti.",
     "The Kenyan government"),
])
def test_events_a_wire_dateline_is_never_the_source(pipeline, text, source):
    events = pipeline.analyze(text).events
    assert events and events[0].source is not None
    assert (events[0].source.name or events[0].source.text) == source


def test_events_an_event_told_again_through_a_noun_takes_its_date(pipeline):
    text = ("Government troops shelled the village of Kafr Nabl on March 3, 2019. The attack, which also destroyed "
            "a school, drew condemnation from aid groups.")
    events = pipeline.analyze(text, published="2019-03-10").events
    shelling = next(e for e in events if e.trigger.text == "shelled")
    later = [e for e in events if e.trigger.text == "destroyed"]
    assert shelling.date.value == "2019-03-03"
    assert later and all(e.date.value == "2019-03-03" and e.extra.get("dated_by") == shelling.id for e in later)


@pytest.mark.parametrize("text, source, target", [
    ("Serbia on Monday condemned as baseless allegations by Kosovo that it had armed the gunmen.", "SRB", "XKX"),
    ("Beijing rejected the allegations by Manila.", "CHN", "PHL"),
    ("Moscow denounced Kyiv's accusations.", "RUS", "UKR"),
    ("Israel denied the Syrian accusation.", "ISR", "SYR"),
])
def test_events_rejecting_an_accusation_is_one_denial_aimed_at_the_accuser(pipeline, text, source, target):
    """CAMEO codes "X rejected/condemned/denied Y's accusation" once, as a denial (016) by X aimed at Y; the
    accusation it rejects is not coded again as an event of its own."""
    events = pipeline.analyze(text).events
    assert [(e.cameo, e.source and e.source.country, e.target and e.target.country) for e in events] == \
        [("016", source, target)]


def test_events_condemning_an_attack_still_codes_the_attack(pipeline):
    events = pipeline.analyze("Iran condemned the assassination of Ismail Haniyeh.").events
    assert sorted(e.cameo for e in events) == ["111", "186"]


def test_events_a_schedule_others_set_keeps_the_event_code(pipeline):
    """"is due to meet" is a future someone else set: a meeting (04) in the future. "will meet" is the actor's
    own future, which CAMEO codes as intent to meet (036)."""
    scheduled = pipeline.analyze("Putin is expected to visit Beijing next month.").events
    own = pipeline.analyze("Putin will visit Beijing next month.").events
    assert [(e.cameo, e.modality, e.source.country) for e in scheduled] == [("042", "future", "RUS")]
    assert [(e.cameo, e.modality) for e in own] == [("036", "future")]


def test_events_a_state_reporting_its_own_strike_does_not_accuse_itself(pipeline):
    text = "The United States launched an air strike on an arms depot in Syria, the U.S. Central Command said."
    events = pipeline.analyze(text).events
    assert not [e for e in events if e.root == "11"]
    assert [e.source.country for e in events if e.root == "19"] == ["USA"]


def test_events_a_group_reporting_its_own_governments_strike_accuses_it(pipeline):
    text = "The Syrian Democratic Council said Syrian government forces shelled the town of Maarat al-Numan."
    events = pipeline.analyze(text).events
    assert [(e.cameo, e.target and e.target.country) for e in events if e.root == "11"] == [("112", "SYR")]


def test_events_the_place_in_the_events_own_phrase_beats_one_nested_deeper(pipeline):
    events = pipeline.analyze("Macron attended a summit in Brussels on the crisis in Lebanon.").events
    meeting = next(e for e in events if e.root == "04")
    assert meeting.location is not None and meeting.location.country == "BEL"
