package confluent

import (
	"encoding/json"
	"fmt"
	"strings"
)

// AvroFullName returns the full name of the named type an Avro schema
// defines at its top level (a record, enum or fixed), per the Avro
// specification's naming rules: a name that contains a dot is already
// full; otherwise the namespace attribute, if not empty, qualifies it; a
// top-level schema has no enclosing namespace. It is the subject
// RegisterSchema uses when given none, as kafkit does.
func AvroFullName(schema string) (string, error) {
	var s struct {
		Type      json.RawMessage `json:"type"`
		Name      *string         `json:"name"`
		Namespace *string         `json:"namespace"`
	}
	if err := json.Unmarshal([]byte(schema), &s); err != nil {
		return "", fmt.Errorf("%w: schema is not an Avro named type: %v", ErrInvalidArgument, err)
	}
	var typ string
	if json.Unmarshal(s.Type, &typ) != nil || (typ != "record" && typ != "enum" && typ != "fixed") {
		return "", fmt.Errorf("%w: schema is not an Avro record, enum or fixed, so it has no name to use as subject", ErrInvalidArgument)
	}
	if s.Name == nil || *s.Name == "" {
		return "", fmt.Errorf("%w: Avro %s has no name", ErrInvalidArgument, typ)
	}
	name := *s.Name
	if strings.Contains(name, ".") || s.Namespace == nil || *s.Namespace == "" {
		return name, nil
	}
	return *s.Namespace + "." + name, nil
}
