"""The review's settings file, its reports, and the file comparison's rules."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from workbench.core.model import Kind
from workbench.core.review.config import ReviewConfigError, parse_review_config, read_review_config
from workbench.core.review.files_diff import FileState, by_directory, diff_files
from workbench.core.review.report import MARKDOWN_LIMIT, to_html, to_json, to_markdown, to_text
from workbench.core.review.run import hadolint_threshold
from workbench.core.review.verdict import Reason, Review


def test_settings_read_and_checked() -> None:
    config = parse_review_config("budgets:\n  max-size: 250MB\n  max-layers: 15\n"
                                 "  max-wasted: 10MiB\n  max-reclaimable: 1000\n"
                                 "hardening:\n  fail-on: warning\n")
    assert config.budgets == {"max-size": 250_000_000, "max-layers": 15,
                              "max-wasted": 10 * 2**20, "max-reclaimable": 1000}
    assert config.fail_on == "warning"
    assert parse_review_config("").budgets == {}
    assert parse_review_config("budgets:\n").fail_on == "error"


@pytest.mark.parametrize(("text", "words"), [
    ("budgets:\n  max-sise: 1MB\n", "max-sise"),
    ("budgets:\n  max-layers: many\n", "budgets/max-layers"),
    ("budgets:\n  max-size: lots\n", "'lots' is not a size"),
    ("hardening:\n  fail-on: fatal\n", "hardening/fail-on"),
    ("- a\n", "top level"),
    ("budgets: [1,\n", "not valid YAML"),
])
def test_bad_settings_are_one_sentence(text: str, words: str) -> None:
    with pytest.raises(ReviewConfigError) as caught:
        parse_review_config(text)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_missing_settings_file(tmp_path: Path) -> None:
    assert read_review_config(tmp_path / "none.yaml").budgets == {}
    with pytest.raises(ReviewConfigError, match="no review settings file"):
        read_review_config(tmp_path / "none.yaml", required=True)


def test_hadolint_threshold_spellings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert hadolint_threshold(tmp_path) == "info"  # hadolint's default
    for written, meant in (("error", "error"), ("style", "info"), ("none", "none"),
                           ("ignore", "none"), ("Warning", "warning")):
        (tmp_path / ".hadolint.yaml").write_text(f"failure-threshold: {written}\n")
        assert hadolint_threshold(tmp_path) == meant, written


def _review(reasons: list[Reason], secrets: set[str] | None = None) -> Review:
    return Review("app.tar", "sha256:" + "a" * 64, "app:1", 1000, 2,
                  {"efficiency": 0.5, "wasted_bytes": 10, "user_wasted_percent": math.nan,
                   "reclaimable_bytes": 5}, reasons, secrets=secrets or set(),
                  layers=[{"index": 0, "size_bytes": 900, "command": "COPY x /"},
                          {"index": 1, "size_bytes": 100, "command": "RUN y"}])


def test_verdict_and_outputs() -> None:
    secret = "hunter2-long-secret"
    review = _review([
        Reason("dive", "lowestEfficiency", "fail", "too low", layer=1, line=3),
        Reason("budget", "max-layers", "pass", "layers 2 <= budget 5"),
        Reason("harden", "IW-SECRET-ENV", "fail", f"ENV shows {secret}", "error", line=4),
    ], {secret})
    assert review.verdict == "FAIL" and review.tally() == {"total": 3, "pass": 1, "fail": 2,
                                                           "skip": 0}
    doc = to_json(review)
    assert doc["metrics"]["user_wasted_percent"] is None
    json.dumps(doc, allow_nan=False)
    for text in (json.dumps(doc), to_text(review), to_markdown(review), to_html(review)):
        assert secret not in text
    assert "Result:FAIL [Total:3] [Passed:1] [Failed:2] [Skipped:0]" in to_text(review)
    assert "(line 3, layer 1)" in to_text(review)
    assert "<rect" in to_html(review)


def test_markdown_stays_under_the_comment_limit() -> None:
    many = [Reason("harden", f"IW-X-{i}", "fail", "x" * 300, "error", line=i)
            for i in range(1000)]
    text = to_markdown(_review(many))
    assert len(text) <= MARKDOWN_LIMIT < 65_536
    assert "more failures" in text and "IW-X-0" in text


def _file(kind: Kind = Kind.FILE, size: int = 1, mode: int = 0o644, layer: int = 0,
          uid: int = 0, link: str = "") -> FileState:
    return FileState(kind, size, mode, uid, 0, link, layer)


def test_file_differences() -> None:
    a = {"/same-layer": _file(size=5, layer=0), "/gone": _file(),
         "/grown": _file(size=1, layer=1), "/chmod": _file(layer=1),
         "/owner": _file(layer=1), "/link": _file(Kind.SYMLINK, 0, link="x", layer=1),
         "/equal-size": _file(size=3, layer=1), "/other-bytes": _file(size=3, layer=1)}
    b = {"/same-layer": _file(size=5, layer=0), "/new": _file(size=7),
         "/grown": _file(size=2, layer=1), "/chmod": _file(mode=0o600, layer=1),
         "/owner": _file(uid=1000, layer=1), "/link": _file(Kind.SYMLINK, 0, link="y", layer=1),
         "/equal-size": _file(size=3, layer=1), "/other-bytes": _file(size=3, layer=1)}
    hashed: list[dict[int, set[str]]] = []

    def hasher(side: str):  # type: ignore[no-untyped-def]
        def hash_layers(wanted: dict[int, set[str]]) -> dict[int, dict[str, str]]:
            hashed.append(wanted)
            return {layer: {p: (side if p == "/other-bytes" else "same") for p in paths}
                    for layer, paths in wanted.items()}
        return hash_layers

    changes = {c.path: c for c in diff_files(a, b, ["base", "la"], ["base", "lb"],
                                             hasher("a"), hasher("b"))}
    assert {p: c.change for p, c in changes.items()} == {
        "/gone": "removed", "/new": "added", "/grown": "modified", "/chmod": "modified",
        "/owner": "modified", "/link": "modified", "/other-bytes": "modified"}
    assert changes["/chmod"].changed == ["mode"]
    assert changes["/owner"].changed == ["owner"]
    assert changes["/link"].changed == ["link"]
    assert changes["/grown"].changed == ["content"]
    assert changes["/other-bytes"].changed == ["content"]
    # Only equal-sized files from different layers are hashed; /same-layer never is.
    assert all("/same-layer" not in paths for w in hashed for paths in w.values())
    assert by_directory(list(changes.values()))[0] == {"path": "/", "delta": 7 - 1 + 1}


def test_junit_one_testcase_per_check() -> None:
    from xml.etree import ElementTree as ET

    from workbench.core.review.report import to_junit

    secret = "hunter2-long-secret"
    review = _review([
        Reason("dive", "lowestEfficiency", "fail", "too low", layer=1, line=3),
        Reason("dive", "highestWastedBytes", "skip", "rule disabled"),
        Reason("harden", "IW-SECRET-ENV", "fail", f"ENV shows {secret}", "error", line=4),
        Reason("budget", "max-size", "pass", "size within budget"),
    ], {secret})
    review.dockerfile = "Dockerfile"
    text = to_junit(review)
    assert secret not in text
    root = ET.fromstring(text)
    assert root.tag == "testsuites" and root.get("failures") == "2"
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "4" and suite.get("skipped") == "1"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["lowestEfficiency", "highestWastedBytes",
                                              "IW-SECRET-ENV", "max-size"]
    assert all(c.get("classname") for c in cases)
    failure = cases[0].find("failure")
    assert failure is not None and "line 3" in (failure.get("message") or "")
    assert suite.get("file") == "Dockerfile"
    assert cases[1].find("skipped") is not None
    assert cases[3].find("failure") is None and cases[3].find("skipped") is None


def test_compare_markdown_is_summarised_under_the_limit() -> None:
    from workbench.core.review.compare import Comparison, Side
    from workbench.core.review.compare_report import to_markdown
    from workbench.core.review.files_diff import FileChange

    def side(name: str, size: int) -> Side:
        return Side(name, "sha256:" + name * 8, name, size, None,
                    {"efficiency": 1.0, "wasted_bytes": 0, "user_wasted_percent": math.nan,
                     "reclaimable_bytes": 0}, [], {})
    files = [FileChange(f"/data/{i:05d}-" + "n" * 80, "added", None, _file(size=i))
             for i in range(3000)]
    result = Comparison(side("a", 10), side("b", 20), [], [], [], 0, files,
                        {"User": {"a": "", "b": "1000"}}, [],
                        [{"kind": "harden", "rule": "IW-SECRET-ENV", "line": 3}])
    text = to_markdown(result)
    assert len(text) < 65_536
    assert "more rows are in the full report" in text
    assert "| User | `''` | `'1000'` |" in text
    assert "❌ introduced: harden `IW-SECRET-ENV` (line 3)" in text
    assert text.count("<details>") == text.count("</details>")
