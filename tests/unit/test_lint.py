"""Lint: the real hadolint binary, its JSON, project configs, and the parser's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import CancelledError
from workbench.core.lint import (
    LintError,
    find_config,
    find_hadolint,
    lint,
    parse_hadolint_json,
    run_hadolint,
)
from workbench.core.progress import CancelToken

BAD = "FROM debian\nRUN cd /tmp && apt-get install -y curl\nMAINTAINER someone\n"


def test_hadolint_binary_is_found_next_to_the_interpreter() -> None:
    binary = find_hadolint()
    assert binary is not None and Path(binary).name == "hadolint"


def test_real_hadolint_findings_have_lines_codes_and_severities() -> None:
    found = run_hadolint(BAD).diagnostics
    by_code = {d.code: d for d in found}
    assert by_code["DL3006"].line == 1 and by_code["DL3006"].severity == "warning"
    assert by_code["DL3003"].line == 2
    assert by_code["DL4000"].line == 3 and by_code["DL4000"].severity == "error"
    assert all(d.source == "hadolint" and "\n" not in d.message for d in found)
    assert by_code["DL3003"].url.endswith("/DL3003")


def test_clean_dockerfile_has_no_findings() -> None:
    assert run_hadolint("FROM busybox:1.36\nCMD [\"sh\"]\n").diagnostics == []


def test_project_config_is_honoured(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yaml").write_text("ignored:\n  - DL3006\n")
    assert find_config(tmp_path) == tmp_path / ".hadolint.yaml"
    codes = {d.code for d in lint(BAD, tmp_path).diagnostics}
    assert "DL3006" not in codes and "DL3003" in codes
    assert "DL3006" in {d.code for d in lint(BAD, tmp_path / "elsewhere").diagnostics}


def test_broken_config_is_a_sentence_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yaml").write_text("ignored: [unclosed\n")
    result = lint(BAD, tmp_path)
    assert result.note.startswith(f"hadolint ignored {tmp_path / '.hadolint.yaml'} ")
    assert "\n" not in result.note
    assert "DL3006" in {d.code for d in result.diagnostics}  # defaults still apply


def test_parse_errors_from_hadolint_are_one_line() -> None:
    found = run_hadolint("FROM debian\nFOO bar\n").diagnostics
    assert [(d.line, d.code) for d in found] == [(2, "DL1000")]
    assert "\n" not in found[0].message


def test_parser_errors_are_reported_with_their_line() -> None:
    result = lint("FROM busybox:1.36\nFROBNICATE x\n", use_hadolint=False)
    parser = [d for d in result.diagnostics if d.source == "parser"]
    assert parser and parser[0].line == 2 and parser[0].severity == "error"


def test_missing_binary_and_garbage_output_raise_lint_errors(tmp_path: Path) -> None:
    with pytest.raises(LintError, match="hadolint failed"):
        run_hadolint(BAD, binary="/bin/false")
    with pytest.raises(LintError, match="not JSON"):
        parse_hadolint_json("<html>")


def test_cancelled_lint_does_not_run() -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        lint(BAD, cancel=token)
