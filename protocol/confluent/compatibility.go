package confluent

import (
	"context"

	"github.com/unwired-go/unwired/protocol"
)

// CompatibilityOptions qualify the compatibility checks.
type CompatibilityOptions struct {
	Normalize bool // normalize the schema before checking
	Verbose   bool // ask for the reasons of an incompatibility in Messages
}

// CompatibilityResult is the answer to a compatibility check.
type CompatibilityResult struct {
	IsCompatible bool     `json:"is_compatible"`
	Messages     []string `json:"messages,omitempty"`
}

func (o CompatibilityOptions) query() query {
	var q query
	q.flag("normalize", o.Normalize)
	q.flag("verbose", o.Verbose)
	return q
}

// NewCheckCompatibilityRequest builds
// POST /compatibility/subjects/{subject}/versions: is s compatible with the
// versions of subject the compatibility level names (all of them for a
// transitive level)? The request is idempotent: a check changes nothing.
func NewCheckCompatibilityRequest(base, subject string, s Schema, opts CompatibilityOptions) (*protocol.Request, error) {
	path, err := subjectPath("/compatibility/subjects/", subject)
	if err != nil {
		return nil, err
	}
	return compatibilityRequest(base, path+"/versions", s, opts)
}

// NewCheckCompatibilityWithVersionRequest builds
// POST /compatibility/subjects/{subject}/versions/{version}: is s
// compatible with that one version? Idempotent, as a check.
func NewCheckCompatibilityWithVersionRequest(base, subject string, v Version, s Schema, opts CompatibilityOptions) (*protocol.Request, error) {
	path, err := subjectPath("/compatibility/subjects/", subject)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(v); err != nil {
		return nil, err
	}
	return compatibilityRequest(base, path+"/versions/"+v.String(), s, opts)
}

func compatibilityRequest(base, path string, s Schema, opts CompatibilityOptions) (*protocol.Request, error) {
	body, err := encodeJSON(s)
	if err != nil {
		return nil, err
	}
	return newRequest("POST", endpoint(base, path, opts.query()), body, true), nil
}

// ParseCheckCompatibility parses the answer to either compatibility check
// (NewCheckCompatibilityRequest, NewCheckCompatibilityWithVersionRequest).
func ParseCheckCompatibility(resp *protocol.Response) (CompatibilityResult, error) {
	var w struct {
		IsCompatible *bool `json:"is_compatible"`
		CompatibilityResult
	}
	if err := decode("CheckCompatibility", resp, object, &w); err != nil {
		return CompatibilityResult{}, err
	}
	if w.IsCompatible == nil {
		return CompatibilityResult{}, malformed("CheckCompatibility", resp, "no is_compatible", nil)
	}
	w.CompatibilityResult.IsCompatible = *w.IsCompatible
	return w.CompatibilityResult, nil
}

// CheckCompatibility checks s against the versions of subject its
// compatibility level names.
func (c *Client) CheckCompatibility(ctx context.Context, subject string, s Schema, opts CompatibilityOptions) (CompatibilityResult, error) {
	req, err := NewCheckCompatibilityRequest(c.base(), subject, s, opts)
	if err != nil {
		return CompatibilityResult{}, err
	}
	return run(ctx, c, req, ParseCheckCompatibility)
}

// CheckCompatibilityWithVersion checks s against version v of subject.
func (c *Client) CheckCompatibilityWithVersion(ctx context.Context, subject string, v Version, s Schema, opts CompatibilityOptions) (CompatibilityResult, error) {
	req, err := NewCheckCompatibilityWithVersionRequest(c.base(), subject, v, s, opts)
	if err != nil {
		return CompatibilityResult{}, err
	}
	return run(ctx, c, req, ParseCheckCompatibility)
}
