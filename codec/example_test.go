package codec_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/codec/codectest"
	"github.com/unwired-go/unwired/protocol/confluent"
)

const pageViewSchema = `{
  "type": "record", "name": "PageView", "namespace": "com.example",
  "fields": [
    {"name": "url", "type": "string"},
    {"name": "ms", "type": "long"}
  ]
}`

func ExampleSerializer() {
	ctx := context.Background()
	// In production the registry is a *confluent.Client.
	reg := &codectest.Registry{}

	subject, _ := codec.TopicNameStrategy.Subject("page-views", false, pageViewSchema)
	s, err := codec.NewSerializer(ctx, reg, subject, pageViewSchema, codec.SerializerOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf []byte
	for _, url := range []string{"/", "/about"} {
		buf, err = s.Encode(buf[:0], map[string]any{"url": url, "ms": int64(12)})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("% x\n", buf)
	}
	fmt.Println(subject, "registered", reg.Calls("RegisterSchema"), "time(s)")
	// Output:
	// 00 00 00 00 01 02 2f 18
	// 00 00 00 00 01 0c 2f 61 62 6f 75 74 18
	// page-views-value registered 1 time(s)
}

func ExampleDeserializer() {
	ctx := context.Background()
	reg := &codectest.Registry{}
	reg.Add("page-views-value", confluent.Schema{Schema: pageViewSchema})
	d := codec.NewDeserializer(reg, codec.DeserializerOptions{})

	msg := []byte{0, 0, 0, 0, 1, 0x0c, '/', 'a', 'b', 'o', 'u', 't', 0x18}
	v, h, err := d.Decode(ctx, msg)
	fmt.Println(v, h, err)

	_, _, err = d.Decode(ctx, []byte{0, 0, 0, 0, 7, 0})
	fmt.Println(errors.Is(err, confluent.ErrSchemaNotFound))
	var re *codec.RegistryError
	fmt.Println(errors.As(err, &re), re.Header.ID)
	// Output:
	// map[ms:12 url:/about] schema id 1 <nil>
	// true
	// true 7
}

func ExamplePolySerializer() {
	ctx := context.Background()
	reg := &codectest.Registry{}
	p := codec.NewPolySerializer(reg, codec.PolySerializerOptions{Strategy: codec.TopicRecordNameStrategy})
	const click = `{"type":"record","name":"Click","namespace":"com.example","fields":[{"name":"x","type":"int"}]}`
	for _, w := range []struct {
		schema string
		value  map[string]any
	}{
		{pageViewSchema, map[string]any{"url": "/", "ms": int64(1)}},
		{click, map[string]any{"x": int32(3)}},
		{pageViewSchema, map[string]any{"url": "/a", "ms": int64(2)}},
	} {
		b, err := p.Encode(ctx, nil, "events", w.schema, w.value)
		if err != nil {
			fmt.Println(err)
			return
		}
		h, _, _ := codec.ParseHeader(b)
		fmt.Println(h)
	}
	fmt.Println(reg.Calls("RegisterSchema"), "registrations")
	// Output:
	// schema id 1
	// schema id 2
	// schema id 1
	// 2 registrations
}

func ExampleRecordName() {
	for _, s := range []string{
		`{"type":"record","name":"User","namespace":"com.example","fields":[]}`,
		`{"type":"record","name":"org.acme.User","namespace":"com.example","fields":[]}`,
		`"string"`,
	} {
		fmt.Println(codec.RecordName(s))
	}
	// Output:
	// com.example.User <nil>
	// org.acme.User <nil>
	//  codec: no record name: confluent: invalid argument: a primitive schema has no name
}
