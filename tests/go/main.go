// A small Go program exercising the runtime's use of the kernel: goroutines on several
// threads (clone, futex, sched_getaffinity), channels, sync.WaitGroup and Mutex, timers
// (nanosleep, epoll-based netpoller timers), os/signal (rt_sigaction for every signal,
// sigaltstack, tgkill), preemption of a spinning goroutine (SIGURG), and a child process.
// Output is deterministic.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	runtime.GOMAXPROCS(2)
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))

	// Goroutines and a WaitGroup: an exact total under a mutex and with atomics.
	var wg sync.WaitGroup
	var mu sync.Mutex
	total, atomicTotal := 0, int64(0)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			for k := 0; k < 1000; k++ {
				mu.Lock()
				total += n
				mu.Unlock()
				atomic.AddInt64(&atomicTotal, int64(n))
			}
		}(i)
	}
	wg.Wait()
	fmt.Println("mutex total:", total, "atomic total:", atomicTotal)

	// A pipeline of channels.
	src := make(chan int)
	sq := make(chan int, 4)
	go func() {
		for i := 1; i <= 100; i++ {
			src <- i
		}
		close(src)
	}()
	go func() {
		for v := range src {
			sq <- v * v
		}
		close(sq)
	}()
	sum := 0
	for v := range sq {
		sum += v
	}
	fmt.Println("sum of squares:", sum)

	// Timers and sleeps, ordered by their deadlines.
	var order []int
	var omu sync.Mutex
	var tw sync.WaitGroup
	for _, d := range []int{300, 100, 200} {
		tw.Add(1)
		go func(ms int) {
			defer tw.Done()
			time.Sleep(time.Duration(ms) * time.Millisecond)
			omu.Lock()
			order = append(order, ms)
			omu.Unlock()
		}(d)
	}
	tw.Wait()
	fmt.Println("sleep order:", order)
	select {
	case <-time.After(20 * time.Millisecond):
		fmt.Println("time.After fired")
	case <-time.NewTimer(time.Hour).C:
		fmt.Println("wrong timer")
	}

	// A spinning goroutine must not stop the others (asynchronous preemption).
	stop := int32(0)
	go func() {
		for atomic.LoadInt32(&stop) == 0 {
		}
	}()
	done := make(chan bool)
	go func() {
		time.Sleep(10 * time.Millisecond)
		done <- true
	}()
	<-done
	atomic.StoreInt32(&stop, 1)
	fmt.Println("progress beside a spinning goroutine: yes")

	// os/signal: a signal to ourselves arrives on the channel.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGUSR1)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	select {
	case s := <-sigs:
		fmt.Println("received:", s)
	case <-time.After(5 * time.Second):
		fmt.Println("no signal")
	}
	signal.Stop(sigs)

	// A child process (fork/exec through the runtime's clone and pipes).
	if len(os.Args) > 1 && os.Args[1] == "child" {
		return
	}
	out, err := exec.Command(os.Args[0], "child").Output()
	lines := 0
	for _, c := range out {
		if c == '\n' {
			lines++
		}
	}
	fmt.Println("child ran:", err == nil, "lines:", lines)

	// Maps and sorting as a small allocation workload (GC with several threads).
	m := map[string]int{}
	for i := 0; i < 20000; i++ {
		m[fmt.Sprintf("k%05d", i%5000)] += i
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	runtime.GC()
	fmt.Println("keys:", len(keys), "first:", keys[0], m[keys[0]], "last:", keys[len(keys)-1], m[keys[len(keys)-1]])
}
