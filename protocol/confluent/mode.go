package confluent

import (
	"context"

	"github.com/unwired-go/unwired/protocol"
)

// GetModeOptions qualify GET /mode and /mode/{subject}.
type GetModeOptions struct {
	// DefaultToGlobal answers the global mode when the subject has none of
	// its own, instead of ErrSubjectLevelModeNotConfigured.
	DefaultToGlobal bool
}

// UpdateModeOptions qualify PUT /mode and /mode/{subject}.
type UpdateModeOptions struct {
	// Force sets IMPORT even though schemas exist.
	Force bool
}

// DeleteModeOptions qualify DELETE /mode and /mode/{subject}.
type DeleteModeOptions struct {
	// Recursive (Confluent) also deletes the modes of the subjects under
	// the default context, or under a context named as the subject.
	Recursive bool
}

func (o GetModeOptions) query() query {
	var q query
	q.flag("defaultToGlobal", o.DefaultToGlobal)
	return q
}

type modeBody struct {
	Mode Mode `json:"mode"`
}

// NewGetGlobalModeRequest builds GET /mode.
func NewGetGlobalModeRequest(base string, opts GetModeOptions) *protocol.Request {
	return get(endpoint(base, "/mode", opts.query()))
}

// NewGetModeRequest builds GET /mode/{subject}.
func NewGetModeRequest(base, subject string, opts GetModeOptions) (*protocol.Request, error) {
	path, err := subjectPath("/mode/", subject)
	if err != nil {
		return nil, err
	}
	return get(endpoint(base, path, opts.query())), nil
}

// NewUpdateGlobalModeRequest builds PUT /mode.
func NewUpdateGlobalModeRequest(base string, m Mode, opts UpdateModeOptions) (*protocol.Request, error) {
	return updateModeRequest(base, "/mode", m, opts)
}

// NewUpdateModeRequest builds PUT /mode/{subject}.
func NewUpdateModeRequest(base, subject string, m Mode, opts UpdateModeOptions) (*protocol.Request, error) {
	path, err := subjectPath("/mode/", subject)
	if err != nil {
		return nil, err
	}
	return updateModeRequest(base, path, m, opts)
}

func updateModeRequest(base, path string, m Mode, opts UpdateModeOptions) (*protocol.Request, error) {
	body, err := encodeJSON(modeBody{m})
	if err != nil {
		return nil, err
	}
	var q query
	q.flag("force", opts.Force)
	return newRequest("PUT", endpoint(base, path, q), body, true), nil
}

// NewDeleteGlobalModeRequest builds DELETE /mode.
func NewDeleteGlobalModeRequest(base string, opts DeleteModeOptions) *protocol.Request {
	var q query
	q.flag("recursive", opts.Recursive)
	return newRequest("DELETE", endpoint(base, "/mode", q), nil, true)
}

// NewDeleteModeRequest builds DELETE /mode/{subject}.
func NewDeleteModeRequest(base, subject string, opts DeleteModeOptions) (*protocol.Request, error) {
	path, err := subjectPath("/mode/", subject)
	if err != nil {
		return nil, err
	}
	var q query
	q.flag("recursive", opts.Recursive)
	return newRequest("DELETE", endpoint(base, path, q), nil, true), nil
}

// ParseMode parses the answer of every mode operation: the mode read, set
// or deleted ("" when the registry answers none).
func ParseMode(resp *protocol.Response) (Mode, error) {
	var b struct {
		Mode *Mode `json:"mode"`
	}
	if err := decode("Mode", resp, object, &b); err != nil {
		return "", err
	}
	if b.Mode == nil {
		return "", nil
	}
	return *b.Mode, nil
}

// GetGlobalMode returns the global mode.
func (c *Client) GetGlobalMode(ctx context.Context, opts GetModeOptions) (Mode, error) {
	return run(ctx, c, NewGetGlobalModeRequest(c.base(), opts), ParseMode)
}

// GetMode returns the mode of subject.
func (c *Client) GetMode(ctx context.Context, subject string, opts GetModeOptions) (Mode, error) {
	req, err := NewGetModeRequest(c.base(), subject, opts)
	if err != nil {
		return "", err
	}
	return run(ctx, c, req, ParseMode)
}

// UpdateGlobalMode sets the global mode and returns the registry's echo.
func (c *Client) UpdateGlobalMode(ctx context.Context, m Mode, opts UpdateModeOptions) (Mode, error) {
	req, err := NewUpdateGlobalModeRequest(c.base(), m, opts)
	if err != nil {
		return "", err
	}
	return run(ctx, c, req, ParseMode)
}

// UpdateMode sets the mode of subject and returns the registry's echo.
func (c *Client) UpdateMode(ctx context.Context, subject string, m Mode, opts UpdateModeOptions) (Mode, error) {
	req, err := NewUpdateModeRequest(c.base(), subject, m, opts)
	if err != nil {
		return "", err
	}
	return run(ctx, c, req, ParseMode)
}

// DeleteGlobalMode resets the global mode and returns the one it replaced.
func (c *Client) DeleteGlobalMode(ctx context.Context, opts DeleteModeOptions) (Mode, error) {
	return run(ctx, c, NewDeleteGlobalModeRequest(c.base(), opts), ParseMode)
}

// DeleteMode removes the mode of subject and returns it.
func (c *Client) DeleteMode(ctx context.Context, subject string, opts DeleteModeOptions) (Mode, error) {
	req, err := NewDeleteModeRequest(c.base(), subject, opts)
	if err != nil {
		return "", err
	}
	return run(ctx, c, req, ParseMode)
}
