"""Stage 5, geocode: put every place entity on the map, or leave it off.

Reads entities (and the documents' mentions) and returns them with `geo`
from the offline gazetteer. Each place is matched by all its spellings;
when several real places share a name, the one in a country the same
documents mention wins, then one in a region they mention, then larger
features and larger towns. A town
nobody's context supports, or a name the gazetteer does not know, keeps
`geo: null` rather than a guess.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from factfile.config import Config
from factfile.gazetteer import Gazetteer, Place, load_gazetteer, name_key
from factfile.model import Entity, Geo
from factfile.stages.annotate import demonym_country

PLACE_TYPES = ("GPE", "LOC", "FAC")
_FEATURE_RANK = {"continent": 3, "country": 2, "admin1": 1, "city": 0}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def geocode(entities: Sequence[Entity], cfg: Config, gazetteer: Gazetteer | None = None) -> list[Entity]:
    """The entities with `geo` set on those that are real places the gazetteer knows."""
    gazetteer = gazetteer or load_gazetteer()
    countries_by_doc = _countries_by_doc(entities, gazetteer)
    regions_by_doc = _regions_by_doc(entities, gazetteer)
    corpus_countries = set().union(*countries_by_doc.values()) if countries_by_doc else set()
    placed = []
    for entity in entities:
        if entity.type not in PLACE_TYPES:
            placed.append(entity)
            continue
        docs = {m.doc for m in entity.mentions}
        context = set().union(*(countries_by_doc.get(d, set()) for d in docs))
        regions = set().union(*(regions_by_doc.get(d, set()) for d in docs))
        placed.append(replace(entity, geo=_locate(entity, gazetteer, context, regions, corpus_countries, cfg)))
    return placed


def _regions_by_doc(entities: Sequence[Entity], gazetteer: Gazetteer) -> dict[str, set[str]]:
    """First-level regions each document names ("Ömnögovi"), to choose among same-named towns."""
    found: dict[str, set[str]] = {}
    for entity in entities:
        if entity.type not in PLACE_TYPES:
            continue
        for mention in entity.mentions:
            abbreviated = gazetteer.abbreviation(mention.text)
            for place in [abbreviated] if abbreviated else gazetteer.lookup(mention.text):
                if place.feature == "admin1":
                    found.setdefault(mention.doc, set()).add(place.name)
    return found


def _countries_by_doc(entities: Sequence[Entity], gazetteer: Gazetteer) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for entity in entities:
        for mention in entity.mentions:
            country = None
            if entity.type in PLACE_TYPES:
                abbreviated = gazetteer.abbreviation(mention.text)
                country = abbreviated.country if abbreviated else gazetteer.country_of_name(mention.text)
                if country is None:
                    country = next((p.country for p in gazetteer.lookup(mention.text) if p.feature == "admin1"), None)
            elif entity.type == "NORP":
                country = demonym_country(mention.text, gazetteer)
            if country:
                found.setdefault(mention.doc, set()).add(country)
    return found


def _similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, name_key(a), name_key(b)).ratio()


def _heads(entity: Entity) -> list[str]:
    return sorted({m.head for m in entity.mentions if m.head})


def _locate(entity: Entity, gazetteer: Gazetteer, context: set[str], regions: set[str], corpus: set[str],
            cfg: Config) -> Geo | None:
    names = [entity.name, *entity.aliases]
    for name in names:
        if abbreviated := gazetteer.abbreviation(name):  # "Ill.", "W.Va."
            return Geo(round(abbreviated.lat, 5), round(abbreviated.lon, 5), "admin1", abbreviated.gazetteer_id,
                       abbreviated.country)
    for name in names:
        if country := gazetteer.country_of_name(name):
            place = gazetteer.country(country)
            if place:
                return Geo(round(place.lat, 5), round(place.lon, 5), "country", place.gazetteer_id, country)
    # An acronym is no town's name ("PAP" is not Pap, Uzbekistan), though "US" is a country's.
    names = [n for n in names if not (n.isupper() and len(n) <= 6)]
    candidates: dict[str, Place] = {}
    for name in names:
        for place in gazetteer.lookup(name):
            candidates.setdefault(place.gazetteer_id, place)
    if not candidates:
        # Spelling variants reach far ("Wakhan" ~ "Wuhan"): only close ones, in the documents' own countries.
        for name in names:
            for place in gazetteer.lookup_variant(name):
                if place.country in context and _similar(name, place.name) >= 0.8:
                    candidates.setdefault(place.gazetteer_id, place)
    # A region named after its town ("Beijing", "New York") is meant by the town's name only with a head word.
    namesakes = {(p.country, p.admin1) for p in candidates.values()
                 if p.feature == "city" and p.admin1 and name_key(p.admin1) == name_key(p.name)}
    heads = _heads(entity)
    wants_region = any(h in ("admin1", "region", "district", "county") for h in heads)
    if not wants_region:
        candidates = {k: p for k, p in candidates.items()
                      if not (p.feature == "admin1" and (p.country, p.name) in namesakes)}
    # A region does not vouch for towns named after itself: "Ömnögovi" is the region.
    regions = regions - {p.name for p in candidates.values() if p.feature == "admin1"}

    def score(place: Place) -> tuple:
        in_context = 2 if place.country in context else 1 if place.country in corpus else 0
        # "Kansas" alone is the state or a town of that name, whichever is bigger (a region counts its towns'
        # people); "Kansas state" is the state.
        fits_head = place.feature == "admin1" if wants_region else True
        in_region = place.admin1 is not None and place.admin1 in regions
        return (in_context, in_region, fits_head, place.population, _FEATURE_RANK.get(place.feature, 0),
                place.gazetteer_id)

    eligible = [
        p for p in candidates.values()
        if p.country in context or p.country in corpus or p.feature in ("admin1", "continent")
        or p.population >= cfg.geocode_min_population_without_context
    ]
    if not eligible:
        return None
    best = max(eligible, key=score)
    physical = [h for h in heads if h not in ("admin1", "region", "district", "county", "city", "village")]
    feature = physical[0] if physical else best.feature
    return Geo(round(best.lat, 5), round(best.lon, 5), feature, best.gazetteer_id, best.country)
