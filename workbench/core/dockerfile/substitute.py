"""Variable substitution in one Dockerfile word, the way the builder expands ``FROM``.

The builder expands ``FROM`` references and ``COPY --from`` with the meta ARGs (the
ARGs before the first FROM, overridden by build args): ``$VAR``, ``${VAR}``, and the
``${VAR:-default}`` / ``${VAR-default}`` / ``${VAR:+alt}`` / ``${VAR+alt}`` forms, with
quotes removed and the escape character escaping the next character. The library gives
the words but not this step, so it is written here; unset variables expand to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_NAME = re.compile(r"[A-Za-z0-9_]+")


def expand(word: str, values: Mapping[str, str], escape: str = "\\") -> str:
    """``word`` with its variables replaced from ``values`` and its quotes removed."""
    out: list[str] = []
    index = 0
    while index < len(word):
        char = word[index]
        if char == escape:
            out.append(word[index + 1: index + 2] or escape)
            index += 2
        elif char == "'":
            end = word.find("'", index + 1)
            end = len(word) if end < 0 else end
            out.append(word[index + 1: end])
            index = end + 1
        elif char == '"':
            index = _double_quoted(word, index + 1, values, escape, out)
        elif char == "$":
            text, index = _variable(word, index + 1, values, escape)
            out.append(text)
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _double_quoted(word: str, index: int, values: Mapping[str, str], escape: str,
                   out: list[str]) -> int:
    """Append the inside of a ``"..."`` starting at ``index``; returns the index after it."""
    while index < len(word) and word[index] != '"':
        char = word[index]
        if char == escape and word[index + 1: index + 2] in ('"', "$", escape):
            out.append(word[index + 1])
            index += 2
        elif char == "$":
            text, index = _variable(word, index + 1, values, escape)
            out.append(text)
        else:
            out.append(char)
            index += 1
    return index + 1


def _variable(word: str, index: int, values: Mapping[str, str],
              escape: str) -> tuple[str, int]:
    """Expand the variable whose ``$`` ends just before ``index``."""
    if word[index: index + 1] != "{":
        match = _NAME.match(word, index)
        if match is None:
            return "$", index
        return values.get(match.group(0), ""), match.end()
    match = _NAME.match(word, index + 1)
    if match is None:
        return "${", index + 1
    name, index = match.group(0), match.end()
    end = _closing_brace(word, index)
    modifier = word[index:end]
    value = values.get(name)
    if not modifier:
        return value or "", end + 1
    colon = modifier.startswith(":")
    operator, alternative = modifier[int(colon): int(colon) + 1], modifier[int(colon) + 1:]
    present = value is not None and (bool(value) or not colon)
    if operator == "-":
        return (value or "") if present else expand(alternative, values, escape), end + 1
    if operator == "+":
        return expand(alternative, values, escape) if present else "", end + 1
    return value or "", end + 1  # ``?`` and pattern forms: the value itself


def _closing_brace(word: str, index: int) -> int:
    depth = 1
    while index < len(word):
        if word[index] == "{":
            depth += 1
        elif word[index] == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return len(word)
