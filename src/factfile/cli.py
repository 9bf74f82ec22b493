"""The `factfile` command: parses arguments, calls the library, reports.

Exit codes: 0 all went well; 1 some files were rejected (the rest was still
written) or a factfile is invalid; 2 a usage error (bad path, bad option).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from factfile import __version__
from factfile.config import Config, load_config
from factfile.errors import FactfileError, UsageError
from factfile.parallel import collect_rarely

if TYPE_CHECKING:
    from factfile.outputs.writer import Totals
    from factfile.pipeline import Assembly, Reading

T = TypeVar("T")

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

MAIN_HELP = """\
factfile reads a folder of news reports about one story and reconstructs,
offline, the situation they describe as a sourced fact base (factfile.json):
cleaned documents with their metadata, and everything found in them pointing
back to the exact words it came from.

examples:
  factfile build examples/gobi-rail -o out      # a folder of .txt/.html/.md/.jsonl
  factfile build reports.jsonl -o out           # one JSONL file, one report per line
  factfile add new-report.html -o out           # one more report: only it meets the model
  factfile report out/factfile.json             # rewrite report.html, brief.md, csv/
  factfile serve out                            # browse and search it at http://127.0.0.1:8321
  factfile validate out/factfile.json           # check a factfile against factfile/1
  factfile eval out/factfile.json examples/gobi-rail.gold.json   # score against gold
"""

BUILD_HELP = """\
Read every report under CORPUS (a folder, searched recursively; one file; or a
JSONL file with fields text, title, url, published, author, publisher, id),
and write into OUTDIR:
  factfile.json   the fact base (schema factfile/1)
  report.html     one self-contained page to read it: facts by status with
                  who says what, timeline, places, entities, every document
                  with its claims highlighted; loads nothing from the network
  brief.md        what a busy reader needs: contested, corroborated, denied,
                  single-source facts with who says what, open questions, timeline
  places.geojson  the places with what the reports say there, for QGIS and
                  other GIS tools
  entities.ftm.jsonl
                  reports, people, organisations, places and mentions as
                  followthemoney entities, for Aleph and the ftm tools
  csv/            documents, entities, claims, groups, timeline, warnings,
                  judgements:
                  one row per item, for spreadsheets

Files that cannot be used (empty, binary, too large, unreadable, duplicate
ids) are skipped with one line each on stderr saying what to do; the rest of
the corpus is still processed and the exit code is 1.

Running it again is safe, with OUTDIR anywhere, even inside CORPUS: factfile
never reads its own outputs (OUTDIR/.factfile-manifest.json lists them) or
OUTDIR as reports; it writes the new set whole or not at all, removes files an
earlier build wrote that this one no longer does, and leaves every file it did
not write alone.

It is also quick: the build keeps what it found in each report in a store,
OUTDIR/factfile.sqlite (SQLite, nothing to install; or a team's PostgreSQL
database with --store postgresql://USER@HOST/DB), and a later build reads
again only the reports that changed, or all of them when factfile, its model
or the configuration changed. A build stopped half-way resumes where it was.
'factfile add' puts more reports into the store without reading the corpus again.

A folder holding several stories (a week of news, an archive) is split into
them first; names are merged and claims grouped within each story, and
report.html lists the stories, each with a page of its own.

Reading reports with the model is most of the work: --workers N does it in N
processes of this machine, --scheduler tcp://HOST:8786 on a Dask cluster
(start one with 'dask scheduler' and 'dask worker tcp://HOST:8786' on machines
with factfile installed). The output is the same either way.

examples:
  factfile build examples/gobi-rail -o out
  factfile build ~/stories/port-deal -o port-deal --max-document-mb 100
  factfile build export.jsonl -o out --config factfile.toml
"""

ADD_HELP = """\
Add reports (files, folders or JSONL files) to the corpus an earlier build
stored in OUTDIR, and rewrite factfile.json and the views there. Only the new
reports are read and meet the model; the stages that compare reports (merging
names, grouping claims, the timeline, the checks) run again over the whole
corpus, so a new report can corroborate or contest what the others say.

A report whose id is already in the store replaces the stored one when it
comes from the same file name (an updated article); otherwise it is skipped,
as in a build. The configuration of the last build is used unless --config
gives another. To drop reports, build the corpus folder again.

examples:
  factfile build ~/stories/port-deal -o port-deal
  factfile add ~/Downloads/port-deal-followup.html -o port-deal
  factfile add wire-2026-12-01.jsonl more-reports/ -o port-deal
"""

EVAL_HELP = """\
Score a factfile.json against a gold file written by hand: entity merges and
geocodes (precision, recall), claims' typed values (precision, recall),
modality accuracy, group statuses and independent origins. The gold format is
documented in factfile/evaluate.py and docs/claims.md; examples/gobi-rail.gold.json
is the one for the bundled example corpus.

example:
  factfile build examples/gobi-rail -o out
  factfile eval out/factfile.json examples/gobi-rail.gold.json
"""

REPORT_HELP = """\
Rewrite report.html, brief.md, places.geojson, entities.ftm.jsonl and csv/ from a factfile.json, without reading the corpus
again: after editing the JSON by hand, or to get the views of a factfile
someone sent you. Writes next to the factfile unless -o says where.

examples:
  factfile report out/factfile.json
  factfile report shared/factfile.json -o views
"""

SERVE_HELP = """\
Serve a build (the folder 'factfile build' wrote) as a local web app and JSON
API: the facts by status with who says what, filterable by status, outlet,
entity and publication date; each report with its claims highlighted and links
back; full-text search over the reports. The API (same data as JSON) is
described at /openapi.json. It rereads factfile.json after each build or add.

It listens on 127.0.0.1 (this machine only). Bound to any other address it
asks every request for a token: give one with --token or FACTFILE_TOKEN, or
it makes one and prints it. Send it as 'Authorization: Bearer TOKEN', or open
http://HOST:PORT/token?token=TOKEN once in a browser.

examples:
  factfile build examples/gobi-rail -o out && factfile serve out
  factfile serve out --port 9000
  factfile serve out --host 0.0.0.0 --token "$(openssl rand -hex 16)"
"""

VALIDATE_HELP = """\
Check a factfile.json against the factfile/1 JSON Schema shipped with factfile,
and check that every span points at the words it quotes. Prints each problem
and exits 1 if there are any.

example:
  factfile validate out/factfile.json
"""


def _parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog="factfile", description=MAIN_HELP, formatter_class=formatter)
    parser.add_argument("--version", action="version", version=f"factfile {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build factfile.json from a corpus of reports",
                                description=BUILD_HELP, formatter_class=formatter)
    build.add_argument("corpus", metavar="CORPUS", type=Path, help="folder, single report, or .jsonl file")
    build.add_argument("-o", "--out", metavar="OUTDIR", type=Path, default=Path("factfile-out"),
                       help="folder to write factfile.json into (default: ./factfile-out)")
    build.add_argument("--config", metavar="FILE", type=Path,
                       help="TOML file overriding the thresholds in factfile.config.Config")
    build.add_argument("--max-document-mb", metavar="MB", type=float,
                       help="refuse documents larger than this (default: 50)")
    build.add_argument("--store", metavar="FILE|URL",
                       help="where to keep what the build found in each report: a file, or a PostgreSQL "
                            "database as postgresql://USER@HOST/DB (default: OUTDIR/factfile.sqlite)")
    _add_where_arguments(build)
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing but problems")

    add = commands.add_parser("add", help="add reports to an earlier build, reading only the new ones",
                              description=ADD_HELP, formatter_class=formatter)
    add.add_argument("reports", metavar="REPORT", type=Path, nargs="+", help="file, folder or .jsonl file to add")
    add.add_argument("-o", "--out", metavar="OUTDIR", type=Path, default=Path("factfile-out"),
                     help="folder of the earlier build (default: ./factfile-out)")
    add.add_argument("--store", metavar="FILE|URL",
                     help="the earlier build's store, if not OUTDIR/factfile.sqlite")
    add.add_argument("--config", metavar="FILE", type=Path,
                     help="TOML file overriding the thresholds (default: those of the last build)")
    _add_where_arguments(add)
    add.add_argument("-q", "--quiet", action="store_true", help="print nothing but problems")

    evaluate = commands.add_parser("eval", help="score a factfile.json against a hand-written gold file",
                                   description=EVAL_HELP, formatter_class=formatter)
    evaluate.add_argument("factfile", metavar="FACTFILE", type=Path, help="path to a factfile.json")
    evaluate.add_argument("gold", metavar="GOLD", type=Path, help="path to a gold .json file")

    report = commands.add_parser("report", help="rewrite report.html and the other views from a factfile.json",
                                 description=REPORT_HELP, formatter_class=formatter)
    report.add_argument("factfile", metavar="FACTFILE", type=Path, help="path to a factfile.json")
    report.add_argument("-o", "--out", metavar="OUTDIR", type=Path,
                        help="folder to write into (default: the factfile's folder)")

    serve = commands.add_parser("serve", help="browse, filter and search a build in a local web app and API",
                                description=SERVE_HELP, formatter_class=formatter)
    serve.add_argument("out", metavar="OUTDIR", type=Path, nargs="?", default=Path("factfile-out"),
                       help="folder a build wrote (default: ./factfile-out)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8321, help="port to listen on (default: 8321)")
    serve.add_argument("--token", help="token every request must carry (required off localhost; "
                                       "default: $FACTFILE_TOKEN, else one is made and printed)")
    serve.add_argument("--store", metavar="FILE|URL", help="the build's store, if not OUTDIR/factfile.sqlite")

    validate = commands.add_parser("validate", help="check a factfile.json against factfile/1",
                                   description=VALIDATE_HELP, formatter_class=formatter)
    validate.add_argument("factfile", metavar="FACTFILE", type=Path, help="path to a factfile.json")
    return parser


def _add_where_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--workers", metavar="N", type=int, default=1,
                         help="read reports with the model in N processes of this machine (default 1; "
                              "the output is the same, byte for byte)")
    command.add_argument("--scheduler", metavar="ADDRESS",
                         help="read reports with the model on a Dask distributed cluster, e.g. tcp://HOST:8786 "
                              "(every worker needs factfile installed)")


def _runner(args: argparse.Namespace):
    """Where the command's independent work runs: here, in worker processes, or on a cluster."""
    from factfile import parallel

    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.scheduler:
        parallel.reachable(args.scheduler)
    return parallel.chosen(args.workers, args.scheduler)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    collect_rarely()
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "add":
            return _add(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "eval":
            return _eval(args)
        if args.command == "report":
            return _report(args)
        return _validate(args)
    except UsageError as exc:
        print(f"factfile: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FactfileError as exc:
        print(f"factfile: error: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        print("factfile: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`factfile build ... | head`): not an error worth a traceback.
        sys.stdout = open(os.devnull, "w")
        return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    cfg = load_config(args.config, max_document_mb=args.max_document_mb)
    if cfg.max_document_mb <= 0:
        raise UsageError("--max-document-mb must be positive")
    progress = _progress_for(args)
    with _runner(args) as runner:
        return _build_with(args, cfg, progress, runner)


def _build_with(args: argparse.Namespace, cfg: Config, progress, runner) -> int:
    from factfile.outputs import VIEW_FILES, write_assembly
    from factfile.outputs.files import refuse_if_in_the_way
    from factfile.pipeline import build_stories, explain_empty, read_corpus
    from factfile.store import open_store, store_path, writing

    reading = read_corpus(args.corpus, cfg, progress, out_dir=args.out, runner=runner)
    if not reading.documents:
        _tell_skipped(reading)
        # Writing an empty set would replace a good earlier build with nothing.
        print(f"factfile: error: {explain_empty(args.corpus, args.out, reading.rejected)}", file=sys.stderr)
        return EXIT_REJECTED
    refuse_if_in_the_way(args.out, ("factfile.json", *VIEW_FILES))
    path = store_path(args.out, args.store)
    with open_store(path) as store, writing(path):
        assembly = build_stories(reading, args.corpus, cfg, progress, store, runner)
        del reading  # the reports are in the store now: the stories read them from there
        store.set_config(cfg)
        totals = write_assembly(assembly, args.out, runner)
    _tell_skipped(assembly)
    if not args.quiet:
        _summary(assembly, totals, args.out / "factfile.json")
    return EXIT_REJECTED if assembly.rejected else EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from factfile.outputs import VIEW_FILES, one_line, write_assembly
    from factfile.outputs.files import refuse_if_in_the_way
    from factfile.pipeline import put, rebuild_stories
    from factfile.store import is_url, open_store, store_path, writing

    path = store_path(args.out, args.store)
    refuse_if_in_the_way(args.out, ("factfile.json", *VIEW_FILES))
    if not is_url(path) and not path.is_file():
        raise UsageError(f"{path} does not exist: there is no earlier build to add to. Run "
                         f"'factfile build CORPUS -o {args.out}' first")
    for report in args.reports:
        if not report.exists():
            raise UsageError(f"{report} does not exist")
    with _runner(args) as runner:
        with open_store(path) as store, writing(path):
            cfg = load_config(args.config) if args.config else store.config()
            progress = _progress_for(args)
            added = put(args.reports, store, cfg, progress, out_dir=args.out, runner=runner)
            assembly = rebuild_stories(store, cfg, progress, runner)
            if args.config:
                store.set_config(cfg)
            _tell_skipped(added)
            totals = write_assembly(assembly, args.out, runner)
    if not args.quiet:
        ids = [one_line(d.id) for d in added.documents]
        print(f"factfile: added {len(ids)} report{'s' if len(ids) != 1 else ''}"
              + (": " + ", ".join(ids[:10]) if ids else "")
              + (f" and {len(ids) - 10} more" if len(ids) > 10 else ""))
        _summary(assembly, totals, args.out / "factfile.json")
    return EXIT_REJECTED if not added.documents or added.rejected else EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    import secrets

    from factfile.web import create_app, is_local

    token = args.token or os.environ.get("FACTFILE_TOKEN") or None
    if token is None and not is_local(args.host):
        token = secrets.token_urlsafe(24)
        print(f"factfile: serving beyond this machine: every request needs the token {token}", file=sys.stderr)
    app = create_app(args.out, token, args.store)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"factfile: serving {args.out} at http://{shown}:{args.port}/"
          + (f"token?token={token}" if token else "") + " (Ctrl-C stops)", file=sys.stderr)
    import uvicorn

    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def _progress_for(args: argparse.Namespace):
    return _progress if sys.stderr.isatty() and not args.quiet else _silent


def _tell_skipped(read: Assembly | Reading) -> None:
    """One line on stderr for each file skipped, and each notice about a file read."""
    from factfile.outputs import one_line

    for notice in read.notices:
        print(f"factfile: note: {one_line(notice.source)}: {notice.message}", file=sys.stderr)
    for rejection in read.rejected:
        print(f"factfile: skipped {one_line(rejection.source)}: {rejection.reason}", file=sys.stderr)


def _report(args: argparse.Namespace) -> int:
    from factfile.outputs import factfile_json, write_views

    data = factfile_json.read(args.factfile)
    problems = factfile_json.problems(data)
    if problems:
        raise UsageError(f"{args.factfile} is not a valid factfile/1 ({problems[0]}); "
                         f"run 'factfile validate {args.factfile}' to see every problem")
    out_dir = args.out or args.factfile.parent
    write_views(data, out_dir)
    print(f"wrote {out_dir / 'report.html'}, brief.md, places.geojson, entities.ftm.jsonl and csv/")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from factfile.outputs import factfile_json

    problems = factfile_json.problems(factfile_json.read(args.factfile))
    for problem in problems:
        print(f"{args.factfile}: {problem}")
    if problems:
        return EXIT_REJECTED
    print(f"{args.factfile}: valid factfile/1")
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from factfile.evaluate import all_scores
    from factfile.outputs import factfile_json

    scores = all_scores(factfile_json.read(args.factfile), factfile_json.read(args.gold))
    if not scores:
        raise UsageError(f"{args.gold} has none of entities, places, claims, groups, dates: nothing to score")
    for key, value in scores.items():
        if isinstance(value, float):
            print(f"{key:<30} {value:.3f}")
        elif isinstance(value, int):
            print(f"{key:<30} {value}")
    for key, value in scores.items():
        if isinstance(value, list) and value:
            print(f"{key}:")
            for item in value:
                print(f"  {item}")
    return EXIT_OK


def _silent(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    return items


def _progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    from rich.progress import track

    return track(items, total=total, description=description, transient=True)


# Past this many reports (or stories) the summary counts them rather than listing each.
_SUMMARY_LINES = 30


def _summary(assembly: Assembly, totals: Totals, target: Path) -> None:
    from factfile.outputs import one_line

    rejected = f", {len(assembly.rejected)} skipped" if assembly.rejected else ""
    print(f"factfile: {totals.documents} documents from {assembly.corpus_path}{rejected}; "
          f"{totals.dated} dated, {totals.removed} clutter lines removed")
    print(f"  {totals.entities} entities ({totals.merged} with variant spellings merged), "
          f"{totals.places} places on the map")
    print(f"  {totals.claims} claims in {sum(totals.groups.values())} groups: "
          + ", ".join(f"{totals.groups[s]} {s}" for s in ("contested", "corroborated", "denied")))
    print(f"  {totals.timeline} dated events on the timeline ({totals.unplaced} time expressions left unplaced)")
    count = sum(totals.warnings.values())
    print(f"  {count} warning{'' if count == 1 else 's'}" + (": " + ", ".join(
        f"{totals.warnings[k]} {k}" for k in sorted(totals.warnings)) if totals.warnings else ""))
    stories = assembly.stories
    if len(stories) > 1:
        print(f"  {len(stories)} stories, largest first:")
        for story in stories[:_SUMMARY_LINES]:
            label = one_line(story.label)
            print(f"    {len(story.docs):>5} report{'s' if len(story.docs) != 1 else ' '}  "
                  + (label if len(label) <= 70 else label[:67] + "..."))
        if len(stories) > _SUMMARY_LINES:
            print(f"    and {len(stories) - _SUMMARY_LINES} more (report.html lists them all)")
    reports = totals.reports
    if len(reports) > _SUMMARY_LINES:
        print(f"  (one line per report in {target.parent / 'csv' / 'documents.csv'})")
        reports = []
    width = max((len(one_line(doc_id)) for doc_id, *_ in reports), default=2)
    for doc_id, published, publisher, title in reports:
        date = published or "date unknown"
        outlet = one_line(publisher) or "outlet unknown"
        title = one_line(title) or "(no title)"
        if len(title) > 60:
            title = title[:57] + "..."
        print(f"  {one_line(doc_id):<{width}}  {date:<12}  {outlet[:24]:<24}  {title}")
    print(f"wrote {target}, report.html, brief.md, places.geojson, entities.ftm.jsonl and csv/")


if __name__ == "__main__":
    sys.exit(main())
