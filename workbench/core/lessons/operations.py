"""The named operations a manifest may call: actions (do something) and checks (verify).

Each is a plain function ``f(ws, **args)``; its keyword parameters are the arguments a
manifest may give, those without a default are required. Validation reads them from
the signature, so an operation and its documentation of arguments cannot drift apart.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ActionFunc = Callable[..., "Outcome"]
CheckFunc = Callable[..., "Verdict"]


@dataclass(slots=True)
class Outcome:
    """What an action did: lines to show, and values later steps may name as ``$key``."""

    text: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Verdict:
    passed: bool
    message: str  # what was seen, pass or fail
    hint: str = ""  # what to do when it failed


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    func: Callable[..., Any]
    required: frozenset[str]
    optional: frozenset[str]
    summary: str  # the docstring's first line, for docs and `validate`


ACTIONS: dict[str, Operation] = {}
CHECKS: dict[str, Operation] = {}


def _operation(name: str, func: Callable[..., Any]) -> Operation:
    required: set[str] = set()
    optional: set[str] = set()
    for index, param in enumerate(inspect.signature(func).parameters.values()):
        if index == 0:
            continue  # the workshop
        (required if param.default is inspect.Parameter.empty else optional).add(param.name)
    summary = (inspect.getdoc(func) or "").splitlines()[0] if func.__doc__ else ""
    return Operation(name, func, frozenset(required), frozenset(optional), summary)


def action(name: str) -> Callable[[ActionFunc], ActionFunc]:
    def register(func: ActionFunc) -> ActionFunc:
        ACTIONS[name] = _operation(name, func)
        return func
    return register


def check(name: str) -> Callable[[CheckFunc], CheckFunc]:
    def register(func: CheckFunc) -> CheckFunc:
        CHECKS[name] = _operation(name, func)
        return func
    return register

