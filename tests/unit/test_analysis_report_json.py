"""The JSON documents: strict JSON (no NaN), absolute paths, the documented keys."""

from __future__ import annotations

import json

from workbench.core.analysis.analyze import analyze_scans
from workbench.core.analysis.ci_rules import evaluate
from workbench.core.analysis.report_json import (
    analysis_document,
    files_document,
    steps_document,
)
from workbench.core.model import Entry, HistoryStep, ImageInfo, Kind, Layer, LayerScan


def image(*layers: list[Entry]) -> tuple[ImageInfo, list[LayerScan]]:
    scans = [LayerScan(f"sha256:{i:064x}", list(entries)) for i, entries in enumerate(layers)]
    history = [HistoryStep(i, f"/bin/sh -c step{i}", layer_index=i) for i in range(len(scans))]
    history.append(HistoryStep(len(scans), "/bin/sh -c #(nop)  CMD [\"sh\"]", empty_layer=True))
    info = ImageInfo("sha256:" + "ab" * 32, {"os": "linux", "architecture": "amd64"}, history,
                     [Layer(i, s.diff_id, 0, history_index=i, command=history[i].created_by)
                      for i, s in enumerate(scans)], repo_tags=["demo:1"], source="demo:1")
    return info, scans


def test_single_layer_ratio_is_null_and_json_is_strict() -> None:
    info, scans = image([Entry("bin/sh", Kind.FILE, size=10, mode=0o4755)])
    analysis = analyze_scans(info, scans)
    m = analysis.metrics
    doc = analysis_document(analysis, evaluate(m.efficiency, m.wasted_bytes,
                                               m.user_wasted_percent, {}))
    text = json.dumps(doc, allow_nan=False)
    back = json.loads(text)
    assert back["user_wasted_percent"] is None
    assert back["ci"]["passed"] is True
    assert {"efficiency", "wasted_bytes", "user_wasted_percent", "reclaimable_bytes",
            "size_bytes", "layers", "inefficient_files"} <= back.keys()
    assert set(back["layers"][0]) >= {"diff_id", "size_bytes", "command", "added",
                                      "modified", "removed"}


def test_paths_are_absolute_and_steps_include_metadata() -> None:
    info, scans = image([Entry("etc", Kind.DIR, mode=0o755), Entry("etc/a", Kind.FILE, size=4)],
                        [Entry("etc/a", Kind.FILE, size=6)])
    analysis = analyze_scans(info, scans)
    doc = analysis_document(analysis)
    assert doc["inefficient_files"] == [
        {"path": "/etc/a", "count": 2, "size": 10, "layers": [0, 1]}]
    assert doc["reclaimable"][0]["path"] == "/etc/a"
    assert "ci" not in doc
    steps = steps_document(analysis.info, analysis.steps())["steps"]
    assert [s["empty_layer"] for s in steps] == [False, False, True]
    assert steps[2]["command"] == 'CMD ["sh"]' and steps[2]["size_bytes"] == 0
    assert steps[1]["layer"]["modified"] == 1
    files = files_document(analysis, analysis.merged(1), 1, True)["files"]
    rows = {row["path"]: row for row in files}
    assert rows["/etc/a"]["status"] == "modified" and rows["/etc/a"]["layer"] == 1
    assert rows["/etc"]["permissions"] == "drwxr-xr-x" and rows["/etc"]["size"] == 6
    json.dumps(files, allow_nan=False)
