"""places.geojson: the places on the map with what the reports say there, for GIS tools (QGIS opens it).

RFC 7946 GeoJSON: one FeatureCollection, one Point feature per placed entity, coordinates as
[longitude, latitude] in WGS 84. Each feature's properties say what the place is (its name, every
spelling, the gazetteer's id and why that place was chosen) and what happened there: every claim
naming it, with its report, outlet, modality, the words, and its group's status. Written from a
factfile/1 object, like every other view.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from factfile.outputs import claims_naming, outlet_names


def render(data: dict[str, Any]) -> str:
    """The places of a factfile/1 object as a GeoJSON FeatureCollection (text)."""
    return "".join(collection(feature_text(f) for f in features(data) if f is not None))


def features(part: dict[str, Any]) -> list[dict[str, Any] | None]:
    """For each entity of `part` (a factfile/1 object, or one story's part of one), its feature: the
    place with what the part's reports say there (None for an entity not on the map)."""
    outlets = outlet_names(part)
    group_of: dict[str, dict[str, Any]] = {}
    for group in part["groups"]:
        for claim_id in group["claims"]:
            group_of.setdefault(claim_id, group)
    said = claims_naming(part)
    found: list[dict[str, Any] | None] = []
    for entity in part["entities"]:
        geo = entity["geo"]
        if not geo:
            found.append(None)
            continue
        claims = [{
            "claim": claim["id"],
            "doc": claim["doc"],
            "outlet": outlets.get(claim["doc"], claim["doc"]),
            "text": claim["text"],
            "modality": claim["modality"],
            "group": group_of[claim["id"]]["id"] if claim["id"] in group_of else None,
            "status": group_of[claim["id"]]["status"] if claim["id"] in group_of else None,
        } for claim in said.get(entity["id"], [])]
        found.append({
            "type": "Feature",
            "id": entity["id"],
            "geometry": {"type": "Point", "coordinates": [geo["lon"], geo["lat"]]},
            "properties": {
                "name": entity["name"],
                "aliases": entity["aliases"],
                "feature": geo["feature"],
                "country": geo["country"],
                "gazetteer_id": geo["gazetteer_id"],
                "why": geo.get("why", ""),
                "mentions": len(entity["mentions"]),
                "documents": sorted({m["doc"] for m in entity["mentions"]}),
                "claims": claims,
            },
        })
    return found


def feature_text(feature: dict[str, Any]) -> str:
    """A feature as the collection holds it (indented one space a level, two levels in)."""
    return "\n".join("  " + line for line in json.dumps(feature, ensure_ascii=False, indent=1).split("\n"))


def collection(feature_texts: Iterable[str]) -> Iterator[str]:
    """The FeatureCollection of the features (as `feature_text` writes them), piece by piece, as
    json.dumps writes it with an indent of one space."""
    yield '{\n "type": "FeatureCollection",\n "features": '
    first = True
    for text in feature_texts:
        yield ("[\n" if first else ",\n") + text
        first = False
    yield "[]\n}\n" if first else "\n ]\n}\n"
