"""What a figure counts, from the parse (tui/core/roles.py), computed only when asked."""

from __future__ import annotations

from tui.core.analysis import Analyser, AnalysisCache, add_roles, analyse_text

TEXT = (
    "The Democrats would need 25 seats in the House to regain the majority.\n"
    "Republicans picked up 63 seats in the House in November.\n"
    "Cowan joined the Patrick administration in 2009 and reportedly quit earlier this month.\n"
    "Jesse Jackson Jr. pleaded guilty to using $750,000 in campaign funds.\n"
    "The primary would be held on April 30.\n"
)


def figures(text, analysis):
    return {text[e.start:e.end]: e for e in analysis.entities if e.kind == "figure"}


def test_roles_say_what_a_figure_counts(pipeline):
    nlp, choice = pipeline
    analysis = analyse_text(nlp, choice.model_id, TEXT, "h", roles=True)
    assert analysis.roles
    got = figures(TEXT, analysis)
    need, picked = got["25"], got["63"]
    assert (need.counts, need.verb) == ("seat", "need")
    assert (picked.counts, picked.verb) == ("seat", "pick up")
    assert need.subject != picked.subject  # the Democrats' seats are not the Republicans'
    quit = got["earlier this month"]
    assert quit.verb == "quit" and quit.subject == "cowan"  # a conjoined verb shares its subject
    assert got["2009"].verb == "join" and got["2009"].object == "administration"
    money = got["$750,000"]
    assert (money.counts, money.verb, money.object) == ("fund", "use", None)
    assert got["April 30"].verb == "hold" and got["April 30"].object == "primary"


def test_roles_only_when_asked_and_added_to_a_cached_analysis(pipeline, shared_pipeline, tmp_path):
    nlp, choice = pipeline
    plain = analyse_text(nlp, choice.model_id, TEXT, "h")
    assert not plain.roles and all(e.counts is None for e in plain.entities)
    with_roles = add_roles(nlp, TEXT, plain)
    assert with_roles.roles and [e.start for e in with_roles.entities] == [
        e.start for e in plain.entities]  # same figures, more said about them

    analyser = Analyser(cache=AnalysisCache(tmp_path))
    first = analyser.analyse(TEXT, "hash")
    assert not first.roles
    second = analyser.analyse(TEXT, "hash", roles=True)
    assert second.roles and figures(TEXT, second)["25"].counts == "seat"
    # the cache now holds the roles: a new analyser reads them without a model
    again = Analyser(cache=AnalysisCache(tmp_path)).analyse(TEXT, "hash", roles=True)
    assert again == second
