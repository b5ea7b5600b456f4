package confluent

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// AvroFullName returns the full name of the named type an Avro schema
// defines at its top level (a record, enum or fixed), per the Avro
// specification's naming rules: a name that contains a dot is already
// full; otherwise the namespace attribute, if not empty, qualifies it; a
// top-level schema has no enclosing namespace. Each dot-separated part of
// the full name must match [A-Za-z_][A-Za-z0-9_]*. It is the subject
// RegisterSchema uses when given none, as kafkit does, and the record name
// of codec's subject name strategies. Any other schema gets an error
// matching ErrInvalidArgument that says why it has no name.
func AvroFullName(schema string) (string, error) {
	var s struct {
		Type      json.RawMessage `json:"type"`
		Name      *string         `json:"name"`
		Namespace *string         `json:"namespace"`
	}
	if err := json.Unmarshal([]byte(schema), &s); err != nil {
		return "", fmt.Errorf("%w: %s", ErrInvalidArgument, unnamedSchema(schema, err))
	}
	if len(s.Type) == 0 {
		return "", fmt.Errorf("%w: schema object without a type has no name", ErrInvalidArgument)
	}
	var typ string
	if json.Unmarshal(s.Type, &typ) != nil || (typ != "record" && typ != "enum" && typ != "fixed") {
		return "", fmt.Errorf("%w: schema of type %s has no name; only record, enum and fixed schemas do", ErrInvalidArgument, s.Type)
	}
	if s.Name == nil || *s.Name == "" {
		return "", fmt.Errorf("%w: %s schema without a name", ErrInvalidArgument, typ)
	}
	full := *s.Name
	if !strings.Contains(full, ".") && s.Namespace != nil && *s.Namespace != "" {
		full = *s.Namespace + "." + full
	}
	for part := range strings.SplitSeq(full, ".") {
		if !avroNamePart(part) {
			return "", fmt.Errorf("%w: invalid name %s: each part must match [A-Za-z_][A-Za-z0-9_]*", ErrInvalidArgument, strconv.Quote(full))
		}
	}
	return full, nil
}

// unnamedSchema says why a schema that does not decode as an object with
// string name and namespace has no name; err is the decoding error.
func unnamedSchema(schema string, err error) string {
	b := []byte(schema)
	switch {
	case !json.Valid(b):
		return "schema is not valid JSON: " + err.Error()
	case json.Unmarshal(b, new(string)) == nil:
		return "a primitive schema has no name"
	case json.Unmarshal(b, new([]json.RawMessage)) == nil:
		return "a union schema has no name"
	case !strings.HasPrefix(strings.TrimLeft(schema, " \t\r\n"), "{"):
		return "schema is neither a type name, an object nor a union"
	}
	return "schema's name and namespace must be strings: " + err.Error()
}

// avroNamePart reports whether s is one part of an Avro name.
func avroNamePart(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9' {
			continue
		}
		return false
	}
	return true
}
