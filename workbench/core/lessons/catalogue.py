"""Every action and check: importing their modules registers them."""

from __future__ import annotations

from workbench.core.lessons import actions_engine, actions_study, checks_engine, checks_study
from workbench.core.lessons.operations import ACTIONS, CHECKS, Operation

MODULES = (actions_engine, actions_study, checks_engine, checks_study)


def load_all() -> tuple[dict[str, Operation], dict[str, Operation]]:
    return ACTIONS, CHECKS
