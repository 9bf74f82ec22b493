"""The example corpus against its ground truth (examples/gobi-rail.truth.md, section 1)."""

import pytest

from conftest import EXAMPLE

from factfile.config import Config
from factfile.pipeline import build

# id: (title start, standfirst start or None, author, publisher, published)
TRUTH = {
    # The outlet only in "she told Steppe Daily" and the file's name: the page names itself.
    "01_steppe-daily": ("Railway deal for Gobi copper mine", "The $420 million line", "Naran Bayarsaikhan",
                        "Steppe Daily", None),
    "02_gobi-herald": ("Ministry denies foreign guards", "Officials say Mongolian police", "Anand Tserendorj",
                       "The Gobi Herald", "2025-03-13"),
    "03_mongolia-business-review": ("Mongolia signs $420m deal", None, "Gerelmaa Otgon", "Mongolia Business Review",
                                    "2025-03-12"),
    "04_khuree-times": ("Mongolia signs deal for $420 mln", None, "Reuters", "Khuree Times", "2025-03-11"),
    "fmd-20250314-gobi-rail": ("Gobi copper rail spur: a bigger price", None, "Lena Marchetti",
                               "Frontier Markets Dispatch", "2025-03-14"),
    "06_ulaanbaatar-observer": ("Herders want a say", None, "Saruul Enkhtaivan", "The Ulaanbaatar Observer",
                                "2025-03-17"),
}


@pytest.fixture(scope="module")
def docs():
    factbase = build(EXAMPLE, Config())
    assert not factbase.rejected
    return {doc.id: doc for doc in factbase.documents}


@pytest.mark.parametrize("doc_id", sorted(TRUTH))
def test_metadata_matches_the_truth(docs, doc_id):
    title, standfirst, author, publisher, published = TRUTH[doc_id]
    doc = docs[doc_id]
    assert doc.title.startswith(title)
    assert (doc.standfirst or "").startswith(standfirst or "") and (doc.standfirst is None) == (standfirst is None)
    assert (doc.author, doc.publisher, doc.published) == (author, publisher, published)


def test_the_banner_date_is_named_as_the_reason_for_no_date(docs):
    assert "08 January 2026" in docs["01_steppe-daily"].published_reason
    assert "site banner" in docs["01_steppe-daily"].published_reason


def test_a_dropped_html_date_label_is_still_found(docs):
    assert docs["04_khuree-times"].published_evidence == "date 2025-03-11"


def test_section_label_is_not_the_standfirst(docs):
    assert ("Economy · Rail", "section label") in {(r.text, r.reason) for r in docs["02_gobi-herald"].removed}


def test_wire_credit_lines_and_footer_dates_leave_the_body(docs):
    for doc_id in ("03_mongolia-business-review", "04_khuree-times"):
        assert "Reporting by" not in docs[doc_id].text
    review = docs["03_mongolia-business-review"]
    assert "12/03/2025" not in review.text
    assert "CHINESE BANKS TO BANKROLL THE GOBI LINE" in review.text  # a shouted sub-heading stays for later checks


def test_no_page_chrome_or_script_reaches_the_text(docs):
    for doc in docs.values():
        for word in ("javascript", "onclick", "cookies", "Subscribe", "Most read", "Trending", "Advertisement"):
            assert word not in doc.text, (doc.id, word)
