"""Check 2: the image runs as root, with a fix that fits what the base really has.

hadolint's DL3002 only sees a last ``USER root``; dockle's CIS-DI-0001 misses ``USER 0``.
Here no USER, ``root``, ``0``, ``root:…`` and ``0:…`` all count, and the built image's
``Config.User`` is read too (a base may set one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.harden.fixes import Fix, LineEdit
from workbench.core.harden.model import Evidence, Finding
from workbench.core.harden.placement import before_runtime_tail
from workbench.core.harden.subject import Subject

if TYPE_CHECKING:  # the image reader brings the docker SDK, which these never call
    from workbench.core.harden.imagefs import ImageFacts

UID = 10001
NAME = "app"


def is_root(user: str) -> bool:
    name = user.strip().split(":", 1)[0]
    return name in ("", "root", "0")


def base_kind(facts: ImageFacts | None) -> str:
    """What the final filesystem offers for adding a user: useradd, adduser, sh or none."""
    if facts is None:
        return "unknown"
    if facts.has("/usr/sbin/useradd"):
        return "useradd"
    if any(facts.has(p) for p in ("/usr/sbin/adduser", "/bin/adduser", "/usr/bin/adduser")):
        return "adduser"
    if facts.has_shell:
        return "sh"
    return "none"


def _user_lines(kind: str, workdir: str | None) -> tuple[str, ...]:
    owned = f" && chown {UID}:{UID} {workdir}" if workdir else ""
    if kind == "useradd":
        return (f"RUN groupadd --system --gid {UID} {NAME} && useradd --system --uid {UID} "
                f"--gid {NAME} --no-create-home --shell /usr/sbin/nologin {NAME}{owned}",
                f"USER {UID}:{UID}")
    if kind == "adduser":
        return (f"RUN addgroup -S -g {UID} {NAME} && adduser -S -D -H -u {UID} -G {NAME} "
                f"{NAME}{owned}", f"USER {UID}:{UID}")
    if kind == "sh":
        # No adduser (busybox-static has none, nor always an /etc/passwd): write the lines.
        return (f"RUN echo '{NAME}:x:{UID}:{UID}:{NAME}:/nonexistent:/bin/false' "
                f">> /etc/passwd && echo '{NAME}:x:{UID}:' >> /etc/group{owned}",
                f"USER {UID}:{UID}")
    return (f"USER {UID}:{UID}",)


def check_root(subject: Subject) -> list[Finding]:
    users = [i for i in subject.final.instructions if i.keyword == "USER"]
    facts = subject.filesystem
    if users:
        user, line = users[-1].value.strip(), users[-1].line_start
    else:
        user, line = (facts.user if facts else ""), subject.final.line
    if not is_root(user):
        return []
    kind = base_kind(facts)
    workdirs = [i.value.strip() for i in subject.final.instructions if i.keyword == "WORKDIR"]
    workdir = workdirs[-1] if workdirs and workdirs[-1].startswith("/") else None
    new = _user_lines(kind, workdir)
    point = before_runtime_tail(subject)
    edits = [LineEdit(point, point - 1, new, last=True)]
    if users and users[-1].line_start >= point:  # the root USER in the tail gives way
        edits.append(LineEdit(users[-1].line_start, users[-1].line_end, ()))
    how = {"useradd": "useradd", "adduser": "adduser", "sh": "a line in /etc/passwd",
           "none": "a numeric USER (the final stage has no shell)",
           "unknown": "a numeric USER (the base could not be read)"}[kind]
    said = f"USER {user}" if users else "no USER"
    return [Finding(
        "IW-USER-ROOT", "error", "The image runs as root",
        f"The final stage has {said}, so its process runs as root and a break-out from it "
        "starts with root's rights.", Evidence(line=line),
        ["DL3002", "CIS-DI-0001", "AVD-DS-0002"],
        Fix(f"Run as user {UID} made with {how}.", edits, safe=False))]

