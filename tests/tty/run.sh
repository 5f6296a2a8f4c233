#!/usr/bin/env bash
# Terminal suite: Jerla runs inside tmux, which plays the user's terminal. Keys go in with
# `tmux send-keys`, the screen comes back with `tmux capture-pane`, and every step polls the
# screen until what it expects appears (or a generous timeout passes): the console prompt of
# BusyBox init, line editing, ^C and ^Z/fg/bg/kill %N job control, the window size after a resize, vi, less,
# a shell on a pseudo-terminal (ptyrun.c, a small script(1)), top, garbage typed on the console,
# a line longer than the canonical buffer, ^C stopping a guest that floods the terminal,
# a new shell from init after `exit`, and `poweroff`.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib.sh"

out=$TEST_OUT/tty
rm -rf "$out"
mkdir -p "$out"

if ! command -v tmux > /dev/null; then
    echo "tmux missing" > "$out/report"
    record FAIL tty/tmux "$out/report"
    finish_suite
    exit
fi

SOCKET=jerla-tty-$$
tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }
trap 'tm kill-server 2> /dev/null' EXIT

screen() { tm capture-pane -p -t jerla 2> /dev/null; }

# wait_for REGEX [SECONDS]: polls the screen until a line matches the extended REGEX.
wait_for() {
    local regex=$1 limit=${2:-30}
    local deadline=$((SECONDS + limit))
    while [ $SECONDS -lt $deadline ]; do
        screen | grep -Eq -- "$regex" && return 0
        sleep 0.2
    done
    return 1
}

# step NAME REGEX [SECONDS]: records whether REGEX shows up; a failure keeps the screen.
step() {
    local name=$1 regex=$2 limit=${3:-30}
    if wait_for "$regex" "$limit"; then
        record PASS "tty/$name"
        return 0
    fi
    { echo "waited ${limit}s for /$regex/; the screen:"; screen; } > "$out/$name.report"
    record FAIL "tty/$name" "$out/$name.report"
    return 1
}

keys() { tm send-keys -t jerla "$@"; }
# type TEXT: the text as literal keys, then Enter.
type_line() { tm send-keys -t jerla -l "$1"; tm send-keys -t jerla Enter; }
clear_screen() { keys C-l; tm clear-history -t jerla; }

# prompt_back: presses ^C until the shell prompt is the last line again (10 s at most).
prompt_back() {
    local deadline=$((SECONDS + 10))
    while [ $SECONDS -lt $deadline ]; do
        keys C-c
        sleep 0.5
        screen | grep -v '^$' | tail -n 1 | grep -Eq '^/[^ ]* # ?$' && return 0
    done
    return 1
}

# ---------------------------------------------------------------- jerla run: BusyBox init and a shell
mkdir -p "$out/mnt"
if ! musl-gcc -static -O2 -o "$out/mnt/ptyrun" "$here/ptyrun.c" 2> "$out/ptyrun.log"; then
    record FAIL tty/ptyrun-build "$out/ptyrun.log"
fi
tm new-session -d -s jerla -x 100 -y 30 "$JERLA run --volume $out/mnt:/mnt; echo JERLA-EXITED-\$?; sleep 3600"
# The first run may build the system image (a download): be patient once.
if ! step boot-prompt '^/ # ?$' 240; then
    finish_suite
    exit
fi

type_line 'echo hello-$((6*7))'
step echo '^hello-42$'

# The shell's own line editor with backspace, then the kernel's canonical mode under `read`.
clear_screen
keys -l 'echo edXit'
keys BSpace BSpace BSpace
keys -l 'it-ok'
keys Enter
step shell-backspace '^edit-ok$'
clear_screen
# The marker shows once the shell has left its line editor, with the terminal back in canonical mode.
type_line 'echo rd-$((2*5)); read v; echo "got-$v"'
wait_for '^rd-10$' 10
keys -l 'helXlo'
keys BSpace BSpace BSpace
keys -l 'lo'
keys Enter
step canonical-erase '^got-hello$'
clear_screen
type_line 'echo rd-$((3*5)); read v; echo "got-$v"'
wait_for '^rd-15$' 10
keys -l 'garbage words'
keys C-u
keys -l 'fresh'
keys Enter
step canonical-kill '^got-fresh$'

# ^C interrupts a foreground sleep; its status is 128+SIGINT.
clear_screen
type_line 'sleep 100'
sleep 1
prompt_back
type_line 'echo status-$?'
step ctrl-c-sleep '^status-130$'

# ^Z stops it, jobs lists it, fg brings it back, ^C ends it.
clear_screen
type_line 'sleep 100'
sleep 1
deadline=$((SECONDS + 10))
until screen | grep -q 'Stopped' || [ $SECONDS -ge $deadline ]; do keys C-z; sleep 0.5; done
step ctrl-z-stopped 'Stopped +sleep 100'
type_line 'fg'
sleep 1
prompt_back
type_line 'jobs; echo jobs-done-$((1+1))'
step fg-then-ctrl-c '^jobs-done-2$'

# A background job runs while the shell takes commands; jobs lists it as Running.
clear_screen
type_line 'sleep 100 &'
type_line 'jobs'
step bg-job-running '^\[1\]\+ +Running +sleep 100$'

# ^Z stops a foreground job, bg resumes it in the background (SIGCONT to its process group),
# and it finishes there while the shell waits at its prompt.
clear_screen
type_line "sh -c 'sleep 5; echo bg-ran-\$((3*3))'"
sleep 1
deadline=$((SECONDS + 10))
until screen | grep -q 'Stopped' || [ $SECONDS -ge $deadline ]; do keys C-z; sleep 0.5; done
step bg-stopped '\[2\]\+ +Stopped +sh -c'
type_line 'bg'
step bg-resumed '^\[2\] sh -c'
# The output lands after the prompt the shell printed meanwhile.
step bg-finished '(^|# )bg-ran-9$' 30

# kill %1 ends the first job; jobs reports it once as Terminated.
clear_screen
type_line 'kill %1'
type_line 'jobs'
step kill-job-terminated '^\[1\][-+ ] +Terminated +sleep 100$'

# The console size, before and after the window changes.
clear_screen
type_line 'stty size'
step stty-size '^30 100$'
tm resize-window -t jerla -x 90 -y 25
deadline=$((SECONDS + 15))
until screen | grep -q '^25 90$' || [ $SECONDS -ge $deadline ]; do
    clear_screen
    type_line 'stty size'
    sleep 1
done
step stty-size-resized '^25 90$' 1

# vi: insert text, save, quit; the file has it.
clear_screen
type_line 'vi /tmp/vi.txt'
step vi-starts '^~' 15
keys i
keys -l 'written in vi'
keys Escape
# vi takes ESC followed at once by more bytes for an escape sequence, as it would from a terminal.
sleep 0.5
keys -l ':wq'
keys Enter
type_line 'cat /tmp/vi.txt'
step vi-saved '^written in vi$'

# less pages through 200 lines.
clear_screen
type_line 'seq 1 200 > /tmp/n; less /tmp/n'
step less-first-page '^24$' 15
keys Space
step less-next-page '^48$' 15
keys q
type_line 'echo less-done-$((2+3))'
step less-quit '^less-done-5$'

# A shell on a pseudo-terminal, as script(1) runs one (tests/tty/ptyrun.c, mounted at /mnt).
clear_screen
type_line "/mnt/ptyrun 'tty; stty -a'; echo ptyrun-status-\$?"
step pty-tty '^/dev/pts/[0-9]+$' 15
step pty-stty-size 'rows 25; columns 90;' 5
step pty-exit '^ptyrun-status-0$' 15

# top draws its table and refreshes three times.
clear_screen
type_line 'top -d 1 -n 3; echo top-done-$((2+2))'
step top-table 'PID +PPID' 15
step top-refreshes '^top-done-4$' 30

# Garbage on the console: control characters and high bytes hang nothing.
clear_screen
type_line 'echo rd-$((4*5)); cat > /dev/null'
wait_for '^rd-20$' 10
keys -H 01 02 05 07 0b 0e 10 12 16 17 18 19 1b 5b 31 3b 39 7e 1b 4f 50 7f 80 9b a0 c3 28 e2 82 ff fe 0a
keys -H 1b 5b 32 30 30 7e 00 61 62 63 08 08 0a 13 20 11 0a
keys C-q C-d
prompt_back
type_line 'stty sane; echo alive-$((3+4))'
step garbage-survived '^alive-7$'

# A line longer than the canonical buffer (4095 bytes, the rest dropped as n_tty does) and a
# guest flooding the terminal: ^C still stops it and the shell answers.
clear_screen
type_line 'wc -c'
tm send-keys -t jerla -l "$(head -c 6000 /dev/zero | tr '\0' x)"
keys Enter C-d
step long-line '^ *4096$' 20
clear_screen
type_line 'yes flood-line'
sleep 2
prompt_back
type_line 'echo after-flood-$((5+6))'
step flood-interrupted '^after-flood-11$' 20

# Leaving the console shell makes init start a new one.
clear_screen
type_line 'exit'
sleep 1
type_line 'echo respawned-$((4+5))'
step shell-respawned '^respawned-9$' 20

# poweroff ends Jerla with status 0.
type_line 'poweroff'
step poweroff 'JERLA-EXITED-0$' 30
tm kill-session -t jerla 2> /dev/null

finish_suite
