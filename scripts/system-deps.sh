#!/usr/bin/env bash
# Debian packages the workbench and its tests use. Installs only what is missing.
# usage: scripts/system-deps.sh run|test
set -euo pipefail
mode=${1:-test}
# Qt's xcb platform plugin needs these at run time (a real window).
pkgs=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0 libxcb-xinerama0
      libegl1 libgl1 libfontconfig1 libdbus-1-3 python3-venv
      fonts-wqy-microhei)  # the lessons' Simplified Chinese texts
if [ "$mode" = test ]; then
  # The real engine, registry and second engine the integration tests talk to,
  # the locally built base images, OCI fixtures, and screenshots under Xvfb.
  pkgs+=(docker.io docker-registry busybox-static debootstrap skopeo podman uidmap
         xvfb imagemagick file time  # time: peak RSS of a peer in benchmarks/
         appstream desktop-file-utils librsvg2-bin  # packaging/ checks and icons
         chromium)  # the HTML reports, rendered and screenshotted headless
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (run as root or install them)" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
