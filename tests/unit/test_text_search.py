from tui.core.text_search import find_all, next_match

TEXT = "Pelosi’s aides said “war” was near. WAR, said Pelosi's office; war-time."


def test_any_case_inside_words_and_quotes_folded():
    assert [TEXT[s:e] for s, e in find_all(TEXT, "pelosi's")] == ["Pelosi’s", "Pelosi's"]
    assert [TEXT[s:e] for s, e in find_all(TEXT, "war")] == ["war", "WAR", "war"]
    assert [TEXT[s:e] for s, e in find_all(TEXT, '"war"')] == ["“war”"]
    assert find_all(TEXT, "  ") == []


def test_spaces_in_the_query_match_any_run_of_space():
    assert find_all("said\n  Pelosi", "said pelosi") == [(0, 13)]


def test_next_and_previous_wrap_and_say_so():
    matches = [(5, 8), (20, 23), (40, 43)]
    assert next_match(matches, 5, True) == (1, False)
    assert next_match(matches, 40, True) == (0, True)
    assert next_match(matches, 20, False) == (0, False)
    assert next_match(matches, 5, False) == (2, True)
    assert next_match(matches, 0, True) == (0, False)
