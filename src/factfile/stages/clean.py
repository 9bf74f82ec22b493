"""Stage 2, clean: separate a report's title, standfirst, byline, publisher
and date from its body, and take out page clutter, recording each removal.

Reads a `RawDocument` (text with clutter, format metadata) and returns a
`Document`. Everything here is a general rule about how news pages are laid
out — mastheads, bylines, share bars, captions, comment prompts, related
links — never knowledge of one outlet or story.

The steps, in order:
1. split the text into paragraphs (re-joining hard-wrapped plain text);
2. mark clutter lines anywhere (engagement counters, prompts, captions...);
3. read the header: masthead, banner, title, duplicates, standfirst, byline, dateline;
4. drop a "related articles" tail and trailing clutter;
5. split a dateline or headline run into the first paragraph;
6. choose the publisher and the publication date, checking the date against the text.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlparse

from factfile import lexicon
from factfile.config import Config
from factfile.dates import DATE_LABEL, MONTHS, TIME_OF_DAY, date_only, find_dates
from factfile.model import DatedEvidence, Document, RawDocument, Removal


def clean(raw: RawDocument, cfg: Config) -> Document:
    """A cleaned `Document` from a loaded `RawDocument`."""
    page = _Page([_Paragraph(text) for text in split_paragraphs(repair_double_encoding(raw.text), raw.format, cfg)])
    page.title = repair_double_encoding(raw.metadata.title) if raw.metadata.title else None
    page.author = raw.metadata.author
    media_links: list[Removal] = []
    for paragraph in page.paragraphs:
        paragraph.text, links = strip_media_links(paragraph.text)
        media_links += [Removal(link, "embedded media link") for link in links]
        paragraph.reason = clutter_reason(paragraph.text) if paragraph.text else "embedded media link"
        if paragraph.reason is None and (address := _PAGE_ADDRESS.match(paragraph.text)):
            # A saved page's own address, pasted above or below the text ("Source: https://...").
            paragraph.reason = "page address"
            page.url = page.url or address.group("url")
    url = raw.metadata.url or page.url
    _mark_teasers(page)
    _mark_widget_lists(page, cfg)
    _read_header(page, raw, cfg)
    _drop_tail(page)
    _read_author_note(page)
    _split_run_in(page)
    _collect_dates(page)
    body = "\n\n".join(p.text for p in page.paragraphs if p.reason is None)
    candidates = list(raw.metadata.dates) + page.dates + _url_dates(url)
    published, evidence, reason = choose_published(candidates, body, cfg)
    removed = list(raw.removed) + media_links + [
        Removal(p.text, p.reason) for p in page.paragraphs if p.reason and p.reason not in _SEPARATED and p.text
    ]
    return Document(
        id=raw.id,
        source=raw.source,
        title=page.title,
        text=body,
        standfirst=page.standfirst or _standfirst_from_description(raw.metadata.description, page, body),
        published=published,
        published_evidence=evidence,
        published_reason=reason,
        author=page.author,
        publisher=(raw.metadata.publisher or page.publisher or self_reference(body) or page.dateline_outlet
                   or _copyright_holder(page) or _named_in_address(body, raw.source, url) or _domain(url)),
        url=url,
        language=guess_language(body),
        encoding=raw.encoding,
        removed=tuple(removed),
        date_candidates=tuple(candidates),
    )


# Header parts moved into their own fields rather than thrown away.
_SEPARATED = ("title", "standfirst")


@dataclass(slots=True)
class _Paragraph:
    text: str
    reason: str | None = None  # why it was removed; None while it is body text


@dataclass(slots=True)
class _Page:
    paragraphs: list[_Paragraph]
    title: str | None = None
    standfirst: str | None = None
    author: str | None = None
    publisher: str | None = None
    dates: list[DatedEvidence] = field(default_factory=list)
    dateline_outlet: str | None = None
    url: str | None = None


# --- 1. paragraphs --------------------------------------------------------


# A UTF-8 sequence read once as Latin-1 or Windows-1252 and saved again as UTF-8: a lead byte
# shown as 'Â'..'ô', then continuation bytes shown as C1 controls, Latin-1 signs or the
# Windows-1252 punctuation in 0x80-0x9f ('â€œ' for a curly quote, 'Â ' for a no-break space).
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_DOUBLE_ENCODED = re.compile("[\u00c2-\u00f4][\u0080-\u00bf" + _CP1252_HIGH + "]+")


def _as_bytes(run: str) -> bytes | None:
    out = bytearray()
    for char in run:
        if ord(char) < 256:
            out.append(ord(char))
        else:
            try:
                out += char.encode("cp1252")
            except UnicodeEncodeError:
                return None
    return bytes(out)


def repair_double_encoding(text: str) -> str:
    """Text with doubly encoded runs ('cafÃ©', 'â€“', 'byÂ the') read back as the characters
    they were ('café', '–', 'by the'). A run is changed only when its bytes
    are valid UTF-8, which ordinary accented text ('Ärger', 'São') almost never is."""
    if not _DOUBLE_ENCODED.search(text):
        return text

    def undo(match: re.Match[str]) -> str:
        data = _as_bytes(match.group(0))
        try:
            repaired = data.decode("utf-8").replace("\u00a0", " ") if data else match.group(0)
        except UnicodeDecodeError:
            return match.group(0)
        # A control character is no letter anyone wrote: those bytes were something else.
        return match.group(0) if any(unicodedata.category(c) == "Cc" for c in repaired) else repaired

    return _DOUBLE_ENCODED.sub(undo, text)


def split_paragraphs(text: str, fmt: str, cfg: Config) -> list[str]:
    """Non-empty paragraphs; hard-wrapped plain text is re-joined first."""
    lines = [line.strip() for line in text.split("\n")]
    if fmt == "txt" and _looks_hard_wrapped(lines, cfg):
        blocks, current = [], []
        for line in lines + [""]:
            if line:
                current.append(line)
            elif current:
                blocks.append(" ".join(current))
                current = []
        return blocks
    return [line for line in lines if line]


def _looks_hard_wrapped(lines: list[str], cfg: Config) -> bool:
    lengths = [len(line) for line in lines if line]
    if len(lengths) < 8 or not any(not line for line in lines):
        return False
    width = sorted(lengths)[int(len(lengths) * 0.9)]
    if not 40 <= width <= 100:
        return False
    near_width = sum(width * 0.7 <= n <= width for n in lengths)
    return near_width >= cfg.hard_wrap_min_share * len(lengths) and statistics.median(lengths) >= width * 0.6


# --- 2. clutter anywhere --------------------------------------------------

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("engagement", re.compile(
        r"^(?:[\d.,]+\s*[km]?\s+(?:people\s+|readers\s+|users\s+|times\s+)?(?:have\s+)?"
        r"(?:read|viewed|liked|shared|views?|reads?|likes?|shares?|comments?|reactions?|responses?|claps?)\b[^.]{0,30}"
        r"|(?:there\s+(?:are|is|were)\s+)?(?:no|\d+)\s+comments?"
        r"|(?:views?|reads?|likes?|shares?|comments?)\s*[:(]?\s*[\d.,]+[km]?\)?)[.!]*$", re.I)),
    ("comment prompt", re.compile(
        r"^(?:comments?|leave\s+a\s+(?:comment|reply)|add\s+(?:a\s+|your\s+)?comment|post\s+(?:a\s+)?comment"
        r"|write\s+a\s+comment|join\s+the\s+(?:conversation|discussion|debate)|(?:show|view|load|hide)\s+(?:all\s+)?comments"
        r"|be\s+the\s+first\s+to\s+comment.{0,40}|what\s+do\s+you\s+think)\s*[:.!?]*$", re.I)),
    ("share or read time", re.compile(
        r"^(?:\d+\s*-?\s*(?:min|mins|minute|minutes)(?:\s+(?:read|reading|listen))?"
        r"|(?:reading|read)\s+time:?\s*\d+\s*(?:min|mins|minutes?)"
        r"|share(?:\s+this)?(?:\s+(?:article|story|post|page))?(?:\s+(?:on|via)\s+\w+)?"
        r"|(?:tweet|print|e-?mail|copy\s+link|save|bookmark)(?:\s+(?:this|article|story))*"
        r"|listen\s+to\s+(?:this\s+)?(?:article|story).{0,30}"
        r"|(?:(?:share|facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|messenger|e-?mail|print"
        r"|copy|link|flipboard|vk)\s*[|:,/]?\s*){2,})\s*[:.!]*$", re.I)),
    ("live badge", re.compile(
        r"^(?:live(?:\s+(?:story|updates?|blog|now|coverage|tv))?|breaking(?:\s+news)?|developing(?:\s+story)?"
        r"|exclusive|updated|watch(?:\s+live)?|video|audio|advertisement|sponsored(?:\s+content)?|skip\s+to\s+content)"
        r"\s*[:.!]*$", re.I)),
    ("image caption or credit", re.compile(
        r"(?:\b(?:photos?|images?|pictures?|photograph|illustration|graphic|file\s+photo)\s*(?:credit)?\s*:\s*.{1,80}$"
        r"|\[[^\[\]]{0,80}(?:/|getty|afp|reuters|\bap\b|epa|shutterstock|alamy|xinhua|tass|anadolu|sputnik"
        r"|handout|file\s+photo)[^\[\]]{0,80}\]\s*$"
        r"|\((?:photos?|images?|pictures?|file\s+photo|credit)\b[^()]{0,80}\)\s*$"
        r"|\b(?:AP|AFP|Reuters|EPA)\s+Photo\b|\bvia\s+Getty\s+Images\s*$"
        r"|^(?:photo|image|picture|credit)s?\s+(?:by|via|courtesy\s+of)\b)", re.I)),
    ("image file name", re.compile(
        r"^(?:[^\s/]+\.(?:jpe?g|png|gif|webp|svg|tiff?)"
        r"|[\w’'.&]+(?:-[\w’'.&]*){2,}\s*(?:\(\d+\))?"
        r"|[\w’'.&]+(?:-[\w’'.&]+)+\s*\(\d+\))$", re.I)),
    ("byline", re.compile(
        r"^\(?(?:(?:additional\s+)?reporting|writing|editing|compiled|produced)\s+by\b[^()]{1,200}\)?\.?$", re.I)),
    ("newsletter prompt", re.compile(
        r"^(?=.{0,200}$)(?:.*\b(?:sign\s*up|subscribe|register)\b.{0,80}\b(?:newsletter|bulletin|briefing|updates|inbox|alerts|e-?mails?)\b.*"
        r"|newsletter\b.*|enter\s+your\s+e-?mail.*|get\s+(?:our|the)\s+\w+\s+newsletter.*)$", re.I)),
    ("footer", re.compile(
        r"^(?:(?:©|\(c\)\s|copyright\b).{0,200}|.{0,100}\ball\s+rights\s+reserved\.?|terms\s+(?:of|and)\s+\w+.{0,60}|privacy\s+policy.{0,60}"
        r"|(?:we\s+use|this\s+site\s+uses)\s+cookies.{0,200}|accept(?:\s+all)?\s+cookies)$", re.I)),
]

# A marker that starts a tail of links to other stories.
_RELATED = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|news|posts|content|reading|coverage|links))?|read\s+(?:more|also|next)"
    r"|more\s+(?:from|on|in)\b.{0,40}|more\s+(?:stories|news|articles)|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in)"
    r"|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|also\s+read|see\s+also"
    r"|what\s+to\s+read\s+next|latest\s+(?:news|stories)|top\s+stories)\s*[:.]?$", re.I)
# A single "Read more: Other headline" link inside the body.
_RELATED_LINK = re.compile(r"^(?:read\s+(?:more|also|next)|also\s+read|related|see\s+also)\s*:\s*\S.{0,200}$", re.I)


@dataclass(frozen=True, slots=True)
class _Furniture:
    """The page lexicon's furniture, compiled once."""

    widget_labels: frozenset[str]
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    media_link: re.Pattern[str]


@lru_cache(maxsize=1)
def _furniture() -> _Furniture:
    page = lexicon.load("page")

    def any_of(patterns: list[str], template: str = "{}") -> re.Pattern[str]:
        return re.compile(template.replace("{}", "(?:" + "|".join(patterns) + ")"), re.I)

    return _Furniture(
        widget_labels=frozenset(page["widget_labels"]),
        rules=(
            ("widget label", any_of(page["widget_label_patterns"])),
            # The prompt may follow a question or two ("What's your take? Scroll down to comment below!").
            ("comment prompt", any_of(page["comment_prompt_endings"], r"^(?=.{0,300}$)(?:[^.!?]*[.!?]+\s+){0,2}{}\W*$")),
            ("login prompt", any_of(page["login_prompt_starts"], r"^(?=.{0,300}$){}")),
            ("social prompt", any_of(page["social_prompt_patterns"])),
            ("disclaimer", any_of(page["disclaimer_patterns"])),
        ),
        media_link=any_of(page["embedded_media_links"], r"\s*\b{}"),
    )


def _label_key(line: str) -> str:
    return re.sub(r"[\s.…:!»›>|]+$", "", line.strip()).casefold()


def clutter_reason(line: str) -> str | None:
    """Why `line` is page clutter wherever it appears, or None if it may be content."""
    if len(line) > 600:
        return None
    line = line.lstrip("·•|–—>» ")
    furniture = _furniture()
    if _label_key(line) in furniture.widget_labels:
        return "widget label"
    if len(line) <= 400:
        for reason, pattern in _RULES:
            if pattern.search(line):
                # A long sentence that merely mentions a photo is content; a caption is short or ends in the credit.
                return reason
    for reason, pattern in furniture.rules:
        if pattern.search(line):
            return reason
    if _RELATED_LINK.match(line):
        return "related articles"
    return None


def strip_media_links(text: str) -> tuple[str, list[str]]:
    """The paragraph without the image and video links embedded posts leave in it, and the links taken out."""
    links = [m.group(0).strip() for m in _furniture().media_link.finditer(text)]
    return (_furniture().media_link.sub("", text).strip(), links) if links else (text, [])


# --- 3. header ------------------------------------------------------------

_BYLINE = re.compile(
    r"^(?:by|written\s+by|words\s+by|reporting\s+by|story\s+by|posted\s+by|authors?|author\(s\))\s*:?\s+"
    r"(?P<name>[^\W\d_][\w.'’\- ]{1,60}?(?:\s+(?:and|&)\s+[^\W\d_][\w.'’\- ]{1,60}?)?)"
    r"(?:\s*(?:[|,;–—-]|\bin\b)\s*.*)?$",
    re.I,
)
_MASTHEAD = re.compile(r"^(?P<short>[A-Z][A-Za-z&.]{1,9})\s*[-–—|:]\s*(?P<long>[A-Z].{2,80})$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _words(text: str) -> int:
    return len(text.split())


def is_body_paragraph(text: str, cfg: Config) -> bool:
    """A paragraph of running prose rather than a heading or page furniture."""
    return len(text) >= 200 or (_words(text) >= cfg.body_min_words and bool(_SENTENCE_END.search(text)))


def _is_headline(text: str, cfg: Config) -> bool:
    return 2 <= _words(text) <= cfg.title_max_words and not _SENTENCE_END.search(text.rstrip("?!"))


def _same_words(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    return norm(a) == norm(b)


def _better_cased(a: str, b: str) -> str:
    """Of two spellings of one headline, the one not in all lower or all upper case."""
    def flat(s: str) -> bool:
        return s == s.lower() or s == s.upper()

    return b if flat(a) and not flat(b) else a


def _masthead(line: str) -> str | None:
    """The outlet's long name in a masthead line such as 'ABC - A Big Chronicle'."""
    match = _MASTHEAD.match(line)
    if not match:
        return None
    short = match.group("short").replace(".", "")
    long = match.group("long").strip()
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’]*", long)
                       if w.lower() not in {"of", "the", "and", "for", "on", "in", "de", "la"})
    return long if initials.upper().startswith(short.upper()) and len(short) >= 2 else None


_BREADCRUMB = re.compile(r"^[^.!?]{1,60}(?:\s[·|›»/>]\s[^.!?]{1,60})+$")


def _is_header_line(text: str) -> bool:
    return bool(date_only(text) or _BYLINE.match(text))


def _mark_teasers(page: _Page) -> None:
    """On a page that lists other stories (each a date, a byline and a blurb) around the article, keep the
    article: the dated, signed block followed by the most text. The rest is a list of links."""
    paragraphs = page.paragraphs
    blocks: list[tuple[int, int]] = []  # runs of date and byline lines: [start, end)
    index = 0
    while index < len(paragraphs):
        if paragraphs[index].reason is None and _is_header_line(paragraphs[index].text):
            end = index
            while end < len(paragraphs) and (paragraphs[end].reason is not None or _is_header_line(paragraphs[end].text)):
                end += 1
            if any(_BYLINE.match(p.text) for p in paragraphs[index:end]):
                blocks.append((index, end))
            index = end
        else:
            index += 1
    if len(blocks) < 3:
        return  # one article's own header, perhaps repeated at the foot

    def text_after(position: int) -> int:
        start, end = blocks[position]
        stop = blocks[position + 1][0] if position + 1 < len(blocks) else len(paragraphs)
        return sum(len(p.text) for p in paragraphs[end:stop] if p.reason is None)

    article = max(range(len(blocks)), key=text_after)
    others = sorted(text_after(i) for i in range(len(blocks)) if i != article)
    if others[len(others) // 2] > 300 or text_after(article) < 2 * others[-1]:
        return  # a live blog or a page of several whole articles: every entry is content
    first_content = next(i for i, p in enumerate(paragraphs) if p.reason is None)
    keep_from, keep_to = blocks[article][0], (blocks[article + 1][0] if article + 1 < len(blocks) else len(paragraphs))
    for position, paragraph in enumerate(paragraphs):
        if paragraph.reason is None and not keep_from <= position < keep_to and position != first_content:
            paragraph.reason = "related articles"
    # The headline is the first line when it stands above the list; a caption just above the article's block stays.
    if first_content >= blocks[0][0] and first_content != keep_from:
        paragraphs[first_content].reason = "related articles"


_LIST_WIDGET = re.compile(r"^(?:also|more|latest)\s+(?:on|from)\b", re.I)


def _mark_widget_lists(page: _Page, cfg: Config) -> None:
    """The short link lines under an 'Also On <site>' or 'More from <site>' heading."""
    paragraphs = page.paragraphs
    for index, paragraph in enumerate(paragraphs):
        if paragraph.reason != "widget label" or not _LIST_WIDGET.match(paragraph.text):
            continue
        for item in paragraphs[index + 1:]:
            if item.reason is not None:
                continue
            if is_body_paragraph(item.text, cfg) or _words(item.text) > cfg.title_max_words:
                break
            item.reason = "related articles"


def _read_header(page: _Page, raw: RawDocument, cfg: Config) -> None:
    paragraphs = page.paragraphs
    # Where the page repeats a headline known from metadata: short lines above it are section labels.
    title_at = next((i for i, p in enumerate(paragraphs[:12]) if page.title and _same_words(p.text, page.title)), -1)
    seen_content = False
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        if paragraph.reason:
            continue
        first = not seen_content
        seen_content = True
        if _words(text) <= 6 and (index < title_at or _BREADCRUMB.match(text)) and not _SENTENCE_END.search(text):
            paragraph.reason = "section label"
            continue
        if page.title and _same_words(text, page.title):
            page.title = _better_cased(page.title, text)
            paragraph.reason = "duplicate title"
            continue
        if first and raw.metadata.publisher and _same_words(text, raw.metadata.publisher):
            paragraph.reason = "masthead"
            continue
        if first and (outlet := _masthead(text)):
            page.publisher = outlet
            paragraph.reason = "masthead"
            continue
        if iso := date_only(text):
            page.dates.append(DatedEvidence(iso, text, "dateline"))
            paragraph.reason = "dateline"
            continue
        if byline := _BYLINE.match(text):
            page.author = page.author or byline.group("name").strip(" .,")
            paragraph.reason = "byline"
            continue
        if page.title is None and _words(text) <= 15 and not _SENTENCE_END.search(text) and (
            find_dates(text) or TIME_OF_DAY.search(text)
        ):
            # A date set among other words above the headline is a site banner
            # or clock: the day the page was visited, not when it was written.
            for found in find_dates(text):
                page.dates.append(DatedEvidence(found.iso, text, "banner"))
            paragraph.reason = "site banner"
            continue
        if page.title and page.standfirst is None and _words(text) >= 5 and _is_standfirst(paragraphs, index, cfg):
            page.standfirst = text
            paragraph.reason = "standfirst"
            continue
        if index == 0 and page.title is None and _first_line_headline(raw, text, cfg):
            page.title = text
            paragraph.reason = "title"
            continue
        if is_body_paragraph(text, cfg):
            return
        if _is_headline(text, cfg):
            if page.title is None:
                page.title = text
                paragraph.reason = "title"
            elif page.standfirst is None:
                page.standfirst = text
                paragraph.reason = "standfirst"
            else:
                return
            continue
        return


def _first_line_headline(raw: RawDocument, text: str, cfg: Config) -> bool:
    """A saved page's headline on its own first line, set off by a blank line, even when it ends in a full stop."""
    lines = raw.text.lstrip("\ufeff").split("\n", 2)
    return (raw.format == "txt" and len(lines) == 3 and lines[0].strip() == text and not lines[1].strip()
            and _words(text) <= cfg.title_max_words and len(text) <= 250 and len(lines[2].strip()) > len(text))


def _is_standfirst(paragraphs: list[_Paragraph], index: int, cfg: Config) -> bool:
    """A lone summary sentence right under the headline, set off from the body by page furniture."""
    text = paragraphs[index].text
    if _words(text) > 60:
        return False
    following = paragraphs[index + 1 : index + 6]
    furniture = 0
    for paragraph in following:
        if paragraph.reason is not None or date_only(paragraph.text) or _BYLINE.match(paragraph.text):
            furniture += 1
            continue
        return furniture > 0 and is_body_paragraph(paragraph.text, cfg)
    return False


# --- 4. tail --------------------------------------------------------------


def _drop_tail(page: _Page) -> None:
    body_seen = 0
    for index, paragraph in enumerate(page.paragraphs):
        if paragraph.reason is None and _RELATED.match(paragraph.text) and body_seen >= 1:
            for rest in page.paragraphs[index:]:
                rest.reason = "related articles"
            break
        if paragraph.reason is None:
            body_seen += 1
    # Short non-sentences after the last paragraph of prose are page furniture
    # (tags, credits, widgets), but a closing sentence or heading-like quote is kept.
    for paragraph in reversed(page.paragraphs):
        if paragraph.reason is not None:
            continue
        if date_only(paragraph.text):
            paragraph.reason = "date in page clutter"
            continue
        break


_PAGE_ADDRESS = re.compile(
    r"^(?:(?:url|source|link|permalink|originally\s+published\s+(?:at|on)|read\s+(?:it|more)\s+at|via)\s*:?\s*)?"
    r"<?(?P<url>https?://[^\s<>]+?)>?[.,]?$", re.I)
# A note at the foot that says who wrote the piece: "Jane Doe is a reporter for The Daily Planet.",
# "— Jane Doe", "This article was written by Jane Doe."
_PERSON = r"(?P<name>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3})"
_AUTHOR_NOTES = (
    re.compile(r"^" + _PERSON + r"\s+(?:is|was)\s+(?:a|an|the)\s+[^.]{0,120}?\b(?:reporter|writer|correspondent|editor"
               r"|columnist|journalist|contributor|producer)\b[^.]{0,160}\.?$"),
    re.compile(r"^[-–—]+\s*" + _PERSON + r"$"),
    re.compile(r"^(?:this\s+(?:article|story|post|piece)\s+(?:was\s+)?)?(?:written|reported)\s+by\s+" + _PERSON + r"\.?$",
               re.I),
)


def _read_author_note(page: _Page) -> None:
    """The author from a note among the last paragraphs, when the header named none."""
    body = [p for p in page.paragraphs if p.reason is None]
    for paragraph in body[-3:]:
        for pattern in _AUTHOR_NOTES:
            if match := pattern.match(paragraph.text):
                page.author = page.author or match.group("name").rstrip(".")
                paragraph.reason = "author note"
                return


# --- 5. run-in dateline and headline ----------------------------------------

_RUN_IN_DATE = re.compile(
    r"^(?P<label>(?:(?:published|posted|updated|date|dated)\s*:?\s*)?)(?P<date>\S.{5,40}?)\s+(?=\S)", re.I)
# A place (optional) and an outlet in brackets opening the first paragraph: "LONDON (Reuters) -", "(CNN)".
_OUTLET_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'’\-]*(?:[ ,]+[A-Z][\w.'’\-]*){0,4},?\s+)?\((?P<outlet>[A-Z][\w&.'’\- ]{0,30}?[\w.])\)\s*(?:[-–—]+\s*)?(?=[A-Z\"“‘'])")
_RUN_IN_HEADLINE = re.compile(r"^(?P<headline>[^.!?]{15,200}?)\s+(?:--|—|–)\s+(?=[A-Z\"“‘'])")


def _split_run_in(page: _Page) -> None:
    """A date label or a headline run into the first paragraph, as scrapers often leave them."""
    first = next((p for p in page.paragraphs if p.reason is None), None)
    if first is None:
        return
    dates = find_dates(first.text)
    if dates and dates[0].start <= 20:
        prefix = first.text[: dates[0].start]
        if not prefix.strip() or DATE_LABEL.fullmatch(prefix.strip() + " "):
            evidence = first.text[: dates[0].end].strip()
            page.dates.append(DatedEvidence(dates[0].iso, evidence, "dateline"))
            index = page.paragraphs.index(first)
            page.paragraphs.insert(index, _Paragraph(evidence, "dateline"))
            first.text = first.text[dates[0].end:].lstrip(" :,–—-")
    if match := _OUTLET_DATELINE.match(first.text):
        # "Riverton (WXYZ)The council ...": the outlet (or the wire it took the story from) signs it.
        # The dateline stays in the text since it says where the story was written; run into the first
        # word by the scraper, it gets a line of its own.
        page.dateline_outlet = match.group("outlet")
        if match.group(0).endswith(")"):
            index = page.paragraphs.index(first)
            page.paragraphs.insert(index, _Paragraph(match.group(0)))
            first.text = first.text[match.end():]
    if page.title is None and (match := _RUN_IN_HEADLINE.match(first.text)):
        headline = match.group("headline").strip()
        if 4 <= _words(headline) <= 30:
            page.title = headline
            first.text = first.text[match.end():]


def _collect_dates(page: _Page) -> None:
    """Dates standing alone among clutter lines (a footer's date, say)."""
    for paragraph in page.paragraphs:
        if paragraph.reason in ("date in page clutter",) and (iso := date_only(paragraph.text)):
            page.dates.append(DatedEvidence(iso, paragraph.text, "clutter"))
        elif paragraph.reason is None and (iso := date_only(paragraph.text)):
            page.dates.append(DatedEvidence(iso, paragraph.text, "clutter"))
            paragraph.reason = "date in page clutter"


# --- 6. publisher and date ----------------------------------------------------

_NAME = r"(?:[A-Z][\w&.\-]*\s){0,4}[A-Z][\w&.\-]*"


@lru_cache(maxsize=1)
def _self_references() -> tuple[tuple[re.Pattern[str], ...], frozenset[str]]:
    page = lexicon.load("page")
    patterns = tuple(re.compile(p.replace("NAME", _NAME)) for p in page["self_reference_patterns"])
    return patterns, frozenset(page["self_reference_stopwords"])


def self_reference(body: str) -> str | None:
    """The outlet naming itself: 'X could not independently verify', 'X's Jane Doe contributed to this report',
    'did not respond to X's request for comment'."""
    patterns, stopwords = _self_references()
    for pattern in patterns:
        for match in pattern.finditer(body):
            words = match.group("name").split()
            while words and words[0].lower() in stopwords:
                words = words[1:]
            if words:
                return " ".join(words)
    return None


def _squashed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w&]*(?:[ .][A-Z][\w&]*){0,3}\b")


# Where a name in the text is an outlet being talked to, not a place or a person of the same letters.
_OUTLET_CONTEXT = re.compile(r"\b(?:told|shared\s+with|obtained\s+by|provided\s+to|confirmed\s+to|interview\s+with"
                             r"|statement\s+to|spoke\s+to|speaking\s+to)\s+(?:the\s+)?[^\s]+(?:\s[^\s]+){0,3}$|\($")


def _named_in_address(body: str, source: str, url: str | None) -> str | None:
    """The outlet whose name, written without spaces, is the page's web address or file name
    ('dailyplanet.example' or '004_dailyplanet.txt' and 'Daily Planet' in the text)."""
    labels = set()
    if url:
        host = urlparse(url if "//" in url else "//" + url).hostname or ""
        labels |= {label for label in host.split(".") if len(label) >= 3 and label not in ("www", "com", "org", "net")}
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    parts = [part for part in re.split(r"[^a-z0-9]+", stem.lower()) if part and not part.isdigit()]
    # "steppe-daily" names "Steppe Daily": runs of the file name's parts, joined, as well as each part.
    labels |= {"".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}
    labels = {label for label in labels if len(label) >= 3}
    if not labels:
        return None
    for match in _CAPITALISED_RUN.finditer(body):
        words = match.group(0).split()
        # Every run of words inside the capitalised run, longest first: "Tuesday Daily Planet" holds "Daily Planet".
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                name = " ".join(words[start:start + size])
                if _squashed(name) in labels and _OUTLET_CONTEXT.search(body[:match.start()][-40:] + name):
                    return name
    return None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url if "//" in url else "//" + url).hostname or ""
    host = host.removeprefix("www.")
    return host or None


_URL_DATE = re.compile(r"(?<!\d)(20\d{2})([/_-]?)(\d{2})\2(\d{2})(?!\d)")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*(?:[-–]\s*\d{4}\s*)?)?(?P<name>[^.,©]{3,60}?)\s*(?:[.,]|all\s+rights|$)", re.I)


def _url_dates(url: str | None) -> list[DatedEvidence]:
    """A full date in the article's URL path, as many sites put it."""
    if not url:
        return []
    path = urlparse(url).path
    for match in _URL_DATE.finditer(path):
        year, _, month, day = match.groups()
        if iso := date_only(f"{year}-{month}-{day}"):
            return [DatedEvidence(iso, url, "url")]
    return []


def _copyright_holder(page: _Page) -> str | None:
    """The outlet in a '© 2025 Outlet Name. All rights reserved.' footer."""
    for paragraph in page.paragraphs:
        if paragraph.reason == "footer" and (match := _COPYRIGHT.match(paragraph.text)):
            return match.group("name").strip()
    return None


def _standfirst_from_description(description: str | None, page: _Page, body: str) -> str | None:
    """A page's meta description, when it is not just the first lines of the body."""
    if not description or _words(description) < 5:
        return None
    first = body.split("\n\n", 1)[0]
    if _same_words(description[:len(first)], first[:len(description)]) or description.rstrip(".…") in body:
        return None
    return None if page.title and _same_words(description, page.title) else description


_PRIORITY = {"metadata": 0, "dateline": 1, "url": 2, "clutter": 3}
_KIND_WORDS = {
    "metadata": "the document's metadata",
    "dateline": "a date line in the header",
    "url": "the date in the article's URL",
    "clutter": "a date in the page clutter",
}
_FUTURE = re.compile(
    r"\b(?:will|would|shall|(?:plans?|planned|scheduled|expected|due|aims?|set)\s+to|until|by\s+(?:the\s+end\s+of\s+)?"
    r"(?:19|20)\d{2}|next\s+(?:year|month|week))\b", re.I)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_MONTH_THIS_YEAR = re.compile(
    r"\b(?P<month>" + "|".join(m for m in MONTHS if len(m) > 3) + r")\s+(?:of\s+)?this\s+year\b", re.I)

# "Earlier this month, on March 11": the text names the month it was written in.
_THIS_MONTH_NAMED = re.compile(
    r"\b(?:earlier|later)\s+this\s+month,?\s+(?:on\s+)?(?P<month>" + "|".join(m for m in MONTHS if len(m) > 3)
    + r")\s+\d{1,2}\b", re.I)


@lru_cache(maxsize=8)
def _past_sentences(body: str) -> tuple[str, ...]:
    """Sentences that report rather than plan (no 'will', 'plans to', 'by 2030')."""
    return tuple(s for s in re.split(r"(?<=[.!?])\s+|\n+", body) if not _FUTURE.search(s))


def text_conflict(iso: str, body: str) -> str | None:
    """Why a publication date of `iso` cannot fit what the text reports as past, or None."""
    found = conflicting_words(iso, body)
    return found[0] if found else None


def conflicting_words(iso: str, body: str) -> tuple[str, str] | None:
    """Why a publication date of `iso` cannot fit the text, and the words that say so."""
    year, month = int(iso[:4]), int(iso[5:7])
    for sentence in _past_sentences(body):
        for match in _YEAR.finditer(sentence):
            if int(match.group(1)) > year:
                return f"the text reports {match.group(1)} as past", sentence
        for match in _MONTH_THIS_YEAR.finditer(sentence):
            if MONTHS[match.group("month").lower()] > month:
                return f"the text says '{match.group(0)}' as past", match.group(0)
        for match in _THIS_MONTH_NAMED.finditer(sentence):
            if MONTHS[match.group("month").lower()] != month:
                return f"the text says '{match.group(0)}'", match.group(0)
    return None


def choose_published(candidates: list[DatedEvidence], body: str, cfg: Config) -> tuple[str | None, str | None, str]:
    """The publication date, the words it came from, and why it was chosen (or why there is none)."""
    years = [int(y) for s in _past_sentences(body) for y in _YEAR.findall(s)]
    latest_year = max(years) if years else None
    refused: list[str] = []
    for candidate in sorted(candidates, key=lambda c: _PRIORITY.get(c.kind, 9)):
        if candidate.kind == "banner":
            continue
        conflict = text_conflict(candidate.date, body)
        if conflict is None and candidate.kind == "clutter" and latest_year is not None:
            gap = int(candidate.date[:4]) - latest_year
            if gap > cfg.clutter_date_max_gap_years:
                conflict = f"it is {gap} years after the latest year the text mentions ({latest_year})"
        if conflict:
            refused.append(f"'{candidate.evidence}' ({_KIND_WORDS.get(candidate.kind, candidate.kind)}) was set "
                           f"aside: {conflict}")
            continue
        reason = f"from {_KIND_WORDS.get(candidate.kind, candidate.kind)}"
        return candidate.date, candidate.evidence, "; ".join([reason] + refused)
    for candidate in candidates:
        if candidate.kind == "banner":
            note = f"'{candidate.evidence}' is a site banner or clock: the day the page was visited, not when it was published"
            if conflict := text_conflict(candidate.date, body):
                note += f", and {conflict}"
            refused.append(note)
    if not refused:
        return None, None, "no date in the document or its metadata"
    return None, None, "no publication date: " + "; ".join(refused)


# --- language -----------------------------------------------------------------

_ENGLISH = frozenset("the of and to in a is that for on with as was by at from it has have are be said".split())


def guess_language(text: str) -> str:
    """'en' for English prose, 'und' when the text does not read as English."""
    words = re.findall(r"[a-z]+", text[:20000].lower())
    if not words:
        return "und"
    share = sum(w in _ENGLISH for w in words) / len(words)
    return "en" if share >= 0.08 else "und"
