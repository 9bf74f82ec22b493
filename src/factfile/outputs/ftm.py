"""entities.ftm.jsonl: the reports, people, organisations and places as followthemoney entities,
the format Aleph, Datashare's exports and the ftm tools read ('aleph crawldir' / 'alephclient
write-entities' import it as is).

One JSON object per line, each {"id", "schema", "properties"} with every property value a string:
- each report is an `Article` (title, author, publisher, date, address, its text, and the names
  it mentions);
- each person is a `Person` and each organisation an `Organization`, named as factfile names it
  with every other spelling the reports use as `alias`;
- each place is an `Address` (with the gazetteer's coordinates and country when factfile placed it);
- each spelling of a person or organisation in a report is a `Mention` (the report, the words,
  the entity it resolves to), and each place a report names a `Documentation` linking the two,
  since a `Mention` resolves only to people and organisations.

Ids are stable across builds: a hash of what the entity stands for, prefixed by its kind.
Written from a factfile/1 object, like every other view.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

_SCHEMA_OF_TYPE = {"PERSON": "Person", "ORG": "Organization", "GPE": "Address", "LOC": "Address", "FAC": "Address"}

# followthemoney writes languages as ISO 639-3; factfile's cleaning stage tells English ("en") from
# the rest ("und", which has no language to write).
_ISO_639_3 = {"en": "eng"}


def entity_id(kind: str, *parts: str) -> str:
    """A followthemoney id for what `parts` name: stable, and only letters, digits and hyphens."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"factfile-{kind}-{digest}"


def _entity(schema: str, id_: str, properties: dict[str, list[str]]) -> dict[str, Any]:
    kept = {name: values for name, values in properties.items() if values}
    return {"id": id_, "schema": schema, "properties": kept}


def _number(value: float) -> str:
    return format(value, "g") if abs(value) < 1e6 else repr(value)


def entities(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The followthemoney entities of a factfile/1 object, articles first, then people,
    organisations and places, then mentions; each group in the factfile's order."""
    articles, nodes, mentions = part_entities(data)
    return [*articles, *(n for n in nodes if n), *(m for ms in mentions for m in ms)]


def part_entities(part: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any] | None],
                                                   list[list[dict[str, Any]]]]:
    """The followthemoney entities of `part` (a factfile/1 object, or one story's part of one): an
    article for each of its documents; for each of its entities, its node (None for a kind ftm has no
    schema for) and its mentions."""
    article_of = {doc["id"]: entity_id("article", doc["id"]) for doc in part["documents"]}
    exported = [e for e in part["entities"] if e["type"] in _SCHEMA_OF_TYPE]
    node_of = {e["id"]: entity_id(_SCHEMA_OF_TYPE[e["type"]].lower(), e["id"]) for e in exported}

    named_in: dict[str, dict[str, list[str]]] = {}  # report -> property -> names, in order
    for entity in exported:
        prop = {"Person": "peopleMentioned", "Organization": "companiesMentioned",
                "Address": "locationMentioned"}[_SCHEMA_OF_TYPE[entity["type"]]]
        for doc_id in dict.fromkeys(m["doc"] for m in entity["mentions"]):
            named_in.setdefault(doc_id, {}).setdefault(prop, []).append(entity["name"])

    articles = []
    for doc in part["documents"]:
        names = named_in.get(doc["id"], {})
        articles.append(_entity("Article", article_of[doc["id"]], {
            "title": [doc["title"]] if doc["title"] else [],
            "name": [doc["title"] or doc["source"]],
            "fileName": [doc["source"]],
            "summary": [doc["standfirst"]] if doc.get("standfirst") else [],
            "author": [doc["author"]] if doc["author"] else [],
            "publisher": [doc["publisher"]] if doc["publisher"] else [],
            "publishedAt": [doc["published"]] if doc["published"] else [],
            "sourceUrl": [doc["url"]] if doc["url"] else [],
            "language": [_ISO_639_3[doc["language"]]] if doc["language"] in _ISO_639_3 else [],
            "bodyText": [doc["text"]],
            "peopleMentioned": names.get("peopleMentioned", []),
            "companiesMentioned": names.get("companiesMentioned", []),
            "locationMentioned": names.get("locationMentioned", []),
        }))
    nodes: list[dict[str, Any] | None] = []
    mentions: list[list[dict[str, Any]]] = []
    for entity in part["entities"]:
        if entity["type"] not in _SCHEMA_OF_TYPE:
            nodes.append(None)
            mentions.append([])
            continue
        schema = _SCHEMA_OF_TYPE[entity["type"]]
        properties: dict[str, list[str]] = {"name": [entity["name"]], "alias": list(entity["aliases"])}
        geo = entity["geo"]
        if schema == "Address":
            properties["full"] = [entity["name"]]
            if geo:
                properties["latitude"] = [_number(geo["lat"])]
                properties["longitude"] = [_number(geo["lon"])]
                properties["country"] = [geo["country"].lower()] if geo["country"] else []
        nodes.append(_entity(schema, node_of[entity["id"]], properties))
        seen: set[tuple[str, str]] = set()
        said: list[dict[str, Any]] = []
        for mention in entity["mentions"]:
            key = (mention["doc"], mention["text"])
            if key in seen or mention["doc"] not in article_of:
                continue
            seen.add(key)
            if schema == "Address":
                said.append(_entity("Documentation", entity_id("documentation", entity["id"], *key), {
                    "document": [article_of[mention["doc"]]],
                    "entity": [node_of[entity["id"]]],
                    "role": ["place named in the report"],
                    "summary": [mention["text"]],
                }))
            else:
                said.append(_entity("Mention", entity_id("mention", entity["id"], *key), {
                    "document": [article_of[mention["doc"]]],
                    "resolved": [node_of[entity["id"]]],
                    "name": [mention["text"]],
                    "detectedSchema": [schema],
                }))
        mentions.append(said)
    return articles, nodes, mentions


def line(entity: dict[str, Any]) -> str:
    """One followthemoney entity as a line of entities.ftm.jsonl."""
    return json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n"


def render(data: dict[str, Any]) -> str:
    """The followthemoney entities of a factfile/1 object as JSON lines (text)."""
    return "".join(map(line, entities(data)))
