package codec_test

import (
	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/codec/codectest"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// The typed client and the fake both serve the codec.
var (
	_ codec.Registry = (*confluent.Client)(nil)
	_ codec.Registry = (*codectest.Registry)(nil)
)
