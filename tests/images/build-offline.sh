#!/usr/bin/env bash
# Builds the images of the tests' throwaway servers from Debian's packages, where no container registry is reachable:
# sandbox-test/postgres:15 (Debian's postgresql-15) and sandbox-test/redis:7 (Debian's redis-server). Each is a minimal
# Debian bookworm root (debootstrap --variant=minbase from this machine's own apt mirror, made once and kept in
# $SANDBOX_IMAGE_WORKDIR/test-base), the packages of NAME/packages.txt, and NAME/entrypoint.sh, `docker import`ed with
# a non-root user (uid 999, as in the official images). Tests start them through Testcontainers
# (tests/Sandbox.Testing/Containers); deploy/local/ensure-test-images.sh calls this when an image is missing or stale.
#
# Usage: tests/images/build-offline.sh NAME...      (NAME: postgres or redis; several are built side by side)
# Needs: root, debootstrap, a running Docker engine. About 3 minutes for the base the first time, then about a minute
# for each image.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=${SANDBOX_IMAGE_WORKDIR:-/var/tmp/sandbox-image-build}
base="$work/test-base"
[ $# -gt 0 ] || { echo "usage: $0 postgres|redis..." >&2; exit 2; }
for name in "$@"; do
  [ -f "$here/$name/packages.txt" ] || { echo "build-offline: no test image called '$name' (see $here)" >&2; exit 2; }
done
mkdir -p "$work"

# 1. The Debian mirror this machine already uses (never a hard-coded host).
mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
if [ -z "$mirror" ]; then
  mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' | head -n1 || true)
fi
[ -n "$mirror" ] || { echo "build-offline: no Debian mirror found in this machine's apt configuration" >&2; exit 1; }

# 2. The minimal Debian root every test image starts from, made once (under a lock: two builds may start together).
exec 9>"$work/test-base.lock"
flock 9
if [ ! -f "$base/.debootstrap-done" ]; then
  rm -rf "$base"; mkdir -p "$base"
  echo "build-offline: debootstrap bookworm for the test images (about 3 minutes, once)..."
  debootstrap --variant=minbase bookworm "$base" "$mirror" >"$work/test-debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/test-debootstrap.log" >&2; exit 1; }
  # Package scripts must not start their services inside the build root (they would run on this machine).
  printf '#!/bin/sh\nexit 101\n' >"$base/usr/sbin/policy-rc.d"
  chmod +x "$base/usr/sbin/policy-rc.d"
  touch "$base/.debootstrap-done"
fi
flock -u 9

# 3. One image: the base, its service user made first with the official image's uid (999), its packages, its entrypoint.
build() {
  local name=$1 root="$work/test-$1-rootfs" log="$work/test-$1-apt.log" tag user home env port packages
  case $name in
    postgres)
      tag=sandbox-test/postgres:15; user=postgres; home=/var/lib/postgresql; port=5432
      env="PGDATA=/var/lib/postgresql/data PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8" ;;
    redis)
      tag=sandbox-test/redis:7; user=redis; home=/var/lib/redis; port=6379
      env="LANG=C.UTF-8" ;;
  esac
  packages=$(grep -vE '^\s*(#|$)' "$here/$name/packages.txt" | tr '\n' ' ')

  rm -rf "$root"
  cp -a "$base" "$root"
  rm -f "$root/.debootstrap-done"
  chroot "$root" groupadd --system --gid 999 "$user"
  chroot "$root" useradd --system --uid 999 --gid 999 --home-dir "$home" --no-create-home --shell /bin/sh "$user"
  mount -t proc proc "$root/proc"
  echo "build-offline: $tag: installing $packages"
  if ! chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive bash -c \
      "apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages" >"$log" 2>&1; then
    umount "$root/proc" || true
    tail -n 30 "$log" >&2
    return 1
  fi
  umount "$root/proc"

  case $name in
    postgres)
      # The package made a cluster for the service manager; the entrypoint makes its own in $PGDATA on first start.
      rm -rf "$root/var/lib/postgresql/15" "$root/etc/postgresql/15"
      # The JIT provider and the LLVM it links (over 100 MB of the image): without them PostgreSQL runs every query
      # interpreted, as it does for the tests' small queries anyway (JIT is skipped when its provider is absent).
      rm -rf "$root"/usr/lib/postgresql/15/lib/llvmjit* "$root"/usr/lib/postgresql/15/lib/bitcode \
             "$root"/usr/lib/x86_64-linux-gnu/libLLVM-*.so* "$root"/usr/share/i18n
      chroot "$root" chown -R "$user:$user" /var/lib/postgresql /var/run/postgresql
      # The cluster, made once here rather than at every container's start (the entrypoint adds the user and database
      # the container is given); the marker tells the entrypoint it has not done so yet.
      chroot --userspec=999:999 "$root" /usr/bin/env HOME=/var/lib/postgresql \
        /usr/lib/postgresql/15/bin/initdb --pgdata=/var/lib/postgresql/data --username=postgres --encoding=UTF8 \
        --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 --no-sync >>"$log" 2>&1 \
        || { tail -n 30 "$log" >&2; return 1; }
      echo "host all all all scram-sha-256" >>"$root/var/lib/postgresql/data/pg_hba.conf"
      echo "listen_addresses = '*'" >>"$root/var/lib/postgresql/data/postgresql.conf"
      chroot "$root" chown -R "$user:$user" /var/lib/postgresql/data
      touch "$root/var/lib/postgresql/.cluster-from-build"
      chroot "$root" chown "$user:$user" /var/lib/postgresql/.cluster-from-build ;;
    redis)
      mkdir -p "$root/data"
      chroot "$root" chown "$user:$user" /data ;;
  esac
  install -m 0755 "$here/$name/entrypoint.sh" "$root/usr/local/bin/entrypoint.sh"
  rm -f "$root/usr/sbin/policy-rc.d"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
         "$root"/usr/share/locale/* "$root"/var/log/*.log

  echo "build-offline: docker import as $tag"
  tar --numeric-owner --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* -C "$root" -c . \
    | docker import \
        --change "USER $user" \
        --change "WORKDIR $home" \
        --change "ENV $env" \
        --change "EXPOSE $port" \
        --change 'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]' \
        --change "LABEL org.opencontainers.image.title=\"Sandbox test $name\" org.sandbox.revision=$("$here/revision.sh" "$name")" \
        - "$tag" >/dev/null
  rm -rf "$root"
  echo "build-offline: built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1000000}'))"
}

# 4. The images asked for, side by side (mostly waiting on dpkg and the disk).
pids=()
for name in "$@"; do
  build "$name" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
exit $status
