#!/bin/sh
# The entrypoint of sandbox-test/postgres:15, the throwaway PostgreSQL of the tests. It behaves like the official
# image's as far as Testcontainers' PostgreSQL module needs: POSTGRES_USER (default postgres), POSTGRES_PASSWORD
# (required) and POSTGRES_DB (default: the user's name) are applied by initdb on the first start; the server listens on
# 5432 on every address with password (SCRAM) authentication, logs "database system is ready to accept connections",
# and arguments that begin with '-' (such as "-c fsync=off") are the server's.
set -eu

if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
  exec "$@"
fi
shift

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "entrypoint: POSTGRES_PASSWORD is empty: set it (the server only accepts password logins from outside)" >&2
    exit 1
  fi
  user=${POSTGRES_USER:-postgres}
  database=${POSTGRES_DB:-$user}
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA"
  password_file=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
  # --no-sync: the data of a throwaway test server need not survive a power cut, and syncing costs seconds.
  initdb --pgdata="$PGDATA" --username="$user" --pwfile="$password_file" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
  rm -f "$password_file"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  if [ "$database" != postgres ]; then
    # A server on the Unix socket only, so that nobody outside sees it ready before the database exists.
    pg_ctl --pgdata="$PGDATA" --wait --silent -o "-c listen_addresses='' -c fsync=off" start
    psql --quiet --no-psqlrc --username="$user" --dbname=postgres --set=ON_ERROR_STOP=1 \
      --set=database="$database" <<'SQL'
CREATE DATABASE :"database";
SQL
    pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop
  fi
  echo "entrypoint: initialised $PGDATA for user $user, database $database"
fi

exec postgres -D "$PGDATA" "$@"
