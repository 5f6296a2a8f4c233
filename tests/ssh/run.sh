#!/usr/bin/env bash
# SSH suite: the SSH image (`jerla run -p PORT:22 --image ssh`, docs/ssh.md) serving the host's
# OpenSSH client through a port forward on the host's loopback: a command, exit status and
# stdin, scp both ways, ten sessions at once, a fork per connection, a pseudo-terminal session
# and the demo password. Only loopback traffic.
#
# JERLA_TEST_RUNNER=native runs the same image's dropbear on the host kernel instead (in a chroot
# of the unpacked image with private mounts; needs root and unshare), to check the suite itself.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib.sh"

out=$TEST_OUT/ssh
rm -rf "$out"
mkdir -p "$out"
key=$JERLA_ROOT/.cache/images/ssh/id_ed25519
# Seconds to wait for the server's banner after boot (the emulator boots and starts dropbear).
boot_timeout=${JERLA_SSH_BOOT_TIMEOUT:-180}

# The image, built on first use (dropbear is compiled once and cached; see docs/ssh.md).
if ! "$JERLA" image --ssh --list > "$out/listing" 2> "$out/build.log"; then
    { echo "jerla image --ssh --list failed:"; tail -n 30 "$out/build.log"; } > "$out/report"
    record FAIL ssh/image "$out/report"
    finish_suite
    exit
fi
if grep -q ' /usr/sbin/dropbear$' "$out/listing" && grep -q ' /root/.ssh/authorized_keys$' "$out/listing" && [ -f "$key" ]; then
    record PASS ssh/image
else
    { echo "the image lacks dropbear or root's authorized_keys, or $key is missing:"; cat "$out/listing"; } > "$out/report"
    record FAIL ssh/image "$out/report"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ssh_options=(-p "$port" -i "$key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
    -o BatchMode=yes -o ConnectTimeout=30 -o ServerAliveInterval=15)
# OpenSSH's scp speaks SFTP unless -O; dropbear serves scp's original protocol.
scp_options=(-O -P "$port" -i "$key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
    -o BatchMode=yes -o ConnectTimeout=30)

guest() {
    timeout -k 5 "$TEST_TIMEOUT" ssh "${ssh_options[@]}" root@127.0.0.1 "$@"
}

# Like guest, with a pseudo-terminal for the session even though stdin is not a terminal.
guest_tty() {
    timeout -k 5 "$TEST_TIMEOUT" ssh "${ssh_options[@]}" -tt root@127.0.0.1 "$@"
}

server_pid=
console=$out/console
cleanup() {
    exec 8>&- 2> /dev/null
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2> /dev/null; then
        kill "$server_pid" 2> /dev/null
        sleep 1
        kill -9 "$server_pid" 2> /dev/null
    fi
}
trap cleanup EXIT

case $RUNNER in
    jerla)
        # The console shell reads a FIFO this script holds open; closing it ends the system.
        mkfifo "$console"
        "$JERLA" run -p "$port:22" --image ssh < "$console" > "$out/server.log" 2>&1 &
        server_pid=$!
        exec 8> "$console"
        ;;
    native)
        if [ "$(id -u)" != 0 ] || ! command -v unshare > /dev/null; then
            echo "ssh: the native run needs root and unshare; skipped"
            finish_suite
            exit
        fi
        root=$out/root
        mkdir -p "$root"
        (cd "$root" && gzip -dc "$JERLA_ROOT/.cache/images/ssh.cpio.gz" | cpio -id --quiet)
        # Private mounts vanish with the namespace; the host's /dev/pts is left alone.
        unshare -m --propagation private sh -c "mount -t proc proc '$root/proc' && mount -t tmpfs dev '$root/dev' \
            && mknod -m 666 '$root/dev/null' c 1 3 && mknod -m 666 '$root/dev/tty' c 5 0 \
            && mknod -m 666 '$root/dev/urandom' c 1 9 && mkdir '$root/dev/pts' \
            && mount -t devpts -o newinstance,ptmxmode=0666 devpts '$root/dev/pts' \
            && ln -s pts/ptmx '$root/dev/ptmx' \
            && exec chroot '$root' /usr/sbin/dropbear -F -E -p '127.0.0.1:$port' \
            -r /etc/dropbear/dropbear_ed25519_host_key -r /etc/dropbear/dropbear_ecdsa_host_key \
            -r /etc/dropbear/dropbear_rsa_host_key" > "$out/server.log" 2>&1 &
        server_pid=$!
        ;;
    *)
        echo "ssh: JERLA_TEST_RUNNER=$RUNNER does not apply to this suite; skipped"
        finish_suite
        exit
        ;;
esac

# Wait for dropbear's banner ("SSH-2.0-dropbear_...") on the forwarded port.
banner=
for ((i = 0; i < boot_timeout; i++)); do
    banner=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 20 <&3" 2> /dev/null || true)
    case $banner in SSH-2.0-dropbear*) break ;; esac
    kill -0 "$server_pid" 2> /dev/null || break
    sleep 1
done
case $banner in
    SSH-2.0-dropbear*) record PASS ssh/boot ;;
    *)
        { echo "no SSH banner on 127.0.0.1:$port after ${i}s (got '$banner'); server log:"; tail -n 30 "$out/server.log"; } > "$out/report"
        record FAIL ssh/boot "$out/report"
        finish_suite
        exit
        ;;
esac

# check NAME EXPECTED-FILE GOT-FILE: the case passes when the two files are identical.
check() {
    local name=$1 expected=$2 got=$3
    if cmp -s "$expected" "$got"; then
        record PASS "ssh/$name"
    else
        {
            diff -u --label expected --label got "$expected" "$got" | head -n 40
            echo "server log (last lines):"
            tail -n 12 "$out/server.log"
        } > "$out/$name.report"
        record FAIL "ssh/$name" "$out/$name.report"
    fi
}

# A command: uname, the image's root directory, shell arithmetic.
guest 'uname -s; uname -m; ls /; echo $((1+1))' > "$out/command.got" 2> "$out/command.err"
{
    echo Linux
    echo x86_64
    sed -n 's|^[^ ]* *[^ ]* /\([^/]*\)\( -> .*\)\{0,1\}$|\1|p' "$out/listing" | sort -u
    echo 2
} > "$out/command.expected"
check command "$out/command.expected" "$out/command.got"

guest 'uname -a' > "$out/uname.got" 2>&1
if grep -q '^Linux .* x86_64' "$out/uname.got"; then record PASS ssh/uname-a; else record FAIL ssh/uname-a "$out/uname.got"; fi

# The remote command's exit status and standard input come back.
guest 'exit 3' < /dev/null > /dev/null 2>&1
echo "status $?" > "$out/status.got"
echo "status 3" > "$out/status.expected"
check exit-status "$out/status.expected" "$out/status.got"

printf 'one\ntwo\nthree\n' | guest 'wc -l; echo end' > "$out/stdin.got" 2>&1
printf '3\nend\n' > "$out/stdin.expected"
check stdin "$out/stdin.expected" "$out/stdin.got"

# scp both ways (a file with every byte value), checked by checksum on both sides.
head -c 300000 /dev/urandom > "$out/upload"
timeout -k 5 "$TEST_TIMEOUT" scp "${scp_options[@]}" "$out/upload" root@127.0.0.1:/tmp/upload > "$out/scp-up.err" 2>&1
guest 'sha256sum /tmp/upload' 2>&1 | cut -d' ' -f1 > "$out/scp-up.got"
sha256sum "$out/upload" | cut -d' ' -f1 > "$out/scp-up.expected"
check scp-upload "$out/scp-up.expected" "$out/scp-up.got"

guest 'cp /tmp/upload /tmp/download && echo x >> /tmp/download && sha256sum /tmp/download' 2>&1 | cut -d' ' -f1 > "$out/scp-down.expected"
timeout -k 5 "$TEST_TIMEOUT" scp "${scp_options[@]}" root@127.0.0.1:/tmp/download "$out/download" > "$out/scp-down.err" 2>&1
{ [ -f "$out/download" ] && sha256sum "$out/download" | cut -d' ' -f1; } > "$out/scp-down.got"
check scp-download "$out/scp-down.expected" "$out/scp-down.got"

# Ten sessions at once, each running long enough to overlap the others.
sessions=()
for i in $(seq 1 10); do
    guest "echo start $i; sleep 2; echo end $i" > "$out/session.$i.got" 2>&1 &
    sessions+=($!)
done
wait "${sessions[@]}"
for i in $(seq 1 10); do printf 'start %d\nend %d\n' "$i" "$i"; done > "$out/sessions.expected"
for i in $(seq 1 10); do cat "$out/session.$i.got"; done > "$out/sessions.got"
check ten-sessions "$out/sessions.expected" "$out/sessions.got"

# Dropbear forks a process per connection: two overlapping sessions have different parents,
# neither of which is the listening server (its pid is in /var/run/dropbear.pid).
guest 'echo $PPID; cat /var/run/dropbear.pid; sleep 2' > "$out/fork.1" 2>&1 &
fork_job=$!
guest 'sleep 1; echo $PPID' > "$out/fork.2" 2>&1
wait "$fork_job"
session1=$(sed -n 1p "$out/fork.1")
listener=$(sed -n 2p "$out/fork.1")
session2=$(sed -n 1p "$out/fork.2")
if [[ $session1 =~ ^[0-9]+$ && $session2 =~ ^[0-9]+$ && $listener =~ ^[0-9]+$ ]] \
        && [ "$session1" != "$session2" ] && [ "$session1" != "$listener" ] && [ "$session2" != "$listener" ]; then
    record PASS ssh/fork-per-connection
else
    { echo "session parents '$session1' and '$session2', listener '$listener':"; cat "$out/fork.1" "$out/fork.2"; } > "$out/fork.report"
    record FAIL ssh/fork-per-connection "$out/fork.report"
fi

# A session with a pseudo-terminal: tty names a pts, the window size set on it reads back, and
# an interactive shell runs piped input line by line (output lines end in CR LF).
guest_tty 'tty; stty rows 30 cols 100; stty size' < /dev/null 2>&1 | tr -d '\r' > "$out/pty.got"
printf '/dev/pts/N\n30 100\n' > "$out/pty.expected"
sed -i 's|^/dev/pts/[0-9][0-9]*$|/dev/pts/N|' "$out/pty.got"
check pty "$out/pty.expected" "$out/pty.got"

printf 'echo $((6*7))\nexit\n' | guest_tty > "$out/pty-shell.raw" 2>&1
if grep -q $'^42\r$' "$out/pty-shell.raw"; then
    record PASS ssh/pty-shell
else
    { echo "no line '42' CR in the interactive session:"; od -c "$out/pty-shell.raw" | head -n 30; } > "$out/pty-shell.report"
    record FAIL ssh/pty-shell "$out/pty-shell.report"
fi

# The demo password (docs/ssh.md), given by an askpass program.
printf '#!/bin/sh\necho jerla\n' > "$out/askpass"
chmod 755 "$out/askpass"
SSH_ASKPASS=$out/askpass SSH_ASKPASS_REQUIRE=force timeout -k 5 "$TEST_TIMEOUT" ssh -p "$port" \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=30 \
    -o PubkeyAuthentication=no -o PreferredAuthentications=password -o NumberOfPasswordPrompts=1 \
    root@127.0.0.1 'echo password login' < /dev/null > "$out/password.got" 2>&1
echo 'password login' > "$out/password.expected"
check password "$out/password.expected" "$out/password.got"

# Closing the console ends the console shell, process 1, and with it the system.
if [ "$RUNNER" = jerla ]; then
    exec 8>&-
    for ((i = 0; i < 30; i++)); do
        kill -0 "$server_pid" 2> /dev/null || break
        sleep 1
    done
    if kill -0 "$server_pid" 2> /dev/null; then
        { echo "jerla still runs 30 s after its console closed; server log:"; tail -n 20 "$out/server.log"; } > "$out/shutdown.report"
        record FAIL ssh/shutdown "$out/shutdown.report"
    else
        record PASS ssh/shutdown
    fi
fi

finish_suite
