"""open_and_analyze: the loader's job resumes the collector and keeps the image source
for extraction (the freezing of big builds is covered in test_analysis_gcpause)."""

from __future__ import annotations

import gc
import tarfile

import pytest

from workbench.core.analysis.gcpause import FREEZE_AFTER
from workbench.core.progress import CancelToken
from workbench.gui.image_loader import open_and_analyze


@pytest.mark.engine
def test_loaded_analysis_keeps_a_source_that_still_reads_layers(docker_client) -> None:  # type: ignore[no-untyped-def]
    gc.collect()
    gc.unfreeze()
    try:
        analysis = open_and_analyze("docker://busybox:latest", docker_client, lambda _e: None,
                                    CancelToken())
        assert gc.isenabled()
        # A small image stays with the collector: freezing is for big builds only.
        assert gc.get_freeze_count() == 0 and gc.get_count()[0] < FREEZE_AFTER
        # The source was closed after the scan; reading a layer reconnects.
        with analysis.source.open_layer(0) as stream, \
                tarfile.open(fileobj=stream, mode="r|") as tar:
            names = [member.name for member in tar]
        assert any(name.endswith("busybox") for name in names)
    finally:
        gc.unfreeze()
