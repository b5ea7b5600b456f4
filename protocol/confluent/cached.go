package confluent

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"strconv"
	"sync"
	"time"

	"github.com/unwired-go/unwired/cache"
)

// CacheConfig configures the caches behind GetSchemaByID, GetSchemaByGUID,
// GetSchemaBySubject, RegisterSchema and LookupSchema. The zero value is
// the default described on each field.
//
// What is cached, and for how long:
//
//   - schema by id, and by guid: until evicted (a schema id never changes
//     meaning);
//   - (subject, version number) → schema, (subject, schema) → id of a
//     registration, (subject, schema) → version of a lookup: for TTL, and
//     forgotten at once when this client deletes the subject or a version
//     of it;
//   - (subject, "latest") → schema: for LatestTTL only, so a new version
//     is seen within LatestTTL without asking the registry on every call;
//     a registration through this client forgets it at once;
//   - "not found" answers (ErrSubjectNotFound, ErrVersionNotFound,
//     ErrSchemaNotFound): for NotFoundTTL. Other errors, server (5xx) and
//     transport errors above all, are never cached.
//
// Concurrent misses of one key send one request (single flight).
type CacheConfig struct {
	// Disabled turns every cache off: each call asks the registry.
	Disabled bool
	// MaxEntries bounds each cache; 0 means cache.DefaultMaxEntries (1000).
	MaxEntries int
	// TTL bounds the life of the subject-scoped entries; 0 means until
	// evicted or invalidated.
	TTL time.Duration
	// LatestTTL is how long "latest" answers are reused; 0 means
	// DefaultLatestTTL, a negative value not at all.
	LatestTTL time.Duration
	// NotFoundTTL is how long "not found" answers are reused; 0 means
	// DefaultNotFoundTTL, a negative value not at all.
	NotFoundTTL time.Duration
}

// Defaults of CacheConfig.
const (
	DefaultLatestTTL   = 30 * time.Second
	DefaultNotFoundTTL = 5 * time.Second
)

type caches struct {
	byID       *cache.Cache[int, Schema]
	byGUID     *cache.Cache[string, Schema]
	byVersion  *cache.Cache[versionKey, SubjectSchema]
	latest     *cache.Cache[subjectKey, SubjectSchema] // nil: latest is not cached
	registered *cache.Cache[schemaKey, int]
	lookups    *cache.Cache[schemaKey, SubjectSchema]
	gens       generations
}

// Keys of subject-scoped entries carry the subject's generation: deleting
// a subject or a version moves the subject to a new generation, which
// forgets all of its entries at once without enumerating them.
type (
	subjectKey struct {
		gen     uint64
		subject string
	}
	versionKey struct {
		gen     uint64
		subject string
		version int
	}
	schemaKey struct {
		gen     uint64
		subject string
		schema  [sha256.Size]byte
	}
)

func newCaches(cfg CacheConfig, now func() time.Time) *caches {
	if cfg.Disabled {
		return nil
	}
	notFound := cfg.NotFoundTTL
	switch {
	case notFound == 0:
		notFound = DefaultNotFoundTTL
	case notFound < 0:
		notFound = 0 // the cache package's "never"
	}
	opts := cache.Options{
		MaxEntries:  cfg.MaxEntries,
		NegativeTTL: notFound,
		Negative:    IsNotFound,
		Now:         now,
	}
	scoped := opts
	scoped.TTL = max(cfg.TTL, 0)
	c := &caches{
		byID:       cache.New[int, Schema](opts),
		byGUID:     cache.New[string, Schema](opts),
		byVersion:  cache.New[versionKey, SubjectSchema](scoped),
		registered: cache.New[schemaKey, int](scoped),
		lookups:    cache.New[schemaKey, SubjectSchema](scoped),
		gens:       generations{bySubject: map[string]uint64{}, max: max(cfg.MaxEntries, cache.DefaultMaxEntries)},
	}
	if cfg.LatestTTL >= 0 {
		latest := opts
		latest.TTL = cfg.LatestTTL
		if latest.TTL == 0 {
			latest.TTL = DefaultLatestTTL
		}
		c.latest = cache.New[subjectKey, SubjectSchema](latest)
	}
	return c
}

// generations numbers the states of subjects. Generation numbers are never
// reused, so a key made before a bump never matches one made after.
type generations struct {
	mu        sync.RWMutex
	last      uint64            // the last number handed out
	base      uint64            // generation of subjects not in bySubject
	bySubject map[string]uint64 // subjects bumped since the last reset
	max       int               // bySubject's bound
}

func (g *generations) of(subject string) uint64 {
	g.mu.RLock()
	n, ok := g.bySubject[subject]
	if !ok {
		n = g.base
	}
	g.mu.RUnlock()
	return n
}

// bump moves subject to a new generation. When the map is full every
// subject moves on instead, which keeps it bounded and is still correct:
// it only forgets more.
func (g *generations) bump(subject string) {
	g.mu.Lock()
	g.last++
	if len(g.bySubject) >= g.max {
		clear(g.bySubject)
		g.base = g.last
	} else {
		g.bySubject[subject] = g.last
	}
	g.mu.Unlock()
}

// invalidateAll forgets everything cached under every subject.
func (c *caches) invalidateAll() {
	if c == nil {
		return
	}
	g := &c.gens
	g.mu.Lock()
	g.last++
	clear(g.bySubject)
	g.base = g.last
	g.mu.Unlock()
}

// invalidate forgets everything cached under subject.
func (c *caches) invalidate(subject string) {
	if c != nil {
		c.gens.bump(subject)
	}
}

// noteRegistration records that s was (or, after an error, may have been)
// registered under subject as r. A new version may exist now: "latest"
// and a remembered "not found" of s are forgotten (as is a remembered
// "version not found" of r.Version, when the registry says which). The subject's other entries stay valid, so it does
// not move to a new generation: that would also forget this registration,
// and two schemas registered in turn would each miss every time.
func (c *caches) noteRegistration(subject string, s Schema, r RegisterResult) {
	if c == nil {
		return
	}
	gen := c.gens.of(subject)
	if c.latest != nil {
		c.latest.Delete(subjectKey{gen, subject})
	}
	c.lookups.Delete(schemaKey{gen, subject, fingerprint(s)})
	if r.Version > 0 {
		c.byVersion.Delete(versionKey{gen, subject, r.Version})
	}
}

// fingerprint identifies a schema as a registration does: type, text,
// references, metadata and rule set. Each part is length-prefixed so no two
// schemas share an encoding.
func fingerprint(s Schema) [sha256.Size]byte {
	h := sha256.New()
	field := func(h hash.Hash, b []byte) {
		var n [binary.MaxVarintLen64]byte
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))])
		h.Write(b)
	}
	field(h, []byte(s.Type()))
	field(h, []byte(s.Schema))
	field(h, []byte(strconv.Itoa(len(s.References))))
	for _, r := range s.References {
		field(h, []byte(r.Name))
		field(h, []byte(r.Subject))
		field(h, []byte(strconv.Itoa(r.Version)))
	}
	field(h, s.Metadata)
	field(h, s.RuleSet)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// checkSubject rejects an empty subject before a cache key is made of it.
func checkSubject(subject string) error {
	_, err := subjectPath("", subject)
	return err
}

// GetSchemaByID returns schema id, from the cache when it can. The result
// is the caller's own. Use FetchSchemaByID for the registry's options.
func (c *Client) GetSchemaByID(ctx context.Context, id int) (*Schema, error) {
	// A hit, the common case for a deserializer, builds no loader closure:
	// the caller's copy is its only allocation.
	if c.caches != nil {
		if s, ok := c.caches.byID.Get(id); ok {
			s = s.clone()
			return &s, nil
		}
	}
	load := func(ctx context.Context) (Schema, error) {
		s, err := run(ctx, c, NewGetSchemaByIDRequest(c.base(), id, GetSchemaByIDOptions{}), ParseGetSchemaByID)
		if err == nil && s.GUID != "" && c.caches != nil {
			c.caches.byGUID.Put(s.GUID, s.Schema)
		}
		return s.Schema, err
	}
	return loadSchema(ctx, c, id, load, func(cs *caches) *cache.Cache[int, Schema] { return cs.byID })
}

// GetSchemaByGUID returns the schema with guid (Confluent 8 and later),
// from the cache when it can. The result is the caller's own.
func (c *Client) GetSchemaByGUID(ctx context.Context, guid string) (*Schema, error) {
	if guid == "" {
		return nil, fmt.Errorf("%w: empty guid", ErrInvalidArgument)
	}
	load := func(ctx context.Context) (Schema, error) {
		req, err := NewGetSchemaByGUIDRequest(c.base(), guid, GetSchemaByGUIDOptions{})
		if err != nil {
			return Schema{}, err
		}
		s, err := run(ctx, c, req, ParseGetSchemaByGUID)
		return s.Schema, err
	}
	return loadSchema(ctx, c, guid, load, func(cs *caches) *cache.Cache[string, Schema] { return cs.byGUID })
}

func loadSchema[K comparable](ctx context.Context, c *Client, key K, load func(context.Context) (Schema, error), pick func(*caches) *cache.Cache[K, Schema]) (*Schema, error) {
	var (
		s   Schema
		err error
	)
	if c.caches == nil {
		s, err = load(ctx)
	} else {
		s, err = pick(c.caches).Load(ctx, key, load)
	}
	if err != nil {
		return nil, err
	}
	s = s.clone()
	return &s, nil
}

// GetSchemaBySubject returns version of subject. A version number is
// cached like a schema id; Latest is reused for CacheConfig.LatestTTL, so a
// hot path may call it per message. The result is the caller's own. Use
// GetVersion for the registry's options.
func (c *Client) GetSchemaBySubject(ctx context.Context, subject string, version Version) (*SubjectSchema, error) {
	if err := checkSubject(subject); err != nil {
		return nil, err
	}
	if err := checkVersion(version); err != nil {
		return nil, err
	}
	fetch := func(ctx context.Context) (SubjectSchema, error) {
		req, err := NewGetVersionRequest(c.base(), subject, version, GetVersionOptions{})
		if err != nil {
			return SubjectSchema{}, err
		}
		return run(ctx, c, req, ParseGetVersion)
	}
	var (
		ss  SubjectSchema
		err error
	)
	switch cs := c.caches; {
	case cs == nil:
		ss, err = fetch(ctx)
	case version != Latest:
		ss, err = cs.byVersion.Load(ctx, versionKey{cs.gens.of(subject), subject, int(version)}, fetch)
	default:
		gen := cs.gens.of(subject)
		latest := func(ctx context.Context) (SubjectSchema, error) {
			ss, err := fetch(ctx)
			if err == nil && ss.Version > 0 {
				cs.byVersion.Put(versionKey{gen, subject, ss.Version}, ss)
			}
			return ss, err
		}
		if cs.latest == nil {
			ss, err = latest(ctx)
		} else {
			ss, err = cs.latest.Load(ctx, subjectKey{gen, subject}, latest)
		}
	}
	if err != nil {
		return nil, err
	}
	ss = ss.clone()
	return &ss, nil
}

// RegisterSchema registers s under subject and returns its id, or returns
// the id this client already registered s under subject as. The cache key
// is (subject, s): the same schema under a new subject is registered
// there. An empty subject means the schema's Avro full name (see
// AvroFullName), as in kafkit. Use Register for normalize, or to always
// ask the registry.
func (c *Client) RegisterSchema(ctx context.Context, subject string, s Schema) (int, error) {
	if subject == "" {
		if s.Type() != Avro {
			return 0, fmt.Errorf("%w: no subject given, and a %s schema has no Avro name to use", ErrInvalidArgument, s.Type())
		}
		name, err := AvroFullName(s.Schema)
		if err != nil {
			return 0, fmt.Errorf("confluent: no subject given and none derived: %w", err)
		}
		subject = name
	}
	load := func(ctx context.Context) (int, error) {
		req, err := NewRegisterRequest(c.base(), subject, RegisterRequest{Schema: s}, RegisterOptions{})
		if err != nil {
			return 0, err
		}
		r, err := run(ctx, c, req, ParseRegister)
		c.caches.noteRegistration(subject, s, r) // even on error: the outcome may be unknown
		return r.ID, err
	}
	cs := c.caches
	if cs == nil {
		return load(ctx)
	}
	return cs.registered.Load(ctx, schemaKey{cs.gens.of(subject), subject, fingerprint(s)}, load)
}

// LookupSchema returns the version s is registered as under subject,
// caching the answer by (subject, s); not found is ErrSchemaNotFound or
// ErrSubjectNotFound, remembered for CacheConfig.NotFoundTTL. The result is
// the caller's own. Use Lookup for normalize and deleted.
func (c *Client) LookupSchema(ctx context.Context, subject string, s Schema) (*SubjectSchema, error) {
	if err := checkSubject(subject); err != nil {
		return nil, err
	}
	cs := c.caches
	var key schemaKey
	if cs != nil {
		key = schemaKey{cs.gens.of(subject), subject, fingerprint(s)}
	}
	load := func(ctx context.Context) (SubjectSchema, error) {
		req, err := NewLookupRequest(c.base(), subject, s, LookupOptions{})
		if err != nil {
			return SubjectSchema{}, err
		}
		ss, err := run(ctx, c, req, ParseLookup)
		// A schema found under subject is registered there: registering it
		// again would answer this id. Not so when s carries metadata or a
		// rule set, which some registries leave out of the lookup.
		if err == nil && cs != nil && ss.ID > 0 && !ss.Deleted && len(s.Metadata) == 0 && len(s.RuleSet) == 0 {
			cs.registered.Put(key, ss.ID)
		}
		return ss, err
	}
	var (
		ss  SubjectSchema
		err error
	)
	if cs == nil {
		ss, err = load(ctx)
	} else {
		ss, err = cs.lookups.Load(ctx, key, load)
	}
	if err != nil {
		return nil, err
	}
	ss = ss.clone()
	return &ss, nil
}
