#!/usr/bin/env bash
# BusyBox comparison suite: Debian's static BusyBox (/bin/busybox from busybox-static) runs each
# case of cases.sh natively and under test, in two fresh copies of the same fixture directory.
# A case passes when standard output, the exit status and the files left behind (names, types,
# modes, sizes, contents) are identical. PATH holds only links to BusyBox, so the commands a case
# runs (tar runs gzip, xargs runs echo) are BusyBox's on both sides. Output of the system image's
# console is compared with its "\r\n" line ends (the tty's ONLCR) read as "\n". Options: tests/lib.sh.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib.sh"

BUSYBOX=/bin/busybox
out=$TEST_OUT/busybox
fixture=$out/fixture
applets=$out/applets

if [ ! -x "$BUSYBOX" ]; then
    echo "busybox suite: $BUSYBOX is missing (apt-get install busybox-static)" >&2
    record FAIL "busybox/setup"
    finish_suite
    exit 1
fi

CASE_NAMES=()
CASE_KINDS=()
CASE_INPUTS=()
CASE_ARGS=()

register() { # KIND NAME INPUT ARG...
    local kind=$1 name=$2 input=$3
    shift 3
    selected "busybox/$name" || return 0
    CASE_KINDS+=("$kind")
    CASE_NAMES+=("$name")
    CASE_INPUTS+=("$input")
    CASE_ARGS+=("$(printf '%q ' "$@")")
}
bb() { local name=$1; shift; register bb "$name" /dev/null "$@"; }
bbin() { local name=$1 input=$2; shift 2; register bb "$name" "$input" "$@"; }
bbsh() { register bb "$1" /dev/null sh -c "$2"; }
img() { register img "$1" /dev/null "$2"; }

source "$here/cases.sh"

# Names, types, modes, sizes, link targets and contents of everything under DIR.
snapshot() {
    (
        cd "$1" || exit
        echo "--- files left behind"
        find . -mindepth 1 -printf '%p %y %m %s %l\n' | LC_ALL=C sort
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0r md5sum
    )
}

run_case() {
    local i=$1
    local name=${CASE_NAMES[$i]} kind=${CASE_KINDS[$i]} input=${CASE_INPUTS[$i]}
    local -a args
    eval "args=(${CASE_ARGS[$i]})"
    local dir=$out/$name
    rm -rf "$dir"
    mkdir -p "$dir/native" "$dir/test"
    cp -a "$fixture" "$dir/native/w"
    cp -a "$fixture" "$dir/test/w"
    [ "$input" = /dev/null ] || input=$fixture/$input
    # The subshells' own stderr is dropped: bash reports "Terminated" and the like there.
    (
        cd "$dir/native/w" || exit
        if [ "$kind" = img ]; then
            timeout -k 5 "$NATIVE_TIMEOUT" env PATH="$applets" "$BUSYBOX" sh -c "${args[0]}" < "$input" > "$dir/native.out" 2> "$dir/native.err"
        else
            timeout -k 5 "$NATIVE_TIMEOUT" env PATH="$applets" "$BUSYBOX" "${args[@]}" < "$input" > "$dir/native.out" 2> "$dir/native.err"
        fi
        echo $? > "$dir/native.status"
    ) 2>/dev/null
    (
        cd "$dir/test/w" || exit
        if [ "$kind" = img ]; then
            under_test_image "$dir/test/w" "${args[0]}" < "$input" > "$dir/test.out" 2> "$dir/test.err"
        else
            under_test_env PATH="$applets" "$BUSYBOX" "${args[@]}" < "$input" > "$dir/test.out" 2> "$dir/test.err"
        fi
        echo $? > "$dir/test.status"
    ) 2>/dev/null
    if [ "$kind" = img ]; then
        sed -i 's/\r$//' "$dir/test.out"
    fi
    snapshot "$dir/native/w" >> "$dir/native.out"
    snapshot "$dir/test/w" >> "$dir/test.out"
    compare "busybox/$name" "$dir"
}

mkdir -p "$out"
"$here/fixture.sh" "$fixture"
rm -rf "$applets"
mkdir -p "$applets"
for applet in $("$BUSYBOX" --list); do
    ln -s "$BUSYBOX" "$applets/$applet"
done
if [ "$RUNNER" = jerla ] && printf '%s\n' "${CASE_KINDS[@]}" | grep -qx img; then
    # Build the system image once, before parallel `jerla run`s would each find it missing.
    "$JERLA" image > "$out/image.log" 2>&1 || echo "busybox suite: building the system image failed: see $out/image.log" >&2
fi
echo "busybox: running ${#CASE_NAMES[@]} cases natively and under $RUNNER"
run_parallel run_case "${!CASE_NAMES[@]}"
finish_suite
