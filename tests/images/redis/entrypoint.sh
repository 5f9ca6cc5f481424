#!/bin/sh
# The entrypoint of sandbox-test/redis:7, the throwaway Redis of the tests. Like the official image's: redis-server on
# 6379 on every address, protected mode off (the tests connect from the host through a published port, without a
# password), nothing saved to disk; arguments that begin with '-' are the server's.
set -eu

if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then
  exec redis-server --port 6379 --bind '* -::*' --protected-mode no --save '' --appendonly no "$@"
fi
exec "$@"
