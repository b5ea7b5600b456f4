package protocol_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

func TestHeaderGetValues(t *testing.T) {
	h := protocol.Header{
		{"Content-Type", "application/json"},
		{"X-Trace", "a"},
		{"x-trace", "b"},
		{"X-TRACE", "c"},
	}
	tests := []struct {
		name       string
		wantGet    string
		wantValues []string
	}{
		{"Content-Type", "application/json", []string{"application/json"}},
		{"content-type", "application/json", []string{"application/json"}},
		{"CONTENT-TYPE", "application/json", []string{"application/json"}},
		{"X-Trace", "a", []string{"a", "b", "c"}},
		{"x-TrAcE", "a", []string{"a", "b", "c"}},
		{"Missing", "", nil},
		{"", "", nil},
	}
	for _, tt := range tests {
		if got := h.Get(tt.name); got != tt.wantGet {
			t.Errorf("Get(%q) = %q, want %q", tt.name, got, tt.wantGet)
		}
		if diff := cmp.Diff(tt.wantValues, h.Values(tt.name)); diff != "" {
			t.Errorf("Values(%q) (-want +got):\n%s", tt.name, diff)
		}
	}
	var nilHeader protocol.Header
	if got := nilHeader.Get("A"); got != "" {
		t.Errorf("nil Header Get = %q", got)
	}
	if got := nilHeader.Values("A"); got != nil {
		t.Errorf("nil Header Values = %q", got)
	}
}

func TestHeaderEdit(t *testing.T) {
	tests := []struct {
		desc string
		in   protocol.Header
		edit func(h *protocol.Header)
		want protocol.Header
	}{
		{
			desc: "add appends, even a repeated name",
			in:   protocol.Header{{"A", "1"}},
			edit: func(h *protocol.Header) { h.Add("a", "2") },
			want: protocol.Header{{"A", "1"}, {"a", "2"}},
		},
		{
			desc: "add to nil",
			edit: func(h *protocol.Header) { h.Add("A", "1") },
			want: protocol.Header{{"A", "1"}},
		},
		{
			desc: "set on a new name appends",
			in:   protocol.Header{{"A", "1"}},
			edit: func(h *protocol.Header) { h.Set("B", "2") },
			want: protocol.Header{{"A", "1"}, {"B", "2"}},
		},
		{
			desc: "set keeps the first position and its spelling, removes later duplicates",
			in:   protocol.Header{{"X", "0"}, {"Auth", "old1"}, {"Y", "1"}, {"AUTH", "old2"}, {"Z", "2"}, {"auth", "old3"}},
			edit: func(h *protocol.Header) { h.Set("auth", "new") },
			want: protocol.Header{{"X", "0"}, {"Auth", "new"}, {"Y", "1"}, {"Z", "2"}},
		},
		{
			desc: "set twice is idempotent",
			in:   protocol.Header{{"A", "1"}},
			edit: func(h *protocol.Header) { h.Set("B", "2"); h.Set("b", "2") },
			want: protocol.Header{{"A", "1"}, {"B", "2"}},
		},
		{
			desc: "del removes every case variant",
			in:   protocol.Header{{"A", "1"}, {"B", "2"}, {"a", "3"}, {"C", "4"}, {"A", "5"}},
			edit: func(h *protocol.Header) { h.Del("A") },
			want: protocol.Header{{"B", "2"}, {"C", "4"}},
		},
		{
			desc: "del of a missing name is a no-op",
			in:   protocol.Header{{"A", "1"}},
			edit: func(h *protocol.Header) { h.Del("B") },
			want: protocol.Header{{"A", "1"}},
		},
		{
			desc: "del of everything leaves an empty header",
			in:   protocol.Header{{"A", "1"}, {"a", "2"}},
			edit: func(h *protocol.Header) { h.Del("A") },
			want: protocol.Header{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			h := tt.in.Clone()
			tt.edit(&h)
			if diff := cmp.Diff(tt.want, h); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestHeaderDelClearsTail checks that removed fields do not linger in the
// backing array, where they would keep a credential alive.
func TestHeaderDelClearsTail(t *testing.T) {
	h := protocol.Header{{"A", "1"}, {"Authorization", "Bearer s3cr3t"}, {"B", "2"}}
	backing := h[:cap(h)]
	h.Del("authorization")
	if diff := cmp.Diff(protocol.Header{{"A", "1"}, {"B", "2"}}, h); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := backing[2]; got != (protocol.Field{}) {
		t.Errorf("backing array still holds %+v after Del", got)
	}
}

func TestHeaderClone(t *testing.T) {
	if got := protocol.Header(nil).Clone(); got != nil {
		t.Errorf("nil.Clone() = %#v, want nil", got)
	}
	orig := protocol.Header{{"A", "1"}, {"B", "2"}}
	c := orig.Clone()
	if diff := cmp.Diff(orig, c); diff != "" {
		t.Fatalf("clone differs (-orig +clone):\n%s", diff)
	}
	c[0].Value = "changed"
	c.Set("B", "changed")
	c.Add("C", "3")
	if diff := cmp.Diff(protocol.Header{{"A", "1"}, {"B", "2"}}, orig); diff != "" {
		t.Errorf("editing the clone changed the original (-want +got):\n%s", diff)
	}
}

func TestHeaderCloneEmpty(t *testing.T) {
	got := protocol.Header{}.Clone()
	if got == nil || len(got) != 0 {
		t.Errorf("empty.Clone() = %#v, want empty non-nil", got)
	}
}
