#!/usr/bin/env bash
# Network suite: the guest network of `jerla run` seen from both sides, over the host's loopback
# only. One guest boots with port forwards (-p) to BusyBox httpd, an nc listener and a UDP echo
# server; while those serve the host's curl and clients, the guest itself reaches host servers
# through the gateway 10.0.2.2 (BusyBox wget and nc, UDP), lists its interfaces and routes, and
# pings its loopback over IPv4 and IPv6. A second guest with --net none has only the loopback.
# Host ports are chosen at random in a high range (a boot whose forward could not bind is
# retried with new ones).
# Each check is a case that passes when the observed text is the expected one.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib.sh"

out=$TEST_OUT/net
rm -rf "$out"
mkdir -p "$out/mnt/www"
mnt=$out/mnt

# The cases, in order; nothing boots when JERLA_TEST_FILTER selects none of them.
CASES=(
    forward-httpd forward-httpd-404 forward-nc-halfclose forward-udp forward-nothing-listening
    guest-exit wget-gateway nc-gateway udp-gateway refused-gateway ip-addr-eth0 ip-addr-lo
    ip-route-default ifconfig-eth0 ping-loopback ping6-loopback none-unreachable none-no-eth0
)
any=0
for c in "${CASES[@]}"; do selected "net/$c" && any=1; done
if [ "$any" = 0 ]; then
    finish_suite
    exit 0
fi

if [ "$RUNNER" != jerla ]; then
    echo "net suite: the guest network needs jerla run (JERLA_TEST_RUNNER=$RUNNER); skipped"
    finish_suite
    exit 0
fi

tool() { python3 "$here/hosttool.py" "$@"; }

# check NAME EXPECTED ACTUAL: a case on text.
check() {
    local name=$1 expected=$2 actual=$3
    selected "net/$name" || return 0
    if [ "$expected" = "$actual" ]; then
        record PASS "net/$name"
    else
        printf 'expected: %s\nactual:   %s\n' "$expected" "$actual" > "$out/$name.report"
        record FAIL "net/$name" "$out/$name.report"
    fi
}

# wait_file FILE SECONDS: true once FILE exists (port files appear whole, by rename).
wait_file() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        [ -e "$1" ] && return 0
        sleep 0.1
    done
    return 1
}

# Guest-side helper and data.
gcc -static -O2 -o "$mnt/udp_echo" "$here/udp_echo.c" || { record FAIL net/setup; finish_suite; exit 1; }
echo "hello from the guest's httpd" > "$mnt/www/index.html"
head -c 300000 /dev/urandom > "$mnt/blob"
blob_md5=$(md5sum < "$mnt/blob" | cut -d' ' -f1)
mkdir -p "$out/hostwww"
cp "$mnt/blob" "$out/hostwww/blob"

# Host servers (they pick their own free ports).
pids=()
python3 "$here/hosttool.py" http-server "$out/hostwww" "$out/http.port" & pids+=($!)
python3 "$here/hosttool.py" md5-server "$out/md5.port" & pids+=($!)
python3 "$here/hosttool.py" udp-echo-server "$out/udp.port" & pids+=($!)
cleanup() { kill "${pids[@]}" 2>/dev/null; }
trap cleanup EXIT
for f in http md5 udp; do
    wait_file "$out/$f.port" 20 || { record FAIL net/setup; finish_suite; exit 1; }
done
http_port=$(cat "$out/http.port")
md5_port=$(cat "$out/md5.port")
udp_port=$(cat "$out/udp.port")
closed_port=$(tool free-port)

# The guest: servers first, then its own clients; it stays up until the host is done.
cat > "$mnt/guest.sh" <<GUEST
httpd -p 80 -h /mnt/www
nc -l -p 7000 -e md5sum &
/mnt/udp_echo server 5000 &
echo "== wget"; wget -q -O - http://10.0.2.2:$http_port/blob | md5sum
echo "== nc"; nc 10.0.2.2 $md5_port < /mnt/blob
echo "== udp"; /mnt/udp_echo client 10.0.2.2 $udp_port hello
echo "== refused"; nc 10.0.2.2 $closed_port < /dev/null
echo "== ip addr"; ip addr
echo "== ip route"; ip route
echo "== ifconfig"; ifconfig eth0
echo "== ping"; ping -c 1 -W 2 127.0.0.1
echo "== ping6"; ping -6 -c 1 -W 2 ::1
echo "== end"
touch /mnt/guest-ready
while [ ! -e /mnt/host-done ]; do sleep 0.2; done
GUEST

boot() {
    rm -f "$mnt/guest-ready" "$mnt/host-done"
    tcp_fwd=$(tool free-port)
    nc_fwd=$(tool free-port)
    udp_fwd=$(tool free-port)
    dead_fwd=$(tool free-port)
    timeout -k 5 120 "$JERLA" run -p "$tcp_fwd:80" -p "$nc_fwd:7000" -p "$udp_fwd:5000/udp" -p "$dead_fwd:9" \
        --volume "$mnt:/mnt" -- /bin/sh /mnt/guest.sh > "$out/guest.out" 2> "$out/guest.err" &
    guest=$!
    wait_file "$mnt/guest-ready" 90
    if grep -q "cannot forward" "$out/guest.err"; then
        touch "$mnt/host-done"
        wait "$guest"
        return 1
    fi
    return 0
}
boot || boot

# Inbound, through the forwards.
check forward-httpd "hello from the guest's httpd" "$(curl -s --max-time 20 "http://127.0.0.1:$tcp_fwd/index.html")"
check forward-httpd-404 "404" "$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "http://127.0.0.1:$tcp_fwd/missing")"
check forward-nc-halfclose "$blob_md5  -" "$(tool md5-client "$nc_fwd" "$mnt/blob")"
check forward-udp "guest:ping" "$(tool udp-client "$udp_fwd" ping)"
# The host connection is accepted, then reset: curl fails in connect (7) or in its first read (56).
curl -s --max-time 10 "http://127.0.0.1:$dead_fwd/" > /dev/null
st=$?
case $st in 7 | 56) closed=closed ;; *) closed="curl status $st" ;; esac
check forward-nothing-listening closed "$closed"
touch "$mnt/host-done"
wait "$guest"
check guest-exit "0" "$?"

# Outbound, from the guest's own output.
section() { tr -d '\r' < "$out/guest.out" | sed -n "/^== $1\$/,/^== /p" | sed '1d;$d'; }
check wget-gateway "$blob_md5  -" "$(section wget)"
check nc-gateway "$blob_md5" "$(section nc)"
check udp-gateway "echo:hello" "$(section udp)"
check refused-gateway "nc: can't connect to remote host (10.0.2.2): Connection refused" "$(section refused)"
check ip-addr-eth0 "inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0" \
    "$(section 'ip addr' | grep -o 'inet 10.0.2.15.*eth0' | sed 's/  */ /g')"
check ip-addr-lo "inet 127.0.0.1/8 scope host lo" "$(section 'ip addr' | grep -o 'inet 127.0.0.1.*lo' | sed 's/  */ /g')"
check ip-route-default "default via 10.0.2.2 dev eth0" "$(section 'ip route' | grep -o '^default via 10.0.2.2 dev eth0')"
check ifconfig-eth0 "inet addr:10.0.2.15 Bcast:10.0.2.255 Mask:255.255.255.0" \
    "$(section ifconfig | grep -o 'inet addr:.*' | sed 's/  */ /g; s/ *$//')"
check ping-loopback "1 packets transmitted, 1 packets received, 0% packet loss" \
    "$(section ping | grep -o '1 packets transmitted.*loss')"
check ping6-loopback "64 bytes from ::1: seq=0 ttl=64" "$(section ping6 | grep -o '64 bytes from ::1: seq=0 ttl=64')"

# No host network: only the loopback, and other destinations are unreachable.
timeout -k 5 60 "$JERLA" run --net none -- /bin/sh -c \
    "wget -q -O - http://10.0.2.2:$http_port/blob; echo wget=\$?; ip addr | grep -c eth0" > "$out/none.out" 2>&1
check none-unreachable "yes" "$(grep -q 'Network is unreachable' "$out/none.out" && echo yes || echo no)"
check none-no-eth0 "0" "$(tr -d '\r' < "$out/none.out" | tail -n 1)"

finish_suite
