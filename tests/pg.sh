#!/usr/bin/env bash
# Starts a private PostgreSQL 15 cluster for the tests, runs a command with its URL,
# and stops it again, even when the command fails or the script is interrupted.
#
#   tests/pg.sh run CMD [ARG...]   initdb in a temporary folder, start on a free
#                                  loopback port (unix socket in the folder), run CMD
#                                  with ASSAY_TEST_PG_URL=postgresql://assay@127.0.0.1:PORT/assay,
#                                  stop the server, remove the folder; CMD's status
#
# As root, initdb and pg_ctl run through `runuser -u postgres` (initdb refuses root;
# the folder belongs to postgres). Every wait is bounded. When PostgreSQL 15 is not
# installed (scripts/deps.sh installs it) the script says so and exits 77, which the
# ctest marks skipped.
set -uo pipefail

bin=${ASSAY_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ "${1:-}" != run ] || [ $# -lt 2 ]; then
  echo "usage: tests/pg.sh run CMD [ARG...]" >&2
  exit 2
fi
shift
if [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "pg.sh: PostgreSQL 15 is not installed ($bin/initdb); run scripts/deps.sh" >&2
  exit 77
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/assay-pg.XXXXXX") || exit 1
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir" || exit 1
  as=(runuser -u postgres --)
fi
chmod 700 "$dir"

started=0
cleanup() {
  if [ "$started" = 1 ]; then
    # fast shutdown, bounded; then immediate if it did not stop
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 20 stop >/dev/null 2>&1 ||
      "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 10 stop >/dev/null 2>&1
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! "${as[@]}" "$bin/initdb" -D "$dir/data" -U assay -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1; then
  echo "pg.sh: initdb failed:" >&2
  cat "$dir/initdb.log" >&2
  exit 1
fi

# a free loopback port: try a few random ones (a port taken between the check and the
# start makes pg_ctl fail, and the next one is tried)
for try in 1 2 3 4 5 6 7 8; do
  port=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768-60999)
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    continue # someone listens there
  fi
  if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60" \
      start >/dev/null 2>&1; then
    started=1
    break
  fi
  if [ "$try" = 8 ]; then
    echo "pg.sh: the server did not start:" >&2
    cat "$dir/server.log" >&2
    exit 1
  fi
done

if ! "${as[@]}" "$bin/../bin/createdb" -h "$dir" -p "$port" -U assay assay 2>"$dir/createdb.log"; then
  echo "pg.sh: createdb failed:" >&2
  cat "$dir/createdb.log" >&2
  exit 1
fi

export ASSAY_TEST_PG_URL="postgresql://assay@127.0.0.1:$port/assay"
export ASSAY_TEST_PG_SOCKET="$dir"
export ASSAY_TEST_PG_PORT="$port"
"$@"
status=$?
exit "$status"
