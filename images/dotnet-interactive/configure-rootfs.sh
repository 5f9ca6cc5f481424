#!/usr/bin/env bash
# Shared by the Dockerfile and build-offline.sh: the notebook user and the folders Sandbox mounts into.
# Usage: configure-rootfs.sh ROOT   (ROOT is / inside a Dockerfile build)
set -euo pipefail
root=${1:-/}
run() { if [ "$root" = "/" ]; then bash -c "$1"; else chroot "$root" bash -c "$1"; fi; }
run 'getent passwd analyst >/dev/null || useradd --uid 1000 --user-group --create-home --home-dir /home/analyst --shell /bin/bash analyst'
run 'mkdir -p /data && chmod 0755 /data'
run 'apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* /usr/share/man/*'
