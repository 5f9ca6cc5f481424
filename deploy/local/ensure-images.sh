#!/usr/bin/env bash
# Builds the notebook images that are missing or out of date. The Python image is built from Debian's packages (no registry
# needed); the .NET Interactive image needs a registry and NuGet tools that are not reachable here, so it is only
# built when SANDBOX_BUILD_DOTNET_IMAGE=1 and a base image can be pulled.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

# Built again when what goes into it changed (its revision label differs from images/python/revision.sh).
wanted=$("$root/images/python/revision.sh")
if ! have=$(docker image inspect -f '{{index .Config.Labels "org.sandbox.revision"}}' sandbox/python-notebook:1 2>/dev/null); then
  have=missing
  echo "sandbox: building the Python notebook image (first time only, about 5 minutes)..." >&2
elif [ "$have" != "$wanted" ]; then
  echo "sandbox: rebuilding the Python notebook image: its inputs changed (revision $have, now $wanted; about 5 minutes)..." >&2
fi
if [ "$have" != "$wanted" ]; then
  command -v debootstrap >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  "$root/images/python/build-offline.sh" sandbox/python-notebook:1 >&2
fi

if [ "${SANDBOX_BUILD_DOTNET_IMAGE:-0}" = 1 ] && ! docker image inspect sandbox/dotnet-interactive:1 >/dev/null 2>&1; then
  docker build -t sandbox/dotnet-interactive:1 -f "$root/images/dotnet-interactive/Dockerfile" "$root/images" >&2
fi
