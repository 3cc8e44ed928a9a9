"""``.dockerignore`` matching: the context report walks with docker-py's own matcher,
cross-checked with the SDK's ``docker.utils.build.exclude_paths`` on real directory
trees; the pattern named for each exclusion; the advisor's proposals measured with
the same matcher."""

from __future__ import annotations

from pathlib import Path

import pytest
from docker.utils.build import exclude_paths

from workbench.core.advisor.dockerignore import find_entries
from workbench.core.dockerfile.parser import parse
from workbench.core.engine.context import scan_context
from workbench.core.engine.dockerignore import IgnoreFileError, IgnoreRules, read_patterns

TREE = [
    "Dockerfile", "README.md", "app.py", "a.log", ".git/config", ".git/objects/ab/cd",
    "src/main.py", "src/util.py", "src/data/big.bin", "src/data/keep.bin",
    "docs/guide.md", "docs/api/index.md", "build/out.o", "build/keep/important.o",
    "node_modules/x/index.js", "logs/a.log", "logs/deep/b.log", "tmp/.hidden",
    "sub/Dockerfile", "weird name.txt", "x.tmp", "dir.tmp/inner.txt",
]  # fmt: skip

CASES = [
    [],
    ["*.log"],
    ["**/*.log"],
    ["logs"],
    ["logs/"],
    ["/logs"],
    ["./logs"],
    ["src/data", "!src/data/keep.bin"],
    ["build", "!build/keep"],
    ["*", "!src", "!Dockerfile"],
    ["**", "!app.py"],
    ["docs/**/*.md"],
    ["**/index.*"],
    [".git", "node_modules", "*.tmp"],
    ["src/*.py", "!src/main.py"],
    ["*.md", "!README.md", "README.md"],
    ["?.log"],
    ["[a-b].log"],
    ["# comment", "", "   tmp   "],
    ["sub/Dockerfile"],
    ["Dockerfile"],
    ["weird name.txt"],
    ["**/*.o", "!**/keep/*.o"],
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for rel in TREE:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * (len(rel) * 10))
    return tmp_path


def _ours(root: Path, patterns: list[str]) -> set[str]:
    (root / ".dockerignore").write_text("\n".join(patterns) + "\n")
    report = scan_context(root)
    return set(report.included)


def _sdk(root: Path, patterns: list[str]) -> set[str]:
    cleaned = [p.strip() for p in patterns if p.strip() and not p.strip().startswith("#")]
    return set(exclude_paths(str(root), cleaned, dockerfile="Dockerfile"))


@pytest.mark.parametrize("patterns", CASES, ids=lambda p: "|".join(p) or "none")
def test_included_files_match_docker_py(tree: Path, patterns: list[str]) -> None:
    ours = {p for p in _ours(tree, patterns)}
    sdk = _sdk(tree, patterns)
    # Directories: docker-py lists a directory it walks even when all of it is excluded
    # only in some cases; files are what the engine receives, compare those exactly.
    files = {p for p in sdk if (tree / p).is_file()}
    assert {p for p in ours if (tree / p).is_file()} == files


def test_included_files_with_extra_patterns_match_docker_py(tree: Path) -> None:
    (tree / ".dockerignore").write_text("logs\n")
    report = scan_context(tree, extra_patterns=["*.tmp", "!x.tmp"])
    sdk = _sdk(tree, ["logs", "*.tmp", "!x.tmp"])
    assert {p for p in report.included if (tree / p).is_file()} == \
        {p for p in sdk if (tree / p).is_file()}
    assert report.patterns == ["logs", "*.tmp", "!x.tmp"]


def test_parent_match_and_exception_order() -> None:
    rules = IgnoreRules(["build", "!build/keep/x.o"])
    assert rules.excluded("build/out.o")
    assert not rules.excluded("build/keep/x.o")
    assert rules.may_include_below("build")
    # Later patterns win: re-excluding after an exception excludes again.
    again = IgnoreRules(["*.md", "!README.md", "README*"])
    assert again.excluded("README.md")
    assert again.pattern_for("README.md") == "README*"


def test_double_star_semantics() -> None:
    rules = IgnoreRules(["**/*.log"])
    assert rules.excluded("a.log")  # ** matches zero directories
    assert rules.excluded("x/y/z.log")
    assert not rules.excluded("a.logx")
    single = IgnoreRules(["*/a.txt"])
    assert single.excluded("d/a.txt")
    assert not single.excluded("d/e/a.txt")  # * never crosses a /


def test_leading_slash_and_dot_are_cleaned() -> None:
    for text in ("/logs", "./logs", "logs/", "logs//"):
        rules = IgnoreRules([text])
        assert rules.excluded("logs") and rules.excluded("logs/deep/b.log")
        assert not rules.excluded("logsx") and rules.pattern_for("logs/deep/b.log") == text


def test_pattern_for_names_the_pattern() -> None:
    rules = IgnoreRules(["*.log", "logs"])
    assert rules.pattern_for("logs/deep/b.log") == "logs"  # the last match decides
    assert rules.pattern_for("a.log") == "*.log"
    assert rules.pattern_for("app.py") is None


def test_dockerfile_and_ignore_file_are_always_sent() -> None:
    rules = IgnoreRules(["*"], always_sent="Dockerfile")
    assert not rules.excluded("Dockerfile") and not rules.excluded(".dockerignore")
    assert rules.excluded("other")


def test_unreadable_ignore_file_is_a_sentence(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").mkdir()  # reading a directory fails, even as root
    with pytest.raises(IgnoreFileError, match=r"^Cannot read .*\.dockerignore .*: fix its "
                                              r"permissions\.$"):
        read_patterns(tmp_path)
    with pytest.raises(IgnoreFileError, match="Cannot read"):
        scan_context(tmp_path)


def test_proposed_patterns_keep_out_what_they_claim(tmp_path: Path) -> None:
    files = {"Dockerfile": 30, "app.py": 100, ".git/objects/pack": 4000,
             "web/node_modules/lib/index.js": 3000, "web/src/app.js": 50,
             "deep/er/node_modules/x.js": 700, "keys/id_rsa": 40, "keys/README": 10}
    for rel, size in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    entries = find_entries(tmp_path, parse("FROM busybox\nCOPY . /app\n"))
    patterns = [pattern for pattern, _reason, _size in entries]
    assert {".git", "**/node_modules", "**/id_rsa*"} <= set(patterns)
    before = scan_context(tmp_path)
    after = scan_context(tmp_path, extra_patterns=patterns)
    # The bytes the advice claims are exactly the bytes the build stops sending.
    assert before.total_bytes - after.total_bytes == sum(s for _p, _r, s in entries)
    assert before.total_bytes - after.total_bytes == 4000 + 3000 + 700 + 40
