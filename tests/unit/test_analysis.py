"""Sentences, entities and figures from the real spaCy model, the fallback, and the cache."""

from __future__ import annotations

import json

import pytest

from tui.core import analysis as analysis_module
from tui.core.analysis import (
    ANALYSER_VERSION,
    RULE_BASED,
    Analyser,
    Analysis,
    AnalysisCache,
    analyse_text,
    choose_model,
    load_pipeline,
)
from tui.core.articles import text_hash
from tui.core.figures import FIGURE_LABELS

SEED_KEYS = ["000", "001", "002", "003", "004"]


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize("key", SEED_KEYS)
def test_no_sentence_crosses_a_line_break(seed_analyses, key):
    seed = seed_analyses[key]
    assert seed.analysis.sentences
    for sentence in seed.analysis.sentences:
        assert "\n" not in seed.text[sentence.start:sentence.end], seed.text[sentence.start:sentence.end]


@pytest.mark.parametrize("key", SEED_KEYS)
def test_sentences_are_sorted_stripped_non_overlapping_and_indexed(seed_analyses, key):
    seed = seed_analyses[key]
    sentences = seed.analysis.sentences
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for sentence in sentences:
        piece = seed.text[sentence.start:sentence.end]
        assert 0 <= sentence.start < sentence.end <= len(seed.text)
        assert piece == piece.strip()
    for before, after in zip(sentences, sentences[1:]):
        assert before.end <= after.start


@pytest.mark.parametrize("key", SEED_KEYS)
def test_sentences_cover_every_word(seed_analyses, key):
    # Nothing a reader sees is left outside a sentence (so it can be tagged).
    seed = seed_analyses[key]
    covered = "".join(seed.sentence_texts())
    assert "".join(seed.text.split()) == "".join(covered.split())


@pytest.mark.parametrize("key", SEED_KEYS)
def test_no_sentence_ends_on_a_dangling_opening_quote(seed_analyses, key):
    for piece in seed_analyses[key].sentence_texts():
        assert not piece.endswith(("“", "‘", "(", "[")), piece
        assert any(ch.isalnum() for ch in piece), piece


def test_headings_are_their_own_sentences(seed_analyses):
    sentences = seed_analyses["000"].sentence_texts()
    assert "Confirmation of Nationality and Additional Details" in sentences
    assert "Testimony from the Captured Soldiers" in sentences
    assert seed_analyses["002"].sentence_texts().count("Video of two soldiers") == 1


def test_sentence_boundaries_in_ordinary_prose(seed_analyses):
    sentences = seed_analyses["000"].sentence_texts()
    assert "The Ukrainian government did not initially provide proof of the soldiers’ nationality." in sentences
    assert sentences[0].startswith("Ukrainian President Volodymyr Zelensky announced on Sunday")
    assert sentences[0].endswith("held in Russia.")


def test_a_quotation_stays_with_its_attribution(seed_analyses):
    sentences = seed_analyses["003"].sentence_texts()
    quoted = [s for s in sentences if "Ukraine is ready to hand over Kim Jong Un’s soldiers" in s]
    assert len(quoted) == 1
    assert quoted[0].startswith("“Ukraine is ready")
    assert quoted[0].endswith("Zelensky wrote.")


def test_sentence_at_finds_the_sentence_under_an_offset(seed_analyses):
    seed = seed_analyses["002"]
    offset = seed.text.index("Video of two soldiers") + 3
    sentence = seed.analysis.sentence_at(offset)
    assert sentence is not None
    assert seed.text[sentence.start:sentence.end] == "Video of two soldiers"
    blank_line = seed.text.index("\n\n") + 1
    assert seed.analysis.sentence_at(blank_line) is None


def test_lower_case_continuations_are_merged(pipeline):
    nlp, choice = pipeline
    text = "The U.S. envoy met Mr. Kim in Pyongyang. he left on Monday.\nNext line here."
    analysis = analyse_text(nlp, choice.model_id, text, text_hash(text))
    pieces = [text[s.start:s.end] for s in analysis.sentences]
    assert pieces == ["The U.S. envoy met Mr. Kim in Pyongyang. he left on Monday.", "Next line here."]


def test_blank_and_whitespace_lines_give_no_sentences(pipeline):
    nlp, choice = pipeline
    text = "\n\n   \nOnly line.\n\t\n"
    analysis = analyse_text(nlp, choice.model_id, text, text_hash(text))
    assert [(s.start, s.end) for s in analysis.sentences] == [(text.index("Only"), text.index("Only") + 10)]


# --------------------------------------------------------------------------- figures and entities


def _figure(seed, surface, label=None):
    found = [e for e in seed.find(surface, label) if e.kind == "figure"]
    assert found, f"{surface!r} is not a figure; figures: {seed.spans('figure')}"
    return found[0]


def test_figures_in_002(seed_analyses):
    seed = seed_analyses["002"]
    troops = _figure(seed, "11,000", "CARDINAL")
    assert troops.value == 11000 and not troops.approx
    assert _figure(seed, "4,000").value == 4000
    assert _figure(seed, "17").value == 17
    january = _figure(seed, "January 9", "DATE")
    assert january.value is None
    assert _figure(seed, "two days later").value == 2


def test_figures_in_003(seed_analyses):
    seed = seed_analyses["003"]
    estimate = _figure(seed, "about 12,000", "CARDINAL")
    assert estimate.value == 12000
    assert estimate.approx
    assert _figure(seed, "10,000").value == 10000


def test_figures_in_001(seed_analyses):
    seed = seed_analyses["001"]
    troops = _figure(seed, "some 11,000")
    assert troops.value == 11000
    assert troops.approx


def test_every_number_written_in_digits_is_marked(seed_analyses):
    # Whatever the model misses, a number in digits is never left unmarked: it is a
    # figure, or part of a named entity the model found ("chapter 7" as a LAW) — unless
    # it is in boilerplate (001's related headlines), where nothing is marked.
    import re

    for key, seed in seed_analyses.items():
        spans = [(e.start, e.end) for e in seed.analysis.entities]
        for match in re.finditer(r"\d[\d,]*", seed.text):
            marked = any(s <= match.start() < e for s, e in spans)
            boilerplate = any(s <= match.start() < e for s, e in seed.analysis.boilerplate)
            assert marked != boilerplate, (key, match.group())


def test_entities_in_000(seed_analyses):
    seed = seed_analyses["000"]
    spans = set(seed.spans("entity"))
    assert ("PERSON", "Volodymyr Zelensky") in spans
    assert ("PERSON", "Vladimir Putin") in spans
    assert ("GPE", "Russia") in spans or ("GPE", "Ukraine") in spans
    assert ("ORG", "National Intelligence Service") in spans
    assert ("ORG", "AFP") in spans
    # Entities carry no numeric value; figures are marked as figures.
    for entity in seed.analysis.entities:
        if entity.kind == "entity":
            assert entity.label not in FIGURE_LABELS and entity.value is None
        else:
            assert entity.label in FIGURE_LABELS


@pytest.mark.parametrize("key", SEED_KEYS)
def test_entity_offsets_are_sane(seed_analyses, key):
    seed = seed_analyses[key]
    entities = seed.analysis.entities
    assert entities
    for entity in entities:
        surface = seed.text[entity.start:entity.end]
        assert 0 <= entity.start < entity.end <= len(seed.text)
        assert surface == surface.strip() and "\n" not in surface
    starts = [e.start for e in entities]
    assert starts == sorted(starts)
    for before, after in zip(entities, entities[1:]):
        assert before.end <= after.start, (seed.text[before.start:before.end], seed.text[after.start:after.end])


# --------------------------------------------------------------------------- model choice and fallback


def test_default_model_is_chosen_without_notice():
    choice = choose_model()
    assert choice.name in analysis_module.DEFAULT_MODELS
    assert choice.model_id.startswith(choice.name + "-")
    assert choice.notice == ""


def test_missing_requested_model_falls_back_with_a_notice():
    choice = choose_model("no_such_model_xyz")
    assert choice.name in analysis_module.DEFAULT_MODELS
    assert choice.notice == f"model 'no_such_model_xyz' is not installed; using {choice.name}"


def test_missing_local_model_path_falls_back(tmp_path):
    choice = choose_model(str(tmp_path / "not-a-model"))
    assert choice.name in analysis_module.DEFAULT_MODELS
    assert "is not installed" in choice.notice


@pytest.fixture
def rule_based(monkeypatch):
    monkeypatch.setattr(analysis_module, "DEFAULT_MODELS", ("no_such_model_xyz",))
    return Analyser()


def test_rule_based_fallback_when_no_model_is_installed(rule_based, seeds):
    assert rule_based.choice.name == RULE_BASED
    article = seeds["002"]
    result = rule_based.analyse(article.text, article.text_hash)
    assert result.model == RULE_BASED
    assert "no spaCy model installed" in result.notice
    assert "no entities" in result.notice
    # Sentences still follow the line rule and the headings.
    pieces = [article.text[s.start:s.end] for s in result.sentences]
    assert "Video of two soldiers" in pieces
    assert all("\n" not in piece for piece in pieces)
    # Figures by shape, with values; no people or organisations without a model.
    figures = {article.text[e.start:e.end]: e.value for e in result.entities if e.kind == "figure"}
    assert figures["11,000"] == 11000
    assert figures["4,000"] == 4000
    assert figures["17"] == 17
    assert "January 9" in figures and figures["January 9"] is None
    assert all(e.kind == "figure" for e in result.entities)
    assert not {"PERSON", "ORG", "GPE"} & {e.label for e in result.entities}


def test_rule_based_with_a_requested_missing_model_says_both(monkeypatch):
    monkeypatch.setattr(analysis_module, "DEFAULT_MODELS", ("no_such_model_xyz",))
    choice = choose_model("also_missing")
    assert choice.name == RULE_BASED
    assert choice.notice.startswith("model 'also_missing' is not installed; ")
    assert "rule-based" in choice.notice


def test_broken_model_package_falls_back_to_rule_based(tmp_path):
    broken = tmp_path / "broken_model"
    broken.mkdir()
    (broken / "config.cfg").write_text("this is not a spaCy config [", "utf-8")
    choice = choose_model(str(broken))
    assert choice.name == str(broken)
    nlp, loaded = load_pipeline(choice)
    assert loaded.name == RULE_BASED
    assert "failed to load" in loaded.notice
    doc_sents = list(nlp("One sentence. Two sentences.").sents)
    assert len(doc_sents) == 2


# --------------------------------------------------------------------------- cache


def test_second_analyser_reads_the_cache_and_never_loads_spacy(shared_pipeline, seeds, tmp_path):
    article = seeds["003"]
    cache = AnalysisCache(tmp_path / "cache")

    first = Analyser(cache=cache)
    fresh = first.analyse(article.text, article.text_hash)
    assert shared_pipeline.calls == 1
    assert list((tmp_path / "cache").glob("*.json"))

    second = Analyser(cache=AnalysisCache(tmp_path / "cache"))
    again = second.analyse(article.text, article.text_hash)
    assert shared_pipeline.calls == 1
    assert second._nlp is None
    assert again == fresh  # same sentences, entities, values and approx flags
    assert any(e.approx and e.value == 12000 for e in again.entities)


def test_cache_directory_comes_from_the_environment(shared_pipeline, seeds, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "env-cache"))
    article = seeds["004"]
    Analyser().analyse(article.text, article.text_hash)
    files = list((tmp_path / "env-cache").rglob("*.json"))
    assert [f.parent.name for f in files] == ["analysis"]  # inside the configured folder
    assert files[0].name.startswith(article.text_hash)
    assert files[0].name.endswith(f"-v{ANALYSER_VERSION}.json")


def test_alignment_cache_lives_inside_the_configured_cache_folder(seed_analyses, tmp_path,
                                                                 monkeypatch):
    from tui.core.align import ALIGNER_VERSION
    from tui.core.corroboration import MatchCache

    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "env-cache"))
    a, b = seed_analyses["002"], seed_analyses["003"]
    MatchCache().matched(a.article, a.analysis, b.article, b.analysis)
    files = list((tmp_path / "env-cache").rglob("*.json"))
    assert [f.parent.name for f in files] == ["alignments"]
    assert files[0].name.endswith(f"-v{ALIGNER_VERSION}.json")  # a new aligner misses it
    assert not list(tmp_path.glob("*.json")) and not (tmp_path / "alignments").exists()


def test_changed_text_is_analysed_again(shared_pipeline, tmp_path):
    cache = AnalysisCache(tmp_path)
    Analyser(cache=cache).analyse("Kyiv said 11,000.", text_hash("Kyiv said 11,000."))
    changed = "Kyiv said 12,000."
    result = Analyser(cache=cache).analyse(changed, text_hash(changed))
    assert shared_pipeline.calls == 2
    assert [changed[e.start:e.end] for e in result.entities if e.kind == "figure"] == ["12,000"]


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{not json",
        "[]",
        '{"version": 1}',
        json.dumps({"version": 999, "text_hash": "x", "model": "m", "sentences": [], "entities": []}),
        json.dumps({"version": ANALYSER_VERSION, "text_hash": "WRONG", "model": "m",
                    "sentences": [], "entities": []}),
        json.dumps({"version": ANALYSER_VERSION, "text_hash": "HASH", "model": "m",
                    "sentences": [[1]], "entities": []}),
    ],
    ids=["empty", "truncated", "list", "missing-keys", "old-version", "other-text", "bad-sentence"],
)
def test_damaged_cache_file_is_ignored_and_rewritten(shared_pipeline, tmp_path, damage):
    text = "Zelensky said 11,000 North Korean troops were in Kursk."
    digest = text_hash(text)
    cache = AnalysisCache(tmp_path)
    good = Analyser(cache=cache).analyse(text, digest)
    (path,) = tmp_path.glob("*.json")
    path.write_text(damage.replace("HASH", digest), "utf-8")

    result = Analyser(cache=AnalysisCache(tmp_path)).analyse(text, digest)

    assert shared_pipeline.calls == 2  # recomputed, not trusted
    assert result == good
    rewritten = json.loads(path.read_text("utf-8"))
    assert rewritten["text_hash"] == digest
    assert Analysis.from_dict(rewritten) == good


def test_unwritable_cache_only_costs_time(shared_pipeline, tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x", "utf-8")
    analyser = Analyser(cache=AnalysisCache(blocker / "cache"))
    result = analyser.analyse("Kyiv said 11,000.", text_hash("Kyiv said 11,000."))
    assert [e.value for e in result.entities if e.kind == "figure"] == [11000]


def test_cache_keeps_float_and_int_values(tmp_path):
    analysis = Analysis(
        "h" * 64,
        "m-1",
        [analysis_module.Sentence(0, 0, 5)],
        [analysis_module.Entity(0, 4, "MONEY", "figure", 1.5e9, False),
         analysis_module.Entity(5, 9, "CARDINAL", "figure", 11000, True)],
        notice="n",
    )
    cache = AnalysisCache(tmp_path)
    cache.put(analysis)
    loaded = cache.get("h" * 64, "m-1")
    assert loaded == analysis
    assert isinstance(loaded.entities[1].value, int)
    assert cache.get("h" * 64, "other-model") is None
