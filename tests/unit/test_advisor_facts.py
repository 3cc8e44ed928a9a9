"""Reading reclaimable copies from layer tars: whiteouts, opaque dirs, overwrites."""

from __future__ import annotations

import io
import tarfile

from workbench.core.advisor.facts import ImageFacts, _replay


def layer(*entries: tuple[str, int]) -> list[tarfile.TarInfo]:
    """A real layer tar made in memory, read back: (name, size) pairs; size -1 is a dir."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        for name, size in entries:
            info = tarfile.TarInfo(name)
            if size < 0:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = size
                tar.addfile(info, io.BytesIO(b"\0" * size))
    data.seek(0)
    with tarfile.open(fileobj=data, mode="r") as tar:
        return tar.getmembers()


def test_deleted_overwritten_and_opaque_copies_are_charged_to_their_layers() -> None:
    layers = [
        layer(("etc", -1), ("etc/conf", 100), ("big", 5000), ("cache", -1), ("cache/a", 300),
              ("cache/b", 200)),
        layer(("etc/conf", 120), (".wh.big", 0)),
        # Opaque: hides everything below cache/ from lower layers, keeps this layer's c.
        layer(("cache", -1), ("cache/.wh..wh..opq", 0), ("cache/c", 7)),
    ]
    facts = ImageFacts(["", "", ""])
    _replay(layers, facts)
    found = sorted((r.path, r.bytes, r.created_in, r.removed_in, r.deleted) for r in facts.reclaim)
    assert found == [("big", 5000, 0, 1, True), ("cache/a", 300, 0, 2, True),
                     ("cache/b", 200, 0, 2, True), ("etc/conf", 100, 0, 1, False)]
    assert facts.files == {"etc/conf": 120, "cache/c": 7}
    assert facts.reclaimable_bytes == 5600


def test_the_workbench_analysis_feeds_the_same_facts() -> None:
    from workbench.core.advisor.facts import facts_from_analysis, layer_instructions
    from workbench.core.advisor.reclaim import reclaimable
    from workbench.core.analysis.analyze import analyze_scans
    from workbench.core.dockerfile.parser import parse
    from workbench.core.model import Entry, HistoryStep, ImageInfo, Kind, Layer, LayerScan

    scans = [LayerScan("sha256:a", [Entry("bin", Kind.DIR), Entry("bin/sh", Kind.FILE, 100)]),
             LayerScan("sha256:b", [Entry("big", Kind.FILE, 5 << 20)]),
             LayerScan("sha256:c", [Entry("big", Kind.WHITEOUT)])]
    history = [HistoryStep(0, "/bin/sh -c #(nop) COPY file:abc in /bin/sh", layer_index=0),
               HistoryStep(1, "/bin/sh -c dd if=/dev/zero of=/big bs=1M count=5",
                           layer_index=1),
               HistoryStep(2, "/bin/sh -c rm /big", layer_index=2)]
    layers = [Layer(i, s.diff_id, s.size, history_index=i, command=history[i].created_by)
              for i, s in enumerate(scans)]
    analysis = analyze_scans(ImageInfo("sha256:img", {}, history, layers), scans)
    facts = facts_from_analysis(analysis)
    assert [(r.path, r.bytes, r.created_in, r.removed_in, r.deleted) for r in facts.reclaim] \
        == [("big", 5 << 20, 1, 2, True)]
    text = "FROM base\nRUN dd if=/dev/zero of=/big bs=1M count=5\nRUN rm /big\n"
    assert {k: v.line_start for k, v in layer_instructions(parse(text), facts).items()} == \
        {1: 2, 2: 3}
    (advice,) = reclaimable(text, parse(text), facts)
    assert advice.lines == (2, 3) and "&& rm /big" in (advice.new_dockerfile or "")
