package codec

import (
	"errors"
	"strconv"

	"github.com/unwired-go/unwired/protocol/confluent"
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
// level is a named type (record, enum or fixed). The rule is
// confluent.AvroFullName's, the one the client's RegisterSchema names a
// subject by when given none, so RecordNameStrategy and a client left to
// choose agree: a name that contains a dot is already full and its
// namespace attribute is ignored; otherwise the namespace attribute, when
// present and not empty, is prefixed with a dot; each part must be a valid
// Avro name. Other schemas (primitives, unions, arrays, maps) have no name
// and get a *SchemaError wrapping AvroFullName's error.
func RecordName(schema string) (string, error) {
	name, err := confluent.AvroFullName(schema)
	if err != nil {
		return "", &SchemaError{Type: confluent.Avro, Reason: "no record name", Err: err}
	}
	return name, nil
}
