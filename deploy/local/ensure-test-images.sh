#!/usr/bin/env bash
# Builds the images of the tests' throwaway PostgreSQL and Redis (tests/images) when they are missing or out of date
# (their revision label differs from tests/images/revision.sh). The tests start one container of them per test class
# through Testcontainers; no image is pulled. About 5 minutes on a fresh machine (debootstrap once, then both images
# side by side), nothing when they are current.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

stale=()
for name in postgres redis; do
  case $name in postgres) tag=sandbox-test/postgres:15 ;; redis) tag=sandbox-test/redis:7 ;; esac
  wanted=$("$root/tests/images/revision.sh" "$name")
  if ! have=$(docker image inspect -f '{{index .Config.Labels "org.sandbox.revision"}}' "$tag" 2>/dev/null); then
    echo "sandbox: building the test image $tag (first time only)..." >&2
    stale+=("$name")
  elif [ "$have" != "$wanted" ]; then
    echo "sandbox: rebuilding the test image $tag: its inputs changed (revision $have, now $wanted)..." >&2
    stale+=("$name")
  fi
done
if [ ${#stale[@]} -gt 0 ]; then
  command -v debootstrap >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  start=$(date +%s)
  old_ids=$(for tag in sandbox-test/postgres:15 sandbox-test/redis:7; do docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true; done)
  "$root/tests/images/build-offline.sh" "${stale[@]}" >&2
  # The images they replace, now untagged (kept if a container still uses one).
  for id in $old_ids; do
    [ -z "$(docker image inspect -f '{{join .RepoTags ","}}' "$id" 2>/dev/null)" ] && docker rmi "$id" >/dev/null 2>&1 || true
  done
  echo "sandbox: test images built in $(( $(date +%s) - start )) s" >&2
fi
