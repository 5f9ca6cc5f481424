#!/usr/bin/env bash
# Builds the notebook images that are missing or out of date (their revision label differs from what revision.sh prints):
# the Python image from Debian's packages (no registry needed), then the .NET Interactive image on top of it, with this
# machine's .NET SDK and packages from NuGet (images/dotnet-interactive/build.sh). SANDBOX_SKIP_DOTNET_IMAGE=1 skips
# the .NET image (the `dotnet` profile is then not offered).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

# out_of_date TAG REVISION_SCRIPT WHAT HOW_LONG: true (and says so) when the image is missing or its revision label differs
# from what its revision script prints now.
out_of_date() {
  local wanted have
  wanted=$("$2")
  if ! have=$(docker image inspect -f '{{index .Config.Labels "org.sandbox.revision"}}' "$1" 2>/dev/null); then
    echo "sandbox: building the $3 image (first time only, $4)..." >&2
  elif [ "$have" != "$wanted" ]; then
    echo "sandbox: rebuilding the $3 image: its inputs changed (revision $have, now $wanted; $4)..." >&2
  else
    return 1
  fi
}

if out_of_date sandbox/python-notebook:1 "$root/images/python/revision.sh" "Python notebook" "about 5 minutes"; then
  command -v debootstrap >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  "$root/images/python/build-offline.sh" sandbox/python-notebook:1 >&2
fi

if [ "${SANDBOX_SKIP_DOTNET_IMAGE:-0}" != 1 ] \
   && out_of_date sandbox/dotnet-interactive:1 "$root/images/dotnet-interactive/revision.sh" ".NET Interactive notebook" "under a minute"; then
  "$root/images/dotnet-interactive/build.sh" sandbox/dotnet-interactive:1 >&2
fi
