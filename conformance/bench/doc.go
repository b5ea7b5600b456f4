// Package bench measures one uncached Confluent GetSchemaByID, end to end
// over loopback: our builder and parser alone, the typed client through the
// net/http and fasthttp drivers, raw fasthttp (the floor) and franz-go's sr
// client (the peer).
//
// The registry is a stand-in (internal/server) that answers the way AxonOps
// Schema Registry does. It runs in a process of its own, so the CPU time the
// benchmarks report as cpu-ns/op, read from getrusage(RUSAGE_SELF), is the
// client's alone. Run them with
//
//	cd conformance && go test -run '^$' -bench . -benchmem -count 6 ./bench/
//
// The results and what they say are in docs/benchmarks.md, section
// "Loopback GetSchemaByID". Plain go test runs only the tests, which check
// that every path gets the same schema from the stand-in.
package bench
