"""brief.md: what a busy reader needs, each point with its sources.

Reads a factfile/1 object. Sections: the reports; contested facts with who says what;
corroborated; denied; single-source; open questions (the warnings, and dates that could
not be placed); the timeline. Article words are quoted, never trusted as Markdown: every
character that Markdown or HTML would act on is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from factfile.outputs import STATUSES, corrections, group_judgements, one_line, outlet_names, stories
from factfile.outputs.csv import value_words

# Inside a line (every quote here starts mid-line) only these characters make markup.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str | None) -> str:
    """Text from an article, safe to drop into Markdown: no markup, no HTML, one line."""
    if not text:
        return ""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code(text: str | None) -> str:
    """An id or path as inline code on one line: line breaks and control characters are
    written as escapes (a newline as \\n), a pipe is escaped so a table row keeps its cells,
    and the fence is longer than any run of backticks inside."""
    text = one_line(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _quote(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{escape(text)}”"


_HEADINGS = {"contested": "Contested: the reports disagree", "corroborated": "Corroborated: independent reports agree",
             "denied": "Denied", "single_source": "Single source: one origin says it"}


def render(data: dict[str, Any]) -> str:
    part = part_lines(data)
    counts = {"documents": len(data["documents"]), "claims": len(data["claims"]), "groups": len(data["groups"]),
              "timeline": len(data["timeline"]), "warnings": len(data["warnings"]),
              **{s: sum(g["status"] == s for g in data["groups"]) for s in STATUSES}}
    status_blocks = sorted(zip((STATUSES.index(g["status"]) for g in data["groups"]), part["groups"]),
                           key=lambda pair: pair[0])  # stable: the factfile's order within a status
    return "\n".join(assemble(data, counts, stories(data), part["documents"], [block for _, block in status_blocks],
                              corrections(data), part["warnings"], part["timeline"]))


def part_lines(part: dict[str, Any]) -> dict[str, list[str]]:
    """The brief's lines for each item of `part` (a factfile/1 object, or one story's part of one, with
    the judgements on its groups): a row of the reports' table for each document, a block for each
    group, a line for each warning and each timeline entry."""
    claims = {c["id"]: c for c in part["claims"]}
    judged = group_judgements(part)
    outlets = outlet_names(part)

    def outlet(doc_id: str) -> str:
        return escape(outlets.get(doc_id, doc_id))

    def source_line(claim: dict) -> str:
        values = "; ".join(value_words(v) for v in claim["value"] if v["type"] != "date") or "—"
        said = claim["modality"]
        if claim.get("attributed_to"):
            said += f", attributed to {escape(claim['attributed_to'])}"
        if claim.get("channel"):
            said += f", told to {escape(claim['channel'])}"
        return (f"- **{outlet(claim['doc'])}** ({code(claim['doc'])}): {escape(values)} — {said}. "
                f"{_quote(claim['text'])} [claim {code(claim['id'])}]")

    blocks = []
    for group in part["groups"]:
        sources = group["independent_sources"]
        lines = [f"### {escape(group['label'])}", "",
                 f"{escape(group['summary'])} ({sources} independent origin{'' if sources == 1 else 's'}.)", ""]
        for judgement in judged.get(group["id"], []):
            verdict = {"right": "Judged right", "wrong": "Judged wrong", "note": "Note"}[judgement["verdict"]]
            note = f": {_quote(judgement['note'])}" if judgement["note"] else ""
            lines += [f"**{verdict}** by {escape(judgement['who'])}, {code(judgement['made'])}{note}", ""]
        lines += [source_line(claims[c]) for c in group["claims"] if c in claims]
        lines.append("")
        blocks.append("\n".join(lines))

    timeline = []
    for entry in part["timeline"]:
        how = f" (from {_quote(entry['resolved_from'])})" if entry["resolved_from"] else ""
        qualifier = f" {entry['qualifier']}" if entry.get("qualifier") else ""
        sources = ", ".join(outlet(d) for d in entry.get("docs", [entry["doc"]]))
        timeline.append(f"- **{entry['date']}**{qualifier}{how}: {_quote(entry['text'], 160)} — {sources}")
    return {
        "documents": [f"| {code(doc['id'])} | {escape(doc['publisher']) or 'unknown'} | "
                      f"{escape(doc['published']) or 'unknown'} | {escape(doc['title'])} |" for doc in part["documents"]],
        "groups": blocks,
        "warnings": [f"- **{outlet(w['doc'])}** ({code(w['doc'])}, {w['kind']}): {escape(w['message'])}"
                     for w in part["warnings"]],
        "timeline": timeline,
    }


def assemble(head: dict[str, Any], counts: dict[str, int], told: list[dict[str, Any]], documents: Iterable[str],
             groups: Iterable[str], changed: list[dict[str, Any]], warnings: Iterable[str],
             timeline: Iterable[str]) -> Iterator[str]:
    """The brief, from the corpus's `head` (tool, corpus), its `counts`, its stories as
    `outputs.stories` tells them, its corrections, and the lines `part_lines` made, in the factfile's
    order (the groups' blocks status by status, as `STATUSES` orders them); line by line."""
    yield from [f"# Brief: {counts['documents']} reports", ""]
    yield from [f"Built by factfile {escape(head['tool']['version'])} from {code(head['corpus']['path'])}. Each point "
                "names the reports it comes from; the claim ids lead to the exact words in `factfile.json`.", ""]
    yield from [f"{counts['claims']} claims in {counts['groups']} groups: "
                + ", ".join(f"{counts[s]} {s.replace('_', '-')}" for s in STATUSES)
                + f"; {counts['timeline']} dated events; {counts['warnings']} warnings.", ""]

    if told:
        yield from ["## The stories", "", f"The reports tell {len(told)} stories; names, groups and dates are read "
                    "within each. Headline facts: contested first, then corroborated.", ""]
    for story in told:
        yield (f"- **{escape(story['label'])}** ({len(story['docs'])} report{'s' if len(story['docs']) != 1 else ''}"
               f", {story['counts']['contested']} contested, {story['counts']['corroborated']} corroborated)"
               + "".join(f"; {escape(g['label'])} ({g['status'].replace('_', '-')})" for g in story["headline"]))
    if told:
        yield ""

    yield from ["## The reports", "", "| id | outlet | published | title |", "|---|---|---|---|"]
    yield from documents
    yield ""

    blocks = iter(groups)
    for status in STATUSES:
        yield from [f"## {_HEADINGS[status]}", ""]
        if not counts[status]:
            yield from ["None.", ""]
        yield from (next(blocks) for _ in range(counts[status]))

    if changed:
        yield from ["## Reviewers' corrections", "",
                    "Applied by this build, in the order made; one that no longer applies names something the corpus "
                    "no longer has.", ""]
    for correction in changed:
        state = "" if correction["applied"] else " — **no longer applies**"
        note = f": {_quote(correction['note'])}" if correction["note"] else ""
        yield (f"- {escape(correction['what'])} — by {escape(correction['who'])}, {code(correction['made'])}"
               f"{note}{state}")
    if changed:
        yield ""

    yield from _section("Open questions", warnings, "None found.")
    yield from _section("Timeline", timeline, "No dated events.")


def _section(heading: str, lines: Iterable[str], none: str) -> Iterator[str]:
    """A section of one line per point, or `none` said when it has none."""
    yield from [f"## {heading}", ""]
    empty = True
    for line in lines:
        yield line
        empty = False
    if empty:
        yield from [none, ""]
    yield ""
