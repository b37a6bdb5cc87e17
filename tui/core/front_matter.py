"""Front matter of Markdown articles, read without trusting it.

python-frontmatter finds the block (YAML between ``---`` lines, JSON, TOML);
the YAML is parsed here, not by python-frontmatter, with a SafeLoader that
refuses aliases. An alias is what makes a "billion laughs" file: 600 bytes of
``&a [*a, *a, ...]`` nested eight deep expand to billions of nodes, minutes of
CPU and gigabytes of memory the moment anything walks the result. Article
metadata never needs an alias, so a block that uses one is ignored as a whole
(with a note) and the body still loads. A block over `MAX_FRONT_MATTER_CHARS`
is ignored the same way, which bounds the pure-Python parser's time; one that
is nested too deeply for the parser, or is not valid YAML, makes the whole
file the article text (nothing is lost), with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

MAX_FRONT_MATTER_CHARS = 32 * 1024  # real front matter is a few hundred bytes; 32 KiB parse in ~0.4 s

_FRONT_MATTER_BLOCK = re.compile(r"\A\s*---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M)


# PyYAML ships no type stubs, so its classes are Any to mypy.
class AliasRefused(yaml.YAMLError):  # type: ignore[misc]
    """The front matter uses a YAML alias (`*name`)."""


class _NoAliasLoader(yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader that stops at the first alias instead of sharing (and later expanding) a node."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise AliasRefused("front matter uses YAML aliases")
        return super().compose_node(parent, index)


@dataclass
class Parsed:
    """What a Markdown file holds: metadata, body text, and any notes about the front matter."""

    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    notes: list[str] = field(default_factory=list)
    # True when the front matter could not be read and the whole file is the text.
    whole_file: bool = False


def body_without_block(raw: str) -> str:
    """The text after a ``---`` fenced block, for a title when the block is unreadable."""
    return _FRONT_MATTER_BLOCK.sub("", raw, count=1)


def _yaml_failure(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "front matter is nested too deeply to read; loaded the file as plain text"
    if isinstance(exc, yaml.YAMLError):
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        return f"front matter is not valid YAML{where}; loaded the file as plain text"
    # SafeLoader's constructors raise plain errors for impossible values (2025-02-30).
    return f"front matter could not be read ({type(exc).__name__}); loaded the file as plain text"


def parse_markdown(raw: str) -> Parsed:
    """Split `raw` into front matter and body, as python-frontmatter does, reading the YAML safely."""
    text = raw.strip()
    handler = frontmatter.detect_format(text, frontmatter.handlers)
    if handler is None:
        return Parsed(body=text)
    try:
        block, content = handler.split(text)
    except ValueError:  # an opening fence and no closing one: no front matter
        return Parsed(body=text)
    if len(block) > MAX_FRONT_MATTER_CHARS:
        return Parsed(body=content.strip(), notes=[
            f"front matter is over {MAX_FRONT_MATTER_CHARS // 1024} KiB; ignored"
        ])
    try:
        if isinstance(handler, YAMLHandler):
            data = yaml.load(block, Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader)
        else:
            data = handler.load(block)
    except AliasRefused:
        return Parsed(body=content.strip(), notes=["front matter uses YAML aliases; ignored"])
    except Exception as exc:  # RecursionError included: a block nested thousands deep
        return Parsed(body=raw, notes=[_yaml_failure(exc)], whole_file=True)
    return Parsed(meta=data if isinstance(data, dict) else {}, body=content.strip())
