// Command unwired is the command-line tool of the unwired library.
//
//	unwired tour                          replay a recorded registry session, no server needed
//	unwired confluent SUBCOMMAND ...      talk to a Confluent-compatible Schema Registry
//	unwired help [confluent [SUBCOMMAND]] usage
//
// Run `unwired help` for the full usage. Secrets (passwords, tokens) are
// read only from environment variables named on the command line, never
// from flags, and are never printed.
package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"

	"github.com/unwired-go/unwired"
	"github.com/unwired-go/unwired/protocol"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1 // the operation failed, or a check did not hold
	exitUsage = 2 // the command line is wrong
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv).main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// run is the whole tool as a function of its arguments, output streams and
// environment, so tests need not exec a binary. Standard input is
// os.Stdin; tests that read one use app directly.
func run(args []string, stdout, stderr io.Writer, env func(string) string) int {
	return newApp(os.Stdin, stdout, stderr, env).main(context.Background(), args)
}

// app is one invocation: its streams, its environment, and what tests may
// replace: the fixtures and a hook on the driver.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            func(string) string
	// fixtures holds the tour fixture: unwired.Fixtures.
	fixtures fs.FS
	// wrap, if set, wraps the driver of `unwired confluent` commands.
	wrap func(protocol.Doer) protocol.Doer
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, env func(string) string) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: stderr, env: env, fixtures: unwired.Fixtures}
}

func (a *app) main(ctx context.Context, args []string) int {
	if len(args) == 0 {
		a.usageError(topUsage, "no command given")
		return exitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "tour":
		return a.replayTour(ctx, rest)
	case "confluent":
		return a.confluent(ctx, rest)
	case "help", "-h", "-help", "--help":
		return a.help(rest)
	default:
		a.usageError(topUsage, fmt.Sprintf("unknown command %q", cmd))
		return exitUsage
	}
}

// help prints the usage asked for on standard output.
func (a *app) help(topic []string) int {
	switch {
	case len(topic) == 0:
		fmt.Fprint(a.stdout, topUsage)
	case topic[0] == "tour" && len(topic) == 1:
		fmt.Fprint(a.stdout, tourUsage)
	case topic[0] == "confluent" && len(topic) == 1:
		fmt.Fprint(a.stdout, confluentUsage())
	case topic[0] == "confluent" && len(topic) == 2:
		sub, ok := subcommand(topic[1])
		if !ok {
			a.usageError(confluentUsage(), fmt.Sprintf("unknown subcommand %q", topic[1]))
			return exitUsage
		}
		fmt.Fprint(a.stdout, sub.usage())
	default:
		a.usageError(topUsage, fmt.Sprintf("no help for %q", topic))
		return exitUsage
	}
	return exitOK
}

// usageError reports a wrong command line: the problem, then the usage.
func (a *app) usageError(usage, msg string) {
	fmt.Fprintf(a.stderr, "unwired: %s\n\n%s", msg, usage)
}

// fail reports an operation that failed.
func (a *app) fail(what string, err error) int {
	fmt.Fprintf(a.stderr, "unwired: %s: %v\n", what, err)
	return exitFail
}
