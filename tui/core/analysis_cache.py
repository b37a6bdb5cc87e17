"""The analysis cache: one JSON file per (text hash, model, analyser version).

An article is analysed once: the app's worker pool, `newsdesk analyze` and the other
commands all read and fill this cache (under paths.analysis_cache_dir()), so a
reopened article, or a second `analyze` run, never runs spaCy again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

from . import analysis as _analysis
from .analysis import ANALYSER_VERSION, Analysis
from .atomic import atomic_write_text


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
    """In-process analysis with the cache; for the command line. The analysis functions
    are looked up on the analysis module at each call (tests stand in for them there)."""

    def __init__(self, requested_model: str | None = None, cache: AnalysisCache | None = None):
        self.choice = _analysis.choose_model(requested_model)
        self.cache = cache or AnalysisCache()
        self._nlp: Language | None = None

    def cached(self, text: str, text_hash: str) -> Analysis | None:
        return self.cache.get(text_hash, self.choice.model_id)

    def analyse(self, text: str, text_hash: str, roles: bool = False) -> Analysis:
        """The cached analysis, computed when missing; with `roles`, figures carry what they count."""
        found = self.cached(text, text_hash)
        if found and (found.roles or not roles):
            return found
        if self._nlp is None:
            self._nlp, self.choice = _analysis.load_pipeline(self.choice)
        nlp = self._nlp
        if found:
            analysis = _analysis.add_roles(nlp, text, found)
        else:
            analysis = _analysis.analyse_text(nlp, self.choice.model_id, text, text_hash,
                                    self.choice.notice, roles=roles)
        self.cache.put(analysis)
        return analysis
