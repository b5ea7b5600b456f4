package confluent

import (
	"encoding/json"

	"github.com/unwired-go/unwired/internal/jsonscan"
	"github.com/unwired-go/unwired/protocol"
)

// The parsers of the hot answers (a schema by id, a subject's version, a
// lookup, a registration) decode with jsonscan in one pass instead of
// json.Unmarshal, whose validation pre-scan and reflection cost more than
// the round trip itself. Their results and errors stay encoding/json's:
// the fast path copies its rules (null leaves a string, int or bool as it
// is and empties a slice or RawJSON; duplicate names: the last wins), and
// whatever it does not follow exactly it declines, and the body goes to
// json.Unmarshal as before. It declines:
//   - a member name with an escape or a byte of 0x80 and above, or one that
//     equals a field's name only ignoring case (encoding/json matches names
//     case-insensitively);
//   - a value of another type than the field's, a number with a fraction
//     or an exponent or out of range for an int;
//   - "references" twice (encoding/json decodes the second array into the
//     first one's elements);
//   - invalid JSON, so that the error is encoding/json's.

// objectBody returns the body of an answer that must be a JSON object, with
// the checks decode makes for that shape, or the error decode returns.
func objectBody(op string, resp *protocol.Response) ([]byte, error) {
	return shapedBody(op, resp, object)
}

// unmarshalObject is the slow path: b, as objectBody returned it, through
// json.Unmarshal as decode does.
func unmarshalObject[T any](op string, resp *protocol.Response, b []byte) (T, error) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		var zero T
		return zero, malformed(op, resp, "invalid JSON", err)
	}
	return v, nil
}

// parseSchemaByID is ParseGetSchemaByID and ParseGetSchemaByGUID.
func parseSchemaByID(op string, resp *protocol.Response) (SchemaByID, error) {
	b, err := objectBody(op, resp)
	if err != nil {
		return SchemaByID{}, err
	}
	var v SchemaByID
	if !scanSchemaByID(b, &v) {
		if v, err = unmarshalObject[SchemaByID](op, resp, b); err != nil {
			return v, err
		}
	}
	return v, requireSchema(op, resp, v.Schema.Schema)
}

// parseSubjectSchema is ParseGetVersion and ParseLookup.
func parseSubjectSchema(op string, resp *protocol.Response) (SubjectSchema, error) {
	b, err := objectBody(op, resp)
	if err != nil {
		return SubjectSchema{}, err
	}
	var v SubjectSchema
	if !scanSubjectSchema(b, &v) {
		if v, err = unmarshalObject[SubjectSchema](op, resp, b); err != nil {
			return v, err
		}
	}
	return v, requireSchema(op, resp, v.Schema.Schema)
}

// requireSchema refuses an answer without schema text: a 200 with {} (a
// misbehaving proxy) would otherwise become an empty schema, and the
// client caches schemas by id until evicted.
func requireSchema(op string, resp *protocol.Response, schema string) error {
	if schema == "" {
		return malformed(op, resp, "no schema in the answer", nil)
	}
	return nil
}

// registerAnswer is what ParseRegister decodes: the id is a pointer to tell
// a missing one from 0. It shadows RegisterResult.ID, which stays 0. An
// alias of an unnamed struct, as the parser always decoded into one: the
// name shows in encoding/json's errors.
type registerAnswer = struct {
	ID *int `json:"id"`
	RegisterResult
}

// JSON names of the fields of each decoded type, promoted ones included,
// for spotting names encoding/json would match ignoring case.
var (
	schemaByIDNames    = []string{"schema", "schemaType", "references", "metadata", "ruleSet", "guid", "maxId"}
	subjectSchemaNames = []string{"subject", "version", "id", "guid", "schema", "schemaType", "references", "metadata", "ruleSet", "deleted"}
	referenceNames     = []string{"name", "subject", "version"}
	registerNames      = []string{"id", "version", "guid"}
)

// scratchSize is the stack buffer strings with escapes are decoded in
// before they are copied out: as large as most answers, which are under
// 2 KB.
const scratchSize = 2048

func scanSchemaByID(b []byte, v *SchemaByID) bool {
	return scanSchemaAnswer(b, schemaAnswer{
		schema: &v.Schema, guid: &v.GUID, maxID: &v.MaxID,
		names: schemaByIDNames,
	})
}

func scanSubjectSchema(b []byte, v *SubjectSchema) bool {
	return scanSchemaAnswer(b, schemaAnswer{
		schema: &v.Schema, guid: &v.GUID,
		subject: &v.Subject, version: &v.Version, id: &v.ID, deleted: &v.Deleted,
		names: subjectSchemaNames,
	})
}

// schemaAnswer is where scanSchemaAnswer puts the members of an answer
// holding a schema: a nil destination is not a field of the answer's type,
// so its member is skipped as unknown. names are the type's JSON names.
type schemaAnswer struct {
	schema             *Schema
	guid, subject      *string
	version, id, maxID *int
	deleted            *bool
	names              []string
}

// scanSchemaAnswer is the one loop of scanSchemaByID and
// scanSubjectSchema: pointers rather than a callback per member, as a call
// through a func value would move the decoder and its scratch to the heap.
func scanSchemaAnswer(b []byte, to schemaAnswer) bool {
	var scratch [scratchSize]byte
	d := jsonscan.NewScratch(b, scratch[:])
	var refs bool
	for more := d.EnterObject(); more; more = d.NextMember() {
		key := d.Key()
		if to.schema.scanField(&d, key, &refs) {
			continue
		}
		switch {
		case string(key) == "guid":
			scanString(&d, to.guid)
		case string(key) == "maxId" && to.maxID != nil:
			scanInt(&d, to.maxID)
		case string(key) == "subject" && to.subject != nil:
			scanString(&d, to.subject)
		case string(key) == "version" && to.version != nil:
			scanInt(&d, to.version)
		case string(key) == "id" && to.id != nil:
			scanInt(&d, to.id)
		case string(key) == "deleted" && to.deleted != nil:
			if !d.Null() {
				*to.deleted = d.Bool()
			}
		default:
			skipUnknown(&d, key, to.names)
		}
	}
	d.End()
	return d.Err() == nil
}

// scanRegister decodes a registration's answer into r and reports whether
// it held a (non-null) id, and whether it decoded at all.
func scanRegister(b []byte, r *RegisterResult) (hasID, ok bool) {
	var scratch [scratchSize]byte
	d := jsonscan.NewScratch(b, scratch[:])
	for more := d.EnterObject(); more; more = d.NextMember() {
		key := d.Key()
		switch string(key) {
		case "id":
			// A null id empties the pointer registerAnswer decodes into.
			hasID = !d.Null()
			if hasID {
				r.ID = d.Int()
			}
		case "version":
			scanInt(&d, &r.Version)
		case "guid":
			scanString(&d, &r.GUID)
		default:
			skipUnknown(&d, key, registerNames)
		}
	}
	d.End()
	return hasID, d.Err() == nil
}

// scanField decodes the member key of the fields s holds and reports
// whether key was one of them. refs records that references was read.
func (s *Schema) scanField(d *jsonscan.Decoder, key []byte, refs *bool) bool {
	switch string(key) {
	case "schema":
		scanString(d, &s.Schema)
	case "schemaType":
		if !d.Null() {
			s.SchemaType = schemaType(d.StringBytes())
		}
	case "references":
		if *refs {
			d.Decline("references twice")
		}
		*refs = true
		s.References = scanReferences(d)
	case "metadata":
		s.Metadata = scanRaw(d)
	case "ruleSet":
		s.RuleSet = scanRaw(d)
	default:
		return false
	}
	return true
}

// schemaType returns the type named b, without allocating for the known
// ones.
func schemaType(b []byte) SchemaType {
	switch SchemaType(b) {
	case Avro:
		return Avro
	case Protobuf:
		return Protobuf
	case JSON:
		return JSON
	}
	return SchemaType(b)
}

// scanReferences decodes an array of references: nil for null, empty for
// [], as encoding/json into a nil slice.
func scanReferences(d *jsonscan.Decoder) []Reference {
	if d.Null() {
		return nil
	}
	refs := []Reference{}
	for more := d.EnterArray(); more; more = d.NextElem() {
		var r Reference
		if !d.Null() {
			for more := d.EnterObject(); more; more = d.NextMember() {
				key := d.Key()
				switch string(key) {
				case "name":
					scanString(d, &r.Name)
				case "subject":
					scanString(d, &r.Subject)
				case "version":
					scanInt(d, &r.Version)
				default:
					skipUnknown(d, key, referenceNames)
				}
			}
		}
		refs = append(refs, r)
	}
	return refs
}

// scanString decodes a string into dst; null leaves dst as it is.
func scanString(d *jsonscan.Decoder, dst *string) {
	if !d.Null() {
		*dst = d.Str()
	}
}

// scanInt decodes an integer into dst; null leaves dst as it is.
func scanInt(d *jsonscan.Decoder, dst *int) {
	if !d.Null() {
		*dst = d.Int()
	}
}

// scanRaw returns a copy of a value's text, or nil for null, as
// RawJSON.UnmarshalJSON keeps it.
func scanRaw(d *jsonscan.Decoder) RawJSON {
	if d.Null() {
		return nil
	}
	raw := d.Raw()
	if raw == nil {
		return nil
	}
	return append(RawJSON(nil), raw...)
}

// skipUnknown skips the value of a member that is none of names exactly,
// and declines one encoding/json might still match to one of them.
func skipUnknown(d *jsonscan.Decoder, key []byte, names []string) {
	if mayFold(key, names) {
		d.Decline("member name matches a field only ignoring case")
		return
	}
	d.Skip()
}

// mayFold reports whether encoding/json could match key to one of names
// ignoring case: key equals one ignoring ASCII case, or holds non-ASCII
// bytes, which Unicode folding may map to ASCII letters (the Kelvin sign
// to k, the long s to s).
func mayFold(key []byte, names []string) bool {
	for _, c := range key {
		if c >= 0x80 {
			return true
		}
	}
	for _, name := range names {
		if len(name) == len(key) && equalFoldASCII(key, name) {
			return true
		}
	}
	return false
}

func equalFoldASCII(a []byte, b string) bool {
	for i := range a {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
