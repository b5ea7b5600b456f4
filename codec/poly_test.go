package codec_test

import (
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/codec/codectest"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

type polyWrite struct {
	topic, schema string
	value         map[string]any
}

var (
	userWrite  = polyWrite{"people", userSchema, user()}
	orderWrite = polyWrite{"orders", orderSchema, map[string]any{"sku": "A-1", "qty": int32(2)}}
)

func TestPolySerializer(t *testing.T) {
	tests := []struct {
		name         string
		opt          codec.PolySerializerOptions
		writes       []polyWrite
		wantSubjects []string // registered, in order
	}{
		{
			name:         "topic name, values",
			writes:       []polyWrite{userWrite, orderWrite, userWrite, orderWrite},
			wantSubjects: []string{"people-value", "orders-value"},
		},
		{
			name:         "topic name, keys",
			opt:          codec.PolySerializerOptions{Key: true},
			writes:       []polyWrite{userWrite, userWrite},
			wantSubjects: []string{"people-key"},
		},
		{
			name:         "record name: one subject per type, whatever the topic",
			opt:          codec.PolySerializerOptions{Strategy: codec.RecordNameStrategy},
			writes:       []polyWrite{userWrite, {"other", userSchema, user()}, orderWrite},
			wantSubjects: []string{"com.example.User", "com.example.Order"},
		},
		{
			// The same schema on two topics is registered under both
			// subjects: registration is keyed by (subject, schema).
			name:         "topic record name",
			opt:          codec.PolySerializerOptions{Strategy: codec.TopicRecordNameStrategy},
			writes:       []polyWrite{userWrite, {"other", userSchema, user()}, userWrite},
			wantSubjects: []string{"people-com.example.User", "other-com.example.User"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := &codectest.Registry{}
			p := codec.NewPolySerializer(reg, tt.opt)
			var subjects []string
			for i, w := range tt.writes {
				out, err := p.Encode(t.Context(), []byte{0xee}, w.topic, w.schema, w.value)
				if err != nil {
					t.Fatalf("write %d: %v", i, err)
				}
				if out[0] != 0xee {
					t.Fatalf("write %d: dst prefix overwritten", i)
				}
				subject, _ := tt.opt.Strategy.Subject(w.topic, tt.opt.Key, w.schema)
				ss, err := reg.LookupSchema(t.Context(), subject, confluent.Schema{Schema: w.schema})
				if err != nil {
					t.Fatalf("write %d: not registered under %s: %v", i, subject, err)
				}
				want := map[string]any(w.value)
				if w.schema == userSchema {
					want = userDecoded()
				}
				if diff := cmp.Diff(want, decode(t, out[1:], w.schema, codec.Header{ID: ss.ID})); diff != "" {
					t.Errorf("write %d (-want +got):\n%s", i, diff)
				}
				if !slices.Contains(subjects, subject) {
					subjects = append(subjects, subject)
				}
			}
			if diff := cmp.Diff(tt.wantSubjects, subjects); diff != "" {
				t.Errorf("subjects (-want +got):\n%s", diff)
			}
			if n := reg.Calls("RegisterSchema"); n != len(tt.wantSubjects) {
				t.Errorf("RegisterSchema called %d times, want once per subject (%d)", n, len(tt.wantSubjects))
			}
		})
	}
}

func TestPolySerializerGUID(t *testing.T) {
	reg := &codectest.Registry{}
	p := codec.NewPolySerializer(reg, codec.PolySerializerOptions{UseGUID: true})
	out, err := p.Encode(t.Context(), nil, "people", userSchema, user())
	if err != nil {
		t.Fatal(err)
	}
	ss, _ := reg.LookupSchema(t.Context(), "people-value", confluent.Schema{Schema: userSchema})
	g, _ := codec.ParseGUID(ss.GUID)
	if diff := cmp.Diff(userDecoded(), decode(t, out, userSchema, codec.Header{Magic: codec.MagicV1, GUID: g})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestPolySerializerErrors(t *testing.T) {
	tests := []struct {
		name   string
		opt    codec.PolySerializerOptions
		write  polyWrite
		regErr error
		check  func(error) bool
	}{
		{"invalid schema", codec.PolySerializerOptions{}, polyWrite{"t", `{"type":"nope"}`, nil}, nil,
			func(err error) bool { var se *codec.SchemaError; return errors.As(err, &se) }},
		{"record name of a primitive", codec.PolySerializerOptions{Strategy: codec.RecordNameStrategy}, polyWrite{"t", `"string"`, nil}, nil,
			func(err error) bool { var se *codec.SchemaError; return errors.As(err, &se) }},
		{"no topic", codec.PolySerializerOptions{}, polyWrite{"", userSchema, user()}, nil,
			func(err error) bool { return errors.Is(err, codec.ErrNoTopic) }},
		{"bad value", codec.PolySerializerOptions{}, polyWrite{"t", orderSchema, map[string]any{"sku": 1}}, nil,
			func(err error) bool { var ee *codec.EncodeError; return errors.As(err, &ee) && ee.Subject == "t-value" }},
		{"registry down", codec.PolySerializerOptions{}, userWrite, &protocol.TransportError{Method: "POST", URL: "http://sr", Err: errors.New("refused")},
			func(err error) bool { var te *protocol.TransportError; return errors.As(err, &te) }},
		{"lookup only, not registered", codec.PolySerializerOptions{LookupOnly: true}, userWrite, nil,
			func(err error) bool { return errors.Is(err, confluent.ErrSubjectNotFound) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := &codectest.Registry{}
			if tt.regErr != nil {
				reg.Err = func(string) error { return tt.regErr }
			}
			p := codec.NewPolySerializer(reg, tt.opt)
			out, err := p.Encode(t.Context(), []byte("dst"), tt.write.topic, tt.write.schema, tt.write.value)
			if err == nil || !tt.check(err) {
				t.Fatalf("Encode error = %v (%T)", err, err)
			}
			if string(out) != "dst" {
				t.Errorf("Encode returned %q on error, want dst unchanged", out)
			}
		})
	}
}

// A failed registration is not remembered: the next value tries again.
func TestPolySerializerRetriesAfterFailure(t *testing.T) {
	reg := &codectest.Registry{}
	fail := true
	reg.Err = func(string) error {
		if fail {
			return &protocol.APIError{API: "confluent", Status: 503, Retryable: true}
		}
		return nil
	}
	p := codec.NewPolySerializer(reg, codec.PolySerializerOptions{})
	if _, err := p.Encode(t.Context(), nil, "people", userSchema, user()); err == nil {
		t.Fatal("first Encode succeeded against a failing registry")
	}
	fail = false
	if _, err := p.Encode(t.Context(), nil, "people", userSchema, user()); err != nil {
		t.Fatalf("second Encode: %v", err)
	}
	if n := reg.Calls("RegisterSchema"); n != 2 {
		t.Errorf("RegisterSchema called %d times, want 2", n)
	}
}

func TestPolySerializerConcurrent(t *testing.T) {
	reg := &codectest.Registry{}
	p := codec.NewPolySerializer(reg, codec.PolySerializerOptions{Strategy: codec.TopicRecordNameStrategy})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			w := []polyWrite{userWrite, orderWrite}[i%2]
			for range 20 {
				if _, err := p.Encode(t.Context(), nil, w.topic, w.schema, w.value); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := reg.Calls("RegisterSchema"); n != 2 {
		t.Errorf("RegisterSchema called %d times for two (subject, schema) pairs, want 2", n)
	}
}
