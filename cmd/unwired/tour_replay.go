package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/unwired-go/unwired/protocol"
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
	steps   []tourStep
	wants   []tourStepWant
}

// loadTour reads the tour fixture from fsys. Its call and want are decoded
// strictly: an argument the tour does not know is an error, not ignored.
func loadTour(fsys fs.FS) (*recordedTour, error) {
	data, err := fs.ReadFile(fsys, tourFixture)
	if err != nil {
		return nil, err
	}
	f, err := replay.ParseFixture(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tourFixture, err)
	}
	var (
		call tourCall
		want tourWant
	)
	if err := strictJSON(f.Call, &call); err != nil {
		return nil, fmt.Errorf("%s: call: %w", tourFixture, err)
	}
	if err := strictJSON(f.Want, &want); err != nil {
		return nil, fmt.Errorf("%s: want: %w", tourFixture, err)
	}
	if call.Op != "tour" || len(call.Args.Steps) == 0 {
		return nil, fmt.Errorf("%s: call: want op \"tour\" with steps, got op %q with %d steps", tourFixture, call.Op, len(call.Args.Steps))
	}
	if len(want.Steps) != len(call.Args.Steps) {
		return nil, fmt.Errorf("%s: %d steps but %d wants", tourFixture, len(call.Args.Steps), len(want.Steps))
	}
	return &recordedTour{fixture: f, steps: call.Args.Steps, wants: want.Steps}, nil
}

func strictJSON(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return fmt.Errorf("more than one JSON value")
	}
	return nil
}

// tourClient is the client of both tours: caches off, as when the tour
// was recorded, so every step makes its own requests and shows them.
func tourClient(doer protocol.Doer, urls []string, opts ...confluent.Option) (*confluent.Client, error) {
	opts = append([]confluent.Option{confluent.URLs(urls...), confluent.Caching(confluent.CacheConfig{Disabled: true})}, opts...)
	return confluent.NewClient(doer, opts...)
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
	// As recorded: no retries, and a replay has nothing to wait for.
	client, err := tourClient(trace, []string{replayBase}, confluent.Retry(protocol.RetryPolicy{}),
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

// sameJSON compares two JSON texts by value.
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return bytes.Equal(ja, jb)
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
