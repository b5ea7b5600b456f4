package codec

import (
	"context"

	"github.com/unwired-go/unwired/protocol/confluent"
)

// Registry is what the codec needs of a schema registry; *confluent.Client
// implements it, and codectest.Registry is an in-memory one for tests.
//
// The codec caches what it gets, but relies on the registry client for
// caching across codecs and for negative caching.
type Registry interface {
	GetSchemaByID(ctx context.Context, id int) (*confluent.Schema, error)
	GetSchemaByGUID(ctx context.Context, guid string) (*confluent.Schema, error)
	RegisterSchema(ctx context.Context, subject string, s confluent.Schema) (int, error)
	LookupSchema(ctx context.Context, subject string, s confluent.Schema) (*confluent.SubjectSchema, error)
}
