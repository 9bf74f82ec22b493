"""Article-body extraction from HTML: factfile's reader against bare trafilatura, side by side.

    .venv/bin/python bench/extraction.py              # every article in every page layout
    .venv/bin/python bench/extraction.py --articles 5 # a quicker look
    .venv/bin/python bench/extraction.py --show one-paragraph   # print what each reader got on one layout

Builds realistic news pages around known article bodies: navigation menus, breadcrumbs,
share bars, bylines, figures with captions, inline ads, related-links lists, "most read"
sidebars, newsletter boxes, cookie banners, reader comments, footers, scripts and styles;
and the layouts that trip extractors: HTML comments inside paragraphs, one-paragraph
articles, `<br>`-separated text, `<div>` soup without `<p>`, table layouts, deep nesting.

The article bodies are the development stories in /work/shared/corpora/stories (read at run
time, never copied into the repository) when that folder is there, else generated sentences.
The gold body is the article's paragraphs (and its sub-headings, lists and quotes): no
headline, byline, caption or page chrome.

Scores are token-level bag-of-words, as in the ScrapingHub article-extraction-benchmark:
lower-cased `\\w+` tokens counted as a multiset, precision and recall per page, averaged over
pages, F1 from the averages; and ¶, the share of the article's paragraphs that come out as a
line of their own (which bag-of-words cannot see, and the clean stage needs). The columns:

- `trafilatura`: `trafilatura.extract(html)` on the raw HTML string, default settings;
- `factfile read`: `parse_html` (stage 1, load), what factfile hands to the clean stage;
- `factfile body`: load then clean (stage 2), the `text` factfile keeps as the document body.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import html as htmllib
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STORIES = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "stories"

_TOKEN = re.compile(r"\w+")
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")


@dataclass
class Article:
    title: str
    paragraphs: list[str]


@dataclass
class Page:
    layout: str
    html: str
    gold: str


# --- article bodies -------------------------------------------------------

_WORDS = (
    "council port railway minister officials agreed funding contract border province terminal workers "
    "report statement company authority government project tonnes kilometres announced plans construction "
    "local residents opposition agency published data security talks inspectors union harbour pilots"
).split()


def _generated(rng: random.Random, count: int) -> list[Article]:
    articles = []
    for i in range(count):
        paragraphs = []
        for _ in range(rng.randint(3, 12)):
            sentences = []
            for _ in range(rng.randint(1, 4)):
                words = [rng.choice(_WORDS) for _ in range(rng.randint(10, 26))]
                sentences.append(" ".join(words).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        articles.append(Article(f"Officials weigh plan number {i} for the port", paragraphs))
    return articles


def load_articles(limit: int | None, rng: random.Random) -> tuple[list[Article], str]:
    """Articles from the shared development stories, or generated ones when they are absent."""
    files = sorted(STORIES.glob("*/corpus/*.txt")) if STORIES.is_dir() else []
    if not files:
        return _generated(rng, limit or 30), "generated"
    articles = []
    for path in files[:limit]:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) >= 2:
            articles.append(Article(lines[0], lines[1:]))
    return articles, f"{len(articles)} articles from {STORIES}"


# --- page chrome ----------------------------------------------------------

SITES = ["The Harbour Ledger", "Northern Daily Post", "Capital Wire", "Evening Courier", "Metro Observer"]
SECTIONS = ["World", "Politics", "Business", "Tech", "Science", "Opinion", "Sport", "Culture", "Travel", "Video"]
HEADLINES = [
    "Council approves budget after late-night session",
    "Rail strike called off as talks resume",
    "What the new tariffs mean for small exporters",
    "Five things we learned from the minister's speech",
    "Storm leaves thousands without power along the coast",
    "Opinion: the housing crisis needs more than slogans",
    "Court rules on disputed election results in two districts",
    "Watch: inside the factory that makes the city's trams",
    "Football club sold to investment group for record fee",
    "Scientists map the seabed off the northern cape",
]
COMMENTERS = ["jtaylor88", "Margaret W.", "NoSpinZone", "river_rat", "Paul from Leeds", "K. Osei"]
COMMENTS = [
    "This is exactly what I have been saying for years, nobody in charge ever listens to ordinary people.",
    "Does anyone know whether the figures in the third paragraph include last year's revision?",
    "Great reporting as always. Shared it with my whole family and they were shocked by it.",
    "Fake news. The real story is being ignored by every outlet in this country and you know it.",
    "I lived there for ten years and can confirm the situation is much worse than described here.",
]


def esc(text: str) -> str:
    return htmllib.escape(text, quote=False)


def _links(rng: random.Random, count: int, pool: list[str]) -> list[str]:
    return [f'<a href="/{re.sub(r"[^a-z]+", "-", t.lower()).strip("-")}">{esc(t)}</a>' for t in rng.sample(pool, count)]


def head(rng: random.Random, site: str, article: Article) -> str:
    return (
        f"<head><meta charset=\"utf-8\"><title>{esc(article.title)} | {site}</title>"
        f'<meta property="og:site_name" content="{site}"><meta property="og:title" content="{esc(article.title)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="/static/main.css">'
        "<style>body{font-family:Georgia,serif}.share a{margin:0 4px}.cookie{position:fixed;bottom:0}</style>"
        '<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}'
        "gtag('js',new Date());gtag('config','UA-000000-1');</script>"
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{esc(article.title)}","publisher":{{"@type":"Organization","name":"{site}"}}}}</script>'
        "</head>"
    )


def masthead(rng: random.Random, site: str, semantic: bool) -> str:
    menu = "".join(f"<li>{link}</li>" for link in _links(rng, 8, SECTIONS))
    top = ('<div class="topbar"><a href="/subscribe">Subscribe</a> <a href="/login">Sign in</a> '
           '<span class="date">Tuesday 20 September 2016</span></div>')
    logo = f'<div class="logo"><a href="/">{site}</a></div>'
    if semantic:
        return f'<header>{top}{logo}<nav class="main-nav"><ul>{menu}</ul></nav></header>'
    return f'<div id="header">{top}{logo}<div class="menu"><ul class="nav-list">{menu}</ul></div></div>'


def breadcrumb(rng: random.Random) -> str:
    return f'<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/world">{rng.choice(SECTIONS)}</a></li></ol>'


def byline(rng: random.Random) -> str:
    name = rng.choice(["Ann Lee", "Bat Erdene", "Maria Ortiz", "Kwame Mensah", "Li Wei"])
    return (f'<div class="byline">By <a href="/authors/x" rel="author">{name}</a>, '
            f'{rng.choice(["Political correspondent", "Staff writer", "Reuters"])}</div>'
            f'<div class="meta"><time datetime="2016-09-20T08:00:00Z">September 20, 2016</time> '
            f'<span class="read-time">{rng.randint(2, 9)} min read</span></div>')


def share_bar() -> str:
    return ('<div class="share-tools"><a href="#" class="fb">Share on Facebook</a>'
            '<a href="#" class="tw">Share on Twitter</a><a href="#" class="wa">WhatsApp</a>'
            '<a href="mailto:?">Email</a><a href="#" class="copy">Copy link</a></div>')


def figure(rng: random.Random) -> str:
    return ('<figure class="lead-image"><img src="/img/photo.jpg" alt="Officials at the press conference">'
            f'<figcaption>Officials speak to reporters on {rng.choice(["Monday", "Tuesday"])}. '
            'Photograph: Agency Staff/Getty Images</figcaption></figure>')


def inline_ad() -> str:
    return ('<div class="ad-slot ad-inarticle"><span class="ad-label">Advertisement</span>'
            '<div id="div-gpt-ad-1"><script>googletag.cmd.push(function(){googletag.display("div-gpt-ad-1")})'
            '</script></div></div>')


def inline_related(rng: random.Random) -> str:
    return f'<div class="related-inline"><strong>Read more:</strong> {_links(rng, 1, HEADLINES)[0]}</div>'


def newsletter() -> str:
    return ('<div class="newsletter-signup"><h3>Get the morning briefing</h3>'
            "<p>Sign up for our free newsletter and get the day's most important stories delivered to your "
            "inbox every morning before breakfast.</p>"
            '<form action="/subscribe"><input type="email" placeholder="Your email address">'
            "<button>Sign up</button></form>"
            '<p class="small">By signing up you agree to our terms and privacy policy.</p></div>')


def related_list(rng: random.Random, semantic: bool) -> str:
    items = "".join(f'<li class="teaser">{link}<span class="teaser-time">2 hours ago</span></li>'
                    for link in _links(rng, 5, HEADLINES))
    tag = "section" if semantic else "div"
    return f'<{tag} class="related-stories"><h2>More from {rng.choice(SECTIONS)}</h2><ul>{items}</ul></{tag}>'


def most_read(rng: random.Random, semantic: bool) -> str:
    items = "".join(f"<li>{link}</li>" for link in _links(rng, 6, HEADLINES))
    tag = "aside" if semantic else "div"
    return f'<{tag} class="sidebar most-read"><h3>Most read</h3><ol>{items}</ol></{tag}>'


def tags(rng: random.Random) -> str:
    return '<div class="article-tags">Topics: ' + " ".join(_links(rng, 3, SECTIONS)) + "</div>"


def reader_comments(rng: random.Random) -> str:
    posts = []
    for text in rng.sample(COMMENTS, 3):
        posts.append(f'<div class="comment"><span class="comment-author">{rng.choice(COMMENTERS)}</span>'
                     f'<span class="comment-time">3 hours ago</span><p>{text}</p>'
                     '<a href="#" class="reply">Reply</a> <a href="#">Report</a></div>')
    return (f'<div id="comments" class="comments"><h3>{rng.randint(4, 90)} comments</h3>'
            '<p class="comment-rules">Comments are moderated. Please keep the discussion civil.</p>'
            + "".join(posts) + "</div>")


def cookie_banner() -> str:
    return ('<div id="cookie-consent" class="cookie-banner"><p>We use cookies and similar technologies to '
            "improve your experience on our website, to analyse traffic and to show you personalised "
            'advertising. By continuing to browse you agree to our use of cookies. <a href="/privacy">'
            "Read our privacy policy</a></p><button>Accept all</button><button>Manage settings</button></div>")


def footer(rng: random.Random, site: str, semantic: bool) -> str:
    links = "".join(f"<li>{link}</li>" for link in _links(rng, 6, [
        "About us", "Contact", "Advertise", "Careers", "Terms of use", "Privacy policy", "Cookie settings",
        "Accessibility", "Corrections"]))
    body = f'<ul class="footer-links">{links}</ul><p class="copyright">© 2016 {site}. All rights reserved.</p>'
    return f"<footer>{body}</footer>" if semantic else f'<div id="footer" class="site-footer">{body}</div>'


def tracking_scripts() -> str:
    return ('<script src="/static/app.js" async></script>'
            '<script>(function(){var s=document.createElement("script");s.src="https://stats.example/t.js";'
            'document.body.appendChild(s)})();</script><noscript><img src="/pixel.gif" alt=""></noscript>')


# --- article bodies in page layouts -----------------------------------------


def paragraphs_html(paragraphs: list[str], rng: random.Random, extras: bool = True) -> str:
    """`<p>` paragraphs with the furniture news sites put between them."""
    parts = []
    for i, text in enumerate(paragraphs):
        parts.append(f"<p>{esc(text)}</p>")
        if extras and i == 1:
            parts.append(inline_ad())
        if extras and i == 3 and len(paragraphs) > 6:
            parts.append(inline_related(rng))
    return "".join(parts)


def page(rng: random.Random, article: Article, content: str, *, semantic: bool = True,
         comments: bool = False, wrap: Callable[[str], str] = lambda body: body) -> str:
    site = rng.choice(SITES)
    header = f'<h1 class="headline">{esc(article.title)}</h1>{byline(rng)}{share_bar()}'
    # Half the pages put the headline inside the article element, half in a header block above it.
    inside = rng.random() < 0.5
    main_block = f"{header if inside else ''}{figure(rng)}{content}{tags(rng)}{share_bar()}"
    main_block = f"<article>{main_block}</article>" if semantic else f'<div class="article-main">{main_block}</div>'
    main_block = main_block if inside else f'<div class="article-header">{header}</div>{main_block}'
    main_block = f'<main id="content">{breadcrumb(rng)}{main_block}</main>' if semantic else (
        f'<div id="content">{breadcrumb(rng)}{main_block}</div>')
    body = (masthead(rng, site, semantic) + wrap(main_block + newsletter() + related_list(rng, semantic)
                                                 + (reader_comments(rng) if comments else ""))
            + most_read(rng, semantic) + footer(rng, site, semantic) + cookie_banner() + tracking_scripts())
    return f"<!DOCTYPE html><html lang=\"en\">{head(rng, site, article)}<body>{body}</body></html>"


def layout_semantic(rng, article):
    return page(rng, article, paragraphs_html(article.paragraphs, rng)), article.paragraphs


def layout_div_soup(rng, article):
    content = "".join(f'<div class="paragraph"><span>{esc(p)}</span></div>' for p in article.paragraphs)
    return page(rng, article, f'<div class="story-body">{content}</div>', semantic=False), article.paragraphs


def layout_html_comments(rng, article):
    # Comments where templates and renderers leave them: an ad marker near the end of a
    # paragraph, React's empty `<!-- -->` between text nodes, a conditional comment mid-way.
    parts = []
    for i, text in enumerate(article.paragraphs):
        words = esc(text).split(" ")
        if i % 3 == 0:
            cut = max(1, len(words) - rng.randint(2, 6))
            html = f"{' '.join(words[:cut])} <!-- ad --> {' '.join(words[cut:])}"
        elif i % 3 == 1:
            cut = rng.randint(1, max(1, len(words) - 1))
            html = f"{' '.join(words[:cut])} <!-- -->{words[cut] if cut < len(words) else ''}<!-- --> " \
                   f"{' '.join(words[cut + 1:])}"
        else:
            cut = max(1, len(words) // 2)
            html = f"{' '.join(words[:cut])} <!--[if IE]><span>old browser</span><![endif]--> {' '.join(words[cut:])}"
        parts.append(f"<p>{html}</p>")
        if i % 4 == 0:
            parts.append("<!-- google_ad_section_end -->")
    return page(rng, article, "".join(parts)), article.paragraphs


def _one_paragraph(article: Article) -> list[str]:
    words = " ".join(article.paragraphs).split()
    # A news brief: the first sentences, up to about 90 words.
    text = " ".join(words[:90])
    if "." in text[40:]:
        text = text[: text.rindex(".") + 1]
    return [text]


def layout_one_paragraph(rng, article):
    body = _one_paragraph(article)
    return page(rng, article, f"<p>{esc(body[0])}</p>"), body


def layout_one_paragraph_bare(rng, article):
    # The paragraph as the text of a div, with no block element of its own.
    body = _one_paragraph(article)
    return page(rng, article, f'<div class="article-text">{esc(body[0])}</div>', semantic=False), body


def layout_br(rng, article):
    text = "<br><br>\n".join(esc(p) for p in article.paragraphs)
    return page(rng, article, f'<div class="entry-content">{text}</div>', semantic=False), article.paragraphs


def layout_br_single(rng, article):
    text = "<br>".join(esc(p) for p in article.paragraphs)
    return page(rng, article, f'<div class="text">{text}</div>'), article.paragraphs


def layout_deep(rng, article, depth: int = 40):
    def wrap(block: str) -> str:
        return '<div class="wrapper">' * depth + block + "</div>" * depth
    return page(rng, article, paragraphs_html(article.paragraphs, rng), wrap=wrap), article.paragraphs


def layout_very_deep(rng, article):
    return layout_deep(rng, article, depth=300)


def layout_scripts(rng, article):
    parts = []
    for i, text in enumerate(article.paragraphs):
        parts.append(f"<p>{esc(text)}</p>")
        if i % 2 == 0:
            parts.append(f'<script>var slot{i} = {{"unit": "mid-article", "text": "Buy now, limited offer"}};</script>')
        if i == 2:
            parts.append("<style>.pullquote{font-size:2em}</style><noscript>Please enable JavaScript</noscript>")
    return page(rng, article, "".join(parts)), article.paragraphs


def layout_structured(rng, article):
    # Sub-headings, a bulleted list and a quotation: all part of the article.
    paragraphs = article.paragraphs
    cut = max(1, len(paragraphs) // 2)
    heading = "What happens next"
    items = [p for p in paragraphs[cut:cut + 3]]
    rest = paragraphs[cut + 3:]
    content = (paragraphs_html(paragraphs[:cut], rng) + f"<h2>{heading}</h2>"
               + "<ul>" + "".join(f"<li>{esc(p)}</li>" for p in items) + "</ul>"
               + "".join(f"<blockquote><p>{esc(p)}</p></blockquote>" for p in rest[:1])
               + paragraphs_html(rest[1:], rng, extras=False))
    return page(rng, article, content), paragraphs[:cut] + [heading] + items + rest


def layout_table(rng, article):
    text = "".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)
    site = rng.choice(SITES)
    menu = "<br>".join(_links(rng, 8, SECTIONS))
    body = (f'<table width="100%"><tr><td colspan="2" class="banner"><b>{site}</b></td></tr>'
            f'<tr><td width="160" valign="top" class="leftnav">{menu}</td>'
            f'<td valign="top"><h1>{esc(article.title)}</h1>{byline(rng)}{text}'
            f'<p class="copyright">© 2016 {site}</p></td></tr></table>')
    return (f"<html>{head(rng, site, article)}<body>{body}{tracking_scripts()}</body></html>",
            article.paragraphs)


def layout_comments_section(rng, article):
    return page(rng, article, paragraphs_html(article.paragraphs, rng), comments=True), article.paragraphs


def layout_short(rng, article):
    body = article.paragraphs[:2]
    return page(rng, article, paragraphs_html(body, rng, extras=False)), body


def layout_xhtml(rng, article):
    # An XHTML page with an XML declaration, a namespace, entities and no-break spaces.
    content = "".join("<p>" + esc(p).replace(" the ", " the&#160;").replace("'", "&#8217;") + "</p>"
                      for p in article.paragraphs)
    html = page(rng, article, content).replace("<!DOCTYPE html><html lang=\"en\">", (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'))
    return html, article.paragraphs


LAYOUTS: dict[str, Callable] = {
    "semantic": layout_semantic,
    "div-soup": layout_div_soup,
    "html-comments": layout_html_comments,
    "one-paragraph": layout_one_paragraph,
    "one-paragraph-div": layout_one_paragraph_bare,
    "br-separated": layout_br,
    "br-single": layout_br_single,
    "deep-40": layout_deep,
    "deep-300": layout_very_deep,
    "scripts-inline": layout_scripts,
    "subheads-lists": layout_structured,
    "table-layout": layout_table,
    "reader-comments": layout_comments_section,
    "short-article": layout_short,
    "xhtml": layout_xhtml,
}


def make_pages(articles: list[Article], rng: random.Random) -> list[Page]:
    pages = []
    for article in articles:
        for name, layout in LAYOUTS.items():
            html, gold = layout(rng, article)
            pages.append(Page(name, html, "\n".join(gold)))
    return pages


# --- readers and scores -----------------------------------------------------


def read_trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def read_factfile(html: str) -> str:
    from factfile.errors import InputError
    from factfile.stages.load import parse_html

    try:
        return parse_html(html)[0]
    except InputError:
        return ""


def read_factfile_body(html: str) -> str:
    from factfile.config import Config
    from factfile.errors import InputError
    from factfile.stages.clean import clean
    from factfile.stages.load import parse

    try:
        return clean(parse(html, "html", "page", "page.html"), Config()).text
    except InputError:
        return ""


READERS = {"trafilatura": read_trafilatura, "factfile read": read_factfile, "factfile body": read_factfile_body}


def tokens(text: str) -> Counter:
    # Control and zero-width characters (some source texts carry C1 controls from an old
    # mis-decoding) are dropped first, as every reader drops them.
    return Counter(_TOKEN.findall(_INVISIBLE.sub("", text).lower()))


def precision_recall(gold: str, got: str) -> tuple[float, float]:
    """Token-level bag-of-words precision and recall of one extraction."""
    truth, found = tokens(gold), tokens(got)
    common = sum((truth & found).values())
    precision = common / sum(found.values()) if found else (1.0 if not truth else 0.0)
    recall = common / sum(truth.values()) if truth else 1.0
    return precision, recall


def paragraphs_kept(gold: str, got: str) -> float:
    """The share of gold paragraphs that come out as a line of their own.

    Bag-of-words scores cannot see an article run together into one line (as a
    table cell, say); the clean stage and the claims need its paragraphs.
    """
    def line_key(line: str) -> str:
        return " ".join(_TOKEN.findall(_INVISIBLE.sub("", line).lower()))

    lines = {line_key(line) for line in got.splitlines()}
    wanted = [line_key(line) for line in gold.splitlines() if line_key(line)]
    return sum(line in lines for line in wanted) / len(wanted) if wanted else 1.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, help="use only the first N articles")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--show", metavar="LAYOUT", help="print each reader's text for the first page of LAYOUT")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles, origin = load_articles(args.articles, rng)
    pages = make_pages(articles, rng)
    print(f"factfile bench/extraction.py: {len(pages)} pages ({len(LAYOUTS)} layouts x {origin})")
    if args.show:
        shown = next(p for p in pages if p.layout == args.show)
        for name, reader in READERS.items():
            print(f"--- {name} ---\n{reader(shown.html)}\n")
        return
    scores: dict[str, dict[str, list[tuple[float, float, float]]]] = {name: {} for name in READERS}
    seconds = dict.fromkeys(READERS, 0.0)
    for item in pages:
        for name, reader in READERS.items():
            start = time.perf_counter()
            got = reader(item.html)
            seconds[name] += time.perf_counter() - start
            scores[name].setdefault(item.layout, []).append(
                (*precision_recall(item.gold, got), paragraphs_kept(item.gold, got)))

    def cell(rows: list[tuple[float, float, float]]) -> str:
        p, r, kept = (statistics.fmean(row[i] for row in rows) for i in range(3))
        return f"{p:.3f} {r:.3f} {f1(p, r):.3f} {kept:.2f}"

    width = max(len(name) for name in LAYOUTS) + 2
    print(f"{'':<{width}}" + "".join(f"{name:^26}" for name in READERS))
    print(f"{'layout':<{width}}" + "".join(f"{'P     R     F1    ¶':^26}" for _ in READERS))
    for layout in LAYOUTS:
        print(f"{layout:<{width}}" + "".join(f"{cell(scores[name][layout]):^26}" for name in READERS))
    print(f"{'all pages':<{width}}"
          + "".join(f"{cell([s for v in scores[name].values() for s in v]):^26}" for name in READERS))
    print(f"{'ms per page':<{width}}" + "".join(f"{seconds[name] / len(pages) * 1000:^26.1f}" for name in READERS))
    print("P, R, F1: bag-of-words precision, recall, F1 (means over pages); "
          "¶: share of the article's paragraphs read as a line of their own")


if __name__ == "__main__":
    sys.exit(main())
