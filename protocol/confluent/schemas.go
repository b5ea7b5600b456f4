package confluent

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strconv"

	"github.com/unwired-go/unwired/protocol"
)

// ListSchemasOptions filter GET /schemas.
type ListSchemasOptions struct {
	SubjectPrefix string // only subjects starting with this
	Deleted       bool   // include soft-deleted versions
	LatestOnly    bool   // only the latest version of each subject
	Offset        int    // skip this many
	// Limit caps the answer; 0 sends none (the server's default). For
	// Client.Schemas it is the page size, 100 when 0; keep it at or under
	// the server's maximum (Confluent's schema.search.max.limit, 1000 by
	// default), as a short page ends the iteration.
	Limit int
}

// NewListSchemasRequest builds GET /schemas.
func NewListSchemasRequest(base string, opts ListSchemasOptions) *protocol.Request {
	var q query
	q.str("subjectPrefix", opts.SubjectPrefix)
	q.flag("deleted", opts.Deleted)
	q.flag("latestOnly", opts.LatestOnly)
	q.num("offset", opts.Offset)
	q.num("limit", opts.Limit)
	return get(endpoint(base, "/schemas", q))
}

// ParseListSchemas parses the answer to GET /schemas.
func ParseListSchemas(resp *protocol.Response) ([]SubjectSchema, error) {
	return decodeValue[[]SubjectSchema]("ListSchemas", resp, array)
}

// DefaultPageSize is the page size of Client.Schemas when
// ListSchemasOptions.Limit is 0.
const DefaultPageSize = 100

// ListSchemasPages returns the first request of a paged GET /schemas and
// the parser that turns each page into its items and the request for the
// next page (nil after a page of another length than the page size).
// opts.Offset is where paging starts and opts.Limit the page size
// (DefaultPageSize when 0). Drive them with protocol.Pages, or with your
// own loop.
func ListSchemasPages(base string, opts ListSchemasOptions) (*protocol.Request, protocol.PageParser[SubjectSchema]) {
	if opts.Limit <= 0 {
		opts.Limit = DefaultPageSize
	}
	parse := func(req *protocol.Request, resp *protocol.Response) ([]SubjectSchema, *protocol.Request, error) {
		items, err := ParseListSchemas(resp)
		// A page of any other length than asked for is the last: shorter
		// is the end, longer means the server ignores limit (and so
		// probably offset) and sent everything.
		if err != nil || len(items) != opts.Limit {
			return items, nil, err
		}
		next := opts
		next.Offset = requestOffset(req) + len(items)
		return items, NewListSchemasRequest(base, next), nil
	}
	return NewListSchemasRequest(base, opts), parse
}

// requestOffset reads the offset a page request was sent with, so the
// parser needs no state of its own.
func requestOffset(req *protocol.Request) int {
	u, err := url.Parse(req.URL)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(u.Query().Get("offset"))
	return n
}

// ListSchemas returns the schemas opts selects, in one request.
func (c *Client) ListSchemas(ctx context.Context, opts ListSchemasOptions) ([]SubjectSchema, error) {
	return run(ctx, c, NewListSchemasRequest(c.base(), opts), ParseListSchemas)
}

// Schemas iterates over the schemas opts selects, a page of opts.Limit
// (default DefaultPageSize) at a time. It stops at the first error, which
// it yields.
func (c *Client) Schemas(ctx context.Context, opts ListSchemasOptions) iter.Seq2[SubjectSchema, error] {
	first, parse := ListSchemasPages(c.base(), opts)
	return protocol.Pages(ctx, &c.runner, first, c.policy, parse, c.bases...)
}

// GetSchemaByIDOptions qualify GET /schemas/ids/{id}.
type GetSchemaByIDOptions struct {
	// Subject names the subject the id is looked up under: it selects the
	// context and adds that version's metadata and rule set.
	Subject string
	// Format asks for another rendering of the schema text: "resolved" or
	// "serialized" for Avro and Protobuf, "default" and others per type.
	Format string
	// ReferenceFormat "qualified" qualifies the references of a schema in
	// a non-default context.
	ReferenceFormat string
	// FetchMaxID asks for SchemaByID.MaxID as well.
	FetchMaxID bool
}

// NewGetSchemaByIDRequest builds GET /schemas/ids/{id}.
func NewGetSchemaByIDRequest(base string, id int, opts GetSchemaByIDOptions) *protocol.Request {
	var q query
	q.str("subject", opts.Subject)
	q.str("format", opts.Format)
	q.str("referenceFormat", opts.ReferenceFormat)
	q.flag("fetchMaxId", opts.FetchMaxID)
	return get(endpoint(base, "/schemas/ids/"+strconv.Itoa(id), q))
}

// ParseGetSchemaByID parses the answer to GET /schemas/ids/{id}.
func ParseGetSchemaByID(resp *protocol.Response) (SchemaByID, error) {
	return parseSchemaByID("GetSchemaByID", resp)
}

// FetchSchemaByID asks the registry for schema id with opts, bypassing the
// cache GetSchemaByID keeps.
func (c *Client) FetchSchemaByID(ctx context.Context, id int, opts GetSchemaByIDOptions) (*SchemaByID, error) {
	s, err := run(ctx, c, NewGetSchemaByIDRequest(c.base(), id, opts), ParseGetSchemaByID)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// RawSchemaOptions qualify the raw-schema endpoints.
type RawSchemaOptions struct {
	Subject string // GET /schemas/ids/{id}/schema only: the subject the id is looked up under
	Format  string // another rendering, as in GetSchemaByIDOptions
	Deleted bool   // GET .../versions/{v}/schema only: include a soft-deleted version
}

// NewGetRawSchemaByIDRequest builds GET /schemas/ids/{id}/schema, which
// answers the schema text alone.
func NewGetRawSchemaByIDRequest(base string, id int, opts RawSchemaOptions) *protocol.Request {
	var q query
	q.str("subject", opts.Subject)
	q.str("format", opts.Format)
	return get(endpoint(base, "/schemas/ids/"+strconv.Itoa(id)+"/schema", q))
}

// ParseGetRawSchemaByID returns the body of GET /schemas/ids/{id}/schema:
// the schema text as registered (JSON for Avro and JSON Schema, .proto text
// for Protobuf).
func ParseGetRawSchemaByID(resp *protocol.Response) (string, error) {
	return parseRaw("GetRawSchemaByID", resp)
}

func parseRaw(op string, resp *protocol.Response) (string, error) {
	if !resp.OK() {
		return "", ParseError(resp)
	}
	if len(resp.Body) == 0 {
		return "", malformed(op, resp, "empty body", nil)
	}
	return string(resp.Body), nil
}

// GetRawSchemaByID returns the text of schema id.
func (c *Client) GetRawSchemaByID(ctx context.Context, id int, opts RawSchemaOptions) (string, error) {
	return run(ctx, c, NewGetRawSchemaByIDRequest(c.base(), id, opts), ParseGetRawSchemaByID)
}

// SchemaUsageOptions filter GET /schemas/ids/{id}/subjects and
// /schemas/ids/{id}/versions.
type SchemaUsageOptions struct {
	Subject string // only this subject
	Deleted bool   // include soft-deleted versions
	Offset  int
	Limit   int // 0 sends none
}

func (o SchemaUsageOptions) query() query {
	var q query
	q.str("subject", o.Subject)
	q.flag("deleted", o.Deleted)
	q.num("offset", o.Offset)
	q.num("limit", o.Limit)
	return q
}

// NewGetSubjectsByIDRequest builds GET /schemas/ids/{id}/subjects.
func NewGetSubjectsByIDRequest(base string, id int, opts SchemaUsageOptions) *protocol.Request {
	return get(endpoint(base, "/schemas/ids/"+strconv.Itoa(id)+"/subjects", opts.query()))
}

// ParseGetSubjectsByID parses the subjects a schema is registered under.
func ParseGetSubjectsByID(resp *protocol.Response) ([]string, error) {
	return decodeValue[[]string]("GetSubjectsByID", resp, array)
}

// GetSubjectsByID returns the subjects schema id is registered under.
func (c *Client) GetSubjectsByID(ctx context.Context, id int, opts SchemaUsageOptions) ([]string, error) {
	return run(ctx, c, NewGetSubjectsByIDRequest(c.base(), id, opts), ParseGetSubjectsByID)
}

// NewGetVersionsByIDRequest builds GET /schemas/ids/{id}/versions.
func NewGetVersionsByIDRequest(base string, id int, opts SchemaUsageOptions) *protocol.Request {
	return get(endpoint(base, "/schemas/ids/"+strconv.Itoa(id)+"/versions", opts.query()))
}

// ParseGetVersionsByID parses the (subject, version) pairs of a schema.
func ParseGetVersionsByID(resp *protocol.Response) ([]SubjectVersion, error) {
	return decodeValue[[]SubjectVersion]("GetVersionsByID", resp, array)
}

// GetVersionsByID returns the (subject, version) pairs schema id is
// registered as.
func (c *Client) GetVersionsByID(ctx context.Context, id int, opts SchemaUsageOptions) ([]SubjectVersion, error) {
	return run(ctx, c, NewGetVersionsByIDRequest(c.base(), id, opts), ParseGetVersionsByID)
}

// NewGetSchemaTypesRequest builds GET /schemas/types.
func NewGetSchemaTypesRequest(base string) *protocol.Request {
	return get(endpoint(base, "/schemas/types", nil))
}

// ParseGetSchemaTypes parses the schema types the registry supports.
func ParseGetSchemaTypes(resp *protocol.Response) ([]SchemaType, error) {
	return decodeValue[[]SchemaType]("GetSchemaTypes", resp, array)
}

// GetSchemaTypes returns the schema types the registry supports.
func (c *Client) GetSchemaTypes(ctx context.Context) ([]SchemaType, error) {
	return run(ctx, c, NewGetSchemaTypesRequest(c.base()), ParseGetSchemaTypes)
}

// GetSchemaByGUIDOptions qualify GET /schemas/guids/{guid}.
type GetSchemaByGUIDOptions struct {
	Format string // another rendering, as in GetSchemaByIDOptions
}

// NewGetSchemaByGUIDRequest builds GET /schemas/guids/{guid} (Confluent 8
// and later).
func NewGetSchemaByGUIDRequest(base, guid string, opts GetSchemaByGUIDOptions) (*protocol.Request, error) {
	if guid == "" {
		return nil, fmt.Errorf("%w: empty guid", ErrInvalidArgument)
	}
	var q query
	q.str("format", opts.Format)
	return get(endpoint(base, "/schemas/guids/"+pathSegment(guid), q)), nil
}

// ParseGetSchemaByGUID parses the answer to GET /schemas/guids/{guid}.
func ParseGetSchemaByGUID(resp *protocol.Response) (SchemaByID, error) {
	return parseSchemaByID("GetSchemaByGUID", resp)
}

// FetchSchemaByGUID asks the registry for the schema with guid, bypassing
// the cache GetSchemaByGUID keeps.
func (c *Client) FetchSchemaByGUID(ctx context.Context, guid string, opts GetSchemaByGUIDOptions) (*SchemaByID, error) {
	req, err := NewGetSchemaByGUIDRequest(c.base(), guid, opts)
	if err != nil {
		return nil, err
	}
	s, err := run(ctx, c, req, ParseGetSchemaByGUID)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// NewGetIDsByGUIDRequest builds GET /schemas/guids/{guid}/ids: the id the
// schema has in each context.
func NewGetIDsByGUIDRequest(base, guid string) (*protocol.Request, error) {
	if guid == "" {
		return nil, fmt.Errorf("%w: empty guid", ErrInvalidArgument)
	}
	return get(endpoint(base, "/schemas/guids/"+pathSegment(guid)+"/ids", nil)), nil
}

// ParseGetIDsByGUID parses the ids of a schema per context.
func ParseGetIDsByGUID(resp *protocol.Response) ([]ContextID, error) {
	return decodeValue[[]ContextID]("GetIDsByGUID", resp, array)
}

// GetIDsByGUID returns the id the schema with guid has in each context.
func (c *Client) GetIDsByGUID(ctx context.Context, guid string) ([]ContextID, error) {
	req, err := NewGetIDsByGUIDRequest(c.base(), guid)
	if err != nil {
		return nil, err
	}
	return run(ctx, c, req, ParseGetIDsByGUID)
}
