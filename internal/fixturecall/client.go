package fixturecall

import (
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// NewClient returns the client the corpus is recorded and replayed with,
// over d at base: caches off, so each call makes exactly its own
// requests, and no retries, so each request is made once. opts come
// after those and may add to them.
func NewClient(d protocol.Doer, base string, opts ...confluent.Option) (*confluent.Client, error) {
	return confluent.NewClient(d, append([]confluent.Option{
		confluent.URLs(base),
		confluent.Caching(confluent.CacheConfig{Disabled: true}),
		confluent.Retry(protocol.RetryPolicy{}),
	}, opts...)...)
}
