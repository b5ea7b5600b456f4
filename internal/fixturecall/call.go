package fixturecall

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// TourOp is the op of the tour: a call whose args are only its steps.
const TourOp = "tour"

// Call is a fixture's call section.
type Call struct {
	Op   string `json:"op"`
	Args Args   `json:"args,omitzero"`
}

// Args are the arguments of a call; each op reads those it takes. The
// order of the fields is the order they are written in.
type Args struct {
	Subject string                     `json:"subject,omitempty"`
	Version confluent.Version          `json:"version,omitempty"`
	ID      int                        `json:"id,omitempty"`
	GUID    string                     `json:"guid,omitempty"`
	Context string                     `json:"context,omitempty"`
	Schema  *confluent.Schema          `json:"schema,omitempty"`
	Request *confluent.RegisterRequest `json:"request,omitempty"`
	Config  *confluent.Config          `json:"config,omitempty"`
	Mode    confluent.Mode             `json:"mode,omitempty"`
	// Options is the method's options struct, by Go field name.
	Options json.RawMessage `json:"options,omitempty"`
	// Template, Vars and Body are the arguments of Get, Post, Put, Patch
	// and Delete. A var is a string, a list of strings or an object of
	// strings.
	Template string          `json:"template,omitempty"`
	Vars     json.RawMessage `json:"vars,omitempty"`
	Body     json.RawMessage `json:"body,omitempty"`

	Steps []Call          `json:"steps,omitempty"` // the tour's
	Value json.RawMessage `json:"value,omitempty"` // Serialize: the value, in Avro's JSON encoding
	Wire  string          `json:"wire,omitempty"`  // Deserialize: the framed bytes, in hex
}

// IsZero reports whether a has no argument that would be written: every
// field is omitempty, so "args" is left out exactly when it would be {}.
func (a Args) IsZero() bool {
	return a.Subject == "" && a.Version == 0 && a.ID == 0 && a.GUID == "" && a.Context == "" &&
		a.Schema == nil && a.Request == nil && a.Config == nil && a.Mode == "" &&
		len(a.Options) == 0 && a.Template == "" && len(a.Vars) == 0 && len(a.Body) == 0 &&
		len(a.Steps) == 0 && len(a.Value) == 0 && a.Wire == ""
}

// Unmarshal decodes data, which must hold exactly one JSON value, into v,
// refusing object members v has no field for: a fixture written for
// another shape fails instead of losing what it says.
func Unmarshal(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// DecodeCall reads a call section strictly (see [Unmarshal]).
func DecodeCall(data []byte) (Call, error) {
	var c Call
	if err := Unmarshal(data, &c); err != nil {
		return Call{}, fmt.Errorf("call: %w", err)
	}
	return c, nil
}

// Decode reads a fixture's call and want sections strictly (see
// [Unmarshal]).
func Decode(callJSON, wantJSON []byte) (Call, Want, error) {
	call, err := DecodeCall(callJSON)
	if err != nil {
		return Call{}, Want{}, err
	}
	want, err := decodeWant(wantJSON)
	if err != nil {
		return Call{}, Want{}, err
	}
	return call, want, nil
}

// Options encodes an options struct for Args.Options, leaving out the
// fields at their zero value so a call shows only what is set. A struct
// with nothing set gives nil. opts must be a struct.
func Options(opts any) json.RawMessage {
	v := reflect.ValueOf(opts)
	fields := map[string]any{}
	for i := range v.NumField() {
		if f := v.Field(i); !f.IsZero() {
			fields[v.Type().Field(i).Name] = f.Interface()
		}
	}
	if len(fields) == 0 {
		return nil
	}
	b, err := json.Marshal(fields) // map keys come out sorted
	if err != nil {
		panic(fmt.Sprintf("fixturecall: options %T: %v", opts, err))
	}
	return b
}

// DecodeOptions reads Args.Options into the options type O, refusing
// fields O does not have. No options is O's zero value.
func DecodeOptions[O any](raw json.RawMessage) (O, error) {
	var o O
	if len(raw) == 0 {
		return o, nil
	}
	if err := Unmarshal(raw, &o); err != nil {
		return o, fmt.Errorf("options for %T: %w", o, err)
	}
	return o, nil
}

// decodeVars reads Args.Vars into protocol.Vars.
func decodeVars(raw json.RawMessage) (protocol.Vars, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("vars: %w", err)
	}
	vars := protocol.Vars{}
	for name, v := range m {
		var (
			s    string
			list []string
			obj  map[string]string
		)
		switch {
		case json.Unmarshal(v, &s) == nil:
			vars[name] = s
		case json.Unmarshal(v, &list) == nil:
			vars[name] = list
		case json.Unmarshal(v, &obj) == nil:
			vars[name] = obj
		default:
			return nil, fmt.Errorf("var %q: %s is not a string, a list of strings or an object of strings", name, v)
		}
	}
	return vars, nil
}

// compactBody is Args.Body as it goes out: compact, whatever the layout
// of the call; nil for no body.
func compactBody(raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	return json.RawMessage(b.Bytes()), nil
}
