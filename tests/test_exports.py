"""Exports other tools read: places.geojson for GIS tools, entities.ftm.jsonl for Aleph."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE

from factfile.config import Config
from factfile.outputs import VIEW_FILES, factfile_json, view_files
from factfile.outputs import ftm, geojson
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


def _followthemoney():
    try:
        import followthemoney  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must have followthemoney (scripts/ftm.sh installs it from requirements-ftm.lock)")
        pytest.skip("followthemoney is not installed (scripts/test.sh installs it)")
    from followthemoney import model
    return model


def test_the_followthemoney_export_validates_with_the_packages_own_model(example):
    model = _followthemoney()
    lines = ftm.render(example).splitlines()
    exported = [json.loads(line) for line in lines]
    ids = {e["id"] for e in exported}
    assert len(ids) == len(exported), "ids are unique"
    schema_of = {e["id"]: model.get(e["schema"]) for e in exported}
    for entity in exported:
        schema = schema_of[entity["id"]]
        assert schema is not None and not schema.abstract, entity["schema"]
        schema.validate(entity)  # raises InvalidData naming the property
        assert set(schema.required) <= set(entity["properties"]), (entity["schema"], schema.required)
        proxy = model.get_proxy(entity, cleaned=False)
        for name, values in entity["properties"].items():
            prop = schema.get(name)
            assert prop is not None, f"{entity['schema']} has no property {name!r}"
            # Every value is already in the form the model keeps: nothing would be changed or dropped on import.
            assert [prop.type.clean(v, proxy=proxy) for v in values] == values, (entity["schema"], name)
            if prop.range is not None:  # a reference: to an entity in the file, of a schema the property takes
                for target in values:
                    assert target in ids and schema_of[target].is_a(prop.range), (entity["schema"], name, target)


def test_the_followthemoney_export_carries_the_story(example):
    exported = [json.loads(line) for line in ftm.render(example).splitlines()]
    by_schema: dict[str, list[dict]] = {}
    for entity in exported:
        by_schema.setdefault(entity["schema"], []).append(entity)
    assert len(by_schema["Article"]) == len(example["documents"])
    # Every report's text, whole, so Aleph indexes what factfile read.
    assert sorted(a["properties"]["bodyText"][0] for a in by_schema["Article"]) == sorted(
        d["text"] for d in example["documents"])
    # A person or organisation keeps every spelling, and each spelling in a report is a mention of it.
    mra = next(e for e in example["entities"] if e["type"] == "ORG" and "MRA" in e["aliases"])
    node = next(o for o in by_schema["Organization"] if o["properties"]["name"] == [mra["name"]])
    assert "MRA" in node["properties"]["alias"]
    spellings = {m["properties"]["name"][0] for m in by_schema["Mention"] if m["properties"]["resolved"] == [node["id"]]}
    assert spellings == {m["text"] for m in mra["mentions"]}
    # A placed town has the gazetteer's coordinates.
    khanbogd = next(e for e in example["entities"] if e["name"] == "Khanbogd")
    address = next(a for a in by_schema["Address"] if a["properties"]["name"] == ["Khanbogd"])
    assert float(address["properties"]["latitude"][0]) == pytest.approx(khanbogd["geo"]["lat"])
    assert float(address["properties"]["longitude"][0]) == pytest.approx(khanbogd["geo"]["lon"])
    # Ids do not change from one build to the next.
    assert ftm.render(example) == ftm.render(json.loads(json.dumps(example)))


def test_the_ftm_cli_reads_the_export_back_unchanged(example, tmp_path):
    _followthemoney()
    exported = tmp_path / "entities.ftm.jsonl"
    exported.write_text(ftm.render(example), encoding="utf-8")
    checked = tmp_path / "checked.jsonl"
    ftm_cli = Path(sys.executable).parent / "ftm"
    subprocess.run([str(ftm_cli), "validate", "-i", str(exported), "-o", str(checked)], check=True)
    def entities(path):
        return {e["id"]: (e["schema"], {k: sorted(v) for k, v in e["properties"].items()})
                for e in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    assert entities(checked) == entities(exported)
