#!/usr/bin/env bash
# Guest-program suite: every tests/guest/*.c is compiled four ways (musl-gcc -static,
# gcc -static, gcc -static-pie, gcc with the dynamic glibc), and each binary is run natively and under test with the same
# arguments, environment and a fresh scratch directory. A case passes when standard output and
# exit status are identical. Options: tests/lib.sh. Lines in a program's source:
#   // ARGS: ...      its arguments (shell words)
#   // CFLAGS: ...    extra compiler flags (e.g. -march=x86-64-v3 -O3)
#   // VARIANTS: ...  the builds to test instead of all of them (e.g. musl static)
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib.sh"

out=$TEST_OUT/guest
bin=$out/bin
mkdir -p "$bin"

VARIANTS=(musl static static-pie dynamic)

compiler() {
    case $1 in
        musl) echo "musl-gcc -static" ;;
        static) echo "gcc -static" ;;
        static-pie) echo "gcc -static-pie" ;;
        dynamic) echo "gcc" ;;
    esac
}

# compile NAME.VARIANT: builds $bin/NAME.VARIANT; a failure is recorded as the case's failure.
compile() {
    local name=${1%.*} variant=${1##*.}
    local src=$here/$name.c exe=$bin/$1
    if [ "$exe" -nt "$src" ] && [ "$exe" -nt "$here/guest.h" ]; then
        return 0
    fi
    local cflags
    cflags=$(sed -n 's|^// CFLAGS: ||p' "$src")
    # shellcheck disable=SC2046,SC2086
    if ! $(compiler "$variant") -O2 -Wall -Wno-unused-result $cflags -o "$exe" "$src" -lm -lpthread > "$bin/$1.log" 2>&1; then
        rm -f "$exe"
    fi
}

run_case() {
    local id=$1 name=${1%.*}
    local exe=$bin/$id dir=$out/$id
    rm -rf "$dir"
    mkdir -p "$dir/native-tmp" "$dir/test-tmp"
    if [ ! -x "$exe" ]; then
        { echo "compile failed:"; cat "$bin/$id.log"; } > "$dir/report"
        record FAIL "guest/$id" "$dir/report"
        return
    fi
    local args_line
    args_line=$(sed -n 's|^// ARGS: ||p' "$here/$name.c")
    local -a args=()
    if [ -n "$args_line" ]; then
        eval "args=($args_line)"
    fi
    # The subshells' own stderr is dropped: bash reports "Segmentation fault" and the like there.
    (
        cd "$dir/native-tmp" || exit
        TEST_TMPDIR=$PWD JERLA_TEST_VAR=hello \
            timeout -k 5 "$NATIVE_TIMEOUT" "$exe" "${args[@]}" < /dev/null > "$dir/native.out" 2> "$dir/native.err"
        echo $? > "$dir/native.status"
    ) 2>/dev/null
    (
        cd "$dir/test-tmp" || exit
        TEST_TMPDIR=$PWD JERLA_TEST_VAR=hello under_test "$exe" "${args[@]}" < /dev/null > "$dir/test.out" 2> "$dir/test.err"
        echo $? > "$dir/test.status"
    ) 2>/dev/null
    compare "guest/$id" "$dir"
}

cases=()
for src in "$here"/*.c; do
    name=$(basename "$src" .c)
    only=$(sed -n 's|^// VARIANTS: ||p' "$src")
    for variant in "${VARIANTS[@]}"; do
        [ -z "$only" ] || case " $only " in *" $variant "*) ;; *) continue ;; esac
        selected "guest/$name.$variant" && cases+=("$name.$variant")
    done
done

echo "guest programs: compiling ${#cases[@]} binaries"
run_parallel compile "${cases[@]}"
echo "guest programs: running ${#cases[@]} cases natively and under $RUNNER"
run_parallel run_case "${cases[@]}"
finish_suite
