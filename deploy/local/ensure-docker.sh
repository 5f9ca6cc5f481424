#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock: installs Debian's docker.io if it is missing and
# starts dockerd in the background when nothing runs it (these machines have no systemd).
set -euo pipefail
socket=${DOCKER_SOCKET:-/var/run/docker.sock}

engine_answers() { curl -sf --max-time 2 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1; }

if engine_answers; then exit 0; fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "sandbox: installing the Docker engine (Debian package docker.io)..." >&2
  [ "$(id -u)" = 0 ] || { echo "sandbox: installing the Docker engine needs root" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null; }
fi

echo "sandbox: starting the Docker engine..." >&2
log=${DOCKERD_LOG:-/var/log/dockerd.log}
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 120); do
  if engine_answers; then exit 0; fi
  sleep 0.5
done
echo "sandbox: the Docker engine did not start; see $log" >&2
tail -n 20 "$log" >&2 || true
exit 1
