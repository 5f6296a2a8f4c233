#!/usr/bin/env bash
# BusyBox's own test suite (testsuite/ of Debian's busybox source package: runtest, testing.sh,
# the *.tests scripts and the per-applet directories) run with Debian's static BusyBox
# (/bin/busybox from busybox-static) natively and under test. Every test that passes natively
# must pass under test; tests failing natively are listed but not counted. Prints
# "bbsuite: native N passed, M failed; RUNNER N2 passed, M2 failed" and records one PASS/FAIL
# per natively passing test, named bbsuite/APPLET/TEST.
#
# The source is fetched by fetch.sh into .cache/bbsuite (reused by later runs). The applets are
# dealt into shards, a few per parallel job; each shard is one `runtest APPLET...` in its own
# copy of the testsuite, first natively, then under test in a fresh copy, each side in a tmpfs
# (its own /dev/shm; see run_side).
# runtest finds the binary and the build configuration one directory up (its default bindir),
# so each copy sits beside a link to /bin/busybox and the .config Debian built busybox-static
# from (debian/config/pkg/static): the tests an option of that build turns off are skipped on
# both sides alike. Both runs start from the same environment: `busybox env -i` with PATH
# holding only links to BusyBox and the variables of Debian's own test run (debian/rules
# TESTSUITE_ENV). The *.tests scripts start with "#!/bin/sh" and run in the host's /bin/sh on
# both sides, as in Debian's build. Options: tests/lib.sh (JERLA_TEST_FILTER selects applets,
# named bbsuite/APPLET); JERLA_BBSUITE_TIMEOUT is the time limit of one shard's run (default
# 900 s); JERLA_BBSUITE_SLOW=1 also runs the tests listed in tests/bbsuite/slow.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib.sh"

BUSYBOX=/bin/busybox
out=$TEST_OUT/bbsuite
links=$out/links
shard_timeout=${JERLA_BBSUITE_TIMEOUT:-900}
run_slow=${JERLA_BBSUITE_SLOW:-}
# Marks where an applet's output begins: runtest prints "SKIPPED: NAME (not built)" for an
# argument NAME that has a NAME.tests but is no applet, and runs nothing for it.
marker=bbsuite-begin-

if [ ! -x "$BUSYBOX" ]; then
    echo "bbsuite: $BUSYBOX is missing (apt-get install busybox-static)" >&2
    record FAIL bbsuite/setup
    finish_suite
    exit 1
fi
rm -rf "$out"
mkdir -p "$out"
if ! tree=$("$here/fetch.sh" "$JERLA_ROOT/.cache/bbsuite" 2> "$out/fetch.err"); then
    { echo "fetching the busybox source package failed:"; cat "$out/fetch.err"; tail -n 20 "$JERLA_ROOT/.cache/bbsuite/fetch.log"; } > "$out/report"
    record FAIL bbsuite/setup "$out/report"
    finish_suite
    exit 1
fi
cat "$out/fetch.err" >&2
testsuite=$tree/testsuite
config=$tree/debian/config/pkg/static

mkdir -p "$links"
for applet in $("$BUSYBOX" --list); do
    ln -s "$BUSYBOX" "$links/$applet"
done

# The environment of Debian's test run (debian/rules TESTSUITE_ENV), with BusyBox's echo as the
# echo that understands -n -e (testing.sh's ECHO).
test_env=(PATH="$links" SKIP_KNOWN_BUGS=y SKIP_INTERNET_TESTS=y LANG=C.UTF-8 LC_ALL=C.UTF-8
    SHELL=/bin/sh ECHO="$links/echo")
# A guest starts with Jerla's own host name; the run under Jerla sets the host's first, so both
# sides see the same name (hostname -f looks it up in the host's /etc/hosts).
host_name=$(uname -n)

slow_units=()
slow_tests=()
while IFS= read -r line; do
    case $line in '#'* | '') continue ;; */*) slow_tests+=("$line") ;; *) slow_units+=("$line") ;; esac
done < "$here/slow"

# One unit per applet with an old-style directory or a new-style APPLET.tests script. Debian's
# build leaves out mdev.tests (debian/rules): it mounts a ramfs and chroots into it.
units=()
not_run=()
for unit in $( (cd "$testsuite" && { ls -d -- */ | sed 's,/$,,'; ls -- *.tests | sed 's/\.tests$//'; }) | LC_ALL=C sort -u); do
    [ "$unit" = mdev ] && continue
    selected "bbsuite/$unit" || continue
    if [ -z "$run_slow" ] && printf '%s\n' "${slow_units[@]}" | grep -qxF -- "$unit"; then
        not_run+=("$unit")
    else
        units+=("$unit")
    fi
done
if [ -z "$run_slow" ]; then
    for test in "${slow_tests[@]}"; do
        selected "bbsuite/${test%%/*}" && not_run+=("$test")
    done
fi

# The shards: units dealt by size of their test files, largest first, each to the shard with the
# least so far (the size stands for the number of commands a unit runs).
shard_count=$((TEST_JOBS * 3))
[ "$shard_count" -le "${#units[@]}" ] || shard_count=${#units[@]}
declare -a shard_units shard_load
for ((s = 0; s < shard_count; s++)); do shard_units[s]=; shard_load[s]=0; done
while read -r size unit; do
    best=0
    for ((s = 1; s < shard_count; s++)); do
        [ "${shard_load[s]}" -lt "${shard_load[best]}" ] && best=$s
    done
    shard_units[best]+=" $unit"
    shard_load[best]=$((shard_load[best] + size))
done < <(for unit in "${units[@]}"; do
    echo "$( (cd "$testsuite" && cat -- "$unit.tests" "$unit"/* 2> /dev/null) | wc -c) $unit"
done | sort -rn)

# A fresh copy of the testsuite under DIR/w, with busybox and its .config one directory up. The
# copy's testing.sh skips the tests named in tests/bbsuite/slow as if an option turned them off:
# testing.sh has no switch for one test, and this one check at the top of testing() reaches them all.
fresh_copy() {
    local dir=$1 unit test pattern=
    rm -rf "$dir/w"
    mkdir -p "$dir/w"
    ln -s "$BUSYBOX" "$dir/w/busybox"
    cp "$config" "$dir/w/.config"
    cp -r "$testsuite" "$dir/w/testsuite"
    for unit in "${units[@]}"; do
        : > "$dir/w/testsuite/$marker$unit.tests"
    done
    if [ -z "$run_slow" ]; then
        for test in "${slow_tests[@]}"; do
            pattern+="${pattern:+|}'${test#*/}'"
        done
    fi
    if [ -n "$pattern" ]; then
        sed -i 's/^  if \[ -n "\$SKIP" \]$/  if [ -n "$SKIP" ] || bbsuite_slow "$NAME"/' "$dir/w/testsuite/testing.sh"
        printf '\n# Left out by Jerla'"'"'s tests/bbsuite (too slow for its time budget).\nbbsuite_slow() { case "$1" in %s) return 0 ;; esac; return 1; }\n' \
            "$pattern" >> "$dir/w/testsuite/testing.sh"
        grep -q 'bbsuite_slow "$NAME"' "$dir/w/testsuite/testing.sh" ||
            echo "bbsuite: testing() in testing.sh changed: the tests of tests/bbsuite/slow are not left out" >&2
    fi
}

# Each side runs a copy of DIR/w in a fresh directory under its own /dev/shm, removed afterwards:
# the comparison is tmpfs against tmpfs, and a host directory mounted under Jerla cannot hold file
# names that are not valid UTF-8 (some ls tests create them). Natively (and under qemu, which
# shares the host's files) the harness makes the copy; under Jerla the guest makes it in its own
# tmpfs with this script, run by BusyBox's sh: `sh -c SCRIPT BUSYBOX HOSTNAME DIR COMMAND...`.
# It first sets the host's name (a guest starts with Jerla's own; hostname -f looks it up in the
# host's /etc/hosts). runtest's output (the harness reads only that) goes to the harness directly.
guest_script='bb=$0 host=$1 src=$2
shift 2
"$bb" hostname "$host" 2> /dev/null
work=$("$bb" mktemp -d /dev/shm/bbsuite.XXXXXX) || exit 125
if "$bb" cp -a "$src" "$work/w" && cd "$work/w/testsuite"; then
    "$@"
    status=$?
else
    status=125
fi
cd /
"$bb" rm -rf "$work"
exit $status'

# run_side SHARD SIDE LOG UNITS [VARIABLE=VALUE]: runtest for UNITS (of the shard) natively
# (SIDE native) or under test, with its output in LOG; the variable is added to the environment.
run_side() {
    local shard=$1 side=$2 log=$3 dir=$out/shard$1 started unit work=
    local -a command=("$BUSYBOX" env -i "${test_env[@]}" "${@:5}" "$BUSYBOX" sh ./runtest)
    for unit in $4; do
        command+=("$marker$unit" "$unit")
    done
    fresh_copy "$dir"
    if [ "$side" = native ] || [ "$RUNNER" != jerla ]; then
        work=$(mktemp -d /dev/shm/bbsuite.XXXXXX) && cp -a "$dir/w" "$work/w" || {
            echo "bbsuite: cannot copy the testsuite into /dev/shm" > "$log"
            echo 125 > "$log.status"
            echo 0 > "$log.seconds"
            [ -z "$work" ] || rm -rf "$work"
            return
        }
    fi
    started=$(date +%s)
    (
        if [ "$side" = native ]; then
            cd "$work/w/testsuite" && timeout -k 5 "$shard_timeout" "${command[@]}"
        elif [ "$RUNNER" != jerla ]; then
            cd "$work/w/testsuite" && timeout -k 5 "$shard_timeout" "${RUNNER_EXEC[@]}" "${command[@]}"
        else
            cd / && timeout -k 5 "$shard_timeout" "$JERLA" exec "$BUSYBOX" sh -c "$guest_script" \
                "$BUSYBOX" "$host_name" "$dir/w" "${command[@]}"
        fi < /dev/null > "$log" 2>&1
        echo $? > "$log.status"
    ) 2> /dev/null
    echo $(($(date +%s) - started)) > "$log.seconds"
    [ -z "$work" ] || rm -rf "$work"
}

# The verdicts of LOG as "UNIT VERDICT NAME" lines, the fields separated by the byte 037 (test
# names hold spaces and tabs); VERDICT is PASS, FAIL, SKIPPED or UNTESTED. A name seen twice in a
# unit gets " #2" and so on, so every test has one line.
verdicts() {
    sed -n -E 's/^(PASS|FAIL|SKIPPED|UNTESTED): (.*)$/\1\o037\2/p' "$1" |
        MARKER=$marker awk -F '\037' -v OFS='\037' '
            $1 == "SKIPPED" && index($2, ENVIRON["MARKER"]) == 1 && $2 ~ / \(not built\)$/ {
                unit = substr($2, length(ENVIRON["MARKER"]) + 1); sub(/ \(not built\)$/, "", unit); next
            }
            { n = ++seen[unit OFS $2]; print unit, $1, $2 (n > 1 ? " #" n : "") }'
}

# The lines LOG printed for the test of UNIT named NAME: from the previous verdict up to the next
# one (with VERBOSE the diff follows the FAIL line).
excerpt() {
    NAME=$3 MARKER="SKIPPED: $marker$2 (not built)" awk '
        $0 == ENVIRON["MARKER"] { inside = 1; next }
        /^(PASS|FAIL|SKIPPED|UNTESTED): / {
            if (found) exit
            if (inside && substr($0, index($0, ": ") + 2) == ENVIRON["NAME"]) { found = 1; print before $0; next }
            before = ""
            next
        }
        { if (found) print; else before = before $0 "\n" }
    ' "$1" | head -n 60
}

# Runs the shard natively and under test and records a verdict for every test that passed
# natively. The tests run without VERBOSE, whose echo of each command garbles the verdict lines
# of commands that print "\c"; the applets with tests failing under test run once more under test
# with VERBOSE=1 for the reports (expected and actual output, the shell's trace).
run_shard() {
    local shard=$1 dir=$out/shard$1 unit name verdict test_verdict status report i
    local -a failed=()
    run_side "$shard" native "$dir/native.log" "${shard_units[shard]}"
    run_side "$shard" test "$dir/test.log" "${shard_units[shard]}"
    verdicts "$dir/native.log" > "$dir/native.verdicts"
    verdicts "$dir/test.log" > "$dir/test.verdicts"
    while IFS=$'\037' read -r unit verdict name; do
        [ "$verdict" = PASS ] || continue
        test_verdict=$(UNIT=$unit NAME=$name awk -F '\037' '$1 == ENVIRON["UNIT"] && $3 == ENVIRON["NAME"] { print $2; exit }' "$dir/test.verdicts")
        if [ "$test_verdict" = PASS ]; then
            record PASS "bbsuite/$unit/$name"
        else
            failed+=("$unit"$'\037'"${test_verdict:-none}"$'\037'"$name")
        fi
    done < "$dir/native.verdicts"
    [ ${#failed[@]} -gt 0 ] || return 0
    status=$(cat "$dir/test.log.status")
    if [ "$status" != 124 ] && [ "$status" != 137 ]; then
        run_side "$shard" test "$dir/verbose.log" "$(printf '%s\n' "${failed[@]}" | cut -d $'\037' -f 1 | sort -u)" VERBOSE=1
    fi
    for ((i = 0; i < ${#failed[@]}; i++)); do
        IFS=$'\037' read -r unit test_verdict name <<< "${failed[i]}"
        report=$dir/report.$i
        {
            if [ "$test_verdict" = none ]; then
                echo "no verdict under $RUNNER (runtest exited with status $status$(
                    [ "$status" = 124 ] || [ "$status" = 137 ] && echo ", timed out after ${shard_timeout}s"))"
                echo "last lines of the log:"
                tail -n 15 "$dir/test.log"
            else
                echo "$test_verdict under $RUNNER:"
                excerpt "$dir/verbose.log" "$unit" "${name% #*}"
            fi
            echo "logs: $dir/{native,test,verbose}.log; rerun: ${RUNNER_EXEC[*]} $BUSYBOX sh -c 'w=\$($BUSYBOX mktemp -d /dev/shm/bbsuite.XXXXXX) && $BUSYBOX cp -a $dir/w \$w/w && cd \$w/w/testsuite && exec \"\$@\"' sh $BUSYBOX env -i ${test_env[*]} VERBOSE=1 $BUSYBOX sh ./runtest $unit"
        } > "$report"
        record FAIL "bbsuite/$unit/$name" "$report"
    done
}

count() { # VERDICT SIDE: how many tests had VERDICT on SIDE
    cat "$out"/shard*/"$2.verdicts" 2> /dev/null | cut -d $'\037' -f 2 | grep -cx "$1" || true
}

echo "bbsuite: BusyBox $(basename "$tree") testsuite, ${#units[@]} applets in $shard_count shards, natively and under $RUNNER"
if [ ${#not_run[@]} -gt 0 ]; then
    echo "bbsuite: left out as too slow (tests/bbsuite/slow; JERLA_BBSUITE_SLOW=1 runs them): $(printf '%s, ' "${not_run[@]}" | sed 's/, $//')"
fi
run_parallel run_shard "${!shard_units[@]}"
native_failed=$(cat "$out"/shard*/native.verdicts 2> /dev/null | awk -F '\037' '$2 == "FAIL" { print "    " $1 "/" $3 }' | LC_ALL=C sort)
if [ -n "$native_failed" ]; then
    echo "bbsuite: failing natively (not counted):"
    printf '%s\n' "$native_failed"
fi
echo "bbsuite: native $(count PASS native) passed, $(count FAIL native) failed; $RUNNER $(count PASS test) passed, $(count FAIL test) failed"
finish_suite
