// Package replay is the fixture driver: a protocol.Doer that answers from
// recorded exchanges, a Recorder that wraps any Doer to record them, and a
// loopback server that serves them to a real driver.
//
// A fixture is one txtar file per case holding where it came from, the call
// that was made and what it must return, and the raw HTTP/1.1 exchanges, in
// order. docs/fixtures.md specifies the format, the matching rules and the
// redaction rules.
//
// The same fixture runs three ways: against the pure core through
// [NewDoer] or [New] (no sockets), and through the net/http and fasthttp
// drivers pointed at the base URL [Serve] returns. In a test:
//
//	f, err := replay.LoadFixture("testdata/confluent/get_schema_by_id.txtar")
//	if err != nil {
//		t.Fatal(err)
//	}
//	doer := replay.New(t, f, "http://registry") // mismatches and leftovers fail t
//	runner := &protocol.Runner{Doer: doer}      // or a typed client built on doer
//
// Secrets never reach a fixture: the Recorder redacts them, Marshal redacts
// them again, and ParseFixture rejects a fixture that holds one.
package replay
