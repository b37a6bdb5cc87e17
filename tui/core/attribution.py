"""Who says a quotation: the attribution read from the words around it.

News copy attributes a quotation in a handful of ways, and this reads them
from the sentence with the quoted words masked out:

- "X said" / "X, the spokesman, said" / "said X" / "X told reporters"
  (a speech verb with a name next to it);
- "according to X";
- "he said" / "the Ukrainian leader said": resolved to the nearest preceding
  named speaker in the article (else the person the previous sentence opens with);
- a quotation standing alone continues the previous sentence's speaker, or the
  one a sentence ending with ":" introduces; a quotation left open at the end of
  a sentence takes the speaker of the sentence that closes it.

Speakers are people and organisations (spaCy PERSON and ORG entities). A speaker's
key is the stem of a person's last name ("Volodymyr Zelensky", "Mr Zelenskyy" →
zelensk), or an organisation's stems joined, so outlets that spell a name
differently still agree. Plain Python: never imports textual or rich.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .align.sentences import TITLES
from .align.tokens import WORD, stem
from .entity_spans import Entity

SPEAKER_LABELS = frozenset({"PERSON", "ORG"})
SPEECH_VERBS = frozenset("""
    said says say told tells wrote writes added adds noted notes stated states explained
    explains warned warns asked asks announced announces insisted insists argued argues
    claimed claims declared declares continued continues tweeted tweets posted replied
    replies responded responds recalled recalls acknowledged admitted admits suggested
    emphasized emphasised stressed mentioned indicated urged urges promised vowed cautioned
    complained conceded observed remarked boasted predicted countered quipped joked
    testified confirmed charged reported relayed contended maintained asserted
    saying adding noting suggesting warning insisting arguing explaining telling writing
    calling declaring stressing demands demanded concluded concludes concluding asking
    called calls described describes dismissed criticized criticised denounced accused
    blasted slammed pledged pledges""".split())
# Verbs that speak only when what follows is said: "she continued, “…”", "he added that";
# not "the brawl continued on Tuesday", "he added an offer".
GOING_ON = frozenset({"continued", "continues", "added", "adds"})
SPEAKS_ON = re.compile(r"\s*(?:[,:.;“”\"]|$|that\b)")
# "told reporters", "tells Etheridge": the name after these verbs is the one spoken to.
ADDRESSING = frozenset({"told", "tells", "telling", "asked", "asks"})
# Participles ("…, adding that …") speak for the sentence's subject, not the nearest name.
PARTICIPLES = frozenset(v for v in SPEECH_VERBS if v.endswith("ing"))
PERSON_PRONOUNS = frozenset({"he", "she"})
GROUP_PRONOUNS = frozenset({"it", "they"})
# Nouns that stand for someone named earlier ("said the Ukrainian leader").
ROLE_NOUNS = frozenset("""
    leader president governor senator speaker minister spokesman spokeswoman spokesperson
    official secretary chairman chairwoman mayor director congressman congresswoman
    representative candidate lawmaker judge justice prosecutor commissioner sheriff chief
    aide adviser advisor treasurer chair chairperson""".split())
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sen", "gov", "rep"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # a last name comes before them
ADJACENT_WORDS = 2  # "Zelensky also said": words allowed between a name and its verb
LEAD_WORDS = 4  # the subject a participle speaks for starts within the first words
FOLLOW_WORDS = 5  # "said Mr Zelenskyy" / "said the Ukrainian leader": words after the verb
ACCORDING_TO = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Speaker:
    """A speaker as one article names them: `key` to compare, `name` to show."""

    key: str
    name: str
    label: str  # "PERSON" or "ORG"
    # A last name alone where the article names two people with it ("the younger Cheney"):
    # who it is stays open, as if unnamed.
    ambiguous: bool = False


@dataclass(frozen=True)
class Cue:
    """What a sentence says about who speaks: a speaker named outright, a pronoun or
    role noun to resolve (`refers` "person"/"group", `role` the noun), or nothing; and
    whether it ends with ':' (introducing the quotation that follows)."""

    speaker: Speaker | None = None
    refers: str = ""  # "person" | "group": resolve to the nearest preceding speaker
    role: str = ""  # "governor": resolve to the one person the article gives that title
    introduces: bool = False


def _name_words(surface: str) -> list[str]:
    """A name's words: "the", honorifics, titles and a body's acronym before it dropped ("Mr
    Zelenskyy" → Zelenskyy, "RNC Chair Reince Priebus" → Reince Priebus), and nothing
    after a possessive ("Mitt Romney’s Medicare" → Mitt Romney)."""
    words: list[str] = []
    for word in WORD.findall(surface):
        bare = re.sub(r"['’]s$", "", word)
        words.append(bare)
        if bare != word:
            break
    while len(words) > 1 and (words[0].lower() in HONORIFICS | ROLE_NOUNS | {"the"}
                              or stem(words[0]) in TITLES
                              or (len(words[0]) > 1 and words[0].isupper())):
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in NAME_SUFFIXES:  # "Theodore J. Boutrous Jr."
        words = words[:-1]
    return words or [surface]


def speaker_of(text: str, entity: Entity) -> Speaker:
    """The speaker an entity names (key: a person's last name, an organisation's words)."""
    words = _name_words(text[entity.start:entity.end])
    if entity.label == "PERSON":
        key = stem(words[-1])
    else:
        key = "_".join(stem(w) for w in words)
    return Speaker(key, " ".join(words), entity.label)


def same_speaker(a: Speaker, b: Speaker) -> bool:
    """One speaker under two keys: equal, or one only the other's last name (an article
    naming two Cheneys keys each by full name, another naming one keys her "cheney")."""
    if a.key == b.key:
        return True
    short, long = sorted((a.key, b.key), key=len)
    return a.label == b.label == "PERSON" and "_" not in short and long.endswith("_" + short)


def _possessive(masked: str, hi: int) -> bool:
    return masked[hi:hi + 2] in ("'s", "’s") or masked[hi - 2:hi] in ("'s", "’s")


PREPOSITIONS = frozenset("of to for with about from by at on in against toward towards over "
                         "under into than".split())


def _after_preposition(masked: str, lo: int) -> bool:
    before = WORD.findall(masked[max(0, lo - 20):lo])
    return bool(before) and before[-1].lower() in PREPOSITIONS


def _masked(sentence: str, quote_spans: list[tuple[int, int]]) -> str:
    """The sentence with its quoted words blanked (offsets kept)."""
    chars = list(sentence)
    for lo, hi in quote_spans:
        for i in range(lo, hi):
            chars[i] = " "
    return "".join(chars)


Words = list[tuple[int, int, str]]
Spans = list[tuple[int, int, Entity]]


def _words(masked: str) -> Words:
    return [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(masked)]


def _entity_ending_before(words: Words, position: int, ents: Spans, masked: str
                          ) -> Entity | None:
    """A speaker entity ending at most ADJACENT_WORDS words before word `position`, or
    separated from it by an apposition ("Peskov, the Kremlin spokesman, said")."""
    verb_start = words[position][0]
    for _lo, hi, entity in reversed(ents):
        if hi > verb_start:
            continue
        between = [w for w in words if hi <= w[0] < verb_start]
        gap = masked[hi:verb_start]
        if len(between) <= ADJACENT_WORDS and not re.search(r"[,;:.]", gap):
            return entity
        if gap.count(",") == 2 and gap.strip().startswith(",") and gap.strip().endswith(","):
            return entity
        return None
    return None


def _subject_before(words: Words, position: int, ents: Spans, masked: str) -> Entity | None:
    """The sentence's subject speaking: a name among its first words, or one an aside
    follows ("Mary Cheney, openly lesbian and married …, posted: …")."""
    verb_start = words[position][0]
    lead_end = words[min(LEAD_WORDS, len(words)) - 1][1]
    for lo, hi, entity in ents:
        if hi > verb_start:
            return None
        if lo < lead_end or masked[hi:hi + 1] == ",":
            return entity
    return None


def _entity_after(words: Words, position: int, ents: Spans, masked: str) -> Entity | None:
    """A speaker entity starting within FOLLOW_WORDS words after word `position`,
    with nothing but words (and no sentence punctuation) between; never the one told."""
    if words[position][2] in ADDRESSING:
        return None
    verb_end = words[position][1]
    for lo, _hi, entity in ents:
        if lo < verb_end:
            continue
        between = [w for w in words if verb_end <= w[0] < lo]
        if len(between) <= FOLLOW_WORDS and not re.search(r"[;:.]", masked[verb_end:lo]):
            return entity
        return None
    return None


def _pronoun_before(words: Words, position: int, masked: str) -> tuple[str, str, int]:
    """(refers, role noun, word position) of a pronoun or role noun just before the verb;
    a capitalised role noun is a named person's title ("adviser to President Obama,
    criticized"), not a stand-in for a name."""
    for k in range(position - 1, max(-1, position - ADJACENT_WORDS - 2), -1):
        word = words[k][2]
        if word in ROLE_NOUNS and masked[words[k][0]].isupper():
            continue
        if word in PERSON_PRONOUNS:
            return "person", "", k
        if word in GROUP_PRONOUNS:
            return "group", "", k
        if word in ROLE_NOUNS:
            return "person", word, k
    return "", "", -1


def _role_after(words: Words, position: int) -> tuple[str, str]:
    """"said he" / "said the Ukrainian leader" → person (role "leader"); "said it" → group."""
    following = [w for _, _, w in words[position + 1:position + 1 + FOLLOW_WORDS]]
    if following and following[0] in PERSON_PRONOUNS:
        return "person", ""
    if following and following[0] in GROUP_PRONOUNS:
        return "group", ""
    if following and following[0] == "the":
        for word in following[1:]:
            if word in ROLE_NOUNS:
                return "person", word
    return "", ""


def cue(text: str, start: int, end: int, entities: list[Entity],
        quote_spans: list[tuple[int, int]]) -> Cue:
    """Who the sentence text[start:end] says is speaking, its quotations (spans relative
    to the sentence) masked out so a name inside a quotation is never its speaker."""
    sentence = text[start:end]
    masked = _masked(sentence, quote_spans)
    introduces = sentence.rstrip().endswith(":")
    ents = [(e.start - start, e.end - start, e) for e in entities
            if e.kind == "entity" and e.label in SPEAKER_LABELS
            and masked[e.start - start:e.end - start].strip()
            and not _possessive(masked, e.end - start)]  # "Zelensky's office said"
    words = _words(masked)
    for position, (_, verb_end, word) in enumerate(words):
        if word not in SPEECH_VERBS:
            continue
        if word in GOING_ON and not SPEAKS_ON.match(masked, verb_end):
            continue  # "the brawl over Medicare continued on Tuesday"
        if word in PARTICIPLES:
            subject = _subject_before(words, position, ents, masked)
            if subject is not None:
                return Cue(speaker_of(text, subject), introduces=introduces)
        before = _entity_ending_before(words, position, ents, masked)
        if before is not None:
            return Cue(speaker_of(text, before), introduces=introduces)
        refers, role, at = _pronoun_before(words, position, masked)
        if refers:
            if refers == "person" and not role:  # "Mr. Romney laid out …, as he acknowledged"
                named = [e for lo, _hi, e in ents if lo < words[at][0] and e.label == "PERSON"
                         and not _after_preposition(masked, lo)]  # not "Of Obama, he said"
                if named:
                    return Cue(speaker_of(text, named[-1]), introduces=introduces)
            return Cue(refers=refers, role=role, introduces=introduces)
        after = _entity_after(words, position, ents, masked)
        if after is not None:
            return Cue(speaker_of(text, after), introduces=introduces)
        refers, role = _role_after(words, position)
        if refers:
            return Cue(refers=refers, role=role, introduces=introduces)
        subject = _subject_before(words, position, ents, masked)
        if subject is not None:
            return Cue(speaker_of(text, subject), introduces=introduces)
    match = ACCORDING_TO.search(masked)
    if match:
        for lo, _hi, entity in ents:
            if lo >= match.end() and not masked[match.end():lo].strip(" the"):
                return Cue(speaker_of(text, entity), introduces=introduces)
    return Cue(introduces=introduces)


def titled_people(text: str, entities: list[Entity]) -> dict[str, Speaker]:
    """Role noun → the one person the article gives it ("Gov. Rick Perry" → governor,
    "former Vice President Dick Cheney" → president), so "the governor said" is Perry."""
    found: dict[str, set[Speaker]] = {}
    for entity in entities:
        if entity.kind != "entity" or entity.label != "PERSON":
            continue
        before = WORD.findall(text[max(0, entity.start - 30):entity.start])
        inside = WORD.findall(text[entity.start:entity.end])
        for word in ([before[-1]] if before else []) + inside[:1]:
            role = word.lower().rstrip(".")
            role = {"gov": "governor", "sen": "senator", "rep": "representative"}.get(role, role)
            if role in ROLE_NOUNS:
                found.setdefault(role, set()).add(speaker_of(text, entity))
    out: dict[str, Speaker] = {}
    for role, people in found.items():
        keys = {p.key for p in people}
        if len(keys) == 1:
            out[role] = max(people, key=lambda p: len(p.name))
    return out


def lead_person(text: str, start: int, entities: list[Entity]) -> Speaker | None:
    """The person a sentence opens with (its likely subject), if it names one early."""
    words = _words(text[start:start + 200])
    limit = words[min(LEAD_WORDS, len(words)) - 1][1] if words else 0
    for entity in entities:
        if entity.kind == "entity" and entity.label == "PERSON" and entity.start - start < limit:
            return speaker_of(text, entity)
    return None
