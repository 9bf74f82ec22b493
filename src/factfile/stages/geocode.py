"""Stage 5, geocode: put every place entity on the map, or leave it off.

Reads entities (and the documents' mentions) and returns them with `geo`
from the offline gazetteer. Each place is matched by all its spellings: a
state's abbreviation ("Ill.") is the state; a country's name is the country
unless the rest of the report points to a same-named region or town and not to
it ("Georgia" among US places). When several places share a name, the
evidence for each is weighed in one sum: its size (a region counts its towns'
people), the report's own country and the countries it names, a region it
names, the report's other towns and counties nearby, the namesakes of its other
names nearby (names that cluster mean the cluster), a head word asking for a
region, a national capital. The evidence comes from the report's other names
(a name is no evidence for itself), read twice: once from the names alone,
then from where they were placed. A name the gazetteer does not know keeps
`geo: null`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from factfile import lexicon
from factfile.config import Config
from factfile.gazetteer import Gazetteer, Place, load_gazetteer, name_key
from factfile.model import Entity, Geo
from factfile.stages.annotate import demonym_country

PLACE_TYPES = ("GPE", "LOC", "FAC")
_FEATURE_RANK = {"continent": 4, "country": 3, "admin1": 2, "admin2": 1, "city": 0}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def geocode(entities: Sequence[Entity], cfg: Config, gazetteer: Gazetteer | None = None) -> list[Entity]:
    """The entities with `geo` set on those that are real places the gazetteer knows."""
    gazetteer = gazetteer or load_gazetteer()
    # Twice: first from what the names alone say; then from where that put the report's other places, which
    # is surer than their names ("Washington" named in a report is evidence for the state only once read as
    # the state), and whose towns and counties pull each place towards them ("Paris" beside "Henry County"
    # and "Puryear" is in Tennessee).
    countries, regions = _context_by_doc(entities, gazetteer, cfg)
    together = _places_together(entities, gazetteer, cfg)
    first = _locate_all(entities, gazetteer, countries, regions, {}, together, cfg)
    countries, regions, anchors = _context_of_placed(first, gazetteer)
    return _locate_all(entities, gazetteer, countries, regions, anchors, together, cfg)


def _locate_all(entities: Sequence[Entity], gazetteer: Gazetteer, countries_by_doc: dict[str, dict[str, set[str]]],
                regions_by_doc: dict[str, dict[str, set[str]]],
                anchors: dict[str, list[tuple[str, tuple[float, float], str | None]]],
                together: dict[str, dict[str, tuple[float, list[str]]]], cfg: Config) -> list[Entity]:
    corpus_countries = _corpus_countries_by(countries_by_doc)
    names = {e.id: e.name for e in entities}
    placed = []
    for entity in entities:
        if entity.type not in PLACE_TYPES:
            placed.append(entity)
            continue
        docs = {m.doc for m in entity.mentions}
        # What the other names of its documents say: a name is no evidence for itself ("Palestine" names a
        # territory and a Texas town; only the rest of the report can tell which).
        context = {c for d in docs for c, by in countries_by_doc.get(d, {}).items() if by - {entity.id}}
        regions = {r for d in docs for r, by in regions_by_doc.get(d, {}).items() if by - {entity.id}}
        corpus = {c for c, by in corpus_countries.items() if by - {entity.id}}
        # A name written almost alike is the same place misspelt, no other place of the report.
        placed_around = [(point, country) for d in docs for by, point, country in anchors.get(d, ())
                         if by != entity.id and _similar(names[by], entity.name) < cfg.geocode_variant_similarity]
        near = [point for point, _ in placed_around]
        # The report's own country is where most of its other towns and counties are: a report on Syria that
        # names New York is not local to New York.
        counts = Counter(country for _, country in placed_around)
        home = [point for point, country in placed_around if counts[country] == max(counts.values())]
        placed.append(replace(entity, geo=_locate(entity, gazetteer, context, regions, corpus, near, home,
                                                  together.get(entity.id, {}), cfg)))
    return placed


def _note(table: dict[str, dict[str, set[str]]], doc: str, key: str, entity_id: str) -> None:
    """Record that an entity of a document points to a country or region."""
    table.setdefault(doc, {}).setdefault(key, set()).add(entity_id)


def _context_of_placed(entities: Sequence[Entity], gazetteer: Gazetteer):
    """Per document, the countries and regions its placed names were put in (countries marked local when a
    place inside them was), and the points of its towns and counties."""
    countries: dict[str, dict[str, set[str]]] = {}
    regions: dict[str, dict[str, set[str]]] = {}
    anchors: dict[str, list[tuple[str, tuple[float, float], str | None]]] = {}
    for entity in entities:
        geo = entity.geo
        if entity.type == "ORG":
            # An organisation named after a region says where the report is ("the State of Ohio", "Kansas State
            # University").
            for mention in entity.mentions:
                if inside := _region_inside(mention.text, gazetteer):
                    _note(countries, mention.doc, inside.country, entity.id)
                    _note(countries, mention.doc, _LOCAL + inside.country, entity.id)
                    _note(regions, mention.doc, inside.name, entity.id)
            continue
        if geo is not None and not _known_name(entity, gazetteer):
            continue  # placed by a name inside its own ("Henderson County Jail"): a guess, no evidence for others
        if geo is None:
            if entity.type == "NORP":
                for mention in entity.mentions:
                    if country := demonym_country(mention.text, gazetteer):
                        _note(countries, mention.doc, country, entity.id)
            continue
        region = None
        if geo.feature == "admin1":
            region = next((p.name for name in (entity.name, *entity.aliases)
                           for p in [gazetteer.abbreviation(name), *gazetteer.lookup(name)]
                           if p is not None and p.gazetteer_id == geo.gazetteer_id), None)
        for doc in dict.fromkeys(m.doc for m in entity.mentions):
            if geo.country:
                _note(countries, doc, geo.country, entity.id)
                if geo.feature not in ("country", "continent"):
                    _note(countries, doc, _LOCAL + geo.country, entity.id)
            if region:
                _note(regions, doc, region, entity.id)
            if geo.feature not in ("country", "admin1", "continent"):
                anchors.setdefault(doc, []).append((entity.id, (geo.lat, geo.lon), geo.country))
    return countries, regions, anchors


def _candidate_names(entity: Entity, gazetteer: Gazetteer) -> list[str]:
    """The names of a place entity that may be towns or counties: not a state's abbreviation, not an acronym."""
    return [n for n in dict.fromkeys([entity.name, *entity.aliases])
            if not (n.isupper() and len(n) <= 6) and not gazetteer.abbreviation(n)]


def _places_together(entities: Sequence[Entity], gazetteer: Gazetteer, cfg: Config
                     ) -> dict[str, dict[str, tuple[float, list[str]]]]:
    """For each place entity, the towns and counties it may name that lie near a town or county another name
    of its reports may name, with the weight of that evidence and those names.

    Reports are about one area, so names whose candidates cluster mean the cluster ("Springfield" and "Chatham"
    beside "Sangamon County": the towns of that county, not the bigger namesakes far apart).
    How much a nearby namesake says depends on how easily one would be near by chance: a name borne by many
    towns of a large country is near almost anywhere in it, a name borne by one is not. The weight is the
    tenfold-odds against chance, log10(area of the country / (namesakes in it × area within reach)), at most
    `geocode_weight_near`, summed over the other names.
    """
    reach_km = cfg.geocode_anchor_km
    reach_area = math.pi * reach_km ** 2
    candidates: dict[str, list[Place]] = {}
    docs_of: dict[str, set[str]] = {}
    label: dict[str, str] = {}
    mute: set[str] = set()
    vouching: dict[str, list[Place]] = {}
    for entity in entities:
        found: dict[str, Place] = {}
        if entity.type in PLACE_TYPES:
            for name in _candidate_names(entity, gazetteer):
                for place in gazetteer.lookup(name):
                    if place.feature in ("city", "admin2"):
                        found.setdefault(place.gazetteer_id, place)
        elif entity.type == "ORG":
            # An organisation named after a county says which counties the report may be in ("the Sangamon
            # County Board"): evidence for the report's places, never itself placed.
            found = {p.gazetteer_id: p for p in _counties_inside(entity.name, gazetteer)}
        if found:
            # A namesake a hundred times smaller than the name's biggest place is too unlikely to vouch for
            # anything ("Dallas" beside "Springfield" is no hamlet called Dallas that puts Springfield by it).
            biggest = max(math.log10(p.population + 1) for p in found.values())
            candidates[entity.id] = [p for p in found.values()
                                     if math.log10(p.population + 1) >= biggest - cfg.geocode_together_span]
            # Only namesakes called so by their own name vouch for others: an alternate name reaches far
            # ("Hope" is also what some town called otherwise is called).
            own = {name_key(n) for n in (entity.name, *entity.aliases)}
            vouching[entity.id] = [p for p in candidates[entity.id]
                                   if entity.type == "ORG" or name_key(p.name) in own]
            docs_of[entity.id] = {m.doc for m in entity.mentions}
            label[entity.id] = entity.name
            if entity.type in PLACE_TYPES and any(gazetteer.country_of_name(n) for n in (entity.name, *entity.aliases)):
                # A country's name is mostly the country: its namesake towns vouch for no one ("Peru" and
                # "Chile" named together are not two towns that happen to lie near each other).
                mute.add(entity.id)
    by_doc: dict[str, list[str]] = {}
    for eid, docs in docs_of.items():
        if eid not in mute:
            for doc in docs:
                by_doc.setdefault(doc, []).append(eid)
    cell_deg = reach_km / 111.0

    def cells(places: list[Place]) -> dict[tuple[int, int], list[Place]]:
        grid: dict[tuple[int, int], list[Place]] = {}
        for p in places:
            grid.setdefault((math.floor(p.lat / cell_deg), math.floor(p.lon / cell_deg)), []).append(p)
        return grid

    grids = {eid: cells(places) for eid, places in vouching.items()}
    per_country = {eid: Counter(p.country for p in places) for eid, places in vouching.items()}

    def near(grid: dict[tuple[int, int], list[Place]], place: Place) -> bool:
        row = math.floor(place.lat / cell_deg)
        span = math.ceil(1 / max(math.cos(math.radians(place.lat)), 0.05)) + 1
        col = math.floor(place.lon / cell_deg)
        return any(haversine_km(place.lat, place.lon, p.lat, p.lon) <= reach_km
                   for r in (row - 1, row, row + 1) for c in range(col - span, col + span + 1)
                   for p in grid.get((r, c), ()))

    placed_by_name = {e.id for e in entities if e.type in PLACE_TYPES}
    together: dict[str, dict[str, tuple[float, list[str]]]] = {}
    for eid, places in candidates.items():
        if eid not in placed_by_name:
            continue  # an organisation only vouches
        # A name written almost alike is no independent witness ("Williamston" for "Williamstown": one town
        # misspelt, whose namesakes lie together in many places).
        others = sorted(o for o in {o for d in docs_of[eid] for o in by_doc.get(d, ())} - {eid}
                        if _similar(label[o], label[eid]) < cfg.geocode_variant_similarity)
        if not others:
            continue
        support: dict[str, tuple[float, list[str]]] = {}
        for place in places:
            area = gazetteer.area_km2(place.country)
            if not area:
                continue
            weight, names = 0.0, []
            for other in others:
                if not near(grids[other], place):
                    continue
                chance = max(per_country[other].get(place.country, 0), 1) * reach_area / area
                odds = min(cfg.geocode_weight_near, max(0.0, -math.log10(chance)))
                if odds > 0:
                    weight += odds
                    names.append(label[other])
            if names:
                support[place.gazetteer_id] = (round(weight, 6), sorted(set(names)))
        if support:
            together[eid] = support
    return together


def _corpus_countries_by(countries_by_doc: dict[str, dict[str, set[str]]]) -> dict[str, set[str]]:
    merged: dict[str, set[str]] = {}
    for found in countries_by_doc.values():
        for country, by in found.items():
            merged.setdefault(country, set()).update(by)
    return merged


# A country key marked so is pointed to by a place inside it, not by its name or its people ("Tenn.", "Henry
# County" say the report is in the US; "U.S." may only name an actor).
_LOCAL = "local:"


def _context_by_doc(entities: Sequence[Entity], gazetteer: Gazetteer, cfg: Config
                    ) -> tuple[dict[str, dict[str, set[str]]], dict[str, dict[str, set[str]]]]:
    """Per document, the countries and first-level regions its names point to, each with the entities that
    point there: a country's or region's own name ("Ömnögovi", "Tenn."), a people ("Mongolian"), and a place
    whose every namesake lies in one country ("Henry County" is in the US, whichever)."""
    countries: dict[str, dict[str, set[str]]] = {}
    regions: dict[str, dict[str, set[str]]] = {}
    for entity in entities:
        abbreviated_as = _abbreviated(entity, gazetteer) if entity.type in PLACE_TYPES else None
        for mention in entity.mentions:
            country, region, local = None, None, True
            if entity.type in PLACE_TYPES:
                if (abbreviated := gazetteer.abbreviation(mention.text)) and abbreviated == abbreviated_as:
                    country, region = abbreviated.country, abbreviated.name
                elif country := gazetteer.country_of_name(mention.text):
                    local = False
                else:
                    candidates = gazetteer.lookup(mention.text)
                    # "New York" names the city, not its namesake region (as in `_locate`).
                    namesakes = _namesake_regions(candidates, cfg.geocode_anchor_km)
                    named = [p for p in candidates if p.feature == "admin1" and p.gazetteer_id not in namesakes]
                    if named:
                        country, region = named[0].country, named[0].name
                    elif namesakes:
                        # A town and the region named after it ("York", "Cork") point to their country, though
                        # not to the region: "New York" is the city.
                        country = next(p.country for p in candidates if p.gazetteer_id in namesakes)
                    elif candidates and len({p.country for p in candidates}) == 1:
                        country = candidates[0].country
            elif entity.type == "NORP":
                country, local = demonym_country(mention.text, gazetteer), False
            elif entity.type == "ORG":
                if inside := _region_inside(mention.text, gazetteer):
                    country, region = inside.country, inside.name  # "the Kansas State University library"
                elif len(held := {p.country for p in _counties_inside(mention.text, gazetteer)}) == 1:
                    country = held.pop()  # "the Sangamon County Board": every Sangamon County is in the US
            if country:
                _note(countries, mention.doc, country, entity.id)
                if local:
                    _note(countries, mention.doc, _LOCAL + country, entity.id)
            if region:
                _note(regions, mention.doc, region, entity.id)
    return countries, regions


_PLACES = lexicon.load("places")
# Words that are no place on their own inside a longer name ("North Texas", "Henderson County Jail").
PHYSICAL_NEXT: dict[str, str] = _PLACES["physical_next"]
_NOT_A_PLACE_ALONE = (frozenset(_PLACES["not_places_alone"]) | frozenset(lexicon.load("names")["organisation_heads"])
                      | frozenset(_PLACES["facility_next"]) | frozenset(_PLACES["region_next"])
                      | frozenset(PHYSICAL_NEXT))
# Words before a landform's name ("Lake Robinson", "Mount Hood"): the landform is not the town.
_PHYSICAL_BEFORE = frozenset(_PLACES["landforms_before"])


def _region_inside(name: str, gazetteer: Gazetteer) -> Place | None:
    """The first-level region an organisation's name holds ("Kansas" in "Kansas State University"), or None."""
    words = name.split()
    for size in range(min(3, len(words) - 1), 0, -1):
        for k in range(len(words) - size + 1):
            piece = " ".join(words[k:k + size])
            if not piece[:1].isupper():
                continue
            if found := gazetteer.abbreviation(piece) if "." in piece else None:
                return found
            regions = [p for p in gazetteer.lookup(piece) if p.feature == "admin1"]
            if len(regions) == 1:
                return regions[0]
    return None


def _abbreviated(entity: Entity, gazetteer: Gazetteer) -> Place | None:
    """The region an entity's abbreviated name stands for ("Ill."), unless the entity also has a name of its own
    that is not that region's: "S.C." merged with "South Charleston" is the town's short form there, not South
    Carolina."""
    names = [entity.name, *entity.aliases]
    found = next((p for n in names if (p := gazetteer.abbreviation(n))), None)
    if found is None:
        return None
    own = [n for n in names if not gazetteer.abbreviation(n)]
    return found if all(name_key(n) == name_key(found.name) for n in own) else None


def _counties_inside(name: str, gazetteer: Gazetteer) -> list[Place]:
    """The counties (second-level regions) an organisation's name holds ("Sangamon County" in "Sangamon
    County Board"), or none."""
    words = name.split()
    for size in range(min(3, len(words) - 1), 1, -1):
        for k in range(len(words) - size + 1):
            if words[k][:1].isupper():
                counties = [p for p in gazetteer.lookup(" ".join(words[k:k + size])) if p.feature == "admin2"]
                if counties:
                    return counties
    return []


def _known_name(entity: Entity, gazetteer: Gazetteer) -> bool:
    """Whether the gazetteer knows one of the entity's names as it is written."""
    return any(gazetteer.abbreviation(n) or gazetteer.country_of_name(n) or gazetteer.lookup(n)
               for n in (entity.name, *entity.aliases))


def _contained_place(name: str, gazetteer: Gazetteer) -> str | None:
    """For a name the gazetteer does not know, the place name it contains, its longest known run of words:
    "North Texas", "Port of Los Angeles", "Henderson County Jail", "Athens-Clarke". None for a river, lake or
    range (no feature of that kind is in the gazetteer, and the town it shares a name with is not it)."""
    words = [w for w in re.split(r"[\s\-–]+", name) if w]
    if len(words) < 2 or words[-1].lower() in PHYSICAL_NEXT or words[0].lower().rstrip(".") in _PHYSICAL_BEFORE:
        return None
    for size in range(len(words) - 1, 0, -1):
        for k in range(len(words) - size + 1):
            run = words[k:k + size]
            piece = " ".join(run)
            if (len(piece) < 4 or not run[0][:1].isupper() or run[0].lower() in ("of", "the")
                    or all(w.lower().strip(".’'") in _NOT_A_PLACE_ALONE for w in run)):
                continue
            if gazetteer.abbreviation(piece) or gazetteer.country_of_name(piece) or gazetteer.lookup(piece):
                return piece
    return None


def _namesake_regions(candidates: Sequence[Place], reach_km: float) -> set[str]:
    """The regions among same-named places that are named after a town among them: the town is in the region
    ("New York City" in New York) or near its point ("Cork" city and County Cork, "Florence" and its province)."""
    towns = [p for p in candidates if p.feature == "city"]
    return {region.gazetteer_id for region in candidates if region.feature == "admin1" and any(
        town.country == region.country
        and (name_key(town.admin1 or "") == name_key(town.name).removesuffix(" city") == name_key(region.name)
             or name_key(town.name) == name_key(region.name)
             and haversine_km(town.lat, town.lon, region.lat, region.lon) <= reach_km)
        for town in towns)}


def _similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, name_key(a), name_key(b)).ratio()


def _heads(entity: Entity) -> list[str]:
    return sorted({m.head for m in entity.mentions if m.head})


def _locate(entity: Entity, gazetteer: Gazetteer, context: set[str], regions: set[str], corpus: set[str],
            anchors: list[tuple[float, float]], home: list[tuple[float, float]],
            together: dict[str, tuple[float, list[str]]],
            cfg: Config) -> Geo | None:
    names = [entity.name, *entity.aliases]
    if abbreviated := _abbreviated(entity, gazetteer):  # "Ill.", "W.Va."
        return Geo(round(abbreviated.lat, 5), round(abbreviated.lon, 5), "admin1", abbreviated.gazetteer_id,
                   abbreviated.country, f"the abbreviation of {abbreviated.name}")
    for name in names:
        if country := gazetteer.country_of_name(name):
            place = gazetteer.country(country)
            # A country's name means the country, unless the rest of the report points elsewhere and not to it:
            # "Georgia" among US places is the state, "Peru, Ind." the town.
            # A town by the country's name needs the towns near it in the report's own part of the world: a
            # country named in a report on its region is the country, however near a big city of another
            # country one of its namesake towns lies.
            rivals = [p for p in gazetteer.lookup(name) if p.country != country and country not in context
                      and p.country in context and (p.feature == "admin1" or p.admin1 in regions
                                                    or together.get(p.gazetteer_id, (0.0,))[0] >= cfg.geocode_weight_near
                                                    and (not home or any(haversine_km(p.lat, p.lon, *h)
                                                                         <= cfg.geocode_local_km for h in home)))]
            if place and not rivals:
                return Geo(round(place.lat, 5), round(place.lon, 5), "country", place.gazetteer_id, country,
                           "a country's name")
    # An acronym is no town's name ("PAP" is not Pap, Uzbekistan), though "US" is a country's.
    names = [n for n in names if not (n.isupper() and len(n) <= 6)]
    candidates: dict[str, Place] = {}
    for name in names:
        for place in gazetteer.lookup(name):
            if place.feature != "country":
                candidates.setdefault(place.gazetteer_id, place)
    if not candidates:
        # Spelling variants reach far ("Wakhan" ~ "Wuhan"): only close ones, in the documents' own countries.
        for name in names:
            for place in gazetteer.lookup_variant(name):
                if place.country in context and _similar(name, place.name) >= cfg.geocode_variant_similarity:
                    candidates.setdefault(place.gazetteer_id, place)
    if not candidates:
        for name in names:
            if country := demonym_country(name, gazetteer):  # "Sri Lankan" read as a place: the country
                place = gazetteer.country(country)
                if place:
                    return Geo(round(place.lat, 5), round(place.lon, 5), "country", place.gazetteer_id, country,
                               f"a people's name: {place.name}")
        for name in names:
            if piece := _contained_place(name, gazetteer):
                # Placed as that name would be, with the same evidence ("Northeast Georgia" among US places),
                # and only in a country the corpus points to: "Tavan Tolgoi" in Mongolia is not Tavan in Switzerland.
                geo = _locate(replace(entity, name=piece, aliases=()), gazetteer, context, regions, corpus,
                              anchors, home, {}, cfg)
                if geo is None or not (geo.country in context or geo.country in corpus):
                    return None
                return replace(geo, why=f"no place so named; placed by {piece!r} in it: {geo.why}")
    # A region named after its town ("Beijing", "New York") is meant by the town's name only with a head word.
    namesakes = _namesake_regions(list(candidates.values()), cfg.geocode_anchor_km)
    heads = _heads(entity)
    wants_region = any(h in ("admin1", "region", "district", "county") for h in heads)
    if not wants_region:
        candidates = {k: p for k, p in candidates.items() if k not in namesakes}
    # A region does not vouch for towns named after itself: "Ömnögovi" is the region.
    regions = regions - {p.name for p in candidates.values() if p.feature == "admin1"}

    own_names = {name_key(n) for n in names}

    def evidence(place: Place) -> list[tuple[float, str]]:
        # Evidence weighed in one sum, in tenfold-population units: a bigger place is likelier meant, and the
        # report's other places pull towards theirs. A place of the report in the same country counts most
        # ("Henry County" for Paris, Tennessee), the country's name less (it may name an actor), another report
        # of the corpus least; a region the report names, a place near one the report names that has no
        # namesake, a head word that asks for a region ("Kansas state") and a national capital each count.
        found = [(math.log10(place.population + 1), f"{place.population:,} people")]
        distances = [haversine_km(place.lat, place.lon, lat, lon) for lat, lon in anchors]
        if (any(haversine_km(place.lat, place.lon, lat, lon) <= cfg.geocode_local_km for lat, lon in home)
                or (not anchors and _LOCAL + str(place.country) in context)):
            found.append((cfg.geocode_weight_local_country, "in the report's own country"))
        elif place.country in context:
            found.append((cfg.geocode_weight_named_country, "its country named in the report"))
        elif place.country in corpus:
            found.append((cfg.geocode_weight_corpus_country, "its country named in the corpus"))
        if place.admin1 is not None and place.admin1 in regions:
            found.append((cfg.geocode_weight_region, f"{place.admin1} named"))
        if any(d <= cfg.geocode_anchor_km for d in distances):
            found.append((cfg.geocode_weight_near, "near another place of the report"))
        if place.gazetteer_id in together:
            weight, others = together[place.gazetteer_id]
            found.append((weight, "near places the report may mean by " + ", ".join(others)))
        if wants_region and place.feature in ("admin1", "admin2"):
            found.append((cfg.geocode_weight_head, "a region, as its head word says"))
        if place.capital:
            found.append((cfg.geocode_weight_capital, "a national capital"))
        if name_key(place.name) in own_names:
            found.append((cfg.geocode_weight_own_name, "its own name"))  # not only one of its alternate names
        return found

    def score(place: Place) -> tuple:
        return (round(sum(w for w, _ in evidence(place)), 6), _FEATURE_RANK.get(place.feature, 0),
                place.gazetteer_id)

    if not candidates:
        return None
    best = max(candidates.values(), key=score)
    physical = [h for h in heads if h not in ("admin1", "region", "district", "county", "city", "village")]
    feature = physical[0] if physical else best.feature
    where = f"{best.name}, {best.admin1}" if best.admin1 else best.name
    why = (f"the only place so named ({where})" if len(candidates) == 1 else
           f"{where}, of {len(candidates)} places so named: " + "; ".join(r for _, r in evidence(best)))
    return Geo(round(best.lat, 5), round(best.lon, 5), feature, best.gazetteer_id, best.country, why)
