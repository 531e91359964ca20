"""The passing rules at their edges, as plain functions."""

from datetime import UTC, datetime, timedelta

from murmuration.decisions import rules

OPENED = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


def test_it_passes_a_vote_with_no_blocks_a_majority_and_a_quorum():
    assert rules.vote_result({"agree": 3, "disagree": 1}, eligible=6, quorum_percent=50).passes


def test_it_fails_a_vote_at_exactly_half():
    result = rules.vote_result({"agree": 2, "disagree": 2, "abstain": 2}, 6, 50)
    assert not result.passes
    assert result.reasons == ["Not more than half agree (2 agree, 2 disagree)."]


def test_it_fails_a_vote_with_one_block_however_many_agree():
    result = rules.vote_result({"agree": 9, "block": 1}, 10, 50)
    assert not result.passes
    assert result.reasons == ["1 block."]


def test_it_fails_a_vote_that_misses_the_quorum_by_one():
    # 7 eligible at 50% need 4 agreeing or abstaining; 3 do.
    result = rules.vote_result({"agree": 2, "abstain": 1}, 7, 50)
    assert not result.passes
    assert result.reasons == ["Quorum not reached: 3 of the 4 needed agree or abstain."]
    assert rules.vote_result({"agree": 3, "abstain": 1}, 7, 50).passes


def test_it_leaves_abstentions_out_of_the_majority_but_counts_them_for_the_quorum():
    assert rules.vote_result({"agree": 1, "abstain": 3}, 8, 50).passes
    assert not rules.vote_result({"abstain": 4}, 8, 50).passes


def test_it_rounds_the_quorum_up():
    assert rules.quorum_needed(5, 50) == 3
    assert rules.quorum_needed(4, 50) == 2
    assert rules.quorum_needed(3, 100) == 3


def test_it_adopts_by_consent_when_nobody_objects_and_concerns_do_not_block():
    assert rules.consent_result({"consent": 2, "concern": 1}).passes
    assert rules.consent_result({"objection": 1, "consent": 5}).reasons == [
        "1 objection is not resolved."
    ]
    assert not rules.consent_result({}).passes


def test_it_counts_a_vote_from_the_very_end_of_its_minimum_open_time():
    opens = OPENED + timedelta(hours=72)
    assert not rules.may_count(OPENED, 72, opens - timedelta(microseconds=1))
    assert rules.may_count(OPENED, 72, opens)
