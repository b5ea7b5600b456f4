package fixturecall

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// Want is a fixture's want section: a call's result or error, or the
// tour's wants step by step.
type Want struct {
	Result json.RawMessage `json:"result,omitempty"`
	Error  *Error          `json:"error,omitempty"`
	Steps  []Want          `json:"steps,omitempty"`
}

// Error is an error as a fixture records it: an *protocol.APIError by its
// fields and the confluent sentinel it matches, any other error by its
// text.
type Error struct {
	Status   int    `json:"status,omitempty"`
	Code     string `json:"code,omitempty"`
	Message  string `json:"message,omitempty"`
	Sentinel string `json:"sentinel,omitempty"`
	Text     string `json:"text,omitempty"`
}

// decodeWant reads a want section strictly (see [Unmarshal]).
func decodeWant(data []byte) (Want, error) {
	var w Want
	if err := Unmarshal(data, &w); err != nil {
		return Want{}, fmt.Errorf("want: %w", err)
	}
	return w, nil
}

// sentinels are the confluent sentinels an Error may name, in the order
// they are tried.
var sentinels = []struct {
	name string
	err  error
}{
	{"ErrSubjectNotFound", confluent.ErrSubjectNotFound},
	{"ErrVersionNotFound", confluent.ErrVersionNotFound},
	{"ErrSchemaNotFound", confluent.ErrSchemaNotFound},
	{"ErrSubjectSoftDeleted", confluent.ErrSubjectSoftDeleted},
	{"ErrSubjectNotSoftDeleted", confluent.ErrSubjectNotSoftDeleted},
	{"ErrSchemaVersionSoftDeleted", confluent.ErrSchemaVersionSoftDeleted},
	{"ErrSchemaVersionNotSoftDeleted", confluent.ErrSchemaVersionNotSoftDeleted},
	{"ErrSubjectLevelCompatibilityNotConfigured", confluent.ErrSubjectLevelCompatibilityNotConfigured},
	{"ErrSubjectLevelModeNotConfigured", confluent.ErrSubjectLevelModeNotConfigured},
	{"ErrIncompatibleSchema", confluent.ErrIncompatibleSchema},
	{"ErrInvalidSchema", confluent.ErrInvalidSchema},
	{"ErrInvalidVersion", confluent.ErrInvalidVersion},
	{"ErrInvalidCompatibilityLevel", confluent.ErrInvalidCompatibilityLevel},
	{"ErrInvalidMode", confluent.ErrInvalidMode},
	{"ErrOperationNotPermitted", confluent.ErrOperationNotPermitted},
	{"ErrReferenceExists", confluent.ErrReferenceExists},
	{"ErrIDDoesNotMatch", confluent.ErrIDDoesNotMatch},
	{"ErrInvalidSubject", confluent.ErrInvalidSubject},
	{"ErrSchemaTooLarge", confluent.ErrSchemaTooLarge},
	{"ErrInvalidRuleSet", confluent.ErrInvalidRuleSet},
	{"ErrContextNotEmpty", confluent.ErrContextNotEmpty},
	{"ErrInvalidAssociation", confluent.ErrInvalidAssociation},
	{"ErrStore", confluent.ErrStore},
	{"ErrOperationTimeout", confluent.ErrOperationTimeout},
	{"ErrRequestForwarding", confluent.ErrRequestForwarding},
	{"ErrUnknownLeader", confluent.ErrUnknownLeader},
}

// Describe turns err into its fixture form.
func Describe(err error) *Error {
	var ae *protocol.APIError
	if !errors.As(err, &ae) {
		return &Error{Text: err.Error()}
	}
	e := &Error{Status: ae.Status, Code: ae.Code, Message: ae.Message}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			e.Sentinel = s.name
			break
		}
	}
	return e
}

// Outcome is the want of a call that returned result and err. It fails
// only if result does not encode as JSON.
func Outcome(result any, err error) (Want, error) {
	if err != nil {
		return Want{Error: Describe(err)}, nil
	}
	b, merr := json.Marshal(result)
	if merr != nil {
		return Want{}, fmt.Errorf("result %T: %w", result, merr)
	}
	return Want{Result: b}, nil
}

// Check compares what a call returned with want: nil when Outcome(result,
// err) is want, by JSON value, or an error saying how they differ.
func Check(want Want, result any, err error) error {
	got, oerr := Outcome(result, err)
	if oerr != nil {
		return oerr
	}
	return Compare(want, got)
}

// Compare returns nil when got is want, by JSON value, or an error saying
// how they differ: "recorded <want>, got <got>", and for the tour the
// first step that differs.
func Compare(want, got Want) error {
	if len(want.Steps) > 0 || len(got.Steps) > 0 {
		if len(want.Steps) != len(got.Steps) {
			return fmt.Errorf("recorded %d steps, got %d", len(want.Steps), len(got.Steps))
		}
		for i := range want.Steps {
			if err := Compare(want.Steps[i], got.Steps[i]); err != nil {
				return fmt.Errorf("step %d: %w", i+1, err)
			}
		}
	}
	switch {
	case want.Error != nil && got.Error == nil:
		return fmt.Errorf("recorded error %s, got result %s", errorJSON(want.Error), compact(got.Result))
	case want.Error == nil && got.Error != nil:
		return fmt.Errorf("recorded result %s, got error %s", compact(want.Result), errorJSON(got.Error))
	case want.Error != nil && *want.Error != *got.Error:
		return fmt.Errorf("recorded error %s, got %s", errorJSON(want.Error), errorJSON(got.Error))
	case !EqualJSON(want.Result, got.Result):
		msg := fmt.Sprintf("recorded %s, got %s", compact(want.Result), compact(got.Result))
		x, errX := jsonValue(want.Result)
		y, errY := jsonValue(got.Result)
		if errX == nil && errY == nil {
			if at := firstDifference(x, y, ""); at != "" {
				msg += "; first difference at " + at
			}
		}
		return errors.New(msg)
	}
	return nil
}

// firstDifference returns the path in x, as .member and [index], of the
// first place y differs from it, or "" when they differ at the top or not
// at all.
func firstDifference(x, y any, path string) string {
	switch x := x.(type) {
	case map[string]any:
		if y, ok := y.(map[string]any); ok {
			keys := make([]string, 0, len(x)+len(y))
			for k := range x {
				keys = append(keys, k)
			}
			for k := range y {
				if _, ok := x[k]; !ok {
					keys = append(keys, k)
				}
			}
			slices.Sort(keys)
			for _, k := range keys {
				if !reflect.DeepEqual(x[k], y[k]) {
					return firstDifference(x[k], y[k], path+"."+k)
				}
			}
			return ""
		}
	case []any:
		if y, ok := y.([]any); ok && len(x) == len(y) {
			for i := range x {
				if !reflect.DeepEqual(x[i], y[i]) {
					return firstDifference(x[i], y[i], fmt.Sprintf("%s[%d]", path, i))
				}
			}
			return ""
		}
	}
	return path
}

// EqualJSON reports whether a and b are the same JSON value: members in
// any order, numbers by their text. No JSON at all equals only itself.
func EqualJSON(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	x, errA := jsonValue(a)
	y, errB := jsonValue(b)
	if errA != nil || errB != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}

func jsonValue(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

func errorJSON(e *Error) []byte {
	b, _ := json.Marshal(e) // a struct of strings and an int
	return b
}

// compact is b without insignificant space, or b itself if it is not
// JSON.
func compact(b []byte) []byte {
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return b
	}
	return out.Bytes()
}
