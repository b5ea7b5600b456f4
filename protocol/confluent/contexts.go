package confluent

import (
	"context"
	"fmt"
	"strings"

	"github.com/unwired-go/unwired/protocol"
)

// Contexts partition a registry: each has its own subjects and schema ids.
// Two ways reach a context other than the default ("."):
//
//   - a qualified subject, ":.staging:orders", accepted wherever a subject
//     is (the builders leave ':' and '.' unescaped); QualifiedSubject and
//     SplitSubject build and take apart such names;
//   - a base URL scoped to the context, "http://registry:8081/contexts/.staging",
//     under which every path of this package works unchanged.

// DefaultContext is the name of the default context.
const DefaultContext = "."

// QualifiedSubject returns subject qualified by context: ":.ctx:subject".
// The leading '.' of context may be omitted; the default context ("" or
// ".") leaves subject as it is.
func QualifiedSubject(context, subject string) string {
	if context == "" || context == DefaultContext {
		return subject
	}
	if !strings.HasPrefix(context, ".") {
		context = "." + context
	}
	return ":" + context + ":" + subject
}

// SplitSubject splits a qualified subject into its context (with its
// leading '.') and its plain name. A subject that is not qualified is in
// the default context, ".".
func SplitSubject(qualified string) (context, subject string) {
	if strings.HasPrefix(qualified, ":.") {
		if i := strings.IndexByte(qualified[1:], ':'); i >= 0 {
			return qualified[1 : 1+i], qualified[2+i:]
		}
	}
	return DefaultContext, qualified
}

// ListContextsOptions filter GET /contexts.
type ListContextsOptions struct {
	ContextPrefix string // only contexts starting with this (Confluent)
	Offset        int
	Limit         int // 0 sends none
}

// NewListContextsRequest builds GET /contexts.
func NewListContextsRequest(base string, opts ListContextsOptions) *protocol.Request {
	var q query
	q.str("contextPrefix", opts.ContextPrefix)
	q.num("offset", opts.Offset)
	q.num("limit", opts.Limit)
	return get(endpoint(base, "/contexts", q))
}

// ParseListContexts parses the names of the contexts, "." among them.
func ParseListContexts(resp *protocol.Response) ([]string, error) {
	return decodeValue[[]string]("ListContexts", resp, array)
}

// ListContexts returns the names of the registry's contexts.
func (c *Client) ListContexts(ctx context.Context, opts ListContextsOptions) ([]string, error) {
	return run(ctx, c, NewListContextsRequest(c.base(), opts), ParseListContexts)
}

// NewDeleteContextRequest builds DELETE /contexts/{context} (Confluent):
// removes an empty context; one that is not empty is ErrContextNotEmpty.
func NewDeleteContextRequest(base, name string) (*protocol.Request, error) {
	if name == "" {
		return nil, fmt.Errorf("%w: empty context", ErrInvalidArgument)
	}
	return newRequest("DELETE", endpoint(base, "/contexts/"+pathSegment(name), nil), nil, true), nil
}

// ParseDeleteContext checks the answer to DELETE /contexts/{context}, 204
// with no body.
func ParseDeleteContext(resp *protocol.Response) error {
	return ParseError(resp)
}

// DeleteContext removes the empty context name.
func (c *Client) DeleteContext(ctx context.Context, name string) error {
	req, err := NewDeleteContextRequest(c.base(), name)
	if err != nil {
		return err
	}
	_, err = run(ctx, c, req, func(resp *protocol.Response) (struct{}, error) {
		return struct{}{}, ParseDeleteContext(resp)
	})
	return err
}
