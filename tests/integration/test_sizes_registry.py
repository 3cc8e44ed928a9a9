"""Reading transfer sizes from a registry: which registry a RepoDigest points at."""

from __future__ import annotations

from workbench.core.sizes.registry import _split, registry_layer_sizes


def test_repo_digests_name_their_registry() -> None:
    assert _split("127.0.0.1:5000/team/app@sha256:ab") == ("127.0.0.1:5000", "team/app",
                                                          "sha256:ab")
    assert _split("localhost/app@sha256:ab") == ("localhost", "app", "sha256:ab")
    # Docker Hub: official images live under library/, user images keep their owner.
    assert _split("alpine@sha256:ab") == ("registry-1.docker.io", "library/alpine", "sha256:ab")
    assert _split("owner/tool@sha256:ab") == ("registry-1.docker.io", "owner/tool",
                                              "sha256:ab")
    assert _split("alpine:latest") is None


def test_an_unreachable_registry_means_unknown_not_zero() -> None:
    # Port 9 (discard) on loopback refuses at once: no sizes, so the caller falls back.
    assert registry_layer_sizes(["127.0.0.1:9/app@sha256:" + "0" * 64], ["sha256:a"]) == {}
