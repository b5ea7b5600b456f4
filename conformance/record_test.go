package conformance

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/conformance/internal/axonops"
	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/nethttp"
	"github.com/unwired-go/unwired/transport/replay"
)

var record = flag.Bool("record", false, "record testdata/confluent/*.txtar from a fresh AxonOps server (go test -run TestRecord -record)")

// corpusDir is where the Confluent fixtures live, from this module.
const corpusDir = "../testdata/confluent"

// recordedFrom starts the comment of every recorded fixture.
const recordedFrom = "Recorded from AxonOps Schema Registry " + axonops.Version + " (memory storage) on 127.0.0.1 by conformance/record_test.go on "

// Schemas of the fixtures: small, so the files stay readable.
const (
	fxOrderV1     = `{"type":"record","name":"Order","namespace":"com.example.shop","fields":[{"name":"id","type":"long"},{"name":"customer","type":"string"},{"name":"total","type":"double"}]}`
	fxOrderV2     = `{"type":"record","name":"Order","namespace":"com.example.shop","fields":[{"name":"id","type":"long"},{"name":"customer","type":"string"},{"name":"total","type":"double"},{"name":"note","type":["null","string"],"default":null}]}`
	fxOrderV3     = `{"type":"record","name":"Order","namespace":"com.example.shop","fields":[{"name":"id","type":"long"},{"name":"customer","type":"string"},{"name":"total","type":"double"},{"name":"paid","type":"boolean","default":false}]}`
	fxOrderBroken = `{"type":"record","name":"Order","namespace":"com.example.shop","fields":[{"name":"id","type":"long"},{"name":"customer","type":"string"},{"name":"total","type":"string"}]}`
	fxAddress     = `{"type":"record","name":"Address","namespace":"com.example.shop","fields":[{"name":"city","type":"string"}]}`
	fxCustomer    = `{"type":"record","name":"Customer","namespace":"com.example.shop","fields":[{"name":"name","type":"string"},{"name":"home","type":"com.example.shop.Address"}]}`
	fxGUID        = "8f2d5c7e-3b1a-4c9d-9e6f-0a1b2c3d4e5f"
)

func fxSchema(s string) *confluent.Schema { return &confluent.Schema{Schema: s} }

// op returns the call of method name with args.
func op(name string, args fixturecall.Args) fixturecall.Call {
	return fixturecall.Call{Op: name, Args: args}
}

// recording is one call made while recording. A recording without a name
// is setup: it runs, and is not written.
type recording struct {
	name  string // file name without .txtar
	about string // what the case shows, for the comment
	call  fixturecall.Call
}

// recordings run in order on one fresh server: each sees the state the
// ones before it left.
var recordings = []recording{
	{"get_root", "GET /: the registry answers.", op("GetRoot", fixturecall.Args{})},
	{"list_subjects_empty", "No subject yet: AxonOps answers null where Confluent answers []; both are an empty list.", op("ListSubjects", fixturecall.Args{})},
	{"get_schema_types", "The schema types the registry supports (AxonOps lists them in random order).", op("GetSchemaTypes", fixturecall.Args{})},

	{"register", "Register a first schema: a new subject, id 1.", op("Register", fixturecall.Args{Subject: "orders-value", Request: &confluent.RegisterRequest{Schema: confluent.Schema{Schema: fxOrderV1}}})},
	{"register_schema", "Register a compatible second version.", op("RegisterSchema", fixturecall.Args{Subject: "orders-value", Schema: fxSchema(fxOrderV2)})},
	{"register_normalize", "Register a schema the subject already has, normalized: its id again, no new version.", op("Register", fixturecall.Args{Subject: "orders-value", Request: &confluent.RegisterRequest{Schema: confluent.Schema{Schema: fxOrderV1}}, Options: fixturecall.Options(confluent.RegisterOptions{Normalize: true})})},
	{"register_schema_incompatible", "Register an incompatible schema: HTTP 409, error_code 409.", op("RegisterSchema", fixturecall.Args{Subject: "orders-value", Schema: fxSchema(fxOrderBroken)})},
	{"register_invalid_schema", "Register a schema that does not parse: 42201.", op("Register", fixturecall.Args{Subject: "bad-value", Request: &confluent.RegisterRequest{Schema: confluent.Schema{Schema: `{"type":"record","name":`}}})},
	{"register_schema_existing", "The same schema under another subject keeps its id.", op("RegisterSchema", fixturecall.Args{Subject: "orders-copy", Schema: fxSchema(fxOrderV1)})},

	{"lookup_schema", "Which version of the subject is this schema?", op("LookupSchema", fixturecall.Args{Subject: "orders-value", Schema: fxSchema(fxOrderV1)})},
	{"lookup", "Lookup with options (deleted versions too).", op("Lookup", fixturecall.Args{Subject: "orders-value", Schema: fxSchema(fxOrderV2), Options: fixturecall.Options(confluent.LookupOptions{Deleted: true})})},
	{"lookup_schema_not_found", "A schema the subject does not have: 40403.", op("LookupSchema", fixturecall.Args{Subject: "orders-value", Schema: fxSchema(fxOrderBroken)})},
	{"lookup_subject_not_found", "A subject that does not exist: 40401.", op("Lookup", fixturecall.Args{Subject: "payments-value", Schema: fxSchema(fxOrderV1)})},

	{"get_schema_by_id", "A schema by id.", op("GetSchemaByID", fixturecall.Args{ID: 1})},
	{"get_schema_by_id_not_found", "An id the registry does not have: 40403.", op("GetSchemaByID", fixturecall.Args{ID: 99})},
	{"fetch_schema_by_id", "A schema by id, with the highest id in the registry.", op("FetchSchemaByID", fixturecall.Args{ID: 2, Options: fixturecall.Options(confluent.GetSchemaByIDOptions{FetchMaxID: true})})},
	{"get_raw_schema_by_id", "The text alone of a schema by id.", op("GetRawSchemaByID", fixturecall.Args{ID: 1})},
	{"get_subjects_by_id", "The subjects a schema is registered under.", op("GetSubjectsByID", fixturecall.Args{ID: 1})},
	{"get_versions_by_id", "The (subject, version) pairs of a schema.", op("GetVersionsByID", fixturecall.Args{ID: 1})},

	{"get_schema_by_subject", "The latest version of a subject.", op("GetSchemaBySubject", fixturecall.Args{Subject: "orders-value", Version: confluent.Latest})},
	{"get_schema_by_subject_not_found", "A version of a subject that does not exist: 40401.", op("GetSchemaBySubject", fixturecall.Args{Subject: "payments-value", Version: 1})},
	{"get_version", "A version by number.", op("GetVersion", fixturecall.Args{Subject: "orders-value", Version: 1})},
	{"get_version_not_found", "A version the subject does not have: 40402.", op("GetVersion", fixturecall.Args{Subject: "orders-value", Version: 9})},
	{"get_raw_schema_by_version", "The text alone of a version.", op("GetRawSchemaByVersion", fixturecall.Args{Subject: "orders-value", Version: 2})},
	{"list_versions", "The versions of a subject.", op("ListVersions", fixturecall.Args{Subject: "orders-value"})},
	{"list_versions_subject_not_found", "The versions of a subject that does not exist: 40401.", op("ListVersions", fixturecall.Args{Subject: "payments-value"})},
	{"list_subjects", "The subjects.", op("ListSubjects", fixturecall.Args{})},

	{"check_compatibility", "An incompatible schema, verbose: the reasons come back.", op("CheckCompatibility", fixturecall.Args{Subject: "orders-value", Schema: fxSchema(fxOrderBroken), Options: fixturecall.Options(confluent.CompatibilityOptions{Verbose: true})})},
	{"check_compatibility_with_version", "A compatible schema against version 1.", op("CheckCompatibilityWithVersion", fixturecall.Args{Subject: "orders-value", Version: 1, Schema: fxSchema(fxOrderV3)})},

	{"get_global_config", "The global compatibility level.", op("GetGlobalConfig", fixturecall.Args{})},
	{"update_global_config", "Set the global level.", op("UpdateGlobalConfig", fixturecall.Args{Config: &confluent.Config{Compatibility: confluent.Full}})},
	{"update_global_config_invalid", "A level that does not exist: 42203.", op("UpdateGlobalConfig", fixturecall.Args{Config: &confluent.Config{Compatibility: "SIDEWAYS"}})},
	{"get_config_not_configured", "A subject without a level of its own: 40408.", op("GetConfig", fixturecall.Args{Subject: "orders-value"})},
	{"get_config", "A subject's level, defaulting to the global one.", op("GetConfig", fixturecall.Args{Subject: "orders-value", Options: fixturecall.Options(confluent.GetConfigOptions{DefaultToGlobal: true})})},
	{"update_config", "Set a subject's level.", op("UpdateConfig", fixturecall.Args{Subject: "orders-value", Config: &confluent.Config{Compatibility: confluent.None}})},
	{"delete_config", "Remove a subject's level; the old one comes back.", op("DeleteConfig", fixturecall.Args{Subject: "orders-value"})},
	{"delete_global_config", "Reset the global level; the old one comes back.", op("DeleteGlobalConfig", fixturecall.Args{})},

	{"get_global_mode", "The global mode.", op("GetGlobalMode", fixturecall.Args{})},
	{"get_mode_not_configured", "A subject without a mode of its own: 40409.", op("GetMode", fixturecall.Args{Subject: "orders-value"})},
	{"get_mode", "A subject's mode, defaulting to the global one.", op("GetMode", fixturecall.Args{Subject: "orders-value", Options: fixturecall.Options(confluent.GetModeOptions{DefaultToGlobal: true})})},
	{"update_mode", "Set a subject's mode.", op("UpdateMode", fixturecall.Args{Subject: "orders-value", Mode: confluent.ReadWrite})},
	{"delete_mode", "Remove a subject's mode.", op("DeleteMode", fixturecall.Args{Subject: "orders-value"})},
	{"update_global_mode_invalid", "A mode that does not exist: 42204.", op("UpdateGlobalMode", fixturecall.Args{Mode: "SIDEWAYS"})},
	{"update_global_mode", "Make the registry read-only.", op("UpdateGlobalMode", fixturecall.Args{Mode: confluent.ReadOnly})},
	{"register_schema_readonly", "Register while read-only: 42205.", op("RegisterSchema", fixturecall.Args{Subject: "orders-value", Schema: fxSchema(fxOrderV3)})},
	{"delete_global_mode", "Reset the global mode.", op("DeleteGlobalMode", fixturecall.Args{})},
	{"update_global_mode_import", "IMPORT with subjects present needs force: 42205.", op("UpdateGlobalMode", fixturecall.Args{Mode: confluent.Import})},

	{"", "", op("RegisterSchema", fixturecall.Args{Subject: "address-value", Schema: fxSchema(fxAddress)})},
	{"register_with_references", "A schema that references another subject's.", op("Register", fixturecall.Args{Subject: "customer-value", Request: &confluent.RegisterRequest{Schema: confluent.Schema{Schema: fxCustomer, References: []confluent.Reference{{Name: "com.example.shop.Address", Subject: "address-value", Version: 1}}}}})},
	{"get_referenced_by", "The schemas that reference a version.", op("GetReferencedBy", fixturecall.Args{Subject: "address-value", Version: 1})},
	{"delete_version_referenced", "Delete a version another schema references: 42206.", op("DeleteVersion", fixturecall.Args{Subject: "address-value", Version: 1})},

	{"register_schema_qualified", "Register under a context-qualified subject: the context has its own ids.", op("RegisterSchema", fixturecall.Args{Subject: ":.staging:orders-value", Schema: fxSchema(fxOrderV1)})},
	{"list_contexts", "The contexts.", op("ListContexts", fixturecall.Args{})},
	{"delete_context", "AxonOps has no DELETE /contexts/{context}: HTTP 404 without a registry code.", op("DeleteContext", fixturecall.Args{Context: ".staging"})},

	{"list_schemas", "One page of GET /schemas.", op("ListSchemas", fixturecall.Args{Options: fixturecall.Options(confluent.ListSchemasOptions{Offset: 1, Limit: 2})})},
	{"schemas", "Every schema, two per page: three requests.", op("Schemas", fixturecall.Args{Options: fixturecall.Options(confluent.ListSchemasOptions{Limit: 2})})},

	{"get_schema_by_guid", "AxonOps has no GUIDs: HTTP 404 without a registry code.", op("GetSchemaByGUID", fixturecall.Args{GUID: fxGUID})},
	{"fetch_schema_by_guid", "AxonOps has no GUIDs: HTTP 404 without a registry code.", op("FetchSchemaByGUID", fixturecall.Args{GUID: fxGUID})},
	{"get_ids_by_guid", "AxonOps has no GUIDs: HTTP 404 without a registry code.", op("GetIDsByGUID", fixturecall.Args{GUID: fxGUID})},

	{"get", "Any endpoint through a URI template: GET.", op("Get", fixturecall.Args{Template: "/subjects{/subject}/versions{?deleted}", Vars: json.RawMessage(`{"subject":"orders-value","deleted":"true"}`)})},
	{"post", "Any endpoint through a URI template: POST with a body.", op("Post", fixturecall.Args{Template: "/subjects{/subject}", Vars: json.RawMessage(`{"subject":"orders-value"}`), Body: mustJSON(confluent.Schema{Schema: fxOrderV1})})},
	{"put", "Any endpoint through a URI template: PUT.", op("Put", fixturecall.Args{Template: "/config{/subject}", Vars: json.RawMessage(`{"subject":"orders-copy"}`), Body: json.RawMessage(`{"compatibility":"FORWARD"}`)})},
	{"patch", "Any endpoint through a URI template: PATCH, which AxonOps does not route: 405.", op("Patch", fixturecall.Args{Template: "/config{/subject}", Vars: json.RawMessage(`{"subject":"orders-copy"}`), Body: json.RawMessage(`{"compatibility":"FORWARD"}`)})},
	{"delete", "Any endpoint through a URI template: DELETE.", op("Delete", fixturecall.Args{Template: "/config{/subject}", Vars: json.RawMessage(`{"subject":"orders-copy"}`)})},

	{"delete_version_not_soft_deleted", "Delete a version permanently without a soft delete first: 40407.", op("DeleteVersion", fixturecall.Args{Subject: "orders-value", Version: 1, Options: fixturecall.Options(confluent.DeleteOptions{Permanent: true})})},
	{"delete_version", "Soft-delete a version.", op("DeleteVersion", fixturecall.Args{Subject: "orders-value", Version: 1})},
	{"get_version_soft_deleted", "A soft-deleted version: 40406 (Confluent answers 40402).", op("GetVersion", fixturecall.Args{Subject: "orders-value", Version: 1})},
	{"list_versions_deleted", "The versions of a subject, soft-deleted ones too.", op("ListVersions", fixturecall.Args{Subject: "orders-value", Options: fixturecall.Options(confluent.ListVersionsOptions{Deleted: true})})},
	{"delete_version_permanent", "Delete a soft-deleted version for good.", op("DeleteVersion", fixturecall.Args{Subject: "orders-value", Version: 1, Options: fixturecall.Options(confluent.DeleteOptions{Permanent: true})})},
	{"delete_subject_not_soft_deleted", "Delete a subject permanently without a soft delete first: 40405.", op("DeleteSubject", fixturecall.Args{Subject: "orders-copy", Options: fixturecall.Options(confluent.DeleteOptions{Permanent: true})})},
	{"delete_subject", "Soft-delete a subject.", op("DeleteSubject", fixturecall.Args{Subject: "orders-copy"})},
	{"delete_subject_soft_deleted", "Soft-delete a subject again: 40404.", op("DeleteSubject", fixturecall.Args{Subject: "orders-copy"})},
	{"delete_subject_permanent", "Delete a soft-deleted subject for good.", op("DeleteSubject", fixturecall.Args{Subject: "orders-copy", Options: fixturecall.Options(confluent.DeleteOptions{Permanent: true})})},
	{"delete_subject_not_found", "Delete a subject that is gone: 40401.", op("DeleteSubject", fixturecall.Args{Subject: "orders-copy", Options: fixturecall.Options(confluent.DeleteOptions{Permanent: true})})},
}

// Tour data: the schema, its compatible successor, an incompatible one
// and a value.
const (
	tourSubject = "orders-value"
	tourValue   = `{"id":1001,"customer":"Ada Lovelace","total":42.5,"note":{"string":"leave at the door"}}`
	tourAbout   = `The tour: register a schema, fetch it by id, serialize a value (the serializer looks the schema up), deserialize it (the deserializer fetches the writer's schema), then check a compatible and an incompatible change. Replayed by "unwired tour".`
)

// codecLookupOnly is the tour's serializer: the schema is registered
// already, so it only looks it up, as a producer with
// auto.register.schemas=false does.
var codecLookupOnly = codec.SerializerOptions{LookupOnly: true}

// tourCalls returns the tour's steps; the Deserialize step's wire is
// filled in from the Serialize step's result as the tour runs.
func tourCalls() []fixturecall.Call {
	return []fixturecall.Call{
		op("RegisterSchema", fixturecall.Args{Subject: tourSubject, Schema: fxSchema(fxOrderV2)}),
		op("GetSchemaByID", fixturecall.Args{ID: 1}),
		op("Serialize", fixturecall.Args{Subject: tourSubject, Schema: fxSchema(fxOrderV2), Options: fixturecall.Options(codecLookupOnly), Value: json.RawMessage(tourValue)}),
		op("Deserialize", fixturecall.Args{}),
		op("CheckCompatibility", fixturecall.Args{Subject: tourSubject, Schema: fxSchema(fxOrderV3), Options: fixturecall.Options(confluent.CompatibilityOptions{Verbose: true})}),
		op("CheckCompatibility", fixturecall.Args{Subject: tourSubject, Schema: fxSchema(fxOrderBroken), Options: fixturecall.Options(confluent.CompatibilityOptions{Verbose: true})}),
	}
}

// fixtureClient is the client every fixture is recorded and replayed
// with (fixturecall.NewClient: caches off, no retries).
func fixtureClient(t testing.TB, d protocol.Doer, base string) *confluent.Client {
	t.Helper()
	c, err := fixturecall.NewClient(d, base)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fixtureJSON is the layout of call and want: indented, with <, > and &
// left as they are.
func fixtureJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// TestRecord records the corpus from a fresh AxonOps server through the
// net/http driver. It runs only with -record, and rewrites
// testdata/confluent/*.txtar, removing fixtures it no longer makes.
func TestRecord(t *testing.T) {
	if !*record {
		t.Skip("records fixtures only with -record")
	}
	date := time.Now().UTC().Format("2006-01-02")
	out := map[string][]byte{}

	srv := startRegistry(t)
	d := nethttp.New(nethttp.Options{Timeout: 10 * time.Second})
	t.Cleanup(d.CloseIdleConnections)
	rec := replay.NewRecorder(d)
	c := fixtureClient(t, rec, srv.URL)
	for _, r := range recordings {
		rec.Reset()
		result, err := fixturecall.Run(t.Context(), c, r.call)
		if r.name == "" {
			if err != nil {
				t.Fatalf("setup %s: %v", r.call.Op, err)
			}
			continue
		}
		want, err := fixturecall.Outcome(result, err)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		out[r.name] = marshalFixture(t, rec, date, r.about, r.call, want)
	}

	// The tour, on a server of its own so its ids start at 1.
	tsrv := startRegistry(t)
	rec = replay.NewRecorder(d)
	c = fixtureClient(t, rec, tsrv.URL)
	steps := tourCalls()
	var wants []fixturecall.Want
	for i := range steps {
		if steps[i].Op == "Deserialize" {
			if err := json.Unmarshal(wants[i-1].Result, &steps[i].Args.Wire); err != nil {
				t.Fatalf("tour step %d: %v", i+1, err)
			}
		}
		result, err := fixturecall.Run(t.Context(), c, steps[i])
		if err != nil && (steps[i].Op == "Serialize" || steps[i].Op == "Deserialize") {
			t.Fatalf("tour step %d (%s): %v", i+1, steps[i].Op, err)
		}
		w, err := fixturecall.Outcome(result, err)
		if err != nil {
			t.Fatalf("tour step %d: %v", i+1, err)
		}
		wants = append(wants, w)
	}
	out["tour"] = marshalFixture(t, rec, date, tourAbout, op(fixturecall.TourOp, fixturecall.Args{Steps: steps}), fixturecall.Want{Steps: wants})

	if t.Failed() {
		return
	}
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	old, err := filepath.Glob(filepath.Join(corpusDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range old {
		if _, keep := out[strings.TrimSuffix(filepath.Base(path), ".txtar")]; !keep {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, data := range out {
		if err := os.WriteFile(filepath.Join(corpusDir, name+".txtar"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("wrote %d fixtures to %s", len(out), corpusDir)
}

// marshalFixture turns what rec saw into a validated fixture file.
func marshalFixture(t *testing.T, rec *replay.Recorder, date, about string, call fixturecall.Call, want fixturecall.Want) []byte {
	t.Helper()
	callJSON, err := fixtureJSON(call)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, err := fixtureJSON(want)
	if err != nil {
		t.Fatal(err)
	}
	f := rec.Fixture(recordedFrom+date+".\n"+about, callJSON, wantJSON)
	if len(f.Exchanges) == 0 {
		t.Errorf("%s: no exchange recorded", call.Op)
	}
	if err := f.Validate(); err != nil {
		t.Errorf("%s: %v", call.Op, err)
	}
	return f.Marshal()
}
