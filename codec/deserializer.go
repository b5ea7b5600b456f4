package codec

import (
	"context"

	"github.com/linkedin/goavro/v2"
	"github.com/unwired-go/unwired/cache"
)

// DeserializerOptions configure a Deserializer.
type DeserializerOptions struct {
	// MaxSchemas bounds each cache of compiled schemas (by id, by GUID, by
	// text); 0 means DefaultMaxSchemas.
	MaxSchemas int
}

// Deserializer decodes Confluent-framed Avro values. It fetches the writer's
// schema of each id or GUID from the registry once, single-flight, and keeps
// its compiled codec. Safe for concurrent use.
type Deserializer struct {
	reg    Registry
	byID   *cache.Cache[int, *decoder]
	byGUID *cache.Cache[GUID, *decoder]
	codecs codecs
}

// NewDeserializer returns a Deserializer that fetches schemas through reg.
func NewDeserializer(reg Registry, opt DeserializerOptions) *Deserializer {
	max := opt.MaxSchemas
	if max <= 0 {
		max = DefaultMaxSchemas
	}
	// A schema that cannot be used stays so: remember that for a while.
	o := cache.Options{MaxEntries: max, NegativeTTL: schemaErrorTTL, Negative: isSchemaError}
	return &Deserializer{
		reg:    reg,
		byID:   cache.New[int, *decoder](o),
		byGUID: cache.New[GUID, *decoder](o),
		codecs: newCodecs(max),
	}
}

// Decode reads the framing at the start of b, gets the writer's schema (from
// the registry the first time, with ctx) and decodes the payload, which must
// hold exactly one value. It returns the value in goavro's native form and
// the header, which names the schema.
//
// Errors: *ShortInputError and *MagicError for the framing, *RegistryError
// when the schema cannot be fetched (it wraps the registry's error),
// *SchemaError when it cannot be used, *DecodeError when the payload does
// not decode, *TrailingBytesError when bytes follow the value, and the
// context's.
func (d *Deserializer) Decode(ctx context.Context, b []byte) (any, Header, error) {
	h, payload, err := ParseHeader(b)
	if err != nil {
		return nil, h, err
	}
	dec, err := d.decoder(ctx, h)
	if err != nil {
		return nil, h, err
	}
	v, err := dec.decode(payload, h)
	return v, h, err
}

// Codec returns the compiled writer's schema a header names, fetching it
// if need be.
func (d *Deserializer) Codec(ctx context.Context, h Header) (*goavro.Codec, error) {
	dec, err := d.decoder(ctx, h)
	if err != nil {
		return nil, err
	}
	return dec.codec, nil
}

func (d *Deserializer) decoder(ctx context.Context, h Header) (*decoder, error) {
	if h.Magic == MagicV1 {
		if dec, ok := d.byGUID.Get(h.GUID); ok {
			return dec, nil
		}
	} else if dec, ok := d.byID.Get(h.ID); ok {
		return dec, nil
	}
	return d.fetch(ctx, h)
}

// fetch is the miss path of decoder, apart so that the hit path keeps h on
// the stack.
func (d *Deserializer) fetch(ctx context.Context, h Header) (*decoder, error) {
	if h.Magic == MagicV1 {
		return d.byGUID.Load(ctx, h.GUID, func(ctx context.Context) (*decoder, error) {
			s, err := d.reg.GetSchemaByGUID(ctx, h.GUID.String())
			if err != nil {
				return nil, &RegistryError{Op: opGetByGUID, Header: h, Err: err}
			}
			if s == nil {
				return nil, &RegistryError{Op: opGetByGUID, Header: h, Err: errNoSchema}
			}
			return d.codecs.get(s, &h)
		})
	}
	return d.byID.Load(ctx, h.ID, func(ctx context.Context) (*decoder, error) {
		s, err := d.reg.GetSchemaByID(ctx, h.ID)
		if err != nil {
			return nil, &RegistryError{Op: opGetByID, Header: h, Err: err}
		}
		if s == nil {
			return nil, &RegistryError{Op: opGetByID, Header: h, Err: errNoSchema}
		}
		return d.codecs.get(s, &h)
	})
}
