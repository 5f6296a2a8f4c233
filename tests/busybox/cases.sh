# The BusyBox comparison cases (sourced by run.sh). Every case starts in a fresh copy of the
# fixture (fixture.sh) and runs Debian's static BusyBox natively and under test; standard output,
# the exit status and the resulting files must be the same.
#
#   bb NAME ARG...          busybox ARG...            (under test: jerla exec /bin/busybox ARG...)
#   bbin NAME FILE ARG...   the same, standard input from the fixture file FILE
#   bbsh NAME SCRIPT        busybox sh -c SCRIPT      (under test: jerla exec /bin/busybox sh -c SCRIPT)
#   img NAME SCRIPT         busybox sh -c SCRIPT natively; under test SCRIPT runs in the system
#                           image (jerla run) with the fixture copy mounted at /mnt as the working
#                           directory. Its stdout is the console, a terminal: pipe through cat what
#                           formats differently for a terminal (ls).

# Files and directories
bb ls_la ls -la d
bb ls_1 ls -1 d
bb ls_R ls -R d
bb ls_ln_sub ls -ln d/sub
bb cat cat d/a.txt d/b.txt
bb cat_n cat -n d/a.txt
bb cat_missing cat d/a.txt missing-file
bb stat_c stat -c '%n %s %a %F %h' d/a.txt d/sub d/link d/empty
bb stat_L stat -L -c '%n %s %F' d/link
bb readlink readlink d/link
bb mkdir_p mkdir -p x/y/z
bb mkdir_exists mkdir d
bb rmdir rmdir d/sub/deeper/../deeper
bb rm_r rm -r d/sub
bb rm_f_missing rm -f nothing-here
bb cp_file cp d/a.txt copy.txt
bb cp_r cp -r d/sub copy
bb cp_a cp -a d/sub copy-a
bb mv mv d/b.txt d/moved.txt
bb mv_dir mv d/sub newsub
bb ln_s ln -s a.txt d/newlink
bb ln_hard ln d/a.txt d/hard
bb chmod chmod 600 d/a.txt
bb chmod_R chmod -R go-rx d/sub
bbsh touch_new 'touch -d "2010-11-12 13:14:15" d/new && stat -c "%n %s %Y" d/new'
bb truncate truncate -s 5 d/words.txt
bbsh find_sorted 'find d -name "*.txt" | sort'
bbsh find_type 'find d -type d | sort; find d -type l'
bbsh find_exec 'find d/sub -type f -exec cat {} \; | sort'
bb du_s du -s -k d/sub/deeper

# Text processing
bb echo echo hello world
bb echo_e echo -e 'a\tb\nc\\d'
bb echo_n echo -n no newline
bb printf printf '%d|%5s|%-4s|%x|%o|%c|%%\n' 42 abc de 255 8 xyz
bb printf_float printf '%.3f %e %g\n' 3.14159 12345.678 0.0001
bb grep grep -n an d/words.txt
bb grep_vc grep -vc an d/words.txt
bb grep_E grep -E '^(ap|ba)' d/words.txt
bb grep_i grep -i beta d/a.txt d/b.txt
bb grep_w grep -w -o hello d/hello.txt
bb grep_none grep zzz d/words.txt
bbsh grep_r 'grep -r hello d | sort'
bb sed_s sed -e 's/an/AN/g' d/words.txt
bb sed_n sed -n '2,4p' d/words.txt
bb sed_d sed '/a/d' d/words.txt
bb sed_i sed -i 's/apple/APPLE/' d/words.txt
bb sed_y sed 'y/abc/xyz/' d/a.txt
bb awk_sum awk '{s += $1} END {print s, NR, s / NR}' d/numbers.txt
bb awk_fields awk -F: '{print $1, $3}' d/passwd.txt
bb awk_printf awk 'BEGIN {for (i = 1; i <= 5; i++) printf "%d^2=%d\n", i, i * i}'
bb awk_arrays awk '{n[$1]++} END {for (w in n) if (n[w] > 1) print w, n[w]}' d/words.txt
bb awk_math awk 'BEGIN {printf "%.6f %.6f %d %s\n", sin(1), sqrt(2), int(7.9), substr("jerla", 2, 3)}'
bb sort sort d/words.txt
bb sort_nr sort -nr d/numbers.txt
bb sort_u sort -u d/words.txt
bb sort_k sort -t: -k3,3n d/passwd.txt
bb uniq_c uniq -c d/dups.txt
bb uniq_d uniq -d d/dups.txt
bb wc wc d/words.txt
bb wc_l wc -l d/a.txt d/b.txt d/empty
bbin wc_stdin d/words.txt wc -l
bb head head -n 3 d/words.txt
bb head_c head -c 10 d/long.txt
bb tail tail -n 2 d/words.txt
bb tail_c tail -c 10 d/a.txt
bb tail_plus tail -n +18 d/words.txt
bb cut_f cut -d: -f1,3 d/passwd.txt
bb cut_c cut -c2-4 d/words.txt
bbin tr d/a.txt tr a-z A-Z
bbin tr_d d/words.txt tr -d aeiou
bbin tr_s d/dups.txt tr -s 'a-z\n' 'a-z '
bb fold fold -w 20 d/long.txt
bb fold_s fold -s -w 30 d/long.txt
bb nl nl d/a.txt
bb rev rev d/words.txt
bb tac tac d/words.txt
bb paste paste d/a.txt d/b.txt
bb paste_s paste -s -d, d/numbers.txt
bb diff diff -u d/a.txt d/b.txt
bb diff_same diff d/a.txt d/a.txt
bb cmp cmp d/a.txt d/b.txt
bb cmp_l cmp -l d/a.txt d/b.txt
bb od_c od -c d/a.txt
bb od_x od -A x -t x1z d/b.txt
bb hexdump hexdump -C d/bytes.bin
bb xxd xxd d/hello.txt
bb strings strings -n 3 d/bytes.bin
bb expand expand d/long.txt

# Checksums and archives
bb md5sum md5sum d/a.txt d/words.txt d/empty
bb sha1sum sha1sum d/bytes.bin
bb sha256sum sha256sum d/a.txt d/bytes.bin
bb sha512sum sha512sum d/long.txt
bb crc32 crc32 d/words.txt
bb base64 base64 d/bytes.bin
bbsh base64_roundtrip 'base64 d/bytes.bin | base64 -d | md5sum'
bbsh gzip_roundtrip 'gzip -c d/words.txt > w.gz && gunzip -c w.gz | md5sum && gzip -t w.gz && echo ok'
bbsh gzip_file 'gzip d/long.txt && ls d && zcat d/long.txt.gz | wc -c'
bbsh bzip2_roundtrip 'bzip2 -c d/long.txt | bunzip2 -c | cmp - d/long.txt && echo same'
bbsh tar_roundtrip 'tar cf t.tar d && mkdir x && tar xf t.tar -C x && diff -r d x/d && tar tf t.tar | sort'
bbsh tar_gz 'tar czf t.tgz d/sub && tar tzvf t.tgz | sort'
bbsh cpio_roundtrip 'find d/sub | sort | cpio -o -H newc > a.cpio 2>/dev/null && mkdir y && cd y && cpio -i -d < ../a.cpio 2>/dev/null && find . | sort && rm ../a.cpio'
bbsh dd 'dd if=d/words.txt of=part bs=4 count=3 skip=1 status=noxfer 2>&1; cat part; echo'
bbsh uuencode 'uuencode -m name < d/a.txt | uudecode -o - | cmp - d/a.txt && echo same'

# Numbers, time and the system
bb seq seq 1 3 20
bb seq_w seq -w 8 11
bb expr_mul expr 6 '*' 7
bb expr_len expr length hello
bb expr_match expr 'abc123' : '[a-z]*'
bb expr_false expr 0 + 0
bb factor factor 1234567890 97 360
bb date_0 date -d @0 -u
bb date_fmt date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %j %a %s'
bb sleep sleep 0.2
bb true true
bb false false
bb test_gt test 5 -gt 3
bb test_d test -d d/a.txt
bb test_f test -f d/a.txt -a -r d/a.txt
bb bracket [ abc = abc ]
bb basename basename /a/b/c.txt .txt
bb dirname dirname /a/b/c.txt
bb env_i env -i A=1 B='two words' env
bb id_u id -u
bb uname_m uname -m
bb uname_s uname -s
bbsh which_sh 'command -v ls'
bbsh yes_head 'yes jerla | head -n 3'
bbsh xargs 'echo a b c d e | xargs -n 2 echo x'
bbsh xargs_files 'ls d | xargs -n 4 echo'
bbsh tee 'echo teed | tee t1 t2 > /dev/null; cat t1 t2'
bbsh mktemp_d 'd=$(mktemp -d -p .) && test -d "$d" && rmdir "$d" && echo made'
bbsh timeout_cmd 'timeout 5 echo in time; echo $?'

# The shell
bbsh sh_pipeline 'echo hello | tr a-z A-Z | rev'
bbsh sh_redirect 'echo one > f; echo two >> f; cat f; wc -l < f'
bbsh sh_stderr 'cat missing-file 2>&1 | sed "s/^/E: /"; ls missing-file 2>/dev/null || echo "ls failed $?"'
bbsh sh_cmdsubst 'x=$(echo abc | wc -c); echo "n=$x"; echo "nested $(echo $(echo deep))"'
bbsh sh_result_pipe 'result=$(echo hello from pipe); echo $result | grep "hello from pipe"'
bbsh sh_heredoc 'name=world; cat <<EOF
hello $name
  indented $((1 + 2))
EOF
cat <<"EOF"
literal $name
EOF'
bbsh sh_functions 'f() { echo "f:$#:$1:$2"; return 3; }; f a "b c"; echo "status $?"; g() { local v=inner; echo $v; }; v=outer; g; echo $v'
bbsh sh_loops 'for i in 1 2 3; do echo for $i; done; i=0; while [ $i -lt 3 ]; do i=$((i + 1)); echo while $i; done; until [ $i -eq 0 ]; do i=$((i - 1)); done; echo until $i'
bbsh sh_case 'for w in apple 42 Zed ""; do case $w in [a-z]*) echo "$w lower";; [0-9]*) echo "$w number";; "") echo empty;; *) echo "$w other";; esac; done'
bbsh sh_arith 'echo $((6 * 7)) $((2 ** 10)) $((17 % 5)) $((-7 / 2)) $((1 << 40)) $((0x1f)) $((5 > 3 && 2 > 1))'
bbsh sh_args 'printf "#!/bin/sh\necho \$#; for a in \"\$@\"; do echo \"[\$a]\"; done\n" > t.sh; sh t.sh 1 2 "3 4"'
bbsh sh_script_file 'sh d/script.sh one "two three"'
bbsh sh_exit_status '(exit 3); echo $?; false | true; echo $?; ! true; echo $?'
bbsh sh_background 'sleep 0.1 & wait $!; echo "waited $?"; (exit 5) & wait $!; echo "child $?"'
bbsh sh_pipe_close '(echo a; echo b) | cat; seq 1 20000 | tail -n 1; seq 1 100000 | head -n 2'
bbsh sh_trap_exit 'trap "echo trapped" EXIT; echo body'
bbsh sh_trap_signal 'trap "echo got USR1" USR1; kill -USR1 $$; echo after'
bbsh sh_read 'printf "a b\nc d\n" | while read x y; do echo "$y $x"; done'
bbsh sh_strings 's=hello.tar.gz; echo ${s%.gz} ${s#*.} ${#s} ${s%%.*} ${s##*.} ${s/l/L} ${unset:-default}'
bbsh sh_ifs 'IFS=:; set -- a:b:c; echo $2 $#; IFS=" "; set -- $(echo "x  y   z"); echo $#'
bbsh sh_export 'export V=42; sh -c "echo child sees \$V"; W=1 sh -c "echo prefix \$W"; echo "unset in parent: ${W:-none}"'
bbsh sh_exec_fd 'exec 3> f; echo via fd3 >&3; exec 3>&-; cat f; exec 4< f; read line <&4; echo "read: $line"'
bbsh sh_getopts 'set -- -a -b val rest; while getopts ab: o; do echo "opt $o ${OPTARG:-}"; done; shift $((OPTIND - 1)); echo "rest $*"'
bbsh sh_set_e 'set -e; false || echo recovered; (set -e; false; echo not reached); echo "subshell $?"'
bbsh sh_umask 'umask 027; touch nf; stat -c %a nf; mkdir nd; stat -c %a nd'
bbsh sh_glob 'cd d && echo *.txt && echo s* && echo nomatch*'
bbsh sh_subshell_cwd '(cd d/sub && pwd | sed "s|.*/||"); pwd | sed "s|.*/||"'
bbsh sh_long_output 'seq 1 5000 | awk "{s += \$1} END {print s}"; yes abcdefghij | head -c 100000 | wc -c'
bbsh sh_signal_status 'sh -c "kill -TERM \$\$"; echo "status $?"'

# The system image (jerla run)
img img_echo42 'echo $((6*7)) | cat'
img img_ls_bin 'ls -la /bin > /dev/null && echo listed'
img img_pipeline 'seq 1 100 | sort -nr | head -n 3'
img img_uname 'uname -m; uname -s'
img img_tmp 'echo hi > /tmp/jerla-x && cat /tmp/jerla-x && rm /tmp/jerla-x && echo removed'
img img_cd 'cd /tmp && pwd'
img img_volume_files 'cat d/a.txt | wc -l; ls d/sub | cat'
img img_volume_write 'echo written in the guest > from-guest.txt; mkdir -p made/here'
img img_exit_status 'exit 7'
img img_script_args 'printf "echo \$#; for a in \"\$@\"; do echo \"<\$a>\"; done\n" > /tmp/s.sh; sh /tmp/s.sh 1 2 "3 4"'
img img_heredoc 'cat <<EOF | tr a-z A-Z
inside the image
EOF'
img img_sh_c_result 'result=$(echo hello from pipe); echo $result | grep "hello from pipe"'

# System tools in the image: what they print differs between the host and the guest, so each case
# reduces the output to facts that hold on any sane Linux system.
img img_ps 'ps | awk "NR == 1 {print \$1, \$2}"; ps -o pid,comm | awk "\$1 == 1 {print \"pid 1 listed\"}"; ps | grep -q "[p]s" && echo "ps lists itself"'
img img_top 'top -b -n 1 > /tmp/top.out; head -n 1 /tmp/top.out | cut -c 1-4; grep -c "^Load average: [0-9.]* [0-9.]* [0-9.]* [0-9]*/[0-9]* [0-9]*$" /tmp/top.out; grep -c "^  PID  PPID USER     STAT   VSZ %VSZ" /tmp/top.out; rm /tmp/top.out'
img img_free 'free | awk "NR == 1 {print \$1, \$2, \$3} NR == 2 {print \$1, (\$2 > 0), (\$3 > 0), (\$4 > 0), (\$3 < \$2), (\$4 < \$2)}"'
img img_df 'df / /dev /bin | awk "NR == 1 {print \$1, \$NF} NR > 1 {print \$NF, (\$2 > 0), (\$2 >= \$3)}"'
img img_mount 'mount | awk "\$3 == \"/proc\" || \$3 == \"/sys\" || \$3 == \"/dev\" {print \$3, \$5}" | sort'
img img_find_xdev 'find / -xdev | head -n 200 > /tmp/some; wc -l < /tmp/some; grep -c "^/proc/" /tmp/some; find /bin/ -xdev -name sh; rm /tmp/some'
img img_du 'du -s /bin/ | awk "{print (\$1 > 0), \$2}"; du -sk d/sub/deeper | awk "{print \$2}"'
img img_tar_roundtrip 't=$(mktemp -d); tar czf $t/a.tgz d && mkdir $t/x && tar xzf $t/a.tgz -C $t/x && diff -r d $t/x/d && echo same; tar tzf $t/a.tgz | sort | head -n 3; rm -r $t'
img img_uptime 'uptime | grep -c "load average: [0-9]*\.[0-9]*, [0-9]*\.[0-9]*, [0-9]*\.[0-9]*$"'
