"""Rich renderings of analysed articles, shared by the app and the command line.

Article text only ever enters Rich as `Text` built from plain strings: it is
never parsed as markup.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from .core.analysis import LABEL_NAMES, Analysis, Entity
from .core.articles import Article

# spaCy displaCy's palette, as backgrounds under dark text: readable on dark and light themes.
LABEL_COLOURS = {
    "ORG": "#7aecec", "GPE": "#feca74", "LOC": "#ff9561", "PERSON": "#aa9cfc",
    "NORP": "#c887fb", "FAC": "#9cc9cc", "EVENT": "#ffeb80", "PRODUCT": "#bfeeb7",
    "LAW": "#ff8197", "LANGUAGE": "#ff8197", "WORK_OF_ART": "#f0d0ff",
    "DATE": "#bfe1d9", "TIME": "#bfe1d9", "PERCENT": "#e4e7d2", "MONEY": "#e4e7d2",
    "QUANTITY": "#e4e7d2", "ORDINAL": "#e4e7d2", "CARDINAL": "#e4e7d2",
}
INK = "#1a1a1a"
# Claim statuses in Meedan Check's colours.
STATUS_COLOURS = {
    "verified": "#72d18d", "false": "#f04747", "unverified": "#ffbb5d", "disputed": "#9e9e9e",
}
STATUS_MARKS = {"verified": "✓", "false": "✗", "unverified": "?", "disputed": "~"}


def label_style(label: str, kind: str) -> Style:
    """Entities: dark text on their colour. Figures: bold and underlined as well."""
    colour = LABEL_COLOURS.get(label, "#dddddd")
    if kind == "figure":
        return Style(color=INK, bgcolor=colour, bold=True, underline=True)
    return Style(color=INK, bgcolor=colour)


def describe_value(entity: Entity) -> str:
    if entity.iso:
        return entity.iso
    if entity.value is None:
        return ""
    value = entity.value
    shown = f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"
    return ("≈" if entity.approx else "") + shown


def highlight(
    text: str,
    entities: Iterable[Entity],
    start: int = 0,
    end: int | None = None,
    hidden_labels: frozenset[str] = frozenset(),
) -> Text:
    """`text[start:end]` as a Text with entity and figure styles applied."""
    end = len(text) if end is None else end
    result = Text(text[start:end], no_wrap=True)
    for entity in entities:
        if entity.end <= start or entity.start >= end or entity.label in hidden_labels:
            continue
        result.stylize(
            label_style(entity.label, entity.kind),
            max(entity.start, start) - start,
            min(entity.end, end) - start,
        )
    return result


def legend(analysis: Analysis, hidden_labels: frozenset[str] = frozenset()) -> Text:
    """One line: each label present, in its style, with its count; hidden ones struck out."""
    counts = Counter(e.label for e in analysis.entities)
    kinds = {e.label: e.kind for e in analysis.entities}
    parts = []
    for label in sorted(counts, key=lambda lab: (kinds[lab] == "figure", -counts[lab], lab)):
        style = label_style(label, kinds[label])
        if label in hidden_labels:
            style = Style(dim=True, strike=True)
        parts.append(Text(f" {label} {counts[label]} ", style=style))
    return Text(" ").join(parts) if parts else Text("no entities found", style="dim")


def entity_rows(text: str, analysis: Analysis) -> list[tuple[str, str, int, str]]:
    """(label, surface text, count, values) per distinct entity, most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    values: dict[tuple[str, str], set[str]] = {}
    for entity in analysis.entities:
        key = (entity.label, text[entity.start:entity.end])
        counts[key] += 1
        shown = describe_value(entity)
        if shown:
            values.setdefault(key, set()).add(shown)
    return [
        (label, surface, count, ", ".join(sorted(values.get((label, surface), ()))))
        for (label, surface), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def article_renderable(article: Article, analysis: Analysis) -> Group:
    """The `newsdesk show` rendering: header, highlighted text, entity table."""
    header = Text.assemble(
        (article.title, "bold"),
        "\n",
        (" · ".join(part for part in (article.source, article.date, f"{article.words} words",
                                      f"model {analysis.model}") if part), "dim"),
    )
    body = highlight(article.text, analysis.entities)
    body.no_wrap = False
    table = Table(title=Text("Entities and figures"), show_lines=False, expand=False)
    table.add_column("label")
    table.add_column("text")
    table.add_column("count", justify="right")
    table.add_column("value", justify="right")
    kinds = {e.label: e.kind for e in analysis.entities}
    for label, surface, count, value in entity_rows(article.text, analysis):
        table.add_row(
            Text(f"{label} ({LABEL_NAMES.get(label, label.lower())})"),
            Text(surface, style=label_style(label, kinds[label])),
            Text(str(count)),
            Text(value),
        )
    parts = [header, Text(""), body, Text("")]
    if analysis.notice:
        parts.insert(1, Text(analysis.notice, style="yellow"))
    parts.append(table)
    return Group(*parts)
