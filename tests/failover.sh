#!/usr/bin/env bash
# Database faults under `assay serve` (issue 14): private PostgreSQL 15 clusters
# broken under a running server, the HTTP side in tests/failover.mjs.
#
#   tests/failover.sh restart  --bin ASSAY   the database stopped (-m immediate) and
#                                            started again: 503 JSON fast, then 200
#                                            from the same server process
#   tests/failover.sh primary  --bin ASSAY [--trials N] [--learners N] [--seconds S]
#                                            a primary and a hot standby (pg_basebackup -R,
#                                            synchronous_standby_names='*' on the primary);
#                                            the server on a multi-host URL with
#                                            target_session_attrs=read-write; each trial
#                                            kill -9s the primary under load and promotes the
#                                            standby (then a new standby from the new primary);
#                                            every acknowledged answer stored exactly once
#   tests/failover.sh diskfull --bin ASSAY   the SQLite bank on a small tmpfs, filled
#
# Clusters live in a temporary folder, run as postgres when root (initdb refuses
# root), on free loopback ports; everything is stopped at the end, whatever
# happens. Exit 77 (ctest: skipped) when PostgreSQL 15 or mount is missing.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pgbin=${ASSAY_PG_BIN:-/usr/lib/postgresql/15/bin}

as=()
[ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)

# ---- the ctl side: called back by failover.mjs as `failover.sh ctl ACTION` -----------
if [ "${1:-}" = ctl ]; then
  # shellcheck disable=SC1090
  . "$FO_STATE"
  primary_dir=$FO_DIR/$FO_PRIMARY
  standby=$([ "$FO_PRIMARY" = a ] && echo b || echo a)
  port_of() { [ "$1" = a ] && echo "$FO_PORT_A" || echo "$FO_PORT_B"; }
  psql_on() { "$pgbin/psql" -X -q -A -t -F $'\t' -h 127.0.0.1 -p "$(port_of "$1")" -U assay -d assay -v ON_ERROR_STOP=1 "${@:2}"; }
  case "$2" in
  fill) # the disk full: a file grows until the tmpfs refuses
    dd if=/dev/zero of="$FO_DISK/filler" bs=64k >/dev/null 2>&1
    dd if=/dev/zero of="$FO_DISK/filler2" bs=512 >/dev/null 2>&1
    df -k "$FO_DISK" | tail -1 ;;
  free) rm -f "$FO_DISK/filler" "$FO_DISK/filler2" ;;
  integrity) sqlite3 "$FO_DISK/bank.db" "PRAGMA integrity_check" ;;
  cli-grade) # a write through the CLI: its status, then its message
    "$FO_BIN" grade --db "$FO_DISK/bank.db" --quiz "$FO_DIR/quiz.json" --answers "$FO_DIR/answers.json" \
      --record >/dev/null 2>"$FO_DIR/cli.err"
    echo "$?"
    head -c 400 "$FO_DIR/cli.err" ;;
  stop) "${as[@]}" "$pgbin/pg_ctl" -D "$primary_dir" -m immediate -w -t 20 stop >/dev/null ;;
  start) "${as[@]}" "$pgbin/pg_ctl" -D "$primary_dir" -l "$primary_dir.log" -w -t 30 start >/dev/null ;;
  kill-primary)
    # the whole server at once, as when its machine dies: the postmaster and its children
    pid=$(head -1 "$primary_dir/postmaster.pid")
    kids=$(pgrep -P "$pid" | tr '\n' ' ')
    # shellcheck disable=SC2086
    kill -9 "$pid" $kids
    # the postmaster's children go with it (they notice within a moment); wait for the port
    for _ in $(seq 1 100); do
      (exec 3<>"/dev/tcp/127.0.0.1/$(port_of "$FO_PRIMARY")") 2>/dev/null || break
      sleep 0.1
    done
    ;;
  promote)
    "${as[@]}" "$pgbin/pg_ctl" -D "$FO_DIR/$standby" -w -t 30 promote >/dev/null
    sed -i "s/^FO_PRIMARY=.*/FO_PRIMARY=$standby/" "$FO_STATE" ;;
  new-standby)
    # the dead primary's folder replaced by a copy of the new primary, started as its
    # synchronous standby
    old=$standby # after promote FO_PRIMARY is the new primary; $standby the old one
    "${as[@]}" "$pgbin/pg_ctl" -D "$FO_DIR/$old" -m immediate -w -t 10 stop >/dev/null 2>&1
    rm -rf "${FO_DIR:?}/$old"
    "${as[@]}" "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$(port_of "$FO_PRIMARY")" -U assay \
      -D "$FO_DIR/$old" -R -X stream -c fast >/dev/null 2>&1 || { echo "pg_basebackup failed" >&2; exit 1; }
    # the copy must not wait for a standby of its own once promoted
    sed -i '/^synchronous_standby_names/d' "$FO_DIR/$old/postgresql.auto.conf"
    "${as[@]}" "$pgbin/pg_ctl" -D "$FO_DIR/$old" -l "$FO_DIR/$old.log" -w -t 30 \
      -o "-p $(port_of "$old")" start >/dev/null || exit 1
    for _ in $(seq 1 100); do
      [ "$(psql_on "$FO_PRIMARY" -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" -ge 1 ] && break
      sleep 0.1
    done
    psql_on "$FO_PRIMARY" -c "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "SELECT pg_reload_conf()" >/dev/null ;;
  count)
    if [ -n "${FO_DISK:-}" ]; then
      sqlite3 -separator $'\t' "$FO_DISK/bank.db" "SELECT attempt_id, request_id, count(*) FROM response GROUP BY 1, 2 ORDER BY 1, 2"
      exit $?
    fi
    psql_on "$FO_PRIMARY" -c "SELECT attempt_id, request_id, count(*) FROM response GROUP BY 1, 2 ORDER BY 1, 2" ;;
  *) echo "failover.sh ctl: unknown action $2" >&2; exit 2 ;;
  esac
  exit $?
fi

mode=${1:-}
shift || true
bin="" trials=1 learners=4 seconds=4
while [ $# -gt 0 ]; do
  case "$1" in
  --bin) bin=$2; shift 2 ;;
  --trials) trials=$2; shift 2 ;;
  --learners) learners=$2; shift 2 ;;
  --seconds) seconds=$2; shift 2 ;;
  *) echo "failover.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$mode" in restart | primary | diskfull) ;; *)
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
[ -x "$bin" ] || { echo "failover.sh: --bin ASSAY wanted" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

if [ "$mode" != diskfull ] && [ ! -x "$pgbin/initdb" ]; then
  echo "failover.sh: PostgreSQL 15 is not installed ($pgbin/initdb); run scripts/deps.sh" >&2
  exit 77
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/assay-failover.XXXXXX") || exit 1
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
server_pid=""
mounted=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  for d in a b; do
    [ -f "$dir/$d/postmaster.pid" ] &&
      "${as[@]}" "$pgbin/pg_ctl" -D "$dir/$d" -m immediate -w -t 10 stop >/dev/null 2>&1
  done
  [ -n "$mounted" ] && umount "$mounted" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768-60999): no client holds it
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

start_server() { # DBURL → FO_BASE, server_pid
  # port 0: the kernel picks a free one and the server prints it (a port found
  # free by a probe can be taken by another test's client before the bind)
  local port=
  "$bin" serve --db "$1" --listen "127.0.0.1:0" --rate-limit 0 >"$dir/serve.out" 2>"$dir/serve.err" &
  server_pid=$!
  for _ in $(seq 1 600); do
    port=$(sed -n 's|.*serving on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$dir/serve.out" 2>/dev/null)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "failover.sh: the server did not start:" >&2; cat "$dir/serve.err" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { echo "failover.sh: the server printed no address in 60 s" >&2; exit 1; }
  export FO_BASE="http://127.0.0.1:$port"
}

# ---- disk full ---------------------------------------------------------------------------
if [ "$mode" = diskfull ]; then
  disk=$dir/disk
  mkdir -p "$disk"
  if ! mount -t tmpfs -o size=24m,mode=0755 tmpfs "$disk" 2>"$dir/mount.err"; then
    echo "failover.sh diskfull: skipped: cannot mount a tmpfs here ($(cat "$dir/mount.err")); run as root on a machine that allows mount" >&2
    exit 77
  fi
  mounted=$disk
  command -v sqlite3 >/dev/null || { echo "failover.sh: the sqlite3 shell is missing (scripts/deps.sh)" >&2; exit 1; }
  printf 'FO_PRIMARY=a\nFO_DISK=%s\nFO_BIN=%s\n' "$disk" "$bin" >"$dir/state.sh"
  export FO_DIR=$dir FO_STATE=$dir/state.sh FO_CTL=$here/failover.sh
  "$bin" import --db "$disk/bank.db" "$here/../data/kb/architecture-scalability.md" --quiet >/dev/null ||
    { echo "failover.sh: cannot make the bank" >&2; exit 1; }
  "$bin" quiz --print --db "$disk/bank.db" --seed 1 -n 12 --json >"$dir/quiz.json" || exit 1
  echo '{"answers": []}' >"$dir/answers.json"
  echo "bank: $(du -k "$disk/bank.db" | cut -f1) KB on a tmpfs of 24 MB"
  start_server "$disk/bank.db"
  node "$here/failover.mjs" diskfull
  status=$?
  kill "$server_pid"
  wait "$server_pid"
  rc=$?
  server_pid=""
  [ "$rc" = 0 ] || { echo "FAIL: the server exited $rc after SIGTERM" >&2; status=1; }
  grep -E "ERROR: AddressSanitizer|runtime error" "$dir/serve.err" && { echo "FAIL: sanitizer report" >&2; status=1; }
  [ "$status" = 0 ] || tail -20 "$dir/serve.err" >&2
  exit "$status"
fi

# ---- clusters ------------------------------------------------------------------------------
init_cluster() { # NAME PORT EXTRA-OPTIONS
  "${as[@]}" "$pgbin/initdb" -D "$dir/$1" -U assay -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$dir/initdb-$1.log" 2>&1 || { cat "$dir/initdb-$1.log" >&2; exit 1; }
  # the options stay in postgresql.conf: pg_ctl start (ctl start) finds them again
  cat >>"$dir/$1/postgresql.conf" <<EOF
port = $2
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 60
$3
EOF
  "${as[@]}" "$pgbin/pg_ctl" -D "$dir/$1" -l "$dir/$1.log" -w -t 30 start >/dev/null ||
    { cat "$dir/$1.log" >&2; exit 1; }
  "$pgbin/createdb" -h 127.0.0.1 -p "$2" -U assay assay || exit 1
}

port_a=$(free_port)
port_b=$(free_port)
while [ "$port_b" = "$port_a" ]; do port_b=$(free_port); done
export FO_DIR=$dir FO_STATE=$dir/state.sh FO_CTL=$here/failover.sh
cat >"$FO_STATE" <<EOF
FO_PORT_A=$port_a
FO_PORT_B=$port_b
FO_PRIMARY=a
EOF
chmod 644 "$FO_STATE"

if [ "$mode" = restart ]; then
  export FO_BIN=$bin
  init_cluster a "$port_a" "fsync = off"
  start_server "postgresql://assay@127.0.0.1:$port_a/assay"
  node "$here/failover.mjs" restart
  status=$?
else
  # a primary that commits only once its standby has the WAL (synchronous_commit = on)
  init_cluster a "$port_a" "fsync = off"
  "$FO_CTL" ctl new-standby || exit 1 # b: a copy of a, its synchronous standby
  [ "$("$pgbin/psql" -X -A -t -h 127.0.0.1 -p "$port_a" -U assay -d assay -c "SHOW synchronous_standby_names")" = "*" ] ||
    { echo "failover.sh: synchronous_standby_names not set" >&2; exit 1; }
  start_server "postgresql://assay@127.0.0.1:$port_a,127.0.0.1:$port_b/assay?target_session_attrs=read-write"
  FO_TRIALS=$trials FO_LEARNERS=$learners FO_SECONDS=$seconds node "$here/failover.mjs" primary
  status=$?
fi
kill -0 "$server_pid" 2>/dev/null || { echo "FAIL: the server process died" >&2; cat "$dir/serve.err" >&2; status=1; }
grep -E "ERROR: AddressSanitizer|runtime error" "$dir/serve.err" && { echo "FAIL: sanitizer report" >&2; status=1; }
if [ "$status" != 0 ]; then
  echo "--- server log (tail)" >&2
  tail -30 "$dir/serve.err" >&2
fi
# SIGTERM: a clean exit
kill "$server_pid"
wait "$server_pid"
rc=$?
server_pid=""
[ "$rc" = 0 ] || { echo "FAIL: the server exited $rc after SIGTERM" >&2; status=1; }
exit "$status"
