import pytest

from murmuration.communities import scale


@pytest.mark.parametrize(
    ("count", "band"),
    [
        (1, "pair"),
        (2, "pair"),
        (3, "crew"),
        (6, "crew"),
        (7, "team"),
        (15, "team"),
        (16, "band"),
        (50, "band"),
        (51, "congregation"),
        (150, "congregation"),
        (151, "network"),
        (20_000, "network"),
    ],
)
def test_it_places_each_count_in_its_band(count, band):
    assert scale.band_for(count).key == band


def test_it_says_a_crew_of_seven_has_outgrown_its_band():
    assert scale.outgrows(7, "crew")
    assert not scale.outgrows(6, "crew")


def test_it_never_says_a_network_is_outgrown():
    assert not scale.outgrows(100_000, "network")
