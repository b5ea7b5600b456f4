package confluent

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	for _, tt := range []struct {
		in      string
		want    Version
		wantErr bool
	}{
		{"latest", Latest, false},
		{"-1", Latest, false},
		{"1", 1, false},
		{"2147483647", 2147483647, false},
		{"0", 0, true},
		{"-2", 0, true},
		{"2147483648", 0, true},
		{"Latest", 0, true},
		{"", 0, true},
		{"1.5", 0, true},
		{" 1", 0, true},
	} {
		got, err := ParseVersion(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseVersion(%q) = %d, %v", tt.in, got, err)
		}
		if tt.wantErr && !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("ParseVersion(%q) err = %v, want ErrInvalidArgument", tt.in, err)
		}
	}
	if Latest.String() != "latest" || Version(3).String() != "3" {
		t.Errorf("String: %s %s", Latest, Version(3))
	}
}

func TestVersionJSON(t *testing.T) {
	var args struct {
		Version Version `json:"version"`
	}
	for _, tt := range []struct {
		in   string
		want Version
	}{
		{`{"version":3}`, 3}, {`{"version":"latest"}`, Latest}, {`{"version":-1}`, Latest}, {`{"version":"7"}`, 7},
		{`{"version":null}`, 7}, // null leaves the previous value, as for an int
	} {
		if err := json.Unmarshal([]byte(tt.in), &args); err != nil || args.Version != tt.want {
			t.Errorf("Unmarshal(%s) = %d, %v", tt.in, args.Version, err)
		}
	}
	for _, bad := range []string{`{"version":0}`, `{"version":"x"}`, `{"version":true}`, `{"version":"\u"}`} {
		if err := json.Unmarshal([]byte(bad), &args); err == nil {
			t.Errorf("Unmarshal(%s) accepted", bad)
		}
	}
	for v, want := range map[Version]string{Latest: `"latest"`, 4: `4`} {
		if b, err := json.Marshal(v); err != nil || string(b) != want {
			t.Errorf("Marshal(%d) = %s, %v", v, b, err)
		}
	}
}

func TestAvroFullName(t *testing.T) {
	for _, tt := range []struct {
		schema, want string
	}{
		{`{"type":"record","name":"R","namespace":"a.b","fields":[]}`, "a.b.R"},
		{`{"type":"record","name":"R","fields":[]}`, "R"},
		{`{"type":"record","name":"R","namespace":"","fields":[]}`, "R"},
		{`{"type":"record","name":"x.y.R","namespace":"ignored","fields":[]}`, "x.y.R"},
		{`{"type":"enum","name":"E","namespace":"n","symbols":["A"]}`, "n.E"},
		{`{"type":"fixed","name":"F","size":16}`, "F"},
		{` {"namespace":"n","name":"R","type":"record","fields":[]} `, "n.R"},
	} {
		got, err := AvroFullName(tt.schema)
		if err != nil || got != tt.want {
			t.Errorf("AvroFullName(%s) = %q, %v; want %q", tt.schema, got, err, tt.want)
		}
	}
	for _, bad := range []string{
		`"string"`, `["null","string"]`, `{"type":"array","items":"int"}`, `{"type":"record","fields":[]}`,
		`{"type":"record","name":"","fields":[]}`, `{"type":{"type":"record","name":"R"}}`, `not json`, ``,
		`{"type":"record","name":5}`,
	} {
		if got, err := AvroFullName(bad); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("AvroFullName(%s) = %q, %v; want ErrInvalidArgument", bad, got, err)
		}
	}
	// An object without a type says so, rather than "schema of type  has
	// no name".
	if _, err := AvroFullName(`{"name":"R","fields":[]}`); err == nil || !strings.Contains(err.Error(), "without a type") {
		t.Errorf("AvroFullName without a type: %v, want an error saying it has no type", err)
	}
}

func TestQualifiedSubject(t *testing.T) {
	for _, tt := range []struct {
		context, subject, want string
	}{
		{"", "s", "s"},
		{".", "s", "s"},
		{".staging", "s", ":.staging:s"},
		{"staging", "s", ":.staging:s"},
		{".a.b", "x:y", ":.a.b:x:y"},
	} {
		got := QualifiedSubject(tt.context, tt.subject)
		if got != tt.want {
			t.Errorf("QualifiedSubject(%q, %q) = %q, want %q", tt.context, tt.subject, got, tt.want)
		}
		ctx, subj := SplitSubject(got)
		wantCtx := tt.context
		if wantCtx == "" || wantCtx == "." {
			wantCtx = "."
		} else if wantCtx[0] != '.' {
			wantCtx = "." + wantCtx
		}
		if ctx != wantCtx || subj != tt.subject {
			t.Errorf("SplitSubject(%q) = %q, %q", got, ctx, subj)
		}
	}
	for _, s := range []string{"plain", ":x:y", ":.nocolon", ""} {
		if ctx, subj := SplitSubject(s); ctx != "." || subj != s {
			t.Errorf("SplitSubject(%q) = %q, %q", s, ctx, subj)
		}
	}
}

func TestFingerprint(t *testing.T) {
	base := Schema{Schema: "x"}
	same := []Schema{base, {Schema: "x", SchemaType: Avro}, {Schema: "x", References: []Reference{}}}
	for _, s := range same {
		if fingerprint(s) != fingerprint(base) {
			t.Errorf("fingerprint(%+v) differs from %+v", s, base)
		}
	}
	differ := []Schema{
		{Schema: "y"},
		{Schema: "x", SchemaType: JSON},
		{Schema: "x", References: []Reference{{Name: "a", Subject: "b", Version: 1}}},
		{Schema: "x", References: []Reference{{Name: "a", Subject: "b", Version: 2}}},
		{Schema: "x", References: []Reference{{Name: "ab", Subject: "", Version: 1}}},
		{Schema: "x", Metadata: RawJSON(`{}`)},
		{Schema: "x", RuleSet: RawJSON(`{}`)},
	}
	seen := map[[32]byte]int{fingerprint(base): -1}
	for i, s := range differ {
		fp := fingerprint(s)
		if j, dup := seen[fp]; dup {
			t.Errorf("fingerprint(%+v) equals that of case %d", s, j)
		}
		seen[fp] = i
	}
}

func TestGenerationsBounded(t *testing.T) {
	g := generations{bySubject: map[string]uint64{}, max: 2}
	a0, b0 := g.of("a"), g.of("b")
	g.bump("a")
	if g.of("a") == a0 || g.of("b") != b0 {
		t.Fatal("bump moved the wrong subject")
	}
	a1 := g.of("a")
	g.bump("c")
	g.bump("d") // the map is full: everyone moves on
	if len(g.bySubject) > g.max {
		t.Errorf("map holds %d subjects, bound %d", len(g.bySubject), g.max)
	}
	if g.of("a") == a1 || g.of("b") == b0 {
		t.Errorf("a reset must move every subject to a new generation")
	}
}
