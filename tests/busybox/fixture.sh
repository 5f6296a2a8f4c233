#!/usr/bin/env bash
# Builds the directory every BusyBox case starts from: `fixture.sh DIR`. Contents, permissions and
# modification times are fixed, so listings are the same on every machine.
set -eu
root=$1
rm -rf "$root"
mkdir -p "$root/d/sub/deeper"
cd "$root"
printf 'alpha\nbeta\ngamma\ndelta\nepsilon\n' > d/a.txt
printf 'alpha\nBETA\ngamma\nDelta\nzeta\n' > d/b.txt
printf '%s\n' pear apple fig banana cherry apple date elderberry grape banana kiwi lemon mango apple \
    nectarine orange papaya quince raspberry strawberry > d/words.txt
printf '%s\n' 42 7 19 3 100 -5 8 64 7 1000 0 33 > d/numbers.txt
printf '%s\n' apple apple banana cherry cherry cherry date fig fig > d/dups.txt
printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'daemon:x:1:1:daemon:/usr/sbin:/bin/false' \
    'alice:x:1000:1000:Alice A:/home/alice:/bin/sh' 'bob:x:1001:100:Bob B:/home/bob:/bin/ash' \
    'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' > d/passwd.txt
printf 'The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs. How vexingly quick daft zebras jump!\n' > d/long.txt
printf 'hello world\nsay hello again\nnothing here\n' > d/hello.txt
printf 'inner file\n' > d/sub/inner.txt
printf 'leaf\n' > d/sub/deeper/leaf.txt
printf '#!/bin/sh\necho "script ran with $# args: $*"\n' > d/script.sh
: > d/empty
LC_ALL=C awk 'BEGIN { for (i = 0; i < 256; i++) printf "%c", i }' > d/bytes.bin
ln -s a.txt d/link
chmod 644 d/*.txt d/empty d/bytes.bin d/sub/inner.txt d/sub/deeper/leaf.txt
chmod 755 d/script.sh
chmod 755 d d/sub d/sub/deeper
find . -exec touch -h -d '2001-02-03 04:05:06 UTC' {} +
touch -d '2002-03-04 05:06:07 UTC' d/b.txt
