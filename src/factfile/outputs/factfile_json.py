"""factfile/1: the one place a `FactBase` becomes JSON, and where JSON is checked.

Output is deterministic: fields in a fixed order, items sorted by the stages,
no timestamps, so the same corpus gives a byte-identical file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from factfile import __version__
from factfile.model import (Claim, Document, Entity, FactBase, Group, Judgement, Rejection, TimelineEntry, Value,
                            Warning)

SCHEMA_NAME = "factfile/1"


def document_to_dict(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "source": doc.source,
        "title": doc.title,
        "standfirst": doc.standfirst,
        "published": doc.published,
        "published_evidence": doc.published_evidence,
        "published_reason": doc.published_reason,
        "author": doc.author,
        "publisher": doc.publisher,
        "url": doc.url,
        "language": doc.language,
        "encoding": doc.encoding,
        "text": doc.text,
        "removed": [{"text": r.text, "reason": r.reason} for r in doc.removed],
        "cites": [{"name": c.name, "kind": c.kind, "spans": [list(s) for s in c.spans]} for c in doc.cites],
    }


def entity_to_dict(entity: Entity) -> dict[str, Any]:
    geo = entity.geo
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "mentions": [{"doc": m.doc, "start": m.start, "end": m.end, "text": m.text}
                     | ({"part": m.part} if m.part != "text" else {}) for m in entity.mentions],
        "geo": None if geo is None else {
            "lat": geo.lat, "lon": geo.lon, "feature": geo.feature, "gazetteer_id": geo.gazetteer_id,
            "country": geo.country, "why": geo.why,
        },
        "merges": [{"alias": m.alias, "rule": m.rule, "evidence": m.evidence} for m in entity.merges],
    }


def value_to_dict(value: Value) -> dict[str, Any]:
    if value.type == "date":
        data = {"type": "date", "date": value.date, "precision": value.precision, "text": value.text}
        if value.qualifier:
            data["qualifier"] = value.qualifier
        data["note"] = value.note
        if value.timex:
            data["timex"] = {"type": value.timex_type, "value": value.timex}
        return data
    if value.type == "duration":
        return {"type": "duration", "text": value.text, "timex": {"type": value.timex_type, "value": value.timex}}
    if value.type == "entity":
        return {"type": "entity", "entity": value.entity, "text": value.text}
    data: dict[str, Any] = {"type": value.type, "amount": value.amount}
    data["currency" if value.type == "money" else "unit"] = value.unit
    data["text"] = value.text
    data["approx"] = value.approx
    if value.amount_max is not None:
        data["amount_max"] = value.amount_max
    return data


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "doc": claim.doc,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "subject": claim.subject,
        "predicate": claim.predicate,
        "value": [value_to_dict(v) for v in claim.values],
        "modality": claim.modality,
        "attributed_to": claim.attributed_to,
        "channel": claim.channel,
        "entities": list(claim.entities),
        "origin": claim.origin,
    }


def group_to_dict(group: Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "label": group.label,
        "claims": list(group.claims),
        "docs": list(group.docs),
        "status": group.status,
        "independent_sources": group.independent_sources,
        "summary": group.summary,
        "origins": dict(group.origins),
    }


def timeline_entry_to_dict(entry: TimelineEntry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": entry.date,
        "precision": entry.precision,
        "text": entry.text,
        "doc": entry.doc,
        "claims": list(entry.claims),
        "resolved_from": entry.resolved_from,
        "docs": list(entry.docs),
    }
    if entry.qualifier:
        data["qualifier"] = entry.qualifier
    data["note"] = entry.note
    return data


def to_dict(factbase: FactBase) -> dict[str, Any]:
    """The factfile/1 object for `factbase`."""
    judged = {"judgements": [judgement_to_dict(j) for j in factbase.judgements]} if factbase.judgements else {}
    # A corpus of one story is written as before stories were told apart.
    stories = {"stories": [{"id": s.id, "label": s.label, "docs": list(s.docs)} for s in factbase.stories]
               } if len(factbase.stories) > 1 else {}
    return {
        **head(factbase.corpus_path, len(factbase.documents), factbase.rejected),
        "documents": [document_to_dict(d) for d in factbase.documents],
        "entities": [entity_to_dict(e) for e in factbase.entities],
        "claims": [claim_to_dict(c) for c in factbase.claims],
        "groups": [group_to_dict(g) for g in factbase.groups],
        "timeline": [timeline_entry_to_dict(t) for t in factbase.timeline],
        "warnings": [warning_to_dict(w) for w in factbase.warnings],
        **stories,
        **judged,
    }


def warning_to_dict(warning: Warning) -> dict[str, Any]:
    return {"doc": warning.doc, "kind": warning.kind, "message": warning.message, "start": warning.start,
            "end": warning.end}


def head(corpus_path: str, documents: int, rejected: Sequence[Rejection]) -> dict[str, Any]:
    """What a factfile/1 object says before its items: schema, tool, corpus."""
    corpus: dict[str, Any] = {"path": corpus_path, "documents": documents}
    if rejected:
        corpus["rejected"] = [{"source": r.source, "reason": r.reason} for r in rejected]
    return {"schema": SCHEMA_NAME, "tool": {"name": "factfile", "version": __version__}, "corpus": corpus}


SECTIONS = ("documents", "entities", "claims", "groups", "timeline", "warnings")


def story_part(top: dict[str, Any], documents: Sequence[Document], entities: Sequence[Entity],
               claims: Sequence[Claim], groups: Sequence[Group], timeline: Sequence[TimelineEntry],
               warnings: Sequence[Warning], judgements: Sequence[Judgement] = ()) -> tuple[dict[str, Any], dict[str, list]]:
    """One story's part of the factfile/1 object whose `head` is `top` (as `outputs.story_slices` cuts
    it from the whole), and each item's key: where it stands in its section of the whole object, the
    order `pipeline.collect` sorts a fact base in (items with equal keys stand in the order of the
    stories, then as the story gives them). `judgements` are the story's, their `applied` set."""
    from factfile.stages.group import group_order
    from factfile.stages.resolve import entity_order
    from factfile.stages.timeline import timeline_order

    def by_key(pairs):
        return sorted(pairs, key=lambda pair: pair[0])  # stable: the stage's order among equal keys

    keyed = {
        "documents": by_key((d.id, document_to_dict(d)) for d in documents),
        "entities": by_key((entity_order(e), entity_to_dict(e)) for e in entities),
        "claims": by_key((c.doc, claim_to_dict(c)) for c in claims),
        "groups": by_key((group_order(g), group_to_dict(g)) for g in groups),
        "timeline": by_key((timeline_order(t), timeline_entry_to_dict(t)) for t in timeline),
        "warnings": by_key((w.doc, warning_to_dict(w)) for w in warnings),
    }
    part: dict[str, Any] = {**top, "corpus": {**top["corpus"], "documents": len(documents)}}
    part.update((section, [item for _, item in keyed[section]]) for section in SECTIONS)
    if judgements:
        part["judgements"] = [judgement_to_dict(j) for j in judgements]
    return part, {section: [key for key, _ in keyed[section]] for section in SECTIONS}


def judgement_to_dict(judgement: Judgement) -> dict[str, Any]:
    """A reviewer's judgement as factfile/1 writes it."""
    return {"id": judgement.id, "verdict": judgement.verdict, "group": judgement.group, "claim": judgement.claim,
            "entity": judgement.entity, "into": judgement.into, "words": judgement.words, "note": judgement.note,
            "who": judgement.who, "made": judgement.made, "applied": judgement.applied}


def dumps(data: dict[str, Any]) -> str:
    return encoded(data).decode("utf-8")


def encoded(data: dict[str, Any]) -> bytes:
    """`data` as factfile.json holds it: indented by two spaces, UTF-8 as it is."""
    return indented_json(data) + b"\n"


def indented_json(value: Any) -> bytes:
    """`value` as factfile.json writes it at the top level (no newline after). orjson writes the bytes
    the standard library's json writes, 30 times faster (a 10,000-report corpus is 340 MB); the
    standard library takes an integer beyond 64 bits, which no report's offsets reach."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of factfile/1 shipped with the package."""
    text = resources.files("factfile").joinpath("schema/factfile-1.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def problems(data: dict[str, Any]) -> list[str]:
    """Everything wrong with a factfile/1 object: schema violations, then spans that do not point at their words."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    found = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if found:
        return found
    texts = {doc["id"]: doc["text"] for doc in data["documents"]}
    if len(texts) != len(data["documents"]):
        found.append("documents: ids are not unique")

    def check_span(where: str, doc: str, start: int, end: int, text: str | None) -> None:
        body = texts.get(doc)
        if body is None:
            found.append(f"{where}: unknown document '{doc}'")
        elif not 0 <= start <= end <= len(body):
            found.append(f"{where}: span {start}:{end} is outside the document's text")
        elif text is not None and body[start:end] != text:
            found.append(f"{where}: text {text!r} is not the document's text at {start}:{end}")

    for d, doc in enumerate(data["documents"]):
        for c, cite in enumerate(doc["cites"]):
            for start, end in cite["spans"]:
                check_span(f"documents/{d}/cites/{c}", doc["id"], start, end, None)
    titles = {d["id"]: d.get("title") or "" for d in data["documents"]}
    for e, entity in enumerate(data["entities"]):
        for m, mention in enumerate(entity["mentions"]):
            if mention.get("part") == "title":
                if titles.get(mention["doc"], "")[mention["start"]:mention["end"]] != mention["text"]:
                    found.append(f"entities/{e}/mentions/{m}: text {mention['text']!r} is not the document's title "
                                 f"at {mention['start']}:{mention['end']}")
                continue
            check_span(f"entities/{e}/mentions/{m}", mention["doc"], mention["start"], mention["end"], mention["text"])
    for c, claim in enumerate(data["claims"]):
        check_span(f"claims/{c}", claim["doc"], claim["start"], claim["end"], claim["text"])
        for v, value in enumerate(claim["value"]):
            if value["text"] not in claim["text"]:
                found.append(f"claims/{c}/value/{v}: {value['text']!r} does not occur in the claim's text")
    for w, warning in enumerate(data["warnings"]):
        if warning["start"] is not None:
            check_span(f"warnings/{w}", warning["doc"], warning["start"], warning["end"], None)
    return found


def read(path: Path) -> dict[str, Any]:
    """A factfile.json from disk."""
    from factfile.errors import InputError

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} is not JSON ({exc}); give a factfile.json written by 'factfile build'") from exc
