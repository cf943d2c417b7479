"""Name mentions in a parsed article: NER spans and lexicon matches, cleaned and normalised.

Each mention keeps the words it came from (its span, titles included) and the name it stands for (titles,
determiners and possessives stripped). The descriptors around a person's name — ``late Iranian commander Lt.
General …``, ``Leader of the Islamic Revolution …``, ``…, the second-in-command of Iraq’s PMU`` — are read here
as hints for country, sector and role; :mod:`newsledger.extract.entities` decides what they mean.

The small model's NER is noisy, so spans are repaired first: cut at brackets and spaced dashes (datelines), titles
alone dropped, facilities recognised by their head word (``… Airport``), and places or people that NER labelled
wrongly relabelled when the lexicons or the context say so (``in Rafah``; ``Its director, Kadri Tamm``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import IS_TITLE, LOWER, ORTH, POS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .gazetteer import Gazetteer
from .lexicons import Known, Lexicons, Title, name_key

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
DETERMINERS = {"the", "a", "an"}
POSSESSIVES = {"'s", "’s", "'", "’"}
ROLE_MODIFIERS = {"late", "former", "then", "acting", "deputy", "chief", "top", "senior", "new", "interim",
                  "outgoing", "incoming", "retired", "slain", "assassinated", "jailed", "exiled", "veteran"}
LOCATIVES = {"in", "near", "outside", "across", "around", "inside"}
NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "van", "von", "der", "da", "di", "la", "le", "du"}
_STOPS = {",", ".", ";", ":", "(", ")", "—", "–", "\"", "“", "”"}
_PREPOSITIONS = {"of", "for", "at", "to", "with", "in", "on"}
_SPACED_DASHES = {"-", "—", "–", "--"}


@dataclass(slots=True, eq=False)
class Mention:
    start: int  # token index of the mention as written (titles included)
    end: int
    core_start: int  # token index of the name itself
    core_end: int
    label: str
    name: str
    known: Known | None = None
    titles: list[Title] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    modifiers: set[str] = field(default_factory=set)
    country_hints: list[tuple[str, str]] = field(default_factory=list)  # (iso3, basis)
    related: list[tuple[int, int]] = field(default_factory=list)  # token ranges naming what a role is "of"
    role_heads: list[int] = field(default_factory=list)  # tokens of role nouns that describe this person
    sector_hints: list[str] = field(default_factory=list)
    source: str = "ner"  # ner, lexicon, definition, acronym, role
    defines: str | None = None  # for an expansion written as "Name (ACR)": the acronym
    key: str = field(init=False)  # name_key(name)
    tokens: list[str] = field(init=False)  # the key's words

    def __post_init__(self) -> None:
        self.key = name_key(self.name)
        self.tokens = self.key.split()


class MentionFinder:
    """Finds and normalises name mentions; built once per pipeline (it holds a PhraseMatcher)."""

    def __init__(self, vocab, make_doc, lexicons: Lexicons, gazetteer: Gazetteer) -> None:
        self.lex = lexicons
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(vocab, attr="ORTH")
        patterns: dict[str, list[Doc]] = {"ORG": [], "PERSON": [], "GPE": [], "LOC": []}
        seen: set[tuple[str, str]] = set()
        tables = ((lexicons.organisations, "ORG"), (lexicons.people, "PERSON"), (lexicons.regions, "LOC"),
                  ({k: v for k, v in lexicons.countries.items()}, "GPE"))
        for table, label in tables:
            for entry in table.values():
                for form in (entry.name, *entry.aliases):
                    if (label, form) not in seen and len(form) > 1 and form[0].isupper():
                        seen.add((label, form))
                        patterns[label].append(make_doc(form))
        for label, docs in patterns.items():
            self.matcher.add(label, docs)

    def find(self, doc: Doc) -> list[Mention]:
        titles = self._title_runs(doc)
        mentions: list[Mention] = []
        spans = self._candidate_spans(doc)
        spans = sorted(spans + _titled_names(doc, titles, spans))
        for start, end, label, source in spans:
            mention = self._mention(doc, start, end, label, source, titles, mentions)
            if mention is not None:
                mentions.append(mention)
        mentions.extend(self._definitions(doc, mentions))
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    # -- titles ----------------------------------------------------------------------------------------------

    def _title_runs(self, doc: Doc) -> dict[int, tuple[int, int, Title]]:
        """Every token inside a written title (``Lt.`` ``General``, ``Brig. Gen.``) → (start, end, title)."""
        keys, index = [], []
        for i, text in enumerate(_texts(doc)):
            key = name_key(text)
            if key:
                keys.append(key)
                index.append(i)
        runs: dict[int, tuple[int, int, Title]] = {}
        position = 0
        texts = _texts(doc)
        while position < len(keys):
            found = None
            if texts[index[position]][:1].isupper():
                found = self.lex.title_at(keys, position)
            if found is None or not all(texts[i][:1].isupper() for i in index[position:position + found[0]]):
                position += 1
                continue
            size, title = found
            start, end = index[position], index[position + size - 1] + 1
            for i in range(start, end):
                runs[i] = (start, end, title)
            position += size
        return runs

    # -- candidates ------------------------------------------------------------------------------------------

    def _candidate_spans(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        ner = [(e.start, e.end, e.label_, "ner") for e in doc.ents if e.label_ in NAME_LABELS]
        lexical = [(s, e, doc.vocab.strings[m], "lexicon") for m, s, e in self.matcher(doc)]
        chosen = list(ner)
        for start, end, label, source in _longest_first(lexical):
            overlapping = [n for n in chosen if n[0] < end and start < n[1]]
            if not overlapping:
                chosen.append((start, end, label, source))
            elif all(start <= n[0] and n[1] <= end for n in overlapping) and any(
                    (n[0], n[1]) != (start, end) for n in overlapping):
                chosen = [n for n in chosen if n not in overlapping] + [(start, end, label, source)]
        pieces = []
        for start, end, label, source in chosen:
            pieces.extend((s, e, label, source) for s, e in _clean_pieces(doc, start, end))
        return sorted(pieces)

    # -- one mention -----------------------------------------------------------------------------------------

    def _mention(self, doc: Doc, start: int, end: int, label: str, source: str,
                 titles: dict[int, tuple[int, int, Title]], earlier: list[Mention]) -> Mention | None:
        owner = _possessive_split(doc, start, end)
        if owner is not None and self.lex.known(doc[start:end].text, label) is not None:
            owner = None  # a known name with a possessive inside: "Democratic People's Republic of Korea"
        owner_country = None
        if owner is not None:
            owner_known = self.lex.known(doc[start:owner].text)
            if owner_known is not None:
                earlier.append(Mention(start, owner, start, owner, owner_known.type, doc[start:owner].text,
                                       known=owner_known, source="possessive"))
                owner_country = owner_known.country
            start = owner + 1
            if start >= end:
                return None
        known = self.lex.known(doc[start:end].text, label)
        written_start, core_start, found = start, start, []
        if known is None or known.type == "PERSON":
            written_start, core_start, found = _titles_around(doc, start, end, titles)
            if core_start >= end:
                return None  # a title alone ("Brig") is not a name
        core = doc[core_start:end].text
        label = self._relabel(doc, core_start, end, label, bool(found), known)
        if label is None:
            return None
        if known is None or (known.type == "PERSON" and label != "PERSON"):
            known = self.lex.known(core, label)
        if known is not None and label not in ("FAC",):
            label = known.type if known.type != "LOC" or label not in ("GPE",) else label
        if label != "PERSON" and found and known is None:
            written_start, core_start, found = start, start, []
            core = doc[start:end].text
        mention = Mention(written_start, end, core_start, end, label, core, known=known, titles=found,
                          source=source)
        if owner_country:
            mention.country_hints.append((owner_country, "possessive"))
        if label == "PERSON":
            self._read_preceding_role(doc, mention)
            self._read_apposition(doc, mention)
            mention.sector_hints.extend(t.sector for t in found if t.sector)
        elif label in ("ORG", "FAC"):
            self._read_name_hints(doc, mention)
        elif label == "NORP":
            iso3 = self.lex.country_of_demonym(core) or self.lex.country_of_name(core) or next(
                (c for c in (self.lex.country_of_demonym(t.text) for t in doc[core_start:end]) if c), None)
            if iso3:  # "Bosnian Serbs", "Iraqi Kurds": the first demonym says where they are from
                mention.country_hints.append((iso3, "demonym"))
        return mention

    def _relabel(self, doc: Doc, start: int, end: int, label: str, titled: bool, known: Known | None) -> str | None:
        """Correct NER's label where the words or their context say otherwise."""
        text = doc[start:end].text
        if not any(t.text[:1].isupper() for t in doc[start:end]):
            return None  # names are capitalised; NER's lower-case spans are noise
        if label in ("GPE", "ORG", "PERSON") and name_key(text) in self.lex.demonyms and known is None:
            return "NORP"
        head = doc[end - 1].text
        place_cue = self.lex.place_cues.get(name_key(head))
        if place_cue is not None and label in ("PERSON", "ORG", "GPE"):
            return place_cue
        if known is not None and known.type != "PERSON":
            return label
        if label == "PERSON" and not titled and known is None:
            if self._is_place_name(text):
                return "LOC" if name_key(text) in self.lex.regions else "GPE"
            if start > 0 and doc[start - 1].lower_ in LOCATIVES and (end >= len(doc) or
                                                                   doc[end].text not in POSSESSIVES):
                return "GPE"
        if label in ("ORG", "GPE") and known is None:
            if not self.lex.org_cue_in(text) and _looks_like_person_name(doc, start, end, min_tokens=2) and (
                    self._role_apposition_after(doc, end) or self._role_apposition_before(doc, start)):
                return "PERSON"
            if label == "ORG" and self._is_place_name(text):
                return "GPE"
            if label == "ORG" and start > 0 and doc[start - 1].lower_ in LOCATIVES and end - start == 1 \
                    and self.gazetteer.cities(text):
                return "GPE"
        return label

    def _is_place_name(self, text: str) -> bool:
        key = name_key(text)
        return key in self.lex.country_names or key in self.lex.capitals or key in self.lex.regions

    def _role_apposition_after(self, doc: Doc, end: int) -> bool:
        """``Kadri Tamm, director of …``: a comma, maybe a determiner, then a role noun."""
        if end >= len(doc) or doc[end].text != ",":
            return False
        i = end + 1
        while i < len(doc) and (doc[i].lower_ in DETERMINERS or doc[i].pos_ in ("ADJ", "DET")):
            i += 1
        return self._role_starting_at(doc, i) is not None

    def _role_apposition_before(self, doc: Doc, start: int) -> bool:
        """``Its director, Kadri Tamm``: a role noun and a comma just before the name."""
        return start >= 2 and doc[start - 1].text == "," and self._role_ending_at(doc, start - 1, 0) is not None

    # -- descriptors around a person's name --------------------------------------------------------------------

    def _read_preceding_role(self, doc: Doc, mention: Mention) -> None:
        """``Leader of the Islamic Revolution X``, ``late Iranian commander X``, ``US President X``."""
        sentence_start = doc[mention.start].sent.start
        j = mention.start - 1
        while j > sentence_start and (doc[j].is_title or doc[j].is_upper or doc[j].is_digit or doc[j].lower_ in
                                      ("the", "of", "and", "'s", "’s", "-")):
            if doc[j].lower_ == "of" and j + 1 < mention.start:
                role = self._role_ending_at(doc, j, sentence_start)
                if role is not None:
                    mention.roles.append(role[1])
                    mention.role_heads.append(j - 1)
                    mention.related.append((j + 1, mention.start))
                    self._read_modifiers(doc, role[0], sentence_start, mention)
                    return
            j -= 1
        role = self._role_ending_at(doc, mention.start, sentence_start)
        if role is not None:
            mention.roles.append(role[1])
            mention.role_heads.append(mention.start - 1)
            self._read_modifiers(doc, role[0], sentence_start, mention)
        else:
            self._read_modifiers(doc, mention.start, sentence_start, mention)

    def _role_ending_at(self, doc: Doc, end: int, floor: int) -> tuple[int, str] | None:
        """A role noun (one to three words) ending just before token ``end``: (start token, text)."""
        for size in (3, 2, 1):
            start = end - size
            if start < floor:
                continue
            words = doc[start:end]
            if name_key(words.text) in self.lex.roles and not any(t.is_punct and t.text != "-" for t in words):
                return start, words.text
        return None

    def _role_starting_at(self, doc: Doc, start: int, limit: int | None = None) -> tuple[int, str] | None:
        """A role noun (one to three words) starting at token ``start``: (end token, text)."""
        for size in (3, 2, 1):
            end = start + size
            if end > (limit if limit is not None else len(doc)):
                continue
            words = doc[start:end]
            if name_key(words.text) in self.lex.roles and not any(t.is_punct and t.text != "-" for t in words):
                return end, words.text
        return None

    def _read_modifiers(self, doc: Doc, end: int, floor: int, mention: Mention) -> None:
        """Adjectives, demonyms and country names just before a role or name: ``late Iranian``, ``Iran's``."""
        i = end - 1
        while i >= floor:
            token = doc[i]
            if token.text in POSSESSIVES and i - 1 >= floor:
                iso3 = self.lex.country_of_name(doc[i - 1].text)
                if iso3:
                    mention.country_hints.append((iso3, "possessive"))
                    i -= 2
                    continue
                break
            iso3 = self.lex.country_of_demonym(token.text) or (
                self.lex.country_of_name(token.text) if token.pos_ == "PROPN" else None)
            if iso3:
                mention.country_hints.append((iso3, "demonym"))
            elif token.lower_ in ROLE_MODIFIERS or token.pos_ == "ADJ":
                mention.modifiers.add(token.lower_)
            else:
                break
            i -= 1
        self._role_hints(mention)

    def _role_hints(self, mention: Mention) -> None:
        for role in mention.roles:
            key = name_key(role)
            if self.lex.roles.get(key):
                mention.sector_hints.append(self.lex.roles[key])
            if key in self.lex.role_countries:
                mention.country_hints.append((self.lex.role_countries[key], "role"))

    def _read_apposition(self, doc: Doc, mention: Mention) -> None:
        """``X, [the] [former] commander of the Quds Force of Iran's IRGC, …``."""
        if mention.end >= len(doc) or doc[mention.end].text != ",":
            return
        sentence_end = doc[mention.end - 1].sent.end
        j = mention.end + 1
        while j < sentence_end and (doc[j].lower_ in DETERMINERS or doc[j].lower_ in ROLE_MODIFIERS
                                    or doc[j].pos_ == "ADJ"):
            self._modifier(doc[j], mention)
            j += 1
        if j >= sentence_end or (doc[j].pos_ not in ("NOUN", "ADJ", "NUM")
                                 and name_key(doc[j].text) not in self.lex.roles):
            return
        phrase_end = j
        while phrase_end < sentence_end and doc[phrase_end].text not in _STOPS \
                and doc[phrase_end].pos_ not in ("VERB", "AUX"):
            phrase_end += 1
        preposition = next((k for k in range(j, phrase_end) if doc[k].lower_ in _PREPOSITIONS), phrase_end)
        role = None
        for k in range(preposition - 1, j - 1, -1):  # the head noun is the last role word before "of"
            role = self._role_starting_at(doc, k, preposition)
            if role is not None:
                break
        if role is not None:
            mention.roles.append(role[1])
            mention.role_heads.append(role[0] - 1)
        elif preposition < phrase_end and doc[preposition].lower_ == "of":
            mention.roles.append(doc[j:preposition].text)
            mention.role_heads.append(preposition - 1)
        else:
            return
        if preposition + 1 < phrase_end:
            mention.related.append((preposition + 1, phrase_end))
        self._role_hints(mention)

    def _modifier(self, token, mention: Mention) -> None:
        iso3 = self.lex.country_of_demonym(token.text)
        if iso3:
            mention.country_hints.append((iso3, "demonym"))
        elif token.lower_ not in DETERMINERS:
            mention.modifiers.add(token.lower_)

    def _read_name_hints(self, doc: Doc, mention: Mention) -> None:
        """Sector cues and place names inside an organisation's or facility's own name."""
        sector = self.lex.org_cue_in(mention.name)
        if sector:
            mention.sector_hints.append(sector)
        for token in doc[mention.core_start:mention.core_end]:
            if not token.text[:1].isupper():
                continue
            iso3 = (self.lex.country_of_name(token.text) or self.lex.country_of_demonym(token.text)
                    or self.lex.capitals.get(name_key(token.text)))
            if iso3:
                mention.country_hints.append((iso3, "name"))

    # -- acronyms defined in the text --------------------------------------------------------------------------

    def _definitions(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """``Popular Mobilization Units (PMU)``: the phrase before a bracketed acronym whose initials spell it."""
        added: list[Mention] = []
        texts = _texts(doc)
        for i in range(len(texts) - 2):
            if texts[i] != "(" or texts[i + 2] != ")" or not is_acronym(texts[i + 1]):
                continue
            acronym = texts[i + 1]
            span = _expansion_before(doc, i, acronym_letters(acronym))
            if span is None:
                continue
            start, end = span
            existing = next((m for m in mentions if m.core_start == start and m.end == end), None)
            if existing is not None:
                existing.defines = acronym
                continue
            inside = [m for m in mentions if start <= m.start and m.end <= end]
            for m in inside:
                mentions.remove(m)
            name = doc[start:end].text
            known = self.lex.known(name, "ORG")
            label = known.type if known is not None else next((m.label for m in inside if m.label != "GPE"), "ORG")
            mention = Mention(start, end, start, end, label, name, known=known, source="definition",
                              defines=acronym)
            self._read_name_hints(doc, mention)
            if start >= 2 and doc[start - 1].text in POSSESSIVES:
                iso3 = self.lex.country_of_name(doc[start - 2].text)
                if iso3:
                    mention.country_hints.append((iso3, "possessive"))
            added.append(mention)
        return added


_FILLERS = {"of", "and", "for", "the", "de", "&", "on", "in", "to", "al"}


@dataclass(slots=True)
class TokenView:
    """Plain lists of the token attributes the extractors scan, built in one pass per doc.

    spaCy makes a new Token object on every access, so whole-document scans read these lists instead.
    """

    text: list[str]
    lower: list[str]
    pos: list[str]
    is_title: list[bool]


def token_view(doc: Doc) -> TokenView:
    view = doc.user_data.get("newsledger.view")
    if view is None:
        columns = doc.to_array([ORTH, LOWER, POS, IS_TITLE]).T.tolist() if len(doc) else [[], [], [], []]
        orths, lowers, tags, titles = columns
        strings = doc.vocab.strings
        names = {value: strings[value] for value in {*orths, *lowers, *tags}}
        view = doc.user_data["newsledger.view"] = TokenView([names[v] for v in orths], [names[v] for v in lowers],
                                                            [names[v] for v in tags], [bool(v) for v in titles])
    return view


def _texts(doc: Doc) -> list[str]:
    return token_view(doc).text


def is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("-", "").replace("&", "")
    return 2 <= len(letters) <= 10 and letters.isalnum() and sum(c.isupper() for c in letters) >= 2 and \
        text[:1].isupper() and sum(c.islower() for c in letters) <= 1


def acronym_letters(acronym: str) -> str:
    return "".join(c for c in acronym.split("-")[0] if c.isupper())


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in _FILLERS)


def _expansion_before(doc: Doc, bracket: int, letters: str) -> tuple[int, int] | None:
    """The shortest run of capitalised words (fillers allowed inside) ending at ``bracket`` with these initials."""
    words: list[int] = []
    i = bracket - 1
    while i >= 0 and len(words) < len(letters) + 6:
        token = doc[i]
        if token.text[:1].isupper() and (token.is_alpha or "-" in token.text):
            words.insert(0, i)
            if initials([doc[k].text for k in words]).upper() == letters:
                return words[0], bracket
        elif not (token.lower_ in _FILLERS and words):
            break
        i -= 1
    return None


def _titles_around(doc: Doc, start: int, end: int, titles: dict[int, tuple[int, int, Title]]
                   ) -> tuple[int, int, list[Title]]:
    """(written start, name start, titles) for a span, with titles inside it and written just before it."""
    found: list[Title] = []
    core = start
    while core < end and core in titles:
        run_start, run_end, title = titles[core]
        found.append(title)
        core = run_end
    written = start
    while written > 0 and written - 1 in titles:
        run_start, run_end, title = titles[written - 1]
        if run_start >= written:
            break
        found.insert(0, title)
        written = run_start
    while core < end and doc[core].is_punct:
        core += 1
    return written, core, found


def _titled_names(doc: Doc, titles: dict[int, tuple[int, int, Title]], spans: list[tuple[int, int, str, str]]
                  ) -> list[tuple[int, int, str, str]]:
    """Capitalised names written right after a title that NER missed (``Lt. Col. Ana Ruiz``): people."""
    covered = {i for s, e, _, _ in spans for i in range(s, e)}
    found = []
    ends = sorted({run_end for _, run_end, _ in titles.values()})
    for end in ends:
        i = end
        while i < len(doc) and i - end < 4 and doc[i].is_title and doc[i].pos_ == "PROPN" and i not in covered:
            i += 1
        if i > end and (i >= len(doc) or not (doc[i].is_title and doc[i].pos_ == "PROPN")) and end - 1 not in covered:
            found.append((end, i, "PERSON", "title"))
    return found


def _clean_pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span at brackets and spaced dashes, and trim determiners, possessives and punctuation."""
    pieces, piece_start = [], start
    for i in range(start, end):
        token = doc[i]
        cut = token.text in ("(", ")", "[", "]") or (token.text in _SPACED_DASHES and token.whitespace_ and i > 0
                                                      and doc[i - 1].whitespace_)
        if cut:
            pieces.append((piece_start, i))
            piece_start = i + 1
    pieces.append((piece_start, end))
    cleaned = []
    for s, e in pieces:
        while s < e and (doc[s].lower_ in DETERMINERS or doc[s].is_punct):
            s += 1
        while e > s and (doc[e - 1].text in POSSESSIVES or doc[e - 1].is_punct):
            e -= 1
        if s < e:
            cleaned.append((s, e))
    return cleaned


def _looks_like_person_name(doc: Doc, start: int, end: int, min_tokens: int = 1) -> bool:
    tokens = [t for t in doc[start:end] if not t.is_punct]
    return min_tokens <= len(tokens) <= 4 and all(
        t.is_title or t.lower_ in NAME_PARTICLES or "-" in t.text for t in tokens)


def _possessive_split(doc: Doc, start: int, end: int) -> int | None:
    """The token index of an inner possessive marker (``Iraq’s Popular Mobilization Units``), if any."""
    for i in range(start + 1, end - 1):
        if doc[i].text in POSSESSIVES and doc[i].tag_ == "POS":
            return i
    return None


def _longest_first(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    ordered = sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0]))
    kept: list[tuple[int, int, str, str]] = []
    for span in ordered:
        if all(span[1] <= k[0] or k[1] <= span[0] for k in kept):
            kept.append(span)
    return kept
