// Package codectest provides an in-memory schema registry for tests of code
// that uses the codec package.
package codectest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"sync"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// Registry is an in-memory schema registry that implements codec.Registry
// the way Confluent's does, in miniature: a schema text gets one id (and
// one GUID) however many subjects it is registered under, and registering
// it again under a subject is a no-op that answers the same id. Schemas are
// matched by exact text and type, not by canonical form. Errors are
// *protocol.APIError values with the registry's codes and the confluent
// package's sentinels, as a real registry client returns them.
//
// The zero value is ready to use. Safe for concurrent use.
type Registry struct {
	// Err, if set, is called at the start of every operation with its name
	// ("GetSchemaByID", "GetSchemaByGUID", "RegisterSchema",
	// "LookupSchema"); a non-nil result is returned instead of the
	// operation's. Use it to inject failures.
	Err func(op string) error

	mu       sync.Mutex
	schemas  []stored         // by id-1
	byKey    map[string]int   // type + text → id
	byGUID   map[string]int   // GUID → id
	subjects map[string][]int // subject → ids, by version-1
	calls    map[string]int
}

type stored struct {
	schema confluent.Schema
	guid   string
}

// Calls returns how many times op was called (see Err for the names).
func (r *Registry) Calls(op string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[op] // a nil map reads as zero
}

// init makes the zero value usable. r.mu must be held.
func (r *Registry) init() {
	if r.calls == nil {
		r.calls = map[string]int{}
		r.byKey = map[string]int{}
		r.byGUID = map[string]int{}
		r.subjects = map[string][]int{}
	}
}

// begin counts op and consults Err. r.mu must be held.
func (r *Registry) begin(op string) error {
	r.init()
	r.calls[op]++
	if r.Err != nil {
		return r.Err(op)
	}
	return nil
}

// Add registers s under subject without counting a call, for test setup,
// and returns what the registry holds.
func (r *Registry) Add(subject string, s confluent.Schema) confluent.SubjectSchema {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	id := r.register(subject, s)
	return r.subjectSchema(subject, id)
}

func key(s confluent.Schema) string { return string(s.Type()) + "\x00" + s.Schema }

// guidOf derives a stable version-4-shaped GUID from a schema, so tests
// are deterministic.
func guidOf(s confluent.Schema) string {
	sum := sha256.Sum256([]byte(key(s)))
	sum[6] = sum[6]&0x0f | 0x40
	sum[8] = sum[8]&0x3f | 0x80
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// register stores s under subject and returns its id. r.mu must be held.
func (r *Registry) register(subject string, s confluent.Schema) int {
	id, ok := r.byKey[key(s)]
	if !ok {
		s = clone(s)
		r.schemas = append(r.schemas, stored{schema: s, guid: guidOf(s)})
		id = len(r.schemas)
		r.byKey[key(s)] = id
		r.byGUID[r.schemas[id-1].guid] = id
	}
	if !slices.Contains(r.subjects[subject], id) {
		r.subjects[subject] = append(r.subjects[subject], id)
	}
	return id
}

func (r *Registry) subjectSchema(subject string, id int) confluent.SubjectSchema {
	st := r.schemas[id-1]
	return confluent.SubjectSchema{
		Subject: subject,
		Version: slices.Index(r.subjects[subject], id) + 1,
		ID:      id,
		GUID:    st.guid,
		Schema:  clone(st.schema),
	}
}

func (r *Registry) schema(id int) *confluent.Schema {
	s := clone(r.schemas[id-1].schema)
	return &s
}

// clone copies the slices of s, so that neither the caller's schema nor
// what the registry answers shares memory with what it stores.
func clone(s confluent.Schema) confluent.Schema {
	s.References = slices.Clone(s.References)
	s.Metadata = slices.Clone(s.Metadata)
	s.RuleSet = slices.Clone(s.RuleSet)
	return s
}

// GetSchemaByID implements codec.Registry.
func (r *Registry) GetSchemaByID(ctx context.Context, id int) (*confluent.Schema, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.begin("GetSchemaByID"); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if id < 1 || id > len(r.schemas) {
		return nil, notFound(40403, "Schema "+strconv.Itoa(id)+" not found", confluent.ErrSchemaNotFound)
	}
	return r.schema(id), nil
}

// GetSchemaByGUID implements codec.Registry.
func (r *Registry) GetSchemaByGUID(ctx context.Context, guid string) (*confluent.Schema, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.begin("GetSchemaByGUID"); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	id, ok := r.byGUID[guid]
	if !ok {
		return nil, notFound(40403, "Schema "+guid+" not found", confluent.ErrSchemaNotFound)
	}
	return r.schema(id), nil
}

// RegisterSchema implements codec.Registry.
func (r *Registry) RegisterSchema(ctx context.Context, subject string, s confluent.Schema) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.begin("RegisterSchema"); err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return r.register(subject, s), nil
}

// LookupSchema implements codec.Registry.
func (r *Registry) LookupSchema(ctx context.Context, subject string, s confluent.Schema) (*confluent.SubjectSchema, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.begin("LookupSchema"); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ids, ok := r.subjects[subject]
	if !ok {
		return nil, notFound(40401, "Subject '"+subject+"' not found.", confluent.ErrSubjectNotFound)
	}
	id, ok := r.byKey[key(s)]
	if !ok || !slices.Contains(ids, id) {
		return nil, notFound(40403, "Schema not found", confluent.ErrSchemaNotFound)
	}
	ss := r.subjectSchema(subject, id)
	return &ss, nil
}

func notFound(code int, msg string, sentinel error) error {
	return &protocol.APIError{API: confluent.API, Status: 404, Code: strconv.Itoa(code), Message: msg, Sentinel: sentinel}
}
