package fasthttp_test

import (
	"testing"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fasthttp"
	"github.com/unwired-go/unwired/transport/transporttest"
)

func TestConformance(t *testing.T) {
	transporttest.Run(t, func(t *testing.T, cfg transporttest.Config) protocol.Doer {
		d := fasthttp.New(fasthttp.Options{TLS: cfg.TLS, MaxBodyBytes: cfg.MaxBodyBytes})
		t.Cleanup(d.CloseIdleConnections)
		return d
	})
}
