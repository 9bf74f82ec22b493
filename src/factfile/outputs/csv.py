"""csv/: one table per kind of item in a factfile, one row per item, for spreadsheets.

Reads a factfile/1 object (so `factfile report` can rebuild the tables from the JSON alone).
Files are UTF-8 with a byte-order mark, which spreadsheet programs need to read accents.
A cell that starts like a formula (=, +, -, @) gets a leading apostrophe: the text of an
article must never run as a formula in a reader's spreadsheet.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from factfile.outputs import corrections

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _table(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def value_words(value: dict[str, Any]) -> str:
    """A claim value as a reader would say it: '420000000 USD', '2025-03-11 (day)', 'Sainshand'."""
    if value["type"] == "date":
        return f"{value['date']} ({value['precision']})" if value["date"] else f"{value['text']} (not placed)"
    if value["type"] == "entity":
        return value["text"]
    if value["type"] == "duration":
        return f"{value['text']} ({value['timex']['value']})"
    unit = value.get("currency") or value.get("unit") or ""
    amount = _cell(value["amount"])
    if value.get("amount_max") is not None:
        amount += f"-{_cell(value['amount_max'])}"
    approx = "" if value.get("approx", "exact") == "exact" else f"{value['approx'].replace('_', ' ')} "
    return f"{approx}{amount} {unit}".strip()


def tables(data: dict[str, Any]) -> dict[str, str]:
    """File name -> CSV text, for every table."""
    names = {e["id"]: e["name"] for e in data["entities"]}
    publisher = {d["id"]: d["publisher"] for d in data["documents"]}
    groups_of: dict[str, list[dict]] = {}
    for group in data["groups"]:
        for claim_id in group["claims"]:
            groups_of.setdefault(claim_id, []).append(group)
    claims_per_doc: dict[str, int] = {}
    for claim in data["claims"]:
        claims_per_doc[claim["doc"]] = claims_per_doc.get(claim["doc"], 0) + 1
    join = "; ".join
    labels = {g["id"]: g["label"] for g in data["groups"]}
    what = {c["id"]: c["what"] for c in corrections(data)}
    return {
        "documents.csv": _table(
            ["id", "source", "title", "published", "publisher", "author", "url", "language", "words", "claims",
             "published_reason"],
            [[d["id"], d["source"], d["title"], d["published"], d["publisher"], d["author"], d["url"], d["language"],
              len(d["text"].split()), claims_per_doc.get(d["id"], 0), d.get("published_reason")]
             for d in data["documents"]]),
        "entities.csv": _table(
            ["id", "name", "type", "aliases", "mentions", "documents", "lat", "lon", "feature", "country"],
            [[e["id"], e["name"], e["type"], join(e["aliases"]), len(e["mentions"]),
              join(sorted({m["doc"] for m in e["mentions"]})),
              *((e["geo"]["lat"], e["geo"]["lon"], e["geo"]["feature"], e["geo"]["country"]) if e["geo"]
                else (None, None, None, None))]
             for e in data["entities"]]),
        "claims.csv": _table(
            ["id", "doc", "outlet", "start", "end", "text", "subject", "predicate", "values", "modality",
             "attributed_to", "channel", "origin", "groups", "statuses"],
            [[c["id"], c["doc"], publisher.get(c["doc"]), c["start"], c["end"], c["text"], names.get(c["subject"]),
              c["predicate"], join(value_words(v) for v in c["value"]), c["modality"], c["attributed_to"],
              c.get("channel"), c.get("origin"), join(g["id"] for g in groups_of.get(c["id"], [])),
              join(g["status"] for g in groups_of.get(c["id"], []))]
             for c in data["claims"]]),
        "groups.csv": _table(
            ["id", "label", "status", "independent_sources", "documents", "claims", "summary"],
            [[g["id"], g["label"], g["status"], g["independent_sources"], join(g["docs"]), join(g["claims"]),
              g["summary"]] for g in data["groups"]]),
        "timeline.csv": _table(
            ["date", "precision", "qualifier", "text", "doc", "documents", "resolved_from", "note", "claims"],
            [[t["date"], t["precision"], t.get("qualifier"), t["text"], t["doc"], join(t.get("docs", [t["doc"]])),
              t["resolved_from"], t.get("note"), join(t["claims"])] for t in data["timeline"]]),
        # Reviewers' judgements, one row each (empty until someone judges in 'factfile serve'): verdicts on
        # groups, and corrections with what they did.
        "judgements.csv": _table(
            ["id", "verdict", "group", "group_label", "claim", "entity", "into", "words", "what", "applied", "note",
             "who", "made"],
            [[j["id"], j["verdict"], j["group"], labels.get(j["group"], ""), j["claim"], j["entity"], j["into"],
              j["words"], what.get(j["id"], ""), j["applied"], j["note"], j["who"], j["made"]]
             for j in data.get("judgements", [])]),
        "warnings.csv": _table(
            ["doc", "kind", "message", "start", "end"],
            [[w["doc"], w["kind"], w["message"], w["start"], w["end"]] for w in data["warnings"]]),
    }
