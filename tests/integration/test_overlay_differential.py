"""The overlay model proven against the kernel: same ops on a real mount and the model.

Fixed seeds keep it reproducible; benchmarks/bench_overlay_differential.py runs the
same machinery with fresh seeds for longer.
"""

from __future__ import annotations

import random

import pytest

from workbench.core.overlay.differential import generate, random_spec, replay
from workbench.core.overlay.mount import can_mount_overlay
from workbench.core.overlay.ops import parse_ops
from workbench.core.overlay.sandbox import article_spec

pytestmark = pytest.mark.overlay


@pytest.fixture(autouse=True)
def _needs_mount() -> None:
    allowed, reason = can_mount_overlay()
    if not allowed:
        from tests.conftest import _missing

        _missing(f"a real overlay mount ({reason})")


ARTICLE_AND_EDGES = """
create file5
write file1 mod
rm file1
chmod 600 file3
chown 1000:1000 file2
mkdir d
create d/x
rename d e
rename file3 file9
symlink file2 ln
chown 1000:1000 ln
rm -r e
mkdir e
recreate e
rename e file2
rename file2 e
truncate file9 5
append file9 more
rmdir e
mkdir file1
"""


@pytest.mark.parametrize("lowers", [1, 3])
def test_article_demo_and_edge_cases_agree(lowers: int) -> None:
    mismatch = replay(article_spec(lowers), parse_ops(ARTICLE_AND_EDGES))
    assert mismatch is None, mismatch.describe()


@pytest.mark.parametrize("seed", [11, 23, 37])
def test_random_sequences_agree_with_the_kernel(seed: int) -> None:
    rng = random.Random(seed)
    spec = random_spec(rng, lower_count=1 + seed % 3)
    ops = generate(rng, spec, 300)
    assert len({op.name for op in ops}) >= 10  # the sequence exercises most operations
    mismatch = replay(spec, ops, every=5)
    assert mismatch is None, mismatch.describe()


def test_a_wrong_model_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison itself must be able to fail: break one rule and expect a report."""
    from workbench.core.overlay.model import OverlayModel

    # A model that forgets whiteouts: deleting a lower file would just drop it.
    monkeypatch.setattr(OverlayModel, "_lower_positive", lambda *_args: False)
    mismatch = replay(article_spec(1), parse_ops("rm file1"))
    assert mismatch is not None
    assert any("file1" in problem for problem in mismatch.problems)
