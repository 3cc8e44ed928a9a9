"""Check 3: set-uid and set-gid files in the final filesystem, with a strip step.

The strip step uses ``-perm /6000``: GNU find rejects the article's ``-perm +6000``
("invalid mode"), busybox find accepts both. ``chmod a-s`` is understood by GNU and
busybox chmod alike.
"""

from __future__ import annotations

from workbench.core.harden.fixes import Fix, LineEdit
from workbench.core.harden.model import Evidence, Finding
from workbench.core.harden.placement import before_runtime_tail
from workbench.core.harden.subject import Subject

STRIP = r"RUN find / -xdev -type f -perm /6000 -exec chmod a-s {} \;"
WHY_SPELLING = ("the article's `-perm +6000` is an obsolete spelling that current GNU find "
                "rejects, so the fix spells it `-perm /6000`")


def _strip_fix(subject: Subject, source_layer: int | None) -> tuple[Fix | None, str]:
    facts = subject.filesystem
    if facts is not None and facts.has_shell:
        point = before_runtime_tail(subject)
        return Fix("Strip the set-uid/set-gid bits after the last step that installs files.",
                   [LineEdit(point, point - 1, (STRIP,))], safe=False), ""
    # No shell in the final stage: strip where the files come from, if that is a stage.
    instruction = subject.instruction_of_layer(source_layer) if source_layer is not None \
        else None
    stage = None
    if instruction is not None and instruction.flags.get("from"):
        stage = subject.dockerfile.stage_named(instruction.flags["from"])
    if stage is not None:
        end = max(i.line_end for i in stage.instructions)
        return Fix(f"Strip the bits in stage {stage.name or stage.index} before COPY --from.",
                   [LineEdit(end + 1, end, (STRIP,))], safe=False), ""
    return None, ("the final stage has no shell to run a strip step in and the files do not "
                  "come from a build stage, so rebuild them without the bits")


def check_setid(subject: Subject) -> list[Finding]:
    facts = subject.image
    if facts is None:
        return []
    findings = []
    for entry in sorted(facts.final.values(), key=lambda e: e.path):
        if entry.kind != "file" or not entry.mode & 0o6000:
            continue
        bits = " and ".join(b for b, m in (("set-uid", 0o4000), ("set-gid", 0o2000))
                            if entry.mode & m)
        fix, problem = _strip_fix(subject, entry.layer)
        extra = f"; {problem}" if problem else ""
        findings.append(Finding(
            "IW-SETID", "warning", f"{entry.path} is {bits}",
            f"{entry.path} (mode {entry.mode:04o}, owner {entry.uid}:{entry.gid}) runs with its "
            f"owner's rights whoever starts it, a way up to root; {WHY_SPELLING}{extra}.",
            Evidence(line=subject.line_of_layer(entry.layer), layer=entry.layer,
                     path=entry.path), ["CIS-DI-0008"], fix))
    return findings
