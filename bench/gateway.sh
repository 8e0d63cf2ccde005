#!/usr/bin/env bash
# Proxy overhead of the Ladder gateway, measured with wrk on loopback against a fixed-response upstream (nginx
# serving a canned Messages JSON and a canned SSE stream): direct to nginx versus through the gateway, non-streamed
# and streamed, at concurrency 1, 32 and 64. Prints RPS, p50/p99 latency, the latency the gateway adds, and the
# gateway's CPU milliseconds per request (from /proc/<pid>/stat utime+stime).
#
# Usage: bench/gateway.sh [--ledger-ratio] [seconds-per-run (default 15)] [warm-up seconds (default 5)]
#   default         one gateway with the real DuckDB ledger (in a temporary data directory).
#   --ledger-ratio  two gateways in the same run, one with the DuckDB ledger and one started with --no-ledger
#                   (records priced, metered and queued, then discarded); prints the added latency and CPU of each and
#                   the ratio ledger-on / ledger-off. Runs alternate on/off per row so drift hits both alike.
# The default run ends with a second table, the floor: bench/FloorProxy.java, a relay doing nothing but HTTP framing,
# on virtual and on platform threads, at concurrency 1 (BENCH_FLOOR_CONCS), so the gateway's figures can be read
# against what its thread model alone costs here.
# Needs wrk and nginx (installed with apt-get when missing and running as root). Loopback only; about
# 16 x (run + warm-up) seconds in all (18 x with --ledger-ratio), plus a 30 s JIT warm-up per gateway. Numbers
# from a shared 2-core machine are indicative, not absolute: wrk, nginx and the gateway compete for the same cores.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
compare=false
if [ "${1:-}" = --ledger-ratio ]; then
  compare=true
  shift
fi
duration=${1:-15}
warmup=${2:-5}
nginx_port=${BENCH_NGINX_PORT:-38411}
gateway_port=${BENCH_GATEWAY_PORT:-38412}
gateway_off_port=${BENCH_GATEWAY_OFF_PORT:-38413}
# BENCH_MODES / BENCH_CONCS narrow a run while investigating (defaults: both modes, all three concurrencies);
# BENCH_EXTRA_YAML is appended to the gateways' config file (e.g. a ledger: section).
modes=${BENCH_MODES:-plain stream}
concs=${BENCH_CONCS:-1 32 64}

need() {
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "bench: installing $2 with apt-get" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    else
      echo "bench: needs $1 (apt package $2)" >&2
      exit 1
    fi
  fi
}
need wrk wrk
need nginx nginx-light
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# shellcheck source=../bin/jdk.sh
. "$root/bin/jdk.sh"
ladder_find_jdk
# LADDER_JAR measures another build (e.g. an older commit) with this script.
jar="${LADDER_JAR:-$root/ladder-app/target/ladder.jar}"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl ladder-app -am package >&2)
fi

work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as an unprivileged user and must read the canned files
nginx_pid=""
gateway_pid=""
gateway_off_pid=""
floor_pids=()
cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null || true
  [ -n "$gateway_off_pid" ] && kill "$gateway_off_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  for pid in "${floor_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

message='{"id":"msg_bench","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"text","text":"Hello! This is a canned answer of about the size of a short reply from the model."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1200,"cache_creation_input_tokens":0,"cache_read_input_tokens":9500,"output_tokens":24}}'
sse="event: message_start
data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1200,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":9500,\"output_tokens\":1}}}

event: ping
data: {\"type\": \"ping\"}

event: content_block_start
data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}
"
for i in $(seq 1 20); do
  sse+="
event: content_block_delta
data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"chunk $i of the answer \"}}
"
done
sse+="
event: content_block_stop
data: {\"type\":\"content_block_stop\",\"index\":0}

event: message_delta
data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":60}}

event: message_stop
data: {\"type\":\"message_stop\"}

"
printf '%s' "$message" > "$work/message.json"
printf '%s' "$sse" > "$work/stream.sse"

cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_buffer_size 64k;
  server {
    listen 127.0.0.1:$nginx_port;
    location = /v1/messages {
      if (\$http_x_bench_mode = "sse") { rewrite ^ /canned/stream.sse last; }
      rewrite ^ /canned/message.json last;
    }
    # Static files refuse POST with 405; serve them anyway, as the API answers a POST.
    error_page 405 =200 \$uri;
    location /canned/ {
      alias $work/;
      types { application/json json; text/event-stream sse; }
    }
  }
}
NGINX
"$NGINX" -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!

key=$("$JAVA_HOME/bin/java" -jar "$jar" keys create --team bench --project bench --data "$work/keys.yaml" 2>/dev/null)
cat > "$work/ladder.yaml" <<YAML
gateway:
  listen: {host: 127.0.0.1, port: $gateway_port}
  upstream:
    base-url: http://127.0.0.1:$nginx_port
  keys-file: keys.yaml
${BENCH_EXTRA_YAML:-}
YAML
start_gateway() { # $1 port, $2 log file, then extra serve options; prints the pid
  local port=$1 log=$2
  shift 2
  ANTHROPIC_API_KEY=sk-bench-not-a-real-key "$JAVA_HOME/bin/java" ${LADDER_JAVA_OPTS:-} -jar "$jar" serve \
    --config "$work/ladder.yaml" --port "$port" "$@" 2>"$log" >/dev/null &
  echo $!
}
wait_ready() { # $1 port, $2 log file
  for _ in $(seq 1 150); do
    if curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  echo "bench: the gateway on port $1 did not start: $(tail -5 "$2")" >&2
  exit 1
}
# Each gateway gets its own temporary DuckDB ledger directory.
gateway_pid=$(start_gateway "$gateway_port" "$work/gateway.log" --data "$work/data-on")
if $compare; then
  gateway_off_pid=$(start_gateway "$gateway_off_port" "$work/gateway-off.log" --no-ledger --data "$work/data-off")
fi
for _ in $(seq 1 100); do
  if curl -s -o /dev/null "http://127.0.0.1:$nginx_port/v1/messages" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
wait_ready "$gateway_port" "$work/gateway.log"
if $compare; then
  wait_ready "$gateway_off_port" "$work/gateway-off.log"
fi

body=$(printf '{"model":"claude-sonnet-4-6","max_tokens":1024,"system":[{"type":"text","text":"%s","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"Summarize the document in three bullet points."}]%%s}' "$(head -c 1500 /dev/zero | tr '\0' 'x')")
printf "$body" '' > "$work/plain.json"
printf "$body" ',"stream":true' > "$work/stream.json"

lua() { # $1 body file, $2 mode, $3 key or empty
  local auth=""
  if [ -n "$3" ]; then auth="wrk.headers[\"x-api-key\"] = \"$3\""; fi
  cat <<LUA
wrk.method = "POST"
local f = io.open("$1", "rb"); wrk.body = f:read("*a"); f:close()
wrk.headers["content-type"] = "application/json"
wrk.headers["anthropic-version"] = "2023-06-01"
wrk.headers["x-bench-mode"] = "$2"
$auth
LUA
}
lua "$work/plain.json" json "" > "$work/direct-plain.lua"
lua "$work/stream.json" sse "" > "$work/direct-stream.lua"
lua "$work/plain.json" json "$key" > "$work/gw-plain.lua"
lua "$work/stream.json" sse "$key" > "$work/gw-stream.lua"

# One request each way first, so a broken setup fails here with the answer instead of as a table of errors.
check_gateway() { # $1 port
  local mode status
  for mode in plain stream; do
    status=$(curl -s -o "$work/check.out" -w '%{http_code}' -X POST --data-binary @"$work/$mode.json" \
      -H 'content-type: application/json' -H 'anthropic-version: 2023-06-01' -H "x-api-key: $key" \
      -H "x-bench-mode: $([ "$mode" = plain ] && echo json || echo sse)" "http://127.0.0.1:$1/v1/messages")
    if [ "$status" != 200 ]; then
      echo "bench: the gateway on port $1 answered $status to a $mode request: $(head -c 300 "$work/check.out")" >&2
      exit 1
    fi
  done
}
check_gateway "$gateway_port"
if $compare; then
  check_gateway "$gateway_off_port"
fi

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Prints: rps p50_ms p99_ms requests non2xx
run_wrk() { # $1 url, $2 script, $3 connections, $4 seconds
  local threads=$(( $3 < 2 ? 1 : 2 ))
  timeout $(( $4 + 30 )) wrk -t "$threads" -c "$3" -d "${4}s" --latency -s "$2" "$1" > "$work/wrk.out" 2>&1 || true
  if [ "${BENCH_WRK_OUT:-0}" = 1 ]; then cat "$work/wrk.out" >&2; fi
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 }
    /^ +50%/ { p50=ms($2) }
    /^ +99%/ { p99=ms($2) }
    /requests in/ { n=$1 }
    /Non-2xx/ { bad=$NF }
    END { printf "%s %.3f %.3f %s %s\n", rps, p50, p99, n, (bad==""?0:bad) }' "$work/wrk.out"
}

# Per-thread CPU ticks of a process, one "ticks name" line per thread (BENCH_THREADS=1 prints the busiest).
thread_ticks() { for t in /proc/"$1"/task/*; do awk '{ sub(/^[0-9]+ \(/, ""); n = $0; sub(/\) .*/, "", n);
  sub(/^[^)]*\) /, ""); print $12 + $13, n }' "$t/stat" 2>/dev/null; done | sort -k2; }

# Prints: rps p50_ms p99_ms non2xx cpu_ms_per_request, for one gateway after its warm-up.
run_gateway() { # $1 port, $2 pid, $3 mode, $4 connections
  local before after rps p50 p99 n bad
  run_wrk "http://127.0.0.1:$1/v1/messages" "$work/gw-$3.lua" "$4" "$warmup" >/dev/null
  before=$(cpu_ticks "$2")
  if [ "${BENCH_THREADS:-0}" = 1 ]; then thread_ticks "$2" > "$work/threads.before"; fi
  read -r rps p50 p99 n bad < <(run_wrk "http://127.0.0.1:$1/v1/messages" "$work/gw-$3.lua" "$4" "$duration")
  after=$(cpu_ticks "$2")
  if [ "${BENCH_THREADS:-0}" = 1 ]; then
    thread_ticks "$2" > "$work/threads.after"
    echo "bench: busiest gateway threads during $3 c=$4 (ms of CPU per request):" >&2
    awk -v n="$n" -v t="$ticks" 'NR == FNR { b[$2] += $1; next } { a[$2] += $1 }
      END { for (k in a) if (a[k] - b[k] > 0) printf "  %8.4f %s\n", (a[k] - b[k]) * 1000 / t / n, k }' \
      "$work/threads.before" "$work/threads.after" | sort -rn | head -12 >&2
  fi
  printf '%s %s %s %s %s\n' "$rps" "$p50" "$p99" "$bad" \
    "$(awk -v d="$((after - before))" -v t="$ticks" -v n="$n" \
      'BEGIN { if (n > 0) printf "%.3f", d * 1000 / t / n; else print "n/a" }')"
}

# A long-running gateway is what is measured: the JIT was still compiling after 15 s of one mode, so each gateway
# first serves BENCH_JIT_WARMUP seconds (default 30) of both modes at concurrency 8 before any row is timed (each
# row still has its own warm-up).
jit_warmup=${BENCH_JIT_WARMUP:-30}
warm_gateway() { # $1 port
  local half=$(( (jit_warmup + 1) / 2 ))
  if (( jit_warmup > 0 )); then
    run_wrk "http://127.0.0.1:$1/v1/messages" "$work/gw-plain.lua" 8 "$half" >/dev/null
    run_wrk "http://127.0.0.1:$1/v1/messages" "$work/gw-stream.lua" 8 "$half" >/dev/null
  fi
}
warm_gateway "$gateway_port"
if $compare; then
  warm_gateway "$gateway_off_port"
fi

minus() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a-b}'; }
# The ratio of two added latencies; "n/a" when the one below is not positive (the gateway was not measurably slower).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }

warn_bad() { # $1 direct non-2xx, $2 gateway non-2xx, $3 log
  if [ "$1" != 0 ] || [ "$2" != 0 ]; then
    echo "bench: warning: non-2xx responses (direct $1, gateway $2); see the gateway log" >&2
    tail -5 "$3" >&2 || true
  fi
}

# The floor (bench/FloorProxy.java): a blocking relay doing nothing but HTTP framing, once on virtual threads and
# once on platform threads, against the same nginx in the same run. It shows how much of the gateway's CPU and added
# latency at a given concurrency the thread model alone costs. BENCH_FLOOR_CONCS picks the concurrencies (default 1;
# empty skips the floor); their direct figures come from the main table.
floor_concs=${BENCH_FLOOR_CONCS-1}
declare -A direct_p50 direct_p99 ladder_cpu
start_floor() { # $1 port, $2 virtual|platform; waits until it answers
  "$JAVA_HOME/bin/java" "$root/bench/FloorProxy.java" "$1" "$nginx_port" "$2" 2>"$work/floor-$2.log" >/dev/null &
  floor_pids+=($!)
  for _ in $(seq 1 100); do
    if curl -sf -o /dev/null -X POST --data-binary @"$work/plain.json" "http://127.0.0.1:$1/v1/messages"; then
      return 0
    fi
    sleep 0.2
  done
  echo "bench: the $2-thread floor proxy on port $1 did not start: $(tail -5 "$work/floor-$2.log")" >&2
  exit 1
}
run_floor() {
  local mode c kind port pid f_rps f_p50 f_p99 f_bad f_cpu
  [ -n "$floor_concs" ] || return 0
  local vt_port=${BENCH_FLOOR_VT_PORT:-38414} pt_port=${BENCH_FLOOR_PT_PORT:-38415}
  start_floor "$vt_port" virtual
  local vt_pid=${floor_pids[-1]}
  start_floor "$pt_port" platform
  local pt_pid=${floor_pids[-1]}
  echo
  echo "floor: the same relay without Ladder (framing only), added over direct; ladder/vt = gateway CPU over the"
  echo "virtual-thread floor's"
  printf '%-9s %4s | %10s %9s %9s %8s | %10s %9s %9s %8s | %9s\n' mode conc "vt rps" "+p50 ms" "+p99 ms" \
    "cpu ms" "pt rps" "+p50 ms" "+p99 ms" "cpu ms" "ladder/vt"
  for kind in virtual platform; do
    port=$([ "$kind" = virtual ] && echo "$vt_port" || echo "$pt_port")
    run_wrk "http://127.0.0.1:$port/v1/messages" "$work/gw-plain.lua" 8 5 >/dev/null # JIT warm-up
    run_wrk "http://127.0.0.1:$port/v1/messages" "$work/gw-stream.lua" 8 5 >/dev/null
  done
  for mode in $modes; do
    for c in $floor_concs; do
      [ -n "${direct_p50["$mode $c"]:-}" ] || continue
      read -r v_rps v_p50 v_p99 v_bad v_cpu < <(run_gateway "$vt_port" "$vt_pid" "$mode" "$c")
      read -r p_rps p_p50 p_p99 p_bad p_cpu < <(run_gateway "$pt_port" "$pt_pid" "$mode" "$c")
      printf '%-9s %4s | %10s %9s %9s %8s | %10s %9s %9s %8s | %9s\n' "$mode" "$c" \
        "$v_rps" "$(minus "$v_p50" "${direct_p50["$mode $c"]}")" "$(minus "$v_p99" "${direct_p99["$mode $c"]}")" \
        "$v_cpu" "$p_rps" "$(minus "$p_p50" "${direct_p50["$mode $c"]}")" \
        "$(minus "$p_p99" "${direct_p99["$mode $c"]}")" "$p_cpu" "$(ratio "${ladder_cpu["$mode $c"]}" "$v_cpu")"
      warn_bad 0 "$v_bad" "$work/floor-virtual.log"
      warn_bad 0 "$p_bad" "$work/floor-platform.log"
    done
  done
}

if ! $compare; then
  printf '%-9s %4s | %10s %8s %8s | %10s %8s %8s | %9s %9s | %8s\n' \
    mode conc "direct rps" "p50 ms" "p99 ms" "ladder rps" "p50 ms" "p99 ms" "+p50 ms" "+p99 ms" "cpu ms/req"
  for mode in $modes; do
    for c in $concs; do
      run_wrk "http://127.0.0.1:$nginx_port/v1/messages" "$work/direct-$mode.lua" "$c" "$warmup" >/dev/null
      read -r d_rps d_p50 d_p99 _ d_bad < <(run_wrk "http://127.0.0.1:$nginx_port/v1/messages" "$work/direct-$mode.lua" "$c" "$duration")
      read -r g_rps g_p50 g_p99 g_bad cpu < <(run_gateway "$gateway_port" "$gateway_pid" "$mode" "$c")
      printf '%-9s %4s | %10s %8s %8s | %10s %8s %8s | %9s %9s | %8s\n' "$mode" "$c" "$d_rps" "$d_p50" "$d_p99" \
        "$g_rps" "$g_p50" "$g_p99" "$(minus "$g_p50" "$d_p50")" "$(minus "$g_p99" "$d_p99")" "$cpu"
      warn_bad "$d_bad" "$g_bad" "$work/gateway.log"
      direct_p50["$mode $c"]=$d_p50
      direct_p99["$mode $c"]=$d_p99
      ladder_cpu["$mode $c"]=$cpu
    done
  done
  run_floor
  exit 0
fi

# --ledger-ratio: per row, direct, then ledger on and off in alternating order.
printf '%-6s %4s | %8s %8s | %9s %8s %8s %7s | %9s %8s %8s %7s | %9s %9s %9s\n' \
  mode conc "d p50" "d p99" "on rps" "on +p50" "on +p99" "on cpu" "off rps" "off +p50" "off +p99" "off cpu" \
  "+p50 on/off" "+p99 on/off" "cpu on/off"
row=0
for mode in $modes; do
  for c in $concs; do
    run_wrk "http://127.0.0.1:$nginx_port/v1/messages" "$work/direct-$mode.lua" "$c" "$warmup" >/dev/null
    read -r d_rps d_p50 d_p99 _ d_bad < <(run_wrk "http://127.0.0.1:$nginx_port/v1/messages" "$work/direct-$mode.lua" "$c" "$duration")
    if (( row % 2 == 0 )); then
      read -r on_rps on_p50 on_p99 on_bad on_cpu < <(run_gateway "$gateway_port" "$gateway_pid" "$mode" "$c")
      read -r off_rps off_p50 off_p99 off_bad off_cpu < <(run_gateway "$gateway_off_port" "$gateway_off_pid" "$mode" "$c")
    else
      read -r off_rps off_p50 off_p99 off_bad off_cpu < <(run_gateway "$gateway_off_port" "$gateway_off_pid" "$mode" "$c")
      read -r on_rps on_p50 on_p99 on_bad on_cpu < <(run_gateway "$gateway_port" "$gateway_pid" "$mode" "$c")
    fi
    row=$((row + 1))
    on_add50=$(minus "$on_p50" "$d_p50"); on_add99=$(minus "$on_p99" "$d_p99")
    off_add50=$(minus "$off_p50" "$d_p50"); off_add99=$(minus "$off_p99" "$d_p99")
    printf '%-6s %4s | %8s %8s | %9s %8s %8s %7s | %9s %8s %8s %7s | %11s %11s %9s\n' "$mode" "$c" "$d_p50" "$d_p99" \
      "$on_rps" "$on_add50" "$on_add99" "$on_cpu" "$off_rps" "$off_add50" "$off_add99" "$off_cpu" \
      "$(ratio "$on_add50" "$off_add50")" "$(ratio "$on_add99" "$off_add99")" "$(ratio "$on_cpu" "$off_cpu")"
    warn_bad "$d_bad" "$on_bad" "$work/gateway.log"
    warn_bad "$d_bad" "$off_bad" "$work/gateway-off.log"
  done
done
