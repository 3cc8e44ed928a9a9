#!/usr/bin/env bash
# Renders the app's scalable icon to the hicolor PNG sizes, with rsvg-convert
# (Debian's librsvg2-bin). Output: packaging/icons/hicolor/<N>x<N>/apps/<id>.png
set -euo pipefail
cd "$(dirname "$0")/.."
id=io.github.imageworkbench.ImageWorkbench
svg=resources/icons/$id.svg
out=${1:-packaging/icons/hicolor}
mkdir -p "$out/scalable/apps"
cp "$svg" "$out/scalable/apps/$id.svg"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$out/${size}x${size}/apps"
  rsvg-convert -w "$size" -h "$size" -o "$out/${size}x${size}/apps/$id.png" "$svg"
done
