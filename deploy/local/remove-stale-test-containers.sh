#!/usr/bin/env bash
# Removes the tests' PostgreSQL and Redis containers (label org.sandbox.test-dependency) whose test process is gone:
# a run killed before its fixtures were disposed leaves them running (Testcontainers' reaper cannot run here, its image
# cannot be pulled). Containers of test processes still alive, another run's, are left alone.
set -euo pipefail
for id in $(docker ps -aq --filter label=org.sandbox.test-dependency); do
  pid=$(docker inspect -f '{{index .Config.Labels "org.sandbox.test-process"}}' "$id" 2>/dev/null || true)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "sandbox: removing the test container ${id} left by test process ${pid:-?}" >&2
    docker rm -f "$id" >/dev/null 2>&1 || true
  fi
done
