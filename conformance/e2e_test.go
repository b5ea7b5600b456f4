package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// Schemas of the end-to-end tests, besides orderSchema.
var (
	// orderV2 adds a field with a default: BACKWARD compatible.
	orderV2 = strings.Replace(orderSchema, `{"name": "note"`,
		`{"name": "channel", "type": "string", "default": "web"},
    {"name": "note"`, 1)
	// orderBroken turns quantity from int into string: incompatible.
	orderBroken = strings.Replace(orderSchema, `{"name": "quantity", "type": "int"}`,
		`{"name": "quantity", "type": "string"}`, 1)
	addressSchema = `{"type":"record","name":"Address","namespace":"com.example.unwired","fields":[{"name":"city","type":"string"},{"name":"zip","type":["null","string"],"default":null}]}`
	personSchema  = `{"type":"record","name":"Person","namespace":"com.example.unwired","fields":[{"name":"name","type":"string"},{"name":"home","type":"com.example.unwired.Address"}]}`
)

// avroSchema is an Avro schema with no type set, as most callers send it.
func avroSchema(s string) confluent.Schema { return confluent.Schema{Schema: s} }

// compactJSON returns s without insignificant white space: the same schema
// under another text.
func compactJSON(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// ignoreMetadata leaves out the metadata AxonOps adds to every version
// ({"properties":{"confluent:version":"N"}}), which Confluent does not.
var ignoreMetadata = cmpopts.IgnoreFields(confluent.Schema{}, "Metadata")

func diff[T any](t testing.TB, what string, got, want T, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, opts...); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// checked holds a result and its error until a test looks at them.
type checked[T any] struct {
	v   T
	err error
}

// must(f()).get(t) returns f's result or fails t with f's error.
func must[T any](v T, err error) checked[T] { return checked[T]{v, err} }

func (c checked[T]) get(t testing.TB) T {
	t.Helper()
	if c.err != nil {
		t.Fatal(c.err)
	}
	return c.v
}

// TestEndToEnd drives every group of operations through both drivers
// against a fresh AxonOps server per group, so ids and versions are known.
func TestEndToEnd(t *testing.T) {
	groups := []struct {
		name string
		run  func(t *testing.T, drv driver, base string)
	}{
		{"schemas", e2eSchemas},
		{"caching", e2eCaching},
		{"compatibility", e2eCompatibility},
		{"config", e2eConfig},
		{"mode", e2eMode},
		{"references", e2eReferences},
		{"contexts", e2eContexts},
		{"paging", e2ePaging},
		{"deletes", e2eDeletes},
		{"franz-go", e2ePeerClient},
		{"codec", e2eCodec},
	}
	for _, drv := range drivers {
		t.Run(drv.name, func(t *testing.T) {
			for _, g := range groups {
				t.Run(g.name, func(t *testing.T) {
					srv := startRegistry(t)
					g.run(t, drv, srv.URL)
				})
			}
		})
	}
}

func e2eSchemas(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, _ := newClient(t, drv, base)

	diff(t, "GetRoot", string(must(c.GetRoot(ctx)).get(t)), "{}")
	diff(t, "GetSchemaTypes", must(c.GetSchemaTypes(ctx)).get(t), []confluent.SchemaType{confluent.Avro, confluent.JSON, confluent.Protobuf},
		// AxonOps lists them in map order, a different one each time.
		cmpopts.SortSlices(func(a, b confluent.SchemaType) bool { return a < b }))

	reg := must(c.Register(ctx, "orders-value", confluent.RegisterRequest{Schema: avroSchema(orderSchema)}, confluent.RegisterOptions{})).get(t)
	diff(t, "Register", reg, confluent.RegisterResult{ID: 1})
	// The same schema again, and under another text with the same
	// canonical form: the registry answers the id it has, no new version.
	diff(t, "RegisterSchema again", must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderSchema))).get(t), 1)
	diff(t, "RegisterSchema compact", must(c.RegisterSchema(ctx, "orders-value", avroSchema(compactJSON(t, orderSchema)))).get(t), 1)
	diff(t, "ListVersions", must(c.ListVersions(ctx, "orders-value", confluent.ListVersionsOptions{})).get(t), []int{1})

	v1 := confluent.SubjectSchema{Subject: "orders-value", Version: 1, ID: 1, Schema: confluent.Schema{Schema: orderSchema, SchemaType: confluent.Avro}}
	diff(t, "LookupSchema", *must(c.LookupSchema(ctx, "orders-value", avroSchema(orderSchema))).get(t), v1, ignoreMetadata)
	_, err := c.Lookup(ctx, "orders-value", avroSchema(orderBroken), confluent.LookupOptions{})
	wantAPIError(t, err, confluent.ErrSchemaNotFound, 404, "40403")
	_, err = c.LookupSchema(ctx, "nope-value", avroSchema(orderSchema))
	wantAPIError(t, err, confluent.ErrSubjectNotFound, 404, "40401")

	diff(t, "GetSchemaByID", *must(c.GetSchemaByID(ctx, 1)).get(t), v1.Schema)
	diff(t, "FetchSchemaByID maxId", must(c.FetchSchemaByID(ctx, 1, confluent.GetSchemaByIDOptions{FetchMaxID: true})).get(t).MaxID, 1)
	diff(t, "GetRawSchemaByID", must(c.GetRawSchemaByID(ctx, 1, confluent.RawSchemaOptions{})).get(t), orderSchema)
	_, err = c.GetSchemaByID(ctx, 99)
	wantAPIError(t, err, confluent.ErrSchemaNotFound, 404, "40403")

	reg = must(c.Register(ctx, "orders-value", confluent.RegisterRequest{Schema: avroSchema(orderV2)}, confluent.RegisterOptions{})).get(t)
	diff(t, "Register v2", reg, confluent.RegisterResult{ID: 2})
	diff(t, "ListVersions", must(c.ListVersions(ctx, "orders-value", confluent.ListVersionsOptions{})).get(t), []int{1, 2})
	v2 := confluent.SubjectSchema{Subject: "orders-value", Version: 2, ID: 2, Schema: confluent.Schema{Schema: orderV2, SchemaType: confluent.Avro}}
	diff(t, "GetSchemaBySubject latest", *must(c.GetSchemaBySubject(ctx, "orders-value", confluent.Latest)).get(t), v2, ignoreMetadata)
	diff(t, "GetVersion 1", *must(c.GetVersion(ctx, "orders-value", 1, confluent.GetVersionOptions{})).get(t), v1, ignoreMetadata)
	diff(t, "GetRawSchemaByVersion", must(c.GetRawSchemaByVersion(ctx, "orders-value", 2, confluent.RawSchemaOptions{})).get(t), orderV2)
	_, err = c.GetVersion(ctx, "orders-value", 7, confluent.GetVersionOptions{})
	wantAPIError(t, err, confluent.ErrVersionNotFound, 404, "40402")
	_, err = c.ListVersions(ctx, "nope-value", confluent.ListVersionsOptions{})
	wantAPIError(t, err, confluent.ErrSubjectNotFound, 404, "40401")

	// One schema under two subjects keeps its id.
	diff(t, "RegisterSchema copy", must(c.RegisterSchema(ctx, "orders-copy", avroSchema(orderSchema))).get(t), 1)
	diff(t, "GetSubjectsByID", must(c.GetSubjectsByID(ctx, 1, confluent.SchemaUsageOptions{})).get(t), []string{"orders-copy", "orders-value"}, cmpopts.SortSlices(func(a, b string) bool { return a < b }))
	diff(t, "GetVersionsByID", must(c.GetVersionsByID(ctx, 1, confluent.SchemaUsageOptions{})).get(t),
		[]confluent.SubjectVersion{{Subject: "orders-copy", Version: 1}, {Subject: "orders-value", Version: 1}},
		cmpopts.SortSlices(func(a, b confluent.SubjectVersion) bool { return a.Subject < b.Subject }))
	diff(t, "ListSubjects", must(c.ListSubjects(ctx, confluent.ListSubjectsOptions{})).get(t), []string{"orders-copy", "orders-value"})

	_, err = c.Register(ctx, "bad-value", confluent.RegisterRequest{Schema: avroSchema(`{"type":"record","name":`)}, confluent.RegisterOptions{})
	wantAPIError(t, err, confluent.ErrInvalidSchema, 422, "42201")

	// AxonOps has no GUIDs: the path is not routed at all.
	_, err = c.GetSchemaByGUID(ctx, "00000000-0000-0000-0000-000000000000")
	wantAPIError(t, err, nil, 404, "404")
}

// e2eCaching checks the caching client against the registry: repeated
// reads are served locally, and a registration through the client is seen
// by its next "latest" at once.
func e2eCaching(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, n := newClient(t, drv, base, confluent.Caching(confluent.CacheConfig{}))

	for range 3 {
		diff(t, "RegisterSchema", must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderSchema))).get(t), 1)
		diff(t, "GetSchemaByID", must(c.GetSchemaByID(ctx, 1)).get(t).Schema, orderSchema)
		diff(t, "latest", must(c.GetSchemaBySubject(ctx, "orders-value", confluent.Latest)).get(t).Version, 1)
	}
	diff(t, "requests after three rounds", n.count(), 3)

	diff(t, "RegisterSchema v2", must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderV2))).get(t), 2)
	diff(t, "latest after register", must(c.GetSchemaBySubject(ctx, "orders-value", confluent.Latest)).get(t).Version, 2)
	diff(t, "version 2 from the latest answer", must(c.GetSchemaBySubject(ctx, "orders-value", 2)).get(t).ID, 2)
	diff(t, "requests", n.count(), 5)

	// Not found is remembered briefly too.
	for range 2 {
		_, err := c.GetSchemaByID(ctx, 42)
		wantAPIError(t, err, confluent.ErrSchemaNotFound, 404, "40403")
	}
	diff(t, "requests after two misses", n.count(), 6)
}

func e2eCompatibility(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, _ := newClient(t, drv, base)
	must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderSchema))).get(t)

	diff(t, "compatible", must(c.CheckCompatibility(ctx, "orders-value", avroSchema(orderV2), confluent.CompatibilityOptions{Verbose: true})).get(t),
		confluent.CompatibilityResult{IsCompatible: true})
	res := must(c.CheckCompatibility(ctx, "orders-value", avroSchema(orderBroken), confluent.CompatibilityOptions{Verbose: true})).get(t)
	if res.IsCompatible || len(res.Messages) == 0 || !strings.Contains(strings.Join(res.Messages, " "), "quantity") {
		t.Errorf("verbose check of an incompatible schema: %+v, want incompatible with a message about quantity", res)
	}
	diff(t, "terse", must(c.CheckCompatibilityWithVersion(ctx, "orders-value", confluent.Latest, avroSchema(orderBroken), confluent.CompatibilityOptions{})).get(t),
		confluent.CompatibilityResult{IsCompatible: false})
	diff(t, "against version 1", must(c.CheckCompatibilityWithVersion(ctx, "orders-value", 1, avroSchema(orderV2), confluent.CompatibilityOptions{})).get(t),
		confluent.CompatibilityResult{IsCompatible: true})
	_, err := c.CheckCompatibilityWithVersion(ctx, "orders-value", 9, avroSchema(orderV2), confluent.CompatibilityOptions{})
	wantAPIError(t, err, confluent.ErrVersionNotFound, 404, "40402")

	// AxonOps answers an incompatible registration with error_code 409
	// (Confluent 7 does too; Confluent 8 sends 40901): both are the one
	// sentinel.
	_, err = c.RegisterSchema(ctx, "orders-value", avroSchema(orderBroken))
	wantAPIError(t, err, confluent.ErrIncompatibleSchema, 409, "409")

	// With the check off, the same schema registers.
	must(c.UpdateConfig(ctx, "orders-value", confluent.Config{Compatibility: confluent.None})).get(t)
	diff(t, "register under NONE", must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderBroken))).get(t), 2)
}

func e2eConfig(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, _ := newClient(t, drv, base)
	must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderSchema))).get(t)

	diff(t, "global", must(c.GetGlobalConfig(ctx, confluent.GetConfigOptions{})).get(t), confluent.Config{Compatibility: confluent.Backward})
	diff(t, "set global", must(c.UpdateGlobalConfig(ctx, confluent.Config{Compatibility: confluent.Full})).get(t), confluent.Config{Compatibility: confluent.Full})
	diff(t, "global after set", must(c.GetGlobalConfig(ctx, confluent.GetConfigOptions{})).get(t), confluent.Config{Compatibility: confluent.Full})

	_, err := c.GetConfig(ctx, "orders-value", confluent.GetConfigOptions{})
	wantAPIError(t, err, confluent.ErrSubjectLevelCompatibilityNotConfigured, 404, "40408")
	diff(t, "subject defaulting to global", must(c.GetConfig(ctx, "orders-value", confluent.GetConfigOptions{DefaultToGlobal: true})).get(t), confluent.Config{Compatibility: confluent.Full})

	diff(t, "set subject", must(c.UpdateConfig(ctx, "orders-value", confluent.Config{Compatibility: confluent.ForwardTransitive})).get(t), confluent.Config{Compatibility: confluent.ForwardTransitive})
	diff(t, "subject", must(c.GetConfig(ctx, "orders-value", confluent.GetConfigOptions{})).get(t), confluent.Config{Compatibility: confluent.ForwardTransitive})
	diff(t, "delete subject", must(c.DeleteConfig(ctx, "orders-value")).get(t), confluent.Config{Compatibility: confluent.ForwardTransitive})
	_, err = c.GetConfig(ctx, "orders-value", confluent.GetConfigOptions{})
	wantAPIError(t, err, confluent.ErrSubjectLevelCompatibilityNotConfigured, 404, "40408")

	diff(t, "delete global", must(c.DeleteGlobalConfig(ctx)).get(t), confluent.Config{Compatibility: confluent.Full})
	diff(t, "global after delete", must(c.GetGlobalConfig(ctx, confluent.GetConfigOptions{})).get(t), confluent.Config{Compatibility: confluent.Backward})

	_, err = c.UpdateGlobalConfig(ctx, confluent.Config{Compatibility: "SIDEWAYS"})
	wantAPIError(t, err, confluent.ErrInvalidCompatibilityLevel, 422, "42203")
}

func e2eMode(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, _ := newClient(t, drv, base)
	must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderSchema))).get(t)

	diff(t, "global", must(c.GetGlobalMode(ctx, confluent.GetModeOptions{})).get(t), confluent.ReadWrite)
	_, err := c.GetMode(ctx, "orders-value", confluent.GetModeOptions{})
	wantAPIError(t, err, confluent.ErrSubjectLevelModeNotConfigured, 404, "40409")
	diff(t, "subject defaulting to global", must(c.GetMode(ctx, "orders-value", confluent.GetModeOptions{DefaultToGlobal: true})).get(t), confluent.ReadWrite)

	diff(t, "set READONLY", must(c.UpdateGlobalMode(ctx, confluent.ReadOnly, confluent.UpdateModeOptions{})).get(t), confluent.ReadOnly)
	_, err = c.RegisterSchema(ctx, "orders-value", avroSchema(orderV2))
	wantAPIError(t, err, confluent.ErrOperationNotPermitted, 422, "42205")
	_, err = c.Register(ctx, "other-value", confluent.RegisterRequest{Schema: avroSchema(orderSchema)}, confluent.RegisterOptions{})
	wantAPIError(t, err, confluent.ErrOperationNotPermitted, 422, "42205")
	_, err = c.DeleteSubject(ctx, "orders-value", confluent.DeleteOptions{})
	wantAPIError(t, err, confluent.ErrOperationNotPermitted, 422, "42205")
	// Reads still work.
	diff(t, "read in READONLY", must(c.GetSchemaByID(ctx, 1)).get(t).Schema, orderSchema)

	// A subject's own mode overrides the global one.
	diff(t, "subject READWRITE", must(c.UpdateMode(ctx, "orders-value", confluent.ReadWrite, confluent.UpdateModeOptions{})).get(t), confluent.ReadWrite)
	diff(t, "subject mode", must(c.GetMode(ctx, "orders-value", confluent.GetModeOptions{})).get(t), confluent.ReadWrite)
	diff(t, "register under the subject's mode", must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderV2))).get(t), 2)
	diff(t, "delete subject mode", must(c.DeleteMode(ctx, "orders-value", confluent.DeleteModeOptions{})).get(t), confluent.ReadWrite)
	_, err = c.RegisterSchema(ctx, "orders-value", avroSchema(compactJSON(t, orderV2)+" "))
	wantAPIError(t, err, confluent.ErrOperationNotPermitted, 422, "42205")

	must(c.DeleteGlobalMode(ctx, confluent.DeleteModeOptions{})).get(t)
	diff(t, "global after delete", must(c.GetGlobalMode(ctx, confluent.GetModeOptions{})).get(t), confluent.ReadWrite)

	// IMPORT needs force once schemas exist; then ids and versions are the
	// caller's.
	_, err = c.UpdateGlobalMode(ctx, confluent.Import, confluent.UpdateModeOptions{})
	wantAPIError(t, err, confluent.ErrOperationNotPermitted, 422, "42205")
	diff(t, "force IMPORT", must(c.UpdateGlobalMode(ctx, confluent.Import, confluent.UpdateModeOptions{Force: true})).get(t), confluent.Import)
	imported := confluent.RegisterRequest{Schema: avroSchema(addressSchema), ID: 100, Version: 7}
	diff(t, "register in IMPORT", must(c.Register(ctx, "address-value", imported, confluent.RegisterOptions{})).get(t).ID, 100)
	diff(t, "imported version", must(c.GetVersion(ctx, "address-value", 7, confluent.GetVersionOptions{})).get(t).ID, 100)
	diff(t, "back to READWRITE", must(c.UpdateGlobalMode(ctx, confluent.ReadWrite, confluent.UpdateModeOptions{})).get(t), confluent.ReadWrite)

	_, err = c.UpdateGlobalMode(ctx, "SIDEWAYS", confluent.UpdateModeOptions{})
	wantAPIError(t, err, confluent.ErrInvalidMode, 422, "42204")
}

func e2eReferences(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, _ := newClient(t, drv, base)

	refs := []confluent.Reference{{Name: "com.example.unwired.Address", Subject: "address-value", Version: 1}}
	person := confluent.Schema{Schema: personSchema, References: refs}
	// Without its reference, or with one to nothing, the person schema
	// does not parse. (Only before Address was ever parsed: AxonOps then
	// remembers the named type process-wide, across subjects and contexts,
	// and accepts the bare schema; Confluent keeps refusing it.)
	_, err := c.RegisterSchema(ctx, "person-value", avroSchema(personSchema))
	wantAPIError(t, err, confluent.ErrInvalidSchema, 422, "42201")
	_, err = c.RegisterSchema(ctx, "person-value", person)
	wantAPIError(t, err, confluent.ErrInvalidSchema, 422, "42201")

	diff(t, "address", must(c.RegisterSchema(ctx, "address-value", avroSchema(addressSchema))).get(t), 1)
	diff(t, "person", must(c.RegisterSchema(ctx, "person-value", person)).get(t), 2)

	diff(t, "referencedby", must(c.GetReferencedBy(ctx, "address-value", 1, confluent.ReferencedByOptions{})).get(t), []int{2})
	diff(t, "referencedby of an unreferenced version", must(c.GetReferencedBy(ctx, "person-value", confluent.Latest, confluent.ReferencedByOptions{})).get(t), []int{})
	diff(t, "references by id", must(c.GetSchemaByID(ctx, 2)).get(t).References, refs)
	diff(t, "references by version", must(c.GetVersion(ctx, "person-value", confluent.Latest, confluent.GetVersionOptions{})).get(t).References, refs)
	diff(t, "lookup with references", must(c.LookupSchema(ctx, "person-value", person)).get(t).ID, 2)

	_, err = c.DeleteVersion(ctx, "address-value", 1, confluent.DeleteOptions{})
	wantAPIError(t, err, confluent.ErrReferenceExists, 422, "42206")
	_, err = c.GetReferencedBy(ctx, "nope-value", 1, confluent.ReferencedByOptions{})
	wantAPIError(t, err, confluent.ErrSubjectNotFound, 404, "40401")
}

func e2eContexts(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, _ := newClient(t, drv, base)

	diff(t, "default 1", must(c.RegisterSchema(ctx, "address-value", avroSchema(addressSchema))).get(t), 1)
	diff(t, "default 2", must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderSchema))).get(t), 2)
	staged := confluent.QualifiedSubject("staging", "orders-value")
	diff(t, "qualified subject", staged, ":.staging:orders-value")
	// A context has its own id sequence.
	diff(t, "staging 1", must(c.RegisterSchema(ctx, staged, avroSchema(orderV2))).get(t), 1)

	diff(t, "ListContexts", must(c.ListContexts(ctx, confluent.ListContextsOptions{})).get(t), []string{".", ".staging"})
	diff(t, "default subjects", must(c.ListSubjects(ctx, confluent.ListSubjectsOptions{})).get(t), []string{"address-value", "orders-value"})
	got := must(c.GetVersion(ctx, staged, confluent.Latest, confluent.GetVersionOptions{})).get(t)
	diff(t, "qualified version", []any{got.ID, got.Version, got.Schema.Schema}, []any{1, 1, orderV2})

	// A client scoped to the context by its base URL.
	sc, _ := newClient(t, drv, base+"/contexts/.staging")
	diff(t, "scoped subjects", must(sc.ListSubjects(ctx, confluent.ListSubjectsOptions{})).get(t), []string{"orders-value"})
	diff(t, "scoped id 1", must(sc.GetSchemaByID(ctx, 1)).get(t).Schema, orderV2)
	diff(t, "default id 1", must(c.GetSchemaByID(ctx, 1)).get(t).Schema, addressSchema)
	diff(t, "scoped latest", must(sc.GetSchemaBySubject(ctx, "orders-value", confluent.Latest)).get(t).ID, 1)
	diff(t, "scoped register", must(sc.RegisterSchema(ctx, "address-value", avroSchema(addressSchema))).get(t), 2)

	// AxonOps has no DELETE /contexts/{context}: not routed.
	err := c.DeleteContext(ctx, ".staging")
	wantAPIError(t, err, nil, 404, "404")
}

func e2ePaging(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, n := newClient(t, drv, base)

	const count = 7
	var want []string
	for i := range count {
		subject := fmt.Sprintf("page-%d-value", i)
		schema := fmt.Sprintf(`{"type":"record","name":"P%d","fields":[{"name":"f","type":"int"}]}`, i)
		diff(t, "register "+subject, must(c.RegisterSchema(ctx, subject, avroSchema(schema))).get(t), i+1)
		want = append(want, subject)
	}
	subjectsOf := func(ss []confluent.SubjectSchema) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Subject)
		}
		return out
	}

	diff(t, "ListSchemas", subjectsOf(must(c.ListSchemas(ctx, confluent.ListSchemasOptions{})).get(t)), want)
	diff(t, "ListSchemas offset 2 limit 3", subjectsOf(must(c.ListSchemas(ctx, confluent.ListSchemasOptions{Offset: 2, Limit: 3})).get(t)), want[2:5])
	diff(t, "ListSchemas prefix", subjectsOf(must(c.ListSchemas(ctx, confluent.ListSchemasOptions{SubjectPrefix: "page-3", LatestOnly: true})).get(t)), want[3:4])

	for _, tc := range []struct{ limit, requests int }{{3, 3}, {7, 2}, {100, 1}, {1, 8}} {
		before := n.count()
		var got []confluent.SubjectSchema
		for s, err := range c.Schemas(ctx, confluent.ListSchemasOptions{Limit: tc.limit}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		diff(t, fmt.Sprintf("Schemas limit %d", tc.limit), subjectsOf(got), want)
		diff(t, fmt.Sprintf("requests at limit %d", tc.limit), n.count()-before, tc.requests)
	}
	// Paging from an offset, and stopping early sends no more requests.
	before := n.count()
	var got []string
	for s, err := range c.Schemas(ctx, confluent.ListSchemasOptions{Offset: 4, Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s.Subject)
		if len(got) == 3 {
			break
		}
	}
	diff(t, "Schemas from offset 4", got, want[4:7])
	diff(t, "requests when stopping early", n.count()-before, 2)
}

func e2eDeletes(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, _ := newClient(t, drv, base)
	must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderSchema))).get(t)
	must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderV2))).get(t)

	_, err := c.DeleteVersion(ctx, "orders-value", 1, confluent.DeleteOptions{Permanent: true})
	wantAPIError(t, err, confluent.ErrSchemaVersionNotSoftDeleted, 404, "40407")
	diff(t, "soft delete v1", must(c.DeleteVersion(ctx, "orders-value", 1, confluent.DeleteOptions{})).get(t), 1)
	diff(t, "versions", must(c.ListVersions(ctx, "orders-value", confluent.ListVersionsOptions{})).get(t), []int{2})
	diff(t, "versions with deleted", must(c.ListVersions(ctx, "orders-value", confluent.ListVersionsOptions{Deleted: true})).get(t), []int{1, 2})
	// Confluent answers 40402 here; AxonOps says why.
	_, err = c.GetVersion(ctx, "orders-value", 1, confluent.GetVersionOptions{})
	wantAPIError(t, err, confluent.ErrSchemaVersionSoftDeleted, 404, "40406")
	diff(t, "soft-deleted version", must(c.GetVersion(ctx, "orders-value", 1, confluent.GetVersionOptions{Deleted: true})).get(t).ID, 1)
	diff(t, "lookup a soft-deleted version", must(c.Lookup(ctx, "orders-value", avroSchema(orderSchema), confluent.LookupOptions{Deleted: true})).get(t).Version, 1)
	diff(t, "permanent delete v1", must(c.DeleteVersion(ctx, "orders-value", 1, confluent.DeleteOptions{Permanent: true})).get(t), 1)
	diff(t, "versions with deleted after", must(c.ListVersions(ctx, "orders-value", confluent.ListVersionsOptions{Deleted: true})).get(t), []int{2})

	_, err = c.DeleteSubject(ctx, "orders-value", confluent.DeleteOptions{Permanent: true})
	wantAPIError(t, err, confluent.ErrSubjectNotSoftDeleted, 404, "40405")
	diff(t, "soft delete subject", must(c.DeleteSubject(ctx, "orders-value", confluent.DeleteOptions{})).get(t), []int{2})
	// No subject left: AxonOps answers null (a nil Go slice), where
	// Confluent answers []. Either is an empty list.
	if got := must(c.ListSubjects(ctx, confluent.ListSubjectsOptions{})).get(t); len(got) != 0 {
		t.Errorf("subjects after the soft delete = %q, want none", got)
	}
	diff(t, "subjects with deleted", must(c.ListSubjects(ctx, confluent.ListSubjectsOptions{Deleted: true})).get(t), []string{"orders-value"})
	_, err = c.DeleteSubject(ctx, "orders-value", confluent.DeleteOptions{})
	wantAPIError(t, err, confluent.ErrSubjectSoftDeleted, 404, "40404")
	diff(t, "permanent delete subject", must(c.DeleteSubject(ctx, "orders-value", confluent.DeleteOptions{Permanent: true})).get(t), []int{2})
	_, err = c.ListVersions(ctx, "orders-value", confluent.ListVersionsOptions{Deleted: true})
	wantAPIError(t, err, confluent.ErrSubjectNotFound, 404, "40401")
	_, err = c.DeleteSubject(ctx, "orders-value", confluent.DeleteOptions{Permanent: true})
	wantAPIError(t, err, confluent.ErrSubjectNotFound, 404, "40401")
	// The schema is gone with its last version.
	_, err = c.GetSchemaByID(ctx, 2)
	wantAPIError(t, err, confluent.ErrSchemaNotFound, 404, "40403")
}

// e2ePeerClient checks that franz-go's registry client and ours agree on
// the same server: what one registers, the other finds under the same id
// and version.
func e2ePeerClient(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, _ := newClient(t, drv, base)
	hc := &http.Client{}
	t.Cleanup(hc.CloseIdleConnections)
	peer, err := sr.NewClient(sr.URLs(base), sr.HTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}

	theirs, err := peer.CreateSchema(ctx, "orders-value", sr.Schema{Schema: orderSchema, Type: sr.TypeAvro})
	if err != nil {
		t.Fatal(err)
	}
	ours := must(c.LookupSchema(ctx, "orders-value", avroSchema(orderSchema))).get(t)
	diff(t, "lookup of their registration", []int{ours.ID, ours.Version}, []int{theirs.ID, theirs.Version})

	id := must(c.RegisterSchema(ctx, "orders-value", avroSchema(orderV2))).get(t)
	got, err := peer.SchemaByVersion(ctx, "orders-value", -1)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "their latest after our registration", []any{got.ID, got.Version, got.Schema.Schema}, []any{id, 2, orderV2})

	subjects, err := peer.Subjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "subjects", must(c.ListSubjects(ctx, confluent.ListSubjectsOptions{})).get(t), subjects)
	if !slices.Equal(subjects, []string{"orders-value"}) {
		t.Errorf("subjects = %q", subjects)
	}
}

// e2eCodec serializes and deserializes through the codec with the real
// registry behind our client, and crosses over with franz-go's serde: the
// id our serializer registered frames the same bytes theirs writes.
func e2eCodec(t *testing.T, drv driver, base string) {
	ctx := t.Context()
	c, n := newClient(t, drv, base, confluent.Caching(confluent.CacheConfig{}))

	// Another schema first, so the order schema's id is not 1.
	diff(t, "address", must(c.RegisterSchema(ctx, "address-value", avroSchema(addressSchema))).get(t), 1)
	ser := must(codec.NewSerializer(ctx, c, "orders-value", orderSchema, codec.SerializerOptions{})).get(t)
	diff(t, "serializer header", ser.Header(), codec.Header{Magic: codec.MagicV0, ID: 2})
	lookup := must(codec.NewSerializer(ctx, c, "orders-value", orderSchema, codec.SerializerOptions{LookupOnly: true})).get(t)
	diff(t, "lookup-only header", lookup.Header(), ser.Header())
	_, err := codec.NewSerializer(ctx, c, "orders-value", orderV2, codec.SerializerOptions{LookupOnly: true})
	if !errors.Is(err, confluent.ErrSchemaNotFound) {
		t.Errorf("lookup-only serializer of an unregistered schema: %v, want ErrSchemaNotFound", err)
	}
	_, err = codec.NewSerializer(ctx, c, "orders-value", orderBroken, codec.SerializerOptions{})
	if !errors.Is(err, confluent.ErrIncompatibleSchema) {
		t.Errorf("serializer of an incompatible schema: %v, want ErrIncompatibleSchema", err)
	}

	peer := must(peerSerde(2, hambaCountOnly)).get(t)
	de := codec.NewDeserializer(c, codec.DeserializerOptions{})
	before := n.count()
	for _, tc := range orderCases {
		wire := must(ser.Encode(nil, tc.ours)).get(t)
		if theirs := peer.MustEncode(tc.peer); !tc.blocks && !bytes.Equal(wire, theirs) {
			t.Errorf("%s: encodings differ:\nours   %x\ntheirs %x", tc.name, wire, theirs)
		}
		got, h, err := de.Decode(ctx, wire)
		if err != nil {
			t.Fatal(err)
		}
		diff(t, "header", h, ser.Header())
		diff(t, tc.name+" round trip", got, any(tc.ours))
	}
	// The writer's schema was fetched once, for the first decode.
	diff(t, "registry requests for three decodes", n.count()-before, 1)

	// Bytes framed with an id the registry does not have.
	_, _, err = de.Decode(ctx, append([]byte{0, 0, 0, 0, 99}, 0))
	var re *codec.RegistryError
	if !errors.As(err, &re) || !errors.Is(err, confluent.ErrSchemaNotFound) {
		t.Errorf("decoding an unknown id: %v, want a *codec.RegistryError wrapping ErrSchemaNotFound", err)
	}
}
