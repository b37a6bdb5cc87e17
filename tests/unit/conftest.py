"""Fixtures for the core unit tests.

The real spaCy model is loaded once per session (`pipeline`); the seeds are
loaded and analysed once (`seed_analyses`). `shared_pipeline` lets code that
loads a model itself (the `Analyser`, the command line) reuse that loaded
model instead of loading it again, and counts how often it was asked to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tui.core import analysis as analysis_module
from tui.core.analysis import Analysis, analyse_text, choose_model, load_pipeline
from tui.core.articles import Article, bundled_seeds_dir, load_paths

REPO = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO / "seeds"
DATA_DIR = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def pipeline():
    """(nlp, choice) for the installed spaCy model, loaded once."""
    choice = choose_model()
    assert choice.name != analysis_module.RULE_BASED, "the tests need the spaCy model installed"
    nlp, loaded_choice = load_pipeline(choice)
    assert loaded_choice.name == choice.name, loaded_choice.notice
    return nlp, loaded_choice


@pytest.fixture(scope="session")
def seeds() -> dict[str, Article]:
    """The seed articles keyed by their number ("000" … "004")."""
    loaded = load_paths([SEEDS_DIR])
    assert not loaded.problems, [str(p) for p in loaded.problems]
    return {article.path.name[:3]: article for article in loaded.articles}


@dataclass(frozen=True)
class Analysed:
    article: Article
    analysis: Analysis

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_texts(self) -> list[str]:
        return [self.text[s.start:s.end] for s in self.analysis.sentences]

    def spans(self, kind: str | None = None) -> list[tuple[str, str]]:
        """(label, surface text) of every entity (of `kind`, if given)."""
        return [
            (e.label, self.text[e.start:e.end])
            for e in self.analysis.entities
            if kind is None or e.kind == kind
        ]

    def find(self, surface: str, label: str | None = None):
        return [
            e for e in self.analysis.entities
            if self.text[e.start:e.end] == surface and (label is None or e.label == label)
        ]


@pytest.fixture(scope="session")
def seed_analyses(pipeline, seeds) -> dict[str, Analysed]:
    nlp, choice = pipeline
    return {
        key: Analysed(article, analyse_text(nlp, choice.model_id, article.text, article.text_hash,
                                            roles=True))
        for key, article in seeds.items()
    }


class PipelineCounter:
    def __init__(self, pipeline):
        self.pipeline = pipeline
        self.calls = 0

    def __call__(self, choice):
        self.calls += 1
        nlp, loaded = self.pipeline
        if choice.name == loaded.name:
            return nlp, choice
        return load_pipeline(choice)


@pytest.fixture
def shared_pipeline(pipeline, monkeypatch) -> PipelineCounter:
    """Make `load_pipeline` hand out the session's loaded model, counting calls."""
    counter = PipelineCounter(pipeline)
    monkeypatch.setattr(analysis_module, "load_pipeline", counter)
    return counter


@pytest.fixture(scope="session")
def bundled_dir() -> Path:
    return bundled_seeds_dir()


@pytest.fixture
def site():
    """A threaded HTTP server on 127.0.0.1 (pytest-httpserver), started for one test."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def quick():
    """Fetch limits short enough that slow-server tests take a fraction of a second."""
    from tui.core.fetch import FetchOptions

    return FetchOptions(connect_timeout=1.0, read_timeout=0.5, body_deadline=2.0)
