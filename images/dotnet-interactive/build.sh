#!/usr/bin/env bash
# Builds the .NET Interactive notebook image on top of the Python notebook image (which must exist: ensure-images.sh
# builds it first).
#
#   images/dotnet-interactive/build.sh [TAG]      (default tag: sandbox/dotnet-interactive:1)
#
# Where no registry is reachable (Sandbox's build machines), the .NET SDK is this machine's own installation (the one
# `dotnet` runs, .NET 10), imported once as the local image sandbox-build/dotnet-sdk:<version>. Where one is, set
# DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0 to take Microsoft's. Either way the NuGet packages (the kernel
# and the notebooks' local feed) are gathered on this machine by collect-packages.sh, so it needs a NuGet source and
# the .NET SDK. Takes about 2 minutes; the image is about 1 GB larger than the Python one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tag=${1:-sandbox/dotnet-interactive:1}
base=sandbox/python-notebook:1
context=${SANDBOX_IMAGE_WORKDIR:-/var/tmp/sandbox-image-build}/dotnet-context

docker image inspect "$base" >/dev/null 2>&1 \
  || { echo "build: the base image $base is missing (deploy/local/ensure-images.sh builds it)" >&2; exit 1; }
command -v dotnet >/dev/null 2>&1 || { echo "build: the .NET SDK (dotnet) is needed to gather the NuGet packages" >&2; exit 1; }

# 1. The SDK as an image the Dockerfile can copy from.
sdk_image=${DOTNET_SDK_IMAGE:-}
if [ -z "$sdk_image" ]; then
  version=$(dotnet --version)
  case "$version" in 10.*) ;; *) echo "build: this machine's .NET SDK is $version; the image needs .NET 10" >&2; exit 1 ;; esac
  sdk_image=sandbox-build/dotnet-sdk:$version
  if ! docker image inspect "$sdk_image" >/dev/null 2>&1; then
    dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
    echo "build: importing this machine's .NET SDK $version ($dotnet_root) as $sdk_image..." >&2
    tar --numeric-owner -C "$dotnet_root" --transform 's,^\.,usr/share/dotnet,' -c . | docker import - "$sdk_image" >/dev/null
  fi
fi

# 2. The build context: this folder's files and the local NuGet feed.
rm -rf "$context"; mkdir -p "$context"
cp -R "$here/Dockerfile" "$here/NuGet.Config" "$here/sandbox-start" "$here/install-kernel.sh" "$here/kernels" "$here/jupyter" "$here/examples" "$context/"
"$here/collect-packages.sh" "$context/nuget"
awk '$1 == "tool" && $2 == "Microsoft.dotnet-interactive" { print $3 }' "$here/nuget-packages.txt" >"$context/nuget/dotnet-interactive.version"

# 3. The image. The classic builder: this engine has no BuildKit, and the base and SDK images are local.
echo "build: docker build $tag (SDK from $sdk_image)..." >&2
log=$(dirname "$context")/dotnet-build.log
previous=$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
if ! DOCKER_BUILDKIT=0 docker build \
       --build-arg BASE_IMAGE="$base" --build-arg DOTNET_SDK_IMAGE="$sdk_image" \
       --build-arg SANDBOX_REVISION="$(DOTNET_SDK_IMAGE=${DOTNET_SDK_IMAGE:-} "$here/revision.sh")" \
       -t "$tag" "$context" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "build: docker build failed (whole log: $log)" >&2
  exit 1
fi
rm -rf "$context"
# The image this one replaces, with the build steps only it used (the classic builder keeps each step as an image).
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$tag")" ]; then
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
echo "build: built $tag" >&2
