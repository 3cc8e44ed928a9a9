"""Actions on the engine: run, exec, commit, tag, build, history, storage dirs, push.

Each records what it creates in the workshop ledger the moment the engine made it.
"""

from __future__ import annotations

from workbench.core.engine import containers
from workbench.core.engine.build import BuildFinished, BuildRequest, run_build, step_progress
from workbench.core.engine.registry import pinned_reference, push
from workbench.core.engine.storage import (
    container_graph_driver,
    image_history,
    list_upper_dir,
)
from workbench.core.lessons.ledger import PURPOSE
from workbench.core.lessons.operations import Outcome, action
from workbench.core.lessons.workshop import Workshop


def _run(ws: Workshop, image: str, command: list[str] | str | None, detach: bool
         ) -> containers.RunResult:
    result = containers.run_container(ws.client, image, command, detach=detach)
    ws.record_container(result.container.id)
    return result


@action("run")
def run(ws: Workshop, *, image: str, command: list[str] | None = None, detach: bool = False,
        remove: bool = False, save: str = "container") -> Outcome:
    """Run a container from an image (``docker run``), kept after it exits unless ``remove``."""
    result = _run(ws, image, command, detach)
    state = "is running" if result.exit_code is None else f"exited ({result.exit_code})"
    text = f"{result.output}Container {result.container.short_id} " \
           f"({result.container.name}) {state}."
    values = {save: result.container.id, f"{save}_output": result.output,
              f"{save}_exit": str(result.exit_code if result.exit_code is not None else "")}
    if remove:
        containers.remove_container(ws.client, result.container.id)
        text += " It was removed again."
    return Outcome(text, values)


@action("recent_containers")
def recent_containers(ws: Workshop, *, last: int = 1) -> Outcome:
    """The most recent containers, exited ones too (``docker container ls -a -n N``)."""
    rows = containers.list_containers(ws.client, last)
    lines = [f"{r.short_id}  {r.image:<24} {r.command[:24]:<24} {r.status:<26} {r.name}"
             for r in rows]
    values = {"recent": rows[0].id} if rows else {}
    return Outcome("\n".join(lines) or "No containers.", values)


@action("exec")
def exec_(ws: Workshop, *, container: str, command: list[str]) -> Outcome:
    """Run a command in a running container (``docker exec``)."""
    code, output = containers.exec_in(ws.client, container, command)
    return Outcome(f"{output}(exit code {code})", {"exec_output": output, "exec_exit": str(code)})


@action("commit")
def commit(ws: Workshop, *, container: str, author: str = "", message: str = "",
           changes: list[str] | None = None, tag: str = "", save: str = "image") -> Outcome:
    """Commit a container's changes as a new image (``docker commit -a -m``), then tag it."""
    if tag:
        ws.claim_tag(tag)
    image_id = containers.commit(ws.client, container, author=author, message=message,
                                 changes=changes)
    ws.record_image(image_id)
    text = f"Committed {container[:12]} as {image_id}."
    if tag:
        containers.tag_image(ws.client, image_id, tag)
        ws.record_tag(image_id, tag)
        text += f"\nTagged it {tag}."
    return Outcome(text, {save: image_id})


@action("tag")
def tag(ws: Workshop, *, image: str, tag: str) -> Outcome:
    """Give an image another name (``docker image tag``)."""
    ws.claim_tag(tag)
    image_id = ws.image_id(image)
    reference = containers.tag_image(ws.client, image_id, tag)
    ws.record_tag(image_id, reference)
    return Outcome(f"{reference} -> {image_id[:19]}", {"tagged": reference})


def _build(ws: Workshop, request: BuildRequest) -> BuildFinished:
    if request.tag:
        ws.claim_tag(request.tag)

    finished = run_build(ws.client, request, step_progress(ws.progress), ws.cancel)
    for image_id in finished.made:
        ws.record_image(image_id)
    for name in finished.tags:
        ws.record_tag(finished.image_id, name)
    return finished


@action("build")
def build(ws: Workshop, *, dockerfile: str, tag: str = "", files: dict[str, str] | None = None,
          dockerignore: str | None = None, squash: bool = False, target: str = "",
          save: str = "image") -> Outcome:
    """Build a Dockerfile (``docker build``), with files beside it and a .dockerignore."""
    context = dict(files or {})
    if dockerignore is not None:
        context[".dockerignore"] = dockerignore
    context["Dockerfile"] = dockerfile
    folder = ws.folder(save, context)
    request = BuildRequest(folder, tag=tag or None, squash=squash, target=target or None,
                           purpose=PURPOSE)
    finished = _build(ws, request)
    attrs = ws.client.api.inspect_image(finished.image_id)
    layers = len((attrs.get("RootFS") or {}).get("Layers") or [])
    size = int(attrs.get("Size") or 0)
    text = (f"Built {finished.image_id[:19]}" + (f" as {tag}" if tag else "")
            + f": {layers} layers, {size} bytes, context {finished.context_bytes} bytes.")
    return Outcome(text, {save: finished.image_id, f"{save}_dockerfile": dockerfile})


@action("history")
def history(ws: Workshop, *, image: str) -> Outcome:
    """An image's history, newest first (``docker history``), ``<missing>`` explained."""
    rows = image_history(ws.client, image)
    lines = [f"{r.short_id:<12}  {r.size:>9}  {r.instruction[:70]}" for r in rows]
    missing = [r for r in rows if r.missing]
    if missing:
        lines.append(f"<missing>: {missing[0].explanation}.")
    return Outcome("\n".join(lines), {"history_rows": str(len(rows)),
                                      "history_missing": str(len(missing))})


@action("graph_driver")
def graph_driver(ws: Workshop, *, container: str) -> Outcome:
    """A container's storage dirs (``docker inspect -f '{{.GraphDriver.Data}}'``)."""
    info = container_graph_driver(ws.client, container)
    lines = [f"driver     {info.driver}", f"MergedDir  {info.merged_dir}",
             f"UpperDir   {info.upper_dir}", f"WorkDir    {info.work_dir}",
             "LowerDir   " + "\n           ".join(info.lower_dirs)]
    if not info.readable:
        lines.append("These dirs are on the engine's host and cannot be read from here.")
    return Outcome("\n".join(lines), {"upper_dir": info.upper_dir,
                                      "merged_dir": info.merged_dir,
                                      "lower_count": str(len(info.lower_dirs))})


@action("upper_dir")
def upper_dir(ws: Workshop, *, container: str) -> Outcome:
    """What a container wrote so far: its upper dir on the engine's disk, whiteouts shown."""
    info = container_graph_driver(ws.client, container)
    entries = list_upper_dir(info.upper_dir)
    lines = [f"{e.kind:<10} {e.path}  {e.note}".rstrip() for e in entries]
    return Outcome("\n".join(lines) or "The upper dir is empty.")


@action("remove_container")
def remove_container(ws: Workshop, *, container: str) -> Outcome:
    """Remove a container (``docker rm -f``)."""
    containers.remove_container(ws.client, container)
    return Outcome(f"Removed container {container[:12]}.")


@action("push")
def push_image(ws: Workshop, *, image: str, repository: str, save: str = "pushed") -> Outcome:
    """Tag an image for the registry and push it (``docker push``): it gets a RepoDigest."""
    reference = f"{ws.registry}/{repository}"
    if ":" not in repository.rsplit("/", 1)[-1]:
        reference += ":latest"
    ws.claim_tag(reference)
    image_id = ws.image_id(image)
    containers.tag_image(ws.client, image_id, reference)
    ws.record_tag(image_id, reference)
    result = push(ws.client, reference, ws.progress, ws.cancel)
    ws.record_push(result.digest, reference)
    pinned = pinned_reference(reference, result.digest)
    return Outcome(f"Pushed {reference}\nRepoDigests: {', '.join(result.repo_digests)}\n"
                   f"Pin it as: FROM {pinned}",
                   {save: reference, f"{save}_digest": result.digest, f"{save}_pinned": pinned})
