package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/replay"
)

// recordURL, when set, makes TestRecordFixtures record testdata/ afresh
// from the registry at that URL, which must be empty (fresh in-memory
// storage): the cases run in order and depend on each other's state.
//
//	go test ./cmd/unwired -run TestRecordFixtures -record http://127.0.0.1:8081
var recordURL = flag.String("record", "", "record cmd/unwired/testdata from the empty registry at this URL")

const (
	ordersV1 = `{"type":"record","name":"Order","namespace":"com.example.shop","fields":[{"name":"id","type":"long"},{"name":"total","type":"double"}]}`
	// ordersV2 adds a field with a default: BACKWARD compatible.
	ordersV2 = `{"type":"record","name":"Order","namespace":"com.example.shop","fields":[{"name":"id","type":"long"},{"name":"total","type":"double"},{"name":"currency","type":"string","default":"EUR"}]}`
	// ordersV3 adds another: compatible with v2.
	ordersV3 = `{"type":"record","name":"Order","namespace":"com.example.shop","fields":[{"name":"id","type":"long"},{"name":"total","type":"double"},{"name":"currency","type":"string","default":"EUR"},{"name":"note","type":["null","string"],"default":null}]}`
	// ordersBroken turns id from long into string: incompatible.
	ordersBroken = `{"type":"record","name":"Order","namespace":"com.example.shop","fields":[{"name":"id","type":"string"},{"name":"total","type":"double"},{"name":"currency","type":"string","default":"EUR"}]}`
	eventSchema  = `{"type":"object","properties":{"kind":{"type":"string"}},"required":["kind"]}`
)

// recordCases are the invocations recorded into testdata/, in order.
var recordCases = []struct {
	name string
	call cliCall
}{
	{"subjects_empty", cliCall{Args: []string{"subjects"}}},
	{"register_v1", cliCall{Args: []string{"register", "orders-value", "-"}, Stdin: ordersV1}},
	{"register_v1_again", cliCall{Args: []string{"register", "orders-value", "-"}, Stdin: ordersV1}},
	{"register_v2", cliCall{Args: []string{"register", "orders-value", "-"}, Stdin: ordersV2}},
	{"register_json", cliCall{Args: []string{"register", "--type", "JSON", "events-value", "-"}, Stdin: eventSchema}},
	{"subjects", cliCall{Args: []string{"subjects"}}},
	{"subjects_prefix", cliCall{Args: []string{"subjects", "--prefix", "ord"}}},
	{"versions", cliCall{Args: []string{"versions", "orders-value"}}},
	{"versions_missing", cliCall{Args: []string{"versions", "nothing-value"}}},
	{"get_latest", cliCall{Args: []string{"get", "orders-value"}}},
	{"get_version", cliCall{Args: []string{"get", "orders-value", "1"}}},
	{"get_id", cliCall{Args: []string{"get-id", "2"}}},
	{"get_id_missing", cliCall{Args: []string{"get-id", "999"}}},
	{"compat_ok", cliCall{Args: []string{"compat", "orders-value", "-"}, Stdin: ordersV3}},
	{"compat_broken", cliCall{Args: []string{"compat", "orders-value", "-"}, Stdin: ordersBroken}},
	{"config_global", cliCall{Args: []string{"config"}}},
	{"config_subject_unset", cliCall{Args: []string{"config", "orders-value"}}},
	{"config_default_to_global", cliCall{Args: []string{"config", "orders-value", "--default-to-global"}}},
	{"mode_global", cliCall{Args: []string{"mode"}}},
	{"mode_subject", cliCall{Args: []string{"mode", "--default-to-global", "orders-value"}}},
	{"basic_auth", cliCall{Args: []string{"subjects", "--user", "alice", "--password-env", "SR_PASSWORD"}}},
	{"bearer_token", cliCall{Args: []string{"versions", "orders-value", "--token-env", "SR_TOKEN"}}},
	{"delete_soft", cliCall{Args: []string{"delete", "orders-value"}}},
	{"delete_permanent", cliCall{Args: []string{"delete", "orders-value", "--permanent"}}},
	{"delete_missing", cliCall{Args: []string{"delete", "orders-value"}}},
}

// TestRecordFixtures records testdata/ from a real registry; it runs only
// with -record.
func TestRecordFixtures(t *testing.T) {
	if *recordURL == "" {
		t.Skip("records fixtures only with -record URL")
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	for i, c := range recordCases {
		var rec *replay.Recorder
		wrap := func(d protocol.Doer) protocol.Doer {
			rec = replay.NewRecorder(d)
			return rec
		}
		args := append(append([]string{"confluent"}, c.call.Args...), "--url", *recordURL)
		r := invoke(t.Context(), args, c.call.Stdin, wrap)
		checkNoSecret(t, r)
		if rec == nil {
			t.Fatalf("%s: exit %d before any request:\n%s", c.name, r.code, r.stderr)
		}
		want := cliWant{Exit: r.code, Error: apiErrorRE.FindString(r.stderr)}
		if json.Valid([]byte(r.stdout)) {
			want.Stdout = json.RawMessage(r.stdout)
		} else if r.stdout != "" {
			t.Fatalf("%s: stdout is not JSON:\n%s", c.name, r.stdout)
		}
		if r.code != exitOK && want.Error == "" && want.Stdout == nil {
			t.Fatalf("%s: exit %d without a registry error:\n%s", c.name, r.code, r.stderr)
		}
		call, _ := json.MarshalIndent(c.call, "", "  ")
		wantJSON, _ := json.MarshalIndent(want, "", "  ")
		comment := fmt.Sprintf("Recorded by TestRecordFixtures (cmd/unwired/record_test.go) from AxonOps Schema Registry v0.2.1\n"+
			"with in-memory storage, as case %d of a session: unwired confluent %s", i+1, strings.Join(c.call.Args, " "))
		f := rec.Fixture(comment, call, wantJSON)
		if err := f.Validate(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		path := filepath.Join("testdata", fmt.Sprintf("%02d_%s.txtar", i+1, c.name))
		if err := os.WriteFile(path, f.Marshal(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: exit %d, %d exchanges", path, r.code, len(f.Exchanges))
	}
}
