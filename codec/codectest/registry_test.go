package codectest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/codec/codectest"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

const (
	a = `{"type":"record","name":"A","fields":[]}`
	b = `{"type":"record","name":"B","fields":[]}`
)

func TestRegistry(t *testing.T) {
	ctx := t.Context()
	var r codectest.Registry // the zero value works
	steps := []struct {
		subject, schema string
		wantID          int
		wantVersion     int
	}{
		{"s1", a, 1, 1},
		{"s1", a, 1, 1}, // again: same id, no new version
		{"s1", b, 2, 2},
		{"s2", a, 1, 1}, // same text under another subject: same id
	}
	for i, s := range steps {
		id, err := r.RegisterSchema(ctx, s.subject, confluent.Schema{Schema: s.schema})
		if err != nil || id != s.wantID {
			t.Fatalf("step %d: RegisterSchema = %d, %v; want %d", i, id, err, s.wantID)
		}
		ss, err := r.LookupSchema(ctx, s.subject, confluent.Schema{Schema: s.schema})
		if err != nil {
			t.Fatal(err)
		}
		if ss.ID != s.wantID || ss.Version != s.wantVersion || ss.Subject != s.subject || ss.Schema.Schema != s.schema {
			t.Errorf("step %d: LookupSchema = %+v", i, ss)
		}
		if _, err := codec.ParseGUID(ss.GUID); err != nil {
			t.Errorf("step %d: GUID %q: %v", i, ss.GUID, err)
		}
		byGUID, err := r.GetSchemaByGUID(ctx, ss.GUID)
		if err != nil {
			t.Fatal(err)
		}
		byID, err := r.GetSchemaByID(ctx, ss.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(byID, byGUID); diff != "" || byID.Schema != s.schema {
			t.Errorf("step %d: by id and by GUID differ (-id +guid):\n%s", i, diff)
		}
	}
	if diff := cmp.Diff(map[string]int{"RegisterSchema": 4, "LookupSchema": 4, "GetSchemaByID": 4, "GetSchemaByGUID": 4},
		map[string]int{"RegisterSchema": r.Calls("RegisterSchema"), "LookupSchema": r.Calls("LookupSchema"),
			"GetSchemaByID": r.Calls("GetSchemaByID"), "GetSchemaByGUID": r.Calls("GetSchemaByGUID")}); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func TestRegistryGUIDStable(t *testing.T) {
	var r1, r2 codectest.Registry
	g1 := r1.Add("x", confluent.Schema{Schema: a}).GUID
	r2.Add("y", confluent.Schema{Schema: b})
	g2 := r2.Add("z", confluent.Schema{Schema: a}).GUID
	if g1 != g2 {
		t.Errorf("GUIDs of one schema differ: %s, %s", g1, g2)
	}
	proto := r1.Add("x", confluent.Schema{Schema: a, SchemaType: confluent.Protobuf})
	if proto.GUID == g1 || proto.ID == 1 {
		t.Errorf("same text of another type shares GUID or id: %+v", proto)
	}
}

func TestRegistryErrors(t *testing.T) {
	ctx := t.Context()
	var r codectest.Registry
	r.Add("s", confluent.Schema{Schema: a})
	tests := []struct {
		name     string
		call     func() error
		sentinel error
		code     string
	}{
		{"unknown id", func() error { _, err := r.GetSchemaByID(ctx, 9); return err }, confluent.ErrSchemaNotFound, "40403"},
		{"id 0", func() error { _, err := r.GetSchemaByID(ctx, 0); return err }, confluent.ErrSchemaNotFound, "40403"},
		{"unknown GUID", func() error { _, err := r.GetSchemaByGUID(ctx, "nope"); return err }, confluent.ErrSchemaNotFound, "40403"},
		{"unknown subject", func() error {
			_, err := r.LookupSchema(ctx, "t", confluent.Schema{Schema: a})
			return err
		}, confluent.ErrSubjectNotFound, "40401"},
		{"schema not under subject", func() error {
			_, err := r.LookupSchema(ctx, "s", confluent.Schema{Schema: b})
			return err
		}, confluent.ErrSchemaNotFound, "40403"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ae *protocol.APIError
			if !errors.As(err, &ae) || ae.Status != 404 || ae.Code != tt.code || !errors.Is(err, tt.sentinel) || !errors.Is(err, protocol.ErrBadRequest) {
				t.Errorf("error = %#v", err)
			}
		})
	}
}

func TestRegistryErrHookAndContext(t *testing.T) {
	boom := errors.New("boom")
	var ops []string
	r := codectest.Registry{Err: func(op string) error { ops = append(ops, op); return boom }}
	ctx := t.Context()
	if _, err := r.RegisterSchema(ctx, "s", confluent.Schema{Schema: a}); err != boom {
		t.Errorf("RegisterSchema = %v, want the injected error", err)
	}
	if _, err := r.GetSchemaByID(ctx, 1); err != boom {
		t.Errorf("GetSchemaByID = %v, want the injected error", err)
	}
	if diff := cmp.Diff([]string{"RegisterSchema", "GetSchemaByID"}, ops); diff != "" {
		t.Errorf("ops (-want +got):\n%s", diff)
	}

	r.Err = nil
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := r.RegisterSchema(cancelled, "s", confluent.Schema{Schema: a}); !errors.Is(err, context.Canceled) {
		t.Errorf("RegisterSchema with a cancelled context = %v", err)
	}
}

// TestRegistryOwnsItsSchemas: neither the schema given to Add or
// RegisterSchema nor any answer shares memory with what the registry
// stores, so a caller changing either changes nothing registered.
func TestRegistryOwnsItsSchemas(t *testing.T) {
	ctx := t.Context()
	var r codectest.Registry
	in := confluent.Schema{
		Schema:     a,
		References: []confluent.Reference{{Name: "r", Subject: "s", Version: 1}},
		Metadata:   confluent.RawJSON(`{"k":"v"}`),
		RuleSet:    confluent.RawJSON(`{"r":1}`),
	}
	want := confluent.Schema{
		Schema:     a,
		References: []confluent.Reference{{Name: "r", Subject: "s", Version: 1}},
		Metadata:   confluent.RawJSON(`{"k":"v"}`),
		RuleSet:    confluent.RawJSON(`{"r":1}`),
	}
	scribble := func(s *confluent.Schema) {
		s.References[0].Name = "changed"
		s.Metadata[2] = 'X'
		s.RuleSet[2] = 'X'
	}
	added := r.Add("s1", in)
	scribble(&in)
	scribble(&added.Schema)
	looked, err := r.LookupSchema(ctx, "s1", confluent.Schema{Schema: a})
	if err != nil {
		t.Fatal(err)
	}
	scribble(&looked.Schema)
	got, err := r.GetSchemaByID(ctx, added.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, *got); diff != "" {
		t.Errorf("stored schema changed through a caller's copy (-want +got):\n%s", diff)
	}
}
