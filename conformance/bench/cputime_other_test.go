//go:build !unix

package bench_test

import "time"

// cpuTime is not available here; the benchmarks then report no cpu-ns/op.
func cpuTime() (time.Duration, bool) { return 0, false }
