package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// tour runs tour steps with a real client and codec over whatever Doer
// the client was given, and prints each one. The tracer is the client's
// Doer, so each step shows the requests it sent. The steps are the tour
// fixture's calls, made by internal/fixturecall.
//
// Replayed, steps run with their recorded arguments. Live, a step takes
// the schema id and the bytes from the steps before it, since a live
// registry numbers schemas its own way.
type tour struct {
	w      io.Writer
	client *confluent.Client
	trace  *tracer
	live   bool

	n          int               // steps begun
	registered map[string]string // subject → the schema text last registered under it this tour
	regStep    map[string]int    // compacted schema text → the step that registered it
	lastID     int               // the id the last RegisterSchema answered, 0 if none
	wire       []byte            // the bytes the last Serialize wrote
	wireStep   int               // that step
	value      []byte            // the value it encoded, in Avro's JSON encoding with fields in order
}

func newTour(w io.Writer, client *confluent.Client, trace *tracer, live bool) *tour {
	return &tour{w: w, client: client, trace: trace, live: live,
		registered: map[string]string{}, regStep: map[string]int{}}
}

// run performs steps in order. With wants (a replay) each step's outcome
// must be the recorded one; without (live) each step must succeed.
func (t *tour) run(ctx context.Context, steps []fixturecall.Call, wants []fixturecall.Want) error {
	if wants != nil && len(wants) != len(steps) {
		return fmt.Errorf("the fixture has %d steps but %d wants", len(steps), len(wants))
	}
	for i, s := range steps {
		res, err := t.do(ctx, s)
		if wants == nil {
			if err != nil {
				return fmt.Errorf("step %d (%s): %w", i+1, s.Op, err)
			}
			continue
		}
		if err := fixturecall.Check(wants[i], res, err); err != nil {
			return fmt.Errorf("step %d (%s) differs from the recording: %w", i+1, s.Op, err)
		}
	}
	return nil
}

// do performs and prints one step and returns its result as
// fixturecall.Run does, so the fixture's want can be checked against it.
func (t *tour) do(ctx context.Context, s fixturecall.Call) (any, error) {
	a := &s.Args
	switch s.Op {
	case "RegisterSchema":
		id, err := runStep[int](ctx, t, s, fmt.Sprintf("Register a schema under subject %q", a.Subject))
		if err != nil {
			return nil, err
		}
		t.lines("schema", wrapJSON(a.Schema.Schema, wrapWidth))
		t.line("id", fmt.Sprintf("%d  (a registry-wide id; producers put it in front of every record)", id))
		t.registered[a.Subject] = a.Schema.Schema
		t.regStep[compact(a.Schema.Schema)] = t.n
		t.lastID = id
		return id, nil

	case "GetSchemaByID":
		if t.live && t.lastID != 0 {
			a.ID = t.lastID
		}
		got, err := runStep[*confluent.Schema](ctx, t, s, fmt.Sprintf("Fetch schema %d by its id", a.ID))
		if err != nil {
			return nil, err
		}
		if step, ok := t.regStep[compact(got.Schema)]; ok {
			t.line("schema", fmt.Sprintf("the one registered in step %d (type %s)", step, got.Type()))
		} else {
			t.lines("schema", wrapJSON(got.Schema, wrapWidth))
			t.line("type", string(got.Type()))
		}
		return got, nil

	case "LookupSchema":
		got, err := runStep[*confluent.SubjectSchema](ctx, t, s, fmt.Sprintf("Look a schema up under subject %q", a.Subject))
		if err != nil {
			return nil, err
		}
		t.line("found", fmt.Sprintf("version %d, schema id %d", got.Version, got.ID))
		return got, nil

	case "GetSchemaBySubject":
		got, err := runStep[*confluent.SubjectSchema](ctx, t, s, fmt.Sprintf("Fetch version %s of subject %q", a.Version, a.Subject))
		if err != nil {
			return nil, err
		}
		t.line("found", fmt.Sprintf("version %d, schema id %d", got.Version, got.ID))
		t.lines("schema", wrapJSON(got.Schema.Schema, wrapWidth))
		return got, nil

	case "Serialize":
		return t.serialize(ctx, s)

	case "Deserialize":
		return t.deserialize(ctx, s)

	case "CheckCompatibility":
		verdict, err := runStep[confluent.CompatibilityResult](ctx, t, s, fmt.Sprintf("Check a changed schema against subject %q", a.Subject))
		if err != nil {
			return nil, err
		}
		if changes := fieldChanges(t.registered[a.Subject], a.Schema.Schema); len(changes) > 0 {
			t.lines("change", changes)
		} else {
			t.lines("schema", wrapJSON(a.Schema.Schema, wrapWidth))
		}
		if verdict.IsCompatible {
			t.line("verdict", "compatible: the registry would accept it as the subject's next version")
		} else {
			t.line("verdict", "NOT compatible: the registry would refuse it as the subject's next version")
		}
		for _, m := range verdict.Messages {
			t.lines("reason", wrapText(m, wrapWidth))
		}
		return verdict, nil
	}
	// Any other call: the result as JSON.
	res, err := runStep[any](ctx, t, s, "Call "+s.Op)
	if err != nil {
		return nil, err
	}
	text, err := json.Marshal(res)
	if err != nil {
		return nil, err
	}
	t.lines("result", wrapJSON(string(text), wrapWidth))
	return res, nil
}

// runStep begins a step with title, makes its call and ends the step,
// returning the call's result as the T the step shows.
func runStep[T any](ctx context.Context, t *tour, s fixturecall.Call, title string) (T, error) {
	t.begin(title)
	res, err := fixturecall.Run(ctx, t.client, s)
	var v T
	if err == nil && res != nil {
		var ok bool
		if v, ok = res.(T); !ok {
			err = fmt.Errorf("step %q gave a %T, not a %T", s.Op, res, v)
		}
	}
	return v, t.end(err)
}

func (t *tour) serialize(ctx context.Context, s fixturecall.Call) (any, error) {
	a := s.Args
	opts, err := fixturecall.DecodeOptions[codec.SerializerOptions](a.Options)
	if err != nil {
		return nil, fmt.Errorf("step %q: %w", s.Op, err)
	}
	how := "registers the schema (a no-op when it is there already) to learn its id"
	if opts.LookupOnly {
		how = "looks the schema up to learn its id; with LookupOnly it never registers"
	}
	enc, err := runStep[fixturecall.Encoded](ctx, t, s, fmt.Sprintf("Serialize a record for subject %q with codec.Serializer", a.Subject))
	if err != nil {
		return nil, err
	}
	t.note("the serializer " + how)
	text, err := orderedAvroJSON(a.Schema.Schema, enc.Value)
	if err != nil {
		return nil, fmt.Errorf("rendering the record as JSON: %w", err)
	}
	t.lines("record", wrapJSON(string(text), wrapWidth))
	t.wireBytes(enc.Wire, enc.Header)
	t.wire, t.wireStep, t.value = enc.Wire, t.n, text
	return enc, nil
}

func (t *tour) deserialize(ctx context.Context, s fixturecall.Call) (any, error) {
	if t.live && t.wire != nil {
		s.Args.Wire = hex.EncodeToString(t.wire)
	}
	dec, err := runStep[fixturecall.Decoded](ctx, t, s, "Deserialize the bytes with codec.Deserializer")
	if err != nil {
		return nil, err
	}
	text, err := orderedAvroJSON(dec.Schema, dec.Value)
	if err != nil {
		return nil, fmt.Errorf("rendering the record as JSON: %w", err)
	}
	if len(t.trace.last) > 0 {
		t.note(fmt.Sprintf("the deserializer read %s from the header and fetched that writer's schema", dec.Header))
	}
	if wire, _ := hex.DecodeString(s.Args.Wire); bytes.Equal(wire, t.wire) {
		t.line("bytes", fmt.Sprintf("the %d bytes serialized in step %d", len(wire), t.wireStep))
	} else {
		t.line("bytes", s.Args.Wire)
	}
	t.line("header", fmt.Sprintf("magic byte %d, %s", dec.Header.Magic, dec.Header))
	t.lines("record", wrapJSON(string(text), wrapWidth))
	if t.value != nil && fixturecall.EqualJSON(text, t.value) {
		t.line("", fmt.Sprintf("the record serialized in step %d, read back intact", t.wireStep))
	}
	return dec, nil
}

func compact(text string) string {
	var b bytes.Buffer
	if json.Compact(&b, []byte(text)) != nil {
		return text
	}
	return b.String()
}

// Layout of a step: a numbered title, the requests it sent, then labelled
// lines.
const (
	indent    = "   "
	labelW    = 10 // width of the label column
	wrapWidth = 76 // text is wrapped to this many characters after the label
)

func (t *tour) begin(title string) {
	t.n++
	fmt.Fprintf(t.w, "\n%d. %s\n", t.n, title)
	t.trace.reset()
}

// end prints the requests the step sent (or that it sent none) and, on
// failure, the error, which it returns.
func (t *tour) end(err error) error {
	lines := t.trace.reset()
	if len(lines) == 0 && err == nil {
		t.note("no request: the client had the answer in its cache")
	}
	for _, l := range lines {
		fmt.Fprintf(t.w, "%s%s\n", indent, l)
	}
	if err != nil {
		t.lines("error", wrapText(err.Error(), wrapWidth))
	}
	return err
}

func (t *tour) note(text string) {
	for _, l := range wrapText("("+text+")", wrapWidth+labelW) {
		fmt.Fprintf(t.w, "%s%s\n", indent, l)
	}
}

func (t *tour) line(label, text string) {
	fmt.Fprintln(t.w, strings.TrimRight(fmt.Sprintf("%s%-*s%s", indent, labelW, label, text), " "))
}

func (t *tour) lines(label string, texts []string) {
	for i, s := range texts {
		if i > 0 {
			label = ""
		}
		t.line(label, s)
	}
}

// wireBytes prints serialized bytes part by part: the magic byte, the
// schema reference, then the Avro payload, sixteen bytes a line.
func (t *tour) wireBytes(b []byte, h codec.Header) {
	const perLine = 16
	col := perLine*3 + 1
	part := func(label string, bs []byte, note string) {
		t.line(label, fmt.Sprintf("%-*s%s", col, spacedHex(bs), note))
	}
	n := min(h.Len(), len(b))
	part("bytes", b[:1], fmt.Sprintf("magic byte %d: Confluent wire format V%d", b[0], b[0]))
	if h.Magic == codec.MagicV1 {
		part("", b[1:n], "schema GUID "+h.GUID.String())
	} else {
		part("", b[1:n], fmt.Sprintf("schema id %d, 4 bytes big-endian", h.ID))
	}
	payload := b[n:]
	if len(payload) == 0 {
		part("", nil, "Avro payload: 0 bytes")
	}
	for i := 0; i < len(payload); i += perLine {
		note := ""
		if i == 0 {
			note = fmt.Sprintf("Avro binary payload, %d bytes", len(payload))
		}
		part("", payload[i:min(i+perLine, len(payload))], note)
	}
	t.lines("hex", wrapText(fmt.Sprintf("%x (%d bytes)", b, len(b)), wrapWidth))
}

func spacedHex(b []byte) string {
	var s []byte
	for i, c := range b {
		if i > 0 {
			s = append(s, ' ')
		}
		s = fmt.Appendf(s, "%02x", c)
	}
	return string(s)
}

// wrapJSON returns text compacted (when it is JSON) and cut into lines of
// at most width bytes, after a comma outside strings where it can.
func wrapJSON(text string, width int) []string {
	text = compact(text)
	var out []string
	for len(text) > width {
		cut := -1
		inString, escaped := false, false
		for i := 0; i < width; i++ {
			switch ch := text[i]; {
			case escaped:
				escaped = false
			case ch == '\\' && inString:
				escaped = true
			case ch == '"':
				inString = !inString
			case ch == ',' && !inString:
				cut = i + 1
			}
		}
		if cut <= 0 {
			cut = runeBoundary(text, width)
		}
		out = append(out, text[:cut])
		text = text[cut:]
	}
	return append(out, text)
}

// wrapText cuts text into lines of at most width bytes, at spaces where it
// can.
func wrapText(text string, width int) []string {
	var out []string
	for len(text) > width {
		cut := strings.LastIndexByte(text[:width+1], ' ')
		next := cut + 1
		if cut <= 0 {
			cut = runeBoundary(text, width)
			next = cut
		}
		out = append(out, text[:cut])
		text = text[next:]
	}
	return append(out, text)
}

// runeBoundary returns the largest n <= max, above 0, that does not split
// a UTF-8 sequence of s.
func runeBoundary(s string, max int) int {
	n := max
	for n > 1 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return n
}

// tracer is a Doer that notes the request line and status of every
// request it passes on, for the tour to print.
type tracer struct {
	doer protocol.Doer

	mu    sync.Mutex
	lines []string
	last  []string // the lines the last reset returned
	total int      // complete exchanges so far
}

func (t *tracer) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	err := t.doer.Do(ctx, req, resp)
	line := req.Method + " " + requestTarget(req.URL)
	if err != nil {
		line += "  → no response"
	} else {
		line += fmt.Sprintf("  → %d %s", resp.Status, http.StatusText(resp.Status))
	}
	t.mu.Lock()
	t.lines = append(t.lines, line)
	if err == nil {
		t.total++
	}
	t.mu.Unlock()
	return err
}

// reset returns the lines noted since the last reset.
func (t *tracer) reset() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last, t.lines = t.lines, nil
	return t.last
}

// exchanges returns the number of complete exchanges so far.
func (t *tracer) exchanges() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.total
}

// requestTarget is the path and query of a URL, redacted, as on an HTTP
// request line.
func requestTarget(raw string) string {
	raw = protocol.RedactURL(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.RequestURI()
}
