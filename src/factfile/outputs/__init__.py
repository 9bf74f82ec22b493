"""Views of a `FactBase`: factfile/1 JSON first; everything else is derived from it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from factfile.outputs.files import Staging
    from factfile.outputs.writer import Totals
    from factfile.parallel import Runner
    from factfile.pipeline import Assembly, StoryPart


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
# The statuses of a group, in the order the views show them.
STATUSES = ("contested", "corroborated", "denied", "single_source")


def stories(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The stories of a factfile/1 object (none for a corpus of one story), largest first, each with
    its groups, counts of them by status, and its headline facts (`told`)."""
    story_of = {doc_id: story["id"] for story in data.get("stories", []) for doc_id in story["docs"]}
    groups: dict[str, list[dict[str, Any]]] = {}
    for group in data["groups"]:
        if group["docs"] and group["docs"][0] in story_of:
            groups.setdefault(story_of[group["docs"][0]], []).append(group)
    return [told(story, groups.get(story["id"], [])) for story in data.get("stories", [])]


def told(story: dict[str, Any], groups: list[dict[str, Any]]) -> dict[str, Any]:
    """A story (id, label, docs) with its `groups`' ids, counts of them by status, and its headline
    facts: the groups most worth a reader's time (contested, then corroborated, by independent origins)."""
    ranked = sorted(groups, key=lambda g: (STATUSES.index(g["status"]), -g["independent_sources"]))
    return {**story, "groups": [g["id"] for g in groups],
            "counts": {s: sum(g["status"] == s for g in groups) for s in STATUSES},
            "headline": [g for g in ranked if g["status"] != "single_source"][:_HEADLINE_FACTS]}


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


# Every file a build writes besides factfile.json (`outputs.writer` writes them), and a page per
# story under stories/ for a corpus of several.
VIEW_FILES = ("report.html", "method.md", "brief.md", "places.geojson", "entities.ftm.jsonl",
              *(f"csv/{table}.csv" for table in ("documents", "entities", "claims", "groups", "timeline", "warnings",
                                                 "judgements")))


def write_data(staging: Staging, data: dict[str, Any], previous: Path | None = None, with_json: bool = True) -> None:
    """Write the views of a factfile/1 object (and unless `with_json` is false, factfile.json) into
    `staging`: report.html (and for several stories a page for each under stories/, those unchanged
    since the views in `previous` were written taken from there) with the method.md it links to,
    brief.md, places.geojson, entities.ftm.jsonl and csv/."""
    from factfile.outputs.factfile_json import SECTIONS
    from factfile.outputs.writer import FactfileWriter

    top = {key: value for key, value in data.items() if key not in (*SECTIONS, "stories", "judgements")}
    judgements = data.get("judgements", [])
    writer = FactfileWriter(staging, top, data.get("stories", []), judgements, previous, with_json)
    if len(data.get("stories", [])) < 2:
        writer.add(data, {section: list(range(len(data[section]))) for section in SECTIONS})
    else:
        # Each item's key is its place in the whole object.
        place = {section: {id(item): n for n, item in enumerate(data[section])} for section in SECTIONS}
        stories = {story["id"]: story for story in data["stories"]}
        for story_id, part in story_slices(data).items():
            writer.add(part, {section: [place[section][id(item)] for item in part[section]] for section in SECTIONS},
                       stories[story_id])
    writer.finish(judgements)


def view_files(data: dict[str, Any]) -> dict[str, bytes]:
    """Every view of a factfile/1 object, as files (relative path -> bytes)."""
    import tempfile

    from factfile.outputs.files import Staging

    with tempfile.TemporaryDirectory() as folder:
        staging = Staging(Path(folder), Path(folder))
        write_data(staging, data, with_json=False)
        return {rel: (Path(folder) / rel).read_bytes() for rel in staging.digests}


def write_all(data: dict[str, Any], out_dir: Path) -> Path:
    """Write factfile.json and every view into `out_dir` as one set (`files.publish`); return the
    JSON's path."""
    from factfile.outputs.files import publish_with

    publish_with(out_dir, lambda staging: write_data(staging, data, out_dir))
    return out_dir / "factfile.json"


def write_views(data: dict[str, Any], out_dir: Path) -> None:
    """Write the views of `data` into `out_dir` as one set, leaving a factfile.json there as it is."""
    from factfile.outputs.files import publish_with

    publish_with(out_dir, lambda staging: write_data(staging, data, out_dir, with_json=False), keep=("factfile.json",))


def write_assembly(assembly: Assembly, out_dir: Path, runner: Runner | None = None) -> Totals:
    """Write the fact base `assembly` makes into `out_dir` as one set (`files.publish_with`), story by
    story as its parts are made: factfile.json and every view, the same bytes as `write_all` of the
    whole fact base, without it ever being held. The stories' pages are rendered by `runner` (in
    worker processes, when the command has them). Returns what the summary counts."""
    from collections import deque
    from contextlib import closing

    from factfile.model import GROUP_VERDICTS
    from factfile.outputs import report_html
    from factfile.outputs.factfile_json import head, judgement_to_dict, story_part
    from factfile.outputs.files import publish_with
    from factfile.outputs.writer import FactfileWriter
    from factfile.parallel import Runner as Here
    from factfile.pipeline import judged

    top = head(assembly.corpus_path, assembly.documents, assembly.rejected)
    several = len(assembly.stories) > 1
    stories = [{"id": s.id, "label": s.label, "docs": list(s.docs)} for s in assembly.stories] if several else []
    named_groups = {j.group for j in assembly.judgements if j.group}
    applied: set[int] = set()
    groups_held: set[str] = set()
    totals = []

    def write(staging: Staging) -> None:
        writer = FactfileWriter(staging, top, stories, [judgement_to_dict(j) for j in assembly.judgements], out_dir)
        # Each story's part, made ready here while the runner renders the pages of those before it.
        ready: deque[tuple[dict[str, Any], dict[str, list[Any]], dict[str, Any] | None, str, bytes | None]] = deque()

        def pages_to_render(parts: Iterator[StoryPart]) -> Iterator[tuple[dict[str, Any], str] | None]:
            for number, part in enumerate(parts):
                facts = part.facts
                group_ids = {g.id for g in facts.groups}
                claim_ids = {c.id for c in facts.claims}
                # The story's judgements, as `story_slices` gives them to its part.
                mine = judged((j for j in assembly.judgements
                               if (j.group in group_ids if j.verdict in GROUP_VERDICTS else j.claim in claim_ids)),
                              set(facts.applied), group_ids)
                data, keys = story_part(top, part.documents, facts.entities, facts.claims, facts.groups,
                                        facts.timeline, facts.warnings, mine)
                applied.update(facts.applied)
                groups_held.update(group_ids & named_groups)
                if not several:
                    ready.append((data, keys, None, "", None))
                    yield None
                    continue
                name, key, kept = report_html.kept_story_page(stories[number]["id"], data, out_dir, writer.earlier)
                ready.append((data, keys, stories[number], name, kept))
                yield None if kept is not None else (data, key)

        with closing(assembly.parts) as parts:
            for rendered in (runner or Here()).map(report_html.render_story_pages, pages_to_render(parts),
                                                  _PAGES_A_CHUNK):
                data, keys, story, name, kept = ready.popleft()
                writer.add(data, keys, story, (name, kept if kept is not None else rendered) if story else None)
        totals.append(writer.finish([judgement_to_dict(j) for j in judged(assembly.judgements, applied, groups_held)]))

    publish_with(out_dir, write)
    return totals[0]


# Story pages a worker renders at once.
_PAGES_A_CHUNK = 8
