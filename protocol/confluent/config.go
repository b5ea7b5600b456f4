package confluent

import (
	"context"

	"github.com/unwired-go/unwired/protocol"
)

// Config is a compatibility configuration, global or of one subject. It
// is both what GET /config answers and what PUT /config sends; fields left
// zero are not sent.
type Config struct {
	// Compatibility is sent as "compatibility" and read from
	// "compatibilityLevel" (GET, DELETE) or "compatibility" (PUT's echo).
	Compatibility       Compatibility `json:"compatibilityLevel,omitempty"`
	CompatibilityGroup  string        `json:"compatibilityGroup,omitempty"`
	CompatibilityPolicy string        `json:"compatibilityPolicy,omitempty"`
	Normalize           *bool         `json:"normalize,omitempty"`
	ValidateFields      *bool         `json:"validateFields,omitempty"`
	ValidateRules       *bool         `json:"validateRules,omitempty"`
	ValidateNewSchemas  *bool         `json:"validateNewSchemas,omitempty"`
	Alias               string        `json:"alias,omitempty"`
	AliasForDeks        string        `json:"aliasForDeks,omitempty"`
	DefaultMetadata     RawJSON       `json:"defaultMetadata,omitempty"`
	OverrideMetadata    RawJSON       `json:"overrideMetadata,omitempty"`
	DefaultRuleSet      RawJSON       `json:"defaultRuleSet,omitempty"`
	OverrideRuleSet     RawJSON       `json:"overrideRuleSet,omitempty"`
}

// configWire carries the level under the name PUT uses; the embedded
// Config's own level is cleared when encoding.
type configWire struct {
	Compatibility Compatibility `json:"compatibility,omitempty"`
	Config
}

// GetConfigOptions qualify GET /config and /config/{subject}.
type GetConfigOptions struct {
	// DefaultToGlobal answers the global configuration when the subject
	// has none of its own, instead of ErrSubjectLevelCompatibilityNotConfigured.
	DefaultToGlobal bool
}

func (o GetConfigOptions) query() query {
	var q query
	q.flag("defaultToGlobal", o.DefaultToGlobal)
	return q
}

// NewGetGlobalConfigRequest builds GET /config.
func NewGetGlobalConfigRequest(base string, opts GetConfigOptions) *protocol.Request {
	return get(endpoint(base, "/config", opts.query()))
}

// NewGetConfigRequest builds GET /config/{subject}.
func NewGetConfigRequest(base, subject string, opts GetConfigOptions) (*protocol.Request, error) {
	path, err := subjectPath("/config/", subject)
	if err != nil {
		return nil, err
	}
	return get(endpoint(base, path, opts.query())), nil
}

// NewUpdateGlobalConfigRequest builds PUT /config.
func NewUpdateGlobalConfigRequest(base string, cfg Config) (*protocol.Request, error) {
	return updateConfigRequest(endpoint(base, "/config", nil), cfg)
}

// NewUpdateConfigRequest builds PUT /config/{subject}.
func NewUpdateConfigRequest(base, subject string, cfg Config) (*protocol.Request, error) {
	path, err := subjectPath("/config/", subject)
	if err != nil {
		return nil, err
	}
	return updateConfigRequest(endpoint(base, path, nil), cfg)
}

func updateConfigRequest(url string, cfg Config) (*protocol.Request, error) {
	w := configWire{Compatibility: cfg.Compatibility, Config: cfg}
	w.Config.Compatibility = ""
	body, err := encodeJSON(w)
	if err != nil {
		return nil, err
	}
	return newRequest("PUT", url, body, true), nil
}

// NewDeleteGlobalConfigRequest builds DELETE /config: back to the
// registry's default.
func NewDeleteGlobalConfigRequest(base string) *protocol.Request {
	return newRequest("DELETE", endpoint(base, "/config", nil), nil, true)
}

// NewDeleteConfigRequest builds DELETE /config/{subject}: back to the
// global configuration.
func NewDeleteConfigRequest(base, subject string) (*protocol.Request, error) {
	path, err := subjectPath("/config/", subject)
	if err != nil {
		return nil, err
	}
	return newRequest("DELETE", endpoint(base, path, nil), nil, true), nil
}

// ParseConfig parses the answer of every config operation: the
// configuration read, set or deleted.
func ParseConfig(resp *protocol.Response) (Config, error) {
	var w configWire
	if err := decode("Config", resp, object, &w); err != nil {
		return Config{}, err
	}
	if w.Config.Compatibility == "" {
		w.Config.Compatibility = w.Compatibility
	}
	return w.Config, nil
}

// GetGlobalConfig returns the global configuration.
func (c *Client) GetGlobalConfig(ctx context.Context, opts GetConfigOptions) (Config, error) {
	return run(ctx, c, NewGetGlobalConfigRequest(c.base(), opts), ParseConfig)
}

// GetConfig returns the configuration of subject.
func (c *Client) GetConfig(ctx context.Context, subject string, opts GetConfigOptions) (Config, error) {
	req, err := NewGetConfigRequest(c.base(), subject, opts)
	if err != nil {
		return Config{}, err
	}
	return run(ctx, c, req, ParseConfig)
}

// UpdateGlobalConfig sets the global configuration and returns the
// registry's echo of it.
func (c *Client) UpdateGlobalConfig(ctx context.Context, cfg Config) (Config, error) {
	req, err := NewUpdateGlobalConfigRequest(c.base(), cfg)
	if err != nil {
		return Config{}, err
	}
	return run(ctx, c, req, ParseConfig)
}

// UpdateConfig sets the configuration of subject and returns the
// registry's echo of it.
func (c *Client) UpdateConfig(ctx context.Context, subject string, cfg Config) (Config, error) {
	req, err := NewUpdateConfigRequest(c.base(), subject, cfg)
	if err != nil {
		return Config{}, err
	}
	return run(ctx, c, req, ParseConfig)
}

// DeleteGlobalConfig resets the global configuration and returns the one
// it replaced.
func (c *Client) DeleteGlobalConfig(ctx context.Context) (Config, error) {
	return run(ctx, c, NewDeleteGlobalConfigRequest(c.base()), ParseConfig)
}

// DeleteConfig removes the configuration of subject and returns it.
func (c *Client) DeleteConfig(ctx context.Context, subject string) (Config, error) {
	req, err := NewDeleteConfigRequest(c.base(), subject)
	if err != nil {
		return Config{}, err
	}
	return run(ctx, c, req, ParseConfig)
}
