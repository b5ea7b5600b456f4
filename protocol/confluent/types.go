package confluent

import "slices"

// SchemaType names a schema language. The registry treats an absent type as
// AVRO.
type SchemaType string

const (
	Avro     SchemaType = "AVRO"
	Protobuf SchemaType = "PROTOBUF"
	JSON     SchemaType = "JSON"
)

// Reference names another registered schema that a schema imports.
type Reference struct {
	Name    string `json:"name"`
	Subject string `json:"subject"`
	Version int    `json:"version"`
}

// Schema is a schema as the registry stores it: its text, its type and what
// it refers to. Metadata and RuleSet are carried as raw JSON, as the
// registry does not interpret them for the codecs.
type Schema struct {
	Schema     string      `json:"schema"`
	SchemaType SchemaType  `json:"schemaType,omitempty"`
	References []Reference `json:"references,omitempty"`
	Metadata   RawJSON     `json:"metadata,omitempty"`
	RuleSet    RawJSON     `json:"ruleSet,omitempty"`
}

// Type returns the schema type, AVRO when none is set.
func (s *Schema) Type() SchemaType {
	if s.SchemaType == "" {
		return Avro
	}
	return s.SchemaType
}

// SubjectSchema is a schema registered under a subject at a version.
type SubjectSchema struct {
	Subject string `json:"subject"`
	Version int    `json:"version"`
	ID      int    `json:"id"`
	GUID    string `json:"guid,omitempty"`
	Schema
	Deleted bool `json:"deleted,omitempty"`
}

// SubjectVersion is a (subject, version) pair.
type SubjectVersion struct {
	Subject string `json:"subject"`
	Version int    `json:"version"`
}

// RawJSON is a JSON value kept as its encoding.
type RawJSON []byte

// MarshalJSON returns r, or null when r is empty.
func (r RawJSON) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("null"), nil
	}
	return r, nil
}

// UnmarshalJSON keeps a copy of data.
func (r *RawJSON) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*r = nil
		return nil
	}
	*r = append((*r)[:0], data...)
	return nil
}

// clone returns a copy of s that shares no memory with it.
func (s Schema) clone() Schema {
	s.References = slices.Clone(s.References)
	s.Metadata = slices.Clone(s.Metadata)
	s.RuleSet = slices.Clone(s.RuleSet)
	return s
}

func (s SubjectSchema) clone() SubjectSchema {
	s.Schema = s.Schema.clone()
	return s
}

// SchemaByID is what GET /schemas/ids/{id} and GET /schemas/guids/{guid}
// answer: the schema, and what the registry adds when asked.
type SchemaByID struct {
	Schema
	// GUID is the schema's globally unique id, sent by registries that
	// assign them (Confluent 8 and later).
	GUID string `json:"guid,omitempty"`
	// MaxID is the highest schema id in the registry, sent only when
	// asked with FetchMaxID.
	MaxID int `json:"maxId,omitempty"`
}

// ContextID is a schema id within a registry context.
type ContextID struct {
	Context string `json:"context"`
	ID      int    `json:"id"`
}

// Compatibility is a compatibility level.
type Compatibility string

const (
	Backward           Compatibility = "BACKWARD"
	BackwardTransitive Compatibility = "BACKWARD_TRANSITIVE"
	Forward            Compatibility = "FORWARD"
	ForwardTransitive  Compatibility = "FORWARD_TRANSITIVE"
	Full               Compatibility = "FULL"
	FullTransitive     Compatibility = "FULL_TRANSITIVE"
	None               Compatibility = "NONE"
)

// Mode is a registry or subject mode.
type Mode string

const (
	ReadWrite        Mode = "READWRITE"
	ReadOnly         Mode = "READONLY"
	ReadOnlyOverride Mode = "READONLY_OVERRIDE"
	Import           Mode = "IMPORT"
)

// String returns r as text, so %v prints JSON rather than bytes.
func (r RawJSON) String() string { return string(r) }
