#!/bin/sh
# The entrypoint of sandbox-test/postgres:15, the throwaway PostgreSQL of the tests. It behaves like the official
# image's as far as Testcontainers' PostgreSQL module needs: POSTGRES_USER (default postgres), POSTGRES_PASSWORD
# (required) and POSTGRES_DB (default: the user's name) are applied on the first start; the server listens on 5432 on
# every address with password (SCRAM) authentication, logs "database system is ready to accept connections", and
# arguments that begin with '-' (such as "-c fsync=off") are the server's.
#
# Unlike the official image, the cluster itself is made when the image is built (initdb costs seconds of CPU, and the
# tests start one server per test class): the first start only adds the user, its password and its database to it,
# in single-user mode, before the server listens. A PGDATA elsewhere (an empty volume) gets a fresh initdb instead.
set -eu

if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
  exec "$@"
fi
shift

template_marker=/var/lib/postgresql/.cluster-from-build
user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}

# SQL for single-user mode: one statement a line; quotes doubled.
setup_sql() {
  quoted_user=$(printf '%s' "$user" | sed 's/"/""/g')
  quoted_password=$(printf '%s' "$POSTGRES_PASSWORD" | sed "s/'/''/g")
  if [ "$user" = postgres ]; then
    echo "ALTER ROLE postgres PASSWORD '$quoted_password'"
  else
    # The build's bootstrap role (postgres) stays, without a password: it cannot log in over the network.
    echo "CREATE ROLE \"$quoted_user\" SUPERUSER LOGIN PASSWORD '$quoted_password'"
  fi
  if [ "$database" != postgres ]; then
    echo "CREATE DATABASE \"$(printf '%s' "$database" | sed 's/"/""/g')\" OWNER \"$quoted_user\""
  fi
}

first_start() {
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "entrypoint: POSTGRES_PASSWORD is empty: set it (the server only accepts password logins from outside)" >&2
    exit 1
  fi
  if [ -f "$template_marker" ] && [ "$PGDATA" = /var/lib/postgresql/data ]; then
    rm -f "$template_marker"
  elif [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chmod 0700 "$PGDATA"
    # --no-sync: the data of a throwaway test server need not survive a power cut, and syncing costs seconds.
    initdb --pgdata="$PGDATA" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  else
    return 0
  fi
  log=$(mktemp)
  if ! setup_sql | postgres --single -D "$PGDATA" -c fsync=off postgres >"$log" 2>&1 || grep -q 'ERROR:' "$log"; then
    cat "$log" >&2
    exit 1
  fi
  rm -f "$log"
  echo "entrypoint: set up user $user and database $database in $PGDATA"
}

first_start
exec postgres -D "$PGDATA" "$@"
