"""report.html: one self-contained page a person reads, from a factfile/1 object.

No script, no font, no image, no request: the page is HTML and CSS only, and its
Content-Security-Policy forbids loading anything, so a report opened from disk
works offline and article text cannot run. Every piece of article text goes
through Jinja's autoescaping. Links between a statement and the words it came
from are plain anchors: each claim's words in the document carry `id="claim-…"`,
each group row links to them, and each highlighted passage links back.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from factfile.outputs import STATUSES, claims_naming, corrections, group_judgements, outlet_names, stories
from factfile.outputs.csv import value_words

_MAP_WIDTH = 960
# The map frames the places holding this share of the mentions, nearest the story's middle first: a story
# in one province names a capital or a far-off city now and then, and framing those too would shrink the
# province to a cluster of dots. The others are shown on the world locator beneath.
_MAP_CORE_SHARE = 0.8
_LOCATOR_WIDTH = 320


@cache
def _outlines() -> tuple[tuple[tuple[float, float, float, float], tuple[tuple[float, float], ...]], ...]:
    """Country outlines (Natural Earth 1:110m via the `countryinfo` package, public domain):
    each ring with its bounding box (west, south, east, north) and its (lon, lat) points."""
    import json
    from importlib.resources import files

    rings = []
    for path in sorted(files("countryinfo").joinpath("data").iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".json"):
            continue
        features = (json.loads(path.read_text(encoding="utf-8")).get("geoJSON") or {}).get("features", [])
        for geometry in (f["geometry"] for f in features if f.get("geometry")):
            polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            for ring in (r for polygon in polygons for r in polygon):
                points = tuple((float(x), float(y)) for x, y in ring)
                xs, ys = [x for x, _ in points], [y for _, y in points]
                rings.append(((min(xs), min(ys), max(xs), max(ys)), points))
    return tuple(rings)


def _core(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The places the story happens at: around the mention-weighted middle (the weighted median of
    longitudes and of latitudes), nearest first, until they hold `_MAP_CORE_SHARE` of the mentions."""
    import math

    def weighted_median(values: list[tuple[float, int]]) -> float:
        total, running = sum(w for _, w in values), 0
        for value, weight in sorted(values):
            running += weight
            if running * 2 >= total:
                return value
        return values[-1][0]

    weights = [max(1, len(p["mentions"])) for p in places]
    lon0 = weighted_median([(p["geo"]["lon"], w) for p, w in zip(places, weights)])
    lat0 = weighted_median([(p["geo"]["lat"], w) for p, w in zip(places, weights)])

    def distance(place: dict[str, Any]) -> float:
        lat, lon = place["geo"]["lat"], place["geo"]["lon"]
        return math.hypot((lon - lon0) * math.cos(math.radians((lat + lat0) / 2)), lat - lat0)

    core, held, total = [], 0, sum(weights)
    for weight, place in sorted(zip(weights, places), key=lambda wp: (distance(wp[1]), wp[1]["id"])):
        if held >= _MAP_CORE_SHARE * total:
            break
        core.append(place)
        held += weight
    return core


def _map(places: list[dict[str, Any]]) -> dict[str, Any] | None:
    """An SVG map of where the story happens: the region around its core places (`_core`), country
    outlines, one marker each; and a small world map locating that region and the other places."""
    import math

    if not places:
        return None
    core = _core(places)
    lons = [p["geo"]["lon"] for p in core]
    lats = [p["geo"]["lat"] for p in core]
    pad = max(2.0, 0.2 * max(max(lons) - min(lons), max(lats) - min(lats)))
    west, east = max(-180.0, min(lons) - pad), min(180.0, max(lons) + pad)
    south, north = max(-85.0, min(lats) - pad), min(85.0, max(lats) + pad)
    # Equirectangular, with longitude shrunk by the cosine of the middle latitude so shapes look right.
    squeeze = max(0.2, math.cos(math.radians((north + south) / 2)))
    # A landscape frame (between 4:3 and 2:1), widening or heightening the region around its centre.
    width_deg, height_deg = (east - west) * squeeze, north - south
    if width_deg < height_deg * 4 / 3:
        extra = (height_deg * 4 / 3 - width_deg) / squeeze / 2
        west, east = max(-180.0, west - extra), min(180.0, east + extra)
    elif width_deg > height_deg * 2:
        extra = (width_deg / 2 - height_deg) / 2
        south, north = max(-85.0, south - extra), min(85.0, north + extra)
    scale = _MAP_WIDTH / ((east - west) * squeeze)
    height = round((north - south) * scale)

    def point(lon: float, lat: float) -> str:
        return f"{(lon - west) * squeeze * scale:.1f} {(north - lat) * scale:.1f}"

    paths = []
    for (w, s, e, n), ring in _outlines():
        if e < west or w > east or n < south or s > north:
            continue
        paths.append("M" + "L".join(point(lon, lat) for lon, lat in ring) + "Z")
    markers = []
    inside = [p for p in places if west <= p["geo"]["lon"] <= east and south <= p["geo"]["lat"] <= north]
    for place in inside:
        x, y = point(place["geo"]["lon"], place["geo"]["lat"]).split()
        markers.append({"id": place["id"], "name": place["name"], "x": x, "y": y, "mentions": len(place["mentions"])})
    _place_labels(markers, _MAP_WIDTH, height)
    shown = {p["id"] for p in inside}
    outside = [p for p in places if p["id"] not in shown]
    return {"width": _MAP_WIDTH, "height": height, "outlines": paths, "markers": markers,
            "locator": _locator((west, south, east, north), outside)}


def _locator(frame: tuple[float, float, float, float], outside: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A small world map: the main map's frame as a box, and a dot for each place outside it. None when
    the frame already shows most of the world and no place lies outside it."""
    west, south, east, north = frame
    if not outside and (east - west) > 180:
        return None
    width, top, bottom = _LOCATOR_WIDTH, 84.0, -60.0  # Antarctica left off: no story's places are there
    scale = width / 360
    height = round((top - bottom) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon + 180) * scale, 1), round((top - max(bottom, min(top, lat))) * scale, 1)

    paths = []
    for (w, s, e, n), ring in _outlines():
        if (e - w) * scale < 1 and (n - s) * scale < 1 or n < bottom:
            continue  # too small to see at this scale
        points = [xy(lon, lat) for lon, lat in ring]
        kept = [pt for i, pt in enumerate(points) if i == 0 or pt != points[i - 1]]
        paths.append("M" + "L".join(f"{x} {y}" for x, y in kept) + "Z")
    (x0, y0), (x1, y1) = xy(west, north), xy(east, south)
    dots = []
    for place in outside:
        x, y = xy(place["geo"]["lon"], place["geo"]["lat"])
        dots.append({"id": place["id"], "name": place["name"], "x": x, "y": y})
    return {"width": width, "height": height, "outlines": paths, "dots": dots,
            "frame": {"x": x0, "y": y0, "width": max(2.0, round(x1 - x0, 1)), "height": max(2.0, round(y1 - y0, 1))}}


def _place_labels(markers: list[dict[str, Any]], width: float = float("inf"), height: float = float("inf")) -> None:
    """Put each label right, left, below or above its marker where it overlaps no label placed
    before it (the most mentioned places first) and stays inside the map (`width` by `height`); a
    label with no free spot is left off, and its name stays in the marker's tooltip and the table."""
    taken: list[tuple[float, float, float, float]] = []
    for marker in sorted(markers, key=lambda m: (-m["mentions"], m["name"])):
        x, y = float(marker["x"]), float(marker["y"])
        label_width, label_height = 8.5 * len(marker["name"]) + 4, 18.0  # 15px text, roughly
        marker["label"] = None
        for dx, dy, anchor in ((9, 5, "start"), (-9, 5, "end"), (0, 22, "middle"), (0, -12, "middle")):
            left = x + dx - (label_width if anchor == "end" else label_width / 2 if anchor == "middle" else 0)
            box = (left, y + dy - 14, left + label_width, y + dy - 14 + label_height)
            inside = 0 <= box[0] and box[2] <= width and 0 <= box[1] and box[3] <= height
            if inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                taken.append(box)
                marker["label"] = {"dx": dx, "dy": dy, "anchor": anchor}
                break


def anchor(item_id: str) -> str:
    """An id usable in an `id` attribute and a `#` link alike: whitespace and control
    characters (a URL drops a newline, an HTML id may hold no space) and '%' are
    percent-encoded, so distinct ids stay distinct and the link finds its target."""
    return re.sub(r"[\s\x00-\x1f\x7f%]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), item_id)


@cache
def _template(name: str = "report.html.j2"):
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("factfile", "templates"),
        autoescape=True,  # article text is data, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["anchor"] = anchor
    return environment.get_template(name)


def _segments(text: str, spans: list[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """The document's text cut at every span boundary; each piece lists the spans covering it,
    so overlapping claims and warnings are all highlighted. `spans` are (start, end, kind, id)."""
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    starting: dict[int, list[tuple[int, int, str, str]]] = {}
    for span in sorted(spans):
        starting.setdefault(span[0], []).append(span)
    active: list[tuple[int, int, str, str]] = []  # a sweep along the text: linear in text and spans
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        active = [span for span in active if span[1] > start] + starting.get(start, [])
        covering = [(kind, ident) for s, e, kind, ident in active if e >= end]
        pieces.append({"text": text[start:end], "kinds": sorted({k for k, _ in covering}),
                       "anchors": [i for _, _, _, i in starting.get(start, [])],
                       "ends": [i for _, e, _, i in active if e == end]})
    return pieces


def overview(data: dict[str, Any]) -> list[str]:
    """The story in a few lines: who reported, when, what they dispute, agree on and deny."""
    documents = data["documents"]
    outlets = sorted({d["publisher"] for d in documents if d["publisher"]})
    dates = sorted(d["published"] for d in documents if d["published"])
    undated = len(documents) - len(dates)
    when = f", published {dates[0]} to {dates[-1]}" if len(dates) > 1 else f", published {dates[0]}" if dates else ""
    lines = [f"{len(documents)} report{'' if len(documents) == 1 else 's'} from "
             f"{len(outlets) or 'no named'} outlet{'' if len(outlets) == 1 else 's'}{when}"
             + (f"; {undated} undated." if undated else ".")]
    named = sorted((e for e in data["entities"] if e["type"] in ("PERSON", "ORG")),
                   key=lambda e: (-len({m["doc"] for m in e["mentions"]}), -len(e["mentions"]), e["name"]))[:3]
    if named:
        lines.append("Most reported on: " + ", ".join(e["name"] for e in named) + ".")
    for status, words in (("contested", "The reports disagree on"), ("corroborated", "Independent reports agree on"),
                          ("denied", "Denied")):
        labels = [g["label"] for g in data["groups"] if g["status"] == status]
        if labels:
            shown = "; ".join(labels[:3]) + (f"; and {len(labels) - 3} more" if len(labels) > 3 else "")
            lines.append(f"{words}: {shown}.")
    if data["timeline"]:
        first, last = data["timeline"][0], data["timeline"][-1]
        lines.append(f"The dated events run from {first['date']} to {last['date']}.")
    return lines


Marks = tuple[dict[str, list[tuple[int, int, str, str]]], dict[str, int]]


def document_marks(data: dict[str, Any]) -> Marks:
    """What each document's text highlights, as (start, end, kind, anchor) spans (its claims, the
    names in it, the warnings about it), and how many claims it holds."""
    spans_of: dict[str, list[tuple[int, int, str, str]]] = {d["id"]: [] for d in data["documents"]}
    claim_count: dict[str, int] = {d["id"]: 0 for d in data["documents"]}
    for claim in data["claims"]:
        spans_of.setdefault(claim["doc"], []).append((claim["start"], claim["end"], "claim", "claim-" + claim["id"]))
        claim_count[claim["doc"]] = claim_count.get(claim["doc"], 0) + 1
    for entity in data["entities"]:
        for number, mention in enumerate(m for m in entity["mentions"] if m.get("part") != "title"):
            spans_of.setdefault(mention["doc"], []).append(
                (mention["start"], mention["end"], "entity", f"mention-{entity['id']}-{number}"))
    for number, warning in enumerate(data["warnings"]):
        if warning["start"] is not None:
            spans_of.setdefault(warning["doc"], []).append(
                (warning["start"], warning["end"], "warning", f"warning-{number}"))
    return spans_of, claim_count


def with_segments(doc: dict[str, Any], marks: Marks) -> dict[str, Any]:
    """The document as its page shows it: its text cut into highlighted segments (`document_marks`)."""
    spans_of, claim_count = marks
    return {**doc, "segments": _segments(doc["text"], spans_of.get(doc["id"], [])),
            "claims": claim_count.get(doc["id"], 0)}


def context(data: dict[str, Any], segments: bool = True) -> dict[str, Any]:
    """Everything the template shows, prepared: the template only lays it out. Without `segments`
    the documents' texts are not cut for highlighting (the web app cuts one when its page is asked
    for, with `with_segments` and the context's `marks`)."""
    claims = {c["id"]: c for c in data["claims"]}
    entities = {e["id"]: e for e in data["entities"]}
    group_of: dict[str, str] = {}
    for group in data["groups"]:
        for claim_id in group["claims"]:
            group_of.setdefault(claim_id, group["id"])

    outlets = outlet_names(data)

    def outlet(doc_id: str) -> str:
        return outlets.get(doc_id, doc_id)

    judged = group_judgements(data)
    groups = []
    for status in STATUSES:
        for group in (g for g in data["groups"] if g["status"] == status):
            rows = []
            for claim_id in group["claims"]:
                claim = claims.get(claim_id)
                if claim is None:
                    continue
                rows.append({
                    "claim": claim_id, "doc": claim["doc"], "outlet": outlet(claim["doc"]),
                    # The words as written, the normalised value beside them for figures.
                    "values": [(v["text"], value_words(v)) for v in claim["value"] if v["type"] != "date"],
                    "modality": claim["modality"], "attributed_to": (claim["attributed_to"] or "—") + (
                        f" (to {claim['channel']})" if claim.get("channel") else ""),
                    "origin": group.get("origins", {}).get(claim["doc"], claim.get("origin") or claim["doc"]),
                    "text": claim["text"],
                })
            groups.append({**group, "rows": rows, "judgements": judged.get(group["id"], [])})

    marks = document_marks(data)
    docs = [with_segments(doc, marks) for doc in data["documents"]] if segments else \
        [{**doc, "claims": marks[1].get(doc["id"], 0)} for doc in data["documents"]]

    places = [e for e in data["entities"] if e["geo"]]
    # What happened where: the claims that name each place.
    named = claims_naming(data)
    claims_at = {p["id"]: named.get(p["id"], []) for p in places}
    counts = {s: sum(g["status"] == s for g in data["groups"]) for s in STATUSES}
    return {
        "data": data,
        "overview": overview(data),
        "documents": docs,
        "marks": marks,
        "groups": groups,
        "corrections": corrections(data),
        "stories": stories(data),
        "counts": counts,
        "group_of": group_of,
        "places": places,
        "claims_at": claims_at,
        "map": _map(places),
        "entities": sorted(data["entities"], key=lambda e: (-len(e["mentions"]), e["name"])),
        # Entities named in a text, whose first mention there can be linked to (not only in a headline).
        "in_text": {e["id"] for e in data["entities"] if any(m.get("part") != "title" for m in e["mentions"])},
        "timeline": data["timeline"],
        "warnings": list(enumerate(data["warnings"])),
        "outlet": outlet,
        "entity_name": lambda ident: entities[ident]["name"] if ident in entities else ident,
        # Everything is on one page: evidence and groups are anchors in it.
        "evidence_href": lambda doc_id, claim_id: f"#claim-{claim_id}",
        "group_href": lambda group_id: f"#group-{group_id}",
        "claim_href": lambda claim_id: f"#claim-{claim_id}",
        "mention_href": lambda entity_id: f"#mention-{entity_id}-0",
        "warning_href": lambda number, doc_id: f"#warning-{number}",
    }


def render(data: dict[str, Any], root: str = "", back: str | None = None, source_key: str | None = None) -> str:
    """The page of `data`; `root` is the way from it to the folder holding method.md, `back` a link
    to the page listing the stories, `source_key` what it was made from (see `pages`)."""
    return _template().render(**context(data), root=root, back=back, source_key=source_key)


# Marks a story's page with what it was made from, so that an unchanged story's page is kept.
_SOURCE_KEY = re.compile(rb'<meta name="factfile-source" content="([0-9a-f]{64})">')


def story_page(story_id: str, part: dict[str, Any], previous: Path | None = None,
               earlier: dict[str, str | None] | None = None) -> tuple[str, bytes]:
    """A story's page, `stories/ID.html`, from its part of the factfile (`outputs.story_slices`), for a
    corpus of several stories (report.html then lists them: `index_page`): the page in the folder
    `previous` when its story is unchanged since (`kept_story_page`), else rendered."""
    name, key, kept = kept_story_page(story_id, part, previous, earlier)
    return name, kept if kept is not None else render_story_pages([(part, key)])[0]


def kept_story_page(story_id: str, part: dict[str, Any], previous: Path | None = None,
                    earlier: dict[str, str | None] | None = None) -> tuple[str, str, bytes | None]:
    """A story page's name, the key of what it is made from, and the page in the folder `previous`
    when it was made from that and is as factfile wrote it (`earlier`, that folder's manifest, holds
    the digests), so that an unchanged story's page is not rendered again."""
    from factfile import __version__

    name = f"stories/{story_id}.html"
    key = hashlib.sha256(f"{__version__}\0{_templates_digest()}\0".encode()
                         + orjson.dumps(part, option=orjson.OPT_SORT_KEYS)).hexdigest()
    kept = _kept_page(previous / name, key, earlier[name]) if previous is not None and earlier and name in earlier \
        else None
    return name, key, kept


def render_story_pages(jobs: list[tuple[dict[str, Any], str] | None]) -> list[bytes | None]:
    """The pages of stories, each from its part and key (none for None: a page kept), so that a
    runner can render them in worker processes."""
    return [None if job is None else render(job[0], root="../", back="../report.html", source_key=job[1]
                                            ).encode("utf-8") for job in jobs]


def index_page(head: dict[str, Any], counts: dict[str, int], told: list[dict[str, Any]],
               changed: list[dict[str, Any]], documents: list[dict[str, Any]], story_of_group: dict[str, str]) -> str:
    """report.html for a corpus of several stories: the stories with their headline facts (`told`, as
    `outputs.stories` tells them), the reviewers' corrections, and every report (`documents`: id, story,
    outlet, published, title), each linking to its story's page. `counts` are the groups by status and
    the warnings; `story_of_group` the story of each group linked to."""
    return _template("report_index.html.j2").render(
        data=head, stories=told, corrections=changed, documents=documents, counts=counts,
        story_href=lambda story_id: f"stories/{story_id}.html",
        group_href=lambda group_id: f"stories/{story_of_group[group_id]}.html#group-{group_id}")


def _kept_page(path: Path, key: str, digest: str) -> bytes | None:
    """The page at `path` when it was made from `key` and is as factfile wrote it (`digest`)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(2048)
            found = _SOURCE_KEY.search(head)
            if not found or found.group(1).decode() != key:
                return None
            page = head + handle.read()
    except OSError:
        return None
    return page if hashlib.sha256(page).hexdigest() == digest else None


@cache
def _templates_digest() -> str:
    from importlib.resources import files

    digest = hashlib.sha256()
    for path in sorted(files("factfile").joinpath("templates").iterdir(), key=lambda p: p.name):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
