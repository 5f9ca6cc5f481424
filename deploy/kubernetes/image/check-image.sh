#!/usr/bin/env bash
# Starts the orchestrator's image on the local Docker engine as the Kubernetes manifests run it (read-only root with
# a tmpfs on /tmp, every capability dropped, no privilege escalation, the image's non-root user), with the embedded
# defaults (SQLite in the image's data volume, no session runtime reachable), and waits for /healthz to answer 200.
# Checks that it runs as a non-root uid and serves the portal, then removes the container and its volume.
#
# Usage: deploy/kubernetes/image/check-image.sh TAG     exit 0 when healthy within 120 s
set -euo pipefail
tag=${1:?usage: check-image.sh TAG}
name="sandbox-orchestrator-check-$$"

cleanup() { docker rm -f -v "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT

docker run -d --name "$name" --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges \
  -p 127.0.0.1::8080 "$tag" >/dev/null
port=$(docker port "$name" 8080/tcp | head -n1 | sed 's/.*://')
started=$(date +%s%N)
deadline=$((SECONDS + 120))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ]; do
  if [ "$(docker inspect -f '{{.State.Running}}' "$name")" != true ]; then
    docker logs "$name" 2>&1 | tail -n 30 >&2
    echo "check-image: the container stopped before /healthz answered" >&2; exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    docker logs "$name" 2>&1 | tail -n 30 >&2
    echo "check-image: /healthz did not answer 200 within 120 s" >&2; exit 1
  fi
  sleep 0.5
done
echo "check-image: /healthz answered 200 after $(( ($(date +%s%N) - started) / 1000000 )) ms"

uid=$(docker exec "$name" id -u)
[ "$uid" != 0 ] || { echo "check-image: the orchestrator runs as root" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")" = 200 ] \
  || { echo "check-image: the portal is not served at /" >&2; exit 1; }
echo "check-image: $tag runs as uid $uid on a read-only root and serves the portal"
