"""Connecting to a Docker-compatible engine: DOCKER_HOST, the Docker CLI's contexts,
the default socket, or Podman's Docker API.

Every client made here carries a timeout, so a vanished engine turns into an
``EngineUnavailableError`` sentence instead of a hang.

Contexts are read here as the Docker CLI reads them, not through the SDK's
``docker.context.ContextAPI``: in docker 7.2.0 that API ignores ``DOCKER_CONTEXT``,
finds no context at all when ``config.json`` is missing (it looks for ``contexts/``
beside a config file it did not find), and raises for every context when one
``meta.json`` is broken. Each of those is a context the CLI uses and the SDK would not.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.errors import EngineUnavailableError

if TYPE_CHECKING:
    # The SDK (with requests and urllib3) takes a fifth of a second to import; finding
    # an endpoint and the error sentences need none of it.
    import docker
    import docker.tls

DEFAULT_SOCKET = "unix:///var/run/docker.sock"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Somewhere an engine may answer, as offered in the window's endpoint switcher."""

    name: str  # "env", a context name, "default", "podman (rootless)"...
    url: str
    source: str  # "env" | "context" | "default" | "podman"
    current: bool = False  # the one ``default_client`` would pick
    description: str = ""
    # TLS material for tcp:// endpoints, from DOCKER_CERT_PATH or the context's tls dir.
    tls_dir: str = ""
    tls_verify: bool = False


@dataclass(frozen=True, slots=True)
class EngineInfo:
    endpoint: str
    server_version: str
    api_version: str
    storage_driver: str
    experimental: bool
    os: str
    arch: str
    kind: str  # "docker" | "podman"
    name: str  # the engine host's name

    @property
    def summary(self) -> str:
        """One status-bar line: ``Docker 20.10.24 overlay2 experimental``."""
        product = "Podman" if self.kind == "podman" else "Docker"
        parts = [f"{product} {self.server_version}", self.storage_driver]
        if self.experimental:
            parts.append("experimental")
        return " ".join(p for p in parts if p)


class Engine:
    """A connected client plus what the engine said about itself."""

    def __init__(self, client: docker.DockerClient, info: EngineInfo) -> None:
        self.client = client
        self.info = info

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


# --- Docker CLI configuration --------------------------------------------------------


def docker_config_dir() -> Path:
    return Path(os.environ.get("DOCKER_CONFIG") or Path.home() / ".docker")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def current_context_name() -> str:
    """DOCKER_CONTEXT, else ``currentContext`` from config.json, else ``default``."""
    name = os.environ.get("DOCKER_CONTEXT") or _read_json(docker_config_dir() / "config.json").get(
        "currentContext"
    )
    return str(name) if name else "default"


def _context_dirs(name: str) -> tuple[Path, Path]:
    # The CLI stores each context under the sha256 of its name.
    digest = hashlib.sha256(name.encode()).hexdigest()
    base = docker_config_dir() / "contexts"
    return base / "meta" / digest, base / "tls" / digest / "docker"


def _context_endpoint(meta: dict[str, Any], current: str) -> Endpoint | None:
    name = str(meta.get("Name", ""))
    docker_ep = (meta.get("Endpoints") or {}).get("docker") or {}
    host = str(docker_ep.get("Host", ""))
    if not name or not host:
        return None
    _meta_dir, tls_dir = _context_dirs(name)
    has_tls = (tls_dir / "ca.pem").exists() or (tls_dir / "cert.pem").exists()
    description = str((meta.get("Metadata") or {}).get("Description", ""))
    return Endpoint(
        name=name,
        url=host,
        source="context",
        current=name == current,
        description=description,
        tls_dir=str(tls_dir) if has_tls else "",
        tls_verify=has_tls and not docker_ep.get("SkipTLSVerify", False),
    )


def context_endpoints() -> list[Endpoint]:
    """The Docker CLI's contexts (except the implicit ``default``), current one first."""
    current = current_context_name()
    found: list[Endpoint] = []
    for meta_file in sorted((docker_config_dir() / "contexts" / "meta").glob("*/meta.json")):
        endpoint = _context_endpoint(_read_json(meta_file), current)
        if endpoint:
            found.append(endpoint)
    found.sort(key=lambda e: (not e.current, e.name))
    return found


def _env_endpoint() -> Endpoint | None:
    host = os.environ.get("DOCKER_HOST")
    if not host:
        return None
    cert_path = os.environ.get("DOCKER_CERT_PATH", "")
    verify = os.environ.get("DOCKER_TLS_VERIFY", "") not in ("", "0")
    if verify and not cert_path:
        cert_path = str(docker_config_dir())
    return Endpoint("env", host, "env", description="DOCKER_HOST", tls_dir=cert_path,
                    tls_verify=verify)


def podman_sockets() -> list[str]:
    """Podman API sockets present on this host (rootful and the user's rootless one)."""
    candidates = ["/run/podman/podman.sock"]
    runtime_dir = os.environ.get("XDG_RUNTIME_DIR")
    if runtime_dir:
        candidates.append(os.path.join(runtime_dir, "podman", "podman.sock"))
    candidates.extend(sorted(glob.glob("/run/user/*/podman/podman.sock")))
    found = []
    for path in dict.fromkeys(candidates):
        with contextlib.suppress(OSError):
            if Path(path).is_socket():
                found.append(f"unix://{path}")
    return found


def list_endpoints() -> list[Endpoint]:
    """Env, contexts (current first), the default socket, Podman sockets; no duplicates.

    The first entry flagged ``current`` is what ``default_client`` connects to.
    """
    endpoints: list[Endpoint] = []
    env = _env_endpoint()
    contexts = context_endpoints()
    if env:
        endpoints.append(Endpoint(**{**_as_dict(env), "current": True}))
        contexts = [Endpoint(**{**_as_dict(c), "current": False}) for c in contexts]
    endpoints.extend(contexts)
    default_is_current = env is None and not any(c.current for c in contexts)
    endpoints.append(Endpoint("default", DEFAULT_SOCKET, "default", current=default_is_current))
    for url in podman_sockets():
        endpoints.append(Endpoint(f"podman {url[len('unix://'):]}", url, "podman"))
    seen: set[str] = set()
    unique = []
    for endpoint in endpoints:
        if endpoint.url in seen:
            continue
        seen.add(endpoint.url)
        unique.append(endpoint)
    return unique


def _as_dict(endpoint: Endpoint) -> dict[str, Any]:
    return {f: getattr(endpoint, f) for f in Endpoint.__slots__}


def resolve(endpoint: str | None = None) -> Endpoint:
    """Turn ``None``, a URL or a context name into the endpoint to connect to."""
    if endpoint is None:
        env = _env_endpoint()
        if env:
            return env
        current = current_context_name()
        if current != "default":
            for ctx in context_endpoints():
                if ctx.name == current:
                    return ctx
            raise EngineUnavailableError(
                f"The current Docker context {current!r} is not in "
                f"{docker_config_dir() / 'contexts'}: run `docker context use default` "
                "or pick another endpoint."
            )
        return Endpoint("default", DEFAULT_SOCKET, "default", current=True)
    if "://" in endpoint:
        tls_dir = os.environ.get("DOCKER_CERT_PATH", "") if endpoint.startswith("tcp://") else ""
        verify = bool(tls_dir) and os.environ.get("DOCKER_TLS_VERIFY", "") not in ("", "0")
        return Endpoint(endpoint, endpoint, "env", tls_dir=tls_dir, tls_verify=verify)
    if endpoint == "default":
        return Endpoint("default", DEFAULT_SOCKET, "default")
    for ctx in context_endpoints():
        if ctx.name == endpoint:
            return ctx
    raise EngineUnavailableError(
        f"No Docker context named {endpoint!r}: give a URL like unix:///var/run/docker.sock "
        "or one of `docker context ls`."
    )


# --- connecting ----------------------------------------------------------------------


def _tls_config(endpoint: Endpoint) -> docker.tls.TLSConfig | bool:
    if not endpoint.tls_dir or not endpoint.url.startswith("tcp://"):
        return False
    import docker.tls

    base = Path(endpoint.tls_dir)
    cert = (str(base / "cert.pem"), str(base / "key.pem"))
    has_cert = (base / "cert.pem").exists() and (base / "key.pem").exists()
    return docker.tls.TLSConfig(
        client_cert=cert if has_cert else None,
        ca_cert=str(base / "ca.pem") if endpoint.tls_verify else None,
        verify=endpoint.tls_verify,
    )


def unavailable(url: str, detail: str = "") -> EngineUnavailableError:
    """The one sentence for "nothing answers there"; ``detail`` is the short cause."""
    if detail == "permission denied":
        return EngineUnavailableError(
            f"Permission denied on {url}: join the group that owns the socket "
            "(usually docker) or pick another endpoint."
        )
    if detail == "certificate verify failed":
        return EngineUnavailableError(
            f"The engine at {url} presented a certificate that does not verify: "
            "check DOCKER_CERT_PATH and the context's CA."
        )
    return EngineUnavailableError(
        f"No Docker engine at {url}: start Docker or pick another endpoint."
    )


def client_for(endpoint: Endpoint, timeout: float = 10) -> docker.DockerClient:
    """A pinged client for ``endpoint``; raises EngineUnavailableError when none answers."""
    import docker
    import docker.errors

    url = endpoint.url
    base_url = url.replace("tcp://", "https://", 1) if _tls_config(endpoint) else url
    if url.startswith("ssh://"):
        try:
            import paramiko  # noqa: F401  (docker's ssh transport needs it)
        except ImportError:
            raise EngineUnavailableError(
                f"Cannot reach {url}: ssh:// endpoints need the paramiko package "
                "(pip install paramiko), or forward the socket and use unix:// instead."
            ) from None
    try:
        client = docker.DockerClient(
            base_url=base_url, timeout=int(max(1, timeout)), tls=_tls_config(endpoint),
            use_ssh_client=url.startswith("ssh://"),
        )
    except docker.errors.TLSParameterError as exc:
        raise EngineUnavailableError(
            f"The TLS settings for {url} are incomplete ({exc}): check DOCKER_CERT_PATH."
        ) from None
    except docker.errors.DockerException as exc:
        raise unavailable(url, _short(exc)) from None
    return client


def _short(exc: BaseException) -> str:
    """A compact cause for messages: the innermost reason, not a chain of reprs."""
    import requests.exceptions

    text = str(exc)
    for marker in ("Connection refused", "No such file or directory", "Permission denied",
                   "timed out", "Name or service not known", "certificate verify failed"):
        if marker in text:
            return marker.lower() if marker != "Connection refused" else "connection refused"
    if isinstance(exc, requests.exceptions.Timeout):
        return "timed out"
    return text.split(":")[-1].strip()[:120]


def endpoint_url(client: docker.DockerClient) -> str:
    """The URL a client talks to, for messages (the SDK rewrites unix:// internally)."""
    adapter = getattr(client.api, "_custom_adapter", None)
    socket_path = getattr(adapter, "socket_path", None)
    if socket_path:
        return f"unix://{socket_path}"
    return str(client.api.base_url).replace("http+docker://ssh", "ssh://")


def default_client(timeout: float = 10) -> docker.DockerClient:
    """A client for the endpoint the Docker CLI would use right now."""
    return client_for(resolve(None), timeout)


def engine_info(client: docker.DockerClient, url: str = "") -> EngineInfo:
    """Ask the engine who it is (``/version`` and ``/info``)."""
    import docker.errors
    import requests.exceptions

    try:
        version = client.version()
        info = client.info()
    except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
        raise unavailable(url or str(client.api.base_url), _short(exc)) from None
    components = [c.get("Name", "") for c in version.get("Components") or []]
    platform = str((version.get("Platform") or {}).get("Name", ""))
    is_podman = "podman" in platform.lower() or any("podman" in c.lower() for c in components)
    return EngineInfo(
        endpoint=url,
        server_version=str(version.get("Version", "")),
        api_version=str(version.get("ApiVersion", "")),
        storage_driver=str(info.get("Driver", "")),
        experimental=bool(version.get("Experimental") or info.get("ExperimentalBuild")),
        os=str(version.get("Os") or info.get("OSType", "")),
        arch=str(version.get("Arch") or info.get("Architecture", "")),
        kind="podman" if is_podman else "docker",
        name=str(info.get("Name", "")),
    )


def connect(endpoint: str | None = None, timeout: float = 10) -> Engine:
    """Connect to ``endpoint`` (None = what the Docker CLI would use, a URL, a context)."""
    resolved = resolve(endpoint)
    client = client_for(resolved, timeout)
    try:
        info = engine_info(client, resolved.url)
    except BaseException:
        client.close()
        raise
    return Engine(client, info)
