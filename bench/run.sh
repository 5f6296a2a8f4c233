#!/usr/bin/env bash
# Jerla's benchmarks (not a pass/fail test): each program runs natively, under `./jerla exec` and
# under qemu-x86_64 (Debian's qemu-user) in the same run; the table shows the median wall time of
# BENCH_REPS runs and the ratio to native. A run whose output differs from the native one is
# reported as "wrong". Two rows are not programs: boot (`jerla run -- /bin/true`) and http (BusyBox
# httpd serving host curl, through a port forward under Jerla: bench/http.sh).
#   BENCH_SCALE  multiplies every workload (default 1: a few seconds each under a slow CPU emulator)
#   BENCH_REPS   runs per program and runner (default 3)
#   BENCH_ONLY   only benchmarks whose name matches this extended regular expression
#   JERLA_BENCH_LAUNCHER  the command that starts Jerla (default: the ./jerla launcher)
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
scale=${BENCH_SCALE:-1}
reps=${BENCH_REPS:-3}
only=${BENCH_ONLY:-}
timeout_s=${BENCH_TIMEOUT:-600}
work=$root/target/bench
mkdir -p "$work/bin" "$work/run"

command -v musl-gcc > /dev/null || { echo "bench: musl-gcc is missing (apt-get install musl-tools)" >&2; exit 1; }
runners=(native jerla)
if command -v qemu-x86_64 > /dev/null; then
    runners+=(qemu)
else
    echo "bench: qemu-x86_64 not found (apt-get install qemu-user); its column is left out" >&2
fi

# Every bench/*.c is a benchmark: it takes the scale as its argument. A line "// CFLAGS: ..."
# adds compiler flags.
programs=()
for src in "$here"/*.c; do
    p=$(basename "$src" .c)
    programs+=("$p")
    if [ ! "$work/bin/$p" -nt "$src" ]; then
        # shellcheck disable=SC2046
        musl-gcc -static -O2 $(sed -n 's|^// CFLAGS: ||p' "$src") -o "$work/bin/$p" "$src" -lm -lpthread || exit 1
    fi
done

# The command line of benchmark $1 under runner $2.
command_for() {
    local bench=$1 runner=$2 prefix=()
    case $runner in
        jerla) prefix=("${JERLA_BENCH_LAUNCHER:-$root/jerla}" exec) ;;
        qemu) prefix=(qemu-x86_64) ;;
    esac
    if [ "$bench" = http ]; then
        echo "$here/http.sh" "$runner" "$scale"
    elif [ "$bench" = boot ]; then
        case $runner in
            native) echo /bin/busybox true ;;
            jerla) echo "$root/jerla" run -- /bin/true ;;
            qemu) echo qemu-x86_64 /bin/busybox true ;;
        esac
    else
        echo "${prefix[@]}" "$work/bin/$bench" "$scale"
    fi
}

# Runs a command, prints its wall time in milliseconds; output in $work/run/out.
timed() {
    local start end
    start=$(date +%s%N)
    (cd "$work/run" && timeout -k 5 "$timeout_s" "$@" > "$work/run/out" 2> "$work/run/err" < /dev/null)
    local status=$?
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
    return $status
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

seconds() {
    awk -v ms="$1" 'BEGIN { printf "%.3f s", ms / 1000 }'
}

# Build and warm up once (the first run of a build also writes the class data sharing archive).
"$root/jerla" exec /bin/busybox true > /dev/null 2>&1 || true

header=$(printf '%-16s' benchmark)
for r in "${runners[@]}"; do
    if [ "$r" = native ]; then header+=$(printf ' %12s' native); else header+=$(printf ' %12s %8s' "$r" ratio); fi
done
echo "scale $scale, median of $reps runs"
echo "$header"
# http: BusyBox httpd serving host curl (Jerla: through a port forward), when curl is there.
extra=(boot)
if command -v curl > /dev/null; then
    extra+=(http)
else
    echo "bench: curl not found (apt-get install curl); the http benchmark is left out" >&2
fi
for bench in "${programs[@]}" "${extra[@]}"; do
    if [ -n "$only" ] && ! [[ $bench =~ $only ]]; then continue; fi
    row=$(printf '%-16s' "$bench")
    native_ms=
    expected=
    for r in "${runners[@]}"; do
        times=()
        verdict=ok
        for _ in $(seq "$reps"); do
            # shellcheck disable=SC2046
            if ! ms=$(timed $(command_for "$bench" "$r")); then
                verdict=failed
                break
            fi
            if [ "$r" = native ]; then
                expected=$(cat "$work/run/out")
            elif [ "$(cat "$work/run/out")" != "$expected" ]; then
                verdict=wrong
                break
            fi
            times+=("$ms")
        done
        if [ "$verdict" != ok ]; then
            if [ "$r" = native ]; then row+=$(printf ' %12s' "$verdict"); else row+=$(printf ' %12s %8s' "$verdict" -); fi
            continue
        fi
        med=$(printf '%s\n' "${times[@]}" | median)
        if [ "$r" = native ]; then
            native_ms=$med
            row+=$(printf ' %12s' "$(seconds "$med")")
        else
            ratio=-
            [ -n "$native_ms" ] && ratio=$(awk -v a="$med" -v b="$native_ms" 'BEGIN { if (b < 1) b = 1; printf "%.1fx", a / b }')
            row+=$(printf ' %12s %8s' "$(seconds "$med")" "$ratio")
        fi
    done
    echo "$row"
done
startup=$(for _ in $(seq "$reps"); do timed "$root/jerla" --version; done | median)
echo "JVM start of the launcher alone (jerla --version): $(seconds "$startup")"
