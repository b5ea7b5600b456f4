package confluent

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/unwired-go/unwired/protocol"
)

// TestClientSingleFlight checks that concurrent misses of one key send one
// request, for each cached method.
func TestClientSingleFlight(t *testing.T) {
	calls := []struct {
		name string
		call func(context.Context, *Client) error
		resp string
	}{
		{"GetSchemaByID", func(ctx context.Context, c *Client) error { _, err := c.GetSchemaByID(ctx, 1); return err }, schemaResp},
		{"GetSchemaByGUID", func(ctx context.Context, c *Client) error { _, err := c.GetSchemaByGUID(ctx, "g"); return err }, schemaResp},
		{"GetSchemaBySubject/latest", func(ctx context.Context, c *Client) error {
			_, err := c.GetSchemaBySubject(ctx, "s", Latest)
			return err
		}, `{"subject":"s","id":1,"version":1,"schema":"x"}`},
		{"GetSchemaBySubject/1", func(ctx context.Context, c *Client) error {
			_, err := c.GetSchemaBySubject(ctx, "s", 1)
			return err
		}, `{"subject":"s","id":1,"version":1,"schema":"x"}`},
		{"RegisterSchema", func(ctx context.Context, c *Client) error {
			_, err := c.RegisterSchema(ctx, "s", avroRecord)
			return err
		}, `{"id":1}`},
		{"LookupSchema", func(ctx context.Context, c *Client) error { _, err := c.LookupSchema(ctx, "s", avroRecord); return err },
			`{"subject":"s","id":1,"version":1,"schema":"x"}`},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var sent atomic.Int32
				release := make(chan struct{})
				doer := protocol.DoerFunc(func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
					sent.Add(1)
					<-release
					resp.Status = 200
					resp.Body = append(resp.Body, tt.resp...)
					return nil
				})
				c, err := NewClient(doer, URLs(sr))
				if err != nil {
					t.Fatal(err)
				}
				const n = 8
				var wg sync.WaitGroup
				errs := make(chan error, n)
				for range n {
					wg.Go(func() { errs <- tt.call(context.Background(), c) })
				}
				synctest.Wait() // every caller is blocked: on the request or on the flight
				if got := sent.Load(); got != 1 {
					t.Errorf("%d requests in flight, want 1", got)
				}
				close(release)
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Error(err)
					}
				}
				if got := sent.Load(); got != 1 {
					t.Errorf("%d requests, want 1", got)
				}
			})
		})
	}
}
