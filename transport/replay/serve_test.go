package replay

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/protocol"
)

// httpClient returns a client whose connections are closed when the test
// ends, before Serve's server stops.
func httpClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

type served struct {
	Status int
	Header http.Header
	Body   []byte
}

func send(t *testing.T, c *http.Client, method, url string, header map[string]string, body []byte) served {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return served{resp.StatusCode, resp.Header, b}
}

func TestServe(t *testing.T) {
	f := exampleStruct()
	binary := []byte{0xca, 0xfe, 0, '\n', 0xba, 0xbe}
	f.Exchanges = append(f.Exchanges, Exchange{
		Request: protocol.Request{Method: "PUT", URL: "/blob?x=%20y", Body: binary},
		Response: protocol.Response{Status: 201, Header: protocol.Header{
			{Name: "content-type", Value: "application/octet-stream"}, {Name: "X-Multi", Value: "a"}, {Name: "X-Multi", Value: "b"},
		}, Body: binary},
	}, Exchange{
		Request:  protocol.Request{Method: "DELETE", URL: "/subjects/s"},
		Response: protocol.Response{Status: 204},
	})
	// Through the file format, as a corpus would arrive.
	f, err := ParseFixture(f.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	baseURL := Serve(t, f)
	if !strings.HasPrefix(baseURL, "http://127.0.0.1:") {
		t.Errorf("base URL %q is not on 127.0.0.1", baseURL)
	}
	c := httpClient(t)

	got := send(t, c, "POST", baseURL+"/subjects/orders-value/versions", map[string]string{
		"Accept":        "application/vnd.schemaregistry.v1+json",
		"Content-Type":  "application/vnd.schemaregistry.v1+json",
		"Authorization": "Basic dXNlcjpzM2NyZXQ=",
	}, []byte(`{"schema":"\"string\""}`))
	want := served{200, http.Header{
		"Content-Type":   {"application/vnd.schemaregistry.v1+json"},
		"Content-Length": {"8"},
	}, []byte(`{"id":1}`)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exchange 1 (-want +got):\n%s", diff)
	}

	got = send(t, c, "GET", baseURL+"/schemas/ids/1?fetchMaxId=false", nil, nil)
	if got.Status != 404 || !bytes.Equal(got.Body, f.Exchanges[1].Response.Body) {
		t.Errorf("exchange 2: %d %q", got.Status, got.Body)
	}

	got = send(t, c, "PUT", baseURL+"/blob?x=%20y", nil, binary)
	want = served{201, http.Header{
		"Content-Type":   {"application/octet-stream"},
		"Content-Length": {"6"},
		"X-Multi":        {"a", "b"},
	}, binary}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exchange 3 (-want +got):\n%s", diff)
	}

	got = send(t, c, "DELETE", baseURL+"/subjects/s", nil, nil)
	if diff := cmp.Diff(served{204, http.Header{}, []byte{}}, got); diff != "" {
		t.Errorf("exchange 4 (-want +got):\n%s", diff)
	}
}

func TestServeMismatchAndLeftovers(t *testing.T) {
	tb := &fakeTB{}
	baseURL := Serve(tb, exampleStruct())
	c := httpClient(t)

	got := send(t, c, "GET", baseURL+"/nope?key=s3cret", nil, nil)
	if got.Status != http.StatusBadRequest || !strings.Contains(string(got.Body), "does not match 001.request") {
		t.Errorf("mismatch answered %d %q", got.Status, got.Body)
	}
	c.Transport.(*http.Transport).CloseIdleConnections()
	tb.cleanup()
	errs := tb.errors()
	if len(errs) != 2 || !strings.Contains(errs[0], "does not match 001.request") || !strings.Contains(errs[1], "2 of 2 exchanges never requested") {
		t.Errorf("reported %q, want the mismatch then the leftovers", errs)
	}
	for _, e := range append(errs, string(got.Body)) {
		if strings.Contains(e, "s3cret") {
			t.Errorf("report leaks the secret: %q", e)
		}
	}
	if _, err := http.Get(baseURL); err == nil {
		t.Error("server still answering after cleanup")
	}
}
