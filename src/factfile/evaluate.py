"""Score a factfile's entities and places against a hand-written gold file.

A gold file (for example ``examples/gobi-rail.gold.json``) is one JSON object:

```
{
  "entities": [
    {"key": "P-khishig-t", "name": "Tumurbaatar Khishig", "type": "PERSON",
     "mentions": [["01_steppe-daily", "Tumurbaatar Khishig"], ["03_mongolia-business-review", "Khishig"]]}
  ],
  "keep_apart": [["P-khishig-t", "P-khishig-o"]],
  "places": [{"key": "L-khanbogd", "lat": 43.2, "lon": 107.2, "tolerance_km": 30}]
}
```

- ``entities``: every real-world thing the reports name. ``key`` is unique in the
  file; ``name`` and ``type`` are for people reading it. ``mentions`` lists each
  ``[document id, surface text]`` pair a careful reader links to the entity, once
  per document even when the surface repeats. A surface is the name as written,
  without titles ("Khishig", not "Minister Khishig") or a leading "the", and it
  occurs verbatim in that document's cleaned ``text``. Pronouns and common-noun
  references ("the minister") are not listed. No pair belongs to two entities.
- ``keep_apart``: pairs of entity keys that look alike but are different things;
  a prediction that merges them is reported.
- ``places``: the entities with known coordinates (decimal degrees, WGS84) and
  how far, in kilometres, a predicted ``geo`` point may lie from them.
- ``claims``: claims a careful reader finds, each ``{"doc", "contains", "values",
  "modality"}``: ``contains`` is a phrase of the claim's text that identifies it,
  ``values`` its typed values (``type``, ``amount``, ``currency`` or ``unit``,
  optional ``amount_max``), ``modality`` as in factfile/1.
- ``groups``: claims from several documents about one thing, each
  ``{"key", "status", "kind", "claims": [[doc, phrase], ...], "origins": {doc: label}}``.
  ``kind`` is the value kind the group is about (``money``, ``quantity``, ``count``,
  ``place`` or ``status``); ``origins`` gives each document's independent origin
  (documents with the same label are one origin: copies of one wire story, or a
  report quoting another).
- ``document_origins``: each document's own origin label.
- ``dates``: time expressions and where a careful reader places them, each
  ``{"doc", "text", "date", "precision"}``; ``text`` is the expression as written in
  the document, ``date`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``precision``
  year, month or day), or null when the text gives no way to place it ("recently",
  or "on Thursday" in a report with no publication date). A null that the factfile
  resolves anyway is counted as a guess.
- Any other top-level field (such as ``about``) is ignored.

Matching is by exact text: a gold mention is found when the factfile has a
mention in the same document whose ``text`` equals the surface. Merging is scored
pairwise over gold mentions, geocoding per gold place. Both functions take plain
dicts (a parsed factfile/1 object and a parsed gold file) and return plain dicts.
``geo_scores`` also lists ``spurious_geo``: gold entities that are not places
(a fictional mine, a company) whose predicted entity was given coordinates; they
are reported but do not change the scores.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from factfile.stages.geocode import haversine_km



def _pairs(n: int) -> int:
    """Number of unordered pairs among n items."""
    return n * (n - 1) // 2


def _ratio(num: int, den: int) -> float:
    """num / den, or 1.0 when there is nothing to divide by."""
    return num / den if den else 1.0


def _f1(p: float, r: float) -> float:
    """Harmonic mean of precision and recall (0.0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def _gold_mentions(gold: dict) -> list[tuple[str, str, str]]:
    """Every (gold key, doc, surface) in the gold file, each pair once."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for ent in gold.get("entities", []):
        for doc, surface in ent.get("mentions", []):
            item = (ent["key"], doc, surface)
            if item not in seen:
                seen.add(item)
                out.append(item)
    return out


def _surface_index(factfile: dict) -> dict[tuple[str, str], str]:
    """Map each (doc, mention text) in the factfile to its most common entity id."""
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for ent in factfile.get("entities", []):
        for m in ent.get("mentions", []):
            counts[(m["doc"], m["text"])][ent["id"]] += 1
    return {k: min(c, key=lambda eid: (-c[eid], eid)) for k, c in counts.items()}


def _link(factfile: dict, gold: dict) -> list[tuple[str, str, str, str | None]]:
    """Each gold mention as (key, doc, surface, predicted entity id or None)."""
    index = _surface_index(factfile)
    return [(key, doc, s, index.get((doc, s))) for key, doc, s in _gold_mentions(gold)]


def entity_scores(factfile: dict, gold: dict) -> dict[str, Any]:
    """Pairwise merge precision/recall of the factfile's entities against the gold mentions."""
    linked = _link(factfile, gold)
    matched = [(key, pred) for key, _doc, _s, pred in linked if pred is not None]
    by_gold = Counter(key for key, _doc, _s, _pred in linked)
    by_pred = Counter(pred for _key, pred in matched)
    by_both = Counter(matched)
    pairs_gold = sum(_pairs(n) for n in by_gold.values())
    pairs_predicted = sum(_pairs(n) for n in by_pred.values())
    true_pairs = sum(_pairs(n) for n in by_both.values())
    precision = _ratio(true_pairs, pairs_predicted)
    recall = _ratio(true_pairs, pairs_gold)

    preds_of: dict[str, set[str]] = defaultdict(set)
    for key, pred in matched:
        preds_of[key].add(pred)
    violations = []
    for a, b in gold.get("keep_apart", []):
        for pred in sorted(preds_of[a] & preds_of[b]):
            violations.append((a, b, pred))

    return {
        "merge_precision": precision,
        "merge_recall": recall,
        "merge_f1": _f1(precision, recall),
        "pairs_predicted": pairs_predicted,
        "pairs_gold": pairs_gold,
        "true_pairs": true_pairs,
        "mentions_gold": len(linked),
        "mentions_matched": len(matched),
        "mention_recall": _ratio(len(matched), len(linked)),
        "keep_apart_violations": violations,
        "unmatched_gold_mentions": [(key, doc, s) for key, doc, s, pred in linked if pred is None],
    }


def geo_scores(factfile: dict, gold: dict) -> dict[str, Any]:
    """Geocoding precision/recall of the factfile's entities against the gold places."""
    entities = {ent["id"]: ent for ent in factfile.get("entities", [])}
    preds_of: dict[str, Counter] = defaultdict(Counter)
    for key, _doc, _s, pred in _link(factfile, gold):
        if pred is not None:
            preds_of[key][pred] += 1

    def majority(key: str) -> dict | None:
        """The predicted entity most of a gold entity's mentions map to (ties: one with geo, then by id)."""
        votes = preds_of.get(key)
        if not votes:
            return None
        best = min(votes, key=lambda eid: (-votes[eid], entities[eid].get("geo") is None, eid))
        return entities[best]

    places = gold.get("places", [])
    place_keys = {p["key"] for p in places}
    correct = predicted = 0
    errors: list[tuple[str, str | None, float | str]] = []
    for place in places:
        ent = majority(place["key"])
        geo = ent.get("geo") if ent else None
        if not geo:
            errors.append((place["key"], ent["name"] if ent else None, "no geo"))
            continue
        predicted += 1
        dist = haversine_km(place["lat"], place["lon"], geo["lat"], geo["lon"])
        if dist <= place["tolerance_km"]:
            correct += 1
        else:
            errors.append((place["key"], ent["name"], round(dist, 1)))

    spurious = []
    for gent in gold.get("entities", []):
        if gent["key"] in place_keys:
            continue
        ent = majority(gent["key"])
        if ent is not None and ent.get("geo"):
            spurious.append((gent["key"], ent["name"]))

    return {
        "geo_precision": _ratio(correct, predicted),
        "geo_recall": _ratio(correct, len(places)),
        "geo_correct": correct,
        "geo_predicted": predicted,
        "geo_gold": len(places),
        "errors": errors,
        "spurious_geo": spurious,
    }


# --- claims, groups and origins -----------------------------------------------------


def _find_claim(factfile: dict, doc: str, phrase: str) -> dict | None:
    found = [c for c in factfile["claims"] if c["doc"] == doc and phrase in c["text"]]
    return min(found, key=lambda c: len(c["text"])) if found else None


def _same_value(gold: dict, predicted: dict) -> bool:
    if gold["type"] != predicted["type"]:
        return False
    unit = "currency" if gold["type"] == "money" else "unit"
    if gold.get(unit) and str(gold[unit]).rstrip("s") != str(predicted.get(unit, "")).rstrip("s"):
        return False
    amount = predicted.get("amount") or 0
    close = abs(amount - gold["amount"]) <= 0.005 * max(abs(gold["amount"]), 1e-9)
    return close and (gold.get("amount_max") is None or abs((predicted.get("amount_max") or 0) - gold["amount_max"])
                      <= 0.005 * gold["amount_max"])


def claim_scores(factfile: dict, gold: dict) -> dict[str, Any]:
    """Precision and recall of the gold claims' typed values, and how often their modality is right."""
    gold_values = predicted_values = correct = found = modality_right = 0
    missing: list[tuple[str, str]] = []
    for item in gold.get("claims", []):
        claim = _find_claim(factfile, item["doc"], item["contains"])
        numeric = [v for v in item["values"]]
        gold_values += len(numeric)
        if claim is None:
            missing.append((item["doc"], item["contains"]))
            continue
        found += 1
        modality_right += claim["modality"] == item["modality"]
        predicted = [v for v in claim["value"] if v["type"] in ("money", "quantity", "count")]
        predicted_values += len(predicted)
        correct += sum(any(_same_value(g, p) for p in predicted) for g in numeric)
    total = len(gold.get("claims", []))
    precision, recall = _ratio(correct, predicted_values), _ratio(correct, gold_values)
    return {"claims_found": found, "claims_gold": total, "value_precision": precision, "value_recall": recall,
            "value_f1": _f1(precision, recall), "modality_accuracy": _ratio(modality_right, found),
            "missing_claims": missing}


def group_scores(factfile: dict, gold: dict) -> dict[str, Any]:
    """Status accuracy of the gold groups, and pairwise precision and recall of their origins."""
    groups = factfile["groups"]
    right = matched = 0
    origin_tp = origin_predicted = origin_gold = 0
    sources_right = 0
    errors = []
    for item in gold.get("groups", []):
        ids = [c["id"] for d, p in item["claims"] if (c := _find_claim(factfile, d, p))]
        candidates = [g for g in groups if set(ids) & set(g["claims"])
                      and (item["kind"] not in ("money", "quantity", "count")
                           or _kind_of_label(g["label"]) == item["kind"])]
        if not candidates:
            errors.append((item["key"], "no group"))
            continue
        best = max(candidates, key=lambda g: (len(set(ids) & set(g["claims"])), -len(g["claims"])))
        matched += 1
        if best["status"] == item["status"]:
            right += 1
        else:
            errors.append((item["key"], f"{best['status']} instead of {item['status']}"))
        gold_origins = item.get("origins", {})
        sources_right += best["independent_sources"] == len(set(gold_origins.values()))
        predicted_origins = best.get("origins", {})
        docs = sorted(set(gold_origins) & set(predicted_origins))
        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                same_gold = gold_origins[a] == gold_origins[b]
                same_predicted = predicted_origins[a] == predicted_origins[b]
                origin_gold += same_gold
                origin_predicted += same_predicted
                origin_tp += same_gold and same_predicted
    total = len(gold.get("groups", []))
    precision, recall = _ratio(origin_tp, origin_predicted), _ratio(origin_tp, origin_gold)
    return {"groups_gold": total, "groups_matched": matched, "status_accuracy": _ratio(right, total),
            "independent_sources_accuracy": _ratio(sources_right, total),
            "origin_precision": precision, "origin_recall": recall, "group_errors": errors}


def _kind_of_label(label: str) -> str:
    """The kind of value a group's label names ("Amount (USD) — X", "Number of deaths", "Where — X")."""
    label = label.lower()
    for kind, words in (("money", "amount ("), ("quantity", "measure ("), ("count", "number of")):
        if label.startswith(words):
            return kind
    return "place" if label.startswith("where") else "status"


def date_scores(factfile: dict, gold: dict) -> dict[str, Any]:
    """How many gold time expressions were found, placed right, or placed when they should not be."""
    values_of: dict[str, list[dict]] = defaultdict(list)
    for claim in factfile["claims"]:
        for value in claim["value"]:
            if value["type"] == "date":
                values_of[claim["doc"]].append(value)
    found = right = resolvable = guessed = 0
    wrong: list[tuple[str, str, str | None, str | None]] = []
    for item in gold["dates"]:
        words = item["text"].lower()
        matches = [v for v in values_of[item["doc"]] if words in v["text"].lower() or v["text"].lower() in words]
        found += bool(matches)
        if item["date"] is None:
            if any(v["date"] is not None for v in matches):
                guessed += 1
                wrong.append((item["doc"], item["text"], None, next(v["date"] for v in matches if v["date"])))
            continue
        resolvable += 1
        if any(v["date"] == item["date"] and v["precision"] == item["precision"] for v in matches):
            right += 1
        else:
            wrong.append((item["doc"], item["text"], item["date"], matches[0]["date"] if matches else "not found"))
    return {
        "dates_gold": len(gold["dates"]),
        "dates_found": found / len(gold["dates"]) if gold["dates"] else 0.0,
        "dates_resolved_right": right / resolvable if resolvable else 0.0,
        "dates_guessed": guessed,
        "dates_wrong": wrong,
    }


def all_scores(factfile: dict, gold: dict) -> dict[str, Any]:
    """Every score the gold file supports, in one dict."""
    scores: dict[str, Any] = {}
    if gold.get("entities"):
        scores.update(entity_scores(factfile, gold))
    if gold.get("places"):
        scores.update(geo_scores(factfile, gold))
    if gold.get("claims"):
        scores.update(claim_scores(factfile, gold))
    if gold.get("groups"):
        scores.update(group_scores(factfile, gold))
    if gold.get("dates"):
        scores.update(date_scores(factfile, gold))
    return scores
