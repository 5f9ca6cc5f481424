#!/usr/bin/env bash
# Prints the revision of the Python notebook image: a digest of everything that goes into it. Builds stamp it on the
# image (label org.sandbox.revision) and deploy/local/ensure-images.sh rebuilds an image whose stamp differs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
sha256sum packages.txt configure-rootfs.sh jupyter/* | sha256sum | cut -c1-16
