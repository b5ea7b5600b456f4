package protocol

import (
	"fmt"
	"sort"
	"strings"

	"github.com/yosida95/uritemplate/v3"
)

// Vars are the variables of a URI template. A value is a string, a []string
// (an RFC 6570 list), a [][2]string (an ordered associative array) or a
// map[string]string (an associative array, expanded in key order).
type Vars map[string]any

// ExpandTemplate expands an RFC 6570 (level 4) URI template.
func ExpandTemplate(template string, vars Vars) (string, error) {
	t, err := uritemplate.New(template)
	if err != nil {
		return "", fmt.Errorf("uri template %q: %w", template, err)
	}
	vals := make(uritemplate.Values, len(vars))
	for name, v := range vars {
		switch v := v.(type) {
		case string:
			vals.Set(name, uritemplate.String(v))
		case []string:
			vals.Set(name, uritemplate.List(v...))
		case [][2]string:
			kv := make([]string, 0, 2*len(v))
			for _, p := range v {
				kv = append(kv, p[0], p[1])
			}
			vals.Set(name, uritemplate.KV(kv...))
		case map[string]string:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			kv := make([]string, 0, 2*len(v))
			for _, k := range keys {
				kv = append(kv, k, v[k])
			}
			vals.Set(name, uritemplate.KV(kv...))
		default:
			return "", fmt.Errorf("uri template %q: variable %q has unsupported type %T", template, name, v)
		}
	}
	s, err := t.Expand(vals)
	if err != nil {
		// The library hands back what it expanded so far; a truncated URL is
		// no use to anyone.
		return "", fmt.Errorf("uri template %q: %w", template, err)
	}
	return s, nil
}

// ResolveURL joins base and an expanded path the way kafkit does: a path
// that is already an absolute URL (has a scheme) is used as is; otherwise it
// is appended to base with exactly one slash between them.
func ResolveURL(base, path string) string {
	if i := strings.Index(path, "://"); i > 0 && !strings.ContainsAny(path[:i], "/?#") {
		return path
	}
	base = strings.TrimRight(base, "/")
	if path == "" {
		return base
	}
	if path[0] != '/' {
		return base + "/" + path
	}
	return base + path
}
