package codec

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// SubjectNameStrategy says which subject a schema is registered under, as
// Kafka serializers configure it.
type SubjectNameStrategy int

const (
	// TopicNameStrategy uses <topic>-key or <topic>-value: one schema
	// lineage per topic. It is the registry clients' default.
	TopicNameStrategy SubjectNameStrategy = iota
	// RecordNameStrategy uses the schema's fully-qualified name, whatever
	// the topic: kafkit's default when no subject is given.
	RecordNameStrategy
	// TopicRecordNameStrategy uses <topic>-<fully-qualified name>.
	TopicRecordNameStrategy
)

// ErrNoTopic is returned by the topic strategies for an empty topic.
var ErrNoTopic = errors.New("codec: the subject name strategy needs a topic, and the topic is empty")

func (s SubjectNameStrategy) String() string {
	switch s {
	case TopicNameStrategy:
		return "TopicNameStrategy"
	case RecordNameStrategy:
		return "RecordNameStrategy"
	case TopicRecordNameStrategy:
		return "TopicRecordNameStrategy"
	}
	return "SubjectNameStrategy(" + strconv.Itoa(int(s)) + ")"
}

// Subject returns the subject for a key (key true) or a value schema written
// to topic.
func (s SubjectNameStrategy) Subject(topic string, key bool, schema string) (string, error) {
	var name string
	var err error
	if s != TopicNameStrategy {
		name, err = RecordName(schema)
	}
	return s.subject(topic, key, name, err)
}

// subject is Subject given the schema's record name, or the error that
// computing it gave.
func (s SubjectNameStrategy) subject(topic string, key bool, name string, nameErr error) (string, error) {
	switch s {
	case TopicNameStrategy:
		if topic == "" {
			return "", ErrNoTopic
		}
		if key {
			return topic + "-key", nil
		}
		return topic + "-value", nil
	case RecordNameStrategy:
		return name, nameErr
	case TopicRecordNameStrategy:
		if topic == "" {
			return "", ErrNoTopic
		}
		if nameErr != nil {
			return "", nameErr
		}
		return topic + "-" + name, nil
	}
	return "", errors.New("codec: unknown subject name strategy " + s.String())
}

// RecordName returns the fully-qualified name of an Avro schema whose top
// level is a named type (record, enum or fixed), per the Avro
// specification: a name that contains a dot is already full and its
// namespace attribute is ignored; otherwise the namespace attribute, when
// present and not empty, is prefixed with a dot. A top-level schema has no
// enclosing namespace, so a plain name without a namespace is full as it
// is. Other schemas (primitives, unions, arrays, maps) have no name and get
// a *SchemaError.
func RecordName(schema string) (string, error) {
	var top struct {
		Type      json.RawMessage `json:"type"`
		Name      *string         `json:"name"`
		Namespace *string         `json:"namespace"`
	}
	if err := json.Unmarshal([]byte(schema), &top); err != nil {
		switch {
		case !json.Valid([]byte(schema)):
			return "", &SchemaError{Type: "AVRO", Reason: "schema is not valid JSON", Err: err}
		case json.Unmarshal([]byte(schema), new(string)) == nil:
			return "", &SchemaError{Type: "AVRO", Reason: "a primitive schema has no name"}
		case json.Unmarshal([]byte(schema), new([]json.RawMessage)) == nil:
			return "", &SchemaError{Type: "AVRO", Reason: "a union schema has no name"}
		case !strings.HasPrefix(strings.TrimLeft(schema, " \t\r\n"), "{"):
			return "", &SchemaError{Type: "AVRO", Reason: "schema is neither a type name, an object nor a union"}
		}
		return "", &SchemaError{Type: "AVRO", Reason: "schema's name and namespace must be strings", Err: err}
	}
	var typ string
	if err := json.Unmarshal(top.Type, &typ); err != nil || (typ != "record" && typ != "enum" && typ != "fixed") {
		return "", &SchemaError{Type: "AVRO", Reason: "schema of type " + string(top.Type) + " has no name; only record, enum and fixed schemas do"}
	}
	if top.Name == nil || *top.Name == "" {
		return "", &SchemaError{Type: "AVRO", Reason: typ + " schema without a name"}
	}
	full := *top.Name
	if !strings.Contains(full, ".") && top.Namespace != nil && *top.Namespace != "" {
		full = *top.Namespace + "." + full
	}
	for part := range strings.SplitSeq(full, ".") {
		if !validName(part) {
			return "", &SchemaError{Type: "AVRO", Reason: "invalid name " + strconv.Quote(full) + ": each part must match [A-Za-z_][A-Za-z0-9_]*"}
		}
	}
	return full, nil
}

// validName reports whether s is an Avro name component.
func validName(s string) bool {
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
