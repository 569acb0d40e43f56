// Go twin of the harness's fairness rows (dev.gmp.bench.workload.ChainFairness): run it with
// GOMAXPROCS=1. Two goroutines ping-pong over unbuffered channels; each hand-off puts the partner
// in the waker's runnext, where it inherits the time slice, and sysmon preempts the chain after
// 10 ms. Prints, in ms, the median of 5 rounds:
//
//	start  from a go statement to the new goroutine's first statement, while the chain runs
//	       (Go has no thread outside its Ps: the main goroutine starts it)
//	sleep  how long a time.Sleep(5 ms) takes in a goroutine that has just started the chain
//
// Usage: go run main.go [start|sleep]   (no argument: both)
package main

import (
	"fmt"
	"os"
	"sort"
	"sync/atomic"
	"time"
)

const rounds = 5

// chain is the ping-pong pair; stop ends it after the round trip in progress.
type chain struct {
	roundTrips atomic.Int64
	stop       atomic.Bool
	done       chan struct{}
}

func startChain() *chain {
	c := &chain{done: make(chan struct{})}
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	go func() {
		for !c.stop.Load() {
			ping <- 1
			<-pong
			c.roundTrips.Add(1)
		}
		close(ping)
		close(c.done)
	}()
	return c
}

func (c *chain) halt() {
	c.stop.Store(true)
	<-c.done
}

func millisSince(t time.Time) float64 { return float64(time.Since(t).Nanoseconds()) / 1e6 }

func newcomer() float64 {
	c := startChain()
	for c.roundTrips.Load() < 10_000 {
		time.Sleep(time.Millisecond)
	}
	ran := make(chan float64)
	t := time.Now()
	go func() { ran <- millisSince(t) }()
	ms := <-ran
	c.halt()
	return ms
}

func sleeper() float64 {
	slept := make(chan float64)
	var c *chain
	go func() {
		c = startChain() // read by main after the receive below
		t := time.Now()
		time.Sleep(5 * time.Millisecond)
		slept <- millisSince(t)
	}()
	ms := <-slept
	c.halt()
	return ms
}

func median(measure func() float64) float64 {
	var xs []float64
	for r := 0; r < rounds; r++ {
		xs = append(xs, measure())
	}
	sort.Float64s(xs)
	return xs[len(xs)/2]
}

func main() {
	which := ""
	if len(os.Args) > 1 {
		which = os.Args[1]
	}
	switch which {
	case "start":
		fmt.Printf("go fairness_start_ms %.3f\n", median(newcomer))
	case "sleep":
		fmt.Printf("go fairness_sleep_ms %.3f\n", median(sleeper))
	case "":
		fmt.Printf("go fairness_start_ms %.3f\n", median(newcomer))
		fmt.Printf("go fairness_sleep_ms %.3f\n", median(sleeper))
	default:
		fmt.Fprintln(os.Stderr, "usage: fairness [start|sleep]")
		os.Exit(2)
	}
}
