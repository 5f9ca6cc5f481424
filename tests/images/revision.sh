#!/usr/bin/env bash
# Prints the revision of a test image (NAME: postgres or redis): a digest of everything that goes into it. Builds
# stamp it on the image (label org.sandbox.revision) and deploy/local/ensure-test-images.sh rebuilds an image whose
# stamp differs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
sha256sum build-offline.sh "$1"/* | sha256sum | cut -c1-16
