#!/usr/bin/env bash
# Prints the revision of the .NET Interactive notebook image: a digest of everything that goes into it, its base image's
# revision and the .NET SDK it is built with. Builds stamp it on the image (label org.sandbox.revision) and
# deploy/local/ensure-images.sh rebuilds the image when its stamp differs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
{
  find Dockerfile NuGet.Config nuget-packages.txt sandbox-start install-kernel.sh build.sh collect-packages.sh kernels jupyter examples -type f -print0 \
    | sort -z | xargs -0 sha256sum
  echo "base $("$here/../python/revision.sh")"
  echo "sdk ${DOTNET_SDK_IMAGE:-$(dotnet --version 2>/dev/null || echo none)}"
} | sha256sum | cut -c1-16
