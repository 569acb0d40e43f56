// Go twin of the harness's many-core rows (dev.gmp.bench.workload: SleepStorm, ParallelPairs,
// AbqFan, HttpInproc), run with GOMAXPROCS=P as the other columns run with P. Each command prints
// one line "go <metric> <value>", the median of 5 rounds, in the row's unit:
//
//	sleep-wall  100,000 goroutines each time.Sleep(1 ms) 20 times; ms of wall time
//	sleep-cpu   the same storm; ms of process CPU time (getrusage: user + system)
//	pairs       GOMAXPROCS pairs of goroutines ping-pong 200,000 times on unbuffered channels;
//	            ns of wall time per round trip of all pairs
//	abq         GOMAXPROCS producers and consumers pass 2,000,000 ints through one channel of
//	            capacity 256; ns per item
//	http        a net/http server on 127.0.0.1 answering a 2,000-step xorshift loop, loaded by 64
//	            keep-alive connections written by hand (1 s unmeasured, then 2 s); ms per 1,000 requests
//	burst-worst 50,000 goroutines started at once by main, each sleeping a random 0-5 ms 10 times;
//	            the worst lateness of a sleep past its deadline, ms
//	burst-late  the same burst; % of the sleeps over 100 ms late
//	loops-sleep-p50  8 goroutines in CPU loops beside 200 goroutines each sleeping 1 ms in a loop,
//	            2 s; the median lateness of a sleep past its deadline, ms
//	loops-sleep-p99  the same; the 99th percentile, ms
//
// Usage: manycore sleep-wall|sleep-cpu|pairs|abq|http|burst-worst|burst-late|loops-sleep-p50|loops-sleep-p99
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const rounds = 5

func median(measure func() float64) float64 {
	var xs []float64
	for r := 0; r < rounds; r++ {
		xs = append(xs, measure())
	}
	sort.Float64s(xs)
	return xs[len(xs)/2]
}

func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// storm returns the wall and CPU milliseconds of 100k goroutines × 20 sleeps of 1 ms.
func storm() (wallMs, cpuMs float64) {
	const threads, sleeps = 100_000, 20
	var wg sync.WaitGroup
	wg.Add(threads)
	cpu := cpuNanos()
	t := time.Now()
	for i := 0; i < threads; i++ {
		go func() {
			for s := 0; s < sleeps; s++ {
				time.Sleep(time.Millisecond)
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return float64(time.Since(t).Nanoseconds()) / 1e6, float64(cpuNanos()-cpu) / 1e6
}

// burst returns the worst lateness (ms) and the share of sleeps over 100 ms late (%) of 50,000
// goroutines each sleeping a random 0-5 ms 10 times.
func burst() (worstMs, latePct float64) {
	const threads, sleeps = 50_000, 10
	var worst, late int64
	var wg sync.WaitGroup
	wg.Add(threads)
	for i := 0; i < threads; i++ {
		go func(seed int64) {
			defer wg.Done()
			x := uint64(seed)*0x9E3779B97F4A7C15 + 1
			for s := 0; s < sleeps; s++ {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				d := time.Duration(x % 5_000_000)
				start := time.Now()
				time.Sleep(d)
				lateness := int64(time.Since(start) - d)
				for {
					w := atomic.LoadInt64(&worst)
					if lateness <= w || atomic.CompareAndSwapInt64(&worst, w, lateness) {
						break
					}
				}
				if lateness > 100_000_000 {
					atomic.AddInt64(&late, 1)
				}
			}
		}(int64(i))
	}
	wg.Wait()
	return float64(worst) / 1e6, 100 * float64(late) / (threads * sleeps)
}

var loopSink uint64

// sleepersBesideLoops returns the median and the 99th percentile lateness (ms) of 1 ms sleeps by
// 200 goroutines while 8 goroutines run CPU loops (preempted by the runtime every 10 ms), for 2 s.
func sleepersBesideLoops() (p50Ms, p99Ms float64) {
	const loops, sleepers = 8, 200
	var stop int32
	var wg sync.WaitGroup
	for i := 0; i < loops; i++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			x := seed + 1
			for atomic.LoadInt32(&stop) == 0 {
				for k := 0; k < 1000; k++ {
					x ^= x << 13
					x ^= x >> 7
					x ^= x << 17
				}
				atomic.StoreUint64(&loopSink, x)
			}
		}(uint64(i))
	}
	var mu sync.Mutex
	var lateness []int64
	for i := 0; i < sleepers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []int64
			for atomic.LoadInt32(&stop) == 0 {
				start := time.Now()
				time.Sleep(time.Millisecond)
				mine = append(mine, int64(time.Since(start)-time.Millisecond))
			}
			mu.Lock()
			lateness = append(lateness, mine...)
			mu.Unlock()
		}()
	}
	time.Sleep(2 * time.Second)
	atomic.StoreInt32(&stop, 1)
	wg.Wait()
	sort.Slice(lateness, func(i, j int) bool { return lateness[i] < lateness[j] })
	n := len(lateness)
	return float64(lateness[n/2]) / 1e6, float64(lateness[n*99/100]) / 1e6
}

func pairs() float64 {
	const n = 200_000
	p := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	wg.Add(p)
	t := time.Now()
	for i := 0; i < p; i++ {
		ping, pong := make(chan int), make(chan int)
		go func() {
			for v := range ping {
				pong <- v
			}
		}()
		go func() {
			for j := 0; j < n; j++ {
				ping <- j
				<-pong
			}
			close(ping)
			wg.Done()
		}()
	}
	wg.Wait()
	return float64(time.Since(t).Nanoseconds()) / float64(p*n)
}

func abq() float64 {
	const items = 2_000_000
	p := runtime.GOMAXPROCS(0)
	each := items / p
	queue := make(chan int64, 256)
	var sum atomic.Int64
	var wg sync.WaitGroup
	wg.Add(p)
	t := time.Now()
	for i := 0; i < p; i++ {
		first := int64(i * each)
		go func() {
			for v := first; v < first+int64(each); v++ {
				queue <- v
			}
		}()
		go func() {
			var local int64
			for j := 0; j < each; j++ {
				local += <-queue
			}
			sum.Add(local)
			wg.Done()
		}()
	}
	wg.Wait()
	elapsed := time.Since(t)
	n := int64(each * p)
	if sum.Load() != n*(n-1)/2 {
		panic(fmt.Sprintf("consumers summed %d, expected %d", sum.Load(), n*(n-1)/2))
	}
	return float64(elapsed.Nanoseconds()) / float64(n)
}

func work(iterations int) uint64 {
	x := uint64(0x9E3779B97F4A7C15)
	for i := 0; i < iterations; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// readResponse reads one response with a Content-Length body; false unless its status is 200.
func readResponse(r *bufio.Reader) (bool, error) {
	status, err := r.ReadString('\n')
	if err != nil {
		return false, err
	}
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return false, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "Content-Length") {
			length, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	if length < 0 {
		return false, fmt.Errorf("response without Content-Length: %s", status)
	}
	if _, err := io.CopyN(io.Discard, r, int64(length)); err != nil {
		return false, err
	}
	return strings.HasPrefix(status, "HTTP/1.1 200"), nil
}

func httpLoad() float64 {
	const connections = 64
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		body := strconv.FormatInt(int64(work(2_000)), 10)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		io.WriteString(w, body)
	})
	server := &http.Server{Handler: mux}
	go server.Serve(listener)
	defer server.Close()
	addr := listener.Addr().String()
	request := []byte("GET /work HTTP/1.1\r\nHost: " + addr + "\r\n\r\n")
	start := time.Now()
	windowStart, windowEnd := start.Add(time.Second), start.Add(3*time.Second)
	var answered, failed atomic.Int64
	var wg sync.WaitGroup
	wg.Add(connections)
	for i := 0; i < connections; i++ {
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				failed.Add(1)
				return
			}
			defer conn.Close()
			r := bufio.NewReader(conn)
			for now := time.Now(); now.Before(windowEnd); now = time.Now() {
				if _, err := conn.Write(request); err != nil {
					failed.Add(1)
					return
				}
				ok, err := readResponse(r)
				if err != nil || !ok {
					failed.Add(1)
					return
				}
				if done := time.Now(); !now.Before(windowStart) && !done.After(windowEnd) {
					answered.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if failed.Load() > 0 {
		panic(fmt.Sprintf("%d requests failed", failed.Load()))
	}
	return 2_000.0 / (float64(answered.Load()) / 1_000.0)
}

func main() {
	which := ""
	if len(os.Args) > 1 {
		which = os.Args[1]
	}
	switch which {
	case "sleep-wall":
		fmt.Printf("go sleep_storm_wall_ms %.1f\n", median(func() float64 { w, _ := storm(); return w }))
	case "sleep-cpu":
		fmt.Printf("go sleep_storm_cpu_ms %.1f\n", median(func() float64 { _, c := storm(); return c }))
	case "pairs":
		fmt.Printf("go pairs_ns_per_roundtrip %.1f\n", median(pairs))
	case "abq":
		fmt.Printf("go abq_ns_per_item %.1f\n", median(abq))
	case "http":
		fmt.Printf("go http_ms_per_1k %.3f\n", median(httpLoad))
	case "burst-worst":
		fmt.Printf("go burst_worst_ms %.2f\n", median(func() float64 { w, _ := burst(); return w }))
	case "burst-late":
		fmt.Printf("go burst_late_pct %.3f\n", median(func() float64 { _, l := burst(); return l }))
	case "loops-sleep-p50":
		fmt.Printf("go loops_sleep_p50_ms %.2f\n", median(func() float64 { m, _ := sleepersBesideLoops(); return m }))
	case "loops-sleep-p99":
		fmt.Printf("go loops_sleep_p99_ms %.2f\n", median(func() float64 { _, t := sleepersBesideLoops(); return t }))
	default:
		fmt.Fprintln(os.Stderr, "usage: manycore sleep-wall|sleep-cpu|pairs|abq|http|burst-worst|burst-late|loops-sleep-p50|loops-sleep-p99")
		os.Exit(2)
	}
}
