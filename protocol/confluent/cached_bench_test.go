package confluent_test

import (
	"context"
	"testing"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// BenchmarkGetSchemaBySubjectLatestHit is the hot path of a caller that
// asks for the latest version per message: a hit in the cache whose entries
// expire after LatestTTL, with the client's default clock.
func BenchmarkGetSchemaBySubjectLatestHit(b *testing.B) {
	body := []byte(`{"subject":"s","version":1,"id":1,"schema":"\"string\""}`)
	d := protocol.DoerFunc(func(_ context.Context, _ *protocol.Request, resp *protocol.Response) error {
		resp.Status = 200
		resp.Body = append(resp.Body[:0], body...)
		return nil
	})
	c, err := confluent.NewClient(d, confluent.URLs("http://registry.test"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	if _, err := c.GetSchemaBySubject(ctx, "s", confluent.Latest); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := c.GetSchemaBySubject(ctx, "s", confluent.Latest); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetSchemaByIDHit is a deserializer's lookup of a schema id it
// has seen: a cache hit plus the caller's copy.
func BenchmarkGetSchemaByIDHit(b *testing.B) {
	body := []byte(`{"schema":"\"string\""}`)
	d := protocol.DoerFunc(func(_ context.Context, _ *protocol.Request, resp *protocol.Response) error {
		resp.Status = 200
		resp.Body = append(resp.Body[:0], body...)
		return nil
	})
	c, err := confluent.NewClient(d, confluent.URLs("http://registry.test"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	if _, err := c.GetSchemaByID(ctx, 1); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := c.GetSchemaByID(ctx, 1); err != nil {
			b.Fatal(err)
		}
	}
}
