package transporttest

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// NewServer starts a plain HTTP server for h on 127.0.0.1 and closes it when
// t's test ends. Its error log is discarded: the kit provokes failures.
func NewServer(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// NewTLSServer is NewServer over TLS with the server configuration cfg (for
// example [PKI.ServerTLS]). Its URL starts with https://127.0.0.1.
func NewTLSServer(t testing.TB, h http.Handler, cfg *tls.Config) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.TLS = cfg
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// RefusedURL returns an http URL of a port on 127.0.0.1 that was just
// listened on and closed, so connecting to it is refused.
func RefusedURL(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("transporttest: listen: %v", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatalf("transporttest: close listener: %v", err)
	}
	return "http://" + addr
}

// StalledURL returns the URL of a server that never answers: each request
// is held until the client goes away or t's test ends, for testing a
// Doer's timeouts and cancellation.
func StalledURL(t testing.TB) string {
	t.Helper()
	release := make(chan struct{})
	srv := NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	// Cleanups run last-in first-out: release the handler before the server
	// waits for it to finish.
	t.Cleanup(func() { close(release) })
	return srv.URL + "/slow"
}

// SchemaJSON is a ~200-byte answer of the kind a schema registry gives, for
// benchmarking a Doer on a realistic small response.
const SchemaJSON = `{"subject":"orders-value","version":3,"id":100042,"schemaType":"AVRO",` +
	`"schema":"{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"total\",\"type\":\"double\"}]}"}`

// SchemaServer returns the URL of a server that answers every request with
// SchemaJSON, as a registry would.
func SchemaServer(t testing.TB) string {
	t.Helper()
	return NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
		_, _ = w.Write([]byte(SchemaJSON))
	})).URL
}

// Pattern returns n deterministic bytes. The pattern repeats every 251
// bytes, so a shifted, dropped or duplicated chunk shows as a mismatch.
func Pattern(n int) []byte {
	b := make([]byte, n)
	for i := range min(n, 251) {
		b[i] = byte(i)
	}
	// Doubling copies keep the period: every prefix copied is whole periods.
	for filled := 251; filled < n; filled *= 2 {
		copy(b[filled:], b[:filled])
	}
	return b
}

// Response header fields set by [EchoHandler] on /echo/.
const (
	EchoMethod = "Echo-Method" // the request method
	EchoURI    = "Echo-Uri"    // the request target exactly as received
	EchoHost   = "Echo-Host"   // the Host the server saw
	// EchoPrefix is put before each request header name, and the field is
	// repeated once per value, in the order received: a request carrying
	// X-A: 1 and X-A: 2 gets Echo-X-A: 1 and Echo-X-A: 2 back.
	EchoPrefix = "Echo-"
)

// EchoHandler serves the stateless routes the kit uses:
//
//	/echo/...            any method: the request body back, with EchoMethod,
//	                     EchoURI, EchoHost and one EchoPrefix field per
//	                     request header value
//	/bytes?n=N           N bytes of Pattern(N) with a Content-Length; with
//	                     &chunked=1 without one (chunked encoding); for HEAD
//	                     only the Content-Length
//	/status?code=C       status C with an empty body (&body=text for one)
//	/headers             repeated response fields: X-Multi one, two, three
//	                     and Set-Cookie a=1, b=2
//	/redirect            307 to /echo/redirected
//	/truncate?n=N&send=M declares Content-Length N, sends M < N bytes, and
//	                     closes the connection; with &chunked=1 sends one
//	                     chunk of M bytes and closes before the last chunk
//	/close               closes the connection without answering
func EchoHandler() http.Handler {
	// Not a ServeMux: it would clean //, and the kit checks that the
	// request target arrives as sent.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case strings.HasPrefix(p, "/echo/"):
			echo(w, r)
		case p == "/bytes":
			serveBytes(w, r)
		case p == "/status":
			serveStatus(w, r)
		case p == "/headers":
			serveHeaders(w, r)
		case p == "/redirect":
			http.Redirect(w, r, "/echo/redirected", http.StatusTemporaryRedirect)
		case p == "/truncate":
			serveTruncated(w, r)
		case p == "/close":
			serveClose(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

func echo(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "echo: read body: "+err.Error(), http.StatusBadRequest)
		return
	}
	h := w.Header()
	for name, vs := range r.Header {
		h[EchoPrefix+name] = vs
	}
	h.Set(EchoMethod, r.Method)
	h.Set(EchoURI, r.RequestURI)
	h.Set(EchoHost, r.Host)
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func serveBytes(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 0 {
		http.Error(w, "bytes: bad n", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	body := Pattern(n)
	if r.URL.Query().Get("chunked") == "" {
		w.Header().Set("Content-Length", strconv.Itoa(n))
		if r.Method != http.MethodHead {
			_, _ = w.Write(body)
		}
		return
	}
	// Flushing before the end forces chunked encoding.
	half := n / 2
	_, _ = w.Write(body[:half])
	http.NewResponseController(w).Flush()
	_, _ = w.Write(body[half:])
}

func serveStatus(w http.ResponseWriter, r *http.Request) {
	code, err := strconv.Atoi(r.URL.Query().Get("code"))
	if err != nil || code < 200 || code > 599 {
		http.Error(w, "status: bad code", http.StatusBadRequest)
		return
	}
	body := r.URL.Query().Get("body")
	if code != http.StatusNoContent && code != http.StatusNotModified {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(code)
	_, _ = io.WriteString(w, body)
}

func serveHeaders(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h["X-Multi"] = []string{"one", "two", "three"}
	h["Set-Cookie"] = []string{"a=1", "b=2"}
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", "2")
	_, _ = io.WriteString(w, "{}")
}

func serveTruncated(w http.ResponseWriter, r *http.Request) {
	n, err1 := strconv.Atoi(r.URL.Query().Get("n"))
	send, err2 := strconv.Atoi(r.URL.Query().Get("send"))
	if err1 != nil || err2 != nil || send < 0 || send >= n {
		http.Error(w, "truncate: bad n or send", http.StatusBadRequest)
		return
	}
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "truncate: "+err.Error(), http.StatusInternalServerError)
		return
	}
	defer conn.Close()
	_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n")
	if r.URL.Query().Get("chunked") != "" {
		// One whole chunk of send bytes, then no last chunk.
		_, _ = buf.WriteString("Transfer-Encoding: chunked\r\n\r\n" + strconv.FormatInt(int64(send), 16) + "\r\n")
		_, _ = buf.Write(Pattern(send))
		_, _ = buf.WriteString("\r\n")
	} else {
		_, _ = buf.WriteString("Content-Length: " + strconv.Itoa(n) + "\r\n\r\n")
		_, _ = buf.Write(Pattern(send))
	}
	_ = buf.Flush()
}

func serveClose(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "close: "+err.Error(), http.StatusInternalServerError)
		return
	}
	_ = conn.Close()
}
