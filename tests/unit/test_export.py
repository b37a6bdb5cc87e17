"""Exports: Markdown report, JSON, W3C Web Annotation JSON-LD, schema.org ClaimReview.

The annotations are real ones, written through `Store` on a temporary database
with selectors made by `make_selector` on a seed article, so what is exported
is what the app stores.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from markdown_it import MarkdownIt

from tui.core import atomic as atomic_module
from tui.core.anchoring import Selector, make_selector
from tui.core.articles import Article, load_file
from tui.core.export import (
    ORPHAN_NOTICE,
    ArticleInfo,
    annotation_iri,
    export_claims,
    write_export,
)
from tui.core.store import Annotation, Store

from .conftest import SEEDS_DIR

SEED = SEEDS_DIR / "002_ec2e81d4f7f7b7c8.txt"
MISSING_URI = "https://example.org/missing-article"
NOW = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)

HOSTILE_LINE = "# Pwned <script>alert(1)</script> see [x](http://evil) and `rm -rf` now."
HOSTILE_MD = f"""---
title: "Evil [link](http://evil.example) <img src=x onerror=alert(1)>"
source: "Bad <b>Outlet</b>"
date: 2025-01-14
url: "https://example.com/story?id=1"
---
{HOSTILE_LINE}

A calm second paragraph.
"""

FALSE_NOTE = "Checked against the MoD statement.\nNo such figure was given.\n\nSee the follow-up piece."


def only_article(path: Path) -> Article:
    result = load_file(path)
    assert len(result.articles) == 1, [str(p) for p in result.problems]
    return result.articles[0]


def span(text: str, begins: str, ends: str) -> tuple[int, int]:
    """Offsets of the text starting with `begins` and ending with the next `ends`."""
    start = text.index(begins)
    end = text.index(ends, start) + len(ends)
    return start, end


@dataclass
class Library:
    store: Store
    seed: Article
    hostile: Article
    ids: dict[str, str]  # role -> annotation id
    annotations: list[Annotation]
    infos: dict[str, ArticleInfo]
    texts: dict[str, str]  # uri -> article text

    def export(self, fmt: str, **kwargs) -> str:
        return export_claims(self.annotations, self.infos, fmt, now=NOW, **kwargs)

    def get(self, role: str) -> Annotation:
        found = self.store.get(self.ids[role])
        assert found is not None
        return found


@pytest.fixture
def library(tmp_path) -> Library:
    store = Store(tmp_path / "db" / "newsdesk.json")
    seed = only_article(SEED)
    hostile_path = tmp_path / "hostile.md"
    hostile_path.write_text(HOSTILE_MD, encoding="utf-8")
    hostile = only_article(hostile_path)

    def claim(article: Article, begins: str, ends: str, **kwargs) -> str:
        start, end = span(article.text, begins, ends)
        return store.tag_claim(article.uri, make_selector(article.text, start, end),
                               text_hash=article.text_hash, **kwargs).id

    ids = {
        "false": claim(seed, "Zelensky has estimated", "support Russian troops.", status="false",
                       tags=["casualties", "figures"], note=FALSE_NOTE),
        # A real quote from the seed with brackets in it.
        "disputed": claim(seed, "This Monday, the Kremlin declined", "according to AFP.",
                          status="disputed", note="Peskov quote garbled in translation."),
        "unverified": claim(seed, "According to a statement from the Security Service",
                            "undocumented.", status="unverified"),
        "verified": claim(seed, "International media have not yet verified", "their capture.",
                          status="verified", tags=["media"]),
        "note_only": claim(seed, "The soldier also explains", "hiding in a shelter.",
                           note="Ask the SBU for the date of the video."),
        "bare": claim(seed, "The other soldier, with a bandage", "current whereabouts."),
        "orphan": claim(seed, "This Monday, the Special Operations Forces", "to be captured.",
                        status="unverified", tags=["grenade"]),
        "hostile": claim(hostile, "# Pwned", "now.", status="false"),
    }
    assert store.update(ids["orphan"], anchored=False) is not None
    ids["article_note"] = store.set_article_note(
        seed.uri, "Machine-translated from Spanish.\nCompare with the Yonhap version.").id
    missing_text = "Officials said 12,000 troops were deployed."
    ids["missing"] = store.tag_claim(
        MISSING_URI, make_selector(missing_text, 0, len(missing_text)), status="verified").id

    infos = {a.uri: ArticleInfo.from_article(a) for a in (seed, hostile)}
    annotations = store.annotations()
    assert len(annotations) == len(ids)
    return Library(store, seed, hostile, ids, annotations, infos,
                   {seed.uri: seed.text, hostile.uri: hostile.text, MISSING_URI: missing_text})


# =========================================================================== W3C checker

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging",
}
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
_XSD_DATETIME_Z = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise AssertionError(f"duplicate JSON keys {sorted(duplicates)} (a property given more than once)")
    return dict(pairs)


def parse_strict(text: str):
    return json.loads(text, object_pairs_hook=no_duplicate_keys)


def is_iri(value) -> bool:
    if not isinstance(value, str) or not _IRI.match(value):
        return False
    if value.lower().startswith("urn:uuid:"):
        try:
            uuid.UUID(value[9:])
        except ValueError:
            return False
    return True


def is_utc_datetime(value) -> bool:
    if not isinstance(value, str) or not _XSD_DATETIME_Z.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_non_negative_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def types_of(node) -> list:
    return as_list(node.get("type", [])) if isinstance(node, dict) else []


def w3c_violations(doc, texts: dict[str, str] | None = None) -> list[str]:
    """Every MUST of the W3C Web Annotation Data Model that applies to what we emit.

    Collection (§5.1): @context has 1+ values, http://www.w3.org/ns/anno.jsonld among them;
      exactly 1 `id`, an IRI; 1+ types, AnnotationCollection among them; `label` values are
      strings; `total` (at most 1) is an xsd:nonNegativeInteger; a Collection with total > 0
      has exactly 1 `first` page.
    Page (§5.2): exactly 1 `id`, an IRI; 1+ types, AnnotationPage among them; `items` is an
      array of 1+ Annotations; `startIndex` (at most 1) is an xsd:nonNegativeInteger; a page
      that is not the last has `next`. (Also its SHOULD NOT: no @context when embedded.)
      Plus: `total` equals the number of items across the pages.
    Annotation (§3.1): 1+ @context values with the anno context among them, a string when it
      is the only one; exactly 1 `id`, an IRI; 1+ types, Annotation among them; 1+ targets;
      `body` and `bodyValue` never both (§3.2.5). A `body`, when present, is not empty
      (bodiless annotations omit it, §3.2.6).
    Bodies and targets (§3.2.1): a string body/target is an IRI; an External Web Resource
      (object without `source`, not a TextualBody) has exactly 1 `id`, an IRI;
      `textDirection` is ltr/rtl/auto; `rights` values are IRIs (§3.3.6).
    TextualBody (§3.2.4): exactly 1 `value`.
    Lifecycle (§3.3.1): `created`, `modified`, `generated` at most 1 each, an xsd:dateTime with
      the UTC timezone expressed as "Z".
    Motivation and purpose (§3.3.5): values are Motivation instances.
    Specific Resource (§4): exactly 1 `source` (an IRI or an object with an IRI `id`).
    TextQuoteSelector (§4.2.4): exactly 1 type, `TextQuoteSelector`; exactly 1 `exact`;
      at most 1 `prefix` / `suffix`; all strings.
    TextPositionSelector (§4.2.5): exactly 1 type, `TextPositionSelector`; exactly 1 `start`
      and 1 `end`, each a non-negative integer (and start <= end).
    With `texts` ({source: text}): a TextPositionSelector selects exactly the quote of the
      TextQuoteSelector beside it, and prefix/suffix are the text around it (§4.2 "multiple
      selectors SHOULD select the same content"; code point offsets, §4.2.4).
    "At most 1"/"exactly 1" of a property is enforced by parsing with duplicate keys rejected
    (`parse_strict`) and by requiring single, non-list values.
    """
    problems: list[str] = []

    def need(condition: bool, where: str, message: str) -> None:
        if not condition:
            problems.append(f"{where}: {message}")

    def check_context(node, where, single_string_rule):
        context = node.get("@context")
        values = as_list(context) if context is not None else []
        need(len(values) >= 1, where, "MUST have 1 or more @context values")
        need(ANNO_CONTEXT in values, where, f"{ANNO_CONTEXT} MUST be one of the @context values")
        if single_string_rule and isinstance(context, list) and len(context) == 1:
            problems.append(f"{where}: a single @context value MUST be given as a string")

    def check_id(node, where):
        need("id" in node and not isinstance(node.get("id"), list), where, "MUST have exactly 1 id")
        need(is_iri(node.get("id")), where, f"id {node.get('id')!r} MUST be an IRI")

    def check_lifecycle(node, where):
        for key in ("created", "modified", "generated"):
            if key in node:
                need(is_utc_datetime(node[key]), where,
                     f"{key} {node[key]!r} MUST be an xsd:dateTime in UTC with 'Z'")

    def check_resource(node, where, *, is_body):
        if isinstance(node, str):
            need(is_iri(node), where, f"{node!r} MUST be an IRI")
            return
        need(isinstance(node, dict), where, "MUST be an IRI or an object")
        if not isinstance(node, dict):
            return
        if "textDirection" in node:
            need(node["textDirection"] in ("ltr", "rtl", "auto"), where, "textDirection MUST be ltr/rtl/auto")
        for value in as_list(node.get("rights", [])):
            need(is_iri(value), where, "rights MUST be an IRI")
        check_lifecycle(node, where)
        kinds = types_of(node)
        if "TextualBody" in kinds:
            need("value" in node and isinstance(node["value"], str), where,
                 "a TextualBody MUST have exactly 1 value")
            for purpose in as_list(node.get("purpose", [])):
                need(purpose in MOTIVATIONS, where, f"purpose {purpose!r} MUST be a Motivation")
            return
        if "source" in node:
            check_specific_resource(node, where)
            return
        check_id(node, where)  # an External Web Resource

    def check_specific_resource(node, where):
        source = node.get("source")
        need(source is not None and not isinstance(source, list), where,
             "a SpecificResource MUST have exactly 1 source")
        if isinstance(source, dict):
            check_id(source, where + ".source")
        else:
            need(is_iri(source), where, f"source {source!r} MUST be an IRI")
        for purpose in as_list(node.get("purpose", [])):
            need(purpose in MOTIVATIONS, where, f"purpose {purpose!r} MUST be a Motivation")
        selectors = as_list(node.get("selector", []))
        positions, quotes = [], []
        for k, selector in enumerate(selectors):
            at = f"{where}.selector[{k}]"
            if isinstance(selector, str):
                need(is_iri(selector), at, "a selector given by reference MUST be an IRI")
                continue
            kind = selector.get("type")
            need(isinstance(kind, str), at, "a Selector MUST have exactly 1 type")
            if kind == "TextQuoteSelector":
                need(isinstance(selector.get("exact"), str), at, "MUST have exactly 1 exact (a string)")
                for key in ("prefix", "suffix"):
                    if key in selector:
                        need(isinstance(selector[key], str), at, f"at most 1 {key}, a string")
                quotes.append(selector)
            elif kind == "TextPositionSelector":
                start, end = selector.get("start"), selector.get("end")
                need(is_non_negative_int(start), at, f"start {start!r} MUST be a non-negative integer")
                need(is_non_negative_int(end), at, f"end {end!r} MUST be a non-negative integer")
                if is_non_negative_int(start) and is_non_negative_int(end):
                    need(start <= end, at, f"start {start} after end {end}")
                positions.append(selector)
            else:
                problems.append(f"{at}: unexpected selector type {kind!r}")
        # The offsets count in the copy a TimeState names as cached, else in the source.
        counted = (node.get("state") or {}).get("cached", source)
        if texts is not None and isinstance(counted, str) and counted in texts:
            text = texts[counted]
            for position in positions:
                start, end = position.get("start"), position.get("end")
                if not (is_non_negative_int(start) and is_non_negative_int(end)):
                    continue  # reported above
                for quote in quotes:
                    need(text[start:end] == quote.get("exact"), where,
                         "TextPositionSelector and TextQuoteSelector select different text")
                    prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
                    need(text[max(0, start - len(prefix)):start] == prefix, where, "prefix is not the text before")
                    need(text[end:end + len(suffix)] == suffix, where, "suffix is not the text after")
                need(end <= len(text), where, "TextPositionSelector ends past the text")

    def check_annotation(node, where):
        if not isinstance(node, dict):
            need(is_iri(node), where, "a page item MUST be an Annotation or its IRI")
            return
        check_context(node, where, single_string_rule=True)
        check_id(node, where)
        need("Annotation" in types_of(node), where, "type MUST include Annotation")
        targets = as_list(node.get("target", []))
        need(len(targets) >= 1, where, "MUST have 1 or more targets")
        need(not ("body" in node and "bodyValue" in node), where, "body and bodyValue MUST NOT both be present")
        if "body" in node:
            need(len(as_list(node["body"])) >= 1, where, "an empty body list: omit body instead")
        for motivation in as_list(node.get("motivation", [])):
            need(motivation in MOTIVATIONS, where, f"motivation {motivation!r} MUST be a Motivation")
        check_lifecycle(node, where)
        for k, body in enumerate(as_list(node.get("body", []))):
            check_resource(body, f"{where}.body[{k}]", is_body=True)
        for k, target in enumerate(targets):
            check_resource(target, f"{where}.target[{k}]", is_body=False)

    need(isinstance(doc, dict), "document", "MUST be a single JSON object (a Collection)")
    if not isinstance(doc, dict):
        return problems
    check_context(doc, "collection", single_string_rule=False)
    check_id(doc, "collection")
    need("AnnotationCollection" in types_of(doc), "collection", "type MUST include AnnotationCollection")
    for label in as_list(doc.get("label", [])):
        need(isinstance(label, str), "collection", "label MUST be a string")
    total = doc.get("total")
    if "total" in doc:
        need(is_non_negative_int(total), "collection", f"total {total!r} MUST be a non-negative integer")
    counted = 0
    if is_non_negative_int(total) and total > 0:
        need("first" in doc and not isinstance(doc["first"], list), "collection",
             "a non-empty Collection MUST have exactly 1 first page")
    page = doc.get("first")
    pages = 0
    while isinstance(page, dict):
        where = f"page[{pages}]"
        need("@context" not in page, where, "an embedded Page SHOULD NOT have an @context")
        check_id(page, where)
        need("AnnotationPage" in types_of(page), where, "type MUST include AnnotationPage")
        items = page.get("items")
        need(isinstance(items, list) and len(items) >= 1, where, "MUST have an array of 1 or more items")
        if "startIndex" in page:
            need(is_non_negative_int(page["startIndex"]), where, "startIndex MUST be a non-negative integer")
            need(page["startIndex"] == counted, where, "startIndex is not the position of its first item")
        for k, item in enumerate(items if isinstance(items, list) else []):
            check_annotation(item, f"{where}.items[{k}]")
        counted += len(items) if isinstance(items, list) else 0
        pages += 1
        page = page.get("next")
        if isinstance(page, str):
            problems.append(f"{where}: next page by reference cannot be checked here")
            break
    if is_non_negative_int(total):
        need(total == counted, "collection", f"total {total} but {counted} items in the pages")
    return problems


# =========================================================================== W3C


def annotations_by_iri(doc) -> dict[str, dict]:
    return {item["id"]: item for item in doc["first"]["items"]}


def selectors_of(item, kind) -> list[dict]:
    return [s for s in item["target"]["selector"] if s["type"] == kind]


def test_w3c_export_satisfies_every_must_of_the_model(library):
    doc = parse_strict(library.export("w3c"))
    assert w3c_violations(doc, library.texts) == []
    assert doc["@context"] == ANNO_CONTEXT
    assert doc["type"] == "AnnotationCollection"
    assert doc["total"] == len(library.annotations) == len(doc["first"]["items"])
    assert doc["first"]["type"] == "AnnotationPage"
    # Every stored annotation appears once, under the IRI of its id.
    items = annotations_by_iri(doc)
    assert set(items) == {f"urn:uuid:{a.id}" for a in library.annotations}
    assert doc["id"] != doc["first"]["id"] and doc["id"] not in items


def test_w3c_anchored_claims_carry_matching_position_and_quote_selectors(library):
    items = annotations_by_iri(parse_strict(library.export("w3c")))
    for annotation in library.annotations:
        item = items[annotation_iri(annotation.id)]
        if not annotation.is_claim:
            continue
        target = item["target"]
        assert target.get("state", {}).get("cached", target["source"]) == annotation.uri
        (quote,) = selectors_of(item, "TextQuoteSelector")
        assert quote["exact"] == annotation.selector.exact
        text = library.texts[annotation.uri]
        positions = selectors_of(item, "TextPositionSelector")
        if annotation.anchored:
            (position,) = positions
            assert text[position["start"]:position["end"]] == quote["exact"]
            assert (position["start"], position["end"]) == (annotation.selector.start, annotation.selector.end)
        else:
            # An orphan's offsets no longer select its quote: only the quote is exported.
            assert positions == []


def test_w3c_bodies_motivations_and_article_note(library):
    items = annotations_by_iri(parse_strict(library.export("w3c")))

    def item(role):
        return items[f"urn:uuid:{library.ids[role]}"]

    false = item("false")
    assert false["motivation"] == "assessing"
    assert {"type": "TextualBody", "value": "false", "purpose": "tagging"} in false["body"]
    tags = [b["value"] for b in false["body"] if b["purpose"] == "tagging"]
    assert tags == ["false", "casualties", "figures"]
    (comment,) = [b for b in false["body"] if b["purpose"] == "commenting"]
    assert comment == {"type": "TextualBody", "value": FALSE_NOTE, "format": "text/plain",
                       "purpose": "commenting"}
    stored = library.get("false")
    assert false["created"] == stored.created and false["modified"] == stored.modified

    note_only = item("note_only")
    assert note_only["motivation"] == "commenting"
    assert [b["purpose"] for b in note_only["body"]] == ["commenting"]

    bare = item("bare")
    assert "body" not in bare  # bodiless: the key is omitted, not an empty list
    assert bare["motivation"] == "highlighting"

    article_note = item("article_note")
    assert article_note["target"] == library.seed.uri
    assert article_note["motivation"] == "commenting"
    assert article_note["body"][0]["value"].startswith("Machine-translated from Spanish.\n")


def test_w3c_empty_export_is_a_valid_empty_collection():
    doc = parse_strict(export_claims([], {}, "w3c"))
    assert w3c_violations(doc) == []
    assert doc["total"] == 0
    assert "first" not in doc  # a Page must hold at least one Annotation


def test_w3c_timestamps_are_normalised_to_utc_z(library):
    claim = library.get("verified")
    shifted = Annotation(**{**claim.__dict__, "created": "2026-01-02T03:04:05+02:00",
                            "modified": "2026-01-02T03:04:05.123456"})
    doc = parse_strict(export_claims([shifted], library.infos, "w3c"))
    assert w3c_violations(doc, library.texts) == []
    (item,) = doc["first"]["items"]
    assert item["created"] == "2026-01-02T01:04:05Z"
    assert item["modified"] == "2026-01-02T03:04:05Z"


def test_w3c_never_exports_impossible_offsets(library):
    claim = library.get("verified")
    bad = Annotation(**{**claim.__dict__, "selector": Selector(9, 3, "quote", "", "")})
    doc = parse_strict(export_claims([bad], {}, "w3c"))
    assert w3c_violations(doc) == []
    assert [s["type"] for s in doc["first"]["items"][0]["target"]["selector"]] == ["TextQuoteSelector"]


def test_w3c_checker_catches_broken_documents(library):
    """The checker itself must fail on documents that break the model."""
    good = parse_strict(library.export("w3c"))
    first_claim = next(i for i in good["first"]["items"] if isinstance(i["target"], dict))

    def broken(mutate):
        doc = copy.deepcopy(good)
        claim = next(i for i in doc["first"]["items"] if i["id"] == first_claim["id"])
        mutate(doc, claim)
        return w3c_violations(doc, library.texts)

    position = lambda claim: selectors_of(claim, "TextPositionSelector")[0]  # noqa: E731
    quote = lambda claim: selectors_of(claim, "TextQuoteSelector")[0]  # noqa: E731
    mutations = {
        "no collection context": lambda d, c: d.pop("@context"),
        "wrong context": lambda d, c: d.update({"@context": "https://schema.org"}),
        "list of one context": lambda d, c: c.update({"@context": [ANNO_CONTEXT]}),
        "no annotation id": lambda d, c: c.pop("id"),
        "id not an IRI": lambda d, c: c.update({"id": "not an iri"}),
        "two ids": lambda d, c: c.update({"id": [c["id"], c["id"]]}),
        "no Annotation type": lambda d, c: c.update({"type": "Note"}),
        "no target": lambda d, c: c.pop("target"),
        "body and bodyValue": lambda d, c: c.update({"bodyValue": "x"}),
        "empty body": lambda d, c: c.update({"body": []}),
        "textual body without value": lambda d, c: c["body"][0].pop("value"),
        "created without Z": lambda d, c: c.update({"created": "2026-01-02T03:04:05"}),
        "created not a date": lambda d, c: c.update({"created": "2026-13-45T03:04:05Z"}),
        "negative start": lambda d, c: position(c).update({"start": -1}),
        "start as string": lambda d, c: position(c).update({"start": "3"}),
        "start after end": lambda d, c: position(c).update({"start": position(c)["end"] + 1}),
        "offsets miss the quote": lambda d, c: position(c).update(
            {"start": position(c)["start"] + 1, "end": position(c)["end"] + 1}),
        "quote without exact": lambda d, c: quote(c).pop("exact"),
        "no source": lambda d, c: c["target"].pop("source"),
        "unknown motivation": lambda d, c: c.update({"motivation": "fact-checking"}),
        "total off by one": lambda d, c: d.update({"total": d["total"] + 1}),
        "no first page": lambda d, c: d.pop("first"),
        "page without type": lambda d, c: d["first"].pop("type"),
        "empty page": lambda d, c: d["first"].update({"items": []}),
        "no collection id": lambda d, c: d.pop("id"),
        "wrong collection type": lambda d, c: d.update({"type": "Collection"}),
    }
    for name, mutate in mutations.items():
        assert broken(mutate), f"checker missed: {name}"
    with pytest.raises(AssertionError, match="duplicate JSON keys"):
        parse_strict('{"id": "urn:x:1", "id": "urn:x:2"}')


# =========================================================================== ClaimReview

LABELS = {"verified": "Verified", "unverified": "Unverified", "disputed": "Disputed", "false": "False"}


def claimreview_violations(review) -> list[str]:
    """Required ClaimReview properties, typed as our export promises."""
    problems = []

    def need(condition, message):
        if not condition:
            problems.append(message)

    need(review.get("@context") == "https://schema.org", "@context")
    need(review.get("@type") == "ClaimReview", "@type")
    need(isinstance(review.get("claimReviewed"), str) and review["claimReviewed"], "claimReviewed")
    need(isinstance(review.get("url"), str) and "#claim-" in review["url"], "url")
    rating = review.get("reviewRating", {})
    need(rating.get("@type") == "Rating", "reviewRating.@type")
    need(rating.get("alternateName") in LABELS.values(), "reviewRating.alternateName")
    for key in ("ratingValue", "bestRating", "worstRating"):
        need(isinstance(rating.get(key), int) and not isinstance(rating.get(key), bool), key)
    if all(isinstance(rating.get(k), int) for k in ("ratingValue", "bestRating", "worstRating")):
        need(rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"], "ratingValue range")
        need((rating["worstRating"], rating["bestRating"]) == (1, 5), "rating scale 1..5")
    item = review.get("itemReviewed", {})
    need(item.get("@type") == "Claim", "itemReviewed.@type")
    appearance = item.get("appearance", {})
    need(appearance.get("@type") == "CreativeWork", "appearance.@type")
    need(isinstance(appearance.get("url"), str) and appearance["url"], "appearance.url")
    need(isinstance(appearance.get("headline"), str) and appearance["headline"], "appearance.headline")
    if "author" in item:
        need(item["author"].get("@type") == "Organization" and item["author"].get("name"), "claim author")
    author = review.get("author", {})
    need(author.get("@type") == "Organization" and isinstance(author.get("name"), str)
         and author["name"], "author")
    published = review.get("datePublished")
    try:
        need(dt.date.fromisoformat(published).isoformat() == published, "datePublished")
    except (TypeError, ValueError):
        problems.append(f"datePublished {published!r} is not an ISO date")
    if "reviewBody" in review:
        need(isinstance(review["reviewBody"], str), "reviewBody")
    return problems


def test_claimreview_has_every_required_property(library):
    reviews = parse_strict(library.export("claimreview"))
    assert isinstance(reviews, list)
    rated = [a for a in library.annotations if a.is_claim and a.status]
    assert len(reviews) == len(rated) == 7  # status-less claims and article notes are not reviews
    by_id = {r["url"].rsplit("#claim-", 1)[1]: r for r in reviews}
    assert set(by_id) == {a.id for a in rated}
    scale = {"false": 1, "disputed": 2, "unverified": 3, "verified": 5}
    for annotation in rated:
        review = by_id[annotation.id]
        assert claimreview_violations(review) == [], annotation.status
        assert review["claimReviewed"] == annotation.selector.exact
        assert review["reviewRating"]["alternateName"] == LABELS[annotation.status]
        assert review["reviewRating"]["ratingValue"] == scale[annotation.status]
        assert review["datePublished"] == annotation.modified[:10]
        assert review["author"] == {"@type": "Organization", "name": "newsdesk user"}
        assert review.get("reviewBody", "") == annotation.note


def test_claimreview_links_the_article_and_its_source(library):
    reviews = parse_strict(library.export("claimreview"))
    by_id = {r["url"].rsplit("#claim-", 1)[1]: r for r in reviews}

    hostile = by_id[library.ids["hostile"]]
    assert hostile["url"] == f"https://example.com/story?id=1#claim-{library.ids['hostile']}"
    appearance = hostile["itemReviewed"]["appearance"]
    assert appearance["url"] == "https://example.com/story?id=1"
    assert appearance["headline"] == library.hostile.title
    assert appearance["datePublished"] == "2025-01-14"
    assert hostile["itemReviewed"]["author"] == {"@type": "Organization", "name": library.hostile.source}

    seed = by_id[library.ids["false"]]  # a local file: its uri stands in for the URL
    assert urldefrag(seed["url"]).url == library.seed.uri
    assert "author" not in seed["itemReviewed"]  # the seed's source is not known
    assert seed["keywords"] == "casualties, figures"

    missing = by_id[library.ids["missing"]]
    assert missing["itemReviewed"]["appearance"]["url"] == MISSING_URI
    assert missing["itemReviewed"]["appearance"]["headline"] == MISSING_URI


def test_claimreview_author_can_be_overridden(library):
    reviews = parse_strict(library.export("claimreview", author="Desk of Ana"))
    assert {json.dumps(r["author"]) for r in reviews} == {
        json.dumps({"@type": "Organization", "name": "Desk of Ana"})}


# =========================================================================== Markdown

RENDER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def sections(markdown: str, level: str) -> list[tuple[str, str]]:
    """(heading, body) for each heading of `level` ("##", "###"), in order."""
    parts = re.split(rf"^{level} (.*)$", markdown, flags=re.M)
    return list(zip(parts[1::2], parts[2::2]))


def article_section(markdown: str, title_fragment: str) -> str:
    (body,) = [body for heading, body in sections(markdown, "##") if title_fragment in heading]
    return body


def test_markdown_title_line_and_totals(library):
    markdown = library.export("markdown")
    first, *_ = markdown.splitlines()
    assert first == "# Fact-check report, 2026-03-04"
    assert "Exported 2026-03-04T05:06:07Z" in markdown
    assert ("**Totals:** false 2 · disputed 1 · unverified 2 · verified 2 · no status 2 — "
            "9 claims in 3 articles, 1 orphaned, 1 article note.") in markdown


def test_markdown_groups_by_article_then_status_in_order(library):
    markdown = library.export("markdown")
    titles = [heading for heading, _ in sections(markdown, "##")]
    assert len(titles) == 3
    seed = article_section(markdown, "Ukrainian President Volodymyr Zelensky")
    assert [h for h, _ in sections(seed, "###")] == [
        "False (1)", "Disputed (1)", "Unverified (2)", "Verified (1)", "No status (2)"]
    groups = dict(sections(seed, "###"))
    expected = {
        "False (1)": ["North Korean casualties at 4,000"],
        "Disputed (1)": ["Kremlin declined to comment"],
        "Unverified (2)": ["Security Service of Ukraine", "Special Operations Forces"],
        "Verified (1)": ["International media have not yet verified"],
        "No status (2)": ["sent to the front on January 3", "with a bandage on his jaw"],
    }
    for heading, fragments in expected.items():
        for fragment in fragments:
            assert fragment in groups[heading], (heading, fragment)
            others = [h for h in groups if h != heading]
            assert not any(fragment in groups[h] for h in others), fragment
    # Claims of one status keep the order of the text.
    unverified = groups["Unverified (2)"]
    assert unverified.index("Security Service") < unverified.index("Special Operations")
    # Article metadata and the article note head the article's section.
    head = seed.split("### ", 1)[0]
    assert "- **Date:** 2025-01-13" in head
    assert "**Article note:**" in head and "Compare with the Yonhap version." in head


def list_items(section: str) -> list[str]:
    return list(re.split(r"^- ", section, flags=re.M)[1:])


def test_markdown_marks_orphans_only(library):
    markdown = library.export("markdown")
    items = list_items(article_section(markdown, "Ukrainian President"))
    orphaned = [item for item in items if "text no longer found in the article" in item]
    assert len(orphaned) == 1
    assert "Special Operations Forces" in orphaned[0]
    assert markdown.count(ORPHAN_NOTICE.strip("()")) == 1


def test_markdown_keeps_multi_line_notes_inside_their_claim(library):
    markdown = library.export("markdown")
    (item,) = [i for i in list_items(markdown) if "casualties at 4,000" in i]
    # Continuation lines are indented under the list item.
    assert "\n  Checked against the MoD statement.  \n  No such figure was given.\n\n  See the follow-up piece." in item
    assert "**Tags:** casualties, figures" in item
    html = RENDER.render(markdown)
    (li,) = [li for li in html.split("<li>") if "casualties at 4,000" in li]
    li = li.split("</li>")[0]
    assert "Checked against the MoD statement.<br />\nNo such figure was given." in li
    assert "<p>See the follow-up piece.</p>" in li


def test_markdown_neutralises_hostile_quotes_and_titles(library):
    markdown = library.export("markdown")
    # No line of the report starts the hostile heading, and no live link/HTML/code syntax survives.
    assert not any(line.lstrip("-> ").startswith("# Pwned") for line in markdown.splitlines())
    assert not re.search(r"(?<!\\)\]\(", markdown)
    assert not re.search(r"(?<!\\)<(script|img|b)\b", markdown)
    assert "http://evil" not in markdown  # GFM would auto-link a bare URL
    html = RENDER.render(markdown)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "<code>" not in html
    # The only links are the articles' own addresses.
    assert set(re.findall(r'<a href="([^"]*)"', html)) == {"https://example.com/story?id=1", MISSING_URI}
    assert html.count("<h1>") == 1  # the report's own title
    assert len(re.findall(r"<h2>", html)) == 3
    # What was escaped still reads as the original text.
    assert "# Pwned &lt;script&gt;alert(1)&lt;/script&gt; see [x](http://evil) and `rm -rf` now." in html
    assert "<h2>Evil [link](http://evil.example) &lt;img src=x onerror=alert(1)&gt;</h2>" in html
    assert "Bad &lt;b&gt;Outlet&lt;/b&gt;" in html
    # The article's real URL is the one link in its section.
    assert '<a href="https://example.com/story?id=1">https://example.com/story?id=1</a>' in html
    # The seed's real quote with brackets is escaped, not turned into a link reference.
    assert "[sobre esta afirmación]" in html


def test_markdown_unknown_article_uses_its_uri_as_title(library):
    html = RENDER.render(library.export("markdown"))
    assert f"<h2>{MISSING_URI}</h2>" in html


def test_markdown_with_nothing_to_report():
    markdown = export_claims([], {}, "markdown", now=NOW)
    assert markdown.startswith("# Fact-check report, 2026-03-04\n")
    assert "No claims or notes yet." in markdown


# =========================================================================== JSON


def test_json_round_trips_and_lists_every_claim(library):
    text = library.export("json")
    document = parse_strict(text)
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document
    assert document["exported"] == "2026-03-04T05:06:07Z"
    claims = {c["id"]: c for c in document["claims"]}
    stored_claims = [a for a in library.annotations if a.is_claim]
    assert set(claims) == {a.id for a in stored_claims}
    for annotation in stored_claims:
        claim = claims[annotation.id]
        assert set(claim) == {"id", "uri", "title", "quote", "status", "tags", "note", "anchored",
                              "created", "modified", "selector", "tagged_quote", "changed", "rev",
                              "text_hash"}
        assert claim["quote"] == annotation.selector.exact
        assert Selector.from_dict(claim["selector"]) == annotation.selector
        assert (claim["status"], tuple(claim["tags"]), claim["note"], claim["anchored"]) == (
            annotation.status, annotation.tags, annotation.note, annotation.anchored)
        assert (claim["created"], claim["modified"]) == (annotation.created, annotation.modified)
        assert (claim["tagged_quote"], claim["changed"], claim["rev"], claim["text_hash"]) == (
            annotation.tagged_quote, annotation.changed, annotation.rev, annotation.text_hash)
    assert claims[library.ids["missing"]]["title"] == MISSING_URI
    assert claims[library.ids["false"]]["title"] == library.seed.title
    assert claims[library.ids["orphan"]]["anchored"] is False
    (note,) = document["article_notes"]
    assert set(note) == {"id", "uri", "title", "note", "created", "modified", "text_hash", "rev"}
    assert note["id"] == library.ids["article_note"]
    assert note["note"] == "Machine-translated from Spanish.\nCompare with the Yonhap version."
    stored = library.get("article_note")
    assert (note["text_hash"], note["rev"]) == (stored.text_hash, stored.rev) == ("", 1)


def changed_claim(library) -> Annotation:
    """The "verified" claim after its words were edited: it now sits on other words."""
    claim = library.get("verified")
    text = library.seed.text
    start, end = claim.selector.start, claim.selector.end
    edited = text[:start] + text[start:end].replace("verified", "confirmed") + text[end:]
    moved = make_selector(edited, start, end + len("confirmed") - len("verified"))
    (updated,) = library.store.apply([(claim.id, {"selector": moved})])
    assert updated.changed and updated.tagged_quote == claim.selector.exact
    return updated


def test_json_marks_a_changed_claim_and_keeps_both_quotes(library):
    claim = changed_claim(library)
    (exported,) = parse_strict(export_claims([claim], library.infos, "json"))["claims"]
    assert exported["changed"] is True
    assert exported["quote"] == exported["selector"]["exact"] == claim.selector.exact
    assert exported["tagged_quote"] == library.get("verified").tagged_quote != exported["quote"]


def test_w3c_changed_claim_keeps_its_original_quote_and_no_position(library):
    claim = changed_claim(library)
    doc = parse_strict(export_claims([claim], library.infos, "w3c"))
    assert w3c_violations(doc) == []
    (item,) = doc["first"]["items"]
    # The verdict was given to the original words; the current offsets select other words,
    # so a position selector beside this quote would describe a different segment.
    assert item["target"]["selector"] == [{
        "type": "TextQuoteSelector", "exact": claim.tagged_quote,
        "prefix": claim.selector.prefix, "suffix": claim.selector.suffix}]
    assert claim.tagged_quote != claim.selector.exact


# =========================================================================== errors, helpers, output


@pytest.mark.parametrize("fmt", ["csv", "", "Markdown", "w3c-jsonld"])
def test_unknown_format_is_a_value_error(library, fmt):
    with pytest.raises(ValueError, match="unknown export format"):
        export_claims(library.annotations, library.infos, fmt)


def test_article_info_from_article(library):
    info = ArticleInfo.from_article(library.hostile)
    assert info == ArticleInfo(uri=library.hostile.uri, title=library.hostile.title,
                               source="Bad <b>Outlet</b>", date="2025-01-14",
                               url="https://example.com/story?id=1")


def test_annotation_iri_is_a_urn_uuid_even_for_odd_ids():
    assert annotation_iri("0f8fad5b-d9cb-469f-a165-70867728950e") == "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"
    odd = annotation_iri("not a uuid")
    assert odd.startswith("urn:uuid:") and is_iri(odd) and odd == annotation_iri("not a uuid")


def test_write_export_to_a_file_replaces_it_atomically(tmp_path):
    out = tmp_path / "report.md"
    out.write_text("old\n", encoding="utf-8")
    os.chmod(out, 0o640)
    write_export("new report — ünïcode\n", out)
    assert out.read_text(encoding="utf-8") == "new report — ünïcode\n"
    assert oct(out.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]  # no temp file left


def test_write_export_failure_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text("old\n", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module.os, "replace", fail)
    with pytest.raises(OSError):
        write_export("new\n", out)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_write_export_to_stdout(capsys):
    write_export('{"a": 1}\n', None)
    assert capsys.readouterr().out == '{"a": 1}\n'
