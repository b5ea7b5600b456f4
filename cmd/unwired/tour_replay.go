package main

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/replay"
)

// tourFixture is the recorded session the tour replays, in unwired.Fixtures.
const tourFixture = "testdata/confluent/tour.txtar"

// replayBase is the base URL the replayed client is given; the fixture
// stores request targets only, so any base does.
const replayBase = "http://registry.replay"

// recordedTour is the tour fixture with its call and want decoded.
type recordedTour struct {
	fixture *replay.Fixture
	steps   []fixturecall.Call
	wants   []fixturecall.Want
}

// loadTour reads the tour fixture from fsys. Its call and want are decoded
// strictly, and every step is checked before any runs: an op, argument or
// option the tour does not know is an error, not ignored.
func loadTour(fsys fs.FS) (*recordedTour, error) {
	data, err := fs.ReadFile(fsys, tourFixture)
	if err != nil {
		return nil, err
	}
	f, err := replay.ParseFixture(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tourFixture, err)
	}
	call, want, err := fixturecall.Decode(f.Call, f.Want)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tourFixture, err)
	}
	if call.Op != fixturecall.TourOp || len(call.Args.Steps) == 0 {
		return nil, fmt.Errorf("%s: call: want op %q with steps, got op %q with %d steps", tourFixture, fixturecall.TourOp, call.Op, len(call.Args.Steps))
	}
	if err := fixturecall.Validate(call); err != nil {
		return nil, fmt.Errorf("%s: call: %w", tourFixture, err)
	}
	if len(want.Steps) != len(call.Args.Steps) {
		return nil, fmt.Errorf("%s: %d steps but %d wants", tourFixture, len(call.Args.Steps), len(want.Steps))
	}
	return &recordedTour{fixture: f, steps: call.Args.Steps, wants: want.Steps}, nil
}

// replayTour is `unwired tour`: the tour over the recorded session, with
// no server. It fails when a request differs from the recorded one, a
// result differs from the recorded want, or a recorded exchange is left
// unused.
func (a *app) replayTour(ctx context.Context, args []string) int {
	if len(args) > 0 {
		if isHelpFlag(args[0]) {
			fmt.Fprint(a.stdout, tourUsage)
			return exitOK
		}
		a.usageError(tourUsage, fmt.Sprintf("tour takes no arguments, got %q", args))
		return exitUsage
	}
	rt, err := loadTour(a.fixtures)
	if err != nil {
		return a.fail("tour", err)
	}
	doer := replay.NewDoer(rt.fixture, replayBase)
	trace := &tracer{doer: doer}
	// The client of the recording; a replay has nothing to wait for.
	client, err := fixturecall.NewClient(trace, replayBase,
		confluent.Clock(nil, func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
	if err != nil {
		return a.fail("tour", err)
	}

	w := a.stdout
	fmt.Fprintln(w, "unwired tour: a replay of a session recorded from a real schema registry")
	for _, l := range wrapText(firstLine(rt.fixture.Comment), 84) {
		fmt.Fprintf(w, "  %s\n", l)
	}
	fmt.Fprintln(w, "  The typed client and the codec below run for real; the registry's answers")
	fmt.Fprintf(w, "  are replayed from %s, so no server is needed.\n", tourFixture)

	t := newTour(w, client, trace, false)
	if err := t.run(ctx, rt.steps, rt.wants); err != nil {
		return a.fail("tour", err)
	}
	if err := doer.Leftovers(); err != nil {
		return a.fail("tour", err)
	}
	fmt.Fprintf(w, "\nReplay complete: %d steps, %d recorded exchanges, all used; every result matches\n",
		len(rt.steps), len(rt.fixture.Exchanges))
	fmt.Fprintln(w, "what the registry's answers gave when the session was recorded.")
	fmt.Fprintln(w, "Run the same steps live:  unwired confluent tour --url http://localhost:8081")
	return exitOK
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func isHelpFlag(s string) bool {
	switch s {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}
