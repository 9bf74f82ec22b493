"""Loading every supported format, and every kind of bad input named in the brief."""

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factfile.cli import main
from factfile.errors import InputError, UsageError
from factfile.model import Notice, RawDocument, Rejection
from factfile.pipeline import build
from factfile.stages.load import decode, discover, parse_html, parse_markdown, read_corpus

ARTICLE = (
    "Harbour pilots in the port of Kettle went on strike on Monday over new shift rules. "
    "The port authority said 14 ships were waiting at anchor by the evening.\n"
    "A spokesperson for the pilots' union said talks would resume on Wednesday."
)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_html_page_loses_chrome_and_scripts_but_keeps_metadata():
    paragraph = "<p>" + ARTICLE.replace("\n", "</p><p>") + "</p>"
    html = f"""<!doctype html><html><head><title>Pilots strike | Kettle Post</title>
    <meta property="og:site_name" content="Kettle Post"><meta name="author" content="Ann Lee">
    <meta property="article:published_time" content="2025-03-10T07:00:00Z">
    <script>document.write('STOLEN COOKIE')</script></head>
    <body><nav><a href="/">Home</a><a href="javascript:alert(1)">World</a></nav>
    <article><h1>Pilots strike in Kettle</h1>{paragraph}{paragraph.replace('Monday', 'Tuesday')}</article>
    <footer onclick="alert(2)">Copyright Kettle Post</footer></body></html>"""
    text, meta, _ = parse_html(html)
    assert "STOLEN" not in text and "alert" not in text and "Home" not in text
    assert "14 ships were waiting" in text
    assert meta.publisher == "Kettle Post"
    assert meta.author == "Ann Lee"
    assert [(d.date, d.kind) for d in meta.dates] == [("2025-03-10", "metadata")]
    assert meta.dates[0].evidence == '<meta article:published_time="2025-03-10T07:00:00Z">'


def test_markdown_front_matter_headings_links_and_images():
    markdown = (
        "---\ntitle: Pilots strike\ndate: 2025-03-10\nauthor: Ann Lee\n---\n"
        "# Pilots strike in Kettle\n\n![crane](crane.jpg)\n"
        "Harbour pilots went on strike on Monday, the\n[port authority](https://example.org) said.\n\n"
        "**Talks** resume on Wednesday.\n"
    )
    text, meta, removed = parse_markdown(markdown)
    assert text.split("\n") == [
        "Pilots strike in Kettle",
        "Harbour pilots went on strike on Monday, the port authority said.",
        "Talks resume on Wednesday.",
    ]
    assert meta.title == "Pilots strike"
    assert meta.dates[0].date == "2025-03-10"
    assert removed[0].reason == "image"


def test_jsonl_records_each_become_a_document(tmp_path, cfg):
    lines = [
        json.dumps({"id": "a", "title": "Pilots strike", "text": ARTICLE, "published": "2025-03-10",
                    "url": "https://www.kettlepost.example/news/1", "author": "Ann Lee"}),
        "",
        "{not json",
        json.dumps({"title": "no text here"}),
        json.dumps({"text": ARTICLE.replace("Monday", "Friday"), "published": "sometime in spring"}),
    ]
    write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    items = list(read_corpus(tmp_path, cfg))
    docs = [i for i in items if isinstance(i, RawDocument)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [d.id for d in docs] == ["a", "feed#5"]
    assert docs[0].metadata.url == "https://www.kettlepost.example/news/1"
    assert [r.source for r in rejections] == ["feed.jsonl#3", "feed.jsonl#4"]
    assert "not valid JSON" in rejections[0].reason and "'text'" in rejections[1].reason
    notices = [i for i in items if isinstance(i, Notice)]
    assert [(n.source, "YYYY-MM-DD" in n.message) for n in notices] == [("feed.jsonl#5", True)]
    factbase = build(tmp_path, cfg)
    first = factbase.documents[0]
    assert (first.published, first.publisher) == ("2025-03-10", "kettlepost.example")


def test_non_utf8_text_is_decoded_with_a_notice():
    text, encoding, notice = decode("Grève à Nîmes: the port’s “pilots” walked out.".encode("cp1252"))
    assert text == "Grève à Nîmes: the port’s “pilots” walked out."
    assert encoding == "cp1252" and "not valid UTF-8" in notice
    text, encoding, _ = decode("Забастовка в порту началась в понедельник из-за новых правил.".encode("cp1251"))
    assert "Забастовка" in text


@pytest.mark.parametrize("data", [b"", b"  \n\t", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))])
def test_empty_and_binary_bytes_are_refused(data):
    with pytest.raises(InputError):
        decode(data)


def test_utf16_with_bom_is_read():
    text, encoding, notice = decode("\ufeffPilots strike".encode("utf-16-le"))
    assert text.endswith("Pilots strike") and encoding == "utf-16" and notice is None


def test_a_missing_corpus_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        discover(tmp_path / "nope")


@pytest.fixture
def bad_corpus(tmp_path: Path) -> Path:
    """One good report surrounded by every kind of bad input."""
    corpus = tmp_path / "corpus"
    write(corpus, "good.txt", "Pilots strike in Kettle\n" + ARTICLE)
    write(corpus, "empty.txt", b"")
    write(corpus, "binary.txt", bytes(range(256)) * 64)
    write(corpus, "photo.png", b"\x89PNG\r\n\x1a\n")
    huge = corpus / "huge.txt"
    with open(huge, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    write(corpus, "latin1.txt", ("Grève au port\n" + ARTICLE.replace("Kettle", "Séte")).encode("latin-1"))
    os.symlink(corpus / "missing.txt", corpus / "dangling.txt")
    os.symlink(corpus / "loop-b.txt", corpus / "loop-a.txt")
    os.symlink(corpus / "loop-a.txt", corpus / "loop-b.txt")
    (corpus / "sub").mkdir()
    os.symlink(corpus, corpus / "sub" / "back-to-top")
    write(corpus, "sub/good.html", "<p>" + ARTICLE + "</p>")  # same id as nothing: 'sub/good'
    write(corpus, "good.md", "# Another copy\n\n" + ARTICLE)  # same id 'good' as good.txt
    write(corpus, "broken.html", "<html><body><div><p>" + ARTICLE + "<p><b>unclosed <i>tags</div>")
    write(corpus, "scripts.html", "<html><head><script>alert('x')</script></head><body>"
                                  "<script>var secret = 1;</script><p>" + ARTICLE + "</p></body></html>")
    write(corpus, "only-scripts.html", "<html><script>alert(1)</script><style>p{}</style></html>")
    if os.geteuid() != 0:
        locked = write(corpus, "locked.txt", ARTICLE)
        locked.chmod(0)
    return corpus


def test_bad_input_gives_one_line_per_file_and_keeps_the_rest(bad_corpus, tmp_path, capsys):
    code = main(["build", str(bad_corpus), "-o", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    data = json.loads((tmp_path / "out" / "factfile.json").read_text())
    ids = sorted(d["id"] for d in data["documents"])
    assert ids == ["broken", "good", "latin1", "scripts", "sub/good"]
    expected = {
        "empty.txt": "empty file",
        "binary.txt": "binary",
        "photo.png": "unsupported file type",
        "huge.txt": "over the 50 MB limit",
        "dangling.txt": "broken symbolic link",
        "loop-a.txt": "loop",
        "loop-b.txt": "loop",
        "sub/back-to-top": "loop",
        "good.txt": "already used by good.md",
        "only-scripts.html": "no readable text",
    }
    if os.geteuid() != 0:
        expected["locked.txt"] = "permission denied"
    for source, words in expected.items():
        lines = [line for line in err if f" {source}: " in line]
        assert len(lines) == 1, (source, err)
        assert words in lines[0], lines[0]
    assert any("latin1.txt" in line and "not valid UTF-8" in line for line in err)
    assert len(err) == len(expected) + 1
    assert {r["source"] for r in data["corpus"]["rejected"]} == set(expected)
    scripts = next(d for d in data["documents"] if d["id"] == "scripts")
    assert "alert" not in scripts["text"] and "secret" not in scripts["text"]
    assert "Séte" in next(d for d in data["documents"] if d["id"] == "latin1")["text"]


def test_oversized_jsonl_record_is_skipped_alone(tmp_path, cfg):
    from factfile.config import Config

    small = Config(max_document_mb=0.001)  # about 1 KB
    write(tmp_path, "feed.jsonl", json.dumps({"text": "x " * 2000}) + "\n" + json.dumps({"text": ARTICLE}) + "\n")
    items = list(read_corpus(tmp_path, small))
    assert [type(i).__name__ for i in items] == ["Rejection", "RawDocument"]
    assert "limit" in items[0].reason


def test_unknown_path_and_bad_option_exit_2(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nothing"), "-o", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["build"])
    assert exit_info.value.code == 2


def test_notice_for_non_utf8_does_not_fail_the_run(tmp_path, capsys):
    write(tmp_path, "c/latin1.txt", ("Grève au port\n" + ARTICLE).encode("latin-1"))
    assert main(["build", str(tmp_path / "c"), "-o", str(tmp_path / "o"), "-q"]) == 0
    assert isinstance(next(iter(build(tmp_path / "c", __import__("factfile.config").config.Config()).notices)), Notice)


# --- HTML extraction: the causes of lost or wrong article text -------------

PARAGRAPHS = [
    "Harbour pilots in the port of Kettle went on strike on Monday over new shift rules and pay.",
    "The port authority said fourteen ships were waiting at anchor by the evening of that day.",
    "A spokesperson for the pilots' union said talks with the authority would resume on Wednesday.",
    "Shipping agents said the delays would cost the port's customers several million euros a week.",
]
NAV = "<nav><ul>" + "".join(f"<li><a href='/{s}'>{s} section</a></li>" for s in ("World", "Sport", "Culture")) + "</ul></nav>"
FOOTER = "<footer><a href='/about'>About us</a> <a href='/jobs'>Work for us</a> © Kettle Post</footer>"


def page(article: str, before: str = "") -> str:
    return (f"<html><head><title>Pilots strike | Kettle Post</title></head><body>{NAV}{before}"
            f"<article>{article}</article>{FOOTER}</body></html>")


@pytest.mark.parametrize("comment", ["<!-- ad -->", "<!-- -->"])  # an ad slot; React between text nodes
def test_a_comment_inside_a_paragraph_keeps_the_text_after_it(comment):
    article = "<h1>Pilots strike</h1>" + "".join(
        f"<p>{text[:-12]}{comment}{text[-12:]}</p><!-- break -->" for text in PARAGRAPHS)
    text, _, _ = parse_html(page(article))
    assert text.split("\n") == ["Pilots strike", *PARAGRAPHS]


def test_a_one_paragraph_article_is_not_replaced_by_the_page_around_it():
    html = page(f"<p>{PARAGRAPHS[0]} {PARAGRAPHS[1]}</p>", before="<div class='head'><h1>Pilots strike</h1></div>")
    text, _, _ = parse_html(html)
    assert text == f"{PARAGRAPHS[0]} {PARAGRAPHS[1]}"


def test_an_article_laid_out_in_a_table_keeps_its_paragraphs_and_data_tables_stay_tables():
    menu = "<br>".join(f"<a href='/{s}'>{s}</a>" for s in ("World", "Sport", "Culture"))
    figures = "<table><tr><th>Port</th><th>Ships</th></tr><tr><td>Kettle</td><td>14</td></tr></table>"
    cell = "<h1>Pilots strike</h1>" + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + figures
    html = (f"<html><body><table><tr><td>{menu}</td><td>{cell}</td></tr></table></body></html>")
    lines = parse_html(html)[0].split("\n")
    assert all(text in lines for text in PARAGRAPHS)  # one line each, not one cell run together
    assert "| Kettle | 14 |" in lines


@pytest.mark.parametrize("depth", [300, 5000])
def test_a_page_nested_hundreds_or_thousands_deep_is_read_whole(depth):
    article = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    after = "<p>A last paragraph after the deep part says the strike ended on Friday at noon.</p>"
    html = page("<div class='wrap'>" * depth + article + "</div>" * depth + after)
    text, meta, _ = parse_html(html)
    assert text.split("\n") == [*PARAGRAPHS, after[3:-4]]
    assert meta.title.startswith("Pilots strike")


def test_flattening_a_deep_page_keeps_scripts_out_of_the_text():
    html = ("<html><body>" + "<div><span>" * 3000 + "<script>var secret = '<div>';</script>"
            + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "</span></div>" * 3000 + "</body></html>")
    text, _, _ = parse_html(html)
    assert text.split("\n") == PARAGRAPHS


def test_a_deep_page_goes_through_the_cli(tmp_path, capsys):
    article = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    write(tmp_path, "c/deep.html", page("<div>" * 5000 + article + "</div>" * 5000))
    write(tmp_path, "c/good.txt", "Pilots strike in Kettle\n" + ARTICLE)
    assert main(["build", str(tmp_path / "c"), "-o", str(tmp_path / "o"), "-q"]) == 0
    assert capsys.readouterr().err == ""
    data = json.loads((tmp_path / "o" / "factfile.json").read_text())
    deep = next(d for d in data["documents"] if d["id"] == "deep")
    assert all(text in deep["text"] for text in PARAGRAPHS)


# --- text that arrives damaged ---------------------------------------------

# Printable text (no control characters, which would make it look binary) with at least one
# letter outside ASCII: text that is recognisably UTF-8.
utf8_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=300).filter(
    lambda t: any(ord(c) > 127 for c in t) and t.strip())


@settings(max_examples=300, deadline=None)
@given(utf8_text, st.integers(0x80, 0xFF), st.data())
def test_one_stray_byte_in_utf8_is_replaced_where_it_is_and_nowhere_else(text, stray, data):
    at = data.draw(st.integers(0, len(text)), label="character position")
    before = text[:at].encode("utf-8")
    damaged = before + bytes([stray]) + text[at:].encode("utf-8")
    decoded, encoding, notice = decode(damaged)
    assert decoded == text[:at] + "\ufffd" + text[at:]
    assert encoding == "utf-8"
    line = text[:at].count("\n") + 1
    assert f"at byte offset {len(before)} (line {line})" in notice and "U+FFFD" in notice


def test_legacy_encodings_are_still_read_as_such():
    sample = "Grève à Nîmes: the port’s “pilots” walked out, Müller said.\n"
    text, used, notice = decode(sample.encode("cp1252"))
    assert (text, used) == (sample, "cp1252") and "read as cp1252" in notice
    # Mostly a legacy encoding with one UTF-8 look-alike: still the legacy encoding.
    text, used, _ = decode(sample.encode("cp1252") + "Zürich".encode("utf-8"))
    assert used == "cp1252" and text.startswith(sample)


def test_a_utf8_report_with_a_stray_byte_keeps_its_accents_and_says_where(tmp_path, capsys):
    report = "Talks in Zürich\n\nNegotiators from Zürich and Kraków met on Monday, Müller said.\n"
    data = report.encode("utf-8")
    at = data.index(b"Monday")
    write(tmp_path, "c/zurich.txt", data[:at] + b"\x96" + data[at:])
    write(tmp_path, "c/good.txt", "Pilots strike in Kettle\n" + ARTICLE)
    assert main(["build", str(tmp_path / "c"), "-o", str(tmp_path / "o"), "-q"]) == 0
    err = capsys.readouterr().err
    assert f"zurich.txt: a byte that is not valid UTF-8 at byte offset {at} (line 3)" in err
    doc = next(d for d in json.loads((tmp_path / "o" / "factfile.json").read_text())["documents"]
               if d["id"] == "zurich")
    assert "Zürich and Kraków met on \ufffdMonday, Müller" in doc["text"]


@pytest.mark.parametrize("value, words", [(42, "a number"), (True, "true (a boolean)"), (["x"], "an array"),
                                          (None, "null"), ({"body": "x"}, "an object")])
def test_a_jsonl_text_that_is_not_a_string_is_rejected_saying_what_it_is(tmp_path, capsys, value, words):
    lines = [json.dumps({"id": "good", "text": ARTICLE}), json.dumps({"id": "bad", "text": value})]
    write(tmp_path, "c/feed.jsonl", "\n".join(lines) + "\n")
    assert main(["build", str(tmp_path / "c"), "-o", str(tmp_path / "o"), "-q"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "feed.jsonl#2: " in err[0], err
    assert f"its 'text' is {words}, not a string" in err[0]
    assert [d["id"] for d in json.loads((tmp_path / "o" / "factfile.json").read_text())["documents"]] == ["good"]


def test_an_id_with_a_line_break_keeps_brief_tables_csv_rows_and_report_links_whole(tmp_path, capsys):
    import csv
    import re

    records = [{"id": "kettle\nport|strike`s", "title": "Pilots | strike\nin Kettle", "text": ARTICLE},
               {"id": "other", "text": ARTICLE.replace("Monday", "Friday")}]
    write(tmp_path, "c/feed.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    assert main(["build", str(tmp_path / "c"), "-o", str(tmp_path / "o")]) == 0
    summary = capsys.readouterr().out.splitlines()
    assert any(line.startswith("  kettle\\nport|strike`s  ") for line in summary), summary
    brief = (tmp_path / "o" / "brief.md").read_text(encoding="utf-8").splitlines()
    table = brief[brief.index("| id | outlet | published | title |") + 2:]
    rows = table[: table.index("")]
    assert len(rows) == 2
    # Four cells a row: the pipes that are not escaped.
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in rows), rows
    assert rows[0].startswith(r"| ``kettle\nport\|strike`s`` |")
    with open(tmp_path / "o" / "csv" / "documents.csv", encoding="utf-8-sig", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    assert ids == ["kettle\nport|strike`s", "other"]
    page = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    assert 'href="#doc-kettle%0Aport|strike`s"' in page and 'id="doc-kettle%0Aport|strike`s"' in page
