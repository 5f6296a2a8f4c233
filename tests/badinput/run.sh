#!/usr/bin/env bash
# Bad-input suite: files that are not Linux x86-64 programs given to `jerla exec`, and mistakes on
# the command line. Each must end with a clear message and the shell's exit status (126 cannot
# execute, 127 not found, 2 usage, 125 Jerla cannot start), and Jerla must keep working afterwards.
# (execve of the same kinds of files inside the guest is tests/guest/exec_bad.c.)
# This suite tests Jerla's own command line, so it always runs `./jerla`.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib.sh"

out=$TEST_OUT/badinput
rm -rf "$out"
mkdir -p "$out/files"
files=$out/files

# The bad files, made from the host's static BusyBox.
printf 'echo this is a text file\n' > "$files/text"
: > "$files/empty"
head -c 200 /bin/busybox > "$files/truncated"
head -c $(( $(stat -c %s /bin/busybox) / 2 )) /bin/busybox > "$files/half"
cp /bin/busybox "$files/aarch64"
printf '\267\000' | dd of="$files/aarch64" bs=1 seek=18 conv=notrunc status=none  # e_machine = EM_AARCH64
cp /bin/busybox "$files/i386"
printf '\003\000' | dd of="$files/i386" bs=1 seek=18 conv=notrunc status=none     # e_machine = EM_386
printf 'int f(void) { return 1; }\n' > "$files/object.c"
gcc -c -o "$files/object" "$files/object.c"
chmod 755 "$files/text" "$files/empty" "$files/truncated" "$files/half" "$files/aarch64" "$files/i386" "$files/object"
cp /bin/busybox "$files/not-executable"
chmod 644 "$files/not-executable"
mkdir -p "$files/directory"
head -c 4096 /dev/urandom > "$files/garbage.cpio"

# expect NAME STATUS MESSAGE COMMAND...: COMMAND must exit with STATUS and print MESSAGE on stderr.
expect() {
    local name=$1 status=$2 message=$3
    shift 3
    local dir=$out/$name
    mkdir -p "$dir"
    timeout -k 5 "$TEST_TIMEOUT" "$@" < /dev/null > "$dir/stdout" 2> "$dir/stderr"
    local got=$?
    if [ "$got" = "$status" ] && { [ -z "$message" ] || grep -qF -- "$message" "$dir/stderr"; }; then
        record PASS "badinput/$name"
    else
        {
            echo "command: $*"
            echo "expected: exit $status and stderr containing: $message"
            echo "got: exit $got, stderr:"
            head -n 15 "$dir/stderr"
        } > "$dir/report"
        record FAIL "badinput/$name" "$dir/report"
    fi
}

expect text-file 126 "jerla: $files/text: Exec format error" "$JERLA" exec "$files/text"
expect empty-file 126 "jerla: $files/empty: Exec format error" "$JERLA" exec "$files/empty"
expect truncated-elf 126 "jerla: $files/truncated: Exec format error" "$JERLA" exec "$files/truncated"
expect half-elf 126 "jerla: $files/half: Exec format error" "$JERLA" exec "$files/half"
expect aarch64-elf 126 "jerla: $files/aarch64: Exec format error" "$JERLA" exec "$files/aarch64" --help
expect i386-elf 126 "jerla: $files/i386: Exec format error" "$JERLA" exec "$files/i386"
expect object-file 126 "jerla: $files/object: Exec format error" "$JERLA" exec "$files/object"
expect missing-file 127 "jerla: $files/missing: No such file or directory" "$JERLA" exec "$files/missing"
expect not-in-path 127 "jerla: jerla-no-such-command: command not found" "$JERLA" exec jerla-no-such-command
expect directory 126 "jerla: $files/directory: Is a directory" "$JERLA" exec "$files/directory"
expect not-executable 126 "jerla: $files/not-executable: Permission denied" "$JERLA" exec "$files/not-executable"
expect relative-path 126 "jerla: ./text: Exec format error" bash -c 'cd "$1" && exec "$2" exec ./text' _ "$files" "$JERLA"
expect no-command 2 "Missing command" "$JERLA"
expect exec-no-program 2 "PROGRAM" "$JERLA" exec
expect bad-volume 2 "is not a directory" "$JERLA" exec --volume "$files/missing:/x" /bin/busybox true
expect bad-cpu-level 2 "unknown CPU level 'bogus'" "$JERLA" exec --cpu bogus /bin/busybox true
expect bad-publish 2 "is not a port number" "$JERLA" run -p 99999:80 -- /bin/true
expect bad-net 2 "--net must be user or none" "$JERLA" exec --net bogus /bin/busybox true
expect bad-volume-syntax 2 "is not HOSTDIR:GUESTDIR" "$JERLA" run --volume nocolon -- /bin/true
expect bad-env 2 "is not NAME=VALUE" "$JERLA" exec -e NOEQUALS /bin/busybox true
expect missing-image 125 "no such image file" "$JERLA" run --image "$files/missing.cpio" -- /bin/true
expect garbage-image 125 "not a readable initramfs" "$JERLA" run --image "$files/garbage.cpio" -- /bin/true
expect command-not-in-image 127 "jerla-no-such-command: not found in the image" "$JERLA" run -- jerla-no-such-command
# After all of that, Jerla still runs programs.
expect still-works-exec 0 "" "$JERLA" exec /bin/busybox true
expect still-works-run 0 "" "$JERLA" run -- /bin/true
finish_suite
