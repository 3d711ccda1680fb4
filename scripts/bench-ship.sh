#!/usr/bin/env bash
# Records per second that `wirewatch ship` puts into a local PostgreSQL: the first RECORDS lines
# of the benchmark's store (real CoNLL-2003 articles as wirewatchd recorded them), shipped with
# --once into a new database of a throwaway cluster (Debian's postgresql, default durability:
# fsync and synchronous_commit on), each run into an empty database. Called by scripts/bench.sh,
# which puts the RESULT lines it prints in BENCHMARKS.md.
#
#   scripts/bench-ship.sh WIREWATCH_BINARY STORE RUNS BENCH_DIR [RECORDS]
#
# Prints RESULT lines: ship_records_per_s, ship_mib_per_s, ship_cpu_share (the shipper's own CPU
# time over the wall time), ship_client_us_per_record and ship_server_us_per_record (CPU time of the
# shipper and of every process of the cluster, per record: what the load of other work on the
# machine does not change). Says so and prints none when PostgreSQL's server is not installed
# (scripts/deps.sh bench installs it). SHIP_ARGS adds options to `wirewatch ship` (e.g.
# "--connections 1").
set -euo pipefail
cd "$(dirname "$0")/.."
QUERY=$1
STORE=$2
RUNS=$3
BENCH_DIR=$4
RECORDS=${5:-100000}
say() { printf 'bench-ship: %s\n' "$*" >&2; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/postgres" ]; then
    say "no PostgreSQL server installed (apt-get install postgresql, or scripts/deps.sh bench): no ship figures"
    exit 0
fi
mkdir -p "$BENCH_DIR"
SAMPLE="$BENCH_DIR/ship-$RECORDS.jsonl"
if [ ! -s "$SAMPLE" ] || [ "$SAMPLE" -ot "$STORE" ]; then
    head -n "$RECORDS" "$STORE" > "$SAMPLE.part" && mv "$SAMPLE.part" "$SAMPLE"
fi
records=$(wc -l < "$SAMPLE")
bytes=$(stat -c %s "$SAMPLE")
PGDIR=$(mktemp -d /tmp/wirewatch-bench-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PGDIR"
    as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
    [ -f "$PGDIR/data/postmaster.pid" ] && kill -INT "$(head -1 "$PGDIR/data/postmaster.pid")" 2>/dev/null && sleep 1
    rm -rf "$PGDIR"
}
trap cleanup EXIT
"${as_owner[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
# Default durability; memory and WAL sized for a bulk load, as one would on a real server.
"${as_owner[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w start \
    -o "-p $port -k $PGDIR -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=4GB" >/dev/null
psql=("$PGBIN/psql" -X -q -At -h 127.0.0.1 -p "$port" -U postgres)
cat "$SAMPLE" > /dev/null
# CPU ticks of the cluster: its live processes, and the children the postmaster has reaped.
server_ticks() {
    local pm total=0 p fields
    pm=$(head -1 "$PGDIR/data/postmaster.pid")
    for p in $(pgrep -P "$pm") "$pm"; do
        fields=$(awk -v pm="$pm" '{ t = $14 + $15; if ($1 == pm) t += $16 + $17; print t }' "/proc/$p/stat" 2>/dev/null) || continue
        total=$((total + ${fields:-0}))
    done
    echo "$total"
}
hz=$(getconf CLK_TCK)
read -r -a ship_args <<< "${SHIP_ARGS:-}"
rates=() mibs=() shares=() clients=() servers=()
for i in $(seq "$RUNS"); do
    "${psql[@]}" -d postgres -c "CREATE DATABASE ship_$i" >/dev/null
    url="postgresql://postgres@127.0.0.1:$port/ship_$i"
    say "ship --once: $records records ($((bytes / 1048576)) MiB) into $url, run $i of $RUNS"
    s0=$(server_ticks)
    t0=$(date +%s.%N)
    cpu=$( { TIMEFORMAT='%U %S'; time "$QUERY" ship --to "$url" --store "$SAMPLE" --once --origin bench "${ship_args[@]}" >/dev/null 2>"$PGDIR/ship.err"; } 2>&1 | tail -1)
    t1=$(date +%s.%N)
    s1=$(server_ticks)
    shipped=$("${psql[@]}" -d "ship_$i" -c "SELECT count(*) FROM wirewatch.articles")
    if [ "$shipped" != "$records" ]; then say "run $i: $shipped rows for $records records"; continue; fi
    rates+=("$(awk -v n="$records" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')")
    mibs+=("$(awk -v n="$bytes" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / 1048576 / (b - a) }')")
    shares+=("$(awk -v c="$cpu" -v a="$t0" -v b="$t1" 'BEGIN { split(c, u, " "); printf "%.2f", (u[1] + u[2]) / (b - a) }')")
    clients+=("$(awk -v c="$cpu" -v n="$records" 'BEGIN { split(c, u, " "); printf "%.1f", (u[1] + u[2]) / n * 1e6 }')")
    servers+=("$(awk -v a="$s0" -v b="$s1" -v hz="$hz" -v n="$records" 'BEGIN { printf "%.1f", (b - a) / hz / n * 1e6 }')")
    say "run $i: $(tail -c 300 "$PGDIR/ship.err" | tail -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    "${psql[@]}" -d postgres -c "DROP DATABASE ship_$i" >/dev/null
done
summarise() {
    local key=$1
    shift
    [ $# -eq 0 ] && return
    printf '%s\n' "$@" | sort -g | awk -v key="$key" '
        { v[NR] = $1 }
        END { printf "RESULT %s %s %s %s %d\n", key, v[int((NR + 1) / 2)], v[1], v[NR], NR }'
}
summarise ship_records_per_s "${rates[@]}"
summarise ship_mib_per_s "${mibs[@]}"
summarise ship_cpu_share "${shares[@]}"
summarise ship_client_us_per_record "${clients[@]}"
summarise ship_server_us_per_record "${servers[@]}"
