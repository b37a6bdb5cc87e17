"""Story coverage: what each article alone reports, claims × outlets, and its report section."""

from __future__ import annotations

from dataclasses import replace

from tui.cli import main
from tui.core.anchoring import make_selector
from tui.core.coverage import cell_status, cover_stories, outlet_names, story_coverage
from tui.core.coverage_report import coverage_section
from tui.core.export import export_claims, md_escape
from tui.core.store import Store
from tui.core.stories import group_stories
from tui.core.story_pairs import PairCache

from .conftest import SEEDS_DIR


def _seeds(seed_analyses):
    articles = [s.article for s in seed_analyses.values()]
    return articles, {s.article.uri: s.analysis for s in seed_analyses.values()}


def test_every_sentence_is_in_one_claim_and_alone_means_in_no_pair(seed_analyses, tmp_path):
    articles, analyses = _seeds(seed_analyses)
    cache = PairCache(tmp_path / "pairs")
    coverage = story_coverage(articles, analyses, cache)
    for n, article in enumerate(articles):
        analysis = analyses[article.uri]
        countable = [s.index for s in analysis.sentences
                     if s.index not in analysis.boilerplate_sentences]
        held = sorted(i for g in coverage.groups for i in g.sentences.get(n, ()))
        assert held == countable  # each sentence in exactly one claim
        paired = set()
        for m, other in enumerate(articles):
            if m != n:
                paired |= cache.shared(article, analysis, other, analyses[other.uri]).a_matched
        assert coverage.alone[n] == len(set(countable) - paired)
        assert coverage.sentences[n] == len(countable)
    outlets = [g.outlets for g in coverage.groups]
    assert outlets == sorted(outlets, reverse=True) and outlets[0] == len(articles)
    # Zelensky's offer: every seed reports it, in its own words
    offer = next(g for g in coverage.groups if "Kim Jong" in g.text and g.outlets >= 4)
    assert offer.text.startswith(articles[0].text[:20]) or min(offer.sentences) > 0


def test_a_tagged_sentence_gives_its_cell_the_status(seed_analyses, tmp_path):
    articles, analyses = _seeds(seed_analyses)
    store = Store(tmp_path / "db.json")
    stories = group_stories(articles, analyses)
    (story,) = stories
    members = story.articles  # in the story's order (dated first)
    coverage = story_coverage(members, analyses, PairCache(tmp_path / "pairs"))
    group = next(g for g in coverage.groups if g.outlets == len(members))
    n = min(group.sentences)
    sentence = analyses[members[n].uri].sentences[group.sentences[n][0]]
    store.tag_claim(members[n].uri, make_selector(members[n].text, sentence.start,
                                                  sentence.end), status="disputed")
    (covered,) = cover_stories(stories, analyses, store.annotations(),
                               PairCache(tmp_path / "pairs"))
    assert covered.coverage.articles == members
    assert cell_status(group, n, covered.statuses) == "disputed"
    assert all(cell_status(group, m, covered.statuses) is None
               for m in group.sentences if m != n)
    assert not cover_stories(stories, analyses, [], PairCache(tmp_path / "pairs"))


def test_outlets_with_several_articles_are_numbered(seed_analyses):
    articles, _ = _seeds(seed_analyses)
    same = [replace(a, source="Wire") for a in articles[:2]] + articles[2:3]
    assert outlet_names(same)[:2] == ["Wire 1", "Wire 2"]
    third = articles[2]  # no source: its file name
    assert outlet_names(same)[2] == (third.source or third.path.name)


def test_the_report_section_escapes_article_text(seed_analyses, tmp_path):
    articles, analyses = _seeds(seed_analyses)
    hostile = [replace(articles[0], source="Evil | [click](http://x.invalid) <b>"), *articles[1:]]
    store = Store(tmp_path / "db.json")
    sentence = analyses[articles[0].uri].sentences[0]
    store.tag_claim(articles[0].uri, make_selector(articles[0].text, sentence.start,
                                                   sentence.end), status="false")
    stories = group_stories(hostile, analyses)
    covered = cover_stories(stories, analyses, store.annotations(), PairCache(tmp_path / "p"))
    section = "\n".join(coverage_section(covered))
    header = next(line for line in section.splitlines() if line.startswith("| Claim |"))
    assert header.count(" | ") == len(articles)  # the source's | did not add a column
    assert "[click](" not in section and "<b>" not in section
    assert "| False |" in section or "| False" in section
    report = export_claims(store.annotations(), {}, "markdown", coverage=covered)
    assert report.index("## Story coverage") > report.index("### False (1)")
    assert "Story coverage" not in export_claims(store.annotations(), {}, "markdown")


def test_export_markdown_ends_with_the_coverage_of_stories_holding_claims(tmp_path, capsys,
                                                                          monkeypatch):
    from tui import cli_stories
    from tui.core.articles import load_paths

    db = tmp_path / "db.json"
    article = load_paths([SEEDS_DIR]).articles[0]
    Store(db).tag_claim(article.uri, make_selector(article.text, 0, 40), status="verified",
                        text_hash=article.text_hash)
    assert main(["export", "--format", "markdown", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "## Story coverage" in out and "| Claim | " in out and "Verified" in out
    assert main(["export", "--format", "json", "--db", str(db)]) == 0
    assert "coverage" not in capsys.readouterr().out
    monkeypatch.setattr(cli_stories, "REPORT_MAX_ARTICLES", 2)  # a big library: left out, said
    assert main(["export", "--format", "markdown", "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert "## Story coverage" not in out and "story coverage left out" in err


def test_the_report_lists_each_version_of_a_quotation_the_outlets_word_differently(
        seed_analyses, tmp_path):
    articles, analyses = _seeds(seed_analyses)
    store = Store(tmp_path / "db.json")
    store.tag_claim(articles[0].uri, make_selector(articles[0].text, 0, 40), status="verified")
    covered = cover_stories(group_stories(articles, analyses), analyses, store.annotations(),
                            PairCache(tmp_path / "p"))
    lines = coverage_section(covered)
    summary = next(line for line in lines if line.startswith("Quotations two or more"))
    shared = [g for g in covered[0].quotes if len(g.uris) > 1]
    differing = [g for g in shared if g.wording_differs or g.speakers_differ]
    assert summary == (f"Quotations two or more articles give: {len(shared)}; "
                       f"{len(differing)} worded or attributed differently.")
    offer = lines.index("- Volodymyr Zelensky (worded differently):")
    versions = []
    for line in lines[offer + 1:]:
        if not line.startswith("  - "):
            break
        versions.append(line)
    assert len(versions) >= 4 and all("Kim Jong" in v for v in versions), versions
    names = {md_escape(n) for n in outlet_names(covered[0].coverage.articles)}
    assert {v[4:].split(":")[0] for v in versions} <= names


def test_quotations_in_the_report_are_escaped():
    from tui.core.attribution import Speaker
    from tui.core.coverage_report import _quotes_lines
    from tui.core.quotes import Quote, QuoteGroup

    def quote(uri: str, text: str, speaker: str) -> Quote:
        return Quote(uri, uri, 0, text, text, Speaker(speaker.lower(), speaker, "PERSON"),
                     frozenset(), ())

    group = QuoteGroup("Evil [x](http://x.invalid)", [
        quote("a", "see [here](http://x.invalid) <b>now</b>", "Evil [x](http://x.invalid)"),
        quote("b", "see *there* | now", "Other <i>one</i>")], True, True)
    text = "\n".join(_quotes_lines([group], {"a": "Outlet | A", "b": "B"}))
    assert "[x](" not in text and "[here](" not in text and "<b>" not in text
    assert "<i>" not in text and "*there*" not in text
    assert "Outlet | A" not in text  # a | would split a Markdown table or list cell
    assert "(worded and attributed differently)" in text
