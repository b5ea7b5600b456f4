package bench_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/unwired-go/unwired/conformance/bench"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// want is what every parsing path must get.
var want = result{Schema: bench.AvroSchema, Type: "AVRO"}

// check compares what p got with want; a raw path must have got the body
// byte for byte.
func check(p path, got result) error {
	if p.raw {
		if body := bench.ResponseBody(); !bytes.Equal(got.Body, body) {
			return fmt.Errorf("%s: body\n%s\nwant\n%s", p.name, got.Body, body)
		}
		return nil
	}
	if d := cmp.Diff(want, got); d != "" {
		return fmt.Errorf("%s: result mismatch (-want +got):\n%s", p.name, d)
	}
	return nil
}

// TestPathsAgree runs every benchmarked path twice against one stand-in:
// all get the same schema, the second time over the kept-alive connection
// and reused buffers of the first.
func TestPathsAgree(t *testing.T) {
	base := startServer(t)
	for _, p := range paths {
		t.Run(p.name, func(t *testing.T) {
			call := p.open(t, base)
			for i := range 2 {
				got, err := call(context.Background())
				if err != nil {
					t.Fatalf("call %d: %v", i+1, err)
				}
				if err := check(p, got); err != nil {
					t.Fatalf("call %d: %v", i+1, err)
				}
			}
		})
	}
}

// TestUnknownID checks that the stand-in answers an unknown id as a
// registry does, so each client reports its own "schema not found".
func TestUnknownID(t *testing.T) {
	base := startServer(t)
	const unknown = bench.SchemaID + 1
	ours := func(doer func(testing.TB) protocol.Doer) func(t *testing.T) error {
		return func(t *testing.T) error {
			c, err := confluent.NewClient(doer(t), confluent.URLs(base), confluent.Retry(protocol.RetryPolicy{}))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetSchemaByID(context.Background(), unknown)
			return err
		}
	}
	isNotFound := func(err error) bool { return errors.Is(err, confluent.ErrSchemaNotFound) }
	for _, tc := range []struct {
		name  string
		get   func(t *testing.T) error
		match func(error) bool
	}{
		{"NetHTTP", ours(netDoer), isNotFound},
		{"FastHTTP", ours(fastDoer), isNotFound},
		{"FranzGo", func(t *testing.T) error {
			c, err := sr.NewClient(sr.URLs(base))
			if err != nil {
				t.Fatal(err)
			}
			defer c.OptValue(sr.HTTPClient).(*http.Client).CloseIdleConnections()
			_, err = c.SchemaByID(context.Background(), unknown)
			return err
		}, func(err error) bool {
			var re *sr.ResponseError
			return errors.As(err, &re) && re.StatusCode == http.StatusNotFound && re.ErrorCode == 40403
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.get(t); !tc.match(err) {
				t.Fatalf("got error %v, want schema not found (40403)", err)
			}
		})
	}
}

// TestServerStops checks that the stand-in is gone once the test that
// started it ends: no process outlives a benchmark.
func TestServerStops(t *testing.T) {
	var base string
	t.Run("serve", func(t *testing.T) {
		base = startServer(t)
		if _, err := pathNamed(t, "RawFastHTTP/body").open(t, base)(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get(base + "/schemas/ids/1")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("server at %s still answers (HTTP %d) after its test ended", base, resp.StatusCode)
	}
}

// TestSchemaIsRealistic checks the served schema: valid Avro, and an
// answer of about 1 KB.
func TestSchemaIsRealistic(t *testing.T) {
	s, err := avro.Parse(bench.AvroSchema)
	if err != nil {
		t.Fatalf("AvroSchema is not valid Avro: %v", err)
	}
	if got, want := s.(avro.NamedSchema).FullName(), "com.example.shop.Order"; got != want {
		t.Errorf("schema is %s, want %s", got, want)
	}
	if n := len(bench.ResponseBody()); n < 900 || n > 1200 {
		t.Errorf("answer of %d bytes, want about 1 KB", n)
	}
}
