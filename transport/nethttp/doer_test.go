package nethttp_test

import (
	"testing"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/nethttp"
	"github.com/unwired-go/unwired/transport/transporttest"
)

func TestConformance(t *testing.T) {
	transporttest.Run(t, func(t *testing.T, cfg transporttest.Config) protocol.Doer {
		d := nethttp.New(nethttp.Options{TLS: cfg.TLS, MaxBodyBytes: cfg.MaxBodyBytes})
		t.Cleanup(d.CloseIdleConnections)
		return d
	})
}
