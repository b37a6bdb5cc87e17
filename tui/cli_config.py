"""`newsdesk config check` and `newsdesk config keys [--json]`.

`check` reads the config file as the app does and prints, one line each, what the
app would leave out of it (a [keymap] entry naming no binding, a key another
binding already answers to); exit 1 if anything was, or if the file cannot be
used at all (its one line). `keys` lists every binding id with its keys and what it
does, the ids a [keymap] table takes.
"""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK = 0
EXIT_PROBLEMS = 1


def add_parser(commands, global_options) -> None:
    """Register `config` on the CLI's subcommands."""
    config = commands.add_parser("config", help="check the config file; list binding ids")
    actions = config.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="what of the config file the app would not apply")
    global_options(check, in_command=True)
    keys = actions.add_parser("keys", help="every binding id, its keys and what it does")
    global_options(keys, in_command=True)
    keys.add_argument("--json", action="store_true",
                      help='print [{"id", "keys", "description"}] on stdout')


def cmd_config(args: argparse.Namespace) -> int:
    from .core.config import load_settings
    from .keymap_config import all_bindings, checked_keymap

    if args.config_command == "keys":
        bindings = all_bindings()
        if args.json:
            json.dump([{"id": b.id, "keys": list(b.keys), "description": b.description}
                       for b in bindings], sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            width = max(len(b.id) for b in bindings)
            for b in bindings:
                print(f"{b.id:<{width}}  {','.join(b.keys):<24}  {b.description}")
        return EXIT_OK
    settings = load_settings(model=getattr(args, "model", None), db=getattr(args, "db", None))
    checked = checked_keymap(settings)
    if settings.theme is not None:
        from textual.theme import BUILTIN_THEMES

        if settings.theme not in BUILTIN_THEMES:
            checked.problems.append(
                f"{settings.config_file}: theme: {settings.theme!r} is not a theme; the app uses "
                f"textual-dark (themes: {', '.join(sorted(BUILTIN_THEMES))})")
    for line in checked.problems:
        print(line)
    where = settings.config_file or "no config file"
    if checked.problems:
        print(f"newsdesk: {len(checked.problems)} problem(s) in {where}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"newsdesk: {where}: no problems", file=sys.stderr)
    return EXIT_OK
