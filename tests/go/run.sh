#!/usr/bin/env bash
# Go suite: a small static Go program (CGO_ENABLED=0, built here at test time) run natively and
# under test; standard output and exit status must be identical. It exercises what the Go
# runtime asks of the kernel: threads, futexes, signals on an alternate stack, preemption with
# SIGURG, the epoll netpoller's timers and fork/exec.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib.sh"

out=$TEST_OUT/go
mkdir -p "$out"
name=go/goroutines
if ! selected "$name"; then
    finish_suite
    exit
fi
if ! command -v go > /dev/null; then
    echo "go is missing (apt-get install golang-go)" > "$out/report"
    record FAIL "$name" "$out/report"
    finish_suite
    exit
fi
exe=$out/goroutines
if ! [ "$exe" -nt "$here/main.go" ]; then
    mkdir -p "$out/gocache" "$out/src"
    cp "$here/main.go" "$out/src/main.go"
    if ! (cd "$out/src" && GOCACHE=$out/gocache GO111MODULE=off CGO_ENABLED=0 go build -o "$exe" main.go) > "$out/build.log" 2>&1; then
        { echo "go build failed:"; cat "$out/build.log"; } > "$out/report"
        record FAIL "$name" "$out/report"
        finish_suite
        exit
    fi
fi
dir=$out/case
rm -rf "$dir"
mkdir -p "$dir"
timeout -k 5 "$NATIVE_TIMEOUT" "$exe" < /dev/null > "$dir/native.out" 2> "$dir/native.err"
echo $? > "$dir/native.status"
under_test "$exe" < /dev/null > "$dir/test.out" 2> "$dir/test.err"
echo $? > "$dir/test.status"
compare "$name" "$dir"
finish_suite
