#!/usr/bin/env bash
# The HTTP benchmark of bench/run.sh: `http.sh RUNNER SCALE` serves a directory with BusyBox
# httpd under RUNNER (native, jerla: inside the guest, reached through a port forward, or qemu),
# then host curl fetches a 64 MiB file SCALE times and makes 500 x SCALE requests for a small
# page, one connection each (BusyBox httpd closes after every answer). Prints what it received.
set -u
runner=$1 scale=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
work=$root/target/bench/http
mkdir -p "$work/www"
[ -f "$work/www/big" ] || head -c $((64 * 1024 * 1024)) /dev/urandom > "$work/www/big"
echo "hello from httpd" > "$work/www/index.html"

port=$((20000 + RANDOM % 20000))
case $runner in
    native) busybox httpd -f -p "127.0.0.1:$port" -h "$work/www" & ;;
    jerla) "${JERLA_BENCH_LAUNCHER:-$root/jerla}" run -p "$port:80" --volume "$work/www:/www" -- \
        /bin/busybox httpd -f -p 80 -h /www < /dev/null & ;;
    qemu) qemu-x86_64 /bin/busybox httpd -f -p "127.0.0.1:$port" -h "$work/www" & ;;
esac
server=$!
trap 'kill $server 2> /dev/null; wait $server 2> /dev/null' EXIT
for _ in $(seq 300); do
    curl -s -o /dev/null "http://127.0.0.1:$port/index.html" && break
    sleep 0.1
done

for _ in $(seq "$scale"); do
    curl -s "http://127.0.0.1:$port/big" | md5sum
done
urls=()
for _ in $(seq $((500 * scale))); do urls+=("http://127.0.0.1:$port/index.html"); done
curl -s "${urls[@]}" | sort | uniq -c
