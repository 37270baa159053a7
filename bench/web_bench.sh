#!/usr/bin/env bash
# bench/web_bench.sh — the web server's benchmark (README "Web server benchmark"); not a test.
# Starts a release `assay serve` on a fresh bank in a temp dir and nginx (its own config, the
# same temp dir) on loopback ports, creates learners and quiz attempts through the JSON API
# (bench/web_setup.mjs), then in each of RUNS rounds runs wrk (bench/web_wrk.lua) at CONNS
# connections for DURATION seconds against: (a) GET the current question, (b) nginx serving a
# static file of the GET response's size, (c) POST an answer, each POST storing a new answer
# (its own attempt and position, its own client request id; the answers the bank holds are
# counted before and after). Prints each round, the medians, the ratio GET/nginx, and the
# server's resident memory with ATTEMPTS attempts in progress. Every process it starts is
# stopped on exit (trap); everything listens on 127.0.0.1 only; wrk runs are bounded.
# "Durable": the server answers a POST only after the answer's transaction committed AND the
# bank's WAL was fsynced after that commit (group commit, src/api/sync.c: one fsync covers every
# request that committed before it); the fsyncs and the requests that waited for one are read
# from /metrics and printed (builds before the group commit have none: their POSTs were
# committed without an fsync, synchronous = NORMAL).
#
#   bench/web_bench.sh [ASSAY_BINARY]     (scripts/bench.sh web builds it and runs this)
#   environment: RUNS=3 DURATION=10 CONNS=64 WRK_THREADS=2 WORKERS=2 ATTEMPTS=1000
#                QUESTIONS=20 POST_ATTEMPTS=2500 (attempts per POST round)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
assay=${1:-$root/build-release/assay}
runs=${RUNS:-3}
duration=${DURATION:-10}
conns=${CONNS:-64}
threads=${WRK_THREADS:-2}
workers=${WORKERS:-2}
attempts=${ATTEMPTS:-1000}
questions=${QUESTIONS:-20}
post_attempts=${POST_ATTEMPTS:-2500}
for tool in wrk nginx node curl sqlite3; do
  command -v "$tool" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
  command -v "$tool" >/dev/null 2>&1 || {
    echo "web_bench: $tool is missing (scripts/deps.sh --bench installs it)" >&2
    exit 1
  }
done
[ -x "$assay" ] || { echo "web_bench: no binary $assay (build it: scripts/bench.sh web)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/assay-web-bench.XXXXXX)
server_pid=
nginx_pid=
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- assay serve on a free loopback port (port 0: it picks one and prints the URL)
"$assay" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --workers "$workers" \
  --rate-limit 0 >"$tmp/serve.out" 2>"$tmp/serve.log" &
server_pid=$!
url=
for _ in $(seq 300); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.out" 2>/dev/null || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "web_bench: assay serve did not start:" >&2
  cat "$tmp/serve.log" >&2
  exit 1
fi

rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %.1f MB  ", $1, $2 / 1024}' "/proc/$server_pid/status"; }
answers() { sqlite3 "file:$tmp/bench.db?mode=ro" 'SELECT count(*) FROM response'; }

echo "== assay web benchmark: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   $assay serve --workers $workers --rate-limit 0; wrk -t$threads -c$conns -d${duration}s; $runs rounds"
echo "   memory at start: $(rss)"

# ---- learners and attempts (sign-up allows 20 accounts per address per 10 minutes: 10 here)
node "$root/bench/web_setup.mjs" "$url" "10:$tmp/accounts.json" "$questions" "$tmp/get.txt:$attempts"
echo "   memory with $attempts attempts in progress (each shown its first question): $(rss)"
sets=()
for r in $(seq "$runs"); do sets+=("$tmp/post$r.txt:$post_attempts"); done
node "$root/bench/web_setup.mjs" "$url" "10:$tmp/accounts.json" "$questions" "${sets[@]}"
echo "   memory with $((attempts + runs * post_attempts)) attempts in progress: $(rss)"

# ---- nginx: the ceiling, serving a file of the GET response's size
read -r id cookie _ <"$tmp/get.txt"
curl -sf -H "Cookie: $cookie" "$url/api/v1/attempts/$id/question" >"$tmp/question.json"
size=$(stat -c %s "$tmp/question.json")
mkdir -p "$tmp/www"
cp "$tmp/question.json" "$tmp/www/question.json"
chmod 755 "$tmp" "$tmp/www"
chmod 644 "$tmp/www/question.json"
nginx_url=
for _ in $(seq 20); do
  port=$((20000 + RANDOM % 40000))
  cat >"$tmp/nginx.conf" <<EOF
worker_processes $workers;
daemon off;
master_process on;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/json;
  client_body_temp_path $tmp/nginx-body;
  proxy_temp_path $tmp/nginx-proxy;
  fastcgi_temp_path $tmp/nginx-fastcgi;
  uwsgi_temp_path $tmp/nginx-uwsgi;
  scgi_temp_path $tmp/nginx-scgi;
  server {
    listen 127.0.0.1:$port;
    root $tmp/www;
  }
}
EOF
  nginx -p "$tmp" -c "$tmp/nginx.conf" 2>>"$tmp/nginx.err" &
  nginx_pid=$!
  for _ in $(seq 50); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/question.json" && nginx_url="http://127.0.0.1:$port" && break
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$nginx_url" ] && break
  kill -QUIT "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=
done
[ -n "$nginx_url" ] || { echo "web_bench: nginx did not start:" >&2; cat "$tmp/nginx.err" >&2; exit 1; }
echo "   GET response: $size bytes; nginx $(nginx -v 2>&1 | sed 's/.*\///') serves the same bytes"

# ---- the rounds
bench() { # NAME URL MODE [FILE]: one wrk run; prints its WRK line
  timeout $((duration + 30)) wrk -t"$threads" -c"$conns" -d"${duration}s" --timeout 10s \
    -s "$root/bench/web_wrk.lua" "$2" -- "$3" "${4:-}" "$threads" | grep '^WRK' | sed "s/^WRK/$1/"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
bench warmup "$url" get "$tmp/get.txt" >/dev/null
: >"$tmp/results"
for r in $(seq "$runs"); do
  g=$(bench get "$url" get "$tmp/get.txt")
  n=$(bench nginx "$nginx_url/question.json" static)
  before=$(answers)
  p=$(bench post "$url" post "$tmp/post$r.txt")
  after=$(answers)
  secs=$(echo "$p" | field seconds)
  stored=$((after - before))
  p="$p stored=$stored stored_per_s=$(awk -v n="$stored" -v s="$secs" 'BEGIN {printf "%.1f", n / s}')"
  ratio="ratio value=$(awk -v g="$(echo "$g" | field rps)" -v n="$(echo "$n" | field rps)" \
    'BEGIN {printf "%.3f", g / n}')"
  printf '%s\n%s\n%s\n%s\n' "$g" "$n" "$p" "$ratio" | tee -a "$tmp/results" | sed "s/^/   round $r: /"
done

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
med() { grep "^$1 " "$tmp/results" | field "$2" | median; }
echo "== medians of $runs rounds (requests/s, latency p50 / p99 in ms)"
for what in get nginx post; do
  printf '   %-6s %10.0f req/s   p50 %7.2f ms   p99 %7.2f ms   non-2xx %s   socket errors %s\n' \
    "$what" "$(med "$what" rps)" "$(awk -v u="$(med "$what" p50_us)" 'BEGIN {print u / 1000}')" \
    "$(awk -v u="$(med "$what" p99_us)" 'BEGIN {print u / 1000}')" \
    "$(grep "^$what " "$tmp/results" | field non2xx | awk '{n += $1} END {print n}')" \
    "$(grep "^$what " "$tmp/results" | field errors | awk '{n += $1} END {print n}')"
done
printf '   answers stored per second (counted in the bank): %.0f (median)\n' "$(med post stored_per_s)"
echo "   GET / nginx (each round's rates, the median of the rounds): $(med ratio value) (target >= 0.5)"
echo "   server memory at the end: $(rss)"
m=$(curl -sf "$url/metrics" || true)
fs=$(echo "$m" | sed -n 's/^assay_fsyncs_total \([0-9]*\)$/\1/p')
dw=$(echo "$m" | sed -n 's/^assay_durable_waits_total \([0-9]*\)$/\1/p')
if [ -n "$fs" ]; then
  echo "   durable: $dw responses waited for an fsync of the WAL; $fs fsyncs" \
    "($(awk -v w="$dw" -v f="$fs" 'BEGIN {printf "%.1f", f ? w / f : 0}') per fsync, set-up included)"
else
  echo "   durable: this build does not fsync before answering (no assay_fsyncs_total in /metrics)"
fi
echo "   the server's responses by method and status (its request log):"
awk '$3 ~ /^\/api\/v1\/attempts\/[0-9]+\// {sub(/.*\//, "", $3); n[$2 " " $3 " " $4]++}
     END {for (k in n) printf "     %-28s %d\n", k, n[k]}' "$tmp/serve.log" | sort
grep -v '^[0-9-]*T[0-9:]*Z ' "$tmp/serve.log" | sort | uniq -c | sort -rn | head -5 | sed 's/^/     /' || true
