# Shared by the test suites (sourced, not run): where things are, how a program runs under test,
# parallel execution, and the PASS/FAIL bookkeeping behind the final "N passed, M failed" line.
#
# Environment:
#   JERLA_TEST_RUNNER   jerla (default): programs run under `./jerla exec` / `./jerla run`;
#                       native: run them natively a second time (checks the harness itself);
#                       qemu: run them under qemu-x86_64 (a second, independent emulator).
#   JERLA_TEST_JOBS     cases run in parallel (default: the number of CPUs)
#   JERLA_TEST_TIMEOUT  seconds before a case under test is killed (default 60)
#   JERLA_TEST_FILTER   only run cases whose name matches this extended regular expression
#   JERLA_TEST_RESULTS  file collecting "PASS name" / "FAIL name" lines across suites
#   JERLA_TEST_LAUNCHER the command that starts Jerla (default: the ./jerla launcher)

JERLA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TEST_OUT=${JERLA_TEST_OUT:-$JERLA_ROOT/target/tests}
TEST_JOBS=${JERLA_TEST_JOBS:-$(nproc)}
TEST_TIMEOUT=${JERLA_TEST_TIMEOUT:-60}
TEST_FILTER=${JERLA_TEST_FILTER:-}
RUNNER=${JERLA_TEST_RUNNER:-jerla}
JERLA=${JERLA_TEST_LAUNCHER:-$JERLA_ROOT/jerla}
NATIVE_TIMEOUT=30

case $RUNNER in
    jerla) RUNNER_EXEC=("$JERLA" exec) ;;
    native) RUNNER_EXEC=() ;;
    qemu) RUNNER_EXEC=(qemu-x86_64) ;;
    *) echo "unknown JERLA_TEST_RUNNER '$RUNNER' (jerla, native or qemu)" >&2; exit 2 ;;
esac

mkdir -p "$TEST_OUT"

# A suite run on its own keeps its own results file and prints its own summary.
if [ -z "${JERLA_TEST_RESULTS:-}" ]; then
    JERLA_TEST_RESULTS=$TEST_OUT/results.$$
    : > "$JERLA_TEST_RESULTS"
    SUITE_OWNS_RESULTS=1
else
    SUITE_OWNS_RESULTS=0
fi
export JERLA_TEST_RESULTS

# Runs a command under test: `under_test PROGRAM ARGS...` (with the time limit).
under_test() {
    timeout -k 5 "$TEST_TIMEOUT" "${RUNNER_EXEC[@]}" "$@"
}

# Like under_test, with one more environment variable for the program: `under_test_env NAME=VALUE PROGRAM ARGS...`.
under_test_env() {
    local assignment=$1
    shift
    case $RUNNER in
        jerla) timeout -k 5 "$TEST_TIMEOUT" "$JERLA" exec -e "$assignment" "$@" ;;
        native) timeout -k 5 "$TEST_TIMEOUT" env "$assignment" "$@" ;;
        qemu) timeout -k 5 "$TEST_TIMEOUT" env "$assignment" "$(command -v qemu-x86_64)" "$@" ;;
    esac
}

# Runs SCRIPT with BusyBox's sh in the system image, host directory DIR mounted at /mnt and the
# working directory: `under_test_image DIR SCRIPT`. Natively: busybox sh in DIR.
under_test_image() {
    case $RUNNER in
        jerla) timeout -k 5 "$TEST_TIMEOUT" "$JERLA" run --volume "$1:/mnt" -- /bin/sh -c "cd /mnt && $2" ;;
        native) (cd "$1" && timeout -k 5 "$TEST_TIMEOUT" /bin/busybox sh -c "$2") ;;
        qemu) (cd "$1" && timeout -k 5 "$TEST_TIMEOUT" qemu-x86_64 /bin/busybox sh -c "$2") ;;
    esac
}

# True if case NAME is selected by JERLA_TEST_FILTER.
selected() {
    [ -z "$TEST_FILTER" ] || [[ $1 =~ $TEST_FILTER ]]
}

# record PASS|FAIL NAME [REPORT-FILE]: counts the result and prints it, with the report indented
# under a failure. Output of parallel cases is serialized so reports do not interleave.
record() {
    local verdict=$1 name=$2 report=${3:-}
    (
        flock 9
        echo "$verdict $name" >> "$JERLA_TEST_RESULTS"
        echo "$verdict $name"
        if [ "$verdict" = FAIL ] && [ -n "$report" ] && [ -f "$report" ]; then
            sed -e 's/^/    /' "$report" | head -n 80
        fi
    ) 9>>"$TEST_OUT/.print.lock"
}

# compare NAME DIR: DIR holds native.{out,status} and test.{out,status,err}; the case passes when
# standard output and exit status are identical. The report shows why not.
compare() {
    local name=$1 dir=$2 native_status test_status
    native_status=$(cat "$dir/native.status")
    test_status=$(cat "$dir/test.status")
    if [ "$native_status" = 124 ] || [ "$native_status" = 137 ]; then
        echo "the native run timed out (status $native_status): the case itself is broken" > "$dir/report"
        record FAIL "$name" "$dir/report"
        return
    fi
    if [ "$native_status" = "$test_status" ] && cmp -s "$dir/native.out" "$dir/test.out"; then
        record PASS "$name"
        return
    fi
    {
        if [ "$test_status" = 124 ] || [ "$test_status" = 137 ]; then
            echo "timed out after ${TEST_TIMEOUT}s under $RUNNER (status $test_status)"
        fi
        echo "exit status: native $native_status, $RUNNER $test_status"
        if ! cmp -s "$dir/native.out" "$dir/test.out"; then
            diff -u --label native --label "$RUNNER" "$dir/native.out" "$dir/test.out" | head -n 40
        fi
        if [ -s "$dir/test.err" ]; then
            echo "stderr under $RUNNER (last lines):"
            tail -n 12 "$dir/test.err"
        fi
        echo "files: $dir"
    } > "$dir/report"
    record FAIL "$name" "$dir/report"
}

# run_parallel FUNCTION ITEM...: runs `FUNCTION ITEM` for every item, TEST_JOBS at a time.
run_parallel() {
    local fn=$1 item
    shift
    for item in "$@"; do
        while [ "$(jobs -rp | wc -l)" -ge "$TEST_JOBS" ]; do
            wait -n || true
        done
        "$fn" "$item" &
    done
    wait
}

# Counts of the results file: "N passed, M failed".
summary_line() {
    local passed failed
    passed=$(grep -c '^PASS ' "$JERLA_TEST_RESULTS" || true)
    failed=$(grep -c '^FAIL ' "$JERLA_TEST_RESULTS" || true)
    echo "$passed passed, $failed failed"
}

# At the end of a suite run on its own: print the summary and fail if anything failed.
finish_suite() {
    if [ "$SUITE_OWNS_RESULTS" = 1 ]; then
        local line
        line=$(summary_line)
        rm -f "$JERLA_TEST_RESULTS"
        echo "$line"
        case $line in *" 0 failed") return 0 ;; *) return 1 ;; esac
    fi
}
