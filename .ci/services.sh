# Sourced by .ci/run before the tests: a throw-away PostgreSQL server on loopback for the store tests.
# Installs the Debian package when no server binaries exist, starts a cluster in a temp dir as the
# postgres user (or the current user when not root), creates a database and exports
# QUELLE_TEST_POSTGRES_URL. The server is stopped when the sourcing shell exits.
# Usable by hand too:  source .ci/services.sh && .venv/bin/pytest -q

_quelle_pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
}

QUELLE_PG_BIN=$(_quelle_pg_bin)
if [ -z "$QUELLE_PG_BIN" ] && [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null 2>&1; then
  echo "services: no PostgreSQL and not root: cannot install it; the PostgreSQL tests will be skipped" >&2
  return 0
fi
if [ -z "$QUELLE_PG_BIN" ]; then
  echo "services: installing PostgreSQL (Debian package)" >&2
  _quelle_sudo=""
  [ "$(id -u)" != "0" ] && _quelle_sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $_quelle_sudo apt-get update -qq >&2
  $_quelle_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  QUELLE_PG_BIN=$(_quelle_pg_bin)
fi
if [ -z "$QUELLE_PG_BIN" ]; then
  echo "services: no PostgreSQL binaries found after installing" >&2
  return 1
fi

QUELLE_PG_DIR=$(mktemp -d /tmp/quelle-pg.XXXXXX)
QUELLE_PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [ "$(id -u)" = "0" ]; then
  chown postgres: "$QUELLE_PG_DIR"
  _quelle_pg_as() { runuser -u postgres -- "$@"; }
  QUELLE_PG_USER=postgres
else
  _quelle_pg_as() { "$@"; }
  QUELLE_PG_USER=$(id -un)
fi

_quelle_pg_as "$QUELLE_PG_BIN/initdb" -D "$QUELLE_PG_DIR/data" -A trust -U "$QUELLE_PG_USER" -E UTF8 \
  --locale=C.UTF-8 >"$QUELLE_PG_DIR/initdb.log" 2>&1 \
  || { cat "$QUELLE_PG_DIR/initdb.log" >&2; return 1; }
_quelle_pg_as "$QUELLE_PG_BIN/pg_ctl" -D "$QUELLE_PG_DIR/data" -l "$QUELLE_PG_DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $QUELLE_PG_PORT -k $QUELLE_PG_DIR -c fsync=off" start >&2 \
  || { cat "$QUELLE_PG_DIR/server.log" >&2; return 1; }
_quelle_pg_as "$QUELLE_PG_BIN/createdb" -h 127.0.0.1 -p "$QUELLE_PG_PORT" -U "$QUELLE_PG_USER" quelle_test

export QUELLE_TEST_POSTGRES_URL="postgresql+psycopg://$QUELLE_PG_USER@127.0.0.1:$QUELLE_PG_PORT/quelle_test"
echo "services: PostgreSQL on 127.0.0.1:$QUELLE_PG_PORT (QUELLE_TEST_POSTGRES_URL set)" >&2

_quelle_pg_stop() {
  _quelle_pg_as "$QUELLE_PG_BIN/pg_ctl" -D "$QUELLE_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$QUELLE_PG_DIR"
}
trap _quelle_pg_stop EXIT
