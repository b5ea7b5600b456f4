package codec

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/unwired-go/unwired/protocol/confluent"
)

// resolve registers text under subject, or with lookupOnly only looks it up,
// and returns the header that will frame values written with it: V0 with
// the id, or with useGUID V1 with the GUID (and the id).
func resolve(ctx context.Context, reg Registry, subject, text string, lookupOnly, useGUID bool) (Header, error) {
	s := confluent.Schema{Schema: text}
	var h Header
	if !lookupOnly {
		id, err := reg.RegisterSchema(ctx, subject, s)
		if err != nil {
			return Header{}, &RegistryError{Op: opRegister, Subject: subject, Err: err}
		}
		h.ID = id
	}
	if lookupOnly || useGUID {
		// Lookup is the one call of the interface that answers the GUID.
		ss, err := reg.LookupSchema(ctx, subject, s)
		if err != nil {
			return Header{}, &RegistryError{Op: opLookup, Subject: subject, Err: err}
		}
		if ss == nil {
			return Header{}, &RegistryError{Op: opLookup, Subject: subject, Err: errNoSchema}
		}
		if !lookupOnly && ss.ID != h.ID {
			return Header{}, &RegistryError{Op: opLookup, Subject: subject,
				Err: fmt.Errorf("registry answered id %d, but registering gave id %d", ss.ID, h.ID)}
		}
		h.ID = ss.ID
		if useGUID {
			if ss.GUID == "" {
				return Header{}, &RegistryError{Op: opLookup, Subject: subject,
					Err: errors.New("registry answered no GUID (registries before Confluent 8 have none); use V0 framing")}
			}
			g, err := ParseGUID(ss.GUID)
			if err != nil {
				return Header{}, &RegistryError{Op: opLookup, Subject: subject, Err: err}
			}
			h.Magic, h.GUID = MagicV1, g
		}
	}
	if h.ID < 0 || h.ID > math.MaxInt32 {
		op := opRegister
		if lookupOnly {
			op = opLookup // the id came from the lookup alone
		}
		return Header{}, &RegistryError{Op: op, Subject: subject,
			Err: fmt.Errorf("registry answered schema id %d, which does not fit the 32-bit wire format", h.ID)}
	}
	return h, nil
}
