"""What a figure counts, read from the sentence's dependency parse.

Two outlets' figures disagree only when they count the same thing. The
parse says what that is: the noun a number quantifies ("25 seats" → seat),
the verb it hangs from ("would need 25 seats" → need), that verb's subject
("the Democrats") and object ("left the administration last year" →
administration). "Republicans hold 242 seats" and "Democrats lost 63 seats"
count seats, but different ones: hold ≠ lose, republican ≠ democrat.

Only sentences holding a figure are parsed, in the analysis worker, with the
model's tagger, parser and lemmatizer (the NER pass does not need them).
Works on spaCy `Doc`/`Span`/`Token` objects by duck typing; never imports spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
# Labels whose figures get a role: numbers, money, percentages and dates can disagree.
ROLE_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE"})

_QUANTIFIES = {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "appos"}
_SUBJECTS = {"nsubj", "csubj", "expl"}
_PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
_MONEY_PREPS = {"in", "of", "for", "on"}
_RELATIVE = {"who", "which", "that"}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "this",
             "those", "these", "one", "-PRON-"}


@dataclass(frozen=True)
class Role:
    counts: str | None = None  # lemma of the noun counted ("seat")
    verb: str | None = None  # lemma of the verb the figure hangs from, with its particle ("pick up")
    subject: str | None = None  # lemma of the verb's subject (or a passive verb's agent)
    object: str | None = None  # lemma of what the verb acts on (a passive verb's subject)


def _lemma(token: Token) -> str | None:
    """A noun phrase's head lemma, lower case; None for pronouns ("he", "they")."""
    lemma: str = (token.lemma_ or token.text).lower()
    if lemma in _PRONOUNS or token.pos_ == "PRON":
        return None
    return lemma


def _verb_of(token: Token) -> Token | None:
    """The verb a figure's phrase is an argument of: its head, or the head of the
    preposition it follows ("held on April 30"). None when the phrase sits deeper, inside
    another noun ("a lawsuit on behalf of 1.6 million women"): that verb says nothing
    about what the figure counts."""
    head = token.head
    if head is token:
        return None
    if head.dep_ == "prep" and head.pos_ in ("ADP", "SCONJ") and head.head is not head:
        head = head.head  # "on April 30", "since 2002"
    if head.pos_ in ("VERB", "AUX") and head.dep_ != "amod":
        return head
    return None


def _verb_name(verb: Token) -> str:
    particle = [c.text.lower() for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.lemma_.lower()] + particle)


def _arguments(verb: Token, span: Span | None = None) -> tuple[str | None, str | None]:
    """(subject, object) lemmas of a verb, leaving out the figure itself; a conjoined
    verb shares its head's subject ("Cowan joined … and quit earlier this month")."""
    subject = obj = fallback = None
    for child in verb.children:
        if span is not None and span.start <= child.i < span.end:
            continue
        if child.dep_ in _SUBJECTS and subject is None:
            subject = _lemma(child)
            if subject is None and verb.dep_ == "relcl" and child.lower_ in _RELATIVE:
                subject = _lemma(verb.head)  # "Edward Brooke, who served …"
        elif child.dep_ == "agent" and subject is None:
            subject = next((_lemma(c) for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ in _PASSIVE_SUBJECTS and obj is None or child.dep_ in ("dobj", "attr", "oprd") and obj is None:
            obj = _lemma(child)
        elif child.dep_ == "prep" and fallback is None:  # "face off in a primary"
            pobj = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"
                         and not (span is not None and span.start <= c.i < span.end)), None)
            fallback = _lemma(pobj) if pobj is not None else None
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb \
            and verb.head.pos_ in ("VERB", "AUX") and (subject is None or obj is None):
        head_subject, head_object = _arguments(verb.head)  # "joined the administration … and quit"
        subject = subject if subject is not None else head_subject
        if obj is None and fallback is None and verb.dep_ == "conj":
            obj = head_object
    return subject, obj if obj is not None else fallback


def figure_role(span: Span, label: str) -> Role:
    """The role of the figure `span` (a spaCy Span) in its sentence.

    For a number: the noun it counts and the verb that noun is an argument of.
    For a date: the event noun it dates ("the primary in April" → primary) or the
    verb it dates ("left … last year" → leave)."""
    root = span.root
    counts = None
    anchor = root
    head = root.head
    if label == "DATE":
        if root.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN"):
            counts = _lemma(head.head)  # "the debate on Tuesday", "a primary in April"
        elif root.dep_ in ("npadvmod", "compound", "nmod") and head.pos_ == "NOUN":
            counts = _lemma(head)  # "Tuesday's debate"
    elif root.dep_ in _QUANTIFIES and head is not root and head.pos_ in ("NOUN", "PROPN") \
            and not (span.start <= head.i < span.end):
        counts, anchor = _lemma(head), head
    elif root.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "NOUN":
        counts = _lemma(head.head)  # "a death toll of 120", "casualties at 4,000"
    elif label == "MONEY":  # "$750,000 in campaign funds"
        for child in root.children:
            if child.dep_ == "prep" and child.text.lower() in _MONEY_PREPS:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    counts = _lemma(pobj)
                    break
    verb = _verb_of(anchor)
    if verb is None:
        return Role(counts=counts)
    subject, obj = _arguments(verb, span)
    if obj is not None and counts is not None and obj == counts:
        obj = None
    return Role(counts, _verb_name(verb), subject, obj)
