package nethttp

import (
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/unwired-go/unwired/protocol"
)

// appendHeader appends the fields of src to dst[:0]. net/http keeps the
// values of one name in order but the names in a map, so the names are
// sorted: the same response always gives the same Header, which keeps
// recorded fixtures stable. The strings are net/http's, not copies.
func appendHeader(dst protocol.Header, src http.Header) protocol.Header {
	n := 0
	for _, vs := range src {
		n += len(vs)
	}
	dst = dst[:0]
	if cap(dst) < n {
		dst = make(protocol.Header, 0, n)
	}
	for name, vs := range src {
		for _, v := range vs {
			dst = append(dst, protocol.Field{Name: name, Value: v})
		}
	}
	slices.SortStableFunc(dst, func(a, b protocol.Field) int { return strings.Compare(a.Name, b.Name) })
	return dst
}

// minRead is the first buffer for a body of unknown length.
const minRead = 512

// readBody reads r to EOF into dst[:0] and returns the body. n is the
// announced length, -1 when unknown. It never reads more than limit+1
// bytes: a body longer than limit is a *protocol.BodyTooLargeError, found
// from n without reading when n is known, or by the byte over otherwise.
// With a known length the buffer is sized n+1 at once, so the read that
// meets EOF, which lets net/http reuse the connection, needs no growth.
func readBody(r io.Reader, dst []byte, n, limit int64) ([]byte, error) {
	dst = dst[:0]
	if r == http.NoBody {
		return dst, nil
	}
	if n > limit {
		return dst, &protocol.BodyTooLargeError{Limit: limit}
	}
	ceiling := limit // the most bytes ever held: limit+1, without overflow
	if ceiling < int64(^uint(0)>>1)-1 {
		ceiling++
	}
	want := int64(minRead)
	if n >= 0 {
		want = n + 1
	}
	want = min(want, ceiling)
	if int64(cap(dst)) < want {
		dst = make([]byte, 0, want)
	}
	for {
		if int64(len(dst)) > limit {
			return dst[:0], &protocol.BodyTooLargeError{Limit: limit}
		}
		if len(dst) == cap(dst) {
			grown := make([]byte, len(dst), min(max(2*int64(cap(dst)), minRead), ceiling))
			copy(grown, dst)
			dst = grown
		}
		end := min(int64(cap(dst)), ceiling)
		m, err := r.Read(dst[len(dst):end])
		dst = dst[:len(dst)+m]
		if err == io.EOF {
			break
		}
		if err != nil {
			return dst[:0], err
		}
	}
	if int64(len(dst)) > limit {
		return dst[:0], &protocol.BodyTooLargeError{Limit: limit}
	}
	return dst, nil
}
