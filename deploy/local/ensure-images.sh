#!/usr/bin/env bash
# Builds the notebook images that are missing or out of date (their revision label differs from what revision.sh prints):
# the Python image from Debian's packages (no registry needed), then the .NET Interactive image on top of it, with this
# machine's .NET SDK and packages from NuGet (images/dotnet-interactive/build.sh). SANDBOX_SKIP_DOTNET_IMAGE=1 skips
# the .NET image (the `dotnet` profile is then not offered).
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

if [ "${SANDBOX_SKIP_DOTNET_IMAGE:-0}" != 1 ]; then
  wanted=$("$root/images/dotnet-interactive/revision.sh")
  if ! have=$(docker image inspect -f '{{index .Config.Labels "org.sandbox.revision"}}' sandbox/dotnet-interactive:1 2>/dev/null); then
    have=missing
    echo "sandbox: building the .NET Interactive notebook image (first time only, about a minute)..." >&2
  elif [ "$have" != "$wanted" ]; then
    echo "sandbox: rebuilding the .NET Interactive notebook image: its inputs changed (revision $have, now $wanted)..." >&2
  fi
  if [ "$have" != "$wanted" ]; then
    "$root/images/dotnet-interactive/build.sh" sandbox/dotnet-interactive:1 >&2
  fi
fi
