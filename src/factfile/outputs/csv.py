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


class _Lines:
    """CSV lines, one row at a time (a cell may hold line breaks: a line is a row, not a text line)."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def __call__(self, row: list[Any]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow([_cell(v) for v in row])
        return self._buffer.getvalue()


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


# Each table's columns, and the factfile section whose items are its rows (judgements: see `judgement_rows`).
HEADERS = {
    "documents.csv": ["id", "source", "title", "published", "publisher", "author", "url", "language", "words",
                      "claims", "published_reason"],
    "entities.csv": ["id", "name", "type", "aliases", "mentions", "documents", "lat", "lon", "feature", "country"],
    "claims.csv": ["id", "doc", "outlet", "start", "end", "text", "subject", "predicate", "values", "modality",
                   "attributed_to", "channel", "origin", "groups", "statuses"],
    "groups.csv": ["id", "label", "status", "independent_sources", "documents", "claims", "summary"],
    "timeline.csv": ["date", "precision", "qualifier", "text", "doc", "documents", "resolved_from", "note", "claims"],
    "warnings.csv": ["doc", "kind", "message", "start", "end"],
    # Reviewers' judgements, one row each (empty until someone judges in 'factfile serve'): verdicts on
    # groups, and corrections with what they did.
    "judgements.csv": ["id", "verdict", "group", "group_label", "claim", "entity", "into", "words", "what", "applied",
                       "note", "who", "made"],
}
SECTION_OF = {"documents.csv": "documents", "entities.csv": "entities", "claims.csv": "claims",
              "groups.csv": "groups", "timeline.csv": "timeline", "warnings.csv": "warnings"}


def header(name: str) -> str:
    return _Lines()(HEADERS[name])


def rows(part: dict[str, Any]) -> dict[str, list[str]]:
    """Each table but judgements.csv: one CSV line per item of its section of `part` (a factfile/1
    object, or one story's part of one), in the part's order."""
    names = {e["id"]: e["name"] for e in part["entities"]}
    publisher = {d["id"]: d["publisher"] for d in part["documents"]}
    groups_of: dict[str, list[dict]] = {}
    for group in part["groups"]:
        for claim_id in group["claims"]:
            groups_of.setdefault(claim_id, []).append(group)
    claims_per_doc: dict[str, int] = {}
    for claim in part["claims"]:
        claims_per_doc[claim["doc"]] = claims_per_doc.get(claim["doc"], 0) + 1
    join = "; ".join
    line = _Lines()
    return {
        "documents.csv": [line(
            [d["id"], d["source"], d["title"], d["published"], d["publisher"], d["author"], d["url"], d["language"],
             len(d["text"].split()), claims_per_doc.get(d["id"], 0), d.get("published_reason")])
            for d in part["documents"]],
        "entities.csv": [line(
            [e["id"], e["name"], e["type"], join(e["aliases"]), len(e["mentions"]),
             join(sorted({m["doc"] for m in e["mentions"]})),
             *((e["geo"]["lat"], e["geo"]["lon"], e["geo"]["feature"], e["geo"]["country"]) if e["geo"]
               else (None, None, None, None))])
            for e in part["entities"]],
        "claims.csv": [line(
            [c["id"], c["doc"], publisher.get(c["doc"]), c["start"], c["end"], c["text"], names.get(c["subject"]),
             c["predicate"], join(value_words(v) for v in c["value"]), c["modality"], c["attributed_to"],
             c.get("channel"), c.get("origin"), join(g["id"] for g in groups_of.get(c["id"], [])),
             join(g["status"] for g in groups_of.get(c["id"], []))])
            for c in part["claims"]],
        "groups.csv": [line(
            [g["id"], g["label"], g["status"], g["independent_sources"], join(g["docs"]), join(g["claims"]),
             g["summary"]]) for g in part["groups"]],
        "timeline.csv": [line(
            [t["date"], t["precision"], t.get("qualifier"), t["text"], t["doc"], join(t.get("docs", [t["doc"]])),
             t["resolved_from"], t.get("note"), join(t["claims"])]) for t in part["timeline"]],
        "warnings.csv": [line([w["doc"], w["kind"], w["message"], w["start"], w["end"]]) for w in part["warnings"]],
    }


def judgement_rows(data: dict[str, Any]) -> list[str]:
    """judgements.csv's lines for the judgements of `data` (a factfile/1 object holding, besides its
    judgements, at least the groups, claims, entities and documents they name)."""
    labels = {g["id"]: g["label"] for g in data["groups"]}
    what = {c["id"]: c["what"] for c in corrections(data)}
    line = _Lines()
    return [line([j["id"], j["verdict"], j["group"], labels.get(j["group"], ""), j["claim"], j["entity"], j["into"],
                  j["words"], what.get(j["id"], ""), j["applied"], j["note"], j["who"], j["made"]])
            for j in data.get("judgements", [])]

