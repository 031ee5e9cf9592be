"""One regular expression for many names, shaped as a trie.

A plain alternation ("Twin Peaks|Twin Peaks: The Return|Sliders|...") makes the regex engine try
every name at every word start, so its cost grows with the knowledge base. Sharing prefixes
("Twin Peaks(?:: The Return)?") lets the engine follow one branch per character instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LOOSE_HYPHEN = r"[-\s]?"  # "X-Files" also as "X Files" and "XFiles"
LOOSE_SPACE = r"[-\s]+"  # "Twin Peaks" also as "Twin  Peaks" and "Twin-Peaks"


def names_alternation(names: Iterable[str], *, loose_spacing: bool = False) -> str:
    """A regex (no anchors, no flags) that matches any of `names` as written.

    Where several names start at the same place, longer names are tried first, as in an
    alternation sorted longest first. With `loose_spacing`, a hyphen in a name may be written as a
    space or left out, and a space as any run of spaces and hyphens.
    """
    trie: dict = {}
    for name in names:
        node = trie
        tokens = _tokens(name, loose_spacing)
        node["longest"] = max(node.get("longest", 0), len(tokens))
        for depth, token in enumerate(tokens):
            node = node.setdefault("children", {}).setdefault(token, {})
            node["longest"] = max(node.get("longest", 0), len(tokens) - depth - 1)
        node["end"] = True
    return _emit(trie) or "(?!)"


def _tokens(name: str, loose_spacing: bool) -> list[str]:
    if not loose_spacing:
        return [re.escape(c) for c in name]
    return [LOOSE_HYPHEN if c == "-" else LOOSE_SPACE if c == " " else re.escape(c) for c in name]


def _emit(node: dict) -> str:
    children = node.get("children", {})
    ordered = sorted(children.items(), key=lambda item: (-item[1]["longest"], item[0]))
    branches = [token + _emit(child) for token, child in ordered]
    if not branches:
        return ""
    if node.get("end"):
        return f"(?:{'|'.join(branches)})?"
    if len(branches) == 1:
        return branches[0]
    return f"(?:{'|'.join(branches)})"
