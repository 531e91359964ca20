"""Word by word differences between two versions of a purpose, for the purpose history."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# Words with the spaces after them, so joining the pieces gives the text back unchanged.
_TOKENS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Piece:
    text: str
    # "same", "added" or "removed"
    change: str


def word_diff(before: str, after: str) -> list[Piece]:
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    pieces: list[Piece] = []
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("".join(old[a1:a2]), "same"))
            continue
        if a2 > a1:
            pieces.append(Piece("".join(old[a1:a2]), "removed"))
        if b2 > b1:
            pieces.append(Piece("".join(new[b1:b2]), "added"))
    return pieces
