package transporttest_test

import (
	"testing"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/transporttest"
)

// TestPlainDoerConforms runs the kit on the example's transport, as its
// author would.
func TestPlainDoerConforms(t *testing.T) {
	transporttest.Run(t, func(t *testing.T, cfg transporttest.Config) protocol.Doer {
		d := newPlainDoer(cfg)
		t.Cleanup(d.client.CloseIdleConnections)
		return d
	})
}
