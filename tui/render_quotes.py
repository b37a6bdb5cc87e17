"""Rich renderings of quote groups, shared by the quotes screen and `newsdesk quotes`.

Quotations, sentences and speaker names are article text: they enter Rich only as
`Text` built from plain strings, never parsed as markup.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from .core.quotes import Quote, QuoteGroup, differences

# Words one version has and the others word differently: what a fact-checker compares.
DIFFERS_STYLE = Style(bold=True, underline=True, color="#ffbb5d")
FLAG_STYLE = Style(bold=True, color="#f04747")
NOTE_STYLE = Style(italic=True, dim=True)
SPEAKER_STYLE = Style(bold=True)
UNKNOWN_SPEAKER = "speaker not named"


def outlet(version: Quote) -> str:
    """The outlet as a reader knows it: its source, else the file's name."""
    if version.source:
        return version.source
    parsed = urlparse(version.uri)
    return PurePosixPath(unquote(parsed.path)).name or version.uri


def version_texts(group: QuoteGroup) -> list[Text]:
    """Each version's quotation with its differing words highlighted."""
    out = []
    for version, spans in zip(group.versions, differences(group)):
        text = Text(f"“{version.text}”")
        if group.wording_differs:
            for start, end, shared in spans:
                if not shared:
                    text.stylize(DIFFERS_STYLE, start + 1, end + 1)
        out.append(text)
    return out


def group_heading(group: QuoteGroup) -> Text:
    """Speaker and the group's marks: how many outlets, rewording, speaker disagreement."""
    heading = Text(group.speaker or UNKNOWN_SPEAKER, style=SPEAKER_STYLE)
    outlets = len(group.uris)
    heading.append(f"  · {outlets} outlet{'' if outlets == 1 else 's'}", style=NOTE_STYLE)
    if group.one_outlet:
        heading.append("  · only this outlet quotes it", style=NOTE_STYLE)
    elif group.wording_differs:
        heading.append("  · wording differs", style=DIFFERS_STYLE)
    else:
        heading.append("  · same words", style=NOTE_STYLE)
    if group.speakers_differ:
        names = sorted({v.speaker.name for v in group.versions if v.speaker})
        heading.append("  · attributed to different speakers: " + ", ".join(names),
                       style=FLAG_STYLE)
    return heading


CURRENT_MARK = "▶"


def version_label(version: Quote, group: QuoteGroup, current: bool = False) -> Text:
    """The outlet of a version (bold under the cursor), and its speaker where the
    outlets disagree on who said it."""
    label = Text(outlet(version), style="bold" if current else "")
    if group.speakers_differ:
        label.append(f"\n({version.speaker.name if version.speaker else UNKNOWN_SPEAKER})",
                     style=FLAG_STYLE)
    return label


def group_renderable(group: QuoteGroup, current: int | None = None,
                     cursor: bool = False) -> RenderableType:
    """One group: its heading, then one row per version (outlet, quotation); with
    `cursor`, a column marking `current`, the version under the cursor (the screen)."""
    table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
    if cursor:
        table.add_column("cursor", width=1, no_wrap=True)
    table.add_column("outlet", ratio=1, no_wrap=False)
    table.add_column("quote", ratio=5)
    for n, (version, text) in enumerate(zip(group.versions, version_texts(group))):
        mark = [Text(CURRENT_MARK if n == current else "", style="bold")] if cursor else []
        table.add_row(*mark, version_label(version, group, n == current), text)
    return Group(group_heading(group), table)


def groups_renderable(groups: list[QuoteGroup]) -> RenderableType:
    """Every group, a blank line between them."""
    parts: list[RenderableType] = []
    for group in groups:
        parts.extend([group_renderable(group), Text("")])
    if not parts:
        parts.append(Text("No quotations found.", style=NOTE_STYLE))
    return Group(*parts)
