package replay

import (
	"bytes"
	"encoding/json"
	"net/textproto"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/protocol"
)

// volatileHeaders differ between recording and replay, or between drivers,
// without the request meaning anything else: the matcher ignores them and
// the Recorder does not store them in requests.
var volatileHeaders = []string{
	"Host", "User-Agent", "Content-Length", "Accept-Encoding", "Connection",
	"Date", "Transfer-Encoding", "Keep-Alive",
}

// IsVolatileHeader reports whether the matcher ignores a request header of
// this name: Host, User-Agent, Content-Length, Accept-Encoding, Connection,
// Date, Transfer-Encoding and Keep-Alive.
func IsVolatileHeader(name string) bool {
	for _, v := range volatileHeaders {
		if strings.EqualFold(v, name) {
			return true
		}
	}
	return false
}

// Option changes how requests are matched.
type Option interface{ apply(*matcher) }

type optionFunc func(*matcher)

func (o optionFunc) apply(m *matcher) { o(m) }

// MatchJSON compares request bodies that are both JSON by value: member
// order and white space do not matter; numbers compare by their text, so 1
// and 1.0 differ. Bodies that are not both JSON still compare byte for byte.
func MatchJSON() Option { return optionFunc(func(m *matcher) { m.json = true }) }

// IgnoreHeaders ignores more request headers than the volatile ones, such as
// a signature timestamp (X-Amz-Date) that depends on the clock.
func IgnoreHeaders(names ...string) Option {
	return optionFunc(func(m *matcher) { m.ignore = append(m.ignore, names...) })
}

// matcher compares a live request with a stored one.
type matcher struct {
	json   bool
	ignore []string
}

func newMatcher(opts []Option) *matcher {
	m := &matcher{}
	for _, o := range opts {
		o.apply(m)
	}
	return m
}

// request is what of a request takes part in matching, in the form the diff
// shows: canonical field names, sorted by name (values of one name keep
// their order), volatile fields left out, secrets redacted.
type request struct {
	Base   string
	Method string
	Target string
	Header []string
	Body   any // string; decoded JSON with MatchJSON
}

func (m *matcher) view(r *protocol.Request) request {
	v := request{Method: r.Method, Target: targetOf(r.URL)}
	type field struct{ name, value string }
	fields := make([]field, 0, len(r.Header))
	for _, f := range r.Header {
		if IsVolatileHeader(f.Name) || slices.ContainsFunc(m.ignore, func(n string) bool { return strings.EqualFold(n, f.Name) }) {
			continue
		}
		value := strings.Trim(f.Value, " \t")
		if protocol.IsSecretHeader(f.Name) {
			value = protocol.Redacted
		}
		fields = append(fields, field{textproto.CanonicalMIMEHeaderKey(f.Name), value})
	}
	slices.SortStableFunc(fields, func(a, b field) int { return strings.Compare(a.name, b.name) })
	for _, f := range fields {
		v.Header = append(v.Header, f.name+": "+f.value)
	}
	// Redacted as recording does (JSON members and echoed credentials), so a
	// live body matches the fixture recorded from it.
	body := redactBody(r.Body)
	v.Body = string(body)
	if m.json {
		if t := bytes.TrimSpace(body); len(t) > 0 && json.Valid(t) {
			d := json.NewDecoder(bytes.NewReader(t))
			d.UseNumber()
			var x any
			if d.Decode(&x) == nil {
				v.Body = x
			}
		}
	}
	return v
}

// diff returns "" when got matches want, else a go-cmp diff (-fixture
// +got). got.URL must start with base unless base is "".
func (m *matcher) diff(want, got *protocol.Request, base string) string {
	w, g := m.view(want), m.view(got)
	if base != "" {
		w.Base, g.Base = protocol.RedactURL(base), protocol.RedactURL(base)
		if !underBase(got.URL, base) {
			g.Base = protocol.RedactURL(got.URL)
		}
	}
	if w.equal(&g) {
		return ""
	}
	return cmp.Diff(w, g)
}

// equal is the fast path of diff; cmp builds its report only on a mismatch.
func (r *request) equal(o *request) bool {
	return r.Base == o.Base && r.Method == o.Method && r.Target == o.Target &&
		slices.Equal(r.Header, o.Header) && reflect.DeepEqual(r.Body, o.Body)
}

// underBase reports whether url starts with base at a path boundary.
func underBase(url, base string) bool {
	rest, ok := strings.CutPrefix(url, base)
	return ok && (rest == "" || strings.HasSuffix(base, "/") || strings.ContainsRune("/?#", rune(rest[0])))
}

// DiffRequest compares a live request with a stored one the way the replay
// Doer does and returns "" when they match, else a go-cmp diff (-want
// +got). Scheme and host of either URL are ignored.
func DiffRequest(want, got *protocol.Request, opts ...Option) string {
	return newMatcher(opts).diff(want, got, "")
}

// MismatchError reports a request the fixture did not expect: one that
// differs from the next stored request, or one past the last. It holds no
// secret: targets, headers and JSON bodies are redacted.
type MismatchError struct {
	Index  int    // 1-based number of the exchange the request was held against; Total+1 past the end
	Total  int    // exchanges in the fixture
	Method string // of the live request
	Target string // of the live request, redacted
	Diff   string // go-cmp diff (-fixture +got); "" when the request is past the end
}

func (e *MismatchError) Error() string {
	var b strings.Builder
	b.WriteString("replay: request ")
	b.WriteString(strconv.Itoa(e.Index))
	b.WriteString(" (")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Target)
	b.WriteString(") ")
	if e.Diff == "" {
		b.WriteString("is past the end of the fixture, which holds ")
		b.WriteString(strconv.Itoa(e.Total))
		b.WriteString(" exchanges")
		return b.String()
	}
	req, _ := exchangeNames(e.Index)
	b.WriteString("does not match ")
	b.WriteString(req)
	b.WriteString(" (-fixture +got):\n")
	b.WriteString(e.Diff)
	return b.String()
}
