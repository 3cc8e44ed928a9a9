"""``review(source)``: one verdict for one image, every reason linked to where it comes from.

The reasons, in order: dive's three CI rules (``.dive-ci``, read as dive reads it), the
budgets of ``.workbench-review.yaml``, then, when a Dockerfile is given, every hardening
finding (failing at ``hardening.fail-on`` and above) and every hadolint finding (failing
at ``.hadolint.yaml``'s ``failure-threshold``, hadolint's default ``info``).

Bad input (a source that does not open, a broken settings file) raises a
``WorkbenchError`` before any long work where it can.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workbench.core.analysis.ci_rules import check_rules, evaluate, read_ci_config
from workbench.core.errors import WorkbenchError
from workbench.core.progress import CancelToken, ProgressCallback, no_progress
from workbench.core.review.config import FILE_NAME, ReviewConfig, read_review_config
from workbench.core.review.lines import LayerLines, layer_lines
from workbench.core.review.verdict import Reason, Review
from workbench.core.units import human_size

_SEVERITIES = ("error", "warning", "info")
_HADOLINT_LEVELS = {"error": "error", "warning": "warning", "info": "info", "style": "info",
                    "ignore": "none", "none": "none"}
# Findings about a metadata step (no layer) name it in their title.
_HISTORY_STEP = re.compile(r"\bHistory step (\d+)\b")


@dataclass(slots=True)
class ReviewInputs:
    source: str
    dockerfile: Path | None = None
    context_dir: Path | None = None
    ci_config: Path | None = None  # None: ./.dive-ci when present
    review_config: Path | None = None  # None: .workbench-review.yaml beside .dive-ci
    fail_on: str | None = None  # overrides hardening.fail-on
    use_hadolint: bool = True


def engine_reference(source: str) -> str | None:
    """The engine's name for ``source`` when the engine holds it, None for files."""
    if source.startswith("docker://"):
        return source[len("docker://"):]
    if source.startswith(("oci://", "oci:", "oci-archive:", "docker-archive:")):
        return None
    return None if Path(source).expanduser().exists() else source


def load_settings(inputs: ReviewInputs) -> tuple[dict[str, str], ReviewConfig]:
    """The dive rules and review settings; raises for broken files before any analysis."""
    ci_path = inputs.ci_config or Path(".dive-ci")
    if inputs.ci_config is not None and not ci_path.is_file():
        raise WorkbenchError(f"There is no CI rules file at {ci_path}.")
    rules = read_ci_config(ci_path) if ci_path.is_file() else {}
    check_rules(rules)
    review_path = inputs.review_config or ci_path.parent / FILE_NAME
    config = read_review_config(review_path, required=inputs.review_config is not None)
    return rules, config


def _dive_reasons(body: dict[str, Any], rules: dict[str, str],
                  lines: LayerLines) -> list[Reason]:
    reasons = []
    top = body["inefficient_files"][0] if len(body["inefficient_files"]) else None
    for result in evaluate(body["efficiency"], body["wasted_bytes"],
                           body["user_wasted_percent"], rules):
        reason = Reason("dive", result.name, result.status, result.message or
                        ("rule disabled" if result.status == "skip" else "within the limit"),
                        threshold=result.threshold)
        if result.status == "fail" and top is not None:
            # The biggest waste is where a reader starts: its path and its last copy.
            reason.path = top["path"]
            reason.layer = top["layers"][-1] if top.get("layers") else None
            reason.line = lines.line_of(reason.layer)
            reason.message += f"; the most wasted file is {top['path']} " \
                              f"({human_size(top['size'])} in {top['count']} copies)"
        reasons.append(reason)
    return reasons


def _budget_reasons(body: dict[str, Any], config: ReviewConfig,
                    lines: LayerLines) -> list[Reason]:
    layers = body["layers"]
    values = {"max-size": body["size_bytes"], "max-layers": len(layers),
              "max-wasted": body["wasted_bytes"],
              "max-reclaimable": body["reclaimable_bytes"]}
    reasons = []
    for key, limit in config.budgets.items():
        value = values[key]
        failed = value > limit
        shown = (str(value), str(limit)) if key == "max-layers" else \
            (human_size(value), human_size(limit))
        reason = Reason("budget", key, "fail" if failed else "pass",
                        f"{key[4:]} {shown[0]} {'>' if failed else '<='} budget {shown[1]}",
                        threshold=str(limit))
        if failed:
            _point_budget(reason, key, body, lines)
        reasons.append(reason)
    return reasons


def _point_budget(reason: Reason, key: str, body: dict[str, Any], lines: LayerLines) -> None:
    layers = body["layers"]
    if key in ("max-size", "max-layers") and layers:
        biggest = max(layers, key=lambda layer: layer["size_bytes"]) if key == "max-size" \
            else layers[-1]
        reason.layer = biggest["index"]
        reason.message += f"; layer {biggest['index']} ({biggest['command'][:60]}) " \
                          f"holds {human_size(biggest['size_bytes'])}"
    elif key == "max-wasted" and len(body["inefficient_files"]):
        top = body["inefficient_files"][0]
        reason.path, reason.layer = top["path"], (top.get("layers") or [None])[-1]
    elif key == "max-reclaimable" and len(body["reclaimable"]):
        top = max(body["reclaimable"], key=lambda r: r["bytes"])
        reason.path = top["path"]
        reason.layer = (top["created_in"] or [None])[0]
    reason.line = lines.line_of(reason.layer)


def hadolint_threshold(project_dir: Path | None) -> str:
    """``failure-threshold`` of the ``.hadolint.yaml`` hadolint would read ("none" kept)."""
    from workbench.core.harden.hadolint import config_paths

    path = next((p for p in config_paths(project_dir) if p.is_file()), None)
    if path is None:
        return "info"
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError):
        return "info"  # harden reports the broken file itself
    value = str(data.get("failure-threshold", "info")).lower() if isinstance(data, dict) \
        else "info"
    # hadolint's levels below ours: style counts as info, ignore as none.
    return _HADOLINT_LEVELS.get(value, "info")


def _fails(severity: str, threshold: str) -> bool:
    if threshold == "none":
        return False
    return _SEVERITIES.index(severity) <= _SEVERITIES.index(threshold)


def _harden_reasons(report: Any, fail_on: str, hadolint_at: str,
                    lines: LayerLines) -> list[Reason]:
    from workbench.core.harden.model import redact

    reasons = []
    for finding in report.findings:
        only_hadolint = finding.sources == ["hadolint"]
        threshold = hadolint_at if only_hadolint else fail_on
        evidence = finding.evidence
        line = evidence.line if evidence.line is not None else lines.line_of(evidence.layer)
        step = _HISTORY_STEP.search(finding.title)
        if line is None and step is not None:
            line = lines.line_of_step(int(step.group(1)))
        path = evidence.path
        if path and not path.startswith("/") and evidence.layer is not None:
            path = "/" + path
        reasons.append(Reason(
            "hadolint" if only_hadolint else "harden", finding.id,
            "fail" if _fails(finding.severity, threshold) else "pass",
            redact(f"{finding.title}: {finding.why}", report.secrets), finding.severity,
            line, evidence.layer, path, threshold))
    return reasons


def review(inputs: ReviewInputs, *, client: Any = None,
           progress: ProgressCallback = no_progress,
           cancel: CancelToken | None = None) -> Review:
    rules, config = load_settings(inputs)
    fail_on = inputs.fail_on or config.fail_on
    from workbench.core.analysis.result_cache import report_of

    dockerfile_text = None
    if inputs.dockerfile is not None:
        from workbench.core.harden.run import parse_checked, read_dockerfile

        dockerfile_text = read_dockerfile(inputs.dockerfile)
        parse_checked(dockerfile_text)  # a broken Dockerfile fails before the analysis
    report = report_of(inputs.source, client=client, progress=progress, cancel=cancel)
    body = report.body
    info = report.info
    if info is None:
        from workbench.core.image.open import read_info

        info = read_info(inputs.source, client=client)
    lines = layer_lines(info, dockerfile_text)
    reasons = _dive_reasons(body, rules, lines) + _budget_reasons(body, config, lines)
    notes: list[str] = []
    harden_report = None
    hadolint_at = "info"
    if inputs.dockerfile is not None:
        from workbench.core.harden.run import harden

        dockerfile = inputs.dockerfile
        path = dockerfile / "Dockerfile" if dockerfile.is_dir() else dockerfile
        context = inputs.context_dir or path.parent
        reference = engine_reference(inputs.source)
        harden_report = harden(path, context_dir=context, client=client,
                               image=reference if client is not None else None,
                               use_hadolint=inputs.use_hadolint, cancel=cancel)
        hadolint_at = hadolint_threshold(context)
        reasons += _harden_reasons(harden_report, fail_on, hadolint_at, lines)
        notes += harden_report.notes
    if lines.problem:
        notes.append(lines.problem)
    name = info.repo_tags[0] if info.repo_tags else inputs.source
    metrics = {key: body[key] for key in ("efficiency", "wasted_bytes", "user_wasted_percent",
                                          "reclaimable_bytes")}
    return Review(inputs.source, info.id, name, body["size_bytes"], len(body["layers"]),
                  metrics, reasons, os.fspath(inputs.dockerfile) if inputs.dockerfile else None,
                  notes, {"harden": fail_on, "hadolint": hadolint_at}, harden_report,
                  harden_report.secrets if harden_report is not None else set(),
                  list(body["layers"]))
