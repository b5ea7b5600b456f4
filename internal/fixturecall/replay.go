package fixturecall

import (
	"context"
	"fmt"

	"github.com/unwired-go/unwired/protocol/confluent"
)

// Replay makes call on c and returns its outcome in the want's shape: a
// tour step by step, as recorded (each step with its own arguments), any
// other call once. It fails, sending nothing, for a call Validate
// refuses, and for a result that does not encode.
func Replay(ctx context.Context, c *confluent.Client, call Call) (Want, error) {
	if err := Validate(call); err != nil {
		return Want{}, err
	}
	if call.Op != TourOp {
		return Outcome(Run(ctx, c, call))
	}
	var got Want
	for i, s := range call.Args.Steps {
		w, err := Outcome(Run(ctx, c, s))
		if err != nil {
			return Want{}, fmt.Errorf("step %d: %w", i+1, err)
		}
		got.Steps = append(got.Steps, w)
	}
	return got, nil
}

// Verify replays a fixture on c: it decodes the call and want sections
// strictly, makes the call and compares the outcome with the
// want. c must answer from the fixture's exchanges (transport/replay), so
// a request that differs from the recorded one fails too.
func Verify(ctx context.Context, c *confluent.Client, callJSON, wantJSON []byte) error {
	call, want, err := Decode(callJSON, wantJSON)
	if err != nil {
		return err
	}
	got, err := Replay(ctx, c, call)
	if err != nil {
		return err
	}
	return Compare(want, got)
}
