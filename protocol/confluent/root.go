package confluent

import (
	"context"

	"github.com/unwired-go/unwired/protocol"
)

// NewGetRootRequest builds GET /, the registry's no-op resource: a cheap
// check that the registry answers.
func NewGetRootRequest(base string) *protocol.Request {
	return get(endpoint(base, "/", nil))
}

// ParseGetRoot parses the answer to GET /: a JSON object, empty on
// Confluent and AxonOps.
func ParseGetRoot(resp *protocol.Response) (RawJSON, error) {
	return decodeValue[RawJSON]("GetRoot", resp, object)
}

// GetRoot calls GET /.
func (c *Client) GetRoot(ctx context.Context) (RawJSON, error) {
	return run(ctx, c, NewGetRootRequest(c.base()), ParseGetRoot)
}
