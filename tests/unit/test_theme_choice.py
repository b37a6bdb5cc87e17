"""The starting theme: config, else the palette's remembered choice while the config has not
changed since; a damaged state file is only a lost preference."""

from tui.core.theme_choice import DEFAULT_THEME, remember_theme, starting_theme


def test_default_then_config_then_remembered(tmp_path):
    state = tmp_path / "ui-state.json"
    assert starting_theme(None, state) == DEFAULT_THEME
    assert starting_theme("nord", state) == "nord"
    remember_theme("gruvbox", "nord", state)
    assert starting_theme("nord", state) == "gruvbox"
    assert starting_theme("dracula", state) == "dracula"  # config edited since: it wins


def test_a_damaged_state_file_falls_back_to_the_config(tmp_path):
    state = tmp_path / "ui-state.json"
    state.write_text("{not json", "utf-8")
    assert starting_theme("nord", state) == "nord"
    remember_theme("gruvbox", "nord", state)
    assert starting_theme("nord", state) == "gruvbox"


def test_remembered_text_is_sanitized(tmp_path):
    state = tmp_path / "ui-state.json"
    state.write_text('{"theme": "x\\u001b[31m", "over": null}', "utf-8")
    assert "\x1b" not in starting_theme(None, state)
