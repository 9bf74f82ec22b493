"""brief.md and csv/: complete, faithful to factfile.json, and safe with hostile article text."""

import csv
import json
import re

import pytest
from conftest import EXAMPLE, REPO

from factfile.cli import main
from factfile.outputs.brief_md import escape
from factfile.outputs.csv import _cell


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("views")
    assert main(["build", str(EXAMPLE), "-o", str(out), "-q"]) == 0
    return out, json.loads((out / "factfile.json").read_text(encoding="utf-8"))


def rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("table", "section"), [("documents", "documents"), ("entities", "entities"),
                                                ("claims", "claims"), ("groups", "groups"),
                                                ("timeline", "timeline"), ("warnings", "warnings")])
def test_every_item_is_one_row(built, table, section):
    out, data = built
    assert len(rows(out / "csv" / f"{table}.csv")) == len(data[section])


def test_claim_rows_carry_the_exact_words_and_statuses(built):
    out, data = built
    by_id = {row["id"]: row for row in rows(out / "csv" / "claims.csv")}
    for claim in data["claims"]:
        assert by_id[claim["id"]]["text"] == claim["text"]
    contested = next(g for g in data["groups"] if g["status"] == "contested")
    assert "contested" in by_id[contested["claims"][0]]["statuses"]


def test_the_brief_leads_with_the_disagreements_and_names_sources(built):
    out, data = built
    brief = (out / "brief.md").read_text(encoding="utf-8")
    assert brief.index("## Contested") < brief.index("## Corroborated") < brief.index("## Single source")
    contested = next(g for g in data["groups"] if g["status"] == "contested")
    section = brief[brief.index("## Contested"):brief.index("## Corroborated")]
    for claim_id in contested["claims"]:
        assert f"[claim `{claim_id}`]" in section
    for warning in data["warnings"]:
        assert warning["kind"] in brief[brief.index("## Open questions"):]


def test_report_rewrites_the_same_views_from_the_json(built, tmp_path):
    out, _ = built
    assert main(["report", str(out / "factfile.json"), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "brief.md").read_bytes() == (out / "brief.md").read_bytes()
    for table in (out / "csv").iterdir():
        assert (tmp_path / "csv" / table.name).read_bytes() == table.read_bytes()


def test_report_refuses_a_file_that_is_not_a_factfile(tmp_path, capsys):
    bad = tmp_path / "factfile.json"
    bad.write_text('{"schema": "something else"}', encoding="utf-8")
    assert main(["report", str(bad)]) == 2
    assert "factfile validate" in capsys.readouterr().err


@pytest.mark.parametrize("text", ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1"])
def test_a_cell_that_looks_like_a_formula_is_made_text(text):
    assert _cell(text) == "'" + text


def test_plain_cells_are_left_alone():
    assert (_cell("Khanbogd"), _cell(420000000.0), _cell(8.5), _cell(None)) == ("Khanbogd", "420000000", "8.5", "")


HOSTILE = "<script>alert(1)</script> [click](javascript:alert(1)) **new** | <img src=x onerror=alert(2)>"


def test_article_markup_cannot_act_in_the_brief(built):
    from factfile.outputs.brief_md import render

    _, data = built
    data = json.loads(json.dumps(data))  # a copy to poison
    contested = next(g for g in data["groups"] if g["status"] == "contested")
    claim = next(c for c in data["claims"] if c["id"] == contested["claims"][0])
    claim["text"] = HOSTILE
    contested["label"] = HOSTILE
    data["documents"][0]["title"] = HOSTILE
    data["warnings"][0]["message"] = HOSTILE
    brief = render(data)
    assert "<script>" not in brief and "<img" not in brief
    assert brief.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4
    assert not re.search(r"(?<!\\)\]\(javascript:", brief)  # the bracket is escaped: no link
    assert "**new**" not in brief and "\\*\\*new\\*\\*" in brief


def test_a_hostile_report_builds_into_safe_views(tmp_path):
    hostile = f"Pier at Harbour Point\n\nThe pier will cost $40 million. {HOSTILE}\n\n=1+2 The breakwater will cost $9 million.\n"
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "hostile.txt").write_text(hostile, encoding="utf-8")
    assert main(["build", str(tmp_path / "corpus"), "-o", str(tmp_path / "out"), "-q"]) == 0
    brief = (tmp_path / "out" / "brief.md").read_text(encoding="utf-8")
    assert "<script>" not in brief and "<img" not in brief
    for table in (tmp_path / "out" / "csv").iterdir():
        for row in rows(table):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values() if cell), (table, row)


def test_escape_keeps_the_words():
    assert escape("a_b *c* [d] <e> & f") == "a\\_b \\*c\\* \\[d\\] &lt;e&gt; &amp; f"


# --- report.html ----------------------------------------------------------------------

def test_the_report_forbids_every_request_and_runs_no_script(built):
    out, _ = built
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing fetched from anywhere


def test_every_statement_links_to_its_words_and_back(built):
    out, data = built
    page = (out / "report.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="([^"]+)"', page))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets <= anchors, targets - anchors
    for claim in data["claims"]:
        assert f"claim-{claim['id']}" in anchors
    contested = next(g for g in data["groups"] if g["status"] == "contested")
    assert f"group-{contested['id']}" in targets  # a highlighted claim leads back to its group
    assert page.index('id="facts"') < page.index('id="timeline"') < page.index('id="documents"')


def test_article_markup_cannot_act_in_the_report(built):
    from factfile.outputs.report_html import render

    _, data = built
    data = json.loads(json.dumps(data))
    hostile = HOSTILE + ' <a href="javascript:alert(3)" style="position:fixed">x</a> <style>body{display:none}</style>'
    document = data["documents"][0]
    claim = next(c for c in data["claims"] if c["doc"] == document["id"])
    document["text"] = document["text"][:claim["start"]] + hostile + document["text"][claim["end"]:]
    claim["text"], claim["end"] = hostile, claim["start"] + len(hostile)
    document["title"] = hostile
    data["groups"][0]["label"] = hostile
    data["entities"][0]["name"] = hostile
    data["warnings"][0]["message"] = hostile
    page = render(data)
    for raw in ("<script>", "<img", "<a href=\"javascript:", "<style>body"):  # as text they are harmless
        assert raw not in page, raw
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5


def test_overlapping_spans_are_all_highlighted():
    from factfile.outputs.report_html import _segments

    pieces = _segments("abcdefgh", [(1, 5, "claim", "claim-x"), (3, 7, "warning", "warning-0")])
    assert [(p["text"], p["kinds"]) for p in pieces] == [
        ("a", []), ("bc", ["claim"]), ("de", ["claim", "warning"]), ("fg", ["warning"]), ("h", [])]
    assert "".join(p["text"] for p in pieces) == "abcdefgh"
    # a claim's way back to its group goes where its words end
    assert [p["ends"] for p in pieces] == [[], [], ["claim-x"], ["warning-0"], []]


def test_the_report_links_to_the_method_written_beside_it(built):
    out, _ = built
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'href="method.md"' in page
    method = (out / "method.md").read_text(encoding="utf-8")
    assert method == (REPO / "docs" / "method.md").read_text(encoding="utf-8")  # the one in docs/, shipped
    assert "## Statuses" in method and "What it cannot detect" in method


def _place(name: str, lat: float, lon: float, mentions: int) -> dict:
    return {"id": name.lower(), "name": name, "geo": {"lat": lat, "lon": lon}, "mentions": [{}] * mentions}


def test_the_map_frames_the_province_the_story_happens_in_and_locates_a_far_city_on_the_world_map():
    from factfile.outputs.report_html import _map

    # Invented: four towns of one province, much mentioned, and a capital abroad named once.
    province = [_place("Riverton", 46.1, 7.2, 9), _place("Penwick", 46.4, 7.9, 6), _place("Millbrook", 45.8, 7.5, 4),
                _place("Ashford", 46.0, 8.3, 3)]
    far = _place("Farport", -33.9, 151.2, 1)
    drawn = _map(province + [far])
    assert {m["id"] for m in drawn["markers"]} == {p["id"] for p in province}
    assert [d["id"] for d in drawn["locator"]["dots"]] == ["farport"]
    # The frame is the province's region, not half the world: a few degrees across.
    frame = drawn["locator"]["frame"]
    assert frame["width"] < drawn["locator"]["width"] / 20
    for marker in drawn["markers"]:
        assert 0 <= float(marker["x"]) <= drawn["width"] and 0 <= float(marker["y"]) <= drawn["height"]


def test_a_story_told_across_the_world_keeps_every_place_on_the_map():
    from factfile.outputs.report_html import _map

    places = [_place("Riverton", 40.7, -74.0, 5), _place("Penwick", 51.5, -0.1, 5), _place("Millbrook", 35.7, 139.7, 5)]
    drawn = _map(places)
    assert len(drawn["markers"]) == 3 and (drawn["locator"] is None or drawn["locator"]["dots"] == [])
