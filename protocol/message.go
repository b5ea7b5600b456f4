package protocol

// Request is one HTTP request as data. URL is absolute. Builders own the
// Request they return; a driver must not modify it.
type Request struct {
	Method string
	URL    string
	Header Header
	Body   []byte
	// Idempotent says the request may be sent again after a failure whose
	// outcome is unknown (a transport error or a retryable status). Builders
	// set it: GET, HEAD, PUT and DELETE are idempotent by HTTP; a POST is
	// only when the API makes it so (Confluent's register and lookup).
	Idempotent bool
}

// Clone returns a deep copy of r.
func (r *Request) Clone() *Request {
	c := *r
	c.Header = r.Header.Clone()
	if r.Body != nil {
		// make, not append to nil: an empty body stays empty, not nil.
		c.Body = append(make([]byte, 0, len(r.Body)), r.Body...)
	}
	return &c
}

// Response is one HTTP response as data.
//
// Lifetime: a driver fills a Response the caller owns and may reuse Header
// and Body storage from one Do to the next. Parsers copy what they keep, so
// a Response may be reused as soon as the parser returns.
type Response struct {
	Status int
	Header Header
	Body   []byte
}

// Reset empties r, keeping its storage for reuse.
func (r *Response) Reset() {
	r.Status = 0
	clear(r.Header)
	r.Header = r.Header[:0]
	r.Body = r.Body[:0]
}

// OK reports whether the status is 2xx.
func (r *Response) OK() bool { return r.Status >= 200 && r.Status < 300 }
