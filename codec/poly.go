package codec

import (
	"context"

	"github.com/linkedin/goavro/v2"
	"github.com/unwired-go/unwired/cache"
)

// PolySerializerOptions configure a PolySerializer. The zero value names
// subjects with TopicNameStrategy for values, registers schemas and frames
// in V0.
type PolySerializerOptions struct {
	Strategy   SubjectNameStrategy
	Key        bool // serialize keys (<topic>-key) rather than values
	LookupOnly bool // see SerializerOptions
	UseGUID    bool // see SerializerOptions
	// MaxSchemas bounds the compiled schemas and the registrations kept;
	// 0 means DefaultMaxSchemas.
	MaxSchemas int
}

// PolySerializer encodes values whose schema comes with each call, for
// topics that carry several record types. Each schema text is compiled
// once and each (subject, schema) pair registered once: a schema already
// registered under one subject is still registered under another, as the
// registry requires. Safe for concurrent use.
type PolySerializer struct {
	reg      Registry
	opt      PolySerializerOptions
	compiled *cache.Cache[string, *polySchema]
	headers  *cache.Cache[registration, Header]
}

// polySchema is a compiled schema and its record name, computed once.
type polySchema struct {
	codec   *goavro.Codec
	name    string
	nameErr error
}

// registration keys the registry's answer (see Encode): never by schema
// alone, as a schema registered under one subject must still be registered
// under another.
type registration struct {
	topic, schema string
}

// NewPolySerializer returns a PolySerializer that registers through reg.
func NewPolySerializer(reg Registry, opt PolySerializerOptions) *PolySerializer {
	max := opt.MaxSchemas
	if max <= 0 {
		max = DefaultMaxSchemas
	}
	return &PolySerializer{
		reg:      reg,
		opt:      opt,
		compiled: cache.New[string, *polySchema](cache.Options{MaxEntries: max}),
		headers:  cache.New[registration, Header](cache.Options{MaxEntries: max}),
	}
}

// Encode appends the framing and the Avro binary encoding of native, written
// with schema to topic, to dst. The first value of a (subject, schema) pair
// registers the schema through the registry, with ctx; concurrent first
// values share that call. On error it returns dst unchanged; errors are
// *SchemaError, *RegistryError, *EncodeError, ErrNoTopic and the context's.
func (p *PolySerializer) Encode(ctx context.Context, dst []byte, topic, schema string, native any) ([]byte, error) {
	ps, err := p.schema(schema)
	if err != nil {
		return dst, err
	}
	// Under one strategy, the subject is a function of topic and schema,
	// and different topics give different subjects, except with
	// RecordNameStrategy, which ignores the topic. So registrations are
	// kept by (topic, schema), with the topic dropped for
	// RecordNameStrategy: one per (subject, schema), found without
	// building the subject.
	if p.opt.Strategy == RecordNameStrategy {
		topic = ""
	}
	h, ok := p.headers.Get(registration{topic, schema})
	if !ok {
		if h, err = p.register(ctx, topic, ps, schema); err != nil {
			return dst, err
		}
	}
	n := len(dst)
	out, err := ps.codec.BinaryFromNative(AppendHeader(dst, h), native)
	if err != nil {
		subject, _ := p.opt.Strategy.subject(topic, p.opt.Key, ps.name, ps.nameErr)
		return dst[:n], &EncodeError{Subject: subject, Header: h, Err: err}
	}
	return out, nil
}

// register is the miss path of Encode: one registry call per (subject,
// schema), shared by concurrent callers.
func (p *PolySerializer) register(ctx context.Context, topic string, ps *polySchema, schema string) (Header, error) {
	subject, err := p.opt.Strategy.subject(topic, p.opt.Key, ps.name, ps.nameErr)
	if err != nil {
		return Header{}, err
	}
	return p.headers.Load(ctx, registration{topic, schema}, func(ctx context.Context) (Header, error) {
		return resolve(ctx, p.reg, subject, schema, p.opt.LookupOnly, p.opt.UseGUID)
	})
}

func (p *PolySerializer) schema(text string) (*polySchema, error) {
	if ps, ok := p.compiled.Get(text); ok {
		return ps, nil
	}
	codec, err := compile(text, nil)
	if err != nil {
		return nil, err
	}
	ps := &polySchema{codec: codec}
	ps.name, ps.nameErr = RecordName(text)
	p.compiled.Put(text, ps)
	return ps, nil
}
