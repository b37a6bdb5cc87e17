"""The timeline as Rich tables: for `newsdesk timeline` without --json.

Article text is untrusted: every piece goes through the sanitizer and into Text
objects, never markup.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from .core.sanitize import sanitize_line
from .core.timeline import Mention, Timeline

CONFLICT_MARK = "⚠"


def outlet(mention: Mention, outlets: dict[str, str]) -> str:
    """The outlet (or file name) a mention comes from, safe to show."""
    return sanitize_line(outlets.get(mention.uri, "") or mention.uri.rsplit("/", 1)[-1])


def how_text(mention: Mention) -> str:
    """The resolution, left out for a full date as written (nothing to explain)."""
    return "" if "as written" in mention.when.how else sanitize_line(mention.when.how)


def timeline_renderables(timeline: Timeline, outlets: dict[str, str]) -> list[Table | Text]:
    """The events table, then the conflicts table when there are conflicts."""
    if not timeline.events:
        return [Text("no dated event found")]
    conflicted = {id(m) for c in timeline.conflicts for m in c.mentions}
    events = Table(title="Timeline", show_lines=True)
    for column in ("date", "what", "sources", "how"):
        events.add_column(column)
    for event in timeline.events:
        mark = f" {CONFLICT_MARK}" if any(id(m) in conflicted for m in event.mentions) else ""
        sources = sorted({outlet(m, outlets) for m in event.mentions})
        hows = sorted({h for h in (how_text(m) for m in event.mentions) if h})
        events.add_row(Text(event.date + mark, style="bold yellow" if mark else ""),
                       Text(sanitize_line(event.what)), Text(", ".join(sources)),
                       Text("\n".join(hows), style="italic"))
    tables: list[Table | Text] = [events]
    if timeline.conflicts:
        conflicts = Table(title=f"{CONFLICT_MARK} Dated differently", show_lines=True)
        for column in ("what", "date", "source", "said"):
            conflicts.add_column(column)
        for conflict in timeline.conflicts:
            for n, m in enumerate(conflict.mentions):
                conflicts.add_row(Text(sanitize_line(conflict.what) if n == 0 else ""),
                                  Text(m.when.iso), Text(outlet(m, outlets)),
                                  Text(sanitize_line(m.said)))
        tables.append(conflicts)
    return tables
