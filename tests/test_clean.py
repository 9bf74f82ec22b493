"""The clean stage's rules on small hand-written pages (no model needed)."""

import pytest

from factfile.model import DatedEvidence, RawDocument, SourceMetadata
from factfile.dates import date_only
from factfile.stages.clean import (
    choose_published,
    clean,
    clutter_reason,

    self_reference,
    split_paragraphs,
    text_conflict,
)

BODY = (
    "The regional council approved the new water treatment works on the edge of town after a long debate. "
    "Officials said the plant would serve about 40,000 residents once finished."
)
BODY2 = "Opponents said the budget had doubled since the plan was first shown to the public in 2022 and asked for an audit."


def raw(text: str, fmt: str = "txt", **meta) -> RawDocument:
    dates = meta.pop("dates", ())
    return RawDocument("doc", "doc.txt", fmt, text, "utf-8", SourceMetadata(dates=dates, **meta))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("1,204 people read this", "engagement"),
        ("702 people read this News!", "engagement"),
        ("There are 0 comment.", "engagement"),
        ("37 comments", "engagement"),
        ("Leave a comment", "comment prompt"),
        ("COMMENTS", "comment prompt"),
        ("4 min read", "share or read time"),
        ("Share this article", "share or read time"),
        ("Facebook Twitter Email", "share or read time"),
        ("Live Story", "live badge"),
        ("LIVE", "live badge"),
        ("Workers lay track outside the town. Photo: SNA / D. Bold", "image caption or credit"),
        ("The new terminal at dusk [Anna Lee/Reuters]", "image caption or credit"),
        ("Image: AP", "image caption or credit"),
        ("Harbour-Crane-Night (2)", "image file name"),
        ("site-photo-01.jpg", "image file name"),
        ("Sign up to our newsletter for the morning briefing", "newsletter prompt"),
        ("© 2025 Example Media. All rights reserved.", "footer"),
        ("Read more: Council votes on bus lanes", "related articles"),
    ],
)
def test_clutter_lines_are_named(line, reason):
    assert clutter_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        BODY,
        "Police said 12 people were injured.",
        "The minister will share the costs with the province.",
        "Live cattle exports resumed in May.",
        "A photo of the site, published by the ministry, shows three cranes and a half-built wall at the port.",
        "Comments from residents were mostly negative, the council said.",
        "Jean-Pierre Martin-Leroy",
        "The deal was signed in Kuala Lumpur.",
    ],
)
def test_content_lines_are_not_clutter(line):
    assert clutter_reason(line) is None


def test_header_parts_are_separated_from_the_body(cfg):
    page = "\n".join([
        "KDT - Kettle Daily Times",
        "council backs water plant",
        "Council Backs Water Plant",
        "The vote ends a two-year dispute over the town's supply.",
        "3 min read",
        "By Maria Jones, Local Reporter",
        "Mar 12, 2025",
        BODY,
        BODY2,
        "Related Articles",
        "Bus lanes approved",
        "A short teaser about another story that has nothing to do with this one.",
    ])
    doc = clean(raw(page), cfg)
    assert doc.title == "Council Backs Water Plant"
    assert doc.standfirst == "The vote ends a two-year dispute over the town's supply."
    assert doc.author == "Maria Jones"
    assert doc.publisher == "Kettle Daily Times"
    assert (doc.published, doc.published_evidence) == ("2025-03-12", "Mar 12, 2025")
    assert doc.text == BODY + "\n\n" + BODY2
    reasons = {r.text: r.reason for r in doc.removed}
    assert reasons["KDT - Kettle Daily Times"] == "masthead"
    assert reasons["3 min read"] == "share or read time"
    assert reasons["Bus lanes approved"] == "related articles"
    assert "title" not in reasons.values() and "standfirst" not in reasons.values()


def test_a_masthead_needs_matching_initials(cfg):
    doc = clean(raw("\n".join(["Fog - What Ships Fear", "Harbour fog delays ferries", BODY])), cfg)
    assert doc.publisher is None
    assert doc.title == "Fog - What Ships Fear"


def test_banner_date_is_never_the_publication_date(cfg):
    page = "\n".join(["Kettle Live Monday, 14 July 2025 10:42", "Council backs water plant", BODY, BODY2])
    doc = clean(raw(page), cfg)
    assert doc.published is None
    assert "site banner" in doc.published_reason
    assert doc.title == "Council backs water plant"
    assert [r.reason for r in doc.removed] == ["site banner"]


def test_footer_date_is_used_when_the_text_allows_it(cfg):
    doc = clean(raw("\n".join(["Council backs water plant", BODY, BODY2, "18/03/2025", "COMMENTS"])), cfg)
    assert (doc.published, doc.published_evidence) == ("2025-03-18", "18/03/2025")
    assert "page clutter" in doc.published_reason


def test_footer_date_before_events_the_text_reports_is_refused(cfg):
    body = BODY2.replace("2022", "2026")
    doc = clean(raw("\n".join(["Council backs water plant", BODY, body, "18/03/2025"])), cfg)
    assert doc.published is None
    assert "2026 as past" in doc.published_reason


def test_footer_date_far_after_everything_the_text_mentions_is_refused(cfg):
    body = BODY2.replace("2022", "2011")
    doc = clean(raw("\n".join(["Council backs water plant", BODY, body, "18/03/2025"])), cfg)
    assert doc.published is None
    assert "14 years after" in doc.published_reason


def test_month_this_year_after_the_candidate_date_refuses_it():
    assert text_conflict("2025-06-01", "The drills took place in August this year near the river.")
    assert text_conflict("2025-09-01", "The drills took place in August this year near the river.") is None
    # A plan is not a past event.
    assert text_conflict("2025-06-01", "The drills will take place in August this year.") is None


def test_metadata_beats_a_dateline_and_reasons_are_kept(cfg):
    candidates = [
        DatedEvidence("2025-03-12", "Mar 12, 2025", "dateline"),
        DatedEvidence("2025-03-11", '"published": "2025-03-11"', "metadata"),
    ]
    assert choose_published(candidates, BODY, cfg)[:2] == ("2025-03-11", '"published": "2025-03-11"')
    assert choose_published([], BODY, cfg) == (None, None, "no date in the document or its metadata")


def test_run_in_dateline_and_headline_are_split(cfg):
    page = "date 2025-03-11 Council backs water plant on the river -- Officials confirmed the vote on Tuesday. " + BODY
    doc = clean(raw(page), cfg)
    assert doc.title == "Council backs water plant on the river"
    assert doc.published == "2025-03-11"
    assert doc.published_evidence == "date 2025-03-11"
    assert doc.text.startswith("Officials confirmed the vote on Tuesday.")


def test_metadata_title_is_not_repeated_in_text(cfg):
    doc = clean(raw("Council backs water plant\n" + BODY, fmt="html", title="Council backs water plant"), cfg)
    assert doc.text == BODY
    assert [r.reason for r in doc.removed] == ["duplicate title"]


def test_shouted_subheadings_stay_in_the_body(cfg):
    page = "\n".join(["Council backs water plant", BODY, "THE PLANT WILL CHANGE EVERYTHING", BODY2])
    assert "THE PLANT WILL CHANGE EVERYTHING" in clean(raw(page), cfg).text


def test_date_only_lines():
    assert date_only("Published: 12 March 2025 10:40 GMT") == "2025-03-12"
    assert date_only("15/07/2024") == "2024-07-15"
    assert date_only("Kettle Live Monday, 14 July 2025") is None
    assert date_only("The plant opened on 12 March 2025.") is None


def test_outlet_named_by_its_own_verification_caveat():
    assert self_reference("though Kettle Daily Times could not independently verify the claim") == "Kettle Daily Times"
    assert self_reference("Police could not confirm the claim.") is None


def test_hard_wrapped_text_is_rejoined(cfg):
    wrapped = ("The regional council approved the new water treatment works on the\n"
               "edge of town after a long debate that lasted well into the night and\n"
               "left several members unhappy with the result of the final vote count.\n")
    text = "Title line here\n\n" + (wrapped + "\n") * 4
    paragraphs = split_paragraphs(text, "txt", cfg)
    assert paragraphs[0] == "Title line here"
    assert len(paragraphs) == 5 and paragraphs[1].count("\n") == 0
    # Files with one paragraph per line keep their lines.
    assert len(split_paragraphs(BODY + "\n" + BODY2, "txt", cfg)) == 2


# --- page furniture of real saved pages (issue 11) ---------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Story Continued Below", "widget label"),
        ("Subscribe", "widget label"),
        ("Read more here…", "widget label"),
        ("Also On The Daily Planet", "widget label"),
        ("Previous article", "widget label"),
        ("Next post: Council approves the budget", "widget label"),
        ("Do you agree with the council? Scroll down to comment below!", "comment prompt"),
        ("What's your take on the vote? Let us know in the comments.", "comment prompt"),
        ("Log in to read every story and save articles. If you do not have an account, create one for free.",
         "login prompt"),
        ("#WaterWorks #CouncilVote", "social prompt"),
        ("Follow us on Twitter for the latest updates", "social prompt"),
        ("Disclaimer: the views of guest writers are their own.", "disclaimer"),
    ],
)
def test_page_furniture_is_named(line, reason):
    assert clutter_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Comment below the line, the editor said, was where the worst abuse appeared.",
        "The council will subscribe to the regional water scheme next year, officials said.",
        "Read the full report, the mayor urged residents, before the vote on Thursday.",
        "The #1 concern of residents is the price of water.",
        "The next article of the treaty deals with water rights.",
    ],
)
def test_sentences_that_mention_furniture_words_stay(line):
    assert clutter_reason(line) is None


def test_media_links_of_embedded_posts_are_taken_out_and_recorded(cfg):
    text = "Water works approved\n\n" + BODY + "\n\nThe new plant, at last! pic.twitter.com/AbC123xyz\n\n" + BODY2
    doc = clean(raw(text), cfg)
    assert "pic.twitter.com" not in doc.text and "The new plant, at last!" in doc.text
    assert ("pic.twitter.com/AbC123xyz", "embedded media link") in [(r.text, r.reason) for r in doc.removed]


def test_first_line_of_a_saved_page_is_its_headline_even_with_a_full_stop(cfg):
    doc = clean(raw("I ran the water plant for ten years and they fired me.\n\n" + BODY + "\n\n" + BODY2), cfg)
    assert doc.title == "I ran the water plant for ten years and they fired me."
    assert not doc.text.startswith("I ran")


def test_a_page_listing_other_stories_keeps_the_article_its_date_and_author(cfg):
    teasers = "".join(f"11/{18 - i}/25, 3:1{i} PM CET\n\nBY Writer Number{i}\n\nA short blurb about story {i}.\n\n"
                      for i in range(4))
    text = ("Water works approved\n\n" + teasers + "By Jane Rivers\n\n9/22/25, 11:36 AM CET\n\n"
            + BODY + "\n\n" + BODY2 + "\n\n" + BODY)
    doc = clean(raw(text), cfg)
    assert (doc.title, doc.author, doc.published) == ("Water works approved", "Jane Rivers", "2025-09-22")
    assert doc.text.startswith(BODY) and "blurb" not in doc.text and "Number" not in doc.text


def test_a_wire_or_outlet_dateline_names_the_publisher_and_keeps_the_place(cfg):
    doc = clean(raw("Water works approved\n\nRiverton, Ohio (WXYZ)" + BODY + "\n\n" + BODY2), cfg)
    assert doc.publisher == "WXYZ"
    assert doc.text.startswith("Riverton, Ohio (WXYZ)\n\nThe regional council")


@pytest.mark.parametrize(
    "sentence",
    [
        "Daily Planet's Ann Lee and Bo Chen contributed to this report.",
        "The mayor did not immediately respond to Daily Planet's request for comment.",
    ],
)
def test_the_outlet_naming_itself_is_the_publisher(cfg, sentence):
    assert clean(raw("Water works approved\n\n" + BODY + "\n\n" + sentence), cfg).publisher == "Daily Planet"


def test_an_outlet_named_by_the_file_name_and_talked_to_in_the_text_is_the_publisher(cfg):
    text = "Water works approved\n\n" + BODY + "\n\nThe mayor told Daily Planet the plant would open in May."
    document = RawDocument("004_dailyplanet", "004_dailyplanet.txt", "txt", text, "utf-8", SourceMetadata())
    assert clean(document, cfg).publisher == "Daily Planet"
    # A name that merely spells the file name is not an outlet.
    text = "Water works approved\n\n" + BODY + "\n\nRiverton officials said the plant would open in May."
    document = RawDocument("riverton", "riverton.txt", "txt", text, "utf-8", SourceMetadata())
    assert clean(document, cfg).publisher is None


def test_two_digit_year_datelines():
    assert date_only("9/22/16, 11:36 AM CET") == "2016-09-22"
    assert date_only("Updated 3:41 PM ET, Thu September 22, 2016") == "2016-09-22"
    assert date_only("version 1.2.16") is None


def test_a_saved_pages_own_address_gives_its_url_date_and_leaves_the_text(cfg):
    text = "Water works approved\n\nSource: https://www.dailyplanet.example/2025/03/11/water-works\n\n" + BODY + "\n\n" + BODY2
    doc = clean(raw(text), cfg)
    assert doc.url == "https://www.dailyplanet.example/2025/03/11/water-works"
    assert doc.published == "2025-03-11" and "https://" not in doc.text


@pytest.mark.parametrize(
    "note",
    [
        "Jane Rivers is a reporter for the Daily Planet covering local government.",
        "— Jane Rivers",
        "This article was written by Jane Rivers.",
    ],
)
def test_the_author_from_a_note_at_the_end(cfg, note):
    doc = clean(raw("Water works approved\n\n" + BODY + "\n\n" + BODY2 + "\n\n" + note), cfg)
    assert doc.author == "Jane Rivers" and "Jane Rivers" not in doc.text


def test_a_closing_sentence_about_a_person_is_not_an_author_note(cfg):
    closing = "Mayor Tom Hale is a former engineer who has promised to open the plant by 2026."
    doc = clean(raw("Water works approved\n\n" + BODY + "\n\n" + BODY2 + "\n\n" + closing), cfg)
    assert doc.author is None and closing in doc.text


def test_link_lines_under_an_also_on_heading_go_with_it(cfg):
    text = ("Water works approved\n\n" + BODY + "\n\nAlso On The Daily Planet\n\nJane Rivers\n\nCOUNCIL VOTES TONIGHT\n\n"
            + BODY2)
    doc = clean(raw(text), cfg)
    assert "Jane Rivers" not in doc.text and "COUNCIL VOTES" not in doc.text and doc.text.endswith(BODY2)


def test_a_live_blog_of_signed_timestamped_entries_keeps_every_entry(cfg):
    entries = "".join(f"11/{18 - i}/25, 3:1{i} PM CET\n\nBY Writer Number{i}\n\n{BODY} Entry {i}.\n\n{BODY2}\n\n"
                      for i in range(4))
    doc = clean(raw("Water works: live\n\n" + entries), cfg)
    assert all(f"Entry {i}." in doc.text for i in range(4))
