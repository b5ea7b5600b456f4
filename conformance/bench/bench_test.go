package bench_test

import (
	"context"
	"testing"
)

// The benchmarks run the paths of paths_test.go one call at a time over a
// kept-alive loopback connection to a stand-in registry in another
// process. Besides ns/op (latency, server included) each reports cpu-ns/op:
// this process's user+system CPU time per call, the client's cost.

func BenchmarkPureBuildParse(b *testing.B) { benchPath(b, pathNamed(b, "PureBuildParse")) }

func BenchmarkNetHTTP(b *testing.B) { benchSubs(b, "NetHTTP", "client", "runner") }

func BenchmarkFastHTTP(b *testing.B) { benchSubs(b, "FastHTTP", "client", "runner") }

func BenchmarkRawFastHTTP(b *testing.B) {
	benchSubs(b, "RawFastHTTP", "body", "timeouts", "percall", "json")
}

func BenchmarkFranzGo(b *testing.B) { benchPath(b, pathNamed(b, "FranzGo")) }

func benchSubs(b *testing.B, group string, subs ...string) {
	for _, s := range subs {
		p := pathNamed(b, group+"/"+s)
		b.Run(s, func(b *testing.B) { benchPath(b, p) })
	}
}

// benchPath measures p: one call first to connect and check the answer,
// then b.Loop, then a check of the last answer.
func benchPath(b *testing.B, p path) {
	base := "http://127.0.0.1:8081"
	if !p.offline {
		base = startServer(b)
	}
	call := p.open(b, base)
	ctx := context.Background()
	got, err := call(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if err := check(p, got); err != nil {
		b.Fatal(err)
	}

	b.ReportAllocs()
	start, haveCPU := cpuTime()
	for b.Loop() {
		got, err = call(ctx)
		if err != nil {
			b.Fatal(err)
		}
	}
	end, _ := cpuTime()
	if haveCPU {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
	if err := check(p, got); err != nil {
		b.Fatal(err)
	}
}
