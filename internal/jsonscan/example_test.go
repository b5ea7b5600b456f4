package jsonscan_test

import (
	"encoding/json"
	"fmt"

	"github.com/unwired-go/unwired/internal/jsonscan"
)

// A parser reads the members it knows and skips the others; on any error
// it falls back to encoding/json, which then gives the result or the error.
// (A parser that must agree with encoding/json also declines names it would
// match ignoring case, as protocol/confluent's do.)
func Example() {
	body := []byte(`{"schema":"{\"type\":\"string\"}","id":7,"ts":1700000000000,"tags":["a"]}`)

	var v struct {
		Schema string `json:"schema"`
		ID     int    `json:"id"`
	}
	d := jsonscan.New(body)
	for more := d.EnterObject(); more; more = d.NextMember() {
		switch string(d.Key()) {
		case "schema":
			v.Schema = d.Str()
		case "id":
			v.ID = d.Int()
		default:
			d.Skip()
		}
	}
	d.End()
	if d.Err() != nil {
		v.Schema, v.ID = "", 0
		if err := json.Unmarshal(body, &v); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Printf("%s %d\n", v.Schema, v.ID)
	// Output: {"type":"string"} 7
}
