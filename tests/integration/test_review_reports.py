"""The review and compare reports as their readers get them, on two real builds.

HTML is rendered by a real headless browser (Debian's chromium): the screenshot must
show the page with its styles and charts drawn, the DOM must hold the SVG charts, and
the browser's network log must show that nothing but the file itself was loaded.
JUnit XML is checked against Jenkins' JUnit schema (tests/data/junit-10.xsd). The
Markdown of a comparison with thousands of changed files must fit in one GitHub
comment.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from workbench.core.labels import labels

pytestmark = pytest.mark.engine

DATA = Path(__file__).resolve().parents[1] / "data"
SECRET = "s3cr3t-Value-that-must-not-leak"
FILES = 3000  # changed files in B: far more rows than one comment holds
BUILD_A = (
    "FROM busybox:latest\n"
    "RUN mkdir -p /app /data/generated-files && echo one > /app/changed"
    " && echo gone > /app/deleted && head -c 300000 /dev/urandom > /app/blob"
    f" && for i in $(seq 1 {FILES}); do echo a > /data/generated-files/file-$i.txt; done\n"
    "RUN rm /app/blob\n"
    f"ENV API_TOKEN={SECRET}\n"
    'CMD ["sh"]\n'
)
BUILD_B = (
    "FROM busybox:latest\n"
    "RUN mkdir -p /app /data/generated-files /srv && echo two > /app/changed"
    " && echo new > /app/added && head -c 900000 /dev/urandom > /srv/data"
    f" && for i in $(seq 1 {FILES}); do echo bb > /data/generated-files/file-$i.txt; done\n"
    f"ENV API_TOKEN={SECRET} EXTRA=1\n"
    "USER 1000\n"
    'CMD ["sh"]\n'
)
# GitHub's colours as the reports' CSS and charts use them.
RED, GREEN, BLUE = (0xCF, 0x22, 0x2E), (0x1A, 0x7F, 0x37), (0x09, 0x69, 0xDA)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run([sys.executable, "-m", "workbench", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def builds(docker_client, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[str, str, Path]]:
    """Two builds, A and B, with their Dockerfiles in a/ and b/; removed after."""
    root = tmp_path_factory.mktemp("reports")
    made = []
    try:
        for side, text in (("a", BUILD_A), ("b", BUILD_B)):
            (root / side).mkdir()
            (root / side / "Dockerfile").write_text(text)
            tag = f"workbench-test-{uuid.uuid4().hex[:10]}:{side}"
            docker_client.images.build(path=str(root / side), tag=tag, rm=True, forcerm=True,
                                       labels=labels("test"))
            made.append(tag)
        yield made[0], made[1], root
    finally:
        for tag in made:
            with contextlib.suppress(Exception):
                docker_client.images.remove(tag, force=True)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("WORKBENCH_TEST_REQUIRE_ENGINE") == "1":
            pytest.fail("chromium is required (scripts/system-deps.sh test installs it)")
        pytest.skip("chromium not installed; run through scripts/test.sh")
    return found


def _browser(binary: str, page: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    profile = page.parent / f"profile-{uuid.uuid4().hex[:8]}"
    try:
        # As root the sandbox cannot start; the page is our own file.
        return subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", "--disable-extensions", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--metrics-recording-only",
             f"--user-data-dir={profile}", *flags, page.as_uri()],
            capture_output=True, text=True, timeout=120, check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class _Dom(HTMLParser):
    """Every element of the DOM chromium dumps, as (tag, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def _rendered(binary: str, page: Path) -> tuple[_Dom, set[str], Path]:
    """The DOM after rendering, every URL the page made the browser request, a
    screenshot."""
    netlog = page.with_suffix(".netlog.json")
    dump = _browser(binary, page, f"--log-net-log={netlog}", "--dump-dom")
    dom = _Dom()
    dom.feed(dump.stdout)
    log = json.loads(netlog.read_text())
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    # The browser's own requests (updates, time, accounts) have no initiator; whatever
    # the page asks for carries its origin ("null" for a file).
    urls = {str(e["params"].get("url")) for e in log["events"] if e["type"] == start
            and e["params"].get("initiator", "not an origin") != "not an origin"}
    shot = page.with_suffix(".png")
    _browser(binary, page, f"--screenshot={shot}", "--window-size=1280,1400")
    return dom, urls, shot


def _colours(shot: Path) -> dict[tuple[int, int, int], int]:
    """How many pixels of each colour, sampled on a 2 px grid."""
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert not image.isNull() and image.width() == 1280, shot
    counts: dict[tuple[int, int, int], int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = image.pixelColor(x, y)
            key = (colour.red(), colour.green(), colour.blue())
            counts[key] = counts.get(key, 0) + 1
    return counts


def _near(counts: dict[tuple[int, int, int], int], rgb: tuple[int, int, int]) -> int:
    return sum(n for c, n in counts.items() if all(abs(a - b) <= 6 for a, b in
                                                    zip(c, rgb, strict=True)))


def _nothing_fetched(dom: _Dom, urls: set[str], source: str) -> None:
    assert not urls, urls
    for _, attrs in dom.elements:
        for name in ("src", "href", "xlink:href", "srcset", "action", "poster", "data"):
            assert not attrs.get(name, "").startswith(("http:", "https:", "//")), attrs
    for fetch in ("url(", "@import", "<link", "<script"):
        assert fetch not in source, fetch


def test_review_html_in_a_browser(builds: tuple[str, str, Path], chromium: str) -> None:
    image_a, _, root = builds
    page = root / "review.html"
    proc = run_cli("review", image_a, "--dockerfile", "a/Dockerfile", "--no-hadolint",
                   "--format", "html", "-o", str(page), cwd=root)
    assert proc.returncode == 1, proc.stderr  # root, a secret in ENV, wasted bytes
    source = page.read_text()
    assert SECRET not in source
    dom, urls, shot = _rendered(chromium, page)
    _nothing_fetched(dom, urls, source)
    layers = json.loads(run_cli("review", image_a, "--dockerfile", "a/Dockerfile",
                                "--no-hadolint", "--json", cwd=root).stdout)
    svgs = dom.tags("svg")
    assert len(svgs) == 1 and svgs[0]["aria-label"] == "layer sizes"
    assert len(dom.tags("rect")) == layers["image"]["layers"]  # one bar per layer
    rows = dom.tags("tr")
    assert len(rows) == len(layers["reasons"]) + 1  # a header, then one row per check
    counts = _colours(shot)
    assert len(counts) > 50, "a blank or unstyled page"
    assert sum(n for c, n in counts.items() if c != (255, 255, 255)) > 0.02 * sum(
        counts.values())
    assert _near(counts, BLUE) > 200  # the layer bars were drawn
    assert _near(counts, RED) > 20  # FAIL in its colour: the CSS applied


def test_compare_html_in_a_browser(builds: tuple[str, str, Path], chromium: str) -> None:
    image_a, image_b, root = builds
    page = root / "compare.html"
    proc = run_cli("compare", image_a, image_b, "--dockerfile-a", "a/Dockerfile",
                   "--dockerfile-b", "b/Dockerfile", "--no-hadolint", "--format", "html",
                   "-o", str(page), cwd=root)
    assert proc.returncode == 0, proc.stderr
    source = page.read_text()
    assert SECRET not in source
    dom, urls, shot = _rendered(chromium, page)
    _nothing_fetched(dom, urls, source)
    svgs = dom.tags("svg")
    assert [s["aria-label"] for s in svgs] == ["size delta by directory"]
    # A treemap: a grey block per top directory, its cells red for growth (/srv/data,
    # /data/generated-files) and green for shrinkage (/app/blob), each with a tooltip.
    cells = dom.tags("rect")
    fills = {r["fill"] for r in cells}
    assert fills == {"#eaeef2", "#cf222e", "#1a7f37"}
    assert len(dom.tags("title")) == len(cells) + 1  # one per cell, and the page's
    assert "/srv/data" in source and "+900.0 kB" in source  # a big cell's label
    counts = _colours(shot)
    assert len(counts) > 50, "a blank or unstyled page"
    assert _near(counts, RED) > 200 and _near(counts, GREEN) > 20


def test_review_junit_is_valid_against_the_schema(builds: tuple[str, str, Path]) -> None:
    import xmlschema

    image_a, _, root = builds
    schema = xmlschema.XMLSchema(DATA / "junit-10.xsd")
    target = root / "review.xml"
    proc = run_cli("review", image_a, "--dockerfile", "a/Dockerfile", "--no-hadolint",
                   "--format", "junit", "-o", str(target), cwd=root)
    assert proc.returncode == 1, proc.stderr
    text = target.read_text()
    schema.validate(text)  # raises with the offending element and the rule it breaks
    assert SECRET not in text
    doc = json.loads(run_cli("review", image_a, "--dockerfile", "a/Dockerfile",
                             "--no-hadolint", "--json", cwd=root).stdout)
    from xml.etree import ElementTree as ET

    cases = list(ET.fromstring(text).iter("testcase"))
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        (f"workbench.{r['kind']}", r["rule"]) for r in doc["reasons"]]
    for case, reason in zip(cases, doc["reasons"], strict=True):
        failure = case.find("failure")
        assert (failure is not None) == (reason["status"] == "fail"), reason
        if failure is not None:
            assert reason["message"][:40] in (failure.get("message") or "")
    assert {"IW-USER-ROOT", "lowestEfficiency"} <= {
        c.get("name") for c in cases if c.find("failure") is not None}


def test_compare_markdown_fits_one_comment(builds: tuple[str, str, Path]) -> None:
    image_a, image_b, root = builds
    args = ("compare", image_a, image_b, "--dockerfile-a", "a/Dockerfile", "--dockerfile-b",
            "b/Dockerfile", "--no-hadolint")
    doc: dict[str, Any] = json.loads(run_cli(*args, "--json", cwd=root).stdout)
    modified = doc["files"]["modified"]
    assert len(modified) > FILES  # every generated file, plus /app/changed
    proc = run_cli(*args, "--format", "markdown", cwd=root)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert len(text) < 65_536
    assert SECRET not in text
    listed = [line for line in text.splitlines() if line.startswith("| `/")]
    assert 100 < len(listed) < len(modified)  # as many rows as fit, not all of them
    assert "more rows are in the full report" in text
    assert text.count("<details>") == text.count("</details>")  # still well formed
    assert "| User | `''` | `'1000'` |" in text  # the summary above the files survived
    added = {f["path"] for f in doc["files"]["added"]}
    assert "| `/app/added` |" in text and "/app/added" in added
