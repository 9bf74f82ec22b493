"""PDF and Word .docx reports: text, metadata and refusals, with the files made in the tests."""

import io
import json
import zipfile
from pathlib import Path

import docx
import pypdf

from factfile.cli import main
from factfile.config import Config
from factfile.model import Notice, RawDocument, Rejection
from factfile.stages.load import read_file

# Hard-wrapped the way a typeset page is, with a word hyphenated across lines.
BRIEF_PAGES = [
    ["Kettle Institute Policy Brief", "Pilots strike closes the port of Kettle", "",
     "Harbour pilots in the port of Kettle went on strike on Monday over new shift",
     "rules, the port authority said. It said 14 ships were waiting at anchor by",
     "the evening and that the container terminal's infra-",
     "structure was idle for the first time in a decade.", "",
     "1"],
    ["Kettle Institute Policy Brief",
     "A spokesperson for the pilots' union said talks with the authority would resume",
     "on Wednesday. The union says 230 pilots work in the port.", "",
     "2"],
    ["Kettle Institute Policy Brief",
     "Shipping agents in Kettle said the strike cost the port about $3 million a day.", "",
     "3"],
]


def pdf_bytes(pages: list[list[str] | None], info: dict[str, str] | None = None) -> bytes:
    """A small PDF with a real text layer: one Helvetica line per string ('' leaves a blank line,
    '# ' starts a line in large type). A page given as None holds only an image, like a scanned page.
    """
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"}
    image = 4 + 2 * len(pages)
    objects[image] = (b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                      b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x80\x80\x80\x80\nendstream")
    kids = []
    for number, lines in enumerate(pages):
        page, contents = 4 + 2 * number, 5 + 2 * number
        kids.append(f"{page} 0 R")
        if lines is None:
            stream, resources = b"q 500 0 0 700 50 50 cm /Im1 Do Q", f"<< /XObject << /Im1 {image} 0 R >> >>"
        else:
            operators = ["BT /F1 11 Tf 14 TL 72 770 Td"]
            for line in lines:
                if line.startswith("# "):
                    operators.append(f"/F1 20 Tf ({escape(line[2:])}) Tj 0 -28 Td /F1 11 Tf")
                else:
                    operators.append(f"({escape(line)}) Tj T*" if line else "T*")
            stream, resources = "\n".join(operators + ["ET"]).encode("cp1252"), "<< /Font << /F1 3 0 R >> >>"
        objects[page] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources {resources} "
                         f"/Contents {contents} 0 R >>").encode()
        objects[contents] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    trailer = ""
    if info:
        entries = " ".join(f"/{key} ({escape(value)})" for key, value in info.items())
        objects[image + 1] = f"<< {entries} >>".encode("latin-1")
        trailer = f" /Info {image + 1} 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, len(objects) + 1))
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def docx_bytes(paragraphs: list[str], title: str | None = None, author: str | None = None,
               created: str | None = None, table: list[list[str]] | None = None) -> bytes:
    """A .docx made with python-docx, with core properties when given."""
    import datetime as dt

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table):
            for cell, text in zip(row.cells, cells):
                cell.text = text
    if title:
        document.core_properties.title = title
    if author:
        document.core_properties.author = author
    if created:
        document.core_properties.created = dt.datetime.fromisoformat(created)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


STATEMENT = [
    "Statement on the strike in the port of Kettle",
    "The Ministry of Transport said on Tuesday that 14 ships were waiting outside the port of Kettle.",
    "Minister Ana Ruiz said the government would meet the pilots' union on Wednesday.",
]


def read(tmp_path: Path, name: str, data: bytes) -> list:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_file(path, tmp_path, Config()))


def rejection(tmp_path: Path, name: str, data: bytes) -> str:
    results = read(tmp_path, name, data)
    assert len(results) == 1 and isinstance(results[0], Rejection), results
    assert results[0].source == name and "\n" not in results[0].reason
    return results[0].reason


def test_pdf_lines_become_paragraphs_without_page_furniture(tmp_path):
    info = {"Title": "Pilots strike closes the port", "Author": "Ann Lee", "CreationDate": "D:20250311090000+01'00'"}
    [raw] = read(tmp_path, "brief.pdf", pdf_bytes(BRIEF_PAGES, info))
    assert isinstance(raw, RawDocument) and raw.format == "pdf"
    assert raw.text.split("\n\n") == [
        "Pilots strike closes the port of Kettle",
        "Harbour pilots in the port of Kettle went on strike on Monday over new shift rules, the port authority "
        "said. It said 14 ships were waiting at anchor by the evening and that the container terminal's "
        "infrastructure was idle for the first time in a decade.",
        # The paragraph goes on across the page break, under the running header.
        "A spokesperson for the pilots' union said talks with the authority would resume on Wednesday. "
        "The union says 230 pilots work in the port.",
        "Shipping agents in Kettle said the strike cost the port about $3 million a day.",
    ]
    assert [(r.text, r.reason) for r in raw.removed] == [
        ("Kettle Institute Policy Brief", "running header or footer"), ("1", "page number"),
        ("Kettle Institute Policy Brief", "running header or footer"), ("2", "page number"),
        ("Kettle Institute Policy Brief", "running header or footer"), ("3", "page number"),
    ]
    assert (raw.metadata.title, raw.metadata.author) == ("Pilots strike closes the port", "Ann Lee")
    dates = [(d.date, d.evidence) for d in raw.metadata.dates]
    assert dates == [("2025-03-11", "/CreationDate D:20250311090000+01'00'")]


def test_hyphens_of_compounds_stay_and_line_break_hyphens_go(tmp_path):
    lines = ["The well-known harbour master of the port said on Monday that a Franco-",
             "German consortium and the well-",
             "known pilots had agreed a deal over the COVID-",
             "19 rules, which cover a long list of shipping com-",
             "panies working in the port, after months of talks."]
    [raw] = read(tmp_path, "a.pdf", pdf_bytes([lines]))
    assert raw.text == ("The well-known harbour master of the port said on Monday that a Franco-German consortium "
                        "and the well-known pilots had agreed a deal over the COVID-19 rules, which cover a long list "
                        "of shipping companies working in the port, after months of talks.")


def test_pdf_metadata_placeholders_are_ignored(tmp_path):
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(pdf_bytes([STATEMENT]))))
    writer.add_metadata({"/Title": "Microsoft Word - statement_final.docx", "/Author": "Windows User"})
    out = io.BytesIO()
    writer.write(out)
    [raw] = read(tmp_path, "statement.pdf", out.getvalue())
    assert (raw.metadata.title, raw.metadata.author) == (None, None)


def test_pdf_without_a_title_takes_the_heading_in_large_type(tmp_path):
    [raw] = read(tmp_path, "a.pdf", pdf_bytes([["# Port of Kettle closed by strike"] + BRIEF_PAGES[0][3:]]))
    assert raw.metadata.title == "Port of Kettle closed by strike"
    assert raw.text.split("\n\n")[:2] == ["Port of Kettle closed by strike", "Harbour pilots in the port of Kettle "
                                          "went on strike on Monday over new shift rules, the port authority said. It "
                                          "said 14 ships were waiting at anchor by the evening and that the container "
                                          "terminal's infrastructure was idle for the first time in a decade."]


def test_docx_paragraphs_tables_and_core_properties(tmp_path):
    data = docx_bytes(STATEMENT, title="Kettle port statement", author="Ministry of Transport",
                      created="2025-03-11T08:30:00+00:00", table=[["Ships waiting", "14"], ["Pilots", "230"]])
    [raw] = read(tmp_path, "statement.docx", data)
    assert raw.format == "docx" and raw.encoding == "utf-8"
    assert raw.text.split("\n\n") == STATEMENT + ["Ships waiting | 14", "Pilots | 230"]
    assert (raw.metadata.title, raw.metadata.author) == ("Kettle port statement", "Ministry of Transport")
    dates = [(d.date, d.evidence) for d in raw.metadata.dates]
    assert dates == [("2025-03-11", "dcterms:created 2025-03-11T08:30:00Z")]


def test_python_docx_template_properties_are_not_taken_for_the_document(tmp_path):
    [raw] = read(tmp_path, "plain.docx", docx_bytes(STATEMENT))
    assert raw.metadata.author is None and raw.metadata.dates == ()


def test_scanned_pdf_is_refused_with_ocr_advice(tmp_path):
    reason = rejection(tmp_path, "scan.pdf", pdf_bytes([None, None]))
    assert "no text layer" in reason and "OCR" in reason


def test_a_scanned_page_in_a_text_pdf_is_noted(tmp_path):
    notice, raw = read(tmp_path, "mixed.pdf", pdf_bytes([STATEMENT, None]))
    assert isinstance(notice, Notice) and "page 2" in notice.message and "OCR" in notice.message
    assert isinstance(raw, RawDocument) and "Minister Ana Ruiz" in raw.text


def test_encrypted_pdf_is_refused(tmp_path):
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(pdf_bytes([STATEMENT]))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    reason = rejection(tmp_path, "locked.pdf", out.getvalue())
    assert reason.startswith("encrypted (password-protected) PDF; skipped")


def test_pdf_encrypted_only_against_editing_is_read(tmp_path):
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(pdf_bytes([STATEMENT]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    [raw] = read(tmp_path, "open.pdf", out.getvalue())
    assert "Minister Ana Ruiz" in raw.text


def test_damaged_pdfs_are_refused_in_one_line(tmp_path):
    data = pdf_bytes([STATEMENT])
    assert rejection(tmp_path, "cut.pdf", data[: len(data) // 2]).startswith("cut-short PDF")
    assert rejection(tmp_path, "page.pdf", b"<html><body>Not found</body></html>").startswith("not a PDF")
    assert rejection(tmp_path, "empty.pdf", b"").startswith("empty file")
    broken = data.replace(b"/Type /Pages", b"/Type /Broken").replace(b"startxref\n", b"startxref\n9")
    assert "PDF" in rejection(tmp_path, "broken.pdf", broken)


def test_damaged_and_wrong_docx_are_refused_in_one_line(tmp_path):
    data = docx_bytes(STATEMENT)
    assert rejection(tmp_path, "cut.docx", data[: len(data) // 2]).startswith("damaged or cut-short .docx")
    assert rejection(tmp_path, "text.docx", b"Just some text").startswith("not a Word .docx file")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)  # how .doc, .xls and .ppt files start
    assert rejection(tmp_path, "old.docx", ole).startswith("an old Word .doc")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.txt", "not a document")
    assert rejection(tmp_path, "zip.docx", archive.getvalue()).startswith("a zip archive but not a Word document")
    assert rejection(tmp_path, "none.docx", docx_bytes([])).startswith("Word document with no paragraphs")
    blank = rejection(tmp_path, "blank.docx", docx_bytes(["", " "]))
    assert blank.startswith("Word document whose paragraphs are all empty")
    assert rejection(tmp_path, "xml.docx", with_part(data, "word/document.xml", b"<w:document")).startswith(
        "damaged .docx (XMLSyntaxError: ")


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The zip archive `data` with one member's content replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member, content if member.filename == name else source.read(member))
    return out.getvalue()


def test_corrupted_bytes_anywhere_give_a_document_or_a_reason_never_a_crash(tmp_path):
    for name, data in (("a.pdf", pdf_bytes(BRIEF_PAGES, {"Title": "Pilots"})), ("a.docx", docx_bytes(STATEMENT))):
        for offset in range(0, len(data), max(1, len(data) // 60)):
            damaged = data[:offset] + bytes(reversed(data[offset:offset + 24])) + data[offset + 24:]
            for result in read(tmp_path, name, damaged):
                assert isinstance(result, (RawDocument, Notice, Rejection))
                if isinstance(result, Rejection):
                    assert "\n" not in result.reason


def test_pdf_and_docx_reach_the_fact_base_and_bad_files_do_not_stop_it(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    info = {"Title": "Pilots strike closes the port", "Author": "Ann Lee", "CreationDate": "D:20250311090000Z"}
    (corpus / "brief.pdf").write_bytes(pdf_bytes(BRIEF_PAGES, info))
    (corpus / "statement.docx").write_bytes(docx_bytes(
        STATEMENT, title="Kettle port statement", author="Ministry of Transport", created="2025-03-11T08:30:00+00:00"))
    (corpus / "scan.pdf").write_bytes(pdf_bytes([None]))
    (corpus / "cut.docx").write_bytes(docx_bytes(STATEMENT)[:900])
    outputs = [tmp_path / "out1", tmp_path / "out2"]
    for out in outputs:
        assert main(["build", str(corpus), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert ("factfile: skipped scan.pdf: no text layer: it looks like a scanned image; skipped. Run OCR on it "
            "first (e.g. 'ocrmypdf in.pdf out.pdf') and put the result in the corpus") in err
    assert any(line.startswith("factfile: skipped cut.docx: damaged or cut-short .docx") for line in err)
    assert not any("Traceback" in line for line in err)
    # Reading the same files twice gives the same bytes.
    assert (outputs[0] / "factfile.json").read_bytes() == (outputs[1] / "factfile.json").read_bytes()
    data = json.loads((outputs[0] / "factfile.json").read_text(encoding="utf-8"))
    documents = {d["id"]: d for d in data["documents"]}
    assert set(documents) == {"brief", "statement"}
    brief, statement = documents["brief"], documents["statement"]
    assert (brief["title"], brief["author"], brief["published"]) == ("Pilots strike closes the port", "Ann Lee",
                                                                    "2025-03-11")
    assert brief["published_evidence"] == "/CreationDate D:20250311090000Z"
    assert "terminal's infrastructure was idle" in brief["text"]
    assert (statement["title"], statement["author"], statement["published"]) == (
        "Kettle port statement", "Ministry of Transport", "2025-03-11")
    texts = {doc_id: d["text"] for doc_id, d in documents.items()}
    titles = {doc_id: d["title"] for doc_id, d in documents.items()}
    mentions = [m for e in data["entities"] for m in e["mentions"]]
    assert {m["doc"] for m in mentions} == {"brief", "statement"}
    for mention in mentions:
        where = titles if mention.get("part") == "title" else texts
        assert where[mention["doc"]][mention["start"]:mention["end"]] == mention["text"]
    assert {c["doc"] for c in data["claims"]} == {"brief", "statement"}
    for claim in data["claims"]:
        assert texts[claim["doc"]][claim["start"]:claim["end"]] == claim["text"]
