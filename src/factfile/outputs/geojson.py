"""places.geojson: the places on the map with what the reports say there, for GIS tools (QGIS opens it).

RFC 7946 GeoJSON: one FeatureCollection, one Point feature per placed entity, coordinates as
[longitude, latitude] in WGS 84. Each feature's properties say what the place is (its name, every
spelling, the gazetteer's id and why that place was chosen) and what happened there: every claim
naming it, with its report, outlet, modality, the words, and its group's status. Written from a
factfile/1 object, like every other view.
"""

from __future__ import annotations

import json
from typing import Any

from factfile.outputs import claims_naming, outlet_names


def render(data: dict[str, Any]) -> str:
    """The places of a factfile/1 object as a GeoJSON FeatureCollection (text)."""
    outlets = outlet_names(data)
    group_of: dict[str, dict[str, Any]] = {}
    for group in data["groups"]:
        for claim_id in group["claims"]:
            group_of.setdefault(claim_id, group)
    said = claims_naming(data)
    features = []
    for entity in data["entities"]:
        geo = entity["geo"]
        if not geo:
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
        features.append({
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
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
