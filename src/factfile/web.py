"""`factfile serve`: a local web app and JSON API over a build's outputs and store.

What it shows comes from two files the build wrote into its output folder: `factfile.json` (the fact
base, read again whenever a build or `add` rewrites it) and the store `factfile.sqlite` (full-text
search over the reports). Pages and API give the same data: the facts by status with their
source-by-source rows, filterable by status, outlet, entity and date; each group; each report with
its claims highlighted and links back to their groups; the timeline, places, entities and warnings
(the same templates as report.html, `parts.j2`, with links between pages); search. The API is described by OpenAPI at
`/openapi.json`.

Reviewers' judgements, with who and when, are recorded in the store from the group's and entities'
pages or `POST /api/judgements`, and never touched by a build. A verdict on a group (right, wrong,
a note) is shown at once in every page and written into factfile.json and the views by the next
build or `add`. A correction (a claim moved out of a group or into another, two entities merged, a
spelling split off an entity) changes the fact base itself: the app rebuilds it from the store at
once (no report meets the model again) and rewrites factfile.json and every view, as `add` does.

Safety: the pages run no script and load nothing from elsewhere (the same Content-Security-Policy
as report.html, sent as a header); article text is escaped by the templates' autoescaping. The app
listens on localhost; bound to any other address it asks every request for a token (`Authorization:
Bearer …`, or `?token=…` once, which sets a cookie for the pages that follow).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, quote, urlencode

# FastAPI reads the endpoints' annotations: what they name must be importable from here.
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from factfile.errors import UsageError
from factfile.model import CORRECTIONS, GROUP_VERDICTS
from factfile.outputs import STATUSES, corrections, outlet_names, stories, write_assembly
from factfile.outputs.factfile_json import judgement_to_dict
from factfile.outputs.report_html import anchor, context, with_segments
from factfile.store import is_url, open_store, store_path

_NOTE_MAX, _WHO_MAX, _BODY_MAX = 2000, 80, 16_384
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'"
_COOKIE = "factfile_token"


def is_local(host: str) -> bool:
    """Whether `host` is a loopback address or name, reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Outputs:
    """A build's factfile.json, read again when it changes on disk, with what the pages need."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / "factfile.json"
        self._stamp: tuple[int, int] | None = None
        self._data: dict[str, Any] = {}
        self._context: dict[str, Any] = {}

    def current(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The factfile/1 data and the report's prepared context, as the latest build left them."""
        stat = self.path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            self._data = json.loads(self.path.read_text(encoding="utf-8"))
            # A document's text is cut for highlighting when its page is asked for (`document_or_404`).
            self._context = context(self._data, segments=False)
            self._stamp = stamp
        return self._data, self._context


def facts(data: dict[str, Any], prepared: dict[str, Any], status: str | None = None, outlet: str | None = None,
          entity: str | None = None, since: str | None = None, until: str | None = None,
          story: str | None = None) -> list[dict[str, Any]]:
    """The fact groups with their rows, in the report's order, keeping those of `status`, with a row
    from `outlet`, naming `entity` (an id), with a report published between `since` and `until`
    (dates as YYYY-MM-DD, either end open), or of `story` (an id)."""
    claims = {c["id"]: c for c in data["claims"]}
    in_story = next((set(s["docs"]) for s in data.get("stories", []) if s["id"] == story), set()) if story else None
    published = {d["id"]: d["published"] for d in data["documents"]}
    kept = []
    for group in prepared["groups"]:
        if status and group["status"] != status:
            continue
        if in_story is not None and not set(group["docs"]) & in_story:
            continue
        if outlet and all(row["outlet"] != outlet for row in group["rows"]):
            continue
        if entity and all(entity not in claims[row["claim"]]["entities"] for row in group["rows"]):
            continue
        days = [published[row["doc"]] for row in group["rows"] if published.get(row["doc"])]
        if (since or until) and not any((not since or day >= since) and (not until or day <= until) for day in days):
            continue
        kept.append(group)
    return kept


def create_app(out_dir: Path, token: str | None = None, store: str | Path | None = None,
               groups_a_page: int = 100):
    """The FastAPI app over the build in `out_dir`; with a `token`, every request must carry it. The
    facts page shows `groups_a_page` groups at a time (an archive has thousands)."""
    import jinja2

    if not (out_dir / "factfile.json").is_file():
        raise UsageError(f"{out_dir} holds no factfile.json; build one first: factfile build CORPUS -o {out_dir}")
    outputs = Outputs(out_dir)
    search_path = store_path(out_dir, store)
    environment = jinja2.Environment(loader=jinja2.PackageLoader("factfile", "templates"), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["anchor"] = anchor
    links = {
        "evidence_href": lambda doc_id, claim_id: f"/documents/{quote(doc_id, safe='')}#claim-{claim_id}",
        "group_href": lambda group_id: f"/groups/{group_id}",
        "document_href": lambda doc_id: f"/documents/{quote(doc_id, safe='')}",
    }
    app = FastAPI(title="factfile", version="1",
                  description="The fact base a factfile build reconstructed: facts by status with who says what, "
                              "the reports with their claims, and full-text search over them.",
                  # The interactive docs load scripts from a CDN: never from here. /openapi.json describes the API.
                  docs_url=None, redoc_url=None)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if token is not None:
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() \
                or request.query_params.get("token") or request.cookies.get(_COOKIE) or ""
            if not hmac.compare_digest(given.encode(), token.encode()):
                return JSONResponse({"detail": "a token is required: this factfile is served beyond localhost. "
                                               "Send 'Authorization: Bearer TOKEN' or open the page with ?token=TOKEN"},
                                    status_code=401)
        if request.method not in ("GET", "HEAD") and not _same_origin(request):
            return JSONResponse({"detail": "a page of another site may not change this factfile"}, status_code=403)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = _CSP
        # Nothing leaves for elsewhere; the app's own forms still say where they come from (see _same_origin).
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Content-Type-Options"] = "nosniff"
        if token is not None and request.query_params.get("token") == token:
            response.set_cookie(_COOKIE, token, httponly=True, samesite="strict")
        return response

    def page(name: str, **values: Any) -> HTMLResponse:
        data, prepared = outputs.current()
        body = environment.get_template(f"web/{name}.html.j2").render(data=data, **links, **values)
        return HTMLResponse(body)

    def judgements() -> list[dict[str, Any]]:
        if not is_url(search_path) and not search_path.is_file():
            return []
        with open_store(search_path) as opened:
            recorded = [judgement_to_dict(j) for j in opened.judgements()]
        # Whether each applies to the build shown: a verdict when its group is there, a correction when
        # the build applied it (one recorded since, by hand in the store, waits for the next build).
        data = outputs.current()[0]
        built = {j["id"]: j["applied"] for j in data.get("judgements", [])}
        groups = {g["id"] for g in data["groups"]}
        return [{**j, "applied": j["group"] in groups if j["verdict"] in GROUP_VERDICTS else built.get(j["id"], False)}
                for j in recorded]

    def with_judgements(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The groups with the verdicts recorded now (the factfile.json may predate some)."""
        judged: dict[str, list[dict[str, Any]]] = {}
        for judgement in judgements():
            if judgement["verdict"] in GROUP_VERDICTS:
                judged.setdefault(judgement["group"], []).append(judgement)
        return [{**group, "judgements": judged.get(group["id"], [])} for group in groups]

    def judge(verdict: str, who: str, note: str = "", group: str = "", claim: str = "", entity: str = "",
              into: str = "", words: str = "") -> dict[str, Any]:
        """Record a judgement of what the current build holds; a correction is applied at once."""
        if len(note) > _NOTE_MAX or len(who) > _WHO_MAX:
            raise HTTPException(422, f"a note has at most {_NOTE_MAX} characters, a name {_WHO_MAX}")
        data = outputs.current()[0]
        members: dict[str, list[str]] = {"group_claims": [], "into_claims": []}
        if verdict == "move":
            if not any(c["id"] == claim for c in data["claims"]):
                raise HTTPException(404, f"no claim with id {claim!r}")
            if group:
                members["group_claims"] = group_or_404(group)["claims"]
                if claim not in members["group_claims"]:
                    raise HTTPException(422, f"claim {claim} is not in group {group}")
            if into:
                members["into_claims"] = group_or_404(into)["claims"]
        elif verdict in ("merge", "split"):
            entities = {e["id"]: e for e in data["entities"]}
            if entity not in entities or (verdict == "merge" and into not in entities):
                raise HTTPException(404, f"no entity with id {entity if entity not in entities else into!r}")
            if verdict == "merge":
                words = entities[entity]["name"]
            elif words not in (entities[entity]["name"], *entities[entity]["aliases"]) \
                    or not entities[entity]["aliases"]:
                raise HTTPException(422, f"{entities[entity]['name']!r} has no other spelling {words!r} to split off")
        elif group:
            group_or_404(group)
        if not is_url(search_path) and not search_path.is_file():
            raise HTTPException(503, f"judgements are kept in the build's store, {search_path}; build again to make it")
        with open_store(search_path) as opened:
            try:
                made = opened.judge(verdict, who, note, group=group, claim=claim, entity=entity, into=into,
                                    words=words, **members)
            except ValueError as exc:
                raise HTTPException(422, str(exc)) from None
            if verdict in CORRECTIONS:
                from factfile.pipeline import rebuild_stories

                write_assembly(rebuild_stories(opened, opened.config()), out_dir)
        return judgement_to_dict(made)

    async def form_of(request: Request) -> dict[str, str]:
        body = await request.body()
        if len(body) > _BODY_MAX:
            raise HTTPException(413, f"a judgement is at most {_BODY_MAX} bytes")
        return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}

    def one_or_404(kind: str, item_id: str, what: str) -> dict[str, Any]:
        """The prepared item of `kind` ("documents", "groups") with id `item_id`."""
        found = next((item for item in outputs.current()[1][kind] if item["id"] == item_id), None)
        if found is None:
            raise HTTPException(404, f"no {what} with id {item_id!r}")
        return found

    def document_or_404(doc_id: str) -> dict[str, Any]:
        return with_segments(one_or_404("documents", doc_id, "report"), outputs.current()[1]["marks"])

    def group_or_404(group_id: str) -> dict[str, Any]:
        return one_or_404("groups", group_id, "fact group")

    def searched(q: str, outlet: str | None) -> list[dict[str, Any]]:
        if not is_url(search_path) and not search_path.is_file():
            raise HTTPException(503, f"search needs the build's store, {search_path}; build again to make it")
        with open_store(search_path) as opened:
            return opened.search(q, outlet)

    statuses = "|".join(STATUSES)

    # --- pages ---------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(status: str | None = Query(None, pattern=f"^({statuses})$"), outlet: str | None = None,
             entity: str | None = None, since: str | None = None, until: str | None = None,
             story: str | None = None, page_number: int = Query(1, ge=1, alias="page")):
        data, prepared = outputs.current()
        known = {g["id"] for g in prepared["groups"]}
        kept = facts(data, prepared, status, outlet, entity, since, until, story)
        chosen = {"status": status, "outlet": outlet, "entity": entity, "since": since, "until": until, "story": story}
        pages = max(1, -(-len(kept) // groups_a_page))
        first = (min(page_number, pages) - 1) * groups_a_page

        def page_href(number: int) -> str:
            return "/?" + urlencode({**{k: v for k, v in chosen.items() if v}, "page": number})
        return page("facts", groups=with_judgements(kept[first:first + groups_a_page]), matching=len(kept),
                    first=first, pages=pages, page_number=min(page_number, pages), page_href=page_href,
                    stories=prepared["stories"], story_href=lambda story_id: f"/?story={story_id}",
                    orphans=[j for j in judgements() if j["verdict"] in GROUP_VERDICTS and j["group"] not in known],
                    corrections=corrections(data),
                    overview=prepared["overview"], counts=prepared["counts"],
                    outlets=sorted(set(outlet_names(data).values())),
                    entities=sorted(((e["id"], e["name"]) for e in data["entities"] if len(e["mentions"]) > 1),
                                    key=lambda e: e[1].casefold()),
                    chosen=chosen)

    @app.get("/groups/{group_id}", response_class=HTMLResponse, include_in_schema=False)
    def group_page(group_id: str):
        return page("group", group=with_judgements([group_or_404(group_id)])[0])

    @app.post("/groups/{group_id}/judgements", include_in_schema=False)
    async def judge_from_page(group_id: str, request: Request):
        form = await form_of(request)
        judge(form.get("verdict", ""), form.get("who", ""), form.get("note", ""), group=group_id)
        return RedirectResponse(f"/groups/{group_id}#judgements", status_code=303)

    @app.post("/groups/{group_id}/moves", include_in_schema=False)
    async def move_from_page(group_id: str, request: Request):
        form = await form_of(request)
        made = judge("move", form.get("who", ""), form.get("note", ""), group=group_id, claim=form.get("claim", ""),
                     into=form.get("into", "").strip())
        # The claim's group now: where it went (its id changed with its members).
        now = next((g["id"] for g in outputs.current()[0]["groups"] if made["claim"] in g["claims"]
                    and (form.get("into") or g["id"] != group_id)), None)
        return RedirectResponse(f"/groups/{now}" if now else "/#corrections", status_code=303)

    @app.post("/entities/corrections", include_in_schema=False)
    async def correct_entities_from_page(request: Request):
        form = await form_of(request)
        verdict = form.get("verdict", "")
        if verdict not in ("merge", "split"):
            raise HTTPException(422, "an entity is merged into another or has a spelling split off")
        entity, _, words = form.get("entity", "").partition("\x1f")
        judge(verdict, form.get("who", ""), form.get("note", ""), entity=entity, into=form.get("into", ""),
              words=words)
        return RedirectResponse("/entities#corrections", status_code=303)

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(doc_id: str):
        data, prepared = outputs.current()
        return page("document", doc=document_or_404(doc_id), group_of=prepared["group_of"])

    def section_page(section: str) -> HTMLResponse:
        data, prepared = outputs.current()
        claim_doc = {c["id"]: c["doc"] for c in data["claims"]}
        first_mention = {e["id"]: next((m["doc"] for m in e["mentions"] if m.get("part") != "title"), None)
                         for e in data["entities"]}
        return page("section", section=section, heading=section.capitalize(), corrections=corrections(data),
                    **{key: prepared[key] for key in ("timeline", "map", "places", "claims_at", "entities", "in_text",
                                                      "warnings", "outlet")},
                    claim_href=lambda claim_id: f"{links['document_href'](claim_doc[claim_id])}#claim-{claim_id}",
                    mention_href=lambda entity_id: f"{links['document_href'](first_mention[entity_id])}"
                                                   f"#mention-{entity_id}-0",
                    warning_href=lambda number, doc_id: f"{links['document_href'](doc_id)}#warning-{number}")

    def section_handler(section: str):
        def handler() -> HTMLResponse:
            return section_page(section)
        return handler

    for section in ("timeline", "places", "entities", "warnings"):
        app.get(f"/{section}", response_class=HTMLResponse, include_in_schema=False, name=section)(
            section_handler(section))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "", outlet: str | None = None):
        data, _ = outputs.current()
        return page("search", q=q, outlet=outlet, results=searched(q, outlet) if q.strip() else [],
                    outlets=sorted({d["publisher"] for d in data["documents"] if d["publisher"]}),
                    highlight=_highlight)

    @app.get("/token", include_in_schema=False)
    def token_landing():
        # Reached with ?token=…: the cookie is set (see guard); go on to the facts without the token in the address.
        return RedirectResponse("/", status_code=303)

    # --- API ---------------------------------------------------------------------------

    @app.get("/api/facts", summary="Fact groups with their source-by-source rows")
    def api_facts(status: str | None = Query(None, pattern=f"^({statuses})$", description="keep groups of this status"),
                  outlet: str | None = Query(None, description="keep groups with a row from this outlet"),
                  entity: str | None = Query(None, description="keep groups naming this entity id"),
                  since: str | None = Query(None, description="a row's report published on or after YYYY-MM-DD"),
                  until: str | None = Query(None, description="a row's report published on or before YYYY-MM-DD"),
                  story: str | None = Query(None, description="keep groups of this story id (see /api/stories)"),
                  offset: int = Query(0, ge=0, description="skip this many of the groups kept"),
                  limit: int | None = Query(None, ge=1, description="give at most this many groups (all without)")):
        data, prepared = outputs.current()
        kept = facts(data, prepared, status, outlet, entity, since, until, story)
        return with_judgements(kept[offset:None if limit is None else offset + limit])

    @app.get("/api/stories", summary="The stories the reports tell, with their headline facts (none for one story)")
    def api_stories():
        return stories(outputs.current()[0])

    @app.get("/api/groups/{group_id}", summary="One fact group with its rows")
    def api_group(group_id: str):
        return with_judgements([group_or_404(group_id)])[0]

    @app.get("/api/documents", summary="The reports: id, title, outlet, date, source")
    def api_documents():
        data, _ = outputs.current()
        return [{k: d[k] for k in ("id", "source", "title", "publisher", "published", "author", "url")}
                for d in data["documents"]]

    @app.get("/api/documents/{doc_id:path}", summary="One report: its text and metadata, as in factfile.json")
    def api_document(doc_id: str):
        data, _ = outputs.current()
        document_or_404(doc_id)
        return next(d for d in data["documents"] if d["id"] == doc_id)

    @app.get("/api/judgements", summary="Reviewers' judgements of fact groups, oldest first")
    def api_judgements():
        return judgements()

    @app.post("/api/judgements", status_code=201,
              summary="Record a judgement: a verdict on a group, or a correction the build applies at once")
    def api_judge(judgement: JudgementIn):
        return judge(judgement.verdict, judgement.who, judgement.note, group=judgement.group, claim=judgement.claim,
                     entity=judgement.entity, into=judgement.into, words=judgement.words)

    @app.get("/api/entities", summary="Entities with every spelling and why they were merged")
    def api_entities():
        return outputs.current()[0]["entities"]

    @app.get("/api/timeline", summary="Dated events")
    def api_timeline():
        return outputs.current()[0]["timeline"]

    @app.get("/api/warnings", summary="Statements inside a report that cannot all be true")
    def api_warnings():
        return outputs.current()[0]["warnings"]

    @app.get("/api/search", summary="Full-text search over the reports")
    def api_search(q: str = Query(..., description='words, all of which must appear; "a phrase"; a prefix*'),
                   outlet: str | None = Query(None, description="only reports from this outlet")):
        return [{**r, "snippet": str(r["snippet"]).replace("\x02", "").replace("\x03", "")} for r in searched(q, outlet)]

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    return app


class JudgementIn(BaseModel):
    """A reviewer's judgement: a verdict on a fact group (right, wrong, note), or a correction (move
    a claim out of a group or into another; merge an entity into another; split a spelling off one)."""

    verdict: Literal["right", "wrong", "note", "move", "merge", "split"] = Field(
        description="right, wrong or note (of `group`); move (`claim` out of `group`, into `into`, either may be "
                    "empty); merge (`entity` into `into`); split (the spelling `words` off `entity`)")
    who: str = Field(min_length=1, max_length=_WHO_MAX, description="the reviewer's name")
    note: str = Field("", max_length=_NOTE_MAX, description="why, or what to check")
    group: str = Field("", description="a group's id")
    claim: str = Field("", description="move: the claim's id")
    entity: str = Field("", description="merge, split: the entity's id")
    into: str = Field("", description="move: the group's id ('' to stand alone); merge: the entity's id")
    words: str = Field("", max_length=_WHO_MAX * 4, description="split: the spelling, as the reports write it")


def _same_origin(request) -> bool:
    """Whether a request that changes something comes from this app's own pages (or from no page at all,
    as a script's does): a browser names the page's origin on every such request it sends."""
    origin = request.headers.get("origin")
    return origin is None or origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


def _highlight(snippet: str):
    """A search snippet as markup: its text escaped, the matched words (between \\x02 and \\x03) marked."""
    from markupsafe import Markup, escape

    return Markup(re.sub("\x02(.*?)\x03", lambda m: f"<mark>{m.group(1)}</mark>", str(escape(snippet))))


@contextmanager
def running(app) -> Iterator[str]:
    """`app` served on a free port of 127.0.0.1 in a background thread while the block runs; yields its
    address. For scripts and tests that drive the app from a browser."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
