#!/usr/bin/env bash
# Shared by the Dockerfile and build-offline.sh: the notebook user, the folders Sandbox mounts into, and Sandbox's
# Jupyter settings (jupyter/: kernel activity the idle culler can trust).
# Usage: configure-rootfs.sh ROOT   (ROOT is / inside a Dockerfile build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${1:-/}
run() { if [ "$root" = "/" ]; then bash -c "$1"; else chroot "$root" bash -c "$1"; fi; }
run 'getent passwd analyst >/dev/null || useradd --uid 1000 --user-group --create-home --home-dir /home/analyst --shell /bin/bash analyst'
run 'mkdir -p /data && chmod 0755 /data'
install -D -m 0644 "$here/jupyter/sandbox_kernel_activity.py" "$root/usr/lib/python3/dist-packages/sandbox_kernel_activity.py"
install -D -m 0644 "$here/jupyter/jupyter_notebook_config.py" "$root/etc/jupyter/jupyter_notebook_config.py"
run 'apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* /usr/share/man/*'
