"""Stage 1, load, for office documents: PDF and Word .docx.

Turns a file's bytes into a `RawDocument` like the text readers do: body
text with one paragraph per line, and what the file's own metadata says
(title, author, creation date). `load.read_file` calls `read_office` for
these formats; pypdf and python-docx are imported here only when the first
such file is read.

A PDF's text layer is a list of lines placed on pages, so the reader
rebuilds paragraphs: a line joins the next unless it is short, followed by
a larger gap or a different font size, or the next line starts a list
item; words hyphenated across lines are joined; page numbers and running
headers are taken out and recorded. A PDF without a text layer (a scan),
an encrypted or damaged file, or a .docx with no paragraphs is refused with
an `InputError` that says what to do.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import logging
import math
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from factfile.config import Config
from factfile.errors import InputError
from factfile.model import DatedEvidence, Notice, RawDocument, Removal, SourceMetadata
from factfile.stages.load import normalize_text

# A .docx is a zip archive: refuse one that would unpack to more than this
# many times the document size limit (a zip bomb, or a file of images).
_MAX_UNZIPPED_FACTOR = 4


def read_office(data: bytes, fmt: str, doc_id: str, source: str, cfg: Config) -> Iterator[RawDocument | Notice]:
    """The document in a PDF or .docx file, with notices; `InputError` when it cannot be read."""
    if not data.strip():
        raise InputError("empty file; skipped. Remove it, or check that the download worked")
    if fmt == "pdf":
        yield from _read_pdf(data, doc_id, source)
    else:
        yield _read_docx(data, doc_id, source, cfg)


# --- PDF ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of a PDF page's text layer, with where it sits when pypdf says so."""

    text: str
    y: float | None = None  # baseline height on the page (points from the bottom)
    size: float | None = None  # font size in points


_NO_TEXT_LAYER = ("no text layer: it looks like a scanned image; skipped. Run OCR on it first "
                  "(e.g. 'ocrmypdf in.pdf out.pdf') and put the result in the corpus")


def _read_pdf(data: bytes, doc_id: str, source: str) -> Iterator[RawDocument | Notice]:
    import pypdf
    from pypdf.errors import DependencyError, PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF (it does not start with '%PDF-'); skipped. "
                         "Check what the file is and give it its real extension")
    with _pypdf_log() as log:
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                # Many PDFs are encrypted only against editing and open with an empty password.
                try:
                    opened = reader.decrypt("")
                except (DependencyError, NotImplementedError, PyPdfError):
                    opened = 0
                if not opened:
                    raise InputError("encrypted (password-protected) PDF; skipped. Save a copy without the "
                                     "password (or print it to a new PDF) and put that in the corpus")
            pages = list(reader.pages)
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged file can make pypdf raise anything
            raise InputError(_damaged_pdf(data, exc, log)) from exc
        if not pages:
            raise InputError("PDF with no pages; skipped. Check that the download worked")
        lines: list[list[_Line]] = []
        unreadable: list[int] = []
        for number, page in enumerate(pages, 1):
            try:
                lines.append(_page_lines(page))
            except Exception:  # noqa: BLE001 - one bad page must not lose the others
                lines.append([])
                unreadable.append(number)
        metadata = _pdf_metadata(reader)
    if not any(line.text for page in lines for line in page):
        if unreadable:
            raise InputError(f"damaged PDF: no page's text could be read ({_pages(unreadable)}); skipped. "
                             "Download it again or re-save it from a PDF viewer")
        raise InputError(_NO_TEXT_LAYER)
    if unreadable:
        yield Notice(source, f"PDF {_pages(unreadable)} could not be read (damaged); used the others")
    textless = [n for n, page in enumerate(lines, 1) if not page and n not in unreadable and _has_image(pages[n - 1])]
    if textless:
        yield Notice(source, f"PDF {_pages(textless)}: no text layer (scanned images?), so the text there is "
                             "missing. Run OCR on the file (e.g. ocrmypdf) to include it")
    if metadata.title is None and (heading := _first_page_heading(lines)):
        metadata = dataclasses.replace(metadata, title=heading)
    paragraphs, removed = pdf_paragraphs(lines)
    text = normalize_text("\n\n".join(paragraphs))
    if not text.strip():
        raise InputError(_NO_TEXT_LAYER)
    # A PDF has no single text encoding (each font has its own); say where the text came from instead.
    yield RawDocument(doc_id, source, "pdf", text, "pdf", metadata, removed)


@contextlib.contextmanager
def _pypdf_log() -> Iterator[list[str]]:
    """Collect pypdf's warnings instead of letting them reach stderr as stray lines."""
    logger = logging.getLogger("pypdf")
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _damaged_pdf(data: bytes, exc: Exception, log: list[str]) -> str:
    if b"%%EOF" not in data[-2048:]:
        return ("cut-short PDF (no end-of-file marker); skipped. Download it again, "
                "or re-save it from a PDF viewer")
    detail = _one_line(str(exc) or (log[-1] if log else type(exc).__name__))
    return f"damaged PDF ({detail}); skipped. Download it again, or re-save it from a PDF viewer"


def _one_line(detail: str, limit: int = 160) -> str:
    """A library's error message fit for one line of stderr."""
    detail = " ".join(detail.split())
    return detail if len(detail) <= limit else detail[: limit - 1] + "…"


def _pages(numbers: list[int]) -> str:
    """'page 3' or 'pages 3, 4, 7' (the first ten, then a count)."""
    listed = ", ".join(map(str, numbers[:10])) + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")
    return f"page{'s' if len(numbers) > 1 else ''} {listed}"


def _has_image(page) -> bool:
    def resolve(value):  # values may be references to objects elsewhere in the file
        return value.get_object() if hasattr(value, "get_object") else value

    try:
        xobjects = resolve(resolve(page.get("/Resources") or {}).get("/XObject") or {})
        return any(resolve(xobject).get("/Subtype") == "/Image" for xobject in xobjects.values())
    except Exception:  # noqa: BLE001 - only used to word a notice
        return False


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})


def _first_page_heading(pages: list[list[_Line]]) -> str | None:
    """The line(s) set in the largest type on the first page with text, when clearly larger than the body."""
    page = next(page for page in pages if page)
    sizes = [line.size for page in pages for line in page if line.size]
    if not sizes:
        return None
    largest = max(line.size or 0 for line in page)
    heading = [line.text for line in page if line.size and line.size > 0.95 * largest]
    if largest < 1.3 * statistics.median(sizes) or len(heading) > 3:
        return None
    title = " ".join(heading)
    return title if len(title.split()) <= 20 else None


def _page_lines(page) -> list[_Line]:
    """The page's non-empty lines in reading order, with their height and font size."""
    chunks: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size) -> None:
        # The text matrix times the page's current transformation: the vertical scale (c, d) gives the
        # type's size on the page, the translation's y where the line sits.
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        chunks.append((text, y, abs(size) * (math.hypot(c, d) or 1.0)))

    text = page.extract_text(visitor_text=visit).translate(_LIGATURES)
    if "".join(chunk for chunk, _, _ in chunks).translate(_LIGATURES) != text:
        # pypdf's visitor did not see the same text: keep the lines, without positions.
        return [_Line(line.strip()) for line in text.split("\n") if line.strip()]
    lines: list[_Line] = []
    current, y, sizes = "", None, Counter()

    def end_line() -> None:
        if current.strip():
            # The line's size is the one most of its letters have (a bullet or a footnote mark may differ).
            lines.append(_Line(current.strip(), y, sizes.most_common(1)[0][0]))

    for chunk, chunk_y, chunk_size in chunks:
        for i, piece in enumerate(chunk.translate(_LIGATURES).split("\n")):
            if i:
                end_line()
                current, y, sizes = "", None, Counter()
            if piece.strip():
                y = chunk_y if y is None else y
                sizes[round(chunk_size, 1)] += len(piece.strip())
            current += piece
    end_line()
    return lines


# "3", "Page 3", "3 of 12", "- 3 -", and front matter's "iv".
_PAGE_NUMBER = re.compile(r"(?i:page\s+)?\d{1,3}(?:\s*(?i:of|/)\s*\d{1,3})?|[-–—]\s*\d{1,3}\s*[-–—]|[ivxl]{1,6}")
_BULLET = re.compile(r"(?:[•▪◦●■–—*-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")
# Page furniture is looked for in the first and last lines of each page.
_EDGE_LINES = 2


def pdf_paragraphs(pages: list[list[_Line]]) -> tuple[list[str], tuple[Removal, ...]]:
    """Paragraphs rebuilt from the lines of a PDF's pages, and the page furniture taken out."""
    pages, removed = _drop_page_furniture(pages)
    lines = [(number, line) for number, page in enumerate(pages) for line in page]
    if not lines:
        return [], removed
    lengths = sorted(len(line.text) for _, line in lines)
    width = lengths[int(len(lengths) * 0.9)]
    spacing = {number: _line_spacing(page) for number, page in enumerate(pages)}
    words = Counter(w.casefold() for _, line in lines for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", line.text))
    paragraphs: list[str] = []
    current = lines[0][1].text
    for (page_a, a), (page_b, b) in zip(lines, lines[1:]):
        if _breaks(a, b, page_a == page_b, width, spacing[page_a]):
            paragraphs.append(current)
            current = b.text
        else:
            current = _join(current, b.text, words)
    paragraphs.append(current)
    return paragraphs, removed


def _drop_page_furniture(pages: list[list[_Line]]) -> tuple[list[list[_Line]], tuple[Removal, ...]]:
    """Pages without their page numbers and running headers or footers (the same line on most pages)."""
    def shape(text: str) -> str:
        return re.sub(r"\d+", "#", text.casefold())

    edges = Counter(shape(line.text) for page in pages for line in set(page[:_EDGE_LINES] + page[-_EDGE_LINES:]))
    repeated = {text for text, count in edges.items() if len(pages) >= 3 and count >= max(3, len(pages) / 2)}
    kept: list[list[_Line]] = []
    removed: list[Removal] = []
    for page in pages:
        edge = set(range(min(_EDGE_LINES, len(page)))) | set(range(max(0, len(page) - _EDGE_LINES), len(page)))
        keep = []
        for index, line in enumerate(page):
            if index in edge and _PAGE_NUMBER.fullmatch(line.text):
                removed.append(Removal(line.text, "page number"))
            elif index in edge and shape(line.text) in repeated:
                removed.append(Removal(line.text, "running header or footer"))
            else:
                keep.append(line)
        kept.append(keep)
    return kept, tuple(removed)


def _line_spacing(page: list[_Line]) -> float | None:
    """The usual distance between two lines of a paragraph on the page (a low quantile, as gaps are larger)."""
    gaps = sorted(a.y - b.y for a, b in zip(page, page[1:])
                  if a.y is not None and b.y is not None and a.y > b.y and a.size == b.size)
    return gaps[len(gaps) // 4] if gaps else None


def _breaks(a: _Line, b: _Line, same_page: bool, width: int, spacing: float | None) -> bool:
    """Whether a paragraph ends between line `a` and the line `b` after it."""
    if _BULLET.match(b.text):
        return True
    # A short line ends its paragraph, unless the sentence plainly goes on in lower case.
    goes_on = (re.search(r"(?:,|[^\W\d_]-|\u00ad)$", a.text) is not None
               or b.text[:1].islower() and not re.search(r"[.!?:;\"”’)]$", a.text))
    if len(a.text) < 0.75 * width and not goes_on:
        return True
    if a.size and b.size and abs(a.size - b.size) > 0.1 * max(a.size, b.size):
        return True  # a heading, a caption or a footnote
    if same_page and spacing and a.y is not None and b.y is not None:
        gap = a.y - b.y
        return gap > 1.4 * spacing or gap < 0  # a blank line, or the next column
    return False


def _join(text: str, line: str, words: Counter[str]) -> str:
    """`text` continued by the next line of its paragraph, mending a word hyphenated across the break."""
    if text.endswith("\u00ad"):  # a soft hyphen: the word was broken by the typesetter
        return text[:-1] + line
    if re.search(r"[^\W\d_]-$", text) and line[:1].isalnum():
        if line[0].isdigit():  # "COVID-" + "19"
            return text + line
        head = re.search(r"([^\W\d_]+)-$", text).group(1)
        tail = re.match(r"[^\W\d_]+", line).group(0)
        hyphenated, whole = f"{head}-{tail}".casefold(), f"{head}{tail}".casefold()
        # The document's own spelling elsewhere decides; failing that, the hyphen of a compound
        # with a capital after it ("Franco-German", "non-EU") stays, and any other was only a line break.
        if words[hyphenated] != words[whole]:
            keep = words[hyphenated] > words[whole]
        else:
            keep = tail[0].isupper() and not (head.isupper() and tail.isupper())
        return text + line if keep else text[:-1] + line
    if re.search(r"\S[–—/]$", text):
        return text + line
    return f"{text} {line}"


# Values that tools and templates write into a file's metadata in place of a real title or author.
_PLACEHOLDERS = frozenset({"untitled", "document", "document1", "title", "author", "user", "admin", "administrator",
                           "owner", "unknown", "microsoft office user", "windows user", "python-docx"})
_FILE_NAME = re.compile(r".*\.(?:docx?|pdf|odt|rtf|txt|indd|pptx?|xlsx?|tex|dvi)$", re.I)


def _usable(value: object) -> str | None:
    """A metadata title or author, or None when it is empty, a placeholder or a file name."""
    if not isinstance(value, str):
        return None
    value = normalize_text(value).strip()
    value = re.sub(r"^Microsoft (?:Word|PowerPoint) - ", "", value)
    if not value or value.casefold() in _PLACEHOLDERS or _FILE_NAME.fullmatch(value):
        return None
    return value


def _pdf_metadata(reader) -> SourceMetadata:
    """Title, author, subject and creation date from the document info, else from XMP."""
    title = author = subject = None
    dates: tuple[DatedEvidence, ...] = ()
    with contextlib.suppress(Exception):  # broken metadata is no reason to lose the text
        info = reader.metadata or {}
        title, author = _usable(info.get("/Title")), _usable(info.get("/Author"))
        subject = _usable(info.get("/Subject"))
        raw = info.get("/CreationDate")
        if isinstance(raw, str) and (iso := _pdf_date(raw)):
            dates = (DatedEvidence(iso, f"/CreationDate {raw}", "metadata"),)
    if not (title and author and dates):
        with contextlib.suppress(Exception):
            xmp = reader.xmp_metadata
            if xmp is not None:
                title = title or _usable((xmp.dc_title or {}).get("x-default"))
                author = author or _usable(", ".join(xmp.dc_creator or []))
                created = xmp.xmp_create_date
                if not dates and isinstance(created, dt.datetime):
                    dates = (DatedEvidence(created.date().isoformat(), f"xmp:CreateDate {created.isoformat()}",
                                           "metadata"),)
    return SourceMetadata(title=title, author=author, description=subject, dates=dates)


def _pdf_date(raw: str) -> str | None:
    """The calendar date of a PDF date string ('D:20250310090000+01'00''), as written (local time)."""
    match = re.match(r"\s*(?:D:)?(\d{4})(\d{2})(\d{2})", raw)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


# --- Word .docx -----------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office formats (.doc, .xls, .ppt)
_OTHER_OFFICE = {"spreadsheetml": "an Excel workbook", "presentationml": "a PowerPoint presentation"}
# python-docx's own blank template: documents made with it carry these core properties
# unless the program set its own, and they say nothing about the document.
_PYTHON_DOCX_TEMPLATE = ("generated by python-docx", dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.timezone.utc))


def _read_docx(data: bytes, doc_id: str, source: str, cfg: Config) -> RawDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if data.startswith(_OLE):
        raise InputError("an old Word .doc file (or another pre-2007 Office file) named .docx; skipped. "
                         "Open it in Word or LibreOffice and save it as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        if data.startswith(b"PK"):
            raise InputError("damaged or cut-short .docx (its zip archive cannot be opened); skipped. "
                             "Download it again, or re-save it in Word") from exc
        raise InputError("not a Word .docx file (a .docx is a zip archive, this is not); skipped. "
                         "Check what the file is and give it its real extension") from exc
    if unzipped > _MAX_UNZIPPED_FACTOR * cfg.max_document_bytes:
        raise InputError(f".docx unpacks to {unzipped / 1024 / 1024:.0f} MB; skipped. Save its text as a smaller "
                         "file, or raise the limit with --max-document-mb")
    try:
        document = docx.Document(io.BytesIO(data))
    except KeyError as exc:
        raise InputError("a zip archive but not a Word document (no [Content_Types].xml in it); skipped. "
                         "Check what the file is") from exc
    except ValueError as exc:
        kind = next((name for key, name in _OTHER_OFFICE.items() if key in str(exc)), "not a Word document")
        raise InputError(f"{kind}, not a Word document; skipped. Save the text as .docx, or move it out "
                         "of the corpus") from exc
    except Exception as exc:  # noqa: BLE001 - a damaged package can make python-docx raise anything
        raise InputError(f"damaged .docx ({_one_line(f'{type(exc).__name__}: {exc}')}); skipped. "
                         "Re-save it in Word") from exc
    blocks: list[str] = []
    paragraphs = 0
    styled_title = None
    try:
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                paragraphs += 1
                text = item.text
                if styled_title is None and text.strip() and _style_name(item) == "Title":
                    styled_title = text
                blocks.append(text)
            elif isinstance(item, Table):
                blocks.extend(_table_rows(item))
        metadata = _docx_metadata(document.core_properties, styled_title)
    except Exception as exc:  # noqa: BLE001 - malformed XML inside a valid zip
        raise InputError(f"damaged .docx ({_one_line(f'{type(exc).__name__}: {exc}')}); skipped. "
                         "Re-save it in Word") from exc
    text = normalize_text("\n\n".join(blocks))
    if paragraphs == 0 and not text.strip():
        raise InputError("Word document with no paragraphs; skipped. Check that it is the right file")
    if not text.strip():
        raise InputError("Word document whose paragraphs are all empty (text in images or text boxes?); skipped. "
                         "Check that it is the right file")
    # The document's XML parts are UTF-8 (the Office Open XML default).
    return RawDocument(doc_id, source, "docx", text, "utf-8", metadata)


def _style_name(paragraph) -> str | None:
    try:
        return paragraph.style.name if paragraph.style is not None else None
    except (KeyError, ValueError, AttributeError):
        return None


def _table_rows(table) -> list[str]:
    """One line per table row, cells separated by ' | ' (merged cells once)."""
    rows = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            if text := " ".join(cell.text.split()):
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def _docx_metadata(core, styled_title: str | None) -> SourceMetadata:
    """Title, author, subject and creation date from the core properties (docProps/core.xml)."""
    dates: tuple[DatedEvidence, ...] = ()
    if isinstance(core.created, dt.datetime) and (core.comments, core.created) != _PYTHON_DOCX_TEMPLATE:
        stamp = core.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        dates = (DatedEvidence(core.created.date().isoformat(), f"dcterms:created {stamp}", "metadata"),)
    return SourceMetadata(
        title=_usable(core.title) or _usable(styled_title),
        author=_usable(core.author),
        description=_usable(core.subject),
        dates=dates,
    )
