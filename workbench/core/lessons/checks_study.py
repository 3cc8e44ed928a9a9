"""Checks on what an action measured or wrote: values it produced, the overlay sandbox."""

from __future__ import annotations

import hashlib
import re

from workbench.core.lessons.operations import Verdict, check
from workbench.core.lessons.workshop import Workshop


@check("value")
def value(ws: Workshop, *, name: str, contains: str = "", matches: str = "",
          equals: str | None = None) -> Verdict:
    """A value an earlier action produced (its output, exit code, a size) is as expected."""
    if name not in ws.values:
        return Verdict(False, f"No {name} yet.", "Run the step's action first.")
    seen = ws.values[name]
    shown = seen.strip().splitlines()[-1][:200] if seen.strip() else "(empty)"
    if equals is not None and seen.strip() != equals:
        return Verdict(False, f"{name} is {shown}, not {equals}.")
    if contains and contains not in seen:
        return Verdict(False, f"{name} ({shown}) does not contain '{contains}'.")
    if matches and not re.search(matches, seen):
        return Verdict(False, f"{name} ({shown}) does not match {matches}.")
    return Verdict(True, f"{name}: {shown}")


@check("compare_values")
def compare_values(ws: Workshop, *, smaller: str, larger: str) -> Verdict:
    """One measured number is smaller than another (sizes of two bases, two builds)."""
    for name in (smaller, larger):
        if not ws.values.get(name, "").strip().isdigit():
            return Verdict(False, f"{name} was not measured.", "Run the step's action first.")
    low, high = int(ws.values[smaller]), int(ws.values[larger])
    if low >= high:
        return Verdict(False, f"{smaller} = {low} is not below {larger} = {high}.")
    return Verdict(True, f"{smaller} = {low} < {larger} = {high}.")


@check("overlay")
def overlay(ws: Workshop, *, path: str, origin: str = "", content: str | None = None,
            upper: str = "", absent: bool = False) -> Verdict:
    """In the mounted overlay: merged shows ``path`` from ``origin`` (with ``content``),
    the upper dir holds it as ``upper`` (file, whiteout...), or merged no longer shows it."""
    if ws.sandbox is None:
        return Verdict(False, "No overlay is mounted.", "Run the lesson's first step.")
    view = ws.sandbox.view()
    merged = {e.path: e for e in view.merged}
    uppers = {e.path: e for e in view.upper}
    entry = merged.get(path)
    label = f"({view.mode})"
    if absent:
        if entry is not None:
            return Verdict(False, f"merged still shows {path} {label}.")
        message = f"merged no longer shows {path} {label}"
    else:
        if entry is None:
            return Verdict(False, f"merged shows no {path} {label}.")
        if origin and entry.origin != origin:
            return Verdict(False, f"merged shows {path} from {entry.origin}, not {origin} "
                           f"{label}.")
        message = f"merged shows {path} from {entry.origin} {label}"
        if content is not None:
            wanted = hashlib.sha256(content.encode()).hexdigest()
            if entry.digest and entry.digest != wanted:
                return Verdict(False, f"{path} does not read {content!r} {label}.")
            message += f", reading {content!r}"
    if upper:
        found = uppers.get(path)
        if found is None or str(found.kind) != upper:
            kind = str(found.kind) if found is not None else "nothing"
            return Verdict(False, f"The upper dir holds {kind} at {path}, not a {upper} "
                           f"{label}.")
        message += f"; upper holds a {upper} at {path}"
    return Verdict(True, message + ".")
