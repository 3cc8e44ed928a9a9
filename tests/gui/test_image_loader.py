"""open_and_analyze: the loader's job leaves the collector alone and keeps the image
source for extraction."""

from __future__ import annotations

import gc
import tarfile

import pytest

from workbench.core.progress import CancelToken
from workbench.gui.image_loader import open_and_analyze


@pytest.mark.engine
def test_loaded_analysis_keeps_a_source_that_still_reads_layers(docker_client) -> None:  # type: ignore[no-untyped-def]
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    analysis = open_and_analyze("docker://busybox:latest", docker_client, lambda _e: None,
                                CancelToken())
    assert gc.isenabled() is enabled  # the loader leaves the collector as it was
    # Nothing moved out of the collector's reach (what the collector froze before may
    # have been freed meanwhile: the count only falls).
    assert gc.get_freeze_count() <= frozen
    # The source was closed after the scan; reading a layer reconnects.
    with analysis.source.open_layer(0) as stream, tarfile.open(fileobj=stream, mode="r|") as tar:
        names = [member.name for member in tar]
    assert any(name.endswith("busybox") for name in names)
