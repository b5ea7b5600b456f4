package confluent

import (
	"context"

	"github.com/unwired-go/unwired/protocol"
)

// ListSubjectsOptions filter GET /subjects.
type ListSubjectsOptions struct {
	// SubjectPrefix keeps subjects starting with it. Confluent reads
	// ":*:" as every context and an empty prefix as the default context.
	SubjectPrefix string
	Deleted       bool // include soft-deleted subjects
	DeletedOnly   bool // only soft-deleted subjects
	Offset        int
	Limit         int // 0 sends none
}

// NewListSubjectsRequest builds GET /subjects.
func NewListSubjectsRequest(base string, opts ListSubjectsOptions) *protocol.Request {
	var q query
	q.str("subjectPrefix", opts.SubjectPrefix)
	q.flag("deleted", opts.Deleted)
	q.flag("deletedOnly", opts.DeletedOnly)
	q.num("offset", opts.Offset)
	q.num("limit", opts.Limit)
	return get(endpoint(base, "/subjects", q))
}

// ParseListSubjects parses a list of subjects.
func ParseListSubjects(resp *protocol.Response) ([]string, error) {
	return decodeValue[[]string]("ListSubjects", resp, array)
}

// ListSubjects returns the subjects opts selects.
func (c *Client) ListSubjects(ctx context.Context, opts ListSubjectsOptions) ([]string, error) {
	return run(ctx, c, NewListSubjectsRequest(c.base(), opts), ParseListSubjects)
}

// LookupOptions qualify POST /subjects/{subject}.
type LookupOptions struct {
	Normalize bool   // normalize the schema before comparing
	Deleted   bool   // also match soft-deleted versions
	Format    string // rendering of the schema text in the answer
}

// NewLookupRequest builds POST /subjects/{subject}: is this schema
// registered under subject, and as which version? The request is
// idempotent: a lookup changes nothing.
func NewLookupRequest(base, subject string, s Schema, opts LookupOptions) (*protocol.Request, error) {
	path, err := subjectPath("/subjects/", subject)
	if err != nil {
		return nil, err
	}
	body, err := encodeJSON(s)
	if err != nil {
		return nil, err
	}
	var q query
	q.flag("normalize", opts.Normalize)
	q.flag("deleted", opts.Deleted)
	q.str("format", opts.Format)
	return newRequest("POST", endpoint(base, path, q), body, true), nil
}

// ParseLookup parses the version a schema is registered as. A schema not
// under the subject is ErrSchemaNotFound (40403); a subject that does not
// exist is ErrSubjectNotFound (40401).
func ParseLookup(resp *protocol.Response) (SubjectSchema, error) {
	return parseSubjectSchema("Lookup", resp)
}

// Lookup asks the registry whether s is registered under subject, with
// opts, bypassing the cache LookupSchema keeps.
func (c *Client) Lookup(ctx context.Context, subject string, s Schema, opts LookupOptions) (*SubjectSchema, error) {
	req, err := NewLookupRequest(c.base(), subject, s, opts)
	if err != nil {
		return nil, err
	}
	v, err := run(ctx, c, req, ParseLookup)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// DeleteOptions qualify the DELETEs of subjects and versions.
type DeleteOptions struct {
	// Permanent deletes for good what was soft-deleted before; without it
	// the delete is soft.
	Permanent bool
}

// NewDeleteSubjectRequest builds DELETE /subjects/{subject}.
func NewDeleteSubjectRequest(base, subject string, opts DeleteOptions) (*protocol.Request, error) {
	path, err := subjectPath("/subjects/", subject)
	if err != nil {
		return nil, err
	}
	var q query
	q.flag("permanent", opts.Permanent)
	return newRequest("DELETE", endpoint(base, path, q), nil, true), nil
}

// ParseDeleteSubject parses the versions a subject delete removed.
func ParseDeleteSubject(resp *protocol.Response) ([]int, error) {
	return decodeValue[[]int]("DeleteSubject", resp, array)
}

// DeleteSubject deletes subject (softly unless opts.Permanent) and returns
// the versions it had. The client forgets what it cached under subject,
// whatever the outcome.
func (c *Client) DeleteSubject(ctx context.Context, subject string, opts DeleteOptions) ([]int, error) {
	req, err := NewDeleteSubjectRequest(c.base(), subject, opts)
	if err != nil {
		return nil, err
	}
	defer c.caches.invalidate(subject)
	return run(ctx, c, req, ParseDeleteSubject)
}
