"""The coverage matrix as a section of the Markdown report.

For each story holding a tagged claim: a table of the claims two or more of its
outlets report (and any claim tagged on a sentence only one outlet has) against its
outlets — ● reports it, · does not, the status's name where a claim is tagged on that
outlet's sentence — then how many sentences each outlet alone reports, then the
quotations two or more outlets give, with every version of those they word or
attribute differently (what a fact-checker checks against the source). Article text
goes through the report's Markdown escaping, as the claims above it do.
"""

from __future__ import annotations

from collections.abc import Sequence

from .coverage import StoryCoverage, cell_status, outlet_names
from .export import STATUS_LABELS, md_escape
from .quotes import QuoteGroup

CLAIM_CHARS = 200  # a claim's words in a table cell, at most (the articles hold the rest)
REPORTS = "●"
SILENT = "·"


def _cell_text(text: str) -> str:
    words = " ".join(text.split())
    if len(words) > CLAIM_CHARS:
        words = words[:CLAIM_CHARS - 1].rstrip() + "…"
    return md_escape(words)


def coverage_section(stories: Sequence[StoryCoverage]) -> list[str]:
    """The report's "Story coverage" lines; none without a story."""
    if not stories:
        return []
    out = ["## Story coverage", "",
           f"Who reports what: {REPORTS} the outlet reports the claim, {SILENT} it does not, "
           "a status where a claim is tagged on that outlet's sentence.", ""]
    for story in stories:
        coverage = story.coverage
        names = [md_escape(" ".join(name.split())) for name in outlet_names(coverage.articles)]
        rows = [g for g in coverage.groups if g.outlets > 1
                or any(cell_status(g, n, story.statuses) for n in g.sentences)]
        out += [f"### {md_escape(' '.join(story.title.split()))}", "",
                f"{len(coverage.articles)} articles; {sum(g.outlets > 1 for g in coverage.groups)} "
                "claims reported by two or more of them.", ""]
        out += ["| Claim | " + " | ".join(names) + " |",
                "|---|" + "---|" * len(names)]
        for group in rows:
            cells = []
            for n in range(len(coverage.articles)):
                status = cell_status(group, n, story.statuses)
                if status:
                    cells.append(STATUS_LABELS.get(status, status))
                else:
                    cells.append(REPORTS if n in group.sentences else SILENT)
            out.append(f"| {_cell_text(group.text)} | " + " | ".join(cells) + " |")
        alone = ", ".join(f"{name} {count}" for name, count in zip(names, coverage.alone))
        out += ["", f"Sentences each article alone reports: {alone}.", ""]
        uris = [a.uri for a in coverage.articles]
        out += _quotes_lines(story.quotes, dict(zip(uris, outlet_names(coverage.articles))))
    return out


def _quotes_lines(groups: Sequence[QuoteGroup], name_of: dict[str, str]) -> list[str]:
    """How many quotations two or more outlets give, and each version of those worded
    or attributed differently; nothing when no quotation is shared."""
    shared = [g for g in groups if len(g.uris) > 1]
    if not shared:
        return []
    differing = [g for g in shared if g.wording_differs or g.speakers_differ]
    out = [f"Quotations two or more articles give: {len(shared)}; "
           f"{len(differing)} worded or attributed differently.", ""]
    for group in differing:
        how = " and ".join(word for word, on in (("worded", group.wording_differs),
                                                  ("attributed", group.speakers_differ)) if on)
        speaker = _cell_text(group.speaker) if group.speaker else "speaker not named"
        out.append(f"- {speaker} ({how} differently):")
        for version in group.versions:
            said_by = f", says {_cell_text(version.speaker.name)}" if (
                group.speakers_differ and version.speaker) else ""
            outlet = name_of.get(version.uri, version.source or version.uri)
            out.append(f"  - {_cell_text(outlet)}{said_by}: “{_cell_text(version.text)}”")
    return out + [""]
