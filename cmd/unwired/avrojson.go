package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// orderedAvroJSON re-renders value, a datum in Avro's JSON encoding, with
// the fields of every record in the order its schema declares them.
// goavro writes record fields in map order, which changes from run to run;
// a reader expects the schema's order. Anything the schema does not explain
// is rendered with sorted keys.
func orderedAvroJSON(schema string, value []byte) ([]byte, error) {
	var s, v any
	if err := json.Unmarshal([]byte(schema), &s); err != nil {
		// A bare primitive name, such as "string", is also a schema.
		s = strings.Trim(schema, `" `)
	}
	d := json.NewDecoder(bytes.NewReader(value))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("not one JSON value")
	}
	r := avroRenderer{named: map[string]any{}}
	r.collect(s, "")
	var b bytes.Buffer
	if err := r.render(&b, s, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// fullNameKey is where collect notes a named type's full name in the
// parsed schema; no Avro attribute can have it, as it holds a space.
const fullNameKey = " fullname"

// avroRenderer knows the named types (records, enums, fixed) of a schema,
// by full and by short name.
type avroRenderer struct {
	named map[string]any
}

func (r *avroRenderer) collect(s any, ns string) {
	switch s := s.(type) {
	case []any:
		for _, b := range s {
			r.collect(b, ns)
		}
	case map[string]any:
		if name, ok := s["name"].(string); ok {
			if n, ok := s["namespace"].(string); ok {
				ns = n
			}
			full := name
			if !strings.Contains(name, ".") && ns != "" {
				full = ns + "." + name
			} else if i := strings.LastIndexByte(name, '.'); i >= 0 {
				ns = name[:i]
			}
			r.named[full] = s
			s[fullNameKey] = full
			short := full[strings.LastIndexByte(full, '.')+1:]
			if _, taken := r.named[short]; !taken {
				r.named[short] = s
			}
		}
		if fields, ok := s["fields"].([]any); ok {
			for _, f := range fields {
				if f, ok := f.(map[string]any); ok {
					r.collect(f["type"], ns)
				}
			}
		}
		r.collect(s["items"], ns)
		r.collect(s["values"], ns)
		if t, ok := s["type"].(map[string]any); ok {
			r.collect(t, ns)
		}
	}
}

func (r *avroRenderer) render(b *bytes.Buffer, s, v any) error {
	switch st := s.(type) {
	case string:
		if def, ok := r.named[st]; ok {
			return r.render(b, def, v)
		}
	case []any: // union: null, or {"branch": value}
		m, ok := v.(map[string]any)
		if !ok || len(m) != 1 {
			break
		}
		for branch, inner := range m {
			for _, bs := range st {
				if r.typeName(bs) == branch || r.shortName(bs) == branch {
					b.WriteByte('{')
					writeJSON(b, branch)
					b.WriteByte(':')
					if err := r.render(b, bs, inner); err != nil {
						return err
					}
					b.WriteByte('}')
					return nil
				}
			}
		}
	case map[string]any:
		switch st["type"] {
		case "record", "error":
			m, ok := v.(map[string]any)
			fields, _ := st["fields"].([]any)
			if !ok {
				break
			}
			b.WriteByte('{')
			seen := map[string]bool{}
			for _, f := range fields {
				f, _ := f.(map[string]any)
				name, _ := f["name"].(string)
				fv, present := m[name]
				if !present {
					continue
				}
				if len(seen) > 0 {
					b.WriteByte(',')
				}
				seen[name] = true
				writeJSON(b, name)
				b.WriteByte(':')
				if err := r.render(b, f["type"], fv); err != nil {
					return err
				}
			}
			var extra []string
			for k := range m {
				if !seen[k] {
					extra = append(extra, k)
				}
			}
			slices.Sort(extra)
			for _, k := range extra {
				if len(seen) > 0 {
					b.WriteByte(',')
				}
				seen[k] = true
				writeJSON(b, k)
				b.WriteByte(':')
				writeJSON(b, m[k])
			}
			b.WriteByte('}')
			return nil
		case "array":
			items, ok := v.([]any)
			if !ok {
				break
			}
			b.WriteByte('[')
			for i, it := range items {
				if i > 0 {
					b.WriteByte(',')
				}
				if err := r.render(b, st["items"], it); err != nil {
					return err
				}
			}
			b.WriteByte(']')
			return nil
		case "map":
			m, ok := v.(map[string]any)
			if !ok {
				break
			}
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			b.WriteByte('{')
			for i, k := range keys {
				if i > 0 {
					b.WriteByte(',')
				}
				writeJSON(b, k)
				b.WriteByte(':')
				if err := r.render(b, st["values"], m[k]); err != nil {
					return err
				}
			}
			b.WriteByte('}')
			return nil
		default:
			// {"type": {...}} wraps a schema; a logical type such as
			// {"type": "long", "logicalType": ...} is rendered as is, and
			// so are enums and fixed. A named type is not followed from
			// here: every step that follows one must consume a level of
			// the value, or a schema naming itself would never end.
			if inner, ok := st["type"].(map[string]any); ok {
				return r.render(b, inner, v)
			}
		}
	}
	writeJSON(b, v)
	return nil
}

// typeName is the name a union branch of schema s has in Avro's JSON
// encoding: the primitive or complex type's name, or a named type's full
// name.
func (r *avroRenderer) typeName(s any) string {
	switch s := s.(type) {
	case string:
		if def, ok := r.named[s]; ok && !isPrimitive(s) {
			return r.typeName(def)
		}
		return s
	case map[string]any:
		if full, ok := s[fullNameKey].(string); ok {
			return full
		}
		t, _ := s["type"].(string)
		return t
	}
	return ""
}

func (r *avroRenderer) shortName(s any) string {
	n := r.typeName(s)
	return n[strings.LastIndexByte(n, '.')+1:]
}

func isPrimitive(s string) bool {
	switch s {
	case "null", "boolean", "int", "long", "float", "double", "bytes", "string":
		return true
	}
	return false
}

// writeJSON writes v compactly, with sorted keys and no HTML escaping.
func writeJSON(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // values from a JSON decoder always encode
	b.Truncate(b.Len() - 1)
}

// fieldChanges describes how the top-level fields of two record schemas
// differ ("adds field ..."), or returns nil when either is not a record
// or they have the same fields.
func fieldChanges(before, after string) []string {
	fields := func(schema string) (names []string, defs map[string]json.RawMessage) {
		var rec struct {
			Type   any               `json:"type"`
			Fields []json.RawMessage `json:"fields"`
		}
		if json.Unmarshal([]byte(schema), &rec) != nil || rec.Type != "record" {
			return nil, nil
		}
		defs = map[string]json.RawMessage{}
		for _, f := range rec.Fields {
			var named struct {
				Name string `json:"name"`
			}
			if json.Unmarshal(f, &named) != nil || named.Name == "" {
				return nil, nil
			}
			names = append(names, named.Name)
			var c bytes.Buffer
			_ = json.Compact(&c, f) // valid: it unmarshalled
			defs[named.Name] = c.Bytes()
		}
		return names, defs
	}
	oldNames, oldDefs := fields(before)
	newNames, newDefs := fields(after)
	if oldDefs == nil || newDefs == nil {
		return nil
	}
	var out []string
	for _, n := range newNames {
		switch old, had := oldDefs[n]; {
		case !had:
			out = append(out, "adds field "+string(newDefs[n]))
		case !bytes.Equal(old, newDefs[n]):
			out = append(out, "changes field "+string(newDefs[n]), "  (was "+string(old)+")")
		}
	}
	for _, n := range oldNames {
		if _, kept := newDefs[n]; !kept {
			out = append(out, "removes field "+string(oldDefs[n]))
		}
	}
	return out
}
