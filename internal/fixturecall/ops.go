package fixturecall

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// ErrUnknownOp reports a call whose op is not in the table.
var ErrUnknownOp = errors.New("fixturecall: unknown op")

// bound is a call with its arguments decoded, ready to be made on a
// client.
type bound func(context.Context, *confluent.Client) (any, error)

// op decodes and checks a call's arguments, before anything is sent.
type op func(Args) (bound, error)

// Run makes call on c and returns what the method returned. The result is
// the method's own type (Encoded and Decoded for the codec steps); a
// method that returns only an error gives a nil result.
func Run(ctx context.Context, c *confluent.Client, call Call) (any, error) {
	b, err := bind(call)
	if err != nil {
		return nil, err
	}
	return b(ctx, c)
}

// Validate checks call, and each step of a tour, as Run would before
// sending anything: a known op, the arguments it needs, options its
// method has.
func Validate(call Call) error {
	if call.Op != TourOp {
		_, err := bind(call)
		return err
	}
	if len(call.Args.Steps) == 0 {
		return fmt.Errorf("%s without steps", TourOp)
	}
	for i, s := range call.Args.Steps {
		if s.Op == TourOp {
			return fmt.Errorf("step %d: a %s within the %s", i+1, TourOp, TourOp)
		}
		if _, err := bind(s); err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
	}
	return nil
}

func bind(call Call) (bound, error) {
	o, ok := ops[call.Op]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownOp, call.Op)
	}
	b, err := o(call.Args)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", call.Op, err)
	}
	return b, nil
}

// Ops returns the names of the ops, sorted.
func Ops() []string {
	names := make([]string, 0, len(ops))
	for name := range ops {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// need is an argument an op cannot do without.
type need func(Args) error

func needSchema(a Args) error  { return needArg(a.Schema != nil, "schema") }
func needRequest(a Args) error { return needArg(a.Request != nil, "request") }
func needConfig(a Args) error  { return needArg(a.Config != nil, "config") }
func needValue(a Args) error   { return needArg(len(a.Value) > 0, "value") }

func needArg(present bool, name string) error {
	if !present {
		return fmt.Errorf("no %s", name)
	}
	return nil
}

// plain is an op whose method takes no options struct.
func plain[R any](f func(context.Context, *confluent.Client, Args) (R, error), needs ...need) op {
	return func(a Args) (bound, error) {
		if len(a.Options) > 0 {
			return nil, errors.New("takes no options")
		}
		return bindArgs(a, needs, func(ctx context.Context, c *confluent.Client) (any, error) {
			return f(ctx, c, a)
		})
	}
}

// withOptions is an op whose method takes an options struct O.
func withOptions[O, R any](f func(context.Context, *confluent.Client, Args, O) (R, error), needs ...need) op {
	return func(a Args) (bound, error) {
		o, err := DecodeOptions[O](a.Options)
		if err != nil {
			return nil, err
		}
		return bindArgs(a, needs, func(ctx context.Context, c *confluent.Client) (any, error) {
			return f(ctx, c, a, o)
		})
	}
}

func bindArgs(a Args, needs []need, b bound) (bound, error) {
	for _, n := range needs {
		if err := n(a); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// template is Get, Post, Put, Patch or Delete: send is the method, as a
// method expression; Get, which sends no body, has a wrapper.
func template(send func(*confluent.Client, context.Context, string, protocol.Vars, any) (json.RawMessage, error), takesBody bool) op {
	return func(a Args) (bound, error) {
		if len(a.Options) > 0 {
			return nil, errors.New("takes no options")
		}
		if !takesBody && len(a.Body) > 0 {
			return nil, errors.New("takes no body")
		}
		vars, err := decodeVars(a.Vars)
		if err != nil {
			return nil, err
		}
		body, err := compactBody(a.Body)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, c *confluent.Client) (any, error) {
			return send(c, ctx, a.Template, vars, body)
		}, nil
	}
}

// ops has one entry per method of confluent.Client that talks to the
// registry, and the two codec steps.
var ops = map[string]op{
	"GetRoot": plain(func(ctx context.Context, c *confluent.Client, _ Args) (confluent.RawJSON, error) {
		return c.GetRoot(ctx)
	}),
	"GetSchemaTypes": plain(func(ctx context.Context, c *confluent.Client, _ Args) ([]confluent.SchemaType, error) {
		return c.GetSchemaTypes(ctx)
	}),

	// The cached methods (a fixture's client has its caches off).
	"GetSchemaByID": plain(func(ctx context.Context, c *confluent.Client, a Args) (*confluent.Schema, error) {
		return c.GetSchemaByID(ctx, a.ID)
	}),
	"GetSchemaByGUID": plain(func(ctx context.Context, c *confluent.Client, a Args) (*confluent.Schema, error) {
		return c.GetSchemaByGUID(ctx, a.GUID)
	}),
	"GetSchemaBySubject": plain(func(ctx context.Context, c *confluent.Client, a Args) (*confluent.SubjectSchema, error) {
		return c.GetSchemaBySubject(ctx, a.Subject, a.Version)
	}),
	"RegisterSchema": plain(func(ctx context.Context, c *confluent.Client, a Args) (int, error) {
		return c.RegisterSchema(ctx, a.Subject, *a.Schema)
	}, needSchema),
	"LookupSchema": plain(func(ctx context.Context, c *confluent.Client, a Args) (*confluent.SubjectSchema, error) {
		return c.LookupSchema(ctx, a.Subject, *a.Schema)
	}, needSchema),

	// Schemas.
	"FetchSchemaByID": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.GetSchemaByIDOptions) (*confluent.SchemaByID, error) {
		return c.FetchSchemaByID(ctx, a.ID, o)
	}),
	"FetchSchemaByGUID": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.GetSchemaByGUIDOptions) (*confluent.SchemaByID, error) {
		return c.FetchSchemaByGUID(ctx, a.GUID, o)
	}),
	"GetIDsByGUID": plain(func(ctx context.Context, c *confluent.Client, a Args) ([]confluent.ContextID, error) {
		return c.GetIDsByGUID(ctx, a.GUID)
	}),
	"GetRawSchemaByID": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.RawSchemaOptions) (string, error) {
		return c.GetRawSchemaByID(ctx, a.ID, o)
	}),
	"GetSubjectsByID": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.SchemaUsageOptions) ([]string, error) {
		return c.GetSubjectsByID(ctx, a.ID, o)
	}),
	"GetVersionsByID": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.SchemaUsageOptions) ([]confluent.SubjectVersion, error) {
		return c.GetVersionsByID(ctx, a.ID, o)
	}),
	"ListSchemas": withOptions(func(ctx context.Context, c *confluent.Client, _ Args, o confluent.ListSchemasOptions) ([]confluent.SubjectSchema, error) {
		return c.ListSchemas(ctx, o)
	}),
	// Schemas pages through GET /schemas; the result is every item.
	"Schemas": withOptions(func(ctx context.Context, c *confluent.Client, _ Args, o confluent.ListSchemasOptions) ([]confluent.SubjectSchema, error) {
		var all []confluent.SubjectSchema
		for s, err := range c.Schemas(ctx, o) {
			if err != nil {
				return all, err
			}
			all = append(all, s)
		}
		return all, nil
	}),

	// Subjects and versions.
	"ListSubjects": withOptions(func(ctx context.Context, c *confluent.Client, _ Args, o confluent.ListSubjectsOptions) ([]string, error) {
		return c.ListSubjects(ctx, o)
	}),
	"Lookup": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.LookupOptions) (*confluent.SubjectSchema, error) {
		return c.Lookup(ctx, a.Subject, *a.Schema, o)
	}, needSchema),
	"DeleteSubject": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.DeleteOptions) ([]int, error) {
		return c.DeleteSubject(ctx, a.Subject, o)
	}),
	"ListVersions": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.ListVersionsOptions) ([]int, error) {
		return c.ListVersions(ctx, a.Subject, o)
	}),
	"Register": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.RegisterOptions) (confluent.RegisterResult, error) {
		return c.Register(ctx, a.Subject, *a.Request, o)
	}, needRequest),
	"GetVersion": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.GetVersionOptions) (*confluent.SubjectSchema, error) {
		return c.GetVersion(ctx, a.Subject, a.Version, o)
	}),
	"DeleteVersion": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.DeleteOptions) (int, error) {
		return c.DeleteVersion(ctx, a.Subject, a.Version, o)
	}),
	"GetRawSchemaByVersion": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.RawSchemaOptions) (string, error) {
		return c.GetRawSchemaByVersion(ctx, a.Subject, a.Version, o)
	}),
	"GetReferencedBy": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.ReferencedByOptions) ([]int, error) {
		return c.GetReferencedBy(ctx, a.Subject, a.Version, o)
	}),

	// Compatibility.
	"CheckCompatibility": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.CompatibilityOptions) (confluent.CompatibilityResult, error) {
		return c.CheckCompatibility(ctx, a.Subject, *a.Schema, o)
	}, needSchema),
	"CheckCompatibilityWithVersion": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.CompatibilityOptions) (confluent.CompatibilityResult, error) {
		return c.CheckCompatibilityWithVersion(ctx, a.Subject, a.Version, *a.Schema, o)
	}, needSchema),

	// Config.
	"GetGlobalConfig": withOptions(func(ctx context.Context, c *confluent.Client, _ Args, o confluent.GetConfigOptions) (confluent.Config, error) {
		return c.GetGlobalConfig(ctx, o)
	}),
	"GetConfig": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.GetConfigOptions) (confluent.Config, error) {
		return c.GetConfig(ctx, a.Subject, o)
	}),
	"UpdateGlobalConfig": plain(func(ctx context.Context, c *confluent.Client, a Args) (confluent.Config, error) {
		return c.UpdateGlobalConfig(ctx, *a.Config)
	}, needConfig),
	"UpdateConfig": plain(func(ctx context.Context, c *confluent.Client, a Args) (confluent.Config, error) {
		return c.UpdateConfig(ctx, a.Subject, *a.Config)
	}, needConfig),
	"DeleteGlobalConfig": plain(func(ctx context.Context, c *confluent.Client, _ Args) (confluent.Config, error) {
		return c.DeleteGlobalConfig(ctx)
	}),
	"DeleteConfig": plain(func(ctx context.Context, c *confluent.Client, a Args) (confluent.Config, error) {
		return c.DeleteConfig(ctx, a.Subject)
	}),

	// Mode.
	"GetGlobalMode": withOptions(func(ctx context.Context, c *confluent.Client, _ Args, o confluent.GetModeOptions) (confluent.Mode, error) {
		return c.GetGlobalMode(ctx, o)
	}),
	"GetMode": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.GetModeOptions) (confluent.Mode, error) {
		return c.GetMode(ctx, a.Subject, o)
	}),
	"UpdateGlobalMode": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.UpdateModeOptions) (confluent.Mode, error) {
		return c.UpdateGlobalMode(ctx, a.Mode, o)
	}),
	"UpdateMode": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.UpdateModeOptions) (confluent.Mode, error) {
		return c.UpdateMode(ctx, a.Subject, a.Mode, o)
	}),
	"DeleteGlobalMode": withOptions(func(ctx context.Context, c *confluent.Client, _ Args, o confluent.DeleteModeOptions) (confluent.Mode, error) {
		return c.DeleteGlobalMode(ctx, o)
	}),
	"DeleteMode": withOptions(func(ctx context.Context, c *confluent.Client, a Args, o confluent.DeleteModeOptions) (confluent.Mode, error) {
		return c.DeleteMode(ctx, a.Subject, o)
	}),

	// Contexts.
	"ListContexts": withOptions(func(ctx context.Context, c *confluent.Client, _ Args, o confluent.ListContextsOptions) ([]string, error) {
		return c.ListContexts(ctx, o)
	}),
	"DeleteContext": plain(func(ctx context.Context, c *confluent.Client, a Args) (any, error) {
		return nil, c.DeleteContext(ctx, a.Context)
	}),

	// Any endpoint, through a URI template.
	"Get": template(func(c *confluent.Client, ctx context.Context, t string, v protocol.Vars, _ any) (json.RawMessage, error) {
		return c.Get(ctx, t, v)
	}, false),
	"Post":   template((*confluent.Client).Post, true),
	"Put":    template((*confluent.Client).Put, true),
	"Patch":  template((*confluent.Client).Patch, true),
	"Delete": template((*confluent.Client).Delete, true),

	// The codec steps of the tour.
	"Serialize": withOptions(serialize, needSchema, needValue),
	"Deserialize": func(a Args) (bound, error) {
		if len(a.Options) > 0 {
			return nil, errors.New("takes no options")
		}
		if a.Wire == "" {
			return nil, errors.New("no wire")
		}
		wire, err := hex.DecodeString(a.Wire)
		if err != nil {
			return nil, fmt.Errorf("wire is not hex: %w", err)
		}
		return func(ctx context.Context, c *confluent.Client) (any, error) {
			return deserialize(ctx, c, wire)
		}, nil
	},
}
