"""A claim moving to another article's file is written to the new file first, then taken
out of the old one. A process killed between the two writes leaves it in both; the next
start must end with it once, on the new article, with nothing lost."""

from __future__ import annotations

import json

from tui.core.anchoring import make_selector
from tui.core.articles import load_file
from tui.core.claims import follow_moved_files
from tui.core.store import Store

from ..store_files import shard_path

TEXT = "Negotiators met on Tuesday. Both sides said the talks would resume in March.\n"


def test_a_claim_left_in_both_files_ends_once_on_the_new_article(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(TEXT, "utf-8")
    article = load_file(old).articles[0]
    db = tmp_path / "db.json"
    store = Store(db)
    claim = store.tag_claim(article.uri, make_selector(article.text, 0, 27), status="verified",
                            text_hash=article.text_hash, note="checked")
    old.rename(new)
    moved = load_file(new).articles[0]
    # The state a kill between the two writes of a move leaves: the row in both files.
    source = json.loads(shard_path(db, article.uri).read_text("utf-8"))
    row = dict(next(iter(source["annotations"].values())), uri=moved.uri)
    shard_path(db, moved.uri).write_text(json.dumps({"annotations": {"1": row}}), "utf-8")

    again = Store(db)
    follow_moved_files(again, [moved])
    found = [a for a in Store(db).annotations() if a.id == claim.id]
    assert len(found) == 1, [a.uri for a in found]
    assert found[0].uri == moved.uri and found[0].status == "verified"
    assert found[0].note == "checked"
