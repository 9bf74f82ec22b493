"""brief.md: what a busy reader needs, each point with its sources.

Reads a factfile/1 object. Sections: the reports; contested facts with who says what;
corroborated; denied; single-source; open questions (the warnings, and dates that could
not be placed); the timeline. Article words are quoted, never trusted as Markdown: every
character that Markdown or HTML would act on is escaped.
"""

from __future__ import annotations

import re
from typing import Any

from factfile.outputs import corrections, group_judgements, one_line, outlet_names, stories
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


def render(data: dict[str, Any]) -> str:
    documents = {d["id"]: d for d in data["documents"]}
    claims = {c["id"]: c for c in data["claims"]}
    judged = group_judgements(data)

    outlets = outlet_names(data)

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

    lines = [f"# Brief: {len(documents)} reports", ""]
    lines += [f"Built by factfile {escape(data['tool']['version'])} from {code(data['corpus']['path'])}. Each point "
              "names the reports it comes from; the claim ids lead to the exact words in `factfile.json`.", ""]
    statuses = {s: [g for g in data["groups"] if g["status"] == s]
                for s in ("contested", "corroborated", "denied", "single_source")}
    lines += [f"{len(data['claims'])} claims in {len(data['groups'])} groups: "
              + ", ".join(f"{len(v)} {k.replace('_', '-')}" for k, v in statuses.items())
              + f"; {len(data['timeline'])} dated events; {len(data['warnings'])} warnings.", ""]

    told = stories(data)
    if told:
        lines += ["## The stories", "", f"The reports tell {len(told)} stories; names, groups and dates are read within "
                  "each. Headline facts: contested first, then corroborated.", ""]
    for story in told:
        lines.append(f"- **{escape(story['label'])}** ({len(story['docs'])} report{'s' if len(story['docs']) != 1 else ''}"
                     f", {story['counts']['contested']} contested, {story['counts']['corroborated']} corroborated)"
                     + "".join(f"; {escape(g['label'])} ({g['status'].replace('_', '-')})" for g in story["headline"]))
    if told:
        lines.append("")

    lines += ["## The reports", "", "| id | outlet | published | title |", "|---|---|---|---|"]
    for doc in data["documents"]:
        lines.append(f"| {code(doc['id'])} | {escape(doc['publisher']) or 'unknown'} | {escape(doc['published']) or 'unknown'} "
                     f"| {escape(doc['title'])} |")
    lines.append("")

    headings = {"contested": "Contested: the reports disagree", "corroborated": "Corroborated: independent reports agree",
                "denied": "Denied", "single_source": "Single source: one origin says it"}
    for status, heading in headings.items():
        lines += [f"## {heading}", ""]
        if not statuses[status]:
            lines += ["None.", ""]
        for group in statuses[status]:
            sources = group["independent_sources"]
            lines += [f"### {escape(group['label'])}", "",
                      f"{escape(group['summary'])} ({sources} independent origin{'' if sources == 1 else 's'}.)", ""]
            for judgement in judged.get(group["id"], []):
                verdict = {"right": "Judged right", "wrong": "Judged wrong", "note": "Note"}[judgement["verdict"]]
                note = f": {_quote(judgement['note'])}" if judgement["note"] else ""
                lines += [f"**{verdict}** by {escape(judgement['who'])}, {code(judgement['made'])}{note}", ""]
            lines += [source_line(claims[c]) for c in group["claims"] if c in claims]
            lines.append("")

    changed = corrections(data)
    if changed:
        lines += ["## Reviewers' corrections", "",
                  "Applied by this build, in the order made; one that no longer applies names something the corpus "
                  "no longer has.", ""]
    for correction in changed:
        state = "" if correction["applied"] else " — **no longer applies**"
        note = f": {_quote(correction['note'])}" if correction["note"] else ""
        lines.append(f"- {escape(correction['what'])} — by {escape(correction['who'])}, {code(correction['made'])}"
                     f"{note}{state}")
    if changed:
        lines.append("")

    lines += ["## Open questions", ""]
    if not data["warnings"]:
        lines += ["None found.", ""]
    for warning in data["warnings"]:
        lines.append(f"- **{outlet(warning['doc'])}** ({code(warning['doc'])}, {warning['kind']}): "
                     f"{escape(warning['message'])}")
    lines.append("")

    lines += ["## Timeline", ""]
    if not data["timeline"]:
        lines += ["No dated events.", ""]
    for entry in data["timeline"]:
        how = f" (from {_quote(entry['resolved_from'])})" if entry["resolved_from"] else ""
        qualifier = f" {entry['qualifier']}" if entry.get("qualifier") else ""
        sources = ", ".join(outlet(d) for d in entry.get("docs", [entry["doc"]]))
        lines.append(f"- **{entry['date']}**{qualifier}{how}: {_quote(entry['text'], 160)} — {sources}")
    lines.append("")
    return "\n".join(lines)
