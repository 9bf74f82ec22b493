"""Views of a `FactBase`: factfile/1 JSON first; everything else is derived from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def one_line(text: str | None) -> str:
    """`text` on one line, as a reader can tell it apart: line breaks and other control
    characters written as escapes (a newline as \\n). For ids and names in tables."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text or "")


def outlet_names(data: dict[str, Any]) -> dict[str, str]:
    """Each document's outlet as a reader names it: the publisher, else the document id."""
    return {d["id"]: d["publisher"] or d["id"] for d in data["documents"]}


def claims_naming(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each entity id with the claims that name it, in the factfile's order: what the reports say
    happened at a place, or of a person."""
    named: dict[str, list[dict[str, Any]]] = {}
    for claim in data["claims"]:
        for entity_id in dict.fromkeys(claim["entities"]):
            named.setdefault(entity_id, []).append(claim)
    return named


_HEADLINE_FACTS = 3
_STATUS_RANK = {"contested": 0, "corroborated": 1, "denied": 2, "single_source": 3}


def stories(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The stories of a factfile/1 object (none for a corpus of one story), largest first, each with
    its groups, counts of them by status, and its headline facts: the groups most worth a reader's
    time (contested, then corroborated, by independent origins)."""
    story_of = {doc_id: story["id"] for story in data.get("stories", []) for doc_id in story["docs"]}
    groups: dict[str, list[dict[str, Any]]] = {}
    for group in data["groups"]:
        if group["docs"] and group["docs"][0] in story_of:
            groups.setdefault(story_of[group["docs"][0]], []).append(group)
    told = []
    for story in data.get("stories", []):
        held = groups.get(story["id"], [])
        ranked = sorted(held, key=lambda g: (_STATUS_RANK[g["status"]], -g["independent_sources"]))
        told.append({**story, "groups": [g["id"] for g in held],
                     "counts": {s: sum(g["status"] == s for g in held) for s in _STATUS_RANK},
                     "headline": [g for g in ranked if g["status"] != "single_source"][:_HEADLINE_FACTS]})
    return told


def story_slices(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each story's part of a factfile/1 object, itself a factfile/1 object (without `stories`): its
    reports and what was found in them, the verdicts on its groups and the moves of its claims."""
    story_of = {doc_id: story["id"] for story in data.get("stories", []) for doc_id in story["docs"]}
    slices: dict[str, dict[str, Any]] = {}
    for story in data.get("stories", []):
        slices[story["id"]] = {key: value for key, value in data.items()
                               if key not in ("stories", "judgements", "documents", "entities", "claims", "groups",
                                              "timeline", "warnings")}
        slices[story["id"]].update(corpus={**data["corpus"], "documents": len(story["docs"])}, documents=[],
                                   entities=[], claims=[], groups=[], timeline=[], warnings=[])
    for key, doc_of in (("documents", lambda d: d["id"]), ("entities", lambda e: e["mentions"][0]["doc"]),
                        ("claims", lambda c: c["doc"]), ("groups", lambda g: g["docs"][0]),
                        ("timeline", lambda t: t["doc"]), ("warnings", lambda w: w["doc"])):
        for item in data[key]:
            slices[story_of[doc_of(item)]][key].append(item)
    claim_story = {c["id"]: story_of[c["doc"]] for c in data["claims"]}
    group_story = {g["id"]: story_of[g["docs"][0]] for g in data["groups"]}
    for judgement in data.get("judgements", []):
        story = group_story.get(judgement["group"]) if judgement["verdict"] in ("right", "wrong", "note") \
            else claim_story.get(judgement["claim"])
        if story is not None:
            slices[story].setdefault("judgements", []).append(judgement)
    return slices


def group_judgements(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each group id with the reviewers' verdicts on it (right, wrong, note), oldest first."""
    judged: dict[str, list[dict[str, Any]]] = {}
    for judgement in data.get("judgements", []):
        if judgement["verdict"] in ("right", "wrong", "note"):
            judged.setdefault(judgement["group"], []).append(judgement)
    return judged


def corrections(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The reviewers' corrections (claims moved, entities merged or split), oldest first, each with
    what it did in words (`what`, plain text) and where its result is now: the groups holding a
    moved claim (`groups`), the entity holding a merged or split spelling (`entity`)."""
    claims = {c["id"]: c for c in data["claims"]}
    outlets = outlet_names(data)
    result = []
    for judgement in data.get("judgements", []):
        verdict = judgement["verdict"]
        if verdict not in ("move", "merge", "split"):
            continue
        entity = groups = None
        if verdict == "move":
            claim = claims.get(judgement["claim"])
            said = f"“{claim['text']}” ({outlets.get(claim['doc'], claim['doc'])})" if claim else judgement["claim"]
            where = (f" out of group {judgement['group']}" if judgement["group"] else "") + (
                f" into group {judgement['into']}" if judgement["into"] else " to stand alone")
            what = f"Moved {said}{where}"
            groups = [g for g in data["groups"] if judgement["claim"] in g["claims"]]
        else:
            entity = next((e for e in data["entities"]
                           if judgement["words"] and judgement["words"] in (e["name"], *e["aliases"])), None)
            if verdict == "merge":
                what = f"Merged “{judgement['words'] or judgement['entity']}” with entity {judgement['into']}"
                if entity and judgement["applied"]:
                    what += f": now one entity, “{entity['name']}”"
            else:
                what = f"Split the spelling “{judgement['words']}” off entity {judgement['entity']}"
                if entity and judgement["applied"]:
                    what += ": now an entity of its own"
        result.append({**judgement, "what": what, "groups": groups or [], "now": entity})
    return result


# Every file a build writes besides factfile.json (`view_files` makes them).
VIEW_FILES = ("report.html", "method.md", "brief.md", "places.geojson", "entities.ftm.jsonl",
              *(f"csv/{table}.csv" for table in ("documents", "entities", "claims", "groups", "timeline", "warnings",
                                                 "judgements")))


def view_files(data: dict[str, Any], previous: Path | None = None, runner: Any = None) -> dict[str, bytes]:
    """Everything derived from a factfile/1 object, as files (relative path -> bytes): report.html
    (and for several stories a page for each under stories/, those unchanged since the views in
    `previous` were written taken from there, the others rendered by `runner`, a `parallel.Runner`)
    with the method.md it links to, brief.md, places.geojson, entities.ftm.jsonl and csv/."""
    from importlib.resources import files

    from factfile.outputs import brief_md, csv, ftm, geojson, report_html

    views = {name: page if isinstance(page, bytes) else page.encode("utf-8")
             for name, page in report_html.pages(data, previous, runner).items()}
    views.update({
        "method.md": files("factfile").joinpath("method.md").read_bytes(),
        "brief.md": brief_md.render(data).encode("utf-8"),
        "places.geojson": geojson.render(data).encode("utf-8"),
        "entities.ftm.jsonl": ftm.render(data).encode("utf-8"),
    })
    # With a byte-order mark, so that spreadsheets open the tables as UTF-8.
    views.update((f"csv/{name}", text.encode("utf-8-sig")) for name, text in csv.tables(data).items())
    return views


def write_all(data: dict[str, Any], out_dir: Path, runner: Any = None) -> Path:
    """Write factfile.json and every view into `out_dir` as one set (`files.publish`); return the
    JSON's path."""
    from factfile.outputs import factfile_json
    from factfile.outputs.files import publish

    publish(out_dir, {"factfile.json": factfile_json.encoded(data), **view_files(data, out_dir, runner)})
    return out_dir / "factfile.json"


def write_views(data: dict[str, Any], out_dir: Path) -> None:
    """Write the views of `data` into `out_dir` as one set, leaving a factfile.json there as it is."""
    from factfile.outputs.files import publish

    publish(out_dir, view_files(data, out_dir), keep=("factfile.json",))
