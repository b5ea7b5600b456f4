package confluent

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Version selects a version of a subject: a number from 1 to 2^31-1, or
// Latest. The registry accepts "latest" and -1 as the same thing; Latest is
// -1 and is sent as "latest". The zero Version is not valid.
type Version int

// Latest is the newest version of a subject.
const Latest Version = -1

// Valid reports whether the registry accepts v.
func (v Version) Valid() bool {
	return v == Latest || (v >= 1 && v <= math.MaxInt32)
}

// String returns "latest" for Latest and the number otherwise, as it appears
// in a URL.
func (v Version) String() string {
	if v == Latest {
		return "latest"
	}
	return strconv.Itoa(int(v))
}

// ParseVersion reads a version as the registry does: "latest", "-1" or a
// number from 1 to 2^31-1.
func ParseVersion(s string) (Version, error) {
	if s == "latest" {
		return Latest, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || !Version(n).Valid() || int64(Version(n)) != n {
		return 0, fmt.Errorf("%w: version %q is not a number from 1 to 2^31-1, -1 or \"latest\"", ErrInvalidArgument, s)
	}
	return Version(n), nil
}

// MarshalJSON writes Latest as "latest" and any other version as a number.
func (v Version) MarshalJSON() ([]byte, error) {
	if v == Latest {
		return []byte(`"latest"`), nil
	}
	return strconv.AppendInt(nil, int64(v), 10), nil
}

// UnmarshalJSON reads a number, or a string ParseVersion accepts. null
// leaves v as it is, as encoding/json does for an int.
func (v *Version) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	var s string
	if len(data) > 0 && data[0] == '"' {
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
	} else {
		s = string(data)
	}
	p, err := ParseVersion(s)
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// checkVersion is the builders' guard against a URL the registry would
// refuse with 42202.
func checkVersion(v Version) error {
	if !v.Valid() {
		return fmt.Errorf("%w: version %d is not a number from 1 to 2^31-1 or Latest", ErrInvalidArgument, int(v))
	}
	return nil
}
