package protocol

import "strings"

// Field is one header line. Headers are kept as ordered slices rather than
// maps: a request carries a handful of fields, order is preserved on the wire
// and in fixtures, and no map is allocated per request.
type Field struct{ Name, Value string }

// Header is an ordered list of fields. Names compare case-insensitively; a
// name may repeat.
type Header []Field

// Get returns the value of the first field named name, or "".
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values returns every value of the fields named name, in order.
func (h Header) Values(name string) []string {
	var vs []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// Add appends a field.
func (h *Header) Add(name, value string) { *h = append(*h, Field{name, value}) }

// Set replaces every field named name by one field with value, keeping the
// position of the first.
func (h *Header) Set(name, value string) {
	for i, f := range *h {
		if strings.EqualFold(f.Name, name) {
			(*h)[i].Value = value
			h.del(name, i+1)
			return
		}
	}
	h.Add(name, value)
}

// Del removes every field named name.
func (h *Header) Del(name string) { h.del(name, 0) }

func (h *Header) del(name string, from int) {
	out := (*h)[:from]
	for _, f := range (*h)[from:] {
		if !strings.EqualFold(f.Name, name) {
			out = append(out, f)
		}
	}
	clear((*h)[len(out):])
	*h = out
}

// Clone returns a copy that shares no memory with h.
func (h Header) Clone() Header {
	if h == nil {
		return nil
	}
	return append(make(Header, 0, len(h)), h...)
}
