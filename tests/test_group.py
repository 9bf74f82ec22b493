"""Claims grouped by what they say (issue 12): frames from the parse, statements matched across reports,
no chaining, denials tied to what they deny, tolls as measures. Small invented reports, the real model."""

import pytest

from factfile.config import Config
from factfile.model import Claim, Document, Value
from factfile.nlp import nlp
from factfile.stages.annotate import annotate
from factfile.stages.claims import _frame
from factfile.stages.geocode import geocode
from factfile.stages.group import _numbers, agreeing_groups, group_claims, link_claims
from factfile.stages.resolve import resolve

pytestmark = pytest.mark.slow


def grouped(texts: dict[str, str], publishers: dict[str, str] | None = None):
    cfg = Config()
    documents = [Document(doc_id, f"{doc_id}.txt", "Water works", text, publisher=(publishers or {}).get(doc_id))
                 for doc_id, text in texts.items()]
    documents = list(annotate(documents, cfg))
    entities = geocode(resolve(documents, cfg), cfg)
    return group_claims(link_claims(documents, entities), documents, entities, cfg)


def group_with(groups, claims, words):
    claim = next(c for c in claims if words in c.text)
    return next(g for g in groups if claim.id in g.claims), claim


@pytest.mark.parametrize(
    ("sentence", "content", "negated", "denies"),
    [
        ('"I did not build the dam," the mayor said on Monday.', "I did not build the dam", True, False),
        ("The company denied its trucks were polluting the river.", "its trucks were polluting the river", False, True),
        ("The ministry told reporters that it can assure that the plant does not leak.", "the plant does not leak",
         True, False),
        ("The mayor wrongly claimed that the plant was finished in May.", "the plant was finished in May", False, True),
        ("The council has denied responsibility for the flood.", None, False, True),
        ("The guards denied entry to the reporters.", None, False, False),
        ("The truth is that the dam was not finished in May.", "the dam was not finished in May", True, False),
        ("The mayor disputed the notion that the dam had failed.", "the dam had failed", False, True),
        ("The ministry rejected claims that its trucks had crossed the border.", "its trucks had crossed the border",
         False, True),
        ("The papers pushed a false narrative that the dam had failed.", "the dam had failed", False, True),
    ],
)
def test_the_frame_is_what_is_said_and_its_stance(sentence, content, negated, denies):
    tokens, is_negated, is_denied, core, acts = _frame(list(nlp()(sentence)))
    if content:
        assert content in " ".join(t.text for t in tokens)
    assert (is_negated, is_denied) == (negated, denies)
    assert core and set(acts) <= set(core)


def test_coordinated_statements_are_claims_of_their_own():
    claims, _ = grouped({"a": "A federal judge ruled the water fee unlawful in 2019, and the city later dropped "
                              "its appeal of the ruling."})
    texts = [c.text for c in claims]
    assert "A federal judge ruled the water fee unlawful in 2019" in texts
    assert "the city later dropped its appeal of the ruling." in texts


def test_a_question_is_not_a_statement():
    claims, _ = grouped({"a": "Have you closed a single polluting plant in the valley since the flood? "
                              "The council closed three polluting plants in the valley after the flood."})
    assert not any(c.text.startswith("Have you") for c in claims)


def test_the_same_statement_in_other_words_is_corroborated():
    claims, groups = grouped({
        "a": "The Riverton council dropped its appeal of the water ruling on Monday.",
        "b": "Its appeal of the water ruling was dropped by the Riverton council, officials said.",
        "c": "The harvest festival drew large crowds to the market square on Saturday.",
    }, {"a": "Daily Planet", "b": "Evening Star", "c": "Morning Post"})
    group, _ = group_with(groups, claims, "dropped its appeal")
    assert group.status == "corroborated" and set(group.docs) == {"a", "b"}


def test_an_outlet_printing_a_sentence_again_is_one_origin():
    sentence = "The Riverton council dropped its appeal of the water ruling on Monday afternoon."
    claims, groups = grouped({"a": sentence, "b": "In other news. " + sentence},
                             {"a": "Daily Planet", "b": "Daily Planet"})
    group, _ = group_with(groups, claims, "dropped its appeal")
    assert group.independent_sources == 1 and group.status == "single_source"


def test_a_denial_is_set_against_the_report_it_answers():
    claims, groups = grouped({
        "a": "Officials said the Riverton chemical plant leaked solvent into the river last week.",
        "b": "The plant's owner denied that the Riverton chemical plant leaked solvent into the river.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    group, denial = group_with(groups, claims, "owner denied")
    assert denial.modality == "denied" and group.status == "contested" and set(group.docs) == {"a", "b"}


def test_death_tolls_are_one_measure_whatever_is_counted():
    claims, groups = grouped({
        "a": "The flood in the Riverton valley killed 12 people, the Red Cross said.",
        "b": "About 30 residents were killed when the flood hit the Riverton valley, officials said.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    group, _ = group_with(groups, claims, "killed 12 people")
    assert group.label.startswith("Number of deaths") and group.status == "contested"


def test_tolls_of_two_events_are_not_a_dispute():
    claims, groups = grouped({
        "a": "On Saturday an airstrike on an army post near Riverton killed 48 soldiers, the ministry said.",
        "b": "A fire at the Millbrook textile market killed 25 shoppers on Tuesday, police said.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    assert not any(g.status == "contested" for g in groups)


def test_one_report_telling_two_tolls_is_not_a_dispute():
    claims, groups = grouped({
        "a": "The airstrike near Riverton killed 48 soldiers on Saturday. On Monday a second airstrike "
             "near Riverton killed 9 soldiers.",
        "b": "The airstrike near Riverton on Saturday killed more than 45 soldiers, officials said.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    group, _ = group_with(groups, claims, "killed 48 soldiers")
    texts = {c.text for c in claims if c.id in group.claims}
    assert group.status == "corroborated" and not any("9 soldiers" in t for t in texts)


def test_a_refusal_is_a_negative_statement():
    claims, groups = grouped({
        "a": "The Riverton mayor refused to sign the permit for the new dam, her aide said.",
        "b": "The Riverton mayor did not sign the permit for the new dam, the council said.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    refusal = next(c for c in claims if "refused" in c.text)
    assert refusal.negated
    group, _ = group_with(groups, claims, "refused")
    assert group.status == "corroborated"


def test_participants_are_not_figures():
    participants = Value("count", "two countries", 2.0, "countries", start=0, end=13)
    claim = Claim("x", "d", 0, 24, "The two countries agreed", "agree", values=(participants,), modality="asserted")
    assert _numbers(claim) == {}


def test_a_claim_never_joins_a_group_through_one_middle_member():
    claims = [Claim(str(i), doc, 0, 1, "x", "p", (), "asserted") for i, doc in enumerate("abc")]
    # a-b and b-c are alike, a-c are not: two groups at most, never all three.
    similar = {(0, 1): 0.9, (1, 2): 0.8}
    assert agreeing_groups(similar, claims) == [[0, 1]]
    assert sorted(map(sorted, agreeing_groups(similar, claims, min_share=0.5))) == [[0, 1, 2]]


def test_not_denying_is_no_denial():
    claims, _ = grouped({"a": "In the settlement the company has neither admitted nor denied fault for the "
                              "solvent spill at the Riverton plant."})
    claim = next(c for c in claims if "fault" in c.text)
    assert claim.modality != "denied"


def test_near_tolls_of_one_story_are_one_toll_whatever_else_they_name():
    claims, groups = grouped({
        "a": "The mudslide buried the lower village, and 40 residents were killed, the Red Cross said.",
        "b": "Rescuers pulled bodies from the school as the death toll rose: more than 38 dead, officials said.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    group, _ = group_with(groups, claims, "40 residents")
    assert group.label.startswith("Number of deaths") and group.status == "corroborated"
    assert set(group.docs) == {"a", "b"}


def test_a_vague_toll_in_the_same_country_is_not_the_same_toll():
    claims, groups = grouped({
        "a": "A Freedonian monitoring group reported on Friday that at least 32 residents died in Riverton.",
        "b": "He cited a weekend attack on a Freedonian army post that killed dozens of soldiers.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    assert not any(g.status == "corroborated" and "Number of deaths" in g.label for g in groups)


def test_a_second_statement_of_one_speaker_is_a_claim_with_that_speaker():
    claims, _ = grouped({"a": "The company denied its trucks were dumping waste in the river and suggested "
                              "a rival firm was behind the spill, claiming its own tanks were sealed."})
    second = next(c for c in claims if c.text.startswith("suggested"))
    first = next(c for c in claims if c.text.startswith("The company denied"))
    assert first.modality == "denied" and "rival" not in first.text
    assert second.attributed_to == "The company" and second.modality == "hedged" and not second.negated


def test_a_denial_of_what_the_sentence_before_said_answers_the_reports_of_it():
    claims, groups = grouped({
        "a": "The company suggested a rival firm's tanker was behind the chemical spill in the Riverton river.",
        "b": "Officials say the company blamed the spill on a rival firm. The rival firm quickly denied that, "
             "saying its tanker never sailed on the Riverton river.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    group, denial = group_with(groups, claims, "denied that")
    assert denial.modality == "denied" and group.status == "contested" and set(group.docs) == {"a", "b"}


@pytest.mark.parametrize(
    ("sentence", "blamed"),
    [
        ("Freedonia denies it was responsible for the spill.", "Freedonia"),
        ("The mill has denied responsibility for the spill.", "The mill"),
        ("Officials blamed the Acme Corporation for the spill.", "the Acme Corporation"),
        ("The council said it held Acme responsible for the spill.", "Acme"),
        ("Inspectors named Acme as the culprit of the spill.", "Acme"),
        ("Investigators believe Acme tankers, not Zenith ones, were behind the spill.", "Acme tankers"),
        ("The spill was carried out by a rival firm, the mayor suggested.", "a rival firm"),
        ("Freedonian warplanes bombed an aid convoy near Riverton.", "Freedonian warplanes"),
        ("The army struck Zenith strongholds near Riverton for months.", None),
        ("The council held a meeting on the spill.", None),
    ],
)
def test_who_is_held_responsible_is_read_from_the_parse(sentence, blamed):
    from factfile.stages.claims import _blamed
    tokens = list(nlp()(sentence))
    spans = _blamed(tokens, _frame(tokens)[0])
    assert [sentence[a:b] for a, b in spans] == ([blamed] if blamed else [])


def test_statements_blaming_one_party_and_its_denials_are_one_dispute():
    claims, groups = grouped({
        "a": "Investigators concluded that Acme tankers were behind the chemical spill in the Riverton river.",
        "b": "Officials blamed Acme for Monday's spill, the Evening Star has learned. Acme denies it was responsible.",
        "c": "The mayor held Acme responsible for the pollution of the Riverton river.",
    }, {"a": "Daily Planet", "b": "Evening Star", "c": "Morning Post"})
    group, denial = group_with(groups, claims, "Acme denies")
    assert denial.modality == "denied" and group.status == "contested"
    assert set(group.docs) == {"a", "b", "c"} and group.label.startswith("Who is responsible")


def test_ages_are_compared_only_for_the_same_person():
    claims, groups = grouped({
        "a": "Police said the 40-year-old Jane Doe was driving home when the bridge collapsed.",
        "b": "Jane Doe, 41, was driving across the Riverton bridge, her brother said.",
        "c": "The driver behind her, 41-year-old John Roe, escaped unhurt, officials said.",
        "d": "Her passenger, Mary Poe, aged 52, was treated for shock, the Morning Post reported.",
    }, {"a": "Daily Planet", "b": "Evening Star", "c": "Morning Post", "d": "Morning Post"})
    poe = next(c for c in claims if "aged 52" in c.text)
    assert any(v.unit == "age" and v.entity for v in poe.values)  # "Mary Poe, aged 52": her age
    group, _ = group_with(groups, claims, "40-year-old")
    texts = {c.text for c in claims if c.id in group.claims}
    assert group.label.startswith("Age — ") and "Doe" in group.label and group.status == "contested"
    assert not any("John Roe" in t for t in texts)


def test_a_fine_and_a_gain_in_share_value_are_two_sums():
    claims, groups = grouped({
        "a": "Regulators fined Acme Bank $185 million for the fake accounts scandal in Riverton.",
        "b": "Shares of Acme Bank held by its chief grew in value by more than $200 million during the scandal.",
        "c": "Acme Bank was fined nearly $200 million by regulators over the fake accounts.",
    }, {"a": "Daily Planet", "b": "Evening Star", "c": "Morning Post"})
    group, _ = group_with(groups, claims, "$185 million")
    assert group.label.startswith("Fine (USD)") and set(group.docs) == {"a", "c"}
    assert group.status == "corroborated"


def test_a_hyphenated_word_meets_the_same_word_written_as_one():
    from factfile.stages.claims import _terms
    assert "ceasefire" in _terms(list(nlp()("The cease-fire held in the valley.")))
    assert "ceasefire" in _terms(list(nlp()("The ceasefire held in the valley.")))


def test_a_statement_in_a_subordinate_clause_shares_its_frame():
    from factfile.stages.group import _same_frame
    claims, _ = grouped({
        "a": "It now appears that the officer acted in panic, as well as the news that cocaine was found in his van.",
        "b": "The media ignored the cocaine that was found in his van, the columnist wrote.",
        "c": "She wants the driver's family to know she meant no harm, her lawyer added.",
        "d": "Lawyers for the driver's family said the family did not know whether drugs were found.",
    })
    by_doc = {c.doc: c for c in claims}
    assert _same_frame(by_doc["a"], by_doc["b"])
    assert not _same_frame(by_doc["c"], by_doc["d"])


def test_a_denial_is_a_denied_fact_only_when_nothing_else_is_on_its_topic():
    denial = "The mill owner denied that the mill dumped dye into the Riverton river."
    _, alone = grouped({"a": "The harvest festival drew large crowds to the market square on Saturday.",
                        "b": denial}, {"a": "Daily Planet", "b": "Evening Star"})
    assert any(g.status == "denied" for g in alone)
    _, answered = grouped({"a": "Inspectors said the dye in the Riverton river did not come from the mill, "
                                "which was closed all week.",
                           "b": denial}, {"a": "Daily Planet", "b": "Evening Star"})
    assert not any(g.status == "denied" for g in answered)


def test_two_things_said_of_different_subjects_are_two_statements():
    _, groups = grouped({"a": "Video of the flood rescue in Riverton has gone viral on social media.",
                         "b": "The mayor's angry words about the Riverton flood have gone viral on social media."},
                        {"a": "Daily Planet", "b": "Evening Star"})
    assert not any(g.status == "corroborated" for g in groups)


def test_opposite_states_of_one_thing_are_a_dispute():
    claims, groups = grouped({
        "a": "The watchman said the tanker drove through the open gate of the Riverton mill at midnight.",
        "b": "Camera footage suggests that the gate of the Riverton mill was locked at midnight, the owner said.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    group, _ = group_with(groups, claims, "open gate")
    assert group.status == "contested" and set(group.docs) == {"a", "b"} and "gate" in group.summary


@pytest.mark.parametrize(
    ("sentence", "state"),
    [
        ("The door was open when the inspectors arrived.", ("door", "open")),
        ("The records show that the door was closed.", ("door", "close")),
        ("The gate was not locked that night.", ("gate", "not lock")),
        ("He walked through the open door.", ("door", "open")),
        ("No troops will be stationed at the base.", ("troop", "not will station")),
        ("Troops had been stationed at the base since 2016.", ("troop", "station")),
        # A state right after the noun, without a verb of its own, and words for one state read as one.
        ("The guard walked out with his hands up.", ("hand", "up")),
        ("The guard had his hands in the air.", ("hand", "up")),
        ("The guard's hands were not raised.", ("hand", "not up")),
        ("The guard did not have his hands raised.", ("hand", "not up")),
        ("The guard was not shot with his hands up.", ("hand", "not up")),
        ("The gate will be closed on Sunday.", ("gate", "will close")),
    ],
)
def test_what_a_statement_says_a_thing_is_like(sentence, state):
    from factfile.stages.claims import _states
    tokens = list(nlp()(sentence))
    assert state in _states(_frame(tokens)[0])


def test_a_noun_doing_something_is_given_no_state():
    from factfile.stages.claims import _states
    assert not _states(_frame(list(nlp()("The council raised water fees in May.")))[0])


def test_reports_on_one_side_of_a_disputed_state_join_the_dispute():
    claims, groups = grouped({
        "a": "Footage shows the Riverton guard had his hands up the whole time.",
        "b": "The guard at the Riverton mill was shot with his hands in the air, witnesses said.",
        "c": "The Riverton guard's hands were not raised when he was shot, the sheriff said.",
    }, {"a": "Daily Planet", "b": "Evening Star", "c": "Morning Post"})
    group, _ = group_with(groups, claims, "were not raised")
    assert group.status == "contested" and set(group.docs) == {"a", "b", "c"}


def test_states_oppose_at_one_time_only():
    from factfile.stages.group import _opposite
    assert _opposite("open", "close") and _opposite("not lock", "lock") and _opposite("not will open", "will open")
    assert not _opposite("not will station", "station") and not _opposite("open", "not close")


def test_a_toll_far_from_the_others_of_its_scene_disputes_them():
    claims, groups = grouped({
        "a": "Local officials said 12 people had been killed when the ferry capsized near Riverton.",
        "b": "About 20 passengers died after the ferry overturned in the storm, the coast guard said.",
        "c": "The sinking of the ferry left about 20 dead, rescuers in Riverton said.",
    }, {"a": "Daily Planet", "b": "Evening Star", "c": "Morning Post"})
    group, _ = group_with(groups, claims, "12 people")
    assert group.status == "contested" and set(group.docs) == {"a", "b", "c"}


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("People familiar with the talks said the water deal was close.", "People familiar with the talks"),
        ("An official, speaking on condition of anonymity, said the plant had leaked.", "official"),
        ("Its chairman, Jane Doe, told the Daily Planet that the plant would close.", "Jane Doe"),
        ("The plant will close in May, the ministry said.", "ministry"),
        ('"It is closed," the spokesman, who did not give his name, told reporters.', "spokesman"),
        ("The court ruled the fee unlawful, not the tax itself, as the mayor suggested, Jane Doe argued.", "Jane Doe"),
    ],
)
def test_the_speaker_is_the_subject_of_the_verb_of_saying(sentence, speaker):
    from factfile.stages.claims import attribution
    assert attribution(sentence, list(nlp()(sentence))) == speaker


@pytest.mark.parametrize(
    ("sentence", "outlet"),
    [
        ("Jane Doe, a spokeswoman for the ministry, told AFP that the plant would close.", "AFP"),
        ("Speaking to Reuters, the mayor said the plant leaked.", "Reuters"),
        ("The mayor told reporters the plant leaked.", None),
    ],
)
def test_the_channel_is_the_outlet_the_speaker_told(sentence, outlet):
    from factfile.stages.claims import channel
    assert channel(list(nlp()(sentence))) == outlet


def test_a_speaker_named_after_the_statement_is_not_a_second_statement():
    claims, _ = grouped({"a": "The council will hold a public hearing on the dam in April, its chairman, "
                              "Jane Doe, told the Evening Star."})
    claim = next(c for c in claims if "public hearing" in c.text)
    assert claim.text.endswith("told the Evening Star.")
    assert (claim.attributed_to, claim.channel) == ("Jane Doe", "Evening Star")


@pytest.mark.parametrize(
    ("sentence", "denied"),
    [
        ('Asked about the Herald\'s report on the dam, a ministry spokesman said: "That report is not accurate."', True),
        ("The company said the allegations about the spill were groundless.", True),
        ("The minister said the reports of a secret deal on the dam were pure fiction.", True),
        ('"We have no knowledge of any such plan for the dam," the company said.', True),
        ("The sheriff said he had not seen any reporting on any warrants for the ferry's captain.", True),
        ("Inspectors found no evidence that the gate of the mill had been forced.", True),
        ("The council said the reports on the dam were accurate and complete.", False),
    ],
)
def test_calling_a_report_false_denies_it(sentence, denied):
    claims, _ = grouped({"a": sentence})
    assert any(c.modality == "denied" for c in claims) is denied


def test_not_knowing_of_what_a_report_says_disputes_that_report():
    # What is not known of is named in the clause: the sentence before it is about something else.
    claims, groups = grouped({
        "a": "The ferry left Riverton at noon with passengers, lorries and a brass band from the county fair on "
             "board. The harbour master said: \"I have not seen any reporting on any "
             "safety warnings for the Riverton ferry.\"",
        "b": "Take a look at the many open safety warnings for the Riverton ferry.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    group, _ = group_with(groups, claims, "open safety warnings")
    assert group.status == "contested" and set(group.docs) == {"a", "b"}
    denial = next(c for c in claims if c.modality == "denied")
    assert "warning" in denial.terms and "band" not in denial.terms


def test_a_denial_answers_the_report_naming_what_it_denies():
    # Few words in common, but the denial's predicate and argument are the happening the report names.
    claims, groups = grouped({
        "a": "A fire broke out at the Riverton mill gate on Monday night, just hours after the mill owners "
             "declared an end to the fragile cease-fire with the workers, which began in September.",
        "b": "But the union leader, speaking to reporters at the town hall, disputed the notion that the ceasefire "
             "had ended and turned his anger toward the county council.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    group, _ = group_with(groups, claims, "disputed the notion")
    assert group.status == "contested" and set(group.docs) == {"a", "b"}


def test_named_happenings_are_frames_of_nouns():
    from factfile.stages.claims import _named_happenings
    tokens = list(nlp()("The owners declared an end to the cease-fire."))
    assert ("end", "ceasefire") in _named_happenings(tokens, {t.i for t in tokens})


def test_not_acknowledging_is_no_denial():
    claims, _ = grouped({"a": "The Riverton council has not publicly acknowledged the existence of the dam leak."})
    assert not any(c.modality == "denied" for c in claims)


def test_a_denial_joins_a_group_only_when_it_answers_most_of_it():
    from factfile.stages.group import _answers_group
    links = {(0, 9): 0.3, (1, 9): 0.25}
    assert _answers_group(9, [0, 1, 2], links, 0.6)
    assert not _answers_group(9, [0, 2, 3], links, 0.6)  # it answers one claim of the group, not the group


def test_opposite_states_of_two_different_things_are_no_dispute():
    _, groups = grouped({
        "a": "Water poured through the open gate of the Riverton mill on Saturday night.",
        "b": "At the Millbrook school across the valley, the gate was closed all week, teachers said.",
    }, {"a": "Daily Planet", "b": "Evening Star"})
    assert not any(g.status == "contested" for g in groups)


def test_the_same_words_quoted_by_two_reports_are_one_statement():
    claims, groups = grouped({
        "a": 'The mayor spoke after the vote. "It is gutless planning," she said of the council\'s bridge plan.',
        "b": "The mayor did not hold back at the meeting. “It is gutless planning.”",
        "c": 'Residents called the plan "gutless" at the market on Sunday.',
    }, {"a": "Daily Planet", "b": "Evening Star", "c": "Morning Post"})
    group, _ = group_with(groups, claims, "It is gutless planning.”")
    assert group.status == "corroborated" and set(group.docs) == {"a", "b"}


def test_a_wire_copy_of_every_report_joins_its_originals_groups_as_one_origin(tmp_path):
    """Each report of the example run again, word for word, by another outlet: every group stands as it
    did, with the copy's claim beside its original's and no new independent origin."""
    import shutil

    from conftest import EXAMPLE

    from factfile.pipeline import build

    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE, corpus)
    copied = [p for p in sorted(corpus.iterdir()) if p.suffix != ".jsonl"]  # a JSONL record names its own id
    for path in copied:
        shutil.copy(path, corpus / f"wire-{path.name}")
    alone, with_copies = build(EXAMPLE, Config()), build(corpus, Config())
    copy_of = {f"wire-{path.stem}": path.stem for path in copied}
    claims = {c.id: c for c in with_copies.claims}
    original = {(c.doc, c.start, c.end): c.id for c in alone.claims}
    groups = {frozenset(original.get((copy_of.get(c.doc, c.doc), c.start, c.end)) for c in map(claims.get, g.claims)):
              g for g in with_copies.groups}
    assert len(with_copies.groups) == len(alone.groups)
    for group in alone.groups:
        twin = groups[frozenset(group.claims)]
        assert (twin.status, twin.independent_sources, twin.label) == (group.status, group.independent_sources,
                                                                       group.label)
        copies = [d for d in twin.docs if d in copy_of]
        assert sorted(copy_of[d] for d in copies) == sorted(d for d in group.docs if d in copy_of.values())


def test_hundreds_of_word_for_word_copies_are_one_origin(tmp_path):
    """More copies of one text than `copy_max_posting` (where a shared run of words counts as boilerplate)
    are still one origin, and a report written apart stays its own."""
    from conftest import EXAMPLE

    from factfile.copies import document_origins
    from factfile.pipeline import read_corpus

    cfg = Config()
    text = (EXAMPLE / "01_steppe-daily.txt").read_text(encoding="utf-8")
    for n in range(cfg.copy_max_posting + 10):
        (tmp_path / f"outlet{n:03d}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "apart.txt").write_text((EXAMPLE / "03_mongolia-business-review.txt").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    documents = read_corpus(tmp_path, cfg).documents
    origins = document_origins(documents, cfg)
    assert len({origins[d.id] for d in documents if d.id.startswith("outlet")}) == 1
    assert origins["apart"] == "apart"
