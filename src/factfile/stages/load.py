"""Stage 1, load: find the corpus's files and read each into a `RawDocument`.

Reads plain text, HTML, Markdown and JSONL, and PDF and Word .docx through
`load_office.py`; detects encodings; refuses what
is not a document (empty, binary, oversized, unreadable) with a `Rejection`
whose message names the file and says what to do. One bad file never stops
the rest: `read_corpus` yields a result for every file and streams, so
memory does not grow with the corpus.
"""

from __future__ import annotations

import copy
import dataclasses
import errno
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from factfile.config import Config
from factfile.dates import date_only, parse_date
from factfile.errors import InputError, UsageError
from factfile.model import DatedEvidence, Notice, RawDocument, Rejection, Removal, SourceMetadata

Loaded = RawDocument | Rejection | Notice

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "md",
    ".markdown": "md",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".pdf": "pdf",
    ".docx": "docx",
}
SUPPORTED = ", ".join(sorted(set(FORMATS)))

# A JSONL file with this many bad lines in a row is probably not JSONL.
_MAX_BAD_JSONL_LINES = 20


# --- finding files --------------------------------------------------------


def discover(corpus: Path, out_dir: Path | None = None,
             skipped: Counter[str] | None = None) -> tuple[Path, list[Path | Rejection]]:
    """The corpus root and its files in a stable order (or why one was skipped).

    Never factfile's own outputs (the files an output folder's manifest lists), nor the output
    folder `out_dir` when it lies inside the corpus, nor hidden files; `skipped` counts them
    under "output", "output folder" and "hidden".
    """
    from factfile.outputs.files import MANIFEST, owned
    from factfile.store import is_store_file

    skipped = Counter() if skipped is None else skipped
    try:
        out_info = os.stat(out_dir) if out_dir is not None else None
    except OSError:
        out_info = None  # not there yet: nothing in it to read
    outputs: set[Path] = set()
    if not os.path.lexists(corpus):
        raise UsageError(f"{corpus}: no such file or folder; give a folder of reports, one report, or a .jsonl file")
    if corpus.is_file():
        return corpus.parent, [corpus]
    if not corpus.is_dir():
        raise UsageError(f"{corpus}: not a file or folder (a broken link or a loop?); give a folder of reports")
    found: list[Path | Rejection] = []
    seen_dirs: set[tuple[int, int]] = set()

    def walk(folder: Path) -> None:
        try:
            info = folder.stat()
        except OSError as exc:
            found.append(Rejection(_relative(folder, corpus), _os_reason(exc)))
            return
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            found.append(Rejection(_relative(folder, corpus),
                                   "folder reached twice through a symbolic link (a loop?); skipped"))
            return
        seen_dirs.add(key)
        if out_info is not None and key == (out_info.st_dev, out_info.st_ino) and folder != corpus:
            skipped["output folder"] += 1
            return
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.append(Rejection(_relative(folder, corpus), _os_reason(exc)))
            return
        outputs.update(folder / rel for rel in owned(folder))
        for entry in entries:
            if entry.name.startswith("."):
                skipped["hidden"] += entry.name != MANIFEST
                continue  # hidden files and folders: editor and OS droppings
            path = Path(entry.path)
            if path in outputs or is_store_file(path):
                skipped["output"] += 1
                continue  # written by factfile: never read back as a report
            try:
                is_dir = entry.is_dir()  # follows links; raises on a link loop
            except OSError as exc:
                found.append(Rejection(_relative(path, corpus), _os_reason(exc)))
                continue
            if is_dir:
                walk(path)
            else:
                found.append(path)

    walk(corpus)
    return corpus, found


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop; skipped. Remove or fix the link"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link or file vanished; skipped. Remove or fix the link"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; skipped. Make the file readable (chmod +r) and run again"
    return f"cannot read ({exc.strerror or exc}); skipped"


# --- reading files --------------------------------------------------------


def read_corpus(corpus: Path, cfg: Config) -> Iterator[Loaded]:
    """Every document, rejection and notice in the corpus, one file at a time."""
    root, files = discover(corpus)
    for item in files:
        if isinstance(item, Rejection):
            yield item
        else:
            yield from read_file(item, root, cfg)


def read_file(path: Path, root: Path, cfg: Config) -> Iterator[Loaded]:
    """The document(s) in one file, or a `Rejection` saying why there are none."""
    source = _relative(path, root)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        yield Rejection(source, f"unsupported file type '{path.suffix or '(none)'}'; skipped. "
                                f"factfile reads {SUPPORTED}: convert the file or move it out of the corpus")
        return
    try:
        info = os.stat(path)
    except OSError as exc:
        yield Rejection(source, _os_reason(exc))
        return
    if not path.is_file():
        yield Rejection(source, "not a regular file (a pipe or device?); skipped")
        return
    doc_id = Path(source).with_suffix("").as_posix()
    try:
        if fmt == "jsonl":
            yield from _read_jsonl(path, source, doc_id, cfg)
            return
        if info.st_size > cfg.max_document_bytes:
            raise InputError(
                f"file is {info.st_size / 1024 / 1024:.0f} MB, over the {cfg.max_document_mb:g} MB limit for one "
                "document; skipped. Split it, or raise the limit with --max-document-mb"
            )
        with open(path, "rb") as handle:
            data = handle.read()
        if fmt in ("pdf", "docx"):
            from factfile.stages.load_office import read_office  # pypdf and python-docx load only when needed

            yield from read_office(data, fmt, doc_id, source, cfg)
            return
        text, encoding, notice = decode(data)
        if notice:
            yield Notice(source, notice)
        yield parse(text, fmt, doc_id, source, encoding)
    except InputError as exc:
        yield Rejection(source, str(exc))
    except OSError as exc:
        yield Rejection(source, _os_reason(exc))


def parse(text: str, fmt: str, doc_id: str, source: str, encoding: str = "utf-8") -> RawDocument:
    """A `RawDocument` from decoded text in format `fmt` (txt, html or md)."""
    if fmt == "html":
        body, metadata, removed = parse_html(text)
    elif fmt == "md":
        body, metadata, removed = parse_markdown(text)
    else:
        body, metadata, removed = normalize_text(text), SourceMetadata(), ()
    if not body.strip():
        raise InputError("no readable text in it; skipped. Check that it is an article and not an empty page")
    return RawDocument(doc_id, source, fmt, body, encoding, metadata, removed)


# --- decoding -------------------------------------------------------------

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\f\x0b\x1b")


def decode(data: bytes) -> tuple[str, str, str | None]:
    """Text, the encoding used, and a notice when it was not plain UTF-8."""
    if not data.strip():
        raise InputError("empty file; skipped. Remove it, or check that the download worked")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, None
            except UnicodeDecodeError:
                break
    sample = data[:8192]
    controls = sum(sample.count(c) for c in _CONTROL)
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise InputError("looks like a binary file, not text; skipped. "
                         "If it is a PDF or a Word .docx, give it its real extension (.pdf, .docx); "
                         "other documents (.doc, .odt, .rtf): save them as .docx or .txt first")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        position = exc.start
    if damage := _utf8_damage(data):
        return data.decode("utf-8", errors="replace"), "utf-8", damage
    encoding = _legacy_encoding(data)
    if encoding is None:
        raise InputError("cannot tell its text encoding; skipped. Re-save the file as UTF-8")
    return (data.decode(encoding, errors="replace"), encoding,
            f"not valid UTF-8 (first bad byte at offset {position}); read as {encoding}. "
            "If accented letters look wrong, re-save the file as UTF-8")


_ESCAPED = re.compile("[\udc80-\udcff]+")
_SHOWN_OFFSETS = 5


def _utf8_damage(data: bytes) -> str | None:
    """A notice naming the bad bytes of UTF-8 text with a few stray bytes; None when it is not UTF-8.

    Text in a legacy encoding almost never holds a valid multi-byte UTF-8 sequence (it
    would read as 'Ã©'), so a file with at least as many valid ones as bad bytes is
    UTF-8 damaged in places: decoding it all as cp1252 or cp1250 would garble every
    accented letter to save the few bad bytes.
    """
    escaped = data.decode("utf-8", errors="surrogateescape")  # one U+DC80..U+DCFF per bad byte
    bad = len(escaped) - len(_ESCAPED.sub("", escaped))
    non_ascii = len(escaped) - len(escaped.encode("ascii", errors="ignore"))
    if non_ascii - bad < bad:
        return None
    places = []
    runs = 0
    for run in _ESCAPED.finditer(escaped):
        runs += 1
        if runs <= _SHOWN_OFFSETS:
            offset = len(escaped[: run.start()].encode("utf-8", errors="surrogateescape"))
            places.append(f"{offset} (line {escaped.count(chr(10), 0, run.start()) + 1})")
    if runs > _SHOWN_OFFSETS:
        places.append(f"{runs - _SHOWN_OFFSETS} more")
    where = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]
    what = "a byte that is" if bad == 1 else f"{bad} bytes that are"
    return (f"{what} not valid UTF-8 at byte offset{'s' if runs > 1 else ''} {where}; read as UTF-8 "
            "with the bad bytes shown as \ufffd (U+FFFD). Check the text there, or re-save the file as UTF-8")


_WESTERN = re.compile(r"[\x00-\x7f\u00a0-\u00ff\u2013\u2014\u2018-\u201e\u2022\u2026\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e]*")


def _legacy_encoding(data: bytes) -> str | None:
    """The most likely 8-bit encoding of bytes that are not UTF-8."""
    # English-language reports in a legacy encoding are nearly always
    # Windows-1252 with a few accented names and curly quotes; detectors
    # guess badly on such short, mostly-ASCII text, so check that case first.
    western = data.decode("cp1252", errors="replace")
    letters = sum(c.isalpha() for c in western) or 1
    if _WESTERN.fullmatch(western) and sum(ord(c) > 127 for c in western) <= 0.3 * letters:
        return "cp1252"
    from charset_normalizer import from_bytes  # only needed for the rare non-Western file

    matches = [match.encoding for match in from_bytes(data)]
    # Among equally plausible readings, Windows code pages are what web pages used.
    windows = [encoding for encoding in matches if encoding.startswith("cp125")]
    return (windows or matches or [None])[0]


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """NFC, one kind of newline, single spaces, no invisible or control characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


# --- HTML -----------------------------------------------------------------

_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)
_DROPPED_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
                 "nav", "header", "footer", "aside", "form", "button", "select")
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt",
               "figcaption", "div", "section", "article")


def parse_html(html: str) -> tuple[str, SourceMetadata, tuple[Removal, ...]]:
    """Article text and page metadata from an HTML page."""
    import trafilatura

    tree = _html_tree(html)
    metadata = _html_metadata(tree)
    blocks = _html_blocks(copy.deepcopy(tree))
    _unwrap_layout_tables(tree)
    try:
        extracted = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False
        )
    except Exception:  # noqa: BLE001 - the extractor's failures on hostile pages are not ours to crash on
        extracted = None
    text = getattr(extracted, "text", None) or ""
    if extracted is not None:
        metadata = SourceMetadata(
            title=extracted.title or metadata.title,
            author=metadata.author or extracted.author,
            publisher=metadata.publisher or extracted.sitename,
            url=metadata.url or extracted.url,
            description=metadata.description or extracted.description,
            dates=metadata.dates,
        )
    if not text.strip():
        # The extractor found no article (tiny or broken pages): take the text of
        # block elements ourselves rather than lose the page. Only then: a one-paragraph
        # extraction is a one-paragraph article, and the page's blocks around it are
        # its navigation and footer, not more of the article.
        text = "\n".join(blocks)
    if not metadata.dates and (dateline := _header_dateline(blocks, metadata.title)):
        metadata = dataclasses.replace(metadata, dates=(dateline,))
    return normalize_text(text), metadata, ()


_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th", "caption")
_TABLE_CELL_WORDS = 60  # more words than a cell of figures holds: a cell holding an article


def _unwrap_layout_tables(tree) -> None:
    """Turn tables that lay out a page into plain blocks, keeping tables of data.

    The extractor writes a table as rows of cells, one line per row: an article laid out
    in a table cell (old sites, e-mail-like pages) would come out as one line, with its
    headline, paragraphs and the menu beside it run together. A table is layout when a
    cell holds a heading, another table, several paragraphs or more words than data does.
    """
    layout = []
    for table in tree.iter("table"):
        for cell in table.iter("td", "th"):
            if next(cell.iterancestors("table")) is not table:
                continue
            blocks = sum(1 for _ in cell.iter("p", "div", "ul", "ol", "blockquote", "br"))
            if (blocks > 1 or next(cell.iter("h1", "h2", "h3", "h4", "h5", "h6", "table"), None) is not None
                    or len(cell.text_content().split()) > _TABLE_CELL_WORDS):
                layout.append(table)
                break
    for table in layout:
        for part in list(table.iter(*_TABLE_PARTS)):
            if next(part.iterancestors("table")) is table:
                part.tag = "div"
        table.tag = "div"


# libxml2 stops reading a page at this depth even with `huge_tree`, losing everything after it.
_LXML_MAX_DEPTH = 2048
# Pages nested deeper are read with their wrappers below this depth taken out.
_FLATTEN_DEPTH = 200


def _html_tree(html: str):
    """The page as an lxml tree, without comments; a page nested too deep is flattened first."""
    import lxml.etree
    import lxml.html

    # lxml refuses str input that declares its own encoding; the bytes were decoded already.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    for attempt in ("as written", "flattened"):
        # As trafilatura parses pages itself, but comments and processing instructions are
        # dropped while parsing: an lxml comment node inside a paragraph makes the extractor
        # lose the text after it. `huge_tree` lifts libxml2's limit of 256 levels of nesting.
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False,
                                      default_doctype=False, huge_tree=True)
        try:
            tree = lxml.html.document_fromstring(html, parser=parser)
        except (lxml.etree.ParserError, ValueError) as exc:
            raise InputError(f"no HTML content could be parsed ({exc}); skipped. "
                             "Check that the file is a web page") from exc
        if not any("Excessive depth" in error.message for error in parser.error_log):
            return tree
        if attempt == "as written":
            html = _flatten_nesting(html, _FLATTEN_DEPTH)
    raise InputError(f"elements nested more than {_LXML_MAX_DEPTH} levels deep, which the HTML parser "
                     "(libxml2) cannot read, even with wrapper elements taken out; skipped. "
                     "Save the article's text as .txt instead")


# Elements that `_flatten_nesting` never takes out: void ones and those whose end tag may be
# left out (they cannot pile up: the parser closes them itself), and those whose content is
# not text (taking out a <script> tag would put its code into the article).
_NOT_WRAPPERS = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "html head body p li dt dd tr td th thead tbody tfoot caption colgroup option optgroup rt rp "
    "script style title textarea noscript template iframe xmp noembed noframes plaintext".split()
)


def _flatten_nesting(html: str, depth: int) -> str:
    """`html` with the start and end tags of wrapper elements deeper than `depth` taken out.

    Wrappers are the elements that need an end tag (div, span, section, table, font, ...);
    text, paragraphs and list items are kept, so the article reads the same and only the
    nesting that libxml2 refuses goes.
    """
    from html.parser import HTMLParser

    out: list[str] = []
    open_tags: list[tuple[str, bool]] = []  # (tag, kept) for each open wrapper, innermost last
    open_count: Counter[str] = Counter()
    kept = 0

    class Flattener(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal kept
            if tag in _NOT_WRAPPERS:
                out.append(self.get_starttag_text() or "")
                return
            keep = kept < depth
            open_tags.append((tag, keep))
            open_count[tag] += 1
            kept += keep
            if keep:
                out.append(self.get_starttag_text() or "")

        def handle_startendtag(self, tag, attrs):
            out.append(self.get_starttag_text() or "")

        def handle_endtag(self, tag):
            nonlocal kept
            if not open_count[tag]:
                out.append(f"</{tag}>")
                return
            while open_tags:  # an end tag also closes what was left open inside its element
                name, keep = open_tags.pop()
                open_count[name] -= 1
                kept -= keep
                if name == tag:
                    if keep:
                        out.append(f"</{tag}>")
                    return

        def handle_data(self, data):
            out.append(data)

        def handle_entityref(self, name):
            out.append(f"&{name};")

        def handle_charref(self, name):
            out.append(f"&#{name};")

        def handle_decl(self, decl):
            out.append(f"<!{decl}>")

    flattener = Flattener(convert_charrefs=False)
    flattener.feed(html)
    flattener.close()
    return "".join(out)


def _header_dateline(blocks: list[str], title: str | None) -> DatedEvidence | None:
    """A date line just under the headline, which extractors drop as page furniture."""
    start = 0
    if title:
        folded = title.casefold()
        start = next((i + 1 for i, block in enumerate(blocks) if block.casefold() == folded), 0)
    for block in blocks[start : start + 6]:
        if iso := date_only(block):
            return DatedEvidence(iso, block, "dateline")
    return None


def _html_metadata(tree) -> SourceMetadata:
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    dates: list[DatedEvidence] = []
    for key in _META_DATE_KEYS:
        if key in metas and (iso := parse_date(metas[key])):
            dates.append(DatedEvidence(iso, f'<meta {key}="{metas[key]}">', "metadata"))
            break
    if not dates:
        for script in tree.iter("script"):
            if (script.get("type") or "").lower() == "application/ld+json" and script.text:
                match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.text)
                if match and (iso := parse_date(match.group(1))):
                    dates.append(DatedEvidence(iso, f'"datePublished": "{match.group(1)}"', "metadata"))
                    break
    if not dates:
        # The article's own <time> element: the first inside <article>, or one marked as the publication time.
        articles = list(tree.iter("article"))
        times = list(articles[0].iter("time")) if articles else []
        times += [t for t in tree.iter("time") if t.get("pubdate") is not None or "publish" in (t.get("class") or "")]
        for time in times:
            stamp = time.get("datetime") or ""
            if iso := parse_date(stamp):
                dates.append(DatedEvidence(iso, f'<time datetime="{stamp}">', "metadata"))
                break
    title_el = tree.find(".//title")
    return SourceMetadata(
        title=metas.get("og:title") or (title_el.text_content().strip() if title_el is not None else None) or None,
        author=metas.get("author") or metas.get("article:author") or None,
        publisher=metas.get("og:site_name") or metas.get("application-name") or None,
        url=metas.get("og:url") or _canonical(tree),
        description=metas.get("og:description") or metas.get("description") or None,
        dates=tuple(dates),
    )


def _canonical(tree) -> str | None:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return link.get("href").strip()
    return None


def _html_blocks(tree) -> list[str]:
    for element in list(tree.iter(*_DROPPED_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    lines = []
    for element in tree.iter(*_BLOCK_TAGS):
        if any(child.tag in _BLOCK_TAGS for child in element.iterchildren() if isinstance(child.tag, str)):
            continue  # only leaf blocks, so text is not repeated
        line = " ".join(element.text_content().split())
        if line:
            lines.append(line)
    return lines


# --- Markdown -------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.S)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def parse_markdown(markdown: str) -> tuple[str, SourceMetadata, tuple[Removal, ...]]:
    """Plain paragraphs and front-matter metadata from a Markdown file."""
    markdown = markdown.replace("\r\n", "\n")
    fields: dict[str, str] = {}
    if match := _FRONT_MATTER.match(markdown):
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip().lower()] = value.strip().strip("'\"")
        markdown = markdown[match.end():]
    removed: list[Removal] = []
    paragraphs: list[str] = []
    current: list[str] = []
    title = fields.get("title")
    in_code = False

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for line in markdown.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            flush()
            in_code = not in_code
            continue
        if in_code:
            removed.append(Removal(stripped, "code block")) if stripped else None
            continue
        for image in _IMAGE.finditer(stripped):
            removed.append(Removal(image.group(0), "image"))
        stripped = _IMAGE.sub("", stripped)
        stripped = _TAG.sub("", _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", stripped))).replace("`", "").strip()
        if not stripped or re.fullmatch(r"[-*_=]{3,}", stripped):
            flush()
            continue
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*$", stripped)
        bullet = re.match(r"(?:[-*+]|\d+[.)])\s+(.*)", stripped)
        if heading or bullet:
            flush()
            text = (heading or bullet).group(1)
            if heading and title is None and stripped.startswith("# "):
                title = text
            paragraphs.append(text)
            continue
        current.append(stripped.lstrip("> ").strip())
    flush()
    dates = ()
    for key in ("date", "published", "pubdate"):
        if key in fields and (iso := parse_date(fields[key])):
            dates = (DatedEvidence(iso, f"{key}: {fields[key]}", "metadata"),)
            break
    metadata = SourceMetadata(
        title=title,
        author=fields.get("author") or None,
        publisher=fields.get("publisher") or fields.get("site") or None,
        url=fields.get("url") or None,
        description=fields.get("description") or fields.get("subtitle") or None,
        dates=dates,
    )
    return normalize_text("\n".join(paragraphs)), metadata, tuple(removed)


# --- JSONL ----------------------------------------------------------------

_JSONL_FIELDS = ("text", "title", "url", "published", "author", "publisher", "id")


def _read_jsonl(path: Path, source: str, file_id: str, cfg: Config) -> Iterator[Loaded]:
    """One document per JSON line; a bad line is rejected on its own."""
    limit = cfg.max_document_bytes
    bad_in_a_row = 0
    with open(path, "rb") as handle:
        number = non_blank = 0
        while True:
            line = handle.readline(limit + 1)
            if not line:
                break
            number += 1
            where = f"{source}#{number}"
            if len(line) > limit and not line.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skip the oversized record without holding it
                yield Rejection(where, f"record over the {cfg.max_document_mb:g} MB limit; skipped. "
                                       "Split it, or raise the limit with --max-document-mb")
                continue
            if not line.strip():
                continue
            non_blank += 1
            if b"\x00" in line:
                yield Rejection(source, "looks like a binary file, not JSONL; skipped the rest of it")
                return
            try:
                document = _jsonl_record(line, where, f"{file_id}#{number}")
                bad_in_a_row = 0
            except InputError as exc:
                yield Rejection(where, str(exc))
                bad_in_a_row += 1
                if bad_in_a_row >= _MAX_BAD_JSONL_LINES:
                    yield Rejection(source, f"{bad_in_a_row} bad lines in a row; stopped reading. "
                                            "Is it JSONL (one JSON object per line)?")
                    return
                continue
            if published := document.metadata.unparsed_published:
                yield Notice(where, f"'published' value {published!r} is not a date factfile can read; ignored. "
                                    "Use YYYY-MM-DD")
            yield document
    if non_blank == 0:
        yield Rejection(source, "empty file; skipped. Remove it, or check that the export worked")


def _json_kind(value: object) -> str:
    """What a JSON value is, in JSON's words: 'a number', 'an array'."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "an object", list: "an array", type(None): "null"}.get(type(value), "not text")


def _jsonl_record(line: bytes, where: str, default_id: str) -> RawDocument:
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError("not valid UTF-8 (JSONL must be UTF-8); skipped. Re-export the file as UTF-8") from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"not valid JSON ({getattr(exc, 'msg', 'nested too deeply')}); skipped. "
                         "Each line must be one JSON object") from exc
    if not isinstance(record, dict):
        raise InputError("line is JSON but not an object; skipped. Each line must be a JSON object with 'text'")
    text = record.get("text")
    if "text" not in record:
        raise InputError("no 'text' field with the article's text; skipped. Add one, or remove the line")
    if not isinstance(text, str):
        raise InputError(f"its 'text' is {_json_kind(text)}, not a string; skipped. "
                         "'text' must hold the article's words in quotes")
    if not text.strip():
        raise InputError("its 'text' is empty; skipped. Add the article's text, or remove the line")
    for name in _JSONL_FIELDS[1:]:
        value = record.get(name)
        if value is not None and not isinstance(value, (str, int)) or isinstance(value, bool):
            raise InputError(f"field '{name}' must be a string, not {_json_kind(value)}; skipped")
    doc_id = str(record["id"]).strip() if record.get("id") not in (None, "") else default_id
    dates: tuple[DatedEvidence, ...] = ()
    published = record.get("published")
    if published is not None and (iso := parse_date(str(published))):
        dates = (DatedEvidence(iso, f'"published": "{published}"', "metadata"),)

    def field(name: str) -> str | None:
        value = record.get(name)
        return normalize_text(str(value)).strip() or None if value is not None else None

    metadata = SourceMetadata(
        title=field("title"), author=field("author"), publisher=field("publisher"), url=field("url"), dates=dates,
        unparsed_published=str(published) if published is not None and not dates else None,
    )
    return RawDocument(doc_id, where, "jsonl", normalize_text(text), "utf-8", metadata)
