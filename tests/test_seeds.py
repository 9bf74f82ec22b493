"""Acceptance on the shared seed corpus: what a careful reader sees in the five reports.

Phrases are kept short on purpose: the articles' text stays in ../shared.
"""

import pytest

from factfile.outputs.factfile_json import problems, to_dict
from factfile.pipeline import build

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    from factfile.config import Config

    factbase = build(seeds_dir, Config())
    return {doc.id[:3]: doc for doc in factbase.documents}, factbase


def test_all_five_reports_load_and_validate(seeds):
    docs, factbase = seeds
    assert sorted(docs) == ["000", "001", "002", "003", "004"]
    assert not factbase.rejected
    assert problems(to_dict(factbase)) == []


def test_titles(seeds):
    docs, _ = seeds
    assert docs["000"].title.startswith("China is building a secret military base")
    # A headline run into the lede with a dash.
    assert docs["001"].title.endswith("on the border of Tajikistan with Afghanistan")
    assert docs["002"].title.endswith("amid Taliban concerns: official")
    assert docs["003"].title.startswith("China looks to Tajiks")
    # Of a lower-case and a title-case copy, the title-case one.
    assert docs["004"].title.startswith("China Advances Security Apparatus")


def test_titles_and_standfirsts_are_not_repeated_in_the_text(seeds):
    docs, _ = seeds
    for doc in docs.values():
        assert doc.title not in doc.text
        if doc.standfirst:
            assert doc.standfirst not in doc.text
    assert docs["002"].standfirst.startswith("A parliamentary spokesman said")
    assert docs["003"].standfirst.startswith("China's Plan To Build")
    assert docs["000"].standfirst is None and docs["004"].standfirst is None


def test_publication_dates(seeds):
    docs, _ = seeds
    assert (docs["000"].published, docs["000"].published_evidence) == ("2024-07-15", "15/07/2024")
    assert (docs["001"].published, docs["001"].published_evidence) == ("2021-10-28", "date 2021-10-28")
    assert docs["002"].published is None
    assert (docs["004"].published, docs["004"].published_evidence) == ("2021-11-05", "Nov 5, 2021")


def test_a_site_banner_date_is_not_the_publication_date(seeds):
    docs, _ = seeds
    doc = docs["003"]
    assert doc.published is None
    assert "site banner" in doc.published_reason
    assert "August this year" in doc.published_reason
    assert {"site banner"} <= {r.reason for r in doc.removed}


def test_bylines_and_publishers(seeds):
    docs, _ = seeds
    assert docs["004"].author == "Dante Schulz"
    assert docs["004"].publisher == "Caspian Policy Center"
    # The outlet names itself in a verification caveat.
    assert docs["003"].publisher == "Asia Times"
    assert docs["000"].author is None and docs["002"].author is None


@pytest.mark.parametrize(
    ("doc", "clutter", "reason"),
    [
        ("000", "people read this", "engagement"),
        ("000", "Leave a comment", "comment prompt"),
        ("000", "There are 0 comment", "engagement"),
        ("000", "15/07/2024", "date in page clutter"),
        ("001", "Image: AP", "image caption or credit"),
        ("002", "3 min read", "share or read time"),
        ("002", "Live Story", "live badge"),
        ("002", "/TASS/Getty]", "image caption or credit"),
        ("003", "Photo: AFP / Vyacheslav Oseledko", "image caption or credit"),
        ("003", "-Border (1)", "image file name"),
        ("003", "We're Live Bangla", "site banner"),
        ("004", "CPC - Caspian Policy Center", "masthead"),
        ("004", "Author: Dante Schulz", "byline"),
        ("004", "Related Articles", "related articles"),
        ("004", "Türkiye's Return to Center Stage", "related articles"),
    ],
)
def test_clutter_is_removed_with_its_reason(seeds, doc, clutter, reason):
    docs, _ = seeds
    document = docs[doc]
    assert clutter not in document.text
    assert any(clutter in r.text and r.reason == reason for r in document.removed), document.removed


def test_body_text_survives(seeds):
    docs, _ = seeds
    # Shouted sub-headings are part of the article (later stages check them).
    assert "USING THE SECURITY SECTOR" in docs["000"].text
    assert docs["001"].text.startswith("Dushanbe officials have confirmed")
    assert docs["002"].text.startswith("China will build a base for police")
    assert docs["003"].text.startswith("When Tajikistan’s parliament said on October 28")
    assert docs["004"].text.startswith("China received approval from Tajikistan")
    assert docs["004"].text.endswith("“special sphere of influence.”")
    assert "Sheikh Jalaluddin training camp" not in docs["003"].text  # a photo caption
    for doc in docs.values():
        assert doc.language == "en"
        assert "\n\n\n" not in doc.text and doc.text == doc.text.strip()
