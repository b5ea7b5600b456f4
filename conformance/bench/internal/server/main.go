// Command server is the stand-in registry of the loopback benchmarks. It
// answers GET /schemas/ids/{bench.SchemaID} with bench.ResponseBody, and any
// other request with Confluent's 404 for an unknown schema, through
// net/http's server as AxonOps does.
//
// It listens on -addr (127.0.0.1:0 by default, a free port), writes its base
// URL as the first line of stdout once the socket is bound, and exits when
// its stdin reaches end of file, so it does not outlive a test binary that
// was killed before it could kill the server.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/unwired-go/unwired/conformance/bench"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	body := bench.ResponseBody()
	notFound := []byte(`{"error_code":40403,"message":"Schema not found"}` + "\n")
	path := "/schemas/ids/" + strconv.Itoa(bench.SchemaID)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", bench.ContentType)
		if r.Method != http.MethodGet || r.URL.Path != path {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write(notFound)
			return
		}
		_, _ = w.Write(body)
	})

	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	fmt.Printf("http://%s\n", ln.Addr())
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.Serve(ln))
}
