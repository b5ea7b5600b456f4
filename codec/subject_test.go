package codec_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/protocol/confluent"
)

func TestRecordName(t *testing.T) {
	tests := []struct {
		name    string
		schema  string
		want    string
		wantErr string // substring of the *SchemaError message
	}{
		{"namespace", `{"type":"record","name":"User","namespace":"com.example","fields":[]}`, "com.example.User", ""},
		{"no namespace", `{"type":"record","name":"User","fields":[]}`, "User", ""},
		{"empty namespace", `{"type":"record","name":"User","namespace":"","fields":[]}`, "User", ""},
		{"dotted name wins over namespace", `{"type":"record","name":"org.acme.User","namespace":"com.example","fields":[]}`, "org.acme.User", ""},
		{"dotted name alone", `{"type":"record","name":"org.acme.User","fields":[]}`, "org.acme.User", ""},
		{"enum", `{"type":"enum","name":"Color","namespace":"x","symbols":["RED"]}`, "x.Color", ""},
		{"fixed", `{"type":"fixed","name":"MD5","size":16}`, "MD5", ""},
		{"nested namespace ignored at top", userSchema, "com.example.User", ""},
		{"underscores and digits", `{"type":"record","name":"_U2","namespace":"a_1.b2","fields":[]}`, "a_1.b2._U2", ""},
		{"primitive", `"string"`, "", "a primitive schema has no name"},
		{"primitive object", `{"type":"string"}`, "", `schema of type "string" has no name`},
		{"union", `["null","string"]`, "", "a union schema has no name"},
		{"array", `{"type":"array","items":"int"}`, "", `schema of type "array" has no name`},
		{"no name", `{"type":"record","fields":[]}`, "", "record schema without a name"},
		{"empty name", `{"type":"record","name":"","fields":[]}`, "", "record schema without a name"},
		{"name starts with digit", `{"type":"record","name":"1User","fields":[]}`, "", `invalid name "1User"`},
		{"bad namespace", `{"type":"record","name":"User","namespace":"com..example","fields":[]}`, "", `invalid name "com..example.User"`},
		{"hyphen", `{"type":"record","name":"my-user","fields":[]}`, "", `invalid name "my-user"`},
		{"name not a string", `{"type":"record","name":5,"fields":[]}`, "", "must be strings"},
		{"number", `42`, "", "neither a type name, an object nor a union"},
		{"not JSON", `{"type":`, "", "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := codec.RecordName(tt.schema)
			if tt.wantErr != "" {
				var se *codec.SchemaError
				if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("RecordName = %q, %v; want a *SchemaError containing %q", got, err, tt.wantErr)
				}
				// The error is the client's, so it is also an invalid
				// argument to it.
				if !errors.Is(err, confluent.ErrInvalidArgument) {
					t.Errorf("RecordName error %v is not confluent.ErrInvalidArgument", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("RecordName = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestSubjectNameStrategy(t *testing.T) {
	tests := []struct {
		strategy codec.SubjectNameStrategy
		topic    string
		key      bool
		schema   string
		want     string
		wantErr  bool
	}{
		{codec.TopicNameStrategy, "orders", false, userSchema, "orders-value", false},
		{codec.TopicNameStrategy, "orders", true, `"string"`, "orders-key", false},
		{codec.TopicNameStrategy, "", false, userSchema, "", true},
		{codec.RecordNameStrategy, "orders", false, userSchema, "com.example.User", false},
		{codec.RecordNameStrategy, "", true, userSchema, "com.example.User", false},
		{codec.RecordNameStrategy, "orders", false, `"string"`, "", true},
		{codec.TopicRecordNameStrategy, "orders", false, userSchema, "orders-com.example.User", false},
		{codec.TopicRecordNameStrategy, "orders", true, orderSchema, "orders-com.example.Order", false},
		{codec.TopicRecordNameStrategy, "", false, userSchema, "", true},
		{codec.TopicRecordNameStrategy, "orders", false, `["null","int"]`, "", true},
		{codec.SubjectNameStrategy(9), "orders", false, userSchema, "", true},
	}
	for _, tt := range tests {
		got, err := tt.strategy.Subject(tt.topic, tt.key, tt.schema)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%v.Subject(%q, %v) = %q, %v; want %q, error %v", tt.strategy, tt.topic, tt.key, got, err, tt.want, tt.wantErr)
		}
	}
	if _, err := codec.TopicNameStrategy.Subject("", false, ""); !errors.Is(err, codec.ErrNoTopic) {
		t.Errorf("empty topic: %v, want ErrNoTopic", err)
	}
}

func FuzzRecordName(f *testing.F) {
	f.Add(userSchema)
	f.Add(`{"type":"record","name":"a.b.C","namespace":"x"}`)
	f.Add(`"int"`)
	f.Add(`["null"]`)
	f.Add(`{"type":"enum","name":"E","namespace":""}`)
	f.Fuzz(func(t *testing.T, schema string) {
		name, err := codec.RecordName(schema)
		if err != nil {
			var se *codec.SchemaError
			if !errors.As(err, &se) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		for part := range strings.SplitSeq(name, ".") {
			if part == "" || strings.ContainsAny(part[:1], "0123456789") {
				t.Fatalf("RecordName = %q: invalid part %q", name, part)
			}
		}
	})
}
