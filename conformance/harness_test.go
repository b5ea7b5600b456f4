package conformance

import (
	"io"
	"net/http"
	"testing"
)

// TestHarness checks that a started server answers and that Stop ends the
// process and frees its port.
func TestHarness(t *testing.T) {
	srv := startRegistry(t)
	resp, err := http.Get(srv.URL + "/schemas/types")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /schemas/types: %d %s", resp.StatusCode, body)
	}
	http.DefaultClient.CloseIdleConnections()
	srv.Stop()
	if !srv.Exited() {
		t.Fatal("server still running after Stop")
	}
	if _, err := http.Get(srv.URL + "/"); err == nil {
		t.Fatal("server still answering after Stop")
	}
	srv.Stop() // a second Stop is harmless
}
