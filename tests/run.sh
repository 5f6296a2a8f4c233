#!/usr/bin/env bash
# The test command, run as `./jerla test [SUITE...]` (the launcher sets JAVA_HOME to a JDK 25):
#   1. installs the tools the tests need with apt-get (as root, or through sudo),
#   2. unit: builds every module and runs its JUnit tests (mvn -B package),
#   3. guest: C programs run natively and under `jerla exec` (tests/guest),
#   4. busybox: BusyBox applets and ash scripts natively and under Jerla (tests/busybox),
#   5. badinput: bad programs and bad command lines (tests/badinput),
#   6. every other tests/SUITE/run.sh, in name order (terminal, network, ... suites),
# then prints the failures again and a last line "N passed, M failed"; exits 1 if anything failed.
# SUITE names select suites (default: all). Per-case options are in tests/lib.sh.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# The script suites: the three first, then the other directories with a run.sh.
script_suites=(guest busybox badinput)
for dir in "$here"/*/; do
    name=$(basename "$dir")
    [ -x "$dir/run.sh" ] || continue
    case " ${script_suites[*]} " in *" $name "*) ;; *) script_suites+=("$name") ;; esac
done
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(unit "${script_suites[@]}")
for suite in "${suites[@]}"; do
    case " unit ${script_suites[*]} " in
        *" $suite "*) ;;
        *) echo "unknown suite '$suite' (unit ${script_suites[*]})" >&2; exit 2 ;;
    esac
done

out=${JERLA_TEST_OUT:-$root/target/tests}
mkdir -p "$out"
export JERLA_TEST_OUT=$out
export JERLA_TEST_RESULTS=$out/results
: > "$JERLA_TEST_RESULTS"
started=$(date +%s)

section() {
    echo
    echo "=== $* ($(($(date +%s) - started))s)"
}

install_packages() {
    local wanted=(musl-tools busybox-static qemu-user gcc libc6-dev cpio binutils python3) missing=() pkg sudo=() list
    # A suite that needs more tools lists their Debian packages in tests/SUITE/packages.
    for list in "$here"/*/packages; do
        [ -f "$list" ] && wanted+=($(sed 's/#.*//' "$list"))
    done
    command -v mvn > /dev/null || wanted+=(maven)
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    echo "installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -q < /dev/null &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" < /dev/null
}

# Records one result per JUnit test from Surefire's XML reports.
record_unit_results() {
    local report
    for report in "$root"/*/target/surefire-reports/TEST-*.xml; do
        [ -f "$report" ] || continue
        awk '
            function flush() { if (name != "") print (failed ? "FAIL" : "PASS") " unit/" cls "." name; name = "" }
            /<testcase / {
                flush()
                match($0, /name="[^"]*"/); name = substr($0, RSTART + 6, RLENGTH - 7)
                match($0, /classname="[^"]*"/); cls = substr($0, RSTART + 11, RLENGTH - 12)
                sub(/.*\./, "", cls)
                failed = 0
                if ($0 ~ /\/>[[:space:]]*$/) flush()
                next
            }
            /<(failure|error)[ >]/ { failed = 1 }
            /<skipped/ { name = "" }
            /<\/testcase>/ { flush() }
            END { flush() }
        ' "$report"
    done >> "$JERLA_TEST_RESULTS"
}

has() {
    local s
    for s in "${suites[@]}"; do [ "$s" = "$1" ] && return 0; done
    return 1
}

section "installing test tools"
install_packages || echo "warning: installing packages failed; the suites may fail for lack of tools" >&2

build_ok=1
if has unit; then
    section "unit: mvn -B package"
    if ! (cd "$root" && MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow} \
            mvn -B -Dstyle.color=never -Dmaven.test.failure.ignore=true package); then
        echo "FAIL unit/build" >> "$JERLA_TEST_RESULTS"
        build_ok=0
    fi
    record_unit_results
    grep '^FAIL unit/' "$JERLA_TEST_RESULTS" || true
    echo "unit: $(grep -c '^PASS unit/' "$JERLA_TEST_RESULTS") passed, $(grep -c '^FAIL unit/' "$JERLA_TEST_RESULTS") failed"
fi

needs_jar=0
for suite in "${script_suites[@]}"; do has "$suite" && needs_jar=1; done
if [ "$build_ok" = 1 ] && [ "$needs_jar" = 1 ]; then
    # Builds the jar if the unit suite did not, and writes the class data sharing archive (one
    # run that loads the kernel) before the suites start Jerla in parallel.
    "$root/jerla" --version > /dev/null || { echo "FAIL launcher/startup" >> "$JERLA_TEST_RESULTS"; build_ok=0; }
    "$root/jerla" exec /bin/busybox true > /dev/null 2>&1 || true
fi

if [ "$build_ok" = 1 ]; then
    for suite in "${script_suites[@]}"; do
        if has "$suite"; then
            section "$suite"
            "$here/$suite/run.sh"
        fi
    done
fi

section "done"
if grep -q '^FAIL ' "$JERLA_TEST_RESULTS"; then
    echo "failed:"
    grep '^FAIL ' "$JERLA_TEST_RESULTS" | sed 's/^FAIL /  /'
fi
passed=$(grep -c '^PASS ' "$JERLA_TEST_RESULTS")
failed=$(grep -c '^FAIL ' "$JERLA_TEST_RESULTS")
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
