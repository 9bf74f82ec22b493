"""Views of a `FactBase`: factfile/1 JSON first; everything else is derived from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def outlet_names(data: dict[str, Any]) -> dict[str, str]:
    """Each document's outlet as a reader names it: the publisher, else the document id."""
    return {d["id"]: d["publisher"] or d["id"] for d in data["documents"]}


def write_views(data: dict[str, Any], out_dir: Path) -> None:
    """Everything derived from a factfile/1 object: report.html (with the method.md it links to),
    brief.md and csv/."""
    from factfile.outputs import brief_md, csv, report_html

    report_html.write(data, out_dir)
    report_html.write_method(out_dir)
    brief_md.write(data, out_dir)
    csv.write(data, out_dir)
