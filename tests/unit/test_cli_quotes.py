"""`newsdesk quotes`: the JSON contract on the seeds, the Rich rendering, bad input."""

from __future__ import annotations

import json

from tui.cli import main

from .conftest import SEEDS_DIR

CONTRACT = {"speaker", "versions", "wording_differs", "speakers_differ"}
VERSION = {"uri", "sentence", "quote"}


def test_quotes_json_contract_on_the_seeds(capsys, isolated_newsdesk_env, shared_pipeline):
    assert main(["quotes", str(SEEDS_DIR), "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)
    assert groups and all(set(g) == CONTRACT for g in groups)
    assert all(set(v) >= VERSION for g in groups for v in g["versions"])
    assert all(isinstance(g["wording_differs"], bool) and isinstance(g["speakers_differ"], bool)
               for g in groups)
    offer = [g for g in groups if any("Kim Jong" in v["quote"] and "soldiers" in v["quote"]
                                      for v in g["versions"])]
    assert len(offer) == 1
    assert offer[0]["speaker"] == "Volodymyr Zelensky"
    assert len({v["uri"] for v in offer[0]["versions"]}) >= 4
    assert offer[0]["wording_differs"] is True
    for version in offer[0]["versions"]:
        assert version["quote"] in version["sentence"]


def test_quotes_rendering_names_speaker_and_marks(capsys, isolated_newsdesk_env,
                                                  shared_pipeline):
    assert main(["quotes", str(SEEDS_DIR)]) == 0
    out = capsys.readouterr().out
    assert "Volodymyr Zelensky" in out and "wording differs" in out
    assert "only this outlet quotes it" in out


def test_quotes_bad_input_is_one_line_each(capsys, isolated_newsdesk_env, tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\0\0\0\0 not text")
    assert main(["quotes", str(tmp_path / "missing.txt"), str(binary), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("newsdesk: ") for line in lines)
    assert "missing.txt" in lines[0] and "x.txt" in lines[1] and "Traceback" not in captured.err


def test_quotes_skips_a_bad_file_and_reads_the_rest(capsys, isolated_newsdesk_env, tmp_path,
                                                    shared_pipeline):
    assert main(["quotes", str(tmp_path / "missing.txt"),
                 str(SEEDS_DIR / "002_ec2e81d4f7f7b7c8.txt"), "--json"]) == 0
    captured = capsys.readouterr()
    assert "missing.txt" in captured.err
    assert all(g["versions"] for g in json.loads(captured.out))
