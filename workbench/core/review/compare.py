"""``compare(a, b)``: what changed between two images and why.

Layers are aligned by position: the first position where the diff_ids differ is where
the rebuild started (everything above that step was rebuilt). Files are compared on
the two final filesystems (``files_diff``); config fields are compared one by one with
secret-looking Env values masked; findings are dive's CI rules for both, plus the
hardening findings when a Dockerfile is given for each side.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.harden.model import mask
from workbench.core.harden.secrets import is_secret_key
from workbench.core.progress import CancelToken, ProgressCallback, no_progress
from workbench.core.review.files_diff import (
    FileChange,
    by_directory,
    diff_files,
    final_files_apart,
    layer_hasher,
)
from workbench.core.review.lines import LayerLines, layer_lines

CONFIG_FIELDS = ("User", "Env", "Cmd", "Entrypoint", "WorkingDir", "ExposedPorts", "Volumes",
                 "Labels", "Healthcheck", "StopSignal")


@dataclass(slots=True)
class Side:
    source: str
    id: str
    name: str
    size_bytes: int
    compressed_bytes: int | None
    metrics: dict[str, Any]
    layers: list[dict[str, Any]]  # index, diff_id, size_bytes, command, line
    config: dict[str, Any]
    dockerfile: str | None = None


@dataclass(slots=True)
class Comparison:
    a: Side
    b: Side
    shared: list[str]
    only_a: list[str]
    only_b: list[str]
    first_divergence: int | None  # layer index where A and B part; None if identical
    files: list[FileChange]
    config: dict[str, dict[str, Any]]  # changed fields only
    findings_fixed: list[dict[str, Any]]
    findings_introduced: list[dict[str, Any]]
    directories: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    secrets: set[str] = field(default_factory=set, repr=False)
    # The kinds of findings compared ("dive", "harden", "hadolint"): a CI report must
    # not pass a check that never ran.
    compared: list[str] = field(default_factory=lambda: ["dive"])

    def deltas(self) -> dict[str, Any]:
        def delta(key: str) -> Any:
            a, b = self.a.metrics[key], self.b.metrics[key]
            if isinstance(a, float) and (math.isnan(a) or math.isnan(b)):
                return None
            return b - a
        compressed = (self.b.compressed_bytes - self.a.compressed_bytes
                      if self.a.compressed_bytes and self.b.compressed_bytes else None)
        return {"size_bytes": self.b.size_bytes - self.a.size_bytes,
                "compressed_bytes": compressed,
                "layers": len(self.b.layers) - len(self.a.layers),
                "efficiency": delta("efficiency"), "wasted_bytes": delta("wasted_bytes"),
                "user_wasted_percent": delta("user_wasted_percent"),
                "reclaimable_bytes": delta("reclaimable_bytes")}


def _masked_env(env: list[str] | None, secrets: set[str]) -> list[str] | None:
    if env is None:
        return None
    shown = []
    for item in env:
        key, sep, value = item.partition("=")
        if sep and value and is_secret_key(key):
            secrets.add(value)
            item = f"{key}={mask(value)}"
        shown.append(item)
    return shown


def _config_of(info: Any, secrets: set[str]) -> dict[str, Any]:
    config = dict(info.config.get("config") or {})
    found = {name: config.get(name) for name in CONFIG_FIELDS}
    found["Env"] = _masked_env(found["Env"], secrets)
    found["OS/arch"] = f"{info.os}/{info.architecture}"
    return found


def _side(source: str, analysis: Any, lines: LayerLines, secrets: set[str],
          dockerfile: str | None) -> Side:
    info = analysis.info
    m = analysis.metrics
    compressed = [layer.compressed_size for layer in info.layers]
    layers = [{"index": layer.index, "diff_id": layer.diff_id, "size_bytes": layer.size_bytes,
               "command": layer.command, "line": lines.line_of(layer.index)}
              for layer in analysis.layers]
    return Side(source, info.id, info.repo_tags[0] if info.repo_tags else source,
                analysis.size_bytes, sum(compressed) if compressed and all(compressed) else None,
                {"efficiency": m.efficiency, "wasted_bytes": m.wasted_bytes,
                 "user_wasted_percent": m.user_wasted_percent,
                 "reclaimable_bytes": m.reclaimable_bytes},
                layers, _config_of(info, secrets), dockerfile)


def _read(dockerfile: Path) -> str:
    # Imported only with a Dockerfile: the hardening checks' module loads the docker SDK.
    from workbench.core.harden.run import read_dockerfile

    return read_dockerfile(dockerfile)


def _first_divergence(ids_a: list[str], ids_b: list[str]) -> int | None:
    for index, (a, b) in enumerate(zip(ids_a, ids_b, strict=False)):
        if a != b:
            return index
    return None if len(ids_a) == len(ids_b) else min(len(ids_a), len(ids_b))


def _base_of(text: str | None) -> str | None:
    if text is None:
        return None
    from workbench.core.dockerfile.parser import parse

    stages = parse(text).stages
    return stages[-1].base if stages else None


def _dive_findings(side: Side, rules: dict[str, str]) -> set[tuple[str, str]]:
    from workbench.core.analysis.ci_rules import evaluate

    m = side.metrics
    return {("dive", r.name) for r in evaluate(m["efficiency"], m["wasted_bytes"],
                                                m["user_wasted_percent"], rules)
            if r.status == "fail"}


def _harden_findings(dockerfile: Path, source: str, client: Any, use_hadolint: bool,
                     secrets: set[str], notes: list[str]
                     ) -> tuple[dict[tuple[str, str], dict[str, Any]], bool]:
    """The findings by identity, and whether hadolint answered (a LintError, whose
    sentences all begin with "hadolint", is a note of harden's)."""
    from workbench.core.harden.run import harden
    from workbench.core.review.run import engine_reference

    path = dockerfile / "Dockerfile" if dockerfile.is_dir() else dockerfile
    reference = engine_reference(source)
    report = harden(path, context_dir=path.parent, client=client,
                    image=reference if client is not None else None,
                    use_hadolint=use_hadolint)
    secrets |= report.secrets
    # What harden could not check (hadolint missing, say) is said once, for both sides.
    notes += [note for note in report.notes if note not in notes]
    hadolint_ran = use_hadolint and not any(n.startswith("hadolint") for n in report.notes)
    found = {}
    for f in report.findings:
        # Step and line numbers in a title move when a build gains or loses a step;
        # the finding is the same one ("History step 6 shows X" = "step 5 shows X").
        key = (f.id, f.evidence.path or re.sub(r"\d+", "#", f.title))
        found[key] = {"kind": "hadolint" if f.sources == ["hadolint"] else "harden",
                      "rule": f.id, "severity": f.severity, "title": f.title,
                      "line": f.evidence.line, "layer": f.evidence.layer,
                      "path": f.evidence.path}
    return found, hadolint_ran


def compare(source_a: str, source_b: str, *, dockerfile_a: Path | None = None,
            dockerfile_b: Path | None = None, client: Any = None, rules: dict[str, str]
            | None = None, use_hadolint: bool = True, progress: ProgressCallback = no_progress,
            cancel: CancelToken | None = None) -> Comparison:
    from workbench.core.analysis.analyze import analyze
    from workbench.core.image.open import open_image

    texts = [_read(d) if d is not None else None for d in (dockerfile_a, dockerfile_b)]
    analyses = []
    for source in (source_a, source_b):
        image = open_image(source, client=client, progress=progress, cancel=cancel)
        analyses.append(analyze(image, progress=progress, cancel=cancel))
    analysis_a, analysis_b = analyses
    lines_a, lines_b = (layer_lines(an.info, text) for an, text in zip(analyses, texts,
                                                                        strict=True))
    secrets: set[str] = set()
    a = _side(source_a, analysis_a, lines_a, secrets,
              str(dockerfile_a) if dockerfile_a else None)
    b = _side(source_b, analysis_b, lines_b, secrets,
              str(dockerfile_b) if dockerfile_b else None)
    base_a, base_b = _base_of(texts[0]), _base_of(texts[1])
    if base_a is not None or base_b is not None:
        a.config["Base"], b.config["Base"] = base_a, base_b
    ids_a = [layer["diff_id"] for layer in a.layers]
    ids_b = [layer["diff_id"] for layer in b.layers]
    in_b, in_a = set(ids_b), set(ids_a)
    files = diff_files(*final_files_apart(analysis_a, analysis_b), ids_a, ids_b,
                       layer_hasher(analysis_a), layer_hasher(analysis_b))
    for change in files:
        if change.b is not None:
            change.line = lines_b.line_of(change.b.layer)
        elif change.a is not None:
            change.line = lines_a.line_of(change.a.layer)
    config = {name: {"a": a.config.get(name), "b": b.config.get(name)}
              for name in dict.fromkeys([*a.config, *b.config])
              if a.config.get(name) != b.config.get(name)}
    rules = rules or {}
    before: dict[tuple[str, str], dict[str, Any]] = {
        key: {"kind": "dive", "rule": key[1]} for key in _dive_findings(a, rules)}
    after: dict[tuple[str, str], dict[str, Any]] = {
        key: {"kind": "dive", "rule": key[1]} for key in _dive_findings(b, rules)}
    notes = [text for text in (lines_a.problem, lines_b.problem) if text]
    compared = ["dive"]
    if dockerfile_a is not None and dockerfile_b is not None:
        found_a, linted_a = _harden_findings(dockerfile_a, source_a, client, use_hadolint,
                                             secrets, notes)
        found_b, linted_b = _harden_findings(dockerfile_b, source_b, client, use_hadolint,
                                             secrets, notes)
        before |= found_a
        after |= found_b
        compared += ["harden", "hadolint"] if linted_a and linted_b else ["harden"]
    elif dockerfile_a is not None or dockerfile_b is not None:
        notes.append("Hardening findings are compared only when both sides have a "
                     "Dockerfile: give --dockerfile, or --dockerfile-a and --dockerfile-b.")
    return Comparison(
        a, b, [i for i in ids_b if i in in_a], [i for i in ids_a if i not in in_b],
        [i for i in ids_b if i not in in_a], _first_divergence(ids_a, ids_b), files, config,
        [v for k, v in before.items() if k not in after],
        [v for k, v in after.items() if k not in before], by_directory(files), notes, secrets,
        compared)
