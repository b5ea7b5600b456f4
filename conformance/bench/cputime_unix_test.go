//go:build unix

package bench_test

import (
	"syscall"
	"time"
)

// cpuTime returns the user plus system CPU time this process has used, all
// threads included (the runtime's and the driver's goroutines too). The
// server runs elsewhere, so none of its work is counted.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
