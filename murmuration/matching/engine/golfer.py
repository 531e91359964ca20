"""Small instances where everyone can meet: the Social Golfer Problem."""

from .instance import Instance, Layout


def plan(inst: Instance, rounds: int) -> list[Layout] | None:
    return None
