package fixturecall_test

import (
	"context"
	"fmt"
	"log"

	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/transport/replay"
)

// Replaying a recorded fixture: the call made on a client that answers
// from the fixture's exchanges, and its outcome compared with the want.
func ExampleReplay() {
	f, err := replay.LoadFixture("../../testdata/confluent/get_schema_by_id_not_found.txtar")
	if err != nil {
		log.Fatal(err)
	}
	call, want, err := fixturecall.Decode(f.Call, f.Want)
	if err != nil {
		log.Fatal(err)
	}
	const base = "http://registry"
	c, err := fixturecall.NewClient(replay.NewDoer(f, base), base)
	if err != nil {
		log.Fatal(err)
	}
	got, err := fixturecall.Replay(context.Background(), c, call)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(call.Op, call.Args.ID)
	fmt.Printf("%+v\n", *got.Error)
	fmt.Println("as recorded:", fixturecall.Compare(want, got) == nil)
	// Output:
	// GetSchemaByID 99
	// {Status:404 Code:40403 Message:Schema not found Sentinel:ErrSchemaNotFound Text:}
	// as recorded: true
}
