"""Property tests: no byte string crashes a loader, and cleaning keeps its promises."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factfile.config import Config
from factfile.dates import find_dates
from factfile.errors import InputError
from factfile.stages.clean import clean, repair_double_encoding
from factfile.stages.load import _jsonl_record, decode, parse

CFG = Config()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that look a little like the inputs: markup, dates, clutter words, odd encodings.
fragments = st.sampled_from([
    b"<html>", b"<p>", b"</p>", b"<script>", b"</div>", b"<!--", b"<meta property='article:published_time' content='",
    b"2025-03-11", b"15/07/2024", b"Nov 5, 2021", b"By Ann Lee", b"\n", b"\n\n", b"Related Articles",
    b"Photo: AFP", b"702 people read this", b" -- ", b"date ", b"\xef\xbb\xbf", b"\xff\xfe", b"\xe9", b"\x00",
    b"# ", b"---\n", b"title: x\n", b"{\"text\": \"", b"\"}", b"The council met on Monday and agreed the plan. ",
])
page_bytes = st.one_of(st.binary(max_size=2000), st.lists(fragments, max_size=60).map(b"".join))


def load_bytes(data: bytes, fmt: str):
    text, encoding, _ = decode(data)
    return parse(text, fmt, "doc", "doc." + fmt, encoding)


@SETTINGS
@given(page_bytes, st.sampled_from(["txt", "html", "md"]))
def test_no_bytes_crash_a_loader_or_the_cleaner(data, fmt):
    try:
        raw = load_bytes(data, fmt)
    except InputError as exc:
        assert str(exc)  # a refusal always says why
        return
    doc = clean(raw, CFG)
    assert doc.text == doc.text.strip()
    # Cleaning only removes and separates (after reading doubly encoded runs back): every kept
    # paragraph was in the loaded text.
    for paragraph in doc.text.split("\n\n"):
        assert paragraph in repair_double_encoding(raw.text)
    if doc.published is not None:
        assert doc.published_evidence


@SETTINGS
@given(page_bytes)
def test_no_line_crashes_the_jsonl_reader(line):
    try:
        raw = _jsonl_record(line, "feed.jsonl#1", "feed#1")
    except InputError:
        return
    assert raw.text.strip()


@SETTINGS
@given(st.text(max_size=300))
def test_found_dates_are_valid_and_quote_their_words(text):
    for found in find_dates(text):
        assert text[found.start:found.end] == found.text
        assert len(found.iso) == 10


_western_text = st.text(st.characters(codec="cp1252", exclude_characters="\u00a0"), max_size=200)


@given(_western_text)
def test_double_encoded_text_reads_back_as_written(text):
    # UTF-8 read as Windows-1252 (bytes it leaves undefined read as Latin-1) and saved again.
    garbled = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))
    assert repair_double_encoding(garbled) == text



def test_accented_text_that_is_not_double_encoded_is_left_alone():
    text = "Ärger über Öl in São Paulo, a café at £5 — “naïve”, said Ms. Ñúñez; Å and Ã alone."
    assert repair_double_encoding(text) == text
