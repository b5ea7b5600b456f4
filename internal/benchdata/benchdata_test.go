package benchdata

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResponseBody(t *testing.T) {
	body := ResponseBody()
	if len(AvroSchema) != 910 || len(body) != 1144 {
		t.Errorf("sizes: schema %d, body %d bytes; the docs say 910 and 1,144", len(AvroSchema), len(body))
	}
	var got map[string]string
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("ResponseBody is not a JSON object of strings: %v", err)
	}
	want := map[string]string{"schema": AvroSchema, "schemaType": "AVRO"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ResponseBody (-want +got):\n%s", d)
	}
	if body[len(body)-1] != '\n' {
		t.Error("ResponseBody does not end with the Encoder's newline")
	}
}
