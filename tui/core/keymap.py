"""The config's [keymap], checked before it is applied: never a key silently stolen.

A keymap entry names a binding id ("reader.next") and the keys it should answer
to ("j,down"). Two things go wrong without a word if it is applied as written:
an id that no binding has ("reader.nope") does nothing, and a key another
binding of the same screen already answers to ("n", which is Note in the reader)
takes that binding's key away from it. So, before anything is applied:

- an unknown id is one problem and is left out;
- a key the entry would share with another binding of the same screen (or with
  an app-wide binding) is one problem and is left out of the entry; the other
  binding keeps it. When both got the key from the keymap, neither does;
- an entry left with no keys is not applied: the binding keeps its own keys.

Screens are told apart by the id's prefix ("reader.", "compare."); ids under
"app." are live on every screen. Plain Python: the bindings are given by the
caller, which reads them off the screen classes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

APP_SCOPE = "app"


@dataclass(frozen=True)
class BindingInfo:
    """One remappable binding: its id, default keys (normalized) and what it does."""

    id: str
    keys: tuple[str, ...]
    description: str

    @property
    def scope(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass
class KeymapCheck:
    applied: dict[str, str] = field(default_factory=dict)  # what is safe to apply
    problems: list[str] = field(default_factory=list)  # one line each, naming the entry


def _split(keys: str, normalize: Callable[[str], str]) -> list[str]:
    out: list[str] = []
    for key in keys.split(","):
        key = normalize(key.strip()) if key.strip() else ""
        if key and key not in out:
            out.append(key)
    return out


def check_keymap(keymap: dict[str, str], bindings: Iterable[BindingInfo], where: str,
                 normalize: Callable[[str], str] = lambda key: key) -> KeymapCheck:
    """What of `keymap` can be applied, and a line for each entry (or key) left out.

    `where` names the config file in every line; `normalize` turns a key as
    written ("?") into the form bindings use ("question_mark")."""
    known = {b.id: b for b in bindings}
    result = KeymapCheck()
    requested: dict[str, list[str]] = {}
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            result.problems.append(f'{where}: [keymap] "{binding_id}": no binding has this id; '
                                   "`newsdesk config keys` lists them")
            continue
        wanted = _split(keys, normalize)
        if not wanted:
            result.problems.append(f'{where}: [keymap] "{binding_id}": no keys given; '
                                   "it keeps its own")
            continue
        requested[binding_id] = wanted

    def final_keys(b: BindingInfo) -> list[str]:
        return requested.get(b.id) or list(b.keys)

    scopes: dict[str, list[BindingInfo]] = defaultdict(list)
    for b in known.values():
        scopes[b.scope].append(b)
    lost: dict[str, set[str]] = defaultdict(set)
    said: set[tuple[str, str]] = set()
    for scope, members in scopes.items():
        live = members if scope == APP_SCOPE else members + scopes.get(APP_SCOPE, [])
        holders: dict[str, list[BindingInfo]] = defaultdict(list)
        for b in live:
            for key in final_keys(b):
                holders[key].append(b)
        for key, sharing in holders.items():
            if len(sharing) < 2:
                continue
            for b in sharing:
                if key not in requested.get(b.id, ()) or (b.id, key) in said:
                    continue
                said.add((b.id, key))
                lost[b.id].add(key)
                other = next(o for o in sharing if o.id != b.id)
                result.problems.append(
                    f'{where}: [keymap] "{b.id}" = "{keymap[b.id]}": {key} is already '
                    f'{other.description} ({other.id}); {key} left out')
    for binding_id, wanted in requested.items():
        kept = [key for key in wanted if key not in lost[binding_id]]
        if kept:
            result.applied[binding_id] = ",".join(kept)
        else:
            default = ",".join(known[binding_id].keys)
            result.problems.append(f'{where}: [keymap] "{binding_id}": not applied; it keeps '
                                   f"{default}")
    return result
