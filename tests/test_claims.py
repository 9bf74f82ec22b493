"""Claims, attribution, modality, citations, groups and origins on real and example text (with the model)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE

from factfile.config import Config
from factfile.pipeline import build
from factfile.stages.claims import modality_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return build(seeds_dir, Config())


@pytest.fixture(scope="module")
def example():
    return build(EXAMPLE, Config())


def claim_with(factbase, words):
    found = [c for c in factbase.claims if words in c.text]
    assert found, words
    return found[0]


def groups_with(factbase, claim):
    return [g for g in factbase.groups if claim.id in g.claims]


def test_the_funding_disagreement_is_contested(seeds):
    spend = claim_with(seeds, "around $8.6 million")
    group = next(g for g in groups_with(seeds, spend) if "amount (usd)" in g.label.lower())
    texts = {c.text for c in seeds.claims if c.id in group.claims}
    assert group.status == "contested"
    assert any("$8.5 million" in t for t in texts) and any("$10 million" in t for t in texts)
    assert group.independent_sources >= 3
    assert "$8.6 million" in group.summary and "$8.5 million" in group.summary


def test_the_older_facility_placed_in_two_towns_is_contested(seeds):
    kulob = claim_with(seeds, "military base in Kulob")
    group = next(g for g in groups_with(seeds, kulob) if g.label.lower().startswith("where"))
    assert group.status == "contested"
    assert any("Murghab" in c.text for c in seeds.claims if c.id in group.claims)


def test_the_official_denial_is_set_against_the_reports(seeds):
    denial = claim_with(seeds, "does not have any military bases")
    assert denial.modality == "denied"
    assert denial.attributed_to == "China's foreign ministry"
    group = next(g for g in groups_with(seeds, denial) if g.status == "contested")
    others = [c for c in seeds.claims if c.id in group.claims and c.modality != "denied"]
    assert any("military base in Kulob" in c.text for c in others)


def test_what_all_sources_agree_on_is_corroborated(seeds):
    border = claim_with(seeds, "1,300-kilometer border")
    group = next(g for g in groups_with(seeds, border) if "measure (km)" in g.label.lower())
    assert group.status == "corroborated" and group.independent_sources >= 3


@pytest.mark.parametrize(
    ("words", "modality", "source"),
    [
        ("no Chinese troops would be deployed", "planned", "report"),  # a negative plan, not a denial
        ("have both denied claims", "denied", "China and Tajikistan"),
        ("China will build a base for police", "planned", "Tajik official"),
        ("the Washington Post claimed", "reported", "Washington Post"),
        ("China was providing $8.5 million", "reported", "spokesman"),  # "He said": the speaker before
        ("may not overtly deploy troops", "hedged", None),
        ("could not independently corroborate", "hedged", "Radio Free Europe report"),
        ("At present, China has already been running", "asserted", None),
    ],
)
def test_modality_and_attribution(seeds, words, modality, source):
    claim = claim_with(seeds, words)
    assert (claim.modality, claim.attributed_to) == (modality, source)


def test_values_quote_their_words_and_claims_quote_the_text(seeds):
    texts = {d.id: d.text for d in seeds.documents}
    for claim in seeds.claims:
        assert texts[claim.doc][claim.start:claim.end] == claim.text
        for value in claim.values:
            assert value.text in claim.text


def test_citations(seeds):
    cites = {d.id[:3]: {(c.name, c.kind) for c in d.cites} for d in seeds.documents}
    assert ("AFP", "agency") in cites["002"]
    assert ("Khaama Press", "outlet") in cites["001"]
    assert ("Washington Post", "outlet") in cites["004"]


def test_example_cost_is_contested_and_copies_count_once(example):
    cost = claim_with(example, "will cost $450 million")
    group = next(g for g in groups_with(example, cost) if "amount (usd)" in g.label.lower())
    assert group.status == "contested"
    origins = dict(group.origins)
    # The Reuters story run by two outlets is one origin; the Observer's figure comes from the Herald.
    assert origins["03_mongolia-business-review"] == origins["04_khuree-times"]
    assert origins["06_ulaanbaatar-observer"] == origins["02_gobi-herald"]
    assert group.independent_sources == 4


def test_example_compatible_counts_are_corroborated(example):
    herders = claim_with(example, "about 300 herders")
    group = next(g for g in groups_with(example, herders) if "number of herder" in g.label.lower())
    assert group.status == "corroborated"


def test_a_negative_statement_is_not_a_denial_unless_it_answers_a_report():
    assert modality_of("No passenger service will run on the spur.", None) == "planned"
    assert modality_of("The line will carry freight only; no passenger service will run.", "the authority") == "planned"
    assert modality_of("Asked about reports of the base, the ministry said it has no base there.", "ministry") == "denied"
    assert modality_of("The ministry denied that guards will be hired.", "ministry") == "denied"


def test_example_claims_and_groups_do_not_fall_below_the_baseline(example):
    import json

    from conftest import REPO

    from factfile.evaluate import claim_scores, group_scores
    from factfile.outputs.factfile_json import to_dict

    gold = json.loads((REPO / "examples" / "gobi-rail.gold.json").read_text())
    data = to_dict(example)
    scores = {**claim_scores(data, gold), **group_scores(data, gold)}
    baseline = json.loads((REPO / "tests" / "quality_baseline.json").read_text())["gobi-rail-claims"]
    figures = {key: round(scores[key], 3) for key in baseline}
    print("example claims and groups:", figures)
    for key, floor in baseline.items():
        assert figures[key] >= floor - 1e-9, (key, figures[key], floor)


def test_eval_command_prints_the_scores(tmp_path, capsys):
    from conftest import REPO

    from factfile.cli import main

    assert main(["build", str(EXAMPLE), "-o", str(tmp_path), "-q"]) == 0
    assert main(["eval", str(tmp_path / "factfile.json"), str(REPO / "examples" / "gobi-rail.gold.json")]) == 0
    out = capsys.readouterr().out
    for key in ("merge_precision", "geo_recall", "value_precision", "status_accuracy", "origin_recall"):
        assert key in out


FRAGMENTS = ["China", " said", " denied", " $8.5 million", " about 1,300 km", " 5,000 troops", " in Kulob", ".", ",",
             " according to AFP", " (ETIM)", " will build a base", " not", " reportedly", "\n\n", " Mr Smith",
             " the Herald", "“", "”", " 8,000 to 10,000", " on Thursday", " Reuters", "-", " He", " told", "  "]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=30).map("".join), min_size=1, max_size=3))
def test_no_text_crashes_names_claims_or_groups(texts):
    from factfile.model import Document
    from factfile.stages.annotate import annotate
    from factfile.stages.geocode import geocode
    from factfile.stages.group import group_claims, link_claims
    from factfile.stages.resolve import resolve

    cfg = Config()
    documents = [Document(f"d{i}", f"d{i}.txt", None, text.strip() or "x") for i, text in enumerate(texts)]
    documents = list(annotate(documents, cfg))
    entities = geocode(resolve(documents, cfg), cfg)
    claims, groups = group_claims(link_claims(documents, entities), documents, entities, cfg)
    by_doc = {d.id: d.text for d in documents}
    for claim in claims:
        assert by_doc[claim.doc][claim.start:claim.end] == claim.text
        assert all(v.text in claim.text for v in claim.values)
    for group in groups:
        assert set(group.claims) <= {c.id for c in claims}


def cites_of(text: str, publisher: str | None = None) -> set[str]:
    from factfile.model import Document
    from factfile.stages.annotate import annotate

    document = Document("d", "d.txt", "Water works", text, publisher=publisher)
    return {c.name for c in next(iter(annotate([document], Config()))).cites}


@pytest.mark.parametrize(
    ("sentence", "cited"),
    [
        ("The council met on Monday, the Riverton Gazette reported.", "Riverton Gazette"),
        ("WaterWatch rated the mayor's claim false on Tuesday.", "WaterWatch"),
        ("Here is the audio via Open Records Project: the mayor speaks first.", "Open Records Project"),
        ("The mayor resigned on Friday. Via: Riverton Gazette", "Riverton Gazette"),
        ("The plant was late, according to the regional news site Rivpost.", "Rivpost"),
        ("The plant is late, Mara Quint, the head of the Water Users League, said in a statement.", "Mara Quint"),
        ("The plant is late, the mayor told the AP on Monday.", "AP"),
        ("The plant is late, according to the Riverton County Water Board's Office.", "Riverton County Water Board's Office"),
    ],
)
def test_sources_a_reader_would_look_up_are_cited(sentence, cited):
    assert cited in cites_of("The council approved the new water plant after a long debate. " + sentence)


def test_a_sentence_end_never_joins_a_cited_name_to_the_next_word():
    cites = cites_of("The plant is late, the mayor told Riverton Gazette. He said costs had doubled.")
    assert "Riverton Gazette" in cites and not any("He" in name.split() for name in cites)


def test_places_and_the_outlet_itself_are_not_cited():
    cites = cites_of("The plant is late, officials in Riverton said. The mayor told Riverton Gazette that costs rose.",
                     publisher="Riverton Gazette")
    assert "Riverton" not in cites and "Riverton Gazette" not in cites


def test_a_short_form_of_an_outlet_named_in_full_is_cited_under_the_full_name():
    from factfile.model import Document
    from factfile.stages.annotate import annotate

    text = ("The Riverton Post reported on Monday that the water plant would cost $40 million. "
            "The plant is two years late, according to the Post.")
    cites = next(iter(annotate([Document("d", "d.txt", "Water works", text)], Config()))).cites
    post = [c for c in cites if c.name.endswith("Post")]
    assert [c.name for c in post] == ["Riverton Post"]
    assert {text[s:e] for s, e in post[0].spans} == {"Riverton Post", "Post"}
