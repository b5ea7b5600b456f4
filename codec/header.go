package codec

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
)

// Magic bytes of the two framings.
const (
	MagicV0 byte = 0 // followed by a 4-byte big-endian schema id
	MagicV1 byte = 1 // followed by a 16-byte schema GUID
)

// Header lengths, magic byte included.
const (
	HeaderLenV0 = 5
	HeaderLenV1 = 17
)

// GUID is a schema's globally unique id as it travels in a V1 header. Its
// text form, which the registry uses, is the canonical UUID form.
type GUID [16]byte

// String returns g as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, lower case.
func (g GUID) String() string {
	var b [36]byte
	hex.Encode(b[0:8], g[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], g[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], g[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], g[8:10])
	b[23] = '-'
	hex.Encode(b[24:36], g[10:16])
	return string(b[:])
}

// ParseGUID parses the canonical text form of a GUID, in either case.
func ParseGUID(s string) (GUID, error) {
	var g GUID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return g, fmt.Errorf("codec: GUID %q is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", s)
	}
	j := 0
	for i := 0; i < len(s); {
		if i == 8 || i == 13 || i == 18 || i == 23 { // the dashes checked above
			i++
			continue
		}
		hi, ok1 := unhex(s[i])
		lo, ok2 := unhex(s[i+1])
		if !ok1 || !ok2 {
			return GUID{}, fmt.Errorf("codec: GUID %q has a non-hexadecimal digit", s)
		}
		g[j] = hi<<4 | lo
		j++
		i += 2
	}
	return g, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// Header is the schema reference in front of a payload.
type Header struct {
	Magic byte // MagicV0 or MagicV1
	ID    int  // V0: the schema id
	GUID  GUID // V1: the schema GUID
}

// Len returns the length of h on the wire.
func (h Header) Len() int {
	if h.Magic == MagicV1 {
		return HeaderLenV1
	}
	return HeaderLenV0
}

// String describes the schema h refers to, for messages.
func (h Header) String() string {
	if h.Magic == MagicV1 {
		return "schema GUID " + h.GUID.String()
	}
	return fmt.Sprintf("schema id %d", h.ID)
}

// AppendHeaderV0 appends the V0 framing for schema id to dst. Schema ids
// are 32-bit on the wire; AppendHeaderV0 panics if id is negative or above
// math.MaxInt32. Serializers check ids from the registry before using them.
func AppendHeaderV0(dst []byte, id int) []byte {
	if id < 0 || id > math.MaxInt32 {
		panic(fmt.Sprintf("codec: schema id %d does not fit the wire format", id))
	}
	return binary.BigEndian.AppendUint32(append(dst, MagicV0), uint32(id))
}

// AppendHeaderV1 appends the V1 framing for a schema GUID to dst.
func AppendHeaderV1(dst []byte, guid GUID) []byte {
	return append(append(dst, MagicV1), guid[:]...)
}

// AppendHeader appends h in its framing.
func AppendHeader(dst []byte, h Header) []byte {
	if h.Magic == MagicV1 {
		return AppendHeaderV1(dst, h.GUID)
	}
	return AppendHeaderV0(dst, h.ID)
}

// ParseHeader reads the framing at the start of b and returns it with the
// payload that follows, which aliases b. Errors are *ShortInputError and
// *MagicError.
func ParseHeader(b []byte) (Header, []byte, error) {
	if len(b) == 0 {
		return Header{}, nil, &ShortInputError{Len: 0, Need: 1}
	}
	switch b[0] {
	case MagicV0:
		if len(b) < HeaderLenV0 {
			return Header{}, nil, &ShortInputError{Len: len(b), Need: HeaderLenV0}
		}
		// Ids are signed 32-bit integers, as the registry's own clients
		// read them; a negative one simply names no schema.
		id := int32(binary.BigEndian.Uint32(b[1:5]))
		return Header{Magic: MagicV0, ID: int(id)}, b[HeaderLenV0:], nil
	case MagicV1:
		if len(b) < HeaderLenV1 {
			return Header{}, nil, &ShortInputError{Len: len(b), Need: HeaderLenV1}
		}
		h := Header{Magic: MagicV1}
		copy(h.GUID[:], b[1:HeaderLenV1])
		return h, b[HeaderLenV1:], nil
	}
	return Header{}, nil, &MagicError{Magic: b[0]}
}
