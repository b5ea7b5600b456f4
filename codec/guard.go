package codec

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// goavro trusts the counts it reads: an array or map block count of up to
// 2^31 makes it allocate for that many items before reading one, so a
// ten-byte message can exhaust memory, and a recursive schema lets a long
// message nest deep enough to overflow the stack. Both are fatal errors, not
// panics, so no recover can catch them. A guard walks the payload first,
// without allocating, the way goavro will read it, and refuses a block that
// claims more items than the bytes left can hold, more items of zero size
// than a budget allows, or nesting beyond a limit.
//
// Schemas without arrays, maps or recursion get no guard: goavro reads them
// in bounded memory and depth.

const (
	// guardMaxDepth bounds the nesting of records, unions, arrays and maps.
	guardMaxDepth = 1000
	// guardZeroSizeItems bounds the items of zero encoded size (nulls, empty
	// records) in one payload: they cost goavro memory but no input bytes.
	guardZeroSizeItems = 1 << 16
)

type kind uint8

const (
	kNull kind = iota
	kBoolean
	kInt // int and long: one zig-zag varint either way
	kFloat
	kDouble
	kBytes // bytes and string
	kEnum
	kFixed
	kRecord
	kUnion
	kArray
	kMap
)

// node is one type of a schema as the binary encoding sees it.
type node struct {
	kind  kind
	size  int     // fixed: its size
	elem  *node   // array: items; map: values
	subs  []*node // record: fields; union: branches
	min   int     // fewest bytes a value can take (a lower bound in recursive schemas)
	state uint8   // of the min computation: 0 new, 1 in progress, 2 done
}

var primitives = map[string]kind{
	"null": kNull, "boolean": kBoolean, "int": kInt, "long": kInt,
	"float": kFloat, "double": kDouble, "bytes": kBytes, "string": kBytes,
}

// guard is the walkable form of a schema; nil means none is needed.
type guard struct {
	root *node
}

// newGuard builds the guard of a schema that goavro compiled. It resolves
// names as goavro does (a dotted name is full; otherwise the namespace
// attribute, then the enclosing namespace), since what matters is to read
// the bytes exactly as goavro will.
func newGuard(schema string) (*guard, error) {
	var v any
	if err := json.Unmarshal([]byte(schema), &v); err != nil {
		return nil, err
	}
	b := guardBuilder{named: map[string]*node{}}
	root, err := b.build(v, "")
	if err != nil {
		return nil, err
	}
	if recursive := minSize(root); !recursive && !b.containers {
		return nil, nil
	}
	return &guard{root: root}, nil
}

type guardBuilder struct {
	named      map[string]*node
	containers bool // an array or a map was seen
}

func (b *guardBuilder) build(v any, ns string) (*node, error) {
	switch v := v.(type) {
	case string:
		return b.byName(v, nil, ns)
	case map[string]any:
		switch t := v["type"].(type) {
		case string:
			return b.byName(t, v, ns)
		case map[string]any, []any:
			return b.build(t, ns)
		}
		return nil, fmt.Errorf("type of %v is neither a name, an object nor a union", v)
	case []any:
		n := &node{kind: kUnion}
		for _, br := range v {
			s, err := b.build(br, ns)
			if err != nil {
				return nil, err
			}
			n.subs = append(n.subs, s)
		}
		if len(n.subs) == 0 {
			return nil, errors.New("empty union")
		}
		return n, nil
	}
	return nil, fmt.Errorf("unexpected schema element %T", v)
}

// byName resolves a type given by name; m is the object that names it, whose
// other attributes (items, fields, size...) define it when it is a complex
// type.
func (b *guardBuilder) byName(t string, m map[string]any, ns string) (*node, error) {
	if k, ok := primitives[t]; ok {
		return &node{kind: k}, nil
	}
	if n, ok := b.named[t]; ok {
		return n, nil
	}
	if ns != "" {
		if n, ok := b.named[ns+"."+t]; ok {
			return n, nil
		}
	}
	if m == nil {
		return nil, fmt.Errorf("unknown type name %q", t)
	}
	switch t {
	case "array", "map":
		b.containers = true
		key := "items"
		n := &node{kind: kArray}
		if t == "map" {
			key, n.kind = "values", kMap
		}
		e, err := b.build(m[key], ns)
		if err != nil {
			return nil, err
		}
		n.elem = e
		return n, nil
	case "record", "enum", "fixed":
		full, inner, err := fullName(m, ns)
		if err != nil {
			return nil, err
		}
		n := &node{}
		b.named[full] = n // before the fields, for recursion
		switch t {
		case "enum":
			n.kind = kEnum
		case "fixed":
			n.kind = kFixed
			if n.size, err = fixedSize(m["size"]); err != nil {
				return nil, err
			}
		case "record":
			n.kind = kRecord
			fields, _ := m["fields"].([]any)
			for _, f := range fields {
				fm, ok := f.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("record %s: field %v is not an object", full, f)
				}
				s, err := b.build(fm, inner)
				if err != nil {
					return nil, err
				}
				n.subs = append(n.subs, s)
			}
		}
		return n, nil
	}
	return nil, fmt.Errorf("unknown type name %q", t)
}

// fullName returns the full name a named type defines and the namespace its
// members are resolved in.
func fullName(m map[string]any, enclosing string) (full, ns string, err error) {
	name, _ := m["name"].(string)
	if name == "" {
		return "", "", errors.New("named type without a name")
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name, name[:i], nil
	}
	ns, _ = m["namespace"].(string)
	if ns == "" {
		ns = enclosing
	}
	if ns == "" {
		return name, "", nil
	}
	return ns + "." + name, ns, nil
}

func fixedSize(v any) (int, error) {
	switch v := v.(type) {
	case float64:
		if v > 0 && v <= math.MaxInt32 {
			return int(v), nil
		}
	case string:
		if s, err := strconv.ParseUint(v, 10, 31); err == nil {
			return int(s), nil
		}
	}
	return 0, fmt.Errorf("fixed size %v out of range", v)
}

// minSize computes n.min for n and everything below it and reports whether
// the schema is recursive. A type met again while its own size is being
// computed counts as size 0, so sizes in a recursive schema are lower
// bounds, which is all the guard needs.
func minSize(n *node) (recursive bool) {
	switch n.state {
	case 1:
		return true
	case 2:
		return false
	}
	n.state = 1
	switch n.kind {
	case kNull:
		n.min = 0
	case kBoolean, kInt, kEnum, kBytes:
		n.min = 1
	case kFloat:
		n.min = 4
	case kDouble:
		n.min = 8
	case kFixed:
		n.min = n.size
	case kArray, kMap:
		recursive = minSize(n.elem)
		n.min = 1 // the terminating zero count
	case kRecord:
		for _, f := range n.subs {
			recursive = minSize(f) || recursive
			n.min = satAdd(n.min, f.min)
		}
	case kUnion:
		least := math.MaxInt
		for _, br := range n.subs {
			recursive = minSize(br) || recursive
			least = min(least, br.min)
		}
		n.min = satAdd(1, least)
	}
	n.state = 2
	return recursive
}

func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// errGuard* are the guard's refusals; they reach callers inside a
// *DecodeError.
var (
	errShort = errors.New("payload ends inside a value")
	errDepth = fmt.Errorf("values nest deeper than %d levels", guardMaxDepth)
)

// check walks payload as one value of the guarded schema.
func (g *guard) check(payload []byte) error {
	w := walker{zeroBudget: guardZeroSizeItems}
	_, err := w.walk(payload, g.root, 0)
	return err
}

type walker struct {
	zeroBudget int64
}

func (w *walker) walk(b []byte, n *node, depth int) ([]byte, error) {
	switch n.kind {
	case kNull:
		return b, nil
	case kBoolean:
		return skip(b, 1)
	case kFloat:
		return skip(b, 4)
	case kDouble:
		return skip(b, 8)
	case kFixed:
		return skip(b, n.size)
	case kInt, kEnum:
		_, b, err := varint(b)
		return b, err
	case kBytes:
		return skipBytes(b)
	}
	if depth >= guardMaxDepth {
		return nil, errDepth
	}
	switch n.kind {
	case kRecord:
		var err error
		for _, f := range n.subs {
			if b, err = w.walk(b, f, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	case kUnion:
		i, b, err := varint(b)
		if err != nil {
			return nil, err
		}
		if i < 0 || i >= int64(len(n.subs)) {
			return nil, fmt.Errorf("union branch %d out of range [0, %d)", i, len(n.subs))
		}
		return w.walk(b, n.subs[i], depth+1)
	}
	// Array or map: blocks of items, ended by a zero count.
	per := n.elem.min
	if n.kind == kMap {
		per = satAdd(per, 1) // the key's length
	}
	for {
		count, rest, err := varint(b)
		if err != nil {
			return nil, err
		}
		b = rest
		if count == 0 {
			return b, nil
		}
		if count < 0 {
			if count == math.MinInt64 {
				return nil, errors.New("block count out of range")
			}
			count = -count
			if _, b, err = varint(b); err != nil { // the block's size in bytes
				return nil, err
			}
		}
		if per > 0 {
			if count > int64(len(b)/per) {
				return nil, fmt.Errorf("block of %d items cannot fit in the %d bytes left", count, len(b))
			}
		} else {
			if count > w.zeroBudget {
				return nil, fmt.Errorf("more than %d items of zero size", guardZeroSizeItems)
			}
			w.zeroBudget -= count
		}
		for range count {
			if n.kind == kMap {
				if b, err = skipBytes(b); err != nil {
					return nil, err
				}
			}
			if b, err = w.walk(b, n.elem, depth+1); err != nil {
				return nil, err
			}
		}
	}
}

func skip(b []byte, n int) ([]byte, error) {
	if len(b) < n {
		return nil, errShort
	}
	return b[n:], nil
}

func skipBytes(b []byte) ([]byte, error) {
	l, b, err := varint(b)
	if err != nil {
		return nil, err
	}
	if l < 0 || l > int64(len(b)) {
		return nil, errShort
	}
	return b[l:], nil
}

// varint reads a zig-zag varint exactly as goavro does: any number of
// continuation bytes, bits beyond 64 dropped.
func varint(b []byte) (int64, []byte, error) {
	var v uint64
	var shift uint
	for i, c := range b {
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return int64(v>>1) ^ -int64(v&1), b[i+1:], nil
		}
		shift += 7
	}
	return 0, nil, errShort
}
