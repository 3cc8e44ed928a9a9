"""``analyze(image)``: statuses, per-layer reports, dive metrics and reclaimable bytes.

One pass over the layers gives every entry's status, the reclaimable attribution and
dive's metrics: each layer is read into columns once (``layer_index.LayerColumns``)
and fed to the status replay and to dive's counter, which share one index of the
paths below each directory. The per-layer and merged file trees are built on demand,
since a view only ever shows one at a time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from workbench.core.analysis.layer_index import LayerColumns
from workbench.core.analysis.metrics import DiveCounter, InefficientFile
from workbench.core.analysis.reclaimable import ReclaimablePath, ReclaimTracker
from workbench.core.analysis.statuses import LayerChanges, MergedState
from workbench.core.history_text import display_command, instruction_of
from workbench.core.model import ImageInfo, Kind, LayerScan, Status
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

if TYPE_CHECKING:
    # Trees are built for views only: a report never loads their module.
    from workbench.core.analysis.filetree import FileTree


class OpenedImageLike(Protocol):
    """What ``analyze`` needs from ``workbench.core.image.open.OpenedImage``."""

    @property
    def info(self) -> ImageInfo: ...
    @property
    def scans(self) -> list[LayerScan]: ...


@dataclass(slots=True)
class LayerReport:
    index: int
    diff_id: str
    size_bytes: int  # Σ member sizes, as dive sizes a layer
    command: str  # human reading of the history step (``RUN apt-get ...``)
    created_by: str
    history_index: int | None
    added: int
    modified: int
    removed: int  # paths (files and directories) that disappeared in this layer
    unchanged: int
    wasted_bytes: int  # dive's wasted bytes carried by this layer's copies
    reclaimable_bytes: int  # bytes this layer carries that do not survive

    @property
    def instruction(self) -> str:
        return instruction_of(self.created_by)


@dataclass(slots=True)
class StepReport:
    """One history step for the timeline; metadata steps have no layer and 0 bytes."""

    index: int
    instruction: str
    command: str
    created_by: str
    layer: LayerReport | None

    @property
    def size_bytes(self) -> int:
        return self.layer.size_bytes if self.layer else 0


@dataclass(slots=True)
class Metrics:
    efficiency: float
    wasted_bytes: int
    user_wasted_percent: float  # NaN when the image has no layer above the base
    inefficient_files: list[InefficientFile]
    reclaimable_bytes: int
    reclaimable: list[ReclaimablePath]


@dataclass
class Analysis:
    info: ImageInfo
    layers: list[LayerReport]
    metrics: Metrics
    size_bytes: int
    scans: list[LayerScan] = field(repr=False)
    changes: list[LayerChanges] = field(repr=False)
    # Where the image came from (an ``ImageSource`` with ``open_layer``), to read layer
    # contents again for extraction; None when analysed from scans alone.
    source: Any = field(default=None, repr=False, compare=False)
    _cursor: MergedState | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def steps(self) -> list[StepReport]:
        """Every history step in build order, metadata steps included."""
        return history_steps(self.info, self.layers)

    def _check_layer(self, layer: int) -> None:
        if not 0 <= layer < len(self.scans):
            raise IndexError(f"layer {layer} does not exist (the image has "
                             f"{len(self.scans)} layers, numbered from 0)")

    def layer_changes(self, layer: int) -> FileTree:
        """dive's per-layer view: the layer's own members with their status, plus what
        it removed (whiteouts, opaque directories) marked REMOVED."""
        self._check_layer(layer)
        scan, changes = self.scans[layer], self.changes[layer]
        removed = {r.path for r in changes.removed}
        from workbench.core.analysis.filetree import TreeBuilder

        builder = TreeBuilder()
        for i, entry in enumerate(scan.entries):
            if entry.kind is Kind.WHITEOUT and entry.path in removed:
                continue  # shown below as the copy it deleted
            builder.add_entry(entry, changes.status_of(i), layer)
        for gone in changes.removed:
            builder.add_entry(gone.entry, Status.REMOVED, gone.layer)
        return builder.finish()

    def merged(self, layer: int, cancel: CancelToken | None = None) -> FileTree:
        """dive's aggregated view: the filesystem after layers 0..layer; entries carry
        their status in ``layer`` (UNCHANGED when it did not touch them) and the layer
        they came from; what ``layer`` removed is included, marked REMOVED."""
        self._check_layer(layer)
        with self._lock:
            state = self._cursor
            self._cursor = None  # a cancelled replay leaves a half-applied state behind
            if state is None or state.layers_applied > layer + 1:
                if state is not None:
                    release_state(state)
                state = MergedState()
            check = cancel.check if cancel is not None else None
            while state.layers_applied <= layer:
                state.apply(state.layers_applied, self.scans[state.layers_applied],
                            check=check)
            self._cursor = state
            scan, changes = self.scans[layer], self.changes[layer]
            status_here: dict[str, Status] = {}
            for i, entry in enumerate(scan.entries):
                if entry.kind is not Kind.WHITEOUT:
                    status_here[entry.path] = changes.status_of(i)
            from workbench.core.analysis.filetree import TreeBuilder

            builder = TreeBuilder()
            add_entry, unchanged = builder.add_entry, Status.UNCHANGED
            for path, (entry, origin, _created) in state:
                status = status_here.get(path, unchanged) if origin == layer else unchanged
                add_entry(entry, status, origin)
        for gone in changes.removed:
            builder.add_entry(gone.entry, Status.REMOVED, gone.layer)
        return builder.finish()


def history_steps(info: ImageInfo, layers: list[LayerReport]) -> list[StepReport]:
    """Every history step of ``info`` in build order with its layer's report, metadata
    steps included, then any layer the history does not describe."""
    steps: list[StepReport] = []
    used: set[int] = set()
    for step in info.history:
        layer = None
        if step.layer_index is not None and 0 <= step.layer_index < len(layers):
            layer = layers[step.layer_index]
            used.add(step.layer_index)
        command = (display_command(step.created_by) if step.created_by.strip()
                   else step.comment)  # e.g. "Imported from -" for a docker import
        steps.append(StepReport(step.index, step.instruction, command, step.created_by,
                                layer))
    for report in layers:
        if report.index not in used:
            steps.append(StepReport(len(steps), report.instruction, report.command,
                                    report.created_by, report))
    return steps


def analyze(image: OpenedImageLike, *, progress: ProgressCallback = no_progress,
            cancel: CancelToken | None = None) -> Analysis:
    # Columns the opening built for its fingerprints serve this analysis, once.
    columns = getattr(image, "columns", None)
    if columns is not None:
        image.columns = None  # type: ignore[attr-defined]
    analysis = _analyze(image.info, image.scans, progress, cancel, columns)
    analysis.source = getattr(image, "source", None)
    return analysis


def analyze_scans(info: ImageInfo, scans: list[LayerScan], *,
                  progress: ProgressCallback = no_progress,
                  cancel: CancelToken | None = None) -> Analysis:
    return _analyze(info, scans, progress, cancel)


def _analyze(info: ImageInfo, scans: list[LayerScan], progress: ProgressCallback,
             cancel: CancelToken | None,
             prepared: list[LayerColumns] | None = None) -> Analysis:
    total = len(scans)
    state = MergedState()
    tracker = ReclaimTracker(total)
    counter = DiveCounter(state)
    changes: list[LayerChanges] = []
    check = cancel.check if cancel is not None else None
    for index, scan in enumerate(scans):
        if check is not None:
            check()
        progress(ProgressEvent("analyze", index, total, "layers",
                               f"comparing layer {index + 1} of {total}"))
        columns = prepared[index] if prepared is not None else LayerColumns(scan)
        counter.add_layer(index, scan, columns)  # on the state below the layer
        changes.append(state.apply(index, scan, tracker, check, columns))
    progress(ProgressEvent("analyze", total, total, "layers", "computing efficiency"))
    dive = counter.result()
    reports: list[LayerReport] = []
    for index, scan in enumerate(scans):
        layer = info.layers[index] if index < len(info.layers) else None
        created_by = layer.command if layer else ""
        step = (info.history[layer.history_index] if layer and layer.history_index is not None
                and layer.history_index < len(info.history) else None)
        change = changes[index]
        reports.append(LayerReport(
            index=index,
            diff_id=scan.diff_id,
            size_bytes=dive.layer_sizes[index],
            command=(display_command(created_by) if created_by.strip()
                     else step.comment if step else ""),
            created_by=created_by,
            history_index=layer.history_index if layer else None,
            added=change.added,
            modified=change.modified,
            removed=len(change.removed),
            unchanged=change.unchanged,
            wasted_bytes=dive.layer_wasted[index],
            reclaimable_bytes=tracker.per_layer[index],
        ))
    metrics = Metrics(
        efficiency=dive.efficiency,
        wasted_bytes=dive.wasted_bytes,
        user_wasted_percent=dive.user_wasted_percent,
        inefficient_files=dive.inefficient_files,
        reclaimable_bytes=tracker.total,
        reclaimable=tracker.ranked(),
    )
    # The replay's final state is the merged filesystem of the top layer: kept as the
    # cursor, the first merged view does not replay, and it is not freed here in one
    # long pass that would hold the interpreter lock.
    return Analysis(info=info, layers=reports, metrics=metrics, size_bytes=dive.size_bytes,
                    scans=scans, changes=changes, _cursor=state)


def release_state(state: MergedState) -> None:
    """Empty a replay state piece by piece.

    Dropping a state of 500,000 paths at once frees it in one C-level pass that holds
    the interpreter lock for about 100 ms; emptying it in a Python loop frees the same
    memory while letting the UI thread run between iterations.
    """
    state.clear_stepwise()
