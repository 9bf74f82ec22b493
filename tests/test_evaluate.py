"""The entity and geo scorer (factfile.evaluate) and the example's gold file."""

import json

import pytest

from conftest import EXAMPLE, REPO

from factfile.config import Config
from factfile.evaluate import entity_scores, geo_scores, haversine_km

GOLD_PATH = REPO / "examples" / "gobi-rail.gold.json"

KHANBOGD = {"lat": 43.20, "lon": 107.20, "feature": "city", "gazetteer_id": "x:1", "country": "MN"}

GOLD = {
    "entities": [
        {"key": "P-min", "name": "Tumurbaatar Khishig", "type": "PERSON",
         "mentions": [["d1", "Tumurbaatar Khishig"], ["d2", "Khishig"], ["d3", "Tumurbatar Hishig"]]},
        {"key": "P-herder", "name": "Oyunaa Khishig", "type": "PERSON",
         "mentions": [["d1", "Oyunaa Khishig"], ["d3", "Oyuna Khishig"]]},
        {"key": "L-khanbogd", "name": "Khanbogd", "type": "GPE",
         "mentions": [["d1", "Khanbogd"], ["d3", "Hanbogd"]]},
    ],
    "keep_apart": [["P-min", "P-herder"]],
    "places": [{"key": "L-khanbogd", "lat": 43.20, "lon": 107.20, "tolerance_km": 30}],
}


def mention(doc, text):
    return {"doc": doc, "start": 0, "end": len(text), "text": text}


def entity(eid, name, mentions, geo=None, type_="PERSON"):
    return {"id": eid, "name": name, "type": type_, "aliases": [],
            "mentions": [mention(d, t) for d, t in mentions], "geo": geo}


def factfile(*entities):
    return {"schema": "factfile/1", "documents": [], "entities": list(entities)}


def perfect(geo=KHANBOGD):
    return factfile(
        entity("e1", "Tumurbaatar Khishig", [("d1", "Tumurbaatar Khishig"), ("d2", "Khishig"), ("d3", "Tumurbatar Hishig")]),
        entity("e2", "Oyunaa Khishig", [("d1", "Oyunaa Khishig"), ("d3", "Oyuna Khishig")]),
        entity("e3", "Khanbogd", [("d1", "Khanbogd"), ("d3", "Hanbogd")], geo=geo, type_="GPE"),
    )


def test_haversine():
    assert haversine_km(10, 20, 10, 20) == 0
    # one degree of latitude is about 111.2 km
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.19, abs=0.05)
    # Ulaanbaatar to Beijing, about 1,160 km
    assert haversine_km(47.91, 106.88, 39.91, 116.40) == pytest.approx(1160, abs=20)


def test_perfect_prediction_scores_one():
    ents = entity_scores(perfect(), GOLD)
    assert ents["merge_precision"] == ents["merge_recall"] == ents["merge_f1"] == 1.0
    assert ents["pairs_gold"] == ents["pairs_predicted"] == 3 + 1 + 1
    assert ents["keep_apart_violations"] == [] and ents["unmatched_gold_mentions"] == []
    geo = geo_scores(perfect(), GOLD)
    assert geo["geo_precision"] == geo["geo_recall"] == 1.0
    assert (geo["geo_correct"], geo["geo_predicted"], geo["geo_gold"]) == (1, 1, 1)
    assert geo["errors"] == [] and geo["spurious_geo"] == []


def test_over_merge_lowers_precision_and_violates_keep_apart():
    merged = factfile(
        entity("k", "Khishig", [("d1", "Tumurbaatar Khishig"), ("d2", "Khishig"), ("d3", "Tumurbatar Hishig"),
                                ("d1", "Oyunaa Khishig"), ("d3", "Oyuna Khishig")]),
        entity("e3", "Khanbogd", [("d1", "Khanbogd"), ("d3", "Hanbogd")], geo=KHANBOGD, type_="GPE"),
    )
    scores = entity_scores(merged, GOLD)
    assert scores["merge_recall"] == 1.0
    # 10 predicted pairs among the five Khishig mentions + 1 for Khanbogd; 4 + 1 are right
    assert scores["pairs_predicted"] == 11
    assert scores["merge_precision"] == pytest.approx(5 / 11)
    assert scores["keep_apart_violations"] == [("P-min", "P-herder", "k")]


def test_split_lowers_recall():
    split = factfile(
        entity("e1", "Tumurbaatar Khishig", [("d1", "Tumurbaatar Khishig"), ("d2", "Khishig")]),
        entity("e1b", "Tumurbatar Hishig", [("d3", "Tumurbatar Hishig")]),
        entity("e2", "Oyunaa Khishig", [("d1", "Oyunaa Khishig"), ("d3", "Oyuna Khishig")]),
        entity("e3", "Khanbogd", [("d1", "Khanbogd"), ("d3", "Hanbogd")], geo=KHANBOGD, type_="GPE"),
    )
    scores = entity_scores(split, GOLD)
    assert scores["merge_precision"] == 1.0
    assert scores["merge_recall"] == pytest.approx(3 / 5)
    assert scores["keep_apart_violations"] == []


def test_missing_mention_counts_against_recall():
    missing = perfect()
    missing["entities"][0]["mentions"] = [mention("d1", "Tumurbaatar Khishig"), mention("d2", "Khishig")]
    scores = entity_scores(missing, GOLD)
    assert scores["unmatched_gold_mentions"] == [("P-min", "d3", "Tumurbatar Hishig")]
    assert scores["merge_precision"] == 1.0
    assert scores["merge_recall"] == pytest.approx(3 / 5)
    assert scores["mention_recall"] == pytest.approx(6 / 7)


def test_a_mention_in_another_document_or_with_other_text_does_not_match():
    wrong = perfect()
    wrong["entities"][0]["mentions"][1] = mention("d1", "Khishig")      # right text, wrong doc
    wrong["entities"][0]["mentions"][2] = mention("d3", "Minister Tumurbatar Hishig")  # title kept
    scores = entity_scores(wrong, GOLD)
    assert sorted(scores["unmatched_gold_mentions"]) == [("P-min", "d2", "Khishig"),
                                                        ("P-min", "d3", "Tumurbatar Hishig")]


def test_the_most_common_entity_wins_for_a_repeated_surface():
    pred = perfect()
    pred["entities"][0]["mentions"] += [mention("d2", "Khishig"), mention("d2", "Khishig")]
    pred["entities"][1]["mentions"].append(mention("d2", "Khishig"))
    scores = entity_scores(pred, GOLD)
    assert scores["merge_precision"] == scores["merge_recall"] == 1.0
    assert scores["keep_apart_violations"] == []


def test_empty_prediction():
    scores = entity_scores(factfile(), GOLD)
    assert scores["pairs_predicted"] == 0 and scores["merge_precision"] == 1.0
    assert scores["merge_recall"] == 0.0 and scores["merge_f1"] == 0.0
    assert len(scores["unmatched_gold_mentions"]) == 7
    geo = geo_scores(factfile(), GOLD)
    assert geo["geo_recall"] == 0.0 and geo["geo_precision"] == 1.0
    assert geo["errors"] == [("L-khanbogd", None, "no geo")]


def test_geo_within_tolerance_is_correct():
    near = dict(KHANBOGD, lat=43.35, lon=107.05)  # about 20 km away
    geo = geo_scores(perfect(geo=near), GOLD)
    assert geo["geo_correct"] == 1 and geo["geo_precision"] == geo["geo_recall"] == 1.0


def test_geo_outside_tolerance_is_an_error():
    far = dict(KHANBOGD, lat=47.91, lon=106.88)  # Ulaanbaatar, about 525 km north
    geo = geo_scores(perfect(geo=far), GOLD)
    assert (geo["geo_correct"], geo["geo_predicted"], geo["geo_gold"]) == (0, 1, 1)
    assert geo["geo_precision"] == geo["geo_recall"] == 0.0
    [(key, name, dist)] = geo["errors"]
    assert (key, name) == ("L-khanbogd", "Khanbogd") and 500 < dist < 550


def test_geo_missing_counts_against_recall_only():
    geo = geo_scores(perfect(geo=None), GOLD)
    assert geo["geo_predicted"] == 0 and geo["geo_precision"] == 1.0 and geo["geo_recall"] == 0.0
    assert geo["errors"] == [("L-khanbogd", "Khanbogd", "no geo")]


def test_geo_on_a_non_place_is_reported_as_spurious():
    pred = perfect()
    pred["entities"][0]["geo"] = KHANBOGD
    geo = geo_scores(pred, GOLD)
    assert geo["spurious_geo"] == [("P-min", "Tumurbaatar Khishig")]
    assert geo["geo_precision"] == 1.0


# -- the example's gold file ------------------------------------------------


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def texts():
    from factfile.pipeline import build  # imported here so the scorer's own tests do not need the pipeline

    return {doc.id: doc.text for doc in build(EXAMPLE, Config()).documents}


def test_gold_keys_are_unique_and_referenced_keys_exist(gold):
    keys = [e["key"] for e in gold["entities"]]
    assert len(keys) == len(set(keys))
    for pair in gold["keep_apart"]:
        assert len(pair) == 2 and pair[0] != pair[1] and set(pair) <= set(keys), pair
    place_keys = [p["key"] for p in gold["places"]]
    assert len(place_keys) == len(set(place_keys)) and set(place_keys) <= set(keys)
    for p in gold["places"]:
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 and p["tolerance_km"] > 0


def test_gold_mentions_occur_in_the_cleaned_texts(gold, texts):
    pairs = [(doc, s) for e in gold["entities"] for doc, s in e["mentions"]]
    assert len(pairs) == len(set(pairs)), "a (doc, surface) pair is listed twice"
    missing = [(doc, s) for doc, s in pairs if doc not in texts or s not in texts[doc]]
    assert not missing


def test_gold_scores_itself_perfectly(gold):
    """A factfile whose entities are exactly the gold entities scores 1.0 everywhere."""
    places = {p["key"]: p for p in gold["places"]}
    ents = [entity(e["key"], e["name"], e["mentions"], type_=e["type"],
                   geo={"lat": places[e["key"]]["lat"], "lon": places[e["key"]]["lon"], "feature": "x",
                        "gazetteer_id": "x", "country": None} if e["key"] in places else None)
            for e in gold["entities"]]
    scores = entity_scores(factfile(*ents), gold)
    assert scores["merge_precision"] == scores["merge_recall"] == 1.0
    geo = geo_scores(factfile(*ents), gold)
    assert geo["geo_precision"] == geo["geo_recall"] == 1.0 and not geo["spurious_geo"]
