"""Writing factfile.json and every view a story at a time, so that no output of a large corpus is
ever held whole.

The writer is given the corpus in parts: each story's part of the factfile/1 object (its reports and
what was found in them, as `outputs.story_slices` cuts it from the whole), with each item's key, its
place in its section of the whole object. Every piece of every file an item gives (its JSON in
factfile.json, its row of a CSV table, its GeoJSON feature, its followthemoney lines, its lines of the
brief) goes to a spool on disk with that key, and each story's page is written at once; `finish`
writes each file whole, its pieces in key order. So the files are the bytes the whole object gives
(`write_all`, which hands the writer a whole factfile/1 object cut into its stories), and what the
writer holds between parts is the keys, a line per report for report.html's index and the brief's
list of stories, and the few items the reviewers' judgements name.
"""

from __future__ import annotations

import os
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from factfile.outputs import STATUSES, brief_md, corrections, csv, ftm, geojson, report_html, told
from factfile.outputs.factfile_json import SECTIONS, indented_json
from factfile.outputs.files import Staging, owned

class _Pieces:
    """One file's pieces for the items of a section, on disk, in the order the items came: a piece
    (or none) for each item."""

    def __init__(self, path: Path) -> None:
        self._file = open(path, "w+b")  # noqa: SIM115 - closed by `close`
        self._at, self._length = array("q"), array("q")

    def add(self, data: bytes | None) -> None:
        self._at.append(self._file.tell())
        self._length.append(len(data) if data else 0)
        if data:
            self._file.write(data)

    def in_order(self, order: Iterable[int]) -> Iterator[bytes]:
        """The pieces of the items at `order` (positions in the order they came), skipping the items
        without one."""
        self._file.flush()
        descriptor = self._file.fileno()
        for n in order:
            if self._length[n]:
                yield os.pread(descriptor, self._length[n], self._at[n])

    def close(self) -> None:
        self._file.close()


@dataclass
class Totals:
    """What a command's summary counts."""

    documents: int = 0
    dated: int = 0
    removed: int = 0
    entities: int = 0
    merged: int = 0
    places: int = 0
    claims: int = 0
    groups: Counter[str] = field(default_factory=Counter)
    timeline: int = 0
    unplaced: int = 0
    warnings: Counter[str] = field(default_factory=Counter)
    # id, published, publisher, title of each report, in the factfile's order (`finish` sorts them).
    reports: list[tuple[str, str | None, str | None, str | None]] = field(default_factory=list)


class FactfileWriter:
    """Writes a factfile/1 object given in parts (`add`) into `staging`, then (`finish`) factfile.json
    (unless `with_json` is false) and the views. `top` is the object's head (schema, tool, corpus),
    `stories` its stories (id, label, docs; none for a corpus of one story), `judgements` the
    reviewers' judgements (the items they name are kept for the views). Pages of stories unchanged
    since the set in `previous` (an output folder) was written are taken from there."""

    def __init__(self, staging: Staging, top: dict[str, Any], stories: list[dict[str, Any]],
                 judgements: list[dict[str, Any]], previous: Path | None = None, with_json: bool = True) -> None:
        self._staging, self._top, self._stories, self._with_json = staging, top, stories, with_json
        self._several = len(stories) > 1
        self._previous = previous
        # The files factfile wrote into `previous`, with their digests: a story page is kept only as written.
        self.earlier = owned(previous) if previous is not None and previous.is_dir() else {}
        staging.scratch.mkdir(parents=True, exist_ok=True)
        # Each section's items' keys, in the order they came; each file's pieces, by section.
        self._keys: dict[str, list[Any]] = {section: [] for section in SECTIONS}
        self._status = bytearray()  # each group's status, as its place in `STATUSES`: the brief orders by it
        self._pieces: dict[str, _Pieces] = {}
        self.totals = Totals()
        self._told: list[dict[str, Any]] = []
        self._index: list[tuple[Any, dict[str, Any]]] = []
        self._whole: dict[str, Any] | None = None
        # What the judgements name, and where it stands in the whole object: the views describe each.
        self._named_claims = {j["claim"] for j in judgements if j["claim"]}
        self._named_groups = {j["group"] for j in judgements if j["group"]}
        self._named_words = {j["words"] for j in judgements if j["words"]}
        self._named: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
        self._story_of_group: dict[str, str] = {}

    def _spool(self, name: str) -> _Pieces:
        if name not in self._pieces:
            self._pieces[name] = _Pieces(self._staging.scratch / f"{len(self._pieces)}.pieces")
        return self._pieces[name]

    def add(self, part: dict[str, Any], keys: dict[str, list[Any]], story: dict[str, Any] | None = None,
            page: tuple[str, bytes] | None = None) -> None:
        """One part of the object: a factfile/1 object holding a story's items (`story`, for a corpus of
        several, with its page when made elsewhere: `report_html.kept_story_page`), or every item of a
        corpus of one story; `keys` has, for each section, each item's key (items of equal keys stand
        in the order they come)."""
        for section in SECTIONS:
            if len(keys[section]) != len(part[section]):
                raise ValueError(f"{len(keys[section])} keys for {len(part[section])} {section}")
            self._keys[section] += keys[section]

        def put(name: str, pieces: Iterable[str | None]) -> None:
            spool = self._spool(name)
            for piece in pieces:
                spool.add(piece.encode("utf-8") if piece else None)

        if self._with_json:
            for section in SECTIONS:
                spool = self._spool(f"json/{section}")
                for item in part[section]:
                    spool.add(_indented(indented_json(item), b"    "))
        for table, lines in csv.rows(part).items():
            put(f"csv/{table}", lines)
        articles, nodes, mentions = ftm.part_entities(part)
        put("ftm/articles", map(ftm.line, articles))
        put("ftm/nodes", (ftm.line(node) if node else None for node in nodes))
        put("ftm/mentions", ("".join(map(ftm.line, said)) for said in mentions))
        put("geojson", (geojson.feature_text(f) if f else None for f in geojson.features(part)))
        brief = brief_md.part_lines(part)
        for section in ("documents", "groups", "warnings", "timeline"):
            put(f"brief/{section}", brief[section])
        self._status += bytes(STATUSES.index(group["status"]) for group in part["groups"])
        self._count(part, keys)
        if story is None:
            self._whole = part
            return
        self._staging.write(*(page or report_html.story_page(story["id"], part, self._previous, self.earlier)))
        outlets = {d["id"]: d["publisher"] or d["id"] for d in part["documents"]}
        self._index += [(key, {"id": d["id"], "story": story["id"], "outlet": outlets[d["id"]],
                               "published": d["published"], "title": d["title"]})
                        for key, d in zip(keys["documents"], part["documents"], strict=True)]
        entry = told(story, part["groups"])
        self._told.append(entry)
        self._story_of_group.update((g["id"], story["id"]) for g in entry["headline"])
        self._story_of_group.update((g["id"], story["id"]) for g in part["groups"] if g["id"] in self._named_groups
                                    or self._named_claims.intersection(g["claims"]))

    def _count(self, part: dict[str, Any], keys: dict[str, list[Any]]) -> None:
        totals = self.totals
        for document in part["documents"]:
            totals.documents += 1
            totals.dated += document["published"] is not None
            totals.removed += len(document["removed"])
        totals.reports += [(d["id"], d["published"], d["publisher"], d["title"]) for d in part["documents"]]
        for entity in part["entities"]:
            totals.entities += 1
            totals.merged += bool(entity["aliases"])
            totals.places += entity["geo"] is not None
        totals.claims += len(part["claims"])
        totals.unplaced += sum(v["type"] == "date" and v["date"] is None for c in part["claims"] for v in c["value"])
        totals.groups.update(g["status"] for g in part["groups"])
        totals.timeline += len(part["timeline"])
        totals.warnings.update(w["kind"] for w in part["warnings"])
        if not (self._named_claims or self._named_groups or self._named_words):
            return
        claims_named = {c["doc"] for c in part["claims"] if c["id"] in self._named_claims}
        named = {
            "documents": lambda d: d["id"] in claims_named,  # a claim is described with its report's outlet
            "entities": lambda e: e["name"] in self._named_words or not self._named_words.isdisjoint(e["aliases"]),
            "claims": lambda c: c["id"] in self._named_claims,
            "groups": lambda g: g["id"] in self._named_groups or not self._named_claims.isdisjoint(g["claims"]),
        }
        for section, wanted in named.items():
            found = self._named.setdefault(section, [])
            found += [(key, item) for key, item in zip(keys[section], part[section], strict=True) if wanted(item)]

    def finish(self, judgements: list[dict[str, Any]]) -> Totals:
        """Write every file, with the reviewers' `judgements` as they now apply; the totals counted."""
        try:
            self._finish(judgements)
        finally:
            for pieces in self._pieces.values():
                pieces.close()
        self.totals.reports.sort()
        return self.totals

    def _in_order(self, name: str, order: list[int]) -> Iterator[bytes]:
        return self._pieces[name].in_order(order) if name in self._pieces else iter(())

    def _finish(self, judgements: list[dict[str, Any]]) -> None:
        totals = self.totals
        judged = {"judgements": judgements} if judgements else {}
        order = {section: sorted(range(len(keys)), key=keys.__getitem__) for section, keys in self._keys.items()}
        by_status = sorted(order["groups"], key=self._status.__getitem__)
        if self._with_json:
            with self._staging.open("factfile.json") as handle:
                handle.write(b"{\n")
                for name, value in self._top.items():
                    handle.write(b'  "%s": %s,\n' % (name.encode(), _indented(indented_json(value), b"  ")))
                for n, section in enumerate(SECTIONS):
                    handle.write(b'  "%s": ' % section.encode())
                    _write_list(handle, self._in_order(f"json/{section}", order[section]), b"  ")
                    handle.write(b",\n" if n < len(SECTIONS) - 1 or self._stories or judged else b"\n")
                tail = {"stories": self._stories} if self._stories else {}
                tail.update(judged)
                for n, (name, value) in enumerate(tail.items()):
                    handle.write(b'  "%s": %s%s\n' % (name.encode(), _indented(indented_json(value), b"  "),
                                                      b"," if n < len(tail) - 1 else b""))
                handle.write(b"}\n")
        # What the judgements name, for their descriptions: the items in the whole object's order.
        named: dict[str, Any] = {**self._top, **judged}
        named.update((section, [item for _, item in sorted(self._named.get(section, []), key=lambda pair: pair[0])])
                     for section in ("documents", "entities", "claims", "groups"))
        changed = corrections(named) if judgements else []
        bom = "\ufeff".encode()
        for table in csv.HEADERS:
            with self._staging.open(f"csv/{table}") as handle:
                handle.write(bom + csv.header(table).encode("utf-8"))
                if table == "judgements.csv":
                    handle.write("".join(csv.judgement_rows(named)).encode("utf-8"))
                else:
                    _write_all(handle, self._in_order(f"csv/{table}", order[csv.SECTION_OF[table]]))
        with self._staging.open("entities.ftm.jsonl") as handle:
            for kind, section in (("articles", "documents"), ("nodes", "entities"), ("mentions", "entities")):
                _write_all(handle, self._in_order(f"ftm/{kind}", order[section]))
        with self._staging.open("places.geojson") as handle:
            for piece in geojson.collection(_texts(self._in_order("geojson", order["entities"]))):
                handle.write(piece.encode("utf-8"))
        counts = {"documents": totals.documents, "claims": totals.claims, "groups": sum(totals.groups.values()),
                  "timeline": totals.timeline, "warnings": sum(totals.warnings.values()),
                  **{s: totals.groups[s] for s in STATUSES}}
        with self._staging.open("brief.md") as handle:
            lines = brief_md.assemble(self._top, counts, self._told,
                                      _texts(self._in_order("brief/documents", order["documents"])),
                                      _texts(self._in_order("brief/groups", by_status)), changed,
                                      _texts(self._in_order("brief/warnings", order["warnings"])),
                                      _texts(self._in_order("brief/timeline", order["timeline"])))
            for n, line in enumerate(lines):
                handle.write((line if n == 0 else "\n" + line).encode("utf-8"))
        if self._several:
            page = report_html.index_page(self._top, {**{s: totals.groups[s] for s in STATUSES},
                                                      "warnings": counts["warnings"]},
                                          self._told, changed, [d for _, d in sorted(self._index, key=lambda p: p[0])],
                                          self._story_of_group)
        else:
            whole = self._whole if self._whole is not None else {**self._top, **{s: [] for s in SECTIONS}}
            page = report_html.render({**{k: v for k, v in whole.items() if k != "judgements"}, **judged})
        self._staging.write("report.html", page.encode("utf-8"))
        self._staging.write("method.md", files("factfile").joinpath("method.md").read_bytes())


def _indented(data: bytes, indent: bytes) -> bytes:
    """Every line of `data` but the first indented by `indent` (JSON text holds no raw line break)."""
    return data.replace(b"\n", b"\n" + indent)


def _write_list(handle, pieces: Iterable[bytes], indent: bytes) -> None:
    """A JSON list of the `pieces` (items already indented for their place), as json.dumps lays it out."""
    first = True
    for piece in pieces:
        handle.write((b"[\n" if first else b",\n") + indent + b"  " + piece)
        first = False
    handle.write(b"[]" if first else b"\n" + indent + b"]")


def _write_all(handle, pieces: Iterable[bytes]) -> None:
    for piece in pieces:
        handle.write(piece)


def _texts(pieces: Iterable[bytes]) -> Iterator[str]:
    return (piece.decode("utf-8") for piece in pieces)
