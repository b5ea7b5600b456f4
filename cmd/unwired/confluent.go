package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// sub is one `unwired confluent` subcommand.
type sub struct {
	name     string
	args     string // positional arguments, as shown in the usage
	min, max int    // how many positional arguments it takes
	summary  string
	about    string // more about it, if need be
	flagHelp string // its own flags
	flags    func(fs *flag.FlagSet, o *subFlags)
	run      func(ctx context.Context, a *app, s *session, o *subFlags, args []string) error
}

// subFlags are the flags of the subcommands beyond the connection's.
type subFlags struct {
	subject         string
	prefix          string
	deleted         bool
	permanent       bool
	schemaType      string
	normalize       bool
	defaultToGlobal bool
}

// subs are the subcommands, in the order the usage lists them.
var subs = []sub{
	{
		name: "tour", summary: "run the steps of `unwired tour` against the registry",
		about: `Registers the tour's schema under the subject (a no-op if it is there already),
fetches it by id, serializes and deserializes a record, and checks an evolved
schema for compatibility, printing each step and the requests it sent.
`,
		flagHelp: `  --subject SUBJECT     the subject to use (default unwired-tour-value)
`,
		flags: func(fs *flag.FlagSet, o *subFlags) { fs.StringVar(&o.subject, "subject", "unwired-tour-value", "") },
		run:   liveTour,
	},
	{
		name: "subjects", summary: "list the subjects",
		flagHelp: `  --prefix PREFIX       only subjects starting with PREFIX
  --deleted             include soft-deleted subjects
`,
		flags: func(fs *flag.FlagSet, o *subFlags) {
			fs.StringVar(&o.prefix, "prefix", "", "")
			fs.BoolVar(&o.deleted, "deleted", false, "")
		},
		run: func(ctx context.Context, a *app, s *session, o *subFlags, _ []string) error {
			v, err := s.client.ListSubjects(ctx, confluent.ListSubjectsOptions{SubjectPrefix: o.prefix, Deleted: o.deleted})
			return a.output(list(v), err)
		},
	},
	{
		name: "versions", args: "SUBJECT", min: 1, max: 1, summary: "list the version numbers of a subject",
		flagHelp: `  --deleted             include soft-deleted versions
`,
		flags: func(fs *flag.FlagSet, o *subFlags) { fs.BoolVar(&o.deleted, "deleted", false, "") },
		run: func(ctx context.Context, a *app, s *session, o *subFlags, args []string) error {
			v, err := s.client.ListVersions(ctx, args[0], confluent.ListVersionsOptions{Deleted: o.deleted})
			return a.output(list(v), err)
		},
	},
	{
		name: "get-id", args: "ID", min: 1, max: 1, summary: "show the schema with a global id",
		run: func(ctx context.Context, a *app, s *session, _ *subFlags, args []string) error {
			id, err := strconv.Atoi(args[0])
			if err != nil || id < 0 {
				return usagef("ID must be a schema id (a number), not %q", args[0])
			}
			v, err := s.client.FetchSchemaByID(ctx, id, confluent.GetSchemaByIDOptions{})
			return a.output(v, err)
		},
	},
	{
		name: "get", args: "SUBJECT [VERSION]", min: 1, max: 2, summary: "show a version of a subject (default: latest)",
		about: `VERSION is a number or "latest".
`,
		flagHelp: `  --deleted             also find a soft-deleted version
`,
		flags: func(fs *flag.FlagSet, o *subFlags) { fs.BoolVar(&o.deleted, "deleted", false, "") },
		run: func(ctx context.Context, a *app, s *session, o *subFlags, args []string) error {
			v := confluent.Latest
			if len(args) == 2 {
				var err error
				if v, err = confluent.ParseVersion(args[1]); err != nil {
					return usagef("VERSION must be a number from 1 or \"latest\", not %q", args[1])
				}
			}
			ss, err := s.client.GetVersion(ctx, args[0], v, confluent.GetVersionOptions{Deleted: o.deleted})
			return a.output(ss, err)
		},
	},
	{
		name: "register", args: "SUBJECT FILE|-", min: 2, max: 2, summary: "register the schema in FILE (- for standard input) under a subject",
		about: `Prints the schema's id (and version, from registries that send it).
Registering a schema the subject already has adds no version.
`,
		flagHelp: `  --type TYPE           AVRO (the registry's default), PROTOBUF or JSON
  --normalize           normalize the schema before registering it
`,
		flags: schemaFlags,
		run: func(ctx context.Context, a *app, s *session, o *subFlags, args []string) error {
			schema, err := a.readSchema(args[1], o)
			if err != nil {
				return err
			}
			v, err := s.client.Register(ctx, args[0], confluent.RegisterRequest{Schema: schema}, confluent.RegisterOptions{Normalize: o.normalize})
			return a.output(v, err)
		},
	},
	{
		name: "compat", args: "SUBJECT FILE|-", min: 2, max: 2, summary: "check the schema in FILE (- for standard input) against a subject",
		about: `Checks against the versions the subject's compatibility level names and
prints the verdict with the registry's reasons. Exits 1 when the schema is
not compatible.
`,
		flagHelp: `  --type TYPE           AVRO (the registry's default), PROTOBUF or JSON
  --normalize           normalize the schema before checking it
`,
		flags: schemaFlags,
		run: func(ctx context.Context, a *app, s *session, o *subFlags, args []string) error {
			schema, err := a.readSchema(args[1], o)
			if err != nil {
				return err
			}
			v, err := s.client.CheckCompatibility(ctx, args[0], schema, confluent.CompatibilityOptions{Normalize: o.normalize, Verbose: true})
			if err := a.output(v, err); err != nil {
				return err
			}
			if !v.IsCompatible {
				return errIncompatible
			}
			return nil
		},
	},
	{
		name: "config", args: "[SUBJECT]", max: 1, summary: "show the global compatibility configuration, or a subject's",
		flagHelp: `  --default-to-global   for a subject without its own, show the global one
                        instead of failing
`,
		flags: func(fs *flag.FlagSet, o *subFlags) { fs.BoolVar(&o.defaultToGlobal, "default-to-global", false, "") },
		run: func(ctx context.Context, a *app, s *session, o *subFlags, args []string) error {
			opts := confluent.GetConfigOptions{DefaultToGlobal: o.defaultToGlobal}
			if len(args) == 0 {
				return a.output(s.client.GetGlobalConfig(ctx, opts))
			}
			return a.output(s.client.GetConfig(ctx, args[0], opts))
		},
	},
	{
		name: "mode", args: "[SUBJECT]", max: 1, summary: "show the global mode, or a subject's",
		flagHelp: `  --default-to-global   for a subject without its own, show the global one
                        instead of failing
`,
		flags: func(fs *flag.FlagSet, o *subFlags) { fs.BoolVar(&o.defaultToGlobal, "default-to-global", false, "") },
		run: func(ctx context.Context, a *app, s *session, o *subFlags, args []string) error {
			opts := confluent.GetModeOptions{DefaultToGlobal: o.defaultToGlobal}
			var (
				m   confluent.Mode
				err error
			)
			if len(args) == 0 {
				m, err = s.client.GetGlobalMode(ctx, opts)
			} else {
				m, err = s.client.GetMode(ctx, args[0], opts)
			}
			return a.output(struct {
				Mode confluent.Mode `json:"mode"`
			}{m}, err)
		},
	},
	{
		name: "delete", args: "SUBJECT", min: 1, max: 1, summary: "delete a subject; prints the versions it had",
		about: `Without --permanent the delete is soft: the versions can still be read with
--deleted. The registry deletes permanently only what was soft-deleted first.
`,
		flagHelp: `  --permanent           delete a soft-deleted subject for good
`,
		flags: func(fs *flag.FlagSet, o *subFlags) { fs.BoolVar(&o.permanent, "permanent", false, "") },
		run: func(ctx context.Context, a *app, s *session, o *subFlags, args []string) error {
			v, err := s.client.DeleteSubject(ctx, args[0], confluent.DeleteOptions{Permanent: o.permanent})
			return a.output(list(v), err)
		},
	},
}

func schemaFlags(fs *flag.FlagSet, o *subFlags) {
	fs.StringVar(&o.schemaType, "type", "", "")
	fs.BoolVar(&o.normalize, "normalize", false, "")
}

// errIncompatible makes compat exit 1 once it has printed the verdict.
var errIncompatible = errors.New("the schema is not compatible")

func subcommand(name string) (*sub, bool) {
	for i := range subs {
		if subs[i].name == name {
			return &subs[i], true
		}
	}
	return nil, false
}

// confluent is `unwired confluent SUBCOMMAND [flags] [args]`.
func (a *app) confluent(ctx context.Context, args []string) int {
	if len(args) == 0 {
		a.usageError(confluentUsage(), "no subcommand given")
		return exitUsage
	}
	if isHelpFlag(args[0]) {
		return a.help(append([]string{"confluent"}, args[1:]...))
	}
	s, ok := subcommand(args[0])
	if !ok {
		a.usageError(confluentUsage(), fmt.Sprintf("unknown subcommand %q", args[0]))
		return exitUsage
	}
	return a.runSub(ctx, s, args[1:])
}

// session is what a subcommand runs with: the client, and the tracer
// under it that notes every request sent.
type session struct {
	client *confluent.Client
	trace  *tracer
	urls   []string
}

func (a *app) runSub(ctx context.Context, s *sub, args []string) int {
	what := "confluent " + s.name
	if err := refuseSecretFlags(args); err != nil {
		a.usageError(s.usage(), what+": "+err.Error())
		return exitUsage
	}
	fs, c, o := s.flagSet()
	pos, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(a.stdout, s.usage())
		return exitOK
	case err != nil:
		a.usageError(s.usage(), what+": "+err.Error())
		return exitUsage
	case len(pos) < s.min || len(pos) > s.max:
		a.usageError(s.usage(), fmt.Sprintf("%s: wants %s, got %d arguments", what, argsWanted(s), len(pos)))
		return exitUsage
	}
	trace := &tracer{}
	client, done, err := c.client(a.env, func(d protocol.Doer) protocol.Doer {
		if a.wrap != nil {
			d = a.wrap(d)
		}
		trace.doer = d
		return trace
	})
	if err == nil {
		defer done()
		err = s.run(ctx, a, &session{client: client, trace: trace, urls: c.urls}, o, pos)
	}
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		a.usageError(s.usage(), what+": "+err.Error())
		return exitUsage
	default:
		return a.fail(what, err)
	}
}

// flagSet returns the flags of s, bound to the values they set.
func (s *sub) flagSet() (*flag.FlagSet, *conn, *subFlags) {
	fs := flag.NewFlagSet("confluent "+s.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		c conn
		o subFlags
	)
	c.register(fs)
	if s.flags != nil {
		s.flags(fs, &o)
	}
	return fs, &c, &o
}

func argsWanted(s *sub) string {
	if s.args == "" {
		return "no arguments"
	}
	return s.args
}

// output prints a command's result as indented JSON, or returns its error.
func (a *app) output(v any, err error) error {
	if err != nil {
		return err
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// list makes an empty list print as [], not null (AxonOps answers null
// for an empty list, which the client reads as nil).
func list[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// readSchema reads a schema text from a file, or from standard input for
// "-".
func (a *app) readSchema(name string, o *subFlags) (confluent.Schema, error) {
	var s confluent.Schema
	switch t := confluent.SchemaType(o.schemaType); t {
	case "":
	case confluent.Avro, confluent.Protobuf, confluent.JSON:
		s.SchemaType = t
	default:
		return s, usagef("--type must be AVRO, PROTOBUF or JSON, not %q", o.schemaType)
	}
	var (
		text []byte
		err  error
	)
	if name == "-" {
		text, err = io.ReadAll(a.stdin)
	} else {
		text, err = os.ReadFile(name)
	}
	if err != nil {
		return s, err
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return s, fmt.Errorf("the schema in %s is empty", name)
	}
	s.Schema = string(text)
	return s, nil
}

// liveTour is `unwired confluent tour`: the recorded tour's steps
// against a real registry, under the subject --subject names.
func liveTour(ctx context.Context, a *app, s *session, o *subFlags, _ []string) error {
	if o.subject == "" {
		return usagef("--subject must not be empty")
	}
	rt, err := loadTour(a.fixtures)
	if err != nil {
		return err
	}
	steps := make([]fixturecall.Call, len(rt.steps))
	for i, st := range rt.steps {
		if st.Args.Subject != "" {
			st.Args.Subject = o.subject
		}
		steps[i] = st
	}
	w := a.stdout
	fmt.Fprintf(w, "unwired confluent tour: live against %s\n", redactAll(s.urls))
	fmt.Fprintf(w, "  The steps, schemas and record of the recorded tour (%s).\n", tourFixture)
	t := newTour(w, s.client, s.trace, true)
	if err := t.run(ctx, steps, nil); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nDone: %d steps, %d requests, all answered.\n", len(steps), s.trace.exchanges())
	return nil
}

func redactAll(urls []string) string {
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = protocol.RedactURL(u)
	}
	return strings.Join(out, ", ")
}
