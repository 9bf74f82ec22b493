"""Exports other tools read: places.geojson for GIS tools."""

import json

import pytest

from conftest import EXAMPLE

from factfile.config import Config
from factfile.outputs import VIEW_FILES, factfile_json, view_files
from factfile.outputs import geojson
from factfile.pipeline import build


@pytest.fixture(scope="module")
def example():
    return factfile_json.to_dict(build(EXAMPLE, Config()))


def test_every_placed_entity_is_a_point_at_longitude_then_latitude(example):
    collection = json.loads(geojson.render(example))
    assert collection["type"] == "FeatureCollection"
    placed = {e["id"]: e for e in example["entities"] if e["geo"]}
    assert {f["id"] for f in collection["features"]} == set(placed)
    for feature in collection["features"]:
        geo = placed[feature["id"]]["geo"]
        assert feature["geometry"] == {"type": "Point", "coordinates": [geo["lon"], geo["lat"]]}
        assert -180 <= geo["lon"] <= 180 and -90 <= geo["lat"] <= 90
        assert feature["properties"]["name"] == placed[feature["id"]]["name"]


def test_a_place_carries_what_each_report_says_there_with_its_status(example):
    features = {f["properties"]["name"]: f for f in json.loads(geojson.render(example))["features"]}
    khanbogd = features["Khanbogd"]["properties"]
    # The example's herders gathered at Khanbogd: the claim naming it, quoted from its report.
    said = [c for c in khanbogd["claims"] if "herders" in c["text"]]
    assert said, khanbogd["claims"]
    claims = {c["id"]: c for c in example["claims"]}
    for claim in said:
        assert claims[claim["claim"]]["text"] == claim["text"] and claim["doc"] == claims[claim["claim"]]["doc"]
        assert claim["status"] in ("corroborated", "contested", "denied", "single_source", None)


def test_the_geojson_is_among_the_views_a_build_writes(example):
    files = view_files(example)
    assert set(files) == set(VIEW_FILES)
    assert json.loads(files["places.geojson"]) == json.loads(geojson.render(example))
