#!/usr/bin/env bash
# Builds the Python notebook image where no container registry is reachable: debootstrap a Debian
# bookworm root from this machine's own apt mirror, install the packages of packages.txt in a chroot,
# add the unprivileged notebook user, and `docker import` the tree with the same settings the Dockerfile sets.
#
# Usage: images/python/build-offline.sh [TAG]     (default tag: sandbox/python-notebook:1)
# Needs: root, debootstrap, a running Docker engine. Takes about 5 minutes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tag=${1:-sandbox/python-notebook:1}
work=${SANDBOX_IMAGE_WORKDIR:-/var/tmp/sandbox-image-build}
root="$work/python-rootfs"

# 1. Find the Debian mirror this machine already uses (never a hard-coded host).
mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
if [ -z "$mirror" ]; then
  mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' | head -n1 || true)
fi
[ -n "$mirror" ] || { echo "build-offline: no Debian mirror found in this machine's apt configuration" >&2; exit 1; }

cleanup() {
  umount "$root/proc" 2>/dev/null || true
  umount "$root/dev/pts" 2>/dev/null || true
}
trap cleanup EXIT

# 2. A minimal Debian root, reused if a previous run finished it.
if [ ! -f "$root/.debootstrap-done" ]; then
  rm -rf "$root"; mkdir -p "$root"
  echo "build-offline: debootstrap bookworm (about 3 minutes)..."
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  touch "$root/.debootstrap-done"
fi

# 3. The notebook packages, installed inside the root.
mount -t proc proc "$root/proc"
mkdir -p "$root/dev/pts"; mount -t devpts devpts "$root/dev/pts" || true
packages=$(grep -vE '^\s*(#|$)' "$here/packages.txt" | tr '\n' ' ')
echo "build-offline: installing $packages"
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive bash -c \
  "apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages" >"$work/apt.log" 2>&1 \
  || { tail -n 30 "$work/apt.log" >&2; exit 1; }
cleanup

# 4. The same user and layout as the Dockerfile: uid 1000, home at /home/analyst, data under /data.
"$here/configure-rootfs.sh" "$root"

# 5. Import with the Dockerfile's settings.
echo "build-offline: docker import as $tag"
tar --numeric-owner --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* --exclude=./.debootstrap-done \
    -C "$root" -c . \
  | docker import \
      --change 'USER 1000:1000' \
      --change 'WORKDIR /home/analyst' \
      --change 'ENV HOME=/home/analyst LANG=C.UTF-8 SHELL=/bin/bash' \
      --change 'ENTRYPOINT ["/usr/bin/tini", "--"]' \
      --change 'CMD ["jupyter", "notebook", "--no-browser", "--ip=0.0.0.0", "--port=8888"]' \
      --change "LABEL org.opencontainers.image.title=\"Sandbox Python notebook\" org.sandbox.profile=python org.sandbox.revision=$("$here/revision.sh")" \
      - "$tag" >/dev/null
echo "build-offline: built $tag"
