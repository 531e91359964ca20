"""Scale bands: which size of group a member count belongs to.

Sizes follow the microsolidarity scale ladder (see DESIGN.md). No Django imports, so the pod
formation engine and the pulse pictures can share it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    key: str
    low: int
    high: int | None  # None: no upper bound


BANDS: tuple[Band, ...] = (
    Band("pair", 0, 2),
    Band("crew", 3, 6),
    Band("team", 7, 15),
    Band("band", 16, 50),
    Band("congregation", 51, 150),
    Band("network", 151, None),
)
BAND_KEYS = tuple(band.key for band in BANDS)
_BY_KEY = {band.key: band for band in BANDS}


def band_for(count: int) -> Band:
    """The band a group of `count` members is in; groups of 0-2 count as a pair."""
    for band in BANDS:
        if band.high is None or count <= band.high:
            return band
    raise AssertionError("the last band is unbounded")


def get_band(key: str) -> Band:
    return _BY_KEY[key]


def outgrows(count: int, intended: str) -> bool:
    """True when a group has more members than its intended band allows."""
    high = _BY_KEY[intended].high
    return high is not None and count > high


def rank(key: str) -> int:
    return BAND_KEYS.index(key)
