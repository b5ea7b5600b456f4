package unwired_test

import (
	"context"
	"fmt"
	"io/fs"
	"log"
	"strings"
	"testing"

	"github.com/unwired-go/unwired"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/replay"
)

// Replay a recorded fixture through the typed client: no server, the
// registry's answers come from the corpus.
func ExampleFixtures() {
	data, err := fs.ReadFile(unwired.Fixtures, "testdata/confluent/get_schema_by_id.txtar")
	if err != nil {
		log.Fatal(err)
	}
	f, err := replay.ParseFixture(data)
	if err != nil {
		log.Fatal(err)
	}
	const base = "http://registry"
	doer := replay.NewDoer(f, base)
	client, err := confluent.NewClient(doer, confluent.URLs(base))
	if err != nil {
		log.Fatal(err)
	}
	s, err := client.GetSchemaByID(context.Background(), 1)
	if err != nil {
		log.Fatal(err)
	}
	name, err := confluent.AvroFullName(s.Schema)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Type(), name)
	fmt.Println("left over:", doer.Leftovers())
	// Output:
	// AVRO com.example.shop.Order
	// left over: <nil>
}

// TestFixturesEmbedded checks that the corpus is embedded whole: every
// fixture parses, and the tour is there.
func TestFixturesEmbedded(t *testing.T) {
	paths, err := fs.Glob(unwired.Fixtures, "testdata/confluent/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 2 {
		t.Fatalf("embedded fixtures: %q", paths)
	}
	tour := false
	for _, p := range paths {
		data, err := fs.ReadFile(unwired.Fixtures, p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := replay.ParseFixture(data); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		tour = tour || strings.HasSuffix(p, "/tour.txtar")
	}
	if !tour {
		t.Error("testdata/confluent/tour.txtar is not embedded")
	}
}
