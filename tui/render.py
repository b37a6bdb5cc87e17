"""Rich renderings of analysed articles, shared by the app and the command line.

Article text only ever enters Rich as `Text` built from plain strings: it is
never parsed as markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from .core.analysis import LABEL_NAMES, Analysis
from .core.articles import Article
from .core.entity_spans import Entity

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
# A claim whose words changed since it was tagged: the status stands, but needs a second look.
CHANGED_MARK = "Δ"
# Boilerplate in `newsdesk show` (the app uses ArticleView's component class instead).
BOILERPLATE_STYLE = Style(dim=True)


def label_style(label: str, kind: str) -> Style:
    """Entities: dark text on their colour. Figures: bold and underlined as well."""
    colour = LABEL_COLOURS.get(label, "#dddddd")
    if kind == "figure":
        return Style(color=INK, bgcolor=colour, bold=True, underline=True)
    return Style(color=INK, bgcolor=colour)


def _number(value: int | float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"


def describe_value(entity: Entity) -> str:
    """A figure's value as a reader checks it: "≈11,000", "GBP 450,000,000",
    "USD 3,000,000–4,000,000", "3.5%", "0.667 (share)"."""
    if entity.iso:
        return entity.iso
    if entity.value is None:
        return ""
    shown = _number(entity.value)
    if entity.high is not None:
        shown += "–" + _number(entity.high)
    if entity.currency:
        shown = f"{entity.currency} {shown}"
    if entity.unit == "%":
        shown += "%"
    elif entity.unit == "percentage points":
        shown += " points"
    elif entity.unit == "fraction":
        shown += " (share)"
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


def label_counts(analysis: Analysis) -> list[tuple[str, str, int]]:
    """(label, kind, count) for each label present: entities first, then figures, commonest first."""
    counts = Counter(e.label for e in analysis.entities)
    kinds = {e.label: e.kind for e in analysis.entities}
    ordered = sorted(counts, key=lambda lab: (kinds[lab] == "figure", -counts[lab], lab))
    return [(label, kinds[label], counts[label]) for label in ordered]


def legend(analysis: Analysis, hidden_labels: frozenset[str] = frozenset()) -> Text:
    """One line: each label present, in its style, with its count; hidden ones struck out."""
    parts = []
    for label, kind, count in label_counts(analysis):
        style = label_style(label, kind)
        if label in hidden_labels:
            style = Style(dim=True, strike=True)
        parts.append(Text(f" {label} {count} ", style=style))
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
    for start, end in analysis.boilerplate:
        body.stylize(BOILERPLATE_STYLE, start, end)
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
    parts: list[RenderableType] = [header, Text(""), body, Text("")]
    if analysis.notice:
        parts.insert(1, Text(analysis.notice, style="yellow"))
    parts.append(table)
    return Group(*parts)


# --------------------------------------------------------------------------- compare

CONFLICT_STYLE = Style(color="#ffffff", bgcolor="#c01c28", bold=True)
SHARED_STYLE = Style(dim=True)
DIFFERENT_STYLE = Style(bold=True)


@dataclass
class CompareRow:
    """One side-by-side row: each side's styled text, or None where that side has nothing."""

    a: Text | None
    b: Text | None
    a_sentences: tuple[int, ...]
    b_sentences: tuple[int, ...]
    kind: str  # "pair" | "only_a" | "only_b"
    conflicts: int = 0  # figure conflicts with a figure in this row (]/[ stop here)
    note: Text | None = None  # "⚠ 11,000 ≠ about 12,000 (North Korean troops)"
    a_conflict: bool = False  # A's text here holds a conflicting figure: ⚠ on the A side
    b_conflict: bool = False
    # Where each sentence sits in the side's text, (start, end), in the order of *_sentences.
    a_spans: tuple[tuple[int, int], ...] = ()
    b_spans: tuple[tuple[int, int], ...] = ()


def _joined(text: str, analysis: Analysis, indices) -> tuple[str, list[tuple[int, int]]]:
    """Sentences joined by spaces, with (article offset, joined offset) of each sentence."""
    pieces, bases, position = [], [], 0
    for index in indices:
        sentence = analysis.sentences[index]
        bases.append((sentence.start, position))
        pieces.append(text[sentence.start:sentence.end])
        position += sentence.end - sentence.start + 1
    return " ".join(pieces), bases


def _spans(text: str, bases: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Each joined sentence's (start, end) in the joined text (they are separated by one space)."""
    ends = [joined_start - 1 for _, joined_start in bases[1:]] + [len(text)]
    return tuple((joined_start, end) for (_, joined_start), end in zip(bases, ends))


def _to_joined(offset: int, bases: list[tuple[int, int]]) -> int | None:
    for (article_start, joined_start), next_base in zip(bases, bases[1:] + [(None, None)]):
        if offset >= article_start and (next_base[0] is None or offset < next_base[0]):
            return joined_start + offset - article_start
    return None


def conflict_note(conflict, here: str) -> str:
    """A conflict in words, from where it is read: both figures in this row ("both"),
    or only A's or only B's figure here ("a" / "b")."""
    about = f" ({conflict.about})" if conflict.about else ""
    if here == "both":
        return f"{conflict.a} ≠ {conflict.b}{about}"
    if here == "a":
        return f"{conflict.a}{about} ≠ B: {conflict.b}"
    return f"{conflict.b}{about} ≠ A: {conflict.a}"


def compare_rows(a_text: str, a: Analysis, b_text: str, b: Analysis, alignment) -> list[CompareRow]:
    """Display rows for an alignment: shared words dim, differing words bright, conflicts loud.

    Each conflict is marked where its figures sit — ⚠ on the side that holds one —
    and stated once per row that holds a figure of it."""
    from .core.align import word_diff

    rows = []
    for a_indices, b_indices, pair in alignment.rows():
        a_plain, a_bases = _joined(a_text, a, a_indices) if a_indices else ("", [])
        b_plain, b_bases = _joined(b_text, b, b_indices) if b_indices else ("", [])
        a_rich = Text(a_plain) if a_indices else None
        b_rich = Text(b_plain) if b_indices else None
        if pair is not None and a_rich is not None and b_rich is not None:
            a_words, b_words = word_diff(a_plain, b_plain)
            for rich, words in ((a_rich, a_words), (b_rich, b_words)):
                for start, end, shared in words:
                    rich.stylize(SHARED_STYLE if shared else DIFFERENT_STYLE, start, end)
        notes: list[str] = []
        marked = {"a": False, "b": False}
        touching = 0
        for conflict in alignment.figure_conflicts:
            here = []
            for side, side_text, bases, start, end in (
                    ("a", a_rich, a_bases, conflict.a_start, conflict.a_end),
                    ("b", b_rich, b_bases, conflict.b_start, conflict.b_end)):
                joined_start = _to_joined(start, bases) if side_text is not None else None
                if side_text is not None and joined_start is not None \
                        and joined_start + end - start <= len(side_text.plain):
                    side_text.stylize(CONFLICT_STYLE, joined_start, joined_start + end - start)
                    here.append(side)
                    marked[side] = True
            if here:
                touching += 1
                notes.append(conflict_note(conflict, "both" if len(here) == 2 else here[0]))
        note = None
        if notes:
            note = Text("⚠ ", style="bold #ff5f5f")
            note.append("; ".join(notes), style="bold #ff5f5f")
        kind = "pair" if pair is not None else ("only_a" if a_indices else "only_b")
        rows.append(CompareRow(a_rich, b_rich, tuple(a_indices), tuple(b_indices), kind,
                               touching, note, marked["a"], marked["b"],
                               _spans(a_plain, a_bases), _spans(b_plain, b_bases)))
    return rows


def conflict_summary(alignment) -> Text:
    """The header's count of figure conflicts: the same conflicts the rows mark."""
    count = len(alignment.figure_conflicts)
    return Text(f"{count} figure conflict{'' if count == 1 else 's'}",
                style="bold #ff5f5f" if count else "dim")


def compare_renderable(a_article: Article, a: Analysis, b_article: Article, b: Analysis,
                       alignment) -> Group:
    """The `newsdesk compare` rendering: summary, then aligned rows in two columns."""
    summary = Text.assemble(
        ("A ", "bold #5fafff"), (a_article.title, "bold"), "\n",
        ("B ", "bold #d7af5f"), (b_article.title, "bold"), "\n",
        f"{len(alignment.pairs)} shared · {len(alignment.only_a)} only in A · "
        f"{len(alignment.only_b)} only in B · ", conflict_summary(alignment),
    )
    left_out = len(alignment.boilerplate_a) + len(alignment.boilerplate_b)
    if left_out:
        summary.append(f" · {left_out} boilerplate sentence{'' if left_out == 1 else 's'} left out",
                       style="dim")
    if alignment.figure_conflicts:
        summary.append("\nFigures stated differently: ", style="bold red")
        summary.append("; ".join(conflict_note(c, "both") for c in alignment.figure_conflicts))
    table = Table(show_lines=True, expand=True)
    table.add_column("", width=2)
    table.add_column(Text("A"), ratio=1)
    table.add_column(Text("B"), ratio=1)
    for row in compare_rows(a_article.text, a, b_article.text, b, alignment):
        marker = {"only_a": Text("A", style="bold #5fafff"), "only_b": Text("B", style="bold #d7af5f")}
        left, right = row.a or Text(""), row.b or Text("")
        if row.note is not None:  # under the side that holds the figure
            if row.a_conflict or not row.b_conflict:
                left = Text.assemble(left, "\n", row.note)
            else:
                right = Text.assemble(right, "\n", row.note)
        table.add_row(marker.get(row.kind, Text("⚠", style="bold red") if row.conflicts else Text("=")),
                      left, right)
    return Group(summary, Text(""), table)


REWORDING_STYLES = {"same": "dim", "gap": "dim", "was": "bold strike #f04747",
                    "now": "bold #72d18d"}


def rewording_text(tagged: str, current: str) -> Text:
    """The words a claim was tagged on against its words now: gone words struck out in
    red, new words in green, unchanged words dim and shortened to a few either side."""
    from .core.rewording import rewording

    text = Text()
    for kind, words in rewording(tagged, current):
        if text:
            text.append(" ")
        text.append(words, style=REWORDING_STYLES[kind])
    return text
