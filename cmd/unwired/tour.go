package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// The tour fixture's call is {"op": "tour", "args": {"steps": [...]}};
// each step names a client method or a codec step with its arguments, the
// shape conformance/ records (see conformance/tour_test.go). Its want is
// {"steps": [{"result": ...} or {"error": {...}}, ...]}, one per step.
type (
	tourCall struct {
		Op   string `json:"op"`
		Args struct {
			Steps []tourStep `json:"steps"`
		} `json:"args"`
	}
	tourStep struct {
		Op   string   `json:"op"`
		Args tourArgs `json:"args"`
	}
	tourArgs struct {
		Subject string            `json:"subject,omitempty"`
		ID      int               `json:"id,omitempty"`
		Version confluent.Version `json:"version,omitempty"`
		Schema  *confluent.Schema `json:"schema,omitempty"`
		// Options is the method's options struct, by Go field name.
		Options json.RawMessage `json:"options,omitempty"`
		Value   json.RawMessage `json:"value,omitempty"` // Serialize: the value, in Avro's JSON encoding
		Wire    string          `json:"wire,omitempty"`  // Deserialize: the framed bytes, in hex
	}
	tourWant struct {
		Steps []tourStepWant `json:"steps"`
	}
	tourStepWant struct {
		Result json.RawMessage `json:"result,omitempty"`
		Error  *tourError      `json:"error,omitempty"`
	}
	// tourError is an error as the fixture records it: an API error by its
	// status and code, any other by its text.
	tourError struct {
		Status   int    `json:"status,omitempty"`
		Code     string `json:"code,omitempty"`
		Message  string `json:"message,omitempty"`
		Sentinel string `json:"sentinel,omitempty"`
		Text     string `json:"text,omitempty"`
	}
	// tourDecoded is the result of a Deserialize step.
	tourDecoded struct {
		ID    int             `json:"id"`
		Value json.RawMessage `json:"value"`
	}
)

// tour runs tour steps with a real client and codec over whatever Doer
// the client was given, and prints each one. The tracer is the client's
// Doer, so each step shows the requests it sent.
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
func (t *tour) run(ctx context.Context, steps []tourStep, wants []tourStepWant) error {
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
		if msg := checkStep(wants[i], res, err); msg != "" {
			return fmt.Errorf("step %d (%s) differs from the recording: %s", i+1, s.Op, msg)
		}
	}
	return nil
}

// do performs and prints one step and returns its result, in the form the
// fixture's want records it.
func (t *tour) do(ctx context.Context, s tourStep) (any, error) {
	a := s.Args
	switch s.Op {
	case "RegisterSchema":
		if a.Schema == nil {
			return nil, t.badStep(s, "no schema")
		}
		t.begin(fmt.Sprintf("Register a schema under subject %q", a.Subject))
		id, err := t.client.RegisterSchema(ctx, a.Subject, *a.Schema)
		if err := t.end(err); err != nil {
			return nil, err
		}
		t.lines("schema", wrapJSON(a.Schema.Schema, wrapWidth))
		t.line("id", fmt.Sprintf("%d  (a registry-wide id; producers put it in front of every record)", id))
		t.registered[a.Subject] = a.Schema.Schema
		t.regStep[compact(a.Schema.Schema)] = t.n
		t.lastID = id
		return id, nil

	case "GetSchemaByID":
		id := a.ID
		if t.live && t.lastID != 0 {
			id = t.lastID
		}
		t.begin(fmt.Sprintf("Fetch schema %d by its id", id))
		got, err := t.client.GetSchemaByID(ctx, id)
		if err := t.end(err); err != nil {
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
		if a.Schema == nil {
			return nil, t.badStep(s, "no schema")
		}
		t.begin(fmt.Sprintf("Look a schema up under subject %q", a.Subject))
		got, err := t.client.LookupSchema(ctx, a.Subject, *a.Schema)
		if err := t.end(err); err != nil {
			return nil, err
		}
		t.line("found", fmt.Sprintf("version %d, schema id %d", got.Version, got.ID))
		return got, nil

	case "GetSchemaBySubject":
		t.begin(fmt.Sprintf("Fetch version %s of subject %q", a.Version, a.Subject))
		got, err := t.client.GetSchemaBySubject(ctx, a.Subject, a.Version)
		if err := t.end(err); err != nil {
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
		if a.Schema == nil {
			return nil, t.badStep(s, "no schema")
		}
		var opts confluent.CompatibilityOptions
		if err := decodeOptions(a.Options, &opts); err != nil {
			return nil, t.badStep(s, err.Error())
		}
		t.begin(fmt.Sprintf("Check a changed schema against subject %q", a.Subject))
		verdict, err := t.client.CheckCompatibility(ctx, a.Subject, *a.Schema, opts)
		if err := t.end(err); err != nil {
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
	return nil, t.badStep(s, "unknown op")
}

func (t *tour) serialize(ctx context.Context, s tourStep) (any, error) {
	a := s.Args
	if a.Schema == nil || len(a.Value) == 0 {
		return nil, t.badStep(s, "a Serialize step needs a schema and a value")
	}
	var opts codec.SerializerOptions
	if err := decodeOptions(a.Options, &opts); err != nil {
		return nil, t.badStep(s, err.Error())
	}
	how := "registers the schema (a no-op when it is there already) to learn its id"
	if opts.LookupOnly {
		how = "looks the schema up to learn its id; with LookupOnly it never registers"
	}
	t.begin(fmt.Sprintf("Serialize a record for subject %q with codec.Serializer", a.Subject))
	ser, err := codec.NewSerializer(ctx, t.client, a.Subject, a.Schema.Schema, opts)
	var (
		wire   []byte
		native any
	)
	if err == nil {
		native, err = nativeValue(ser, a.Value)
	}
	if err == nil {
		wire, err = ser.Encode(nil, native)
	}
	if err := t.end(err); err != nil {
		return nil, err
	}
	t.note("the serializer " + how)
	text, err := ser.Codec().TextualFromNative(nil, native)
	if err == nil {
		text, err = orderedAvroJSON(a.Schema.Schema, text)
	}
	if err != nil {
		return nil, fmt.Errorf("rendering the record as JSON: %w", err)
	}
	t.lines("record", wrapJSON(string(text), wrapWidth))
	t.wireBytes(wire, ser.Header())
	t.wire, t.wireStep, t.value = wire, t.n, text
	return hex.EncodeToString(wire), nil
}

func (t *tour) deserialize(ctx context.Context, s tourStep) (any, error) {
	wire, err := hex.DecodeString(s.Args.Wire)
	if err != nil {
		return nil, t.badStep(s, "wire is not hex")
	}
	if t.live && t.wire != nil {
		wire = t.wire
	}
	t.begin("Deserialize the bytes with codec.Deserializer")
	de := codec.NewDeserializer(t.client, codec.DeserializerOptions{})
	v, h, err := de.Decode(ctx, wire)
	var text []byte
	if err == nil {
		text, err = textual(ctx, de, h, v)
	}
	if err := t.end(err); err != nil {
		return nil, err
	}
	if len(t.trace.last) > 0 {
		t.note(fmt.Sprintf("the deserializer read %s from the header and fetched that writer's schema", h))
	}
	if bytes.Equal(wire, t.wire) {
		t.line("bytes", fmt.Sprintf("the %d bytes serialized in step %d", len(wire), t.wireStep))
	} else {
		t.line("bytes", fmt.Sprintf("%x", wire))
	}
	t.line("header", fmt.Sprintf("magic byte %d, %s", h.Magic, h))
	t.lines("record", wrapJSON(string(text), wrapWidth))
	if t.value != nil && sameJSON(text, t.value) {
		t.line("", fmt.Sprintf("the record serialized in step %d, read back intact", t.wireStep))
	}
	return tourDecoded{ID: h.ID, Value: text}, nil
}

// badStep reports a step the tour cannot make sense of.
func (t *tour) badStep(s tourStep, why string) error {
	return fmt.Errorf("step %q: %s", s.Op, why)
}

// checkStep compares a step's outcome with what the fixture recorded and
// says how they differ, or "" when they do not.
func checkStep(want tourStepWant, res any, err error) string {
	if want.Error != nil {
		if err == nil {
			return "the recording has an error, the replay succeeded"
		}
		var ae *protocol.APIError
		switch {
		case errors.As(err, &ae):
			if ae.Status != want.Error.Status || ae.Code != want.Error.Code {
				return fmt.Sprintf("recorded HTTP %d code %q, got HTTP %d code %q", want.Error.Status, want.Error.Code, ae.Status, ae.Code)
			}
		case err.Error() != want.Error.Text:
			return fmt.Sprintf("recorded error %q, got %q", want.Error.Text, err)
		}
		return ""
	}
	if err != nil {
		return "the recording succeeded, the replay failed: " + err.Error()
	}
	got, merr := json.Marshal(res)
	if merr != nil {
		return merr.Error()
	}
	if !sameJSON(got, want.Result) {
		return fmt.Sprintf("recorded %s, got %s", want.Result, got)
	}
	return ""
}

// decodeOptions reads an options struct given by Go field name; a field
// the struct does not have is an error, not ignored.
func decodeOptions(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return nil
	}
	if err := strictJSON(raw, v); err != nil {
		return fmt.Errorf("options: %w", err)
	}
	return nil
}

// textual returns a decoded value in Avro's JSON encoding, fields in
// schema order.
func textual(ctx context.Context, de *codec.Deserializer, h codec.Header, v any) ([]byte, error) {
	c, err := de.Codec(ctx, h)
	if err != nil {
		return nil, err
	}
	text, err := c.TextualFromNative(nil, v)
	if err != nil {
		return nil, err
	}
	return orderedAvroJSON(c.Schema(), text)
}

// nativeValue reads a value from Avro's JSON encoding into goavro's
// native form, requiring exactly one value.
func nativeValue(ser *codec.Serializer, value []byte) (any, error) {
	v, rest, err := ser.Codec().NativeFromTextual(value)
	if err != nil {
		return nil, fmt.Errorf("the value does not fit the schema: %w", err)
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		return nil, errors.New("the value is followed by other data")
	}
	return v, nil
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
