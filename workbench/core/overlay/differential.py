"""Random operation sequences run on a real mount and on the model, compared listing by listing.

Used by the differential test (fixed seed) and ``benchmarks/bench_overlay_differential.py``
(random seeds, longer runs, minimised counterexamples).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.core.model import Kind
from workbench.core.overlay.listing import diff_listings
from workbench.core.overlay.nodes import Node, new_dir, new_file, new_symlink, new_whiteout
from workbench.core.overlay.ops import Op
from workbench.core.overlay.sandbox import Sandbox, SandboxSpec, SimulatedSandbox, open_sandbox

NAMES = ("a", "b", "c", "d", "file1", "file2", "sub")
MODES = (0o644, 0o600, 0o755, 0o700, 0o4755, 0o2755, 0o1777, 0o444)


def random_tree(rng: random.Random, depth: int = 0, markers: bool = False) -> Node:
    """A small tree; with ``markers`` it may hold whiteouts and opaque dirs (valid in
    any layer that has layers below it)."""
    root = new_dir(mode=rng.choice((0o755, 0o755, 0o700)))
    for name in rng.sample(NAMES, rng.randint(1, 4 if depth else 5)):
        roll = rng.random()
        if roll < 0.35 and depth < 2:
            child = random_tree(rng, depth + 1, markers)
            child.opaque = markers and rng.random() < 0.15
        elif roll < 0.75:
            child = new_file(rng.choice((b"", b"lower\n", b"x" * rng.randint(1, 300))),
                             rng.choice(MODES))
            child.uid, child.gid = rng.choice(((0, 0), (1000, 1000)))
        elif roll < 0.85:
            child = new_symlink(rng.choice(NAMES))
        elif markers and depth == 0:
            # Only where layers below are merged: a whiteout inside an upper-only or
            # opaque dir is not a state overlayfs makes (readdir would show it raw).
            child = new_whiteout()
        else:
            child = new_file(b"f\n")
        root.children[name] = child
    return root


def random_spec(rng: random.Random, lower_count: int, markers: bool = True) -> SandboxSpec:
    lowers = {f"lower{i + 1}": random_tree(rng, markers=markers and i < lower_count - 1)
              for i in range(lower_count)}
    upper = random_tree(rng, markers=markers) if rng.random() < 0.7 else new_dir()
    upper.mode = 0o755
    for tree in lowers.values():
        tree.mode = 0o755  # the mount's root takes upper's mode; keep roots alike
    return SandboxSpec(lowers, upper)


def _paths(sim: SimulatedSandbox) -> tuple[list[str], list[str], list[str]]:
    entries = sim.model.list_merged()
    dirs = [""] + [e.path for e in entries if e.kind is Kind.DIR]
    files = [e.path for e in entries if e.kind is Kind.FILE]
    others = [e.path for e in entries if e.kind is not Kind.DIR]
    return dirs, files, others


def random_op(rng: random.Random, sim: SimulatedSandbox) -> Op:
    dirs, files, others = _paths(sim)

    def join(parent: str, name: str) -> str:
        return f"{parent}/{name}" if parent else name

    def new_path() -> str:
        return join(rng.choice(dirs), rng.choice(NAMES))

    def any_path() -> str:
        pool = dirs[1:] + others
        return rng.choice(pool) if pool and rng.random() < 0.8 else new_path()

    name = rng.choice(("create", "write", "write", "append", "truncate", "chmod", "chown",
                       "rm", "rm", "mkdir", "mkdir", "rmdir", "rm_r", "recreate",
                       "symlink", "rename", "rename", "rename"))
    if name in ("create", "write", "append", "truncate", "chmod", "chown"):
        path = rng.choice(files) if files and rng.random() < 0.7 else any_path()
        arg = {"create": "", "write": rng.choice(("upper", "mod", "x" * 40)),
               "append": "more", "truncate": str(rng.choice((0, 3, 100))),
               "chmod": f"{rng.choice(MODES):o}",
               "chown": rng.choice(("0:0", "1000:1000", "0:1000"))}[name]
        return Op(name, path, arg)
    if name in ("mkdir", "symlink"):
        path = new_path() if rng.random() < 0.85 else any_path()
        return Op(name, path, rng.choice(NAMES) if name == "symlink" else "")
    if name == "rename":
        return Op(name, any_path(), new_path() if rng.random() < 0.7 else any_path())
    if name in ("rmdir", "rm_r", "recreate"):
        path = rng.choice(dirs[1:]) if len(dirs) > 1 and rng.random() < 0.8 else any_path()
        return Op(name, path)
    return Op(name, rng.choice(others) if others and rng.random() < 0.85 else any_path())


@dataclass(slots=True)
class Mismatch:
    step: int  # index of the op after which kernel and model disagreed
    ops: list[Op]
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = [f"mismatch after op {self.step + 1}:"]
        lines += [f"  {op.format()}" for op in self.ops[: self.step + 1]]
        lines += [f"  ! {p}" for p in self.problems]
        return "\n".join(lines)


def compare(real: Sandbox, sim: Sandbox) -> list[str]:
    a, b = real.view(), sim.view()
    return ([f"upper {p}" for p in diff_listings(a.upper, b.upper)]
            + [f"merged {p}" for p in diff_listings(a.merged, b.merged)])


def replay(spec: SandboxSpec, ops: list[Op], every: int = 1) -> Mismatch | None:
    """Run ``ops`` on both; the first disagreement (errno or listings), or None."""
    with open_sandbox(spec, "real") as real, open_sandbox(spec, "simulated") as sim:
        problems = compare(real, sim)
        if problems:
            return Mismatch(-1, [], ["seed: " + p for p in problems])
        for index, op in enumerate(ops):
            got, expected = real.apply(op), sim.apply(op)
            if got.errno != expected.errno:
                return Mismatch(index, ops, [f"kernel {got.describe()}, model "
                                             f"{expected.describe()}"])
            if index % every == every - 1 or index == len(ops) - 1:
                problems = compare(real, sim)
                if problems:
                    return Mismatch(index, ops, problems)
    return None


def generate(rng: random.Random, spec: SandboxSpec, count: int) -> list[Op]:
    """A sequence chosen against the model's evolving state (so most ops are valid)."""
    ops: list[Op] = []
    sim = SimulatedSandbox(spec)
    try:
        for _ in range(count):
            op = random_op(rng, sim)
            sim.apply(op)
            ops.append(op)
    finally:
        sim.close()
    return ops


def minimise(spec: SandboxSpec, ops: list[Op],
             fails: Callable[[list[Op]], bool] | None = None) -> list[Op]:
    """Drop ops one by one while the mismatch persists (a simple delta debugging)."""
    def default(candidate: list[Op]) -> bool:
        return replay(spec, candidate) is not None

    check = fails or default
    current = list(ops)
    changed = True
    while changed:
        changed = False
        for index in range(len(current) - 1, -1, -1):
            candidate = current[:index] + current[index + 1:]
            if check(candidate):
                current = candidate
                changed = True
    return current
