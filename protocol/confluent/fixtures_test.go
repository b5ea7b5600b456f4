package confluent_test

import (
	"slices"
	"testing"
	"time"

	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fasthttp"
	"github.com/unwired-go/unwired/transport/nethttp"
	"github.com/unwired-go/unwired/transport/replay"
)

// The corpus recorded from a real registry by conformance/record_test.go;
// internal/fixturecall reads its call and want sections and makes the
// calls.
const fxCorpus = "../../testdata/confluent"

// TestFixtures runs every recorded fixture, the tour too, three ways:
// against the pure core through replay.New (no sockets), and through the
// net/http and fasthttp drivers against replay.Serve. Each must make the
// recorded requests, in order, and return the recorded result. A fixture
// whose op internal/fixturecall does not know fails.
func TestFixtures(t *testing.T) {
	fixtures, err := replay.LoadDir(fxCorpus)
	if err != nil {
		t.Fatal(err)
	}
	if len(fixtures) == 0 {
		t.Fatalf("no fixtures in %s", fxCorpus)
	}
	names := make([]string, 0, len(fixtures))
	for name := range fixtures {
		names = append(names, name)
	}
	slices.Sort(names)

	ways := []struct {
		name string
		doer func(t *testing.T, f *replay.Fixture) (protocol.Doer, string)
	}{
		{"core", func(t *testing.T, f *replay.Fixture) (protocol.Doer, string) {
			const base = "http://registry.test:8081"
			return replay.New(t, f, base), base
		}},
		{"nethttp", func(t *testing.T, f *replay.Fixture) (protocol.Doer, string) {
			base := replay.Serve(t, f)
			d := nethttp.New(nethttp.Options{Timeout: 10 * time.Second})
			t.Cleanup(d.CloseIdleConnections)
			return d, base
		}},
		{"fasthttp", func(t *testing.T, f *replay.Fixture) (protocol.Doer, string) {
			base := replay.Serve(t, f)
			d := fasthttp.New(fasthttp.Options{Timeout: 10 * time.Second})
			t.Cleanup(d.CloseIdleConnections)
			return d, base
		}},
	}

	for _, name := range names {
		f := fixtures[name]
		t.Run(name, func(t *testing.T) {
			for _, way := range ways {
				t.Run(way.name, func(t *testing.T) {
					doer, base := way.doer(t, f)
					c, err := fixturecall.NewClient(doer, base)
					if err != nil {
						t.Fatal(err)
					}
					if err := fixturecall.Verify(t.Context(), c, f.Call, f.Want); err != nil {
						t.Error(err)
					}
				})
			}
		})
	}
}
