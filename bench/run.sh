#!/usr/bin/env bash
# Portcullis benchmark harness. Usage: bench/run.sh [--quick] [options]; see bench/README.md.
#
# Builds Portcullis and a bare Spring Cloud Gateway, starts a fixed nginx origin and every system
# under test on its own loopback port, warms the JVMs, drives each with wrk in interleaved rounds,
# and prints one table (also written as JSON to bench/results/<timestamp>.json). Every process it
# starts is stopped on exit, including Ctrl-C and failures. Load goes to 127.0.0.1 only.
set -Eeuo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
LIB="$BENCH_DIR/lib"
JAVA=${JAVA:-java}
export JAVA

ALL_SYSTEMS=(origin nginx haproxy scg-bare portcullis portcullis-10k portcullis-chain
	portcullis-cache-hit portcullis-cache-hit-redis)
declare -A LABEL=(
	[origin]="origin (nginx static, direct)"
	[nginx]="nginx reverse proxy (keepalive)"
	[haproxy]="HAProxy (http, keep-alive)"
	[scg-bare]="bare Spring Cloud Gateway"
	[portcullis]="Portcullis plain route (10 routes, match r9)"
	[portcullis-10k]="Portcullis 10,000 routes (match r9990)"
	[portcullis-chain]="Portcullis chain: RateLimit+ResponseCache miss+CircuitBreaker, Redis"
	[portcullis-cache-hit]="Portcullis cache hit (memory store)"
	[portcullis-cache-hit-redis]="Portcullis cache hit (Redis store)"
)
declare -A KIND=([origin]=native [nginx]=native [haproxy]=native [scg-bare]=jvm [portcullis]=jvm
	[portcullis-10k]=jvm [portcullis-chain]=jvm [portcullis-cache-hit]=jvm
	[portcullis-cache-hit-redis]=jvm [portcullis-redis]=jvm)
# The process that serves each row. Portcullis' five rows share three JVMs instead of one each: the plain
# route and the memory-store cache hit are two routes of one instance, the chain and the Redis-store
# cache hit two routes of another (both need the Redis stores), and the 10,000 routes one of their
# own. Fewer JVMs to launch and warm up keep a full run under 15 minutes; rows of one JVM share its
# compiled code and heap, as the routes of one gateway do in production. Only one row is loaded at a
# time, so each row's CPU per request is its own; its peak RSS is its JVM's.
declare -A HOST=([origin]=origin [nginx]=nginx [haproxy]=haproxy [scg-bare]=scg-bare [portcullis]=portcullis
	[portcullis-cache-hit]=portcullis [portcullis-10k]=portcullis-10k [portcullis-chain]=portcullis-redis
	[portcullis-cache-hit-redis]=portcullis-redis)
# The route id of each Portcullis row, to read its own cache and rate-limit counters.
declare -A ROUTE=([portcullis]=r9 [portcullis-cache-hit]=cached [portcullis-10k]=r9990 [portcullis-chain]=chain
	[portcullis-cache-hit-redis]=cached)
# Systems that need the Redis server the harness starts (on the load CPUs, like the origin).
REDIS_SYSTEMS=(portcullis-chain portcullis-cache-hit-redis)

usage() {
	cat <<'EOF'
Usage: bench/run.sh [options]

Builds the gateway jar and bench/scg-bare, starts an nginx origin and the systems under test on
loopback, drives them with wrk in interleaved rounds and prints a table (JSON in bench/results/).

Options:
  --quick             short smoke run: --warmup 6 --duration 3 --rounds 3 --half-rounds 1
  --warmup SECS       load applied to each JVM system before measuring (default 30), on the
                      system-under-test and load CPUs together when pinned (then on its own CPU)
  --warmup-max SECS   then more load, 10 s at a time, until the JIT compilers use under
                      --settle-pct of the system's CPU, up to this much load in all (default 100;
                      quick mode: no more than --warmup)
  --settle-pct P      the JIT's share of CPU below which a JVM counts as warmed up (default 3)
  --duration SECS     length of one measured wrk run of a JVM system (default 8)
  --native-duration SECS
                      length of one measured wrk run of origin, nginx and HAProxy, which need no
                      warm-up and are steady within a second (default 4; quick mode: --duration)
  --rounds N          interleaved peak rounds; medians are taken across them (default 3)
  --half-rounds N     rounds at half of each system's own peak, for p99@half (default 1; 0 = skip)
  --connections N     wrk connections, kept alive (default 64)
  --start-runs N      launches of Portcullis as the container image runs it (extracted jar and an
                      ahead-of-time cache, all CPUs) for the start-up target; median (default 3;
                      quick mode 1; 0 = skip)
  --threads N         wrk threads (default: number of load CPUs when pinned, else 2)
  --only LIST         comma-separated subset of: origin,nginx,haproxy,scg-bare,portcullis,
                      portcullis-10k,portcullis-chain,portcullis-cache-hit,
                      portcullis-cache-hit-redis (default: all)
  --pin | --no-pin    force CPU pinning on or off (default: on when the machine has <= 2 CPUs)
  --sut-cpus LIST     taskset CPU list for the system under test when pinned (default 1)
  --load-cpus LIST    taskset CPU list for the origin, wrk and this script when pinned (default 0)
  --jvm-opts "OPTS"   extra JVM options for every JVM system under test (default: none)
  --jvm-defaults      run Portcullis with the JVM's defaults for this machine instead of as the Helm
                      chart runs it (its jvm.options and its memory limit; see bench/README.md)
  --no-build          use the jars already built (target/ and bench/scg-bare/target/)
  --out FILE          JSON report path (default bench/results/<UTC timestamp>.json)
  --keep-work         keep the temporary work dir (configs and logs) after a successful run
  -h, --help          this help
Environment: JAVA (default: java on PATH).
EOF
}

# ---------------------------------------------------------------- options
quick=0 warmup="" warmup_max="" settle_pct=3 duration="" native_duration="" rounds="" half_rounds="" connections=64 threads="" only="" pin=auto
sut_cpus=1 load_cpus=0 jvm_opts="" jvm_defaults=0 build=1 out="" keep_work=0 start_runs=""
need() { [[ $# -ge 2 && -n $2 ]] || { echo "option $1 needs a value" >&2; exit 64; }; }
while (($#)); do
	case $1 in
	--quick) quick=1 ;;
	--warmup) need "$@"; warmup=$2; shift ;;
	--warmup-max) need "$@"; warmup_max=$2; shift ;;
	--settle-pct) need "$@"; settle_pct=$2; shift ;;
	--duration) need "$@"; duration=$2; shift ;;
	--native-duration) need "$@"; native_duration=$2; shift ;;
	--rounds) need "$@"; rounds=$2; shift ;;
	--half-rounds) need "$@"; half_rounds=$2; shift ;;
	--connections) need "$@"; connections=$2; shift ;;
	--start-runs) need "$@"; start_runs=$2; shift ;;
	--threads) need "$@"; threads=$2; shift ;;
	--only) need "$@"; only=$2; shift ;;
	--pin) pin=on ;;
	--no-pin) pin=off ;;
	--sut-cpus) need "$@"; sut_cpus=$2; shift ;;
	--load-cpus) need "$@"; load_cpus=$2; shift ;;
	--jvm-opts) [[ $# -ge 2 ]] || { echo "option $1 needs a value" >&2; exit 64; }; jvm_opts=$2; shift ;;
	--jvm-defaults) jvm_defaults=1 ;;
	--no-build) build=0 ;;
	--out) need "$@"; out=$2; shift ;;
	--keep-work) keep_work=1 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
	esac
	shift
done
if ((quick)); then
	mode=quick; : "${warmup:=6}" "${warmup_max:=$warmup}" "${duration:=3}" "${native_duration:=$duration}" "${rounds:=3}" "${half_rounds:=1}" "${start_runs:=1}"
else
	mode=full; : "${warmup:=30}" "${warmup_max:=100}" "${duration:=8}" "${native_duration:=4}" "${rounds:=3}" "${half_rounds:=1}" "${start_runs:=3}"
fi
for v in warmup warmup_max settle_pct duration native_duration rounds half_rounds connections start_runs; do
	[[ ${!v} =~ ^[0-9]+$ ]] || { echo "--${v//_/-} must be a whole number, got '${!v}'" >&2; exit 64; }
done
settle_permille=$((settle_pct * 10))
((warmup_max >= warmup)) || warmup_max=$warmup
((duration > 0 && native_duration > 0 && rounds > 0 && connections > 0)) ||
	{ echo "--duration, --native-duration, --rounds and --connections must be > 0" >&2; exit 64; }
SYSTEMS=()
if [[ -n $only ]]; then
	IFS=, read -ra wanted <<<"$only"
	for s in "${ALL_SYSTEMS[@]}"; do
		for w in "${wanted[@]}"; do [[ $s == "$w" ]] && SYSTEMS+=("$s"); done
	done
	for w in "${wanted[@]}"; do
		[[ -n ${LABEL[$w]+x} ]] || { echo "--only: unknown system '$w'" >&2; exit 64; }
	done
else
	SYSTEMS=("${ALL_SYSTEMS[@]}")
fi
has() { local s; for s in "${SYSTEMS[@]}"; do [[ $s == "$1" ]] && return 0; done; return 1; }
# The processes to start: the hosts of the chosen rows, in row order, each once.
PROCS=()
for s in "${SYSTEMS[@]}"; do
	[[ " ${PROCS[*]} " == *" ${HOST[$s]} "* ]] || PROCS+=("${HOST[$s]}")
done
rows_of() { # rows_of PROC: the chosen rows it serves
	local s
	for s in "${SYSTEMS[@]}"; do [[ ${HOST[$s]} == "$1" ]] && echo "$s"; done
	return 0
}
need_redis=0
for s in "${REDIS_SYSTEMS[@]}"; do has "$s" && need_redis=1; done

T0=$SECONDS
log() { printf '[%s %4ds] %s\n' "$(date +%T)" $((SECONDS - T0)) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- prerequisites (installs nothing)
missing=() pkgs=()
for tool in nginx:nginx haproxy:haproxy wrk:wrk taskset:util-linux curl:curl pgrep:procps timeout:coreutils \
	python3:python3 "$JAVA":openjdk-17-jre-headless \
	$( ((need_redis)) && echo redis-server:redis-server redis-cli:redis-tools); do
	cmd=${tool%%:*} pkg=${tool##*:}
	command -v "$cmd" >/dev/null 2>&1 || { missing+=("$cmd"); pkgs+=("$pkg"); }
done
if ((${#missing[@]})); then
	echo "bench/run.sh: missing tools: ${missing[*]}" >&2
	echo "Install them (Debian/Ubuntu) and run again:" >&2
	echo "  apt-get update && apt-get install -y ${pkgs[*]}" >&2
	exit 3
fi
CLK_TCK=$(getconf CLK_TCK)
NCPU=$(getconf _NPROCESSORS_ONLN)

case $pin in
auto) if ((NCPU <= 2)); then pinned=1; else pinned=0; fi ;;
on) pinned=1 ;;
off) pinned=0 ;;
esac
if ((pinned && NCPU < 2)); then
	log "only $NCPU CPU online: running unpinned"
	pinned=0
fi
if ((pinned)); then
	SUT_PIN=(taskset -c "$sut_cpus")
	LOAD_PIN=(taskset -c "$load_cpus")
	sut_n=$(python3 "$LIB/benchlib.py" cpucount "$sut_cpus")
	load_n=$(python3 "$LIB/benchlib.py" cpucount "$load_cpus")
	: "${threads:=$load_n}"
	nginx_workers=$sut_n haproxy_threads="nbthread $sut_n" origin_workers=$load_n
	pin_desc="on (system under test: CPU $sut_cpus; origin, wrk, harness: CPU $load_cpus)"
	# Every JVM sizes itself (GC and compiler threads, event loops, pools) for the system-under-test
	# CPUs, also while it starts and warms up on more CPUs (see warm_system).
	JVM_CPU_OPTS=(-XX:ActiveProcessorCount="$sut_n")
	WIDE_CPUS="$sut_cpus,$load_cpus"
else
	SUT_PIN=() LOAD_PIN=() JVM_CPU_OPTS=() WIDE_CPUS=""
	: "${threads:=2}"
	nginx_workers=auto haproxy_threads="" origin_workers=auto
	pin_desc="off"
	sut_cpus="" load_cpus=""
fi
[[ $threads =~ ^[1-9][0-9]*$ ]] || { echo "--threads must be a positive number" >&2; exit 64; }
((connections >= threads)) || { echo "--connections must be >= --threads" >&2; exit 64; }

# ---------------------------------------------------------------- work dir, cleanup
WORK=$(mktemp -d "${TMPDIR:-/tmp}/portcullis-bench.XXXXXX")
chmod 755 "$WORK" # nginx workers run as 'nobody' when started by root and must read the origin's file
: >"$WORK/pids"
STARTED=()
declare -A PID PORT MPORT URL LAUNCH_NS START_MS RSS_KIB WARM_S WARM_JIT
WATCHDOG=""
ok=0

alive() { # running and not a zombie
	local st
	[[ -r /proc/$1/stat ]] || return 1
	st=$(<"/proc/$1/stat") 2>/dev/null || return 1
	st=${st##*) }
	[[ ${st%% *} != Z ]]
}
tree_pids() {
	local c
	echo "$1"
	for c in $(pgrep -P "$1" 2>/dev/null || true); do tree_pids "$c"; done
}
cleanup() {
	local rc=$? p all=() deadline
	trap - EXIT INT TERM ERR
	set +e
	if [[ -n $WATCHDOG ]]; then kill "$WATCHDOG" 2>/dev/null; wait "$WATCHDOG" 2>/dev/null; fi
	if ((${#STARTED[@]})); then
		log "stopping ${#STARTED[@]} started processes"
		for p in "${STARTED[@]}"; do mapfile -t -O "${#all[@]}" all < <(tree_pids "$p"); done
		for p in "${STARTED[@]}"; do kill -TERM "$p" 2>/dev/null; done
		deadline=$((SECONDS + 20))
		while ((SECONDS < deadline)); do
			local any=0
			for p in "${all[@]}"; do alive "$p" && any=1; done
			((any)) || break
			sleep 0.2
		done
		for p in "${all[@]}"; do alive "$p" && { log "killing $p"; kill -KILL "$p" 2>/dev/null; }; done
		for p in "${STARTED[@]}"; do wait "$p" 2>/dev/null; done
	fi
	if (((ok || rc == 130) && !keep_work)); then
		rm -rf "$WORK"
	else
		log "work dir (configs and logs) kept: $WORK"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM
trap 'log "failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

# If this script is killed with SIGKILL, the trap cannot run: a watchdog stops what it started.
(
	trap - EXIT INT TERM ERR
	set +e
	parent=$$
	while kill -0 "$parent" 2>/dev/null; do sleep 2; done
	while read -r p; do kill -TERM "$p" 2>/dev/null; done <"$WORK/pids"
	sleep 10
	while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$WORK/pids"
) >/dev/null 2>&1 </dev/null &
WATCHDOG=$!

log "mode $mode: warm-up ${warmup}s (then until the JIT uses under ${settle_pct}% of the CPU, at most ${warmup_max}s), $rounds rounds x ${duration}s (origin, nginx, HAProxy: ${native_duration}s), $half_rounds half-peak rounds, $connections connections, $threads wrk threads"
log "pinning $pin_desc; systems: ${SYSTEMS[*]}; work dir $WORK"

# ---------------------------------------------------------------- build
PORTCULLIS_JAR="$REPO_DIR/target/portcullis-0.1.0-SNAPSHOT.jar"
SCG_JAR="$BENCH_DIR/scg-bare/target/scg-bare.jar"
need_portcullis=0 need_scg=0
for s in "${SYSTEMS[@]}"; do
	[[ $s == portcullis* ]] && need_portcullis=1
	[[ $s == scg-bare ]] && need_scg=1
done
if ((build)); then
	if ((need_portcullis)); then
		log "building Portcullis: ./mvnw -q -B -DskipTests package"
		(cd "$REPO_DIR" && ./mvnw -q -B -DskipTests package) || die "Portcullis build failed"
	fi
	if ((need_scg)); then
		log "building bare SCG: ./mvnw -q -B -DskipTests -f bench/scg-bare/pom.xml package"
		(cd "$REPO_DIR" && ./mvnw -q -B -DskipTests -f bench/scg-bare/pom.xml package) || die "bare SCG build failed"
	fi
fi
# Run copies, so a rebuild in the repository during the run cannot change a running jar.
if ((need_portcullis)); then
	[[ -f $PORTCULLIS_JAR ]] || die "$PORTCULLIS_JAR not found (run without --no-build)"
	cp "$PORTCULLIS_JAR" "$WORK/portcullis.jar"
fi
if ((need_scg)); then
	[[ -f $SCG_JAR ]] || die "$SCG_JAR not found (run without --no-build)"
	cp "$SCG_JAR" "$WORK/scg-bare.jar"
fi

# From here on, the harness itself (and so curl and the origin) runs on the load CPUs.
# Every CPU this script may use before it pins itself: the start-up phase runs unpinned.
ALL_CPUS=$(taskset -pc $$ | sed 's/.*: //')
if ((pinned)); then taskset -pc "$load_cpus" $$ >/dev/null; fi

# ---------------------------------------------------------------- helpers
read -r ORIGIN_PORT P_ORIGIN P_NGINX P_HAPROXY P_SCG P_PC P_PC_M P_PC10K P_PC10K_M \
	P_REDIS P_REDIS_M REDIS_PORT <<<"$(python3 "$LIB/benchlib.py" ports 12)"
read -ra JVM_OPTS <<<"$jvm_opts"

# Portcullis' rows run as the Helm chart runs the gateway: the chart's jvm.options (its
# JDK_JAVA_OPTIONS) and its container memory limit, from which the JVM sizes its heap. No container
# is involved here, so -XX:MaxRAM stands in for the limit. With the JVM's defaults on a large
# machine (this one has 24 GiB) the initial heap alone is a 64th of the RAM. --jvm-defaults
# measures that instead. Bare Spring Cloud Gateway always runs with the JVM's defaults.
CHART_VALUES="$REPO_DIR/helm/portcullis/values.yaml"
PORTCULLIS_JVM=()
PORTCULLIS_JVM_FORM="JVM defaults"
if ((!jvm_defaults)); then
	chart_opts=$(sed -n 's/^  options: "\(.*\)"$/\1/p' "$CHART_VALUES" | head -n 1)
	chart_mem=$(awk '/^resources:/ { r = 1 } r && /^  limits:/ { l = 1 } r && l && /^    memory:/ { print $2; exit }' "$CHART_VALUES")
	[[ -n $chart_opts && $chart_mem =~ ^([0-9]+)(Mi|Gi)$ ]] ||
		die "cannot read jvm.options and resources.limits.memory from $CHART_VALUES (use --jvm-defaults)"
	unit=m; [[ ${BASH_REMATCH[2]} == Gi ]] && unit=g
	read -ra PORTCULLIS_JVM <<<"-XX:MaxRAM=${BASH_REMATCH[1]}$unit $chart_opts"
	PORTCULLIS_JVM_FORM="the Helm chart's JVM options and memory limit (${PORTCULLIS_JVM[*]})"
fi
log "Portcullis runs with $PORTCULLIS_JVM_FORM"

launch() { # launch ID CPULIST LOGFILE CMD... (CPULIST empty: no pinning)
	local id=$1 cpus=$2 logf=$3
	shift 3
	LAUNCH_NS[$id]=$(date +%s%N)
	if [[ -n $cpus ]]; then
		taskset -c "$cpus" "$@" >"$logf" 2>&1 </dev/null &
	else
		"$@" >"$logf" 2>&1 </dev/null &
	fi
	PID[$id]=$!
	STARTED+=("$!")
	echo "$!" >>"$WORK/pids"
}

wait_200() { # wait_200 ID URL LIMIT_SECS LOGFILE: poll until 200; records launch-to-first-200
	local id=$1 url=$2 limit=$3 logf=$4 code="" deadline now
	deadline=$((SECONDS + limit))
	while :; do
		if ! alive "${PID[$id]}"; then
			log "$id exited during start-up; the end of $logf:"
			tail -n 40 "$logf" >&2 || true
			die "$id did not start"
		fi
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)
		if [[ $code == 200 ]]; then
			now=$(date +%s%N)
			START_MS[$id]=$(((now - LAUNCH_NS[$id]) / 1000000))
			# record worker processes too, for the watchdog
			tree_pids "${PID[$id]}" | tail -n +2 >>"$WORK/pids" || true
			return 0
		fi
		if ((SECONDS >= deadline)); then
			tail -n 40 "$logf" >&2 || true
			die "$id: no 200 from $url within ${limit}s (last status '${code:-none}')"
		fi
		sleep 0.05
	done
}

stat_ticks() { # stat_ticks FILE...: utime+stime clock ticks summed over /proc stat files (gone ones skipped)
	local total=0 file line f
	for file in "$@"; do
		line=$(<"$file") 2>/dev/null || continue
		read -ra f <<<"${line##*) }" # f[0] is field 3 (state): utime is field 14, stime field 15
		total=$((total + f[11] + f[12]))
	done
	echo "$total"
}

tree_ticks() { # utime+stime clock ticks of a process and all its descendants
	local p files=()
	for p in $(tree_pids "$1"); do files+=("/proc/$p/stat"); done
	stat_ticks "${files[@]}"
}

tree_hwm_kib() { # sum of VmHWM (peak RSS) over a process tree
	local total=0 p v
	for p in $(tree_pids "$1"); do
		v=$(awk '/^VmHWM:/{print $2}' "/proc/$p/status" 2>/dev/null || true)
		total=$((total + ${v:-0}))
	done
	echo "$total"
}

run_wrk() { # run_wrk URL SECS [DELAY_MS [PATHS]]: one bounded wrk run; prints its output
	BENCH_DELAY_MS=${3:-0} BENCH_PATHS=${4:-} timeout -k 5 $(($2 + 30)) "${LOAD_PIN[@]}" \
		wrk -t"$threads" -c"$connections" -d"${2}s" --timeout 5s -s "$LIB/wrk-report.lua" "$1" 2>&1
}

measure() { # measure ID KIND ROUND [DELAY_MS OFFERED_RPS]
	local id=$1 kind=$2 round=$3 delay=${4:-0} offered=${5:-null} before after out json rec jit0=0 jit1=0 jit=null
	local pid=${PID[${HOST[$id]}]}
	alive "$pid" || die "$id is no longer running"
	# A JVM's compiler threads' CPU during the run: compiling in a measured round shows in its tail.
	if [[ ${KIND[$id]} == jvm ]]; then jit0=$(jit_ticks "$pid"); fi
	before=$(tree_ticks "$pid")
	local secs=$duration
	if [[ ${KIND[$id]} != jvm ]]; then secs=$native_duration; fi
	out=$(run_wrk "${URL[$id]}" "$secs" "$delay") || { printf '%s\n' "$out" >&2; die "wrk failed against $id"; }
	after=$(tree_ticks "$pid")
	if [[ ${KIND[$id]} == jvm ]]; then jit1=$(jit_ticks "$pid") jit=$((jit1 - jit0)); fi
	json=$(sed -n 's/^WRKJSON //p' <<<"$out")
	[[ -n $json ]] || { printf '%s\n' "$out" >&2; die "no summary from wrk against $id"; }
	rec=$(printf '{"system":"%s","kind":"%s","round":%d,"delay_ms":%s,"offered_rps":%s,"cpu_ticks":%d,"jit_ticks":%s,"clk_tck":%d,"wrk":%s}' \
		"$id" "$kind" "$round" "$delay" "$offered" $((after - before)) "$jit" "$CLK_TCK" "$json")
	echo "$rec" >>"$WORK/runs.jsonl"
	log "$(printf '%-15s %-4s r%d: %s' "$id" "$kind" "$round" "$(python3 "$LIB/benchlib.py" runline <<<"$rec")")"
	sleep 0.5
}

warm() { # warm PROC SECS: load on every chosen row it serves, taking turns request by request
	local out rows paths=() r
	mapfile -t rows < <(rows_of "$1")
	if ((${#rows[@]} > 1)); then
		for r in "${rows[@]}"; do paths+=("/${URL[$r]#http://*/}"); done
		log "warming $1 for ${2}s ($(IFS=,; echo "${rows[*]}"))"
	else
		log "warming $1 for ${2}s"
	fi
	out=$(run_wrk "${URL[${rows[0]}]}" "$2" 0 "$(IFS=,; echo "${paths[*]}")") ||
		{ printf '%s\n' "$out" >&2; die "warm-up wrk failed against $1"; }
	WARM_S[$1]=$((${WARM_S[$1]:-0} + $2))
	sleep 0.5
}

jit_ticks() { # CPU ticks of a JVM's JIT compiler threads (C1 and C2), summed
	local t files=()
	for t in /proc/"$1"/task/*; do
		if [[ $(<"$t/comm") == C[12]\ CompilerThre* ]] 2>/dev/null; then files+=("$t/stat"); fi
	done
	stat_ticks "${files[@]}"
}

settle() { # settle ID: after the fixed warm-up, more load in 10 s slices until the JIT has settled
	local id=$1 slice=10 before after jit0 jit1 share pct
	while ((${WARM_S[$id]} + slice <= warmup_max)); do
		before=$(tree_ticks "${PID[$id]}") jit0=$(jit_ticks "${PID[$id]}")
		warm "$id" "$slice"
		after=$(tree_ticks "${PID[$id]}") jit1=$(jit_ticks "${PID[$id]}")
		share=$(((jit1 - jit0) * 1000 / ((after - before) > 0 ? (after - before) : 1)))
		WARM_JIT[$id]=$share
		pct="$((share / 10)).$((share % 10))"
		if ((share < settle_permille)); then
			log "$id settled: the JIT used ${pct}% of its CPU over the last ${slice}s (${WARM_S[$id]}s of load in all)"
			return 0
		fi
		log "$id not settled yet: the JIT used ${pct}% of its CPU over the last ${slice}s"
	done
	log "$id did not settle within --warmup-max ${warmup_max}s; measuring it anyway"
}

write_nginx_conf() { # write_nginx_conf DIR WORKERS SERVER_BODY [HTTP_EXTRA]
	local dir=$1
	mkdir -p "$dir/logs" "$dir/tmp" "$dir/html"
	cat >"$dir/nginx.conf" <<EOF
# generated by bench/run.sh
worker_processes $2;
daemon off;
master_process on;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events {
    worker_connections 8192;
}
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 120s;
    keepalive_requests 100000000;
    default_type text/plain;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    ${4:-}
    server {
$3
    }
}
EOF
}

write_origin() { # write_origin DIR PORT WORKERS: nginx serving one 1 KiB file for every path
	# /cacheable adds "Cache-Control: public, max-age=3600" (the cache-hit rows). /uncacheable drops
	# ETag and Last-Modified, so a cache finds neither freshness nor validators and never stores it
	# (the chain row's cache-miss path; the plain path's Last-Modified would make it heuristically
	# cacheable). Every other path, /bench/1k included, is served exactly as before.
	local dir=$1
	write_nginx_conf "$dir" "$3" "        listen 127.0.0.1:$2 backlog=4096;
        root $dir/html;
        open_file_cache max=16 inactive=3600s;
        location / { try_files /1k.txt =404; }
        location = /cacheable {
            add_header Cache-Control \"public, max-age=3600\";
            try_files /1k.txt =404;
        }
        location = /uncacheable {
            etag off;
            add_header Last-Modified \"\";
            try_files /1k.txt =404;
        }"
	head -c 1023 /dev/zero | tr '\0' 'x' >"$dir/html/1k.txt"
	echo >>"$dir/html/1k.txt" # 1024 bytes
	chmod -R a+rX "$dir/html"
}

# ---------------------------------------------------------------- the origin (on the load CPUs)
write_origin "$WORK/origin-upstream" "$ORIGIN_PORT" "$origin_workers"
launch origin-upstream "$load_cpus" "$WORK/origin-upstream/stdout.log" \
	nginx -p "$WORK/origin-upstream" -e "$WORK/origin-upstream/logs/error.log" -c "$WORK/origin-upstream/nginx.conf"
wait_200 origin-upstream "http://127.0.0.1:$ORIGIN_PORT/bench/1k" 20 "$WORK/origin-upstream/stdout.log"
size=$(curl -s "http://127.0.0.1:$ORIGIN_PORT/bench/1k" | wc -c)
((size == 1024)) || die "origin served $size bytes, expected 1024"
h=$(curl -sI --max-time 5 "http://127.0.0.1:$ORIGIN_PORT/cacheable" || true)
grep -qi '^cache-control: public, max-age=3600' <<<"$h" ||
	die "origin's /cacheable does not send Cache-Control: public, max-age=3600"
h=$(curl -sI --max-time 5 "http://127.0.0.1:$ORIGIN_PORT/uncacheable" || true)
if grep -qiE '^(last-modified|etag|cache-control):' <<<"$h"; then
	die "origin's /uncacheable still sends a validator or Cache-Control"
fi
ORIGIN_URI="http://127.0.0.1:$ORIGIN_PORT"
log "origin (upstream of every proxy) on $ORIGIN_URI, CPU ${load_cpus:-any}"

# ---------------------------------------------------------------- Redis (on the load CPUs)
# One throw-away Redis for the rows with Redis stores: loopback only, no persistence.
if ((need_redis)); then
	mkdir -p "$WORK/redis"
	launch redis "$load_cpus" "$WORK/redis/stdout.log" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 \
		--save '' --appendonly no --daemonize no --dir "$WORK/redis"
	deadline=$((SECONDS + 20))
	until [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; do
		alive "${PID[redis]}" || { tail -n 20 "$WORK/redis/stdout.log" >&2; die "redis-server exited during start-up"; }
		((SECONDS < deadline)) || die "redis-server did not answer PING within 20 s"
		sleep 0.05
	done
	log "redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$REDIS_PORT (pid ${PID[redis]}), CPU ${load_cpus:-any}"
fi

# ---------------------------------------------------------------- start-up, as the image runs it
# Every Portcullis instance of the harness (below) runs as these arguments say, plus its route.
PORTCULLIS_ARGS=(--spring.profiles.active=bench --portcullis.demo.enabled=false
	--portcullis.admin.password=bench --logging.level.portcullis.access=OFF)
PLAIN_ROUTE=("--spring.cloud.gateway.server.webflux.routes[0].id=plain"
	"--spring.cloud.gateway.server.webflux.routes[0].uri=$ORIGIN_URI"
	"--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/**")
# The target "launch to first proxied 200 <= 3 s on 2 cores" is measured on the form the container
# image runs (Dockerfile): the jar extracted by Spring Boot's jarmode tools, with an ahead-of-time
# cache trained by one start-up that Spring Boot ends after refreshing the context. A JDK 25+ gets
# the AOT cache (JEP 514/515) as in the image; an older JDK a dynamic CDS archive, the nearest it
# has. All CPUs, unpinned, before any system under test runs; median of --start-runs launches. The
# table's "start s" column stays the plain jar's start on the pinned CPU.
if has portcullis && ((start_runs > 0)); then
	img="$WORK/portcullis-image"
	"$JAVA" -Djarmode=tools -jar "$WORK/portcullis.jar" extract --destination "$img" >"$WORK/extract.log" 2>&1 ||
		{ tail -n 20 "$WORK/extract.log" >&2; die "extracting the Portcullis jar failed"; }
	jmajor=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
	[[ $jmajor =~ ^[0-9]+$ ]] || die "cannot tell the Java version of $JAVA"
	if ((jmajor >= 25)); then
		train=(-XX:AOTCacheOutput="$img/portcullis.aot") use=(-XX:AOTCache="$img/portcullis.aot")
		form="extracted jar + AOT cache (JDK $jmajor)"
	else
		train=(-XX:ArchiveClassesAtExit="$img/portcullis.jsa") use=(-XX:SharedArchiveFile="$img/portcullis.jsa" -Xlog:cds=off)
		form="extracted jar + CDS archive (JDK $jmajor; the JDK 25 image uses an AOT cache)"
	fi
	log "start-up as the image runs it: training the cache ($form)"
	t=$SECONDS
	(cd "$img" && taskset -c "$ALL_CPUS" timeout -k 5 300 "$JAVA" "${train[@]}" -Dspring.context.exit=onRefresh \
		-jar "$img/portcullis.jar" --portcullis.demo.enabled=false --server.port=0 --management.server.port=0) \
		>"$WORK/train.log" 2>&1 || { tail -n 20 "$WORK/train.log" >&2; die "training the start-up cache failed"; }
	train_s=$((SECONDS - t)) runs=()
	for ((i = 1; i <= start_runs; i++)); do
		launch portcullis-start "$ALL_CPUS" "$WORK/start-$i.log" "$JAVA" "${JVM_OPTS[@]}" "${use[@]}" \
			-jar "$img/portcullis.jar" --server.port="$P_PC" --management.server.port="$P_PC_M" \
			"${PORTCULLIS_ARGS[@]}" "${PLAIN_ROUTE[@]}"
		wait_200 portcullis-start "http://127.0.0.1:$P_PC/bench/1k" 120 "$WORK/start-$i.log"
		runs+=("${START_MS[portcullis-start]}")
		kill "${PID[portcullis-start]}" 2>/dev/null || true
		wait "${PID[portcullis-start]}" 2>/dev/null || true
	done
	printf '{"form":"%s","cpus":"%s","train_s":%d,"runs_ms":[%s]}\n' "$form" "$ALL_CPUS" "$train_s" \
		"$(IFS=,; echo "${runs[*]}")" >"$WORK/startup.json"
	log "start-up as the image runs it ($form, CPUs $ALL_CPUS): ${runs[*]} ms to the first proxied 200"
fi

# ---------------------------------------------------------------- systems under test
declare -A LIMIT START_NOTE
launch_system() { # launch_system ID [CPULIST]: write its config and launch it (no wait)
	local id=$1 cpus=${2-$sut_cpus} dir="$WORK/$1"
	LIMIT[$id]=20
	mkdir -p "$dir"
	case $id in
	origin)
		# The ceiling: an identical nginx origin, but pinned like every other system under test.
		write_origin "$dir" "$P_ORIGIN" "$nginx_workers"
		PORT[$id]=$P_ORIGIN URL[$id]="http://127.0.0.1:$P_ORIGIN/bench/1k"
		launch "$id" "$cpus" "$dir/stdout.log" nginx -p "$dir" -e "$dir/logs/error.log" -c "$dir/nginx.conf"
		;;
	nginx)
		write_nginx_conf "$dir" "$nginx_workers" "        listen 127.0.0.1:$P_NGINX backlog=4096;
        location / {
            proxy_pass http://origin;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
        }" "upstream origin {
        server 127.0.0.1:$ORIGIN_PORT;
        keepalive 128;
        keepalive_requests 100000000;
        keepalive_timeout 120s;
    }"
		PORT[$id]=$P_NGINX URL[$id]="http://127.0.0.1:$P_NGINX/bench/1k"
		launch "$id" "$cpus" "$dir/stdout.log" nginx -p "$dir" -e "$dir/logs/error.log" -c "$dir/nginx.conf"
		;;
	haproxy)
		cat >"$dir/haproxy.cfg" <<EOF
# generated by bench/run.sh
global
    maxconn 4096
    $haproxy_threads
defaults
    mode http
    option http-keep-alive
    http-reuse always
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-keep-alive 120s
frontend fe
    bind 127.0.0.1:$P_HAPROXY
    default_backend be
backend be
    server origin 127.0.0.1:$ORIGIN_PORT
EOF
		PORT[$id]=$P_HAPROXY URL[$id]="http://127.0.0.1:$P_HAPROXY/bench/1k"
		launch "$id" "$cpus" "$dir/stdout.log" haproxy -db -f "$dir/haproxy.cfg"
		;;
	scg-bare)
		LIMIT[$id]=240
		PORT[$id]=$P_SCG URL[$id]="http://127.0.0.1:$P_SCG/bench/1k"
		launch "$id" "$cpus" "$dir/stdout.log" "$JAVA" "${JVM_CPU_OPTS[@]}" "${JVM_OPTS[@]}" -jar "$WORK/scg-bare.jar" \
			--server.port="$P_SCG" --bench.origin-uri="$ORIGIN_URI"
		;;
	portcullis | portcullis-10k | portcullis-redis)
		LIMIT[$id]=240
		local port mport extra=()
		# Every request after the first to the "cached" routes is a fresh hit (the origin's
		# /cacheable sends max-age=3600).
		local cached=("--spring.cloud.gateway.server.webflux.routes[0].id=cached"
			"--spring.cloud.gateway.server.webflux.routes[0].uri=$ORIGIN_URI"
			"--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/cacheable"
			"--spring.cloud.gateway.server.webflux.routes[0].filters[0]=ResponseCache")
		case $id in
		portcullis)
			# The plain route: r9 of ten routes without filters, from a routes file, beside the
			# memory-store cache hit's route.
			port=$P_PC mport=$P_PC_M
			URL[portcullis]="http://127.0.0.1:$P_PC/r9/bench/1k" URL[portcullis-cache-hit]="http://127.0.0.1:$P_PC/cacheable"
			python3 "$LIB/benchlib.py" routes 10 "$ORIGIN_URI" "$dir/routes.yml"
			extra=(--portcullis.routing.routes-file="$dir/routes.yml" --portcullis.cache.store=memory "${cached[@]}")
			;;
		portcullis-10k)
			LIMIT[$id]=420 # building 10,000 routes takes tens of seconds of CPU
			port=$P_PC10K mport=$P_PC10K_M URL[portcullis-10k]="http://127.0.0.1:$P_PC10K/r9990/bench/1k"
			python3 "$LIB/benchlib.py" routes 10000 "$ORIGIN_URI" "$dir/routes.yml"
			extra=(--portcullis.routing.routes-file="$dir/routes.yml")
			;;
		portcullis-redis)
			# The issue's "full chain" on /uncacheable: RateLimit with a limit far above any load,
			# then ResponseCache on a path it never stores (every request is a miss: one Redis
			# EVALSHA for the limit; the cache skips its Redis read for a URL it knows answers
			# uncacheably), then CircuitBreaker (closed), then upstream. Beside it the Redis-store
			# cache hit's route on /cacheable.
			port=$P_REDIS mport=$P_REDIS_M
			URL[portcullis-chain]="http://127.0.0.1:$P_REDIS/uncacheable" URL[portcullis-cache-hit-redis]="http://127.0.0.1:$P_REDIS/cacheable"
			extra=("${cached[@]}"
				"--spring.cloud.gateway.server.webflux.routes[1].id=chain"
				"--spring.cloud.gateway.server.webflux.routes[1].uri=$ORIGIN_URI"
				"--spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/uncacheable"
				"--spring.cloud.gateway.server.webflux.routes[1].filters[0].name=RateLimit"
				"--spring.cloud.gateway.server.webflux.routes[1].filters[0].args.limits[0]=1000000/1s"
				"--spring.cloud.gateway.server.webflux.routes[1].filters[1]=ResponseCache"
				"--spring.cloud.gateway.server.webflux.routes[1].filters[2]=CircuitBreaker=chain"
				--portcullis.ratelimit.store=redis --portcullis.cache.store=redis
				# Long enough that no Redis call times out at saturation: with the defaults (25 and
				# 50 ms) the saturated event loop answered late and many decisions were taken
				# locally, so the rows no longer measured the Redis stores.
				--portcullis.ratelimit.redis-timeout=1s --portcullis.cache.redis-timeout=1s
				--spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT")
			;;
		esac
		PORT[$id]=$port MPORT[$id]=$mport
		launch "$id" "$cpus" "$dir/stdout.log" "$JAVA" "${PORTCULLIS_JVM[@]}" "${JVM_CPU_OPTS[@]}" "${JVM_OPTS[@]}" -jar "$WORK/portcullis.jar" \
			--server.port="$port" --management.server.port="$mport" "${PORTCULLIS_ARGS[@]}" "${extra[@]}"
		;;
	esac
}
ready() { # ready PROC: wait (bounded) for its first 200, on its first chosen row
	local row
	row=$(rows_of "$1" | head -n 1)
	wait_200 "$1" "${URL[$row]}" "${LIMIT[$1]}" "$WORK/$1/stdout.log"
	log "$(printf '%-15s ready on :%s, %d ms after launch (pid %d)' "$1" "${PORT[$1]}" "${START_MS[$1]}" "${PID[$1]}")"
}
check_filters() { # check_filters ID: one request showing the row exercises what it claims
	local h
	case $1 in
	portcullis-cache-hit | portcullis-cache-hit-redis)
		curl -s -o /dev/null --max-time 5 "${URL[$1]}" || true # the first request stores it
		h=$(curl -s -D - -o /dev/null --max-time 5 "${URL[$1]}")
		grep -qi '^cache-status: portcullis; hit' <<<"$h" || { printf '%s\n' "$h" >&2; die "$1: second request was not a cache hit"; }
		;;
	portcullis-chain)
		h=$(curl -s -D - -o /dev/null --max-time 5 "${URL[$1]}")
		grep -qi '^ratelimit:' <<<"$h" || { printf '%s\n' "$h" >&2; die "$1: no RateLimit header"; }
		grep -qi '^cache-status: portcullis; fwd=' <<<"$h" || { printf '%s\n' "$h" >&2; die "$1: not a forwarded cache miss"; }
		;;
	*) return 0 ;;
	esac
	log "$(printf '%-15s %s' "$1" "$(grep -iE '^(cache-status|ratelimit):' <<<"$h" | tr -d '\r' | paste -sd ' ' -)")"
}
repin() { # repin ID CPULIST: move every thread of a running system to CPULIST
	taskset -a -p -c "$2" "${PID[$1]}" >/dev/null || die "cannot move $1 (pid ${PID[$1]}) to CPU $2"
}
# A JVM gets its fixed warm-up (--warmup) on the system-under-test and the load CPUs together: its
# compiler threads then work beside its event loop instead of taking turns with it on one CPU, and
# the bulk of the compiling is done in about half the time. It is then moved to the
# system-under-test CPU for good, and the settle slices run there, as the measured rounds do: the
# move itself brings recompiles (branches never taken on two CPUs), and compiling during a
# measured round costs that round's tail latency (stop 18: p99 122-145 ms in rounds where the JIT
# used 4-7 % of the CPU, 22-28 ms where it used under 1 %). The JVM was launched with
# -XX:ActiveProcessorCount set to the system-under-test CPUs, so it sizes nothing for the extra CPU.
warm_system() {
	if [[ ${KIND[$1]} == jvm ]]; then
		if ((warmup > 0)); then
			if ((pinned)); then repin "$1" "$WIDE_CPUS"; fi
			warm "$1" "$warmup"
		fi
		if ((pinned)); then
			repin "$1" "$sut_cpus"
			log "$1 moved to CPU $(awk '/^Cpus_allowed_list/{print $2}' "/proc/${PID[$1]}/status")"
		fi
		if ((warmup > 0 && warmup_max > warmup)); then settle "$1"; fi
	elif ((warmup > 0)); then
		warm "$1" $((warmup < 2 ? warmup : 2))
	fi
}

# Natives first, then every JVM together on all CPUs (the 10,000-route one too, which takes
# longest to start): each is moved to the system-under-test CPU after its warm-up (warm_system).
together=()
for p in "${PROCS[@]}"; do
	if [[ ${KIND[$p]} == jvm ]]; then
		launch_system "$p" "$WIDE_CPUS"
		together+=("$p")
	else
		launch_system "$p"
		ready "$p"
	fi
done
for p in "${together[@]}"; do
	if ((${#together[@]} > 1)); then START_NOTE[$p]="launched together with ${#together[@]} JVMs${WIDE_CPUS:+ on CPUs $WIDE_CPUS}"; fi
	ready "$p"
done
for s in "${SYSTEMS[@]}"; do check_filters "$s"; done

# ---------------------------------------------------------------- warm-up
for p in "${PROCS[@]}"; do warm_system "$p"; done

# Each JVM has been idle since its warm-up (minutes, while the others warmed up). The first load
# after a pause takes branches that its compiled code never took while the load was steady (its
# upstream connections are re-opened: Portcullis' pool closes idle ones after 4 s), which brings
# deoptimizations and recompiles. Stop 18's full run saw it in round 1 only: the JIT used 4.7 %
# (plain route) and 16.2 % (chain) of the CPU and their p99 was 497 and 424 ms, against 0.6-2.1 %
# and 23-169 ms in the later rounds. So every JVM gets 5 s of load after its pause, right before
# the rounds. It helps, not always enough: each run's JIT share is logged (measure) to tell.
if ((warmup > 0)); then
	for p in "${PROCS[@]}"; do
		if [[ ${KIND[$p]} == jvm ]]; then warm "$p" 5; fi
	done
fi

# ---------------------------------------------------------------- measured rounds (interleaved)
n=${#SYSTEMS[@]}
for ((r = 1; r <= rounds; r++)); do
	log "peak round $r/$rounds"
	for ((i = 0; i < n; i++)); do
		measure "${SYSTEMS[$(((i + r - 1) % n))]}" peak "$r"
	done
done
for ((r = 1; r <= half_rounds; r++)); do
	log "half-peak round $r/$half_rounds"
	for ((i = 0; i < n; i++)); do
		s=${SYSTEMS[$(((i + r - 1) % n))]}
		read -r delay offered <<<"$(python3 "$LIB/benchlib.py" half-delay "$WORK" "$s" "$connections")"
		if [[ $delay == 0 ]]; then log "$s: no peak measured, skipping half peak"; continue; fi
		measure "$s" half "$r" "$delay" "$offered"
	done
done

# ---------------------------------------------------------------- report
: >"$WORK/systems.jsonl"
for p in "${PROCS[@]}"; do RSS_KIB[$p]=$(tree_hwm_kib "${PID[$p]}"); done
for s in "${SYSTEMS[@]}"; do
	h=${HOST[$s]} note=${START_NOTE[${HOST[$s]}]:-} others=()
	for r in $(rows_of "$h"); do [[ $r == "$s" ]] || others+=("${LABEL[$r]}"); done
	if ((${#others[@]})); then note="${note:+$note; }its JVM also serves: $(IFS=';'; echo "${others[*]}")"; fi
	# What the cache and rate limiter did on this row's route over warm-up and all rounds (hits,
	# misses, Redis bypasses, decisions made locally because Redis was too slow): the report prints
	# it and warns on bypasses.
	if [[ -n ${MPORT[$h]:-} ]]; then
		mkdir -p "$WORK/$s"
		curl -s --max-time 10 -u admin:bench "http://127.0.0.1:${MPORT[$h]}/actuator/prometheus" 2>/dev/null |
			grep -E '^portcullis_(cache_requests_total|cache_store_errors_total|ratelimit_decisions_total)\{' |
			grep -F "route=\"${ROUTE[$s]}\"" >"$WORK/$s/filter-metrics.txt" || true
	fi
	printf '{"id":"%s","label":"%s","kind":"%s","pid":%d,"port":%d,"url":"%s","cpus":"%s","start_ms":%d,"start_note":"%s","rss_kib":%d,"warm_s":%d,"warm_jit_permille":%s}\n' \
		"$s" "${LABEL[$s]}" "${KIND[$s]}" "${PID[$h]}" "${PORT[$h]}" "${URL[$s]}" "$sut_cpus" "${START_MS[$h]}" \
		"$note" "${RSS_KIB[$h]}" "${WARM_S[$h]:-0}" "${WARM_JIT[$h]:-null}" >>"$WORK/systems.jsonl"
done
ts=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BENCH_DIR/results"
: "${out:=$BENCH_DIR/results/$ts.json}"
python3 "$LIB/benchlib.py" report "$WORK" "$out" \
	timestamp="$(date -u +%Y-%m-%dT%H:%M:%SZ)" mode="$mode" warmup_s="$warmup" warmup_max_s="$warmup_max" settle_pct="$settle_pct" duration_s="$duration" \
	native_duration_s="$native_duration" \
	rounds="$rounds" half_rounds="$half_rounds" connections="$connections" threads="$threads" \
	pinning="$( ((pinned)) && echo on || echo off)" sut_cpus="$sut_cpus" load_cpus="$load_cpus" \
	jvm_opts="$jvm_opts" portcullis_jvm="$PORTCULLIS_JVM_FORM" repo="$REPO_DIR" elapsed_s="$((SECONDS - T0))"
ok=1
log "done in $((SECONDS - T0)) s"
