package confluent

import (
	"context"

	"github.com/unwired-go/unwired/protocol"
)

// ListVersionsOptions filter GET /subjects/{subject}/versions.
type ListVersionsOptions struct {
	Deleted           bool // include soft-deleted versions
	DeletedOnly       bool // only soft-deleted versions
	DeletedAsNegative bool // list soft-deleted versions as negative numbers (Confluent)
	Offset            int
	Limit             int // 0 sends none
}

// NewListVersionsRequest builds GET /subjects/{subject}/versions.
func NewListVersionsRequest(base, subject string, opts ListVersionsOptions) (*protocol.Request, error) {
	path, err := subjectPath("/subjects/", subject)
	if err != nil {
		return nil, err
	}
	var q query
	q.flag("deleted", opts.Deleted)
	q.flag("deletedOnly", opts.DeletedOnly)
	q.flag("deletedAsNegative", opts.DeletedAsNegative)
	q.num("offset", opts.Offset)
	q.num("limit", opts.Limit)
	return get(endpoint(base, path+"/versions", q)), nil
}

// ParseListVersions parses a subject's version numbers.
func ParseListVersions(resp *protocol.Response) ([]int, error) {
	return decodeValue[[]int]("ListVersions", resp, array)
}

// ListVersions returns the version numbers of subject.
func (c *Client) ListVersions(ctx context.Context, subject string, opts ListVersionsOptions) ([]int, error) {
	req, err := NewListVersionsRequest(c.base(), subject, opts)
	if err != nil {
		return nil, err
	}
	return run(ctx, c, req, ParseListVersions)
}

// RegisterRequest is the body of POST /subjects/{subject}/versions: the
// schema (with its metadata and rule set, if any) and, in IMPORT mode
// only, the id and version to register it as.
type RegisterRequest struct {
	Schema
	ID      int `json:"id,omitempty"`
	Version int `json:"version,omitempty"`
}

// RegisterOptions qualify POST /subjects/{subject}/versions.
type RegisterOptions struct {
	Normalize bool // normalize the schema before registering it
}

// RegisterResult is the registry's answer to a registration. Registries
// before Confluent 7.x send only the id.
type RegisterResult struct {
	ID      int    `json:"id"`
	Version int    `json:"version,omitempty"`
	GUID    string `json:"guid,omitempty"`
}

// NewRegisterRequest builds POST /subjects/{subject}/versions.
//
// The request is marked idempotent: registering a schema that is already
// the subject's (same text, references, metadata and rule set) returns its
// id and creates no version, so repeating a request whose first attempt
// may have succeeded yields the same answer.
func NewRegisterRequest(base, subject string, r RegisterRequest, opts RegisterOptions) (*protocol.Request, error) {
	path, err := subjectPath("/subjects/", subject)
	if err != nil {
		return nil, err
	}
	body, err := encodeJSON(r)
	if err != nil {
		return nil, err
	}
	var q query
	q.flag("normalize", opts.Normalize)
	return newRequest("POST", endpoint(base, path+"/versions", q), body, true), nil
}

// ParseRegister parses the id a registration answers. A body without an id
// is malformed.
func ParseRegister(resp *protocol.Response) (RegisterResult, error) {
	b, err := objectBody("Register", resp)
	if err != nil {
		return RegisterResult{}, err
	}
	var res RegisterResult
	hasID, ok := scanRegister(b, &res)
	if !ok {
		w, err := unmarshalObject[registerAnswer]("Register", resp, b)
		if err != nil {
			return RegisterResult{}, err
		}
		res, hasID = w.RegisterResult, w.ID != nil
		if hasID {
			res.ID = *w.ID
		}
	}
	if !hasID {
		return RegisterResult{}, malformed("Register", resp, "no id", nil)
	}
	return res, nil
}

// Register registers r under subject with opts and returns the registry's
// answer. Unlike RegisterSchema it always asks the registry; like it, it
// makes the client forget the "latest" version of subject it cached.
func (c *Client) Register(ctx context.Context, subject string, r RegisterRequest, opts RegisterOptions) (RegisterResult, error) {
	req, err := NewRegisterRequest(c.base(), subject, r, opts)
	if err != nil {
		return RegisterResult{}, err
	}
	res, err := run(ctx, c, req, ParseRegister)
	c.caches.noteRegistration(subject, r.Schema, res) // even on error: the outcome may be unknown
	return res, err
}

// GetVersionOptions qualify GET /subjects/{subject}/versions/{version}.
type GetVersionOptions struct {
	Deleted         bool   // include a soft-deleted version
	Format          string // another rendering of the schema text
	ReferenceFormat string // "qualified" (Confluent) or "RESOLVED" (AxonOps)
}

// NewGetVersionRequest builds GET /subjects/{subject}/versions/{version}.
func NewGetVersionRequest(base, subject string, v Version, opts GetVersionOptions) (*protocol.Request, error) {
	path, err := versionPath(subject, v)
	if err != nil {
		return nil, err
	}
	var q query
	q.flag("deleted", opts.Deleted)
	q.str("format", opts.Format)
	q.str("referenceFormat", opts.ReferenceFormat)
	return get(endpoint(base, path, q)), nil
}

func versionPath(subject string, v Version) (string, error) {
	path, err := subjectPath("/subjects/", subject)
	if err != nil {
		return "", err
	}
	if err := checkVersion(v); err != nil {
		return "", err
	}
	return path + "/versions/" + v.String(), nil
}

// ParseGetVersion parses a schema registered under a subject.
func ParseGetVersion(resp *protocol.Response) (SubjectSchema, error) {
	return parseSubjectSchema("GetVersion", resp)
}

// GetVersion asks the registry for version v of subject with opts,
// bypassing the caches GetSchemaBySubject keeps.
func (c *Client) GetVersion(ctx context.Context, subject string, v Version, opts GetVersionOptions) (*SubjectSchema, error) {
	req, err := NewGetVersionRequest(c.base(), subject, v, opts)
	if err != nil {
		return nil, err
	}
	s, err := run(ctx, c, req, ParseGetVersion)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// NewDeleteVersionRequest builds DELETE /subjects/{subject}/versions/{version}.
func NewDeleteVersionRequest(base, subject string, v Version, opts DeleteOptions) (*protocol.Request, error) {
	path, err := versionPath(subject, v)
	if err != nil {
		return nil, err
	}
	var q query
	q.flag("permanent", opts.Permanent)
	return newRequest("DELETE", endpoint(base, path, q), nil, true), nil
}

// ParseDeleteVersion parses the number of the deleted version.
func ParseDeleteVersion(resp *protocol.Response) (int, error) {
	return decodeValue[int]("DeleteVersion", resp, number)
}

// DeleteVersion deletes version v of subject (softly unless
// opts.Permanent) and returns its number. The client forgets what it
// cached under subject, whatever the outcome.
func (c *Client) DeleteVersion(ctx context.Context, subject string, v Version, opts DeleteOptions) (int, error) {
	req, err := NewDeleteVersionRequest(c.base(), subject, v, opts)
	if err != nil {
		return 0, err
	}
	defer c.caches.invalidate(subject)
	return run(ctx, c, req, ParseDeleteVersion)
}

// NewGetRawSchemaByVersionRequest builds
// GET /subjects/{subject}/versions/{version}/schema, which answers the
// schema text alone. opts.Subject is not used.
func NewGetRawSchemaByVersionRequest(base, subject string, v Version, opts RawSchemaOptions) (*protocol.Request, error) {
	path, err := versionPath(subject, v)
	if err != nil {
		return nil, err
	}
	var q query
	q.flag("deleted", opts.Deleted)
	q.str("format", opts.Format)
	return get(endpoint(base, path+"/schema", q)), nil
}

// ParseGetRawSchemaByVersion returns the schema text a version answers.
func ParseGetRawSchemaByVersion(resp *protocol.Response) (string, error) {
	return parseRaw("GetRawSchemaByVersion", resp)
}

// GetRawSchemaByVersion returns the text of version v of subject.
func (c *Client) GetRawSchemaByVersion(ctx context.Context, subject string, v Version, opts RawSchemaOptions) (string, error) {
	req, err := NewGetRawSchemaByVersionRequest(c.base(), subject, v, opts)
	if err != nil {
		return "", err
	}
	return run(ctx, c, req, ParseGetRawSchemaByVersion)
}

// ReferencedByOptions qualify GET .../versions/{version}/referencedby.
type ReferencedByOptions struct {
	Deleted bool // include soft-deleted referrers
	Offset  int
	Limit   int // 0 sends none
}

// NewGetReferencedByRequest builds
// GET /subjects/{subject}/versions/{version}/referencedby.
func NewGetReferencedByRequest(base, subject string, v Version, opts ReferencedByOptions) (*protocol.Request, error) {
	path, err := versionPath(subject, v)
	if err != nil {
		return nil, err
	}
	var q query
	q.flag("deleted", opts.Deleted)
	q.num("offset", opts.Offset)
	q.num("limit", opts.Limit)
	return get(endpoint(base, path+"/referencedby", q)), nil
}

// ParseGetReferencedBy parses the ids of the schemas that reference a
// version.
func ParseGetReferencedBy(resp *protocol.Response) ([]int, error) {
	return decodeValue[[]int]("GetReferencedBy", resp, array)
}

// GetReferencedBy returns the ids of the schemas that reference version v
// of subject.
func (c *Client) GetReferencedBy(ctx context.Context, subject string, v Version, opts ReferencedByOptions) ([]int, error) {
	req, err := NewGetReferencedByRequest(c.base(), subject, v, opts)
	if err != nil {
		return nil, err
	}
	return run(ctx, c, req, ParseGetReferencedBy)
}
