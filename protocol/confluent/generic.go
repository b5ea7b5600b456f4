package confluent

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/unwired-go/unwired/protocol"
)

// NewTemplateRequest builds a request to any endpoint, as kafkit's
// get/post/put/patch/delete do: urlTemplate is an RFC 6570 URI template
// ("/subjects{/subject}/versions") expanded with vars and resolved against
// base; an absolute URL is used as it is. A non-nil body is sent as JSON:
// []byte and json.RawMessage as they are, anything else marshalled. GET,
// HEAD, PUT and DELETE are idempotent; POST and PATCH are not, as nothing
// is known of the endpoint.
func NewTemplateRequest(base, method, urlTemplate string, vars protocol.Vars, body any) (*protocol.Request, error) {
	if method == "" {
		return nil, fmt.Errorf("%w: empty method", ErrInvalidArgument)
	}
	path, err := protocol.ExpandTemplate(urlTemplate, vars)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidArgument, err)
	}
	var b []byte
	switch v := body.(type) {
	case nil:
	case []byte:
		b = append([]byte{}, v...)
	case json.RawMessage:
		b = append([]byte{}, v...)
	default:
		if b, err = encodeJSON(v); err != nil {
			return nil, err
		}
	}
	idempotent := method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE"
	return newRequest(method, protocol.ResolveURL(base, path), b, idempotent), nil
}

// ParseJSON returns a 2xx body as JSON (nil when empty), or the error of
// any other status. A 2xx body that is not JSON is a
// *protocol.MalformedError.
func ParseJSON(resp *protocol.Response) (json.RawMessage, error) {
	if !resp.OK() {
		return nil, ParseError(resp)
	}
	if len(resp.Body) == 0 {
		return nil, nil
	}
	if !json.Valid(resp.Body) {
		return nil, malformed("JSON", resp, "body is not JSON", nil)
	}
	return append(json.RawMessage(nil), resp.Body...), nil
}

func (c *Client) template(ctx context.Context, method, urlTemplate string, vars protocol.Vars, body any) (json.RawMessage, error) {
	req, err := NewTemplateRequest(c.base(), method, urlTemplate, vars, body)
	if err != nil {
		return nil, err
	}
	if method != "GET" {
		// A templated write may delete or register anything; which subject
		// it touched is not known, so every subject-scoped entry goes.
		// Schemas by id and GUID stay: an id never changes meaning.
		defer c.caches.invalidateAll()
	}
	return run(ctx, c, req, ParseJSON)
}

// Get sends GET to urlTemplate expanded with vars (see NewTemplateRequest)
// and returns the JSON answer.
func (c *Client) Get(ctx context.Context, urlTemplate string, vars protocol.Vars) (json.RawMessage, error) {
	return c.template(ctx, "GET", urlTemplate, vars, nil)
}

// Post sends POST with body as JSON.
func (c *Client) Post(ctx context.Context, urlTemplate string, vars protocol.Vars, body any) (json.RawMessage, error) {
	return c.template(ctx, "POST", urlTemplate, vars, body)
}

// Put sends PUT with body (if not nil) as JSON.
func (c *Client) Put(ctx context.Context, urlTemplate string, vars protocol.Vars, body any) (json.RawMessage, error) {
	return c.template(ctx, "PUT", urlTemplate, vars, body)
}

// Patch sends PATCH with body as JSON.
func (c *Client) Patch(ctx context.Context, urlTemplate string, vars protocol.Vars, body any) (json.RawMessage, error) {
	return c.template(ctx, "PATCH", urlTemplate, vars, body)
}

// Delete sends DELETE with body (if not nil) as JSON.
func (c *Client) Delete(ctx context.Context, urlTemplate string, vars protocol.Vars, body any) (json.RawMessage, error) {
	return c.template(ctx, "DELETE", urlTemplate, vars, body)
}
