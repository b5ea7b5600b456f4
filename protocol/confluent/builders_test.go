package confluent

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

const base = "http://sr:8081"

// want builds the request a builder must return.
func want(method, url, body string, idempotent bool) *protocol.Request {
	h := protocol.Header{{Name: "Accept", Value: Accept}}
	var b []byte
	if body != "" {
		h = append(h, protocol.Field{Name: "Content-Type", Value: ContentType})
		b = []byte(body)
	}
	return &protocol.Request{Method: method, URL: url, Header: h, Body: b, Idempotent: idempotent}
}

// ok adapts a builder that cannot fail.
func ok(r *protocol.Request) func() (*protocol.Request, error) {
	return func() (*protocol.Request, error) { return r, nil }
}

var avroRecord = Schema{Schema: `{"type":"record","name":"R","fields":[{"name":"f","type":"string"}]}`}

func TestBuilders(t *testing.T) {
	yes := true
	protoSchema := Schema{
		Schema:     `syntax = "proto3"; message M { string f = 1; }`,
		SchemaType: Protobuf,
		References: []Reference{{Name: "other.proto", Subject: "other", Version: 2}},
		Metadata:   RawJSON(`{"properties":{"owner":"team<a&b>"}}`),
		RuleSet:    RawJSON(`{"domainRules":[]}`),
	}
	tests := []struct {
		name  string
		build func() (*protocol.Request, error)
		want  *protocol.Request
	}{
		// schemas
		{"ListSchemas/none", ok(NewListSchemasRequest(base, ListSchemasOptions{})),
			want("GET", base+"/schemas", "", true)},
		{"ListSchemas/all", ok(NewListSchemasRequest(base, ListSchemasOptions{SubjectPrefix: "a b", Deleted: true, LatestOnly: true, Offset: 10, Limit: 5})),
			want("GET", base+"/schemas?subjectPrefix=a%20b&deleted=true&latestOnly=true&offset=10&limit=5", "", true)},
		{"GetSchemaByID", ok(NewGetSchemaByIDRequest(base, 7, GetSchemaByIDOptions{})),
			want("GET", base+"/schemas/ids/7", "", true)},
		{"GetSchemaByID/all", ok(NewGetSchemaByIDRequest(base, 7, GetSchemaByIDOptions{Subject: ":.ctx:s", Format: "resolved", ReferenceFormat: "qualified", FetchMaxID: true})),
			want("GET", base+"/schemas/ids/7?subject=%3A.ctx%3As&format=resolved&referenceFormat=qualified&fetchMaxId=true", "", true)},
		{"GetRawSchemaByID", ok(NewGetRawSchemaByIDRequest(base, 7, RawSchemaOptions{Subject: "s", Format: "serialized", Deleted: true})),
			want("GET", base+"/schemas/ids/7/schema?subject=s&format=serialized", "", true)},
		{"GetSubjectsByID", ok(NewGetSubjectsByIDRequest(base, 7, SchemaUsageOptions{Subject: "s", Deleted: true, Offset: 1, Limit: 2})),
			want("GET", base+"/schemas/ids/7/subjects?subject=s&deleted=true&offset=1&limit=2", "", true)},
		{"GetVersionsByID", ok(NewGetVersionsByIDRequest(base, 7, SchemaUsageOptions{})),
			want("GET", base+"/schemas/ids/7/versions", "", true)},
		{"GetSchemaTypes", ok(NewGetSchemaTypesRequest(base)),
			want("GET", base+"/schemas/types", "", true)},
		{"GetSchemaByGUID", func() (*protocol.Request, error) {
			return NewGetSchemaByGUIDRequest(base, "0b1c-2d", GetSchemaByGUIDOptions{Format: "resolved"})
		}, want("GET", base+"/schemas/guids/0b1c-2d?format=resolved", "", true)},
		{"GetIDsByGUID", func() (*protocol.Request, error) { return NewGetIDsByGUIDRequest(base, "g/1") },
			want("GET", base+"/schemas/guids/g%2F1/ids", "", true)},

		// subjects
		{"ListSubjects", ok(NewListSubjectsRequest(base, ListSubjectsOptions{SubjectPrefix: ":*:", Deleted: true, DeletedOnly: true, Offset: 3, Limit: 4})),
			want("GET", base+"/subjects?subjectPrefix=%3A%2A%3A&deleted=true&deletedOnly=true&offset=3&limit=4", "", true)},
		{"Lookup", func() (*protocol.Request, error) {
			return NewLookupRequest(base, "orders-value", avroRecord, LookupOptions{Normalize: true, Deleted: true, Format: "resolved"})
		}, want("POST", base+"/subjects/orders-value?normalize=true&deleted=true&format=resolved",
			`{"schema":"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\",\"type\":\"string\"}]}"}`, true)},
		{"DeleteSubject", func() (*protocol.Request, error) {
			return NewDeleteSubjectRequest(base, "s", DeleteOptions{Permanent: true})
		}, want("DELETE", base+"/subjects/s?permanent=true", "", true)},
		{"DeleteSubject/soft", func() (*protocol.Request, error) { return NewDeleteSubjectRequest(base, "s", DeleteOptions{}) },
			want("DELETE", base+"/subjects/s", "", true)},

		// versions
		{"ListVersions", func() (*protocol.Request, error) {
			return NewListVersionsRequest(base, "s", ListVersionsOptions{Deleted: true, DeletedOnly: true, DeletedAsNegative: true, Offset: 1, Limit: 9})
		}, want("GET", base+"/subjects/s/versions?deleted=true&deletedOnly=true&deletedAsNegative=true&offset=1&limit=9", "", true)},
		{"Register/avro", func() (*protocol.Request, error) {
			return NewRegisterRequest(base, "s", RegisterRequest{Schema: avroRecord}, RegisterOptions{})
		}, want("POST", base+"/subjects/s/versions",
			`{"schema":"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\",\"type\":\"string\"}]}"}`, true)},
		{"Register/full", func() (*protocol.Request, error) {
			return NewRegisterRequest(base, "s", RegisterRequest{Schema: protoSchema}, RegisterOptions{Normalize: true})
		}, want("POST", base+"/subjects/s/versions?normalize=true",
			`{"schema":"syntax = \"proto3\"; message M { string f = 1; }","schemaType":"PROTOBUF","references":[{"name":"other.proto","subject":"other","version":2}],"metadata":{"properties":{"owner":"team<a&b>"}},"ruleSet":{"domainRules":[]}}`, true)},
		{"Register/import", func() (*protocol.Request, error) {
			return NewRegisterRequest(base, "s", RegisterRequest{Schema: Schema{Schema: `"string"`}, ID: 100, Version: 3}, RegisterOptions{})
		}, want("POST", base+"/subjects/s/versions", `{"schema":"\"string\"","id":100,"version":3}`, true)},
		{"GetVersion/latest", func() (*protocol.Request, error) {
			return NewGetVersionRequest(base, "s", Latest, GetVersionOptions{})
		}, want("GET", base+"/subjects/s/versions/latest", "", true)},
		{"GetVersion/number", func() (*protocol.Request, error) {
			return NewGetVersionRequest(base, "s", 3, GetVersionOptions{Deleted: true, Format: "resolved", ReferenceFormat: "qualified"})
		}, want("GET", base+"/subjects/s/versions/3?deleted=true&format=resolved&referenceFormat=qualified", "", true)},
		{"GetVersion/minus-one", func() (*protocol.Request, error) {
			return NewGetVersionRequest(base, "s", Version(-1), GetVersionOptions{})
		}, want("GET", base+"/subjects/s/versions/latest", "", true)},
		{"DeleteVersion", func() (*protocol.Request, error) {
			return NewDeleteVersionRequest(base, "s", 2, DeleteOptions{Permanent: true})
		}, want("DELETE", base+"/subjects/s/versions/2?permanent=true", "", true)},
		{"GetRawSchemaByVersion", func() (*protocol.Request, error) {
			return NewGetRawSchemaByVersionRequest(base, "s", Latest, RawSchemaOptions{Subject: "ignored", Deleted: true, Format: "serialized"})
		}, want("GET", base+"/subjects/s/versions/latest/schema?deleted=true&format=serialized", "", true)},
		{"GetReferencedBy", func() (*protocol.Request, error) {
			return NewGetReferencedByRequest(base, "s", 1, ReferencedByOptions{Deleted: true, Offset: 2, Limit: 3})
		}, want("GET", base+"/subjects/s/versions/1/referencedby?deleted=true&offset=2&limit=3", "", true)},

		// compatibility
		{"CheckCompatibility", func() (*protocol.Request, error) {
			return NewCheckCompatibilityRequest(base, "s", Schema{Schema: `"int"`}, CompatibilityOptions{Normalize: true, Verbose: true})
		}, want("POST", base+"/compatibility/subjects/s/versions?normalize=true&verbose=true", `{"schema":"\"int\""}`, true)},
		{"CheckCompatibilityWithVersion", func() (*protocol.Request, error) {
			return NewCheckCompatibilityWithVersionRequest(base, "s", Latest, Schema{Schema: `"int"`}, CompatibilityOptions{})
		}, want("POST", base+"/compatibility/subjects/s/versions/latest", `{"schema":"\"int\""}`, true)},

		// config
		{"GetGlobalConfig", ok(NewGetGlobalConfigRequest(base, GetConfigOptions{DefaultToGlobal: true})),
			want("GET", base+"/config?defaultToGlobal=true", "", true)},
		{"GetConfig", func() (*protocol.Request, error) { return NewGetConfigRequest(base, "s", GetConfigOptions{}) },
			want("GET", base+"/config/s", "", true)},
		{"UpdateGlobalConfig", func() (*protocol.Request, error) {
			return NewUpdateGlobalConfigRequest(base, Config{Compatibility: Full, Normalize: &yes})
		}, want("PUT", base+"/config", `{"compatibility":"FULL","normalize":true}`, true)},
		{"UpdateConfig", func() (*protocol.Request, error) {
			return NewUpdateConfigRequest(base, "s", Config{Compatibility: BackwardTransitive, Alias: "t", DefaultMetadata: RawJSON(`{"properties":{}}`)})
		}, want("PUT", base+"/config/s", `{"compatibility":"BACKWARD_TRANSITIVE","alias":"t","defaultMetadata":{"properties":{}}}`, true)},
		{"DeleteGlobalConfig", ok(NewDeleteGlobalConfigRequest(base)), want("DELETE", base+"/config", "", true)},
		{"DeleteConfig", func() (*protocol.Request, error) { return NewDeleteConfigRequest(base, "s") },
			want("DELETE", base+"/config/s", "", true)},

		// mode
		{"GetGlobalMode", ok(NewGetGlobalModeRequest(base, GetModeOptions{})), want("GET", base+"/mode", "", true)},
		{"GetMode", func() (*protocol.Request, error) {
			return NewGetModeRequest(base, "s", GetModeOptions{DefaultToGlobal: true})
		},
			want("GET", base+"/mode/s?defaultToGlobal=true", "", true)},
		{"UpdateGlobalMode", func() (*protocol.Request, error) {
			return NewUpdateGlobalModeRequest(base, Import, UpdateModeOptions{Force: true})
		}, want("PUT", base+"/mode?force=true", `{"mode":"IMPORT"}`, true)},
		{"UpdateMode", func() (*protocol.Request, error) {
			return NewUpdateModeRequest(base, "s", ReadOnly, UpdateModeOptions{})
		},
			want("PUT", base+"/mode/s", `{"mode":"READONLY"}`, true)},
		{"DeleteGlobalMode", ok(NewDeleteGlobalModeRequest(base, DeleteModeOptions{Recursive: true})),
			want("DELETE", base+"/mode?recursive=true", "", true)},
		{"DeleteMode", func() (*protocol.Request, error) { return NewDeleteModeRequest(base, "s", DeleteModeOptions{}) },
			want("DELETE", base+"/mode/s", "", true)},

		// contexts and root
		{"ListContexts", ok(NewListContextsRequest(base, ListContextsOptions{ContextPrefix: ".st", Offset: 1, Limit: 2})),
			want("GET", base+"/contexts?contextPrefix=.st&offset=1&limit=2", "", true)},
		{"DeleteContext", func() (*protocol.Request, error) { return NewDeleteContextRequest(base, ".staging") },
			want("DELETE", base+"/contexts/.staging", "", true)},
		{"GetRoot", ok(NewGetRootRequest(base)), want("GET", base+"/", "", true)},

		// generic
		{"Template/GET", func() (*protocol.Request, error) {
			return NewTemplateRequest(base, "GET", "/subjects{/subject}/versions", protocol.Vars{"subject": "a/b"}, nil)
		}, want("GET", base+"/subjects/a%2Fb/versions", "", true)},
		{"Template/POST", func() (*protocol.Request, error) {
			return NewTemplateRequest(base, "POST", "/subjects/{subject}/versions", protocol.Vars{"subject": "s"}, map[string]string{"schema": "<x>"})
		}, want("POST", base+"/subjects/s/versions", `{"schema":"<x>"}`, false)},
		{"Template/absolute", func() (*protocol.Request, error) {
			return NewTemplateRequest(base, "PATCH", "http://other:1/x", nil, []byte(`{"a":1}`))
		}, want("PATCH", "http://other:1/x", `{"a":1}`, false)},
		{"Template/raw", func() (*protocol.Request, error) {
			return NewTemplateRequest(base, "PUT", "/config", nil, json.RawMessage(`{"compatibility":"NONE"}`))
		}, want("PUT", base+"/config", `{"compatibility":"NONE"}`, true)},
		{"Template/DELETE", func() (*protocol.Request, error) {
			return NewTemplateRequest(base, "DELETE", "/subjects/{s}", protocol.Vars{"s": "x"}, nil)
		}, want("DELETE", base+"/subjects/x", "", true)},

		// bases
		{"base/trailing-slash", ok(NewGetSchemaTypesRequest(base + "/")), want("GET", base+"/schemas/types", "", true)},
		{"base/context-scoped", func() (*protocol.Request, error) {
			return NewGetVersionRequest(base+"/contexts/.staging", "s", 1, GetVersionOptions{})
		}, want("GET", base+"/contexts/.staging/subjects/s/versions/1", "", true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.build()
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("request (-want +got):\n%s", d)
			}
		})
	}
}

// TestSubjectEscaping checks every builder that takes a subject escapes it
// the same way.
func TestSubjectEscaping(t *testing.T) {
	subjects := []struct{ subject, segment string }{
		{"plain-value", "plain-value"},
		{"a/b", "a%2Fb"},
		{"100%", "100%25"},
		{"a b", "a%20b"},
		{"what?", "what%3F"},
		{"x#y", "x%23y"},
		{":.ctx:orders", ":.ctx:orders"},
		{":.ctx:a/b c", ":.ctx:a%2Fb%20c"},
		{"a+b=c&d", "a+b=c&d"},
		{"é", "%C3%A9"},
		{".", "%2E"},
		{"..", "%2E%2E"},
		{"a;b,c", "a%3Bb%2Cc"},
	}
	builders := []struct {
		name  string
		build func(subject string) (*protocol.Request, error)
		url   func(seg string) string
	}{
		{"Lookup", func(s string) (*protocol.Request, error) {
			return NewLookupRequest(base, s, avroRecord, LookupOptions{})
		},
			func(seg string) string { return base + "/subjects/" + seg }},
		{"DeleteSubject", func(s string) (*protocol.Request, error) { return NewDeleteSubjectRequest(base, s, DeleteOptions{}) },
			func(seg string) string { return base + "/subjects/" + seg }},
		{"ListVersions", func(s string) (*protocol.Request, error) {
			return NewListVersionsRequest(base, s, ListVersionsOptions{})
		},
			func(seg string) string { return base + "/subjects/" + seg + "/versions" }},
		{"Register", func(s string) (*protocol.Request, error) {
			return NewRegisterRequest(base, s, RegisterRequest{Schema: avroRecord}, RegisterOptions{})
		}, func(seg string) string { return base + "/subjects/" + seg + "/versions" }},
		{"GetVersion", func(s string) (*protocol.Request, error) {
			return NewGetVersionRequest(base, s, 1, GetVersionOptions{})
		},
			func(seg string) string { return base + "/subjects/" + seg + "/versions/1" }},
		{"DeleteVersion", func(s string) (*protocol.Request, error) {
			return NewDeleteVersionRequest(base, s, Latest, DeleteOptions{})
		},
			func(seg string) string { return base + "/subjects/" + seg + "/versions/latest" }},
		{"GetRawSchemaByVersion", func(s string) (*protocol.Request, error) {
			return NewGetRawSchemaByVersionRequest(base, s, 1, RawSchemaOptions{})
		}, func(seg string) string { return base + "/subjects/" + seg + "/versions/1/schema" }},
		{"GetReferencedBy", func(s string) (*protocol.Request, error) {
			return NewGetReferencedByRequest(base, s, 1, ReferencedByOptions{})
		}, func(seg string) string { return base + "/subjects/" + seg + "/versions/1/referencedby" }},
		{"CheckCompatibility", func(s string) (*protocol.Request, error) {
			return NewCheckCompatibilityRequest(base, s, avroRecord, CompatibilityOptions{})
		}, func(seg string) string { return base + "/compatibility/subjects/" + seg + "/versions" }},
		{"CheckCompatibilityWithVersion", func(s string) (*protocol.Request, error) {
			return NewCheckCompatibilityWithVersionRequest(base, s, 2, avroRecord, CompatibilityOptions{})
		}, func(seg string) string { return base + "/compatibility/subjects/" + seg + "/versions/2" }},
		{"GetConfig", func(s string) (*protocol.Request, error) { return NewGetConfigRequest(base, s, GetConfigOptions{}) },
			func(seg string) string { return base + "/config/" + seg }},
		{"UpdateConfig", func(s string) (*protocol.Request, error) {
			return NewUpdateConfigRequest(base, s, Config{Compatibility: None})
		},
			func(seg string) string { return base + "/config/" + seg }},
		{"DeleteConfig", func(s string) (*protocol.Request, error) { return NewDeleteConfigRequest(base, s) },
			func(seg string) string { return base + "/config/" + seg }},
		{"GetMode", func(s string) (*protocol.Request, error) { return NewGetModeRequest(base, s, GetModeOptions{}) },
			func(seg string) string { return base + "/mode/" + seg }},
		{"UpdateMode", func(s string) (*protocol.Request, error) {
			return NewUpdateModeRequest(base, s, ReadWrite, UpdateModeOptions{})
		},
			func(seg string) string { return base + "/mode/" + seg }},
		{"DeleteMode", func(s string) (*protocol.Request, error) { return NewDeleteModeRequest(base, s, DeleteModeOptions{}) },
			func(seg string) string { return base + "/mode/" + seg }},
	}
	for _, b := range builders {
		for _, s := range subjects {
			t.Run(b.name+"/"+s.subject, func(t *testing.T) {
				req, err := b.build(s.subject)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := req.URL, b.url(s.segment); got != want {
					t.Errorf("URL = %q, want %q", got, want)
				}
			})
		}
		t.Run(b.name+"/empty", func(t *testing.T) {
			req, err := b.build("")
			if !errors.Is(err, ErrInvalidArgument) || req != nil {
				t.Errorf("empty subject: got %v, %v; want nil, ErrInvalidArgument", req, err)
			}
		})
	}
}

func TestBuilderErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func() (*protocol.Request, error)
	}{
		{"GetVersion/zero", func() (*protocol.Request, error) { return NewGetVersionRequest(base, "s", 0, GetVersionOptions{}) }},
		{"GetVersion/minus-two", func() (*protocol.Request, error) { return NewGetVersionRequest(base, "s", -2, GetVersionOptions{}) }},
		{"GetVersion/too-big", func() (*protocol.Request, error) {
			return NewGetVersionRequest(base, "s", Version(1<<31), GetVersionOptions{})
		}},
		{"DeleteVersion/zero", func() (*protocol.Request, error) { return NewDeleteVersionRequest(base, "s", 0, DeleteOptions{}) }},
		{"GetRawSchemaByVersion/zero", func() (*protocol.Request, error) {
			return NewGetRawSchemaByVersionRequest(base, "s", 0, RawSchemaOptions{})
		}},
		{"GetReferencedBy/zero", func() (*protocol.Request, error) {
			return NewGetReferencedByRequest(base, "s", 0, ReferencedByOptions{})
		}},
		{"CheckCompatibilityWithVersion/zero", func() (*protocol.Request, error) {
			return NewCheckCompatibilityWithVersionRequest(base, "s", 0, avroRecord, CompatibilityOptions{})
		}},
		{"GetSchemaByGUID/empty", func() (*protocol.Request, error) {
			return NewGetSchemaByGUIDRequest(base, "", GetSchemaByGUIDOptions{})
		}},
		{"GetIDsByGUID/empty", func() (*protocol.Request, error) { return NewGetIDsByGUIDRequest(base, "") }},
		{"DeleteContext/empty", func() (*protocol.Request, error) { return NewDeleteContextRequest(base, "") }},
		{"Register/bad-metadata", func() (*protocol.Request, error) {
			return NewRegisterRequest(base, "s", RegisterRequest{Schema: Schema{Schema: "x", Metadata: RawJSON("{not json")}}, RegisterOptions{})
		}},
		{"UpdateConfig/bad-ruleset", func() (*protocol.Request, error) {
			return NewUpdateGlobalConfigRequest(base, Config{DefaultRuleSet: RawJSON("[")})
		}},
		{"Template/empty-method", func() (*protocol.Request, error) { return NewTemplateRequest(base, "", "/x", nil, nil) }},
		{"Template/bad-template", func() (*protocol.Request, error) { return NewTemplateRequest(base, "GET", "/x{", nil, nil) }},
		{"Template/bad-body", func() (*protocol.Request, error) { return NewTemplateRequest(base, "POST", "/x", nil, func() {}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := tt.build()
			if !errors.Is(err, ErrInvalidArgument) {
				t.Errorf("err = %v, want ErrInvalidArgument", err)
			}
			if req != nil {
				t.Errorf("req = %+v, want nil", req)
			}
		})
	}
}

// TestBuildersDoNotAlias checks that a request owns its body.
func TestBuildersDoNotAlias(t *testing.T) {
	body := []byte(`{"a":1}`)
	req, err := NewTemplateRequest(base, "POST", "/x", nil, body)
	if err != nil {
		t.Fatal(err)
	}
	body[2] = 'X'
	if string(req.Body) != `{"a":1}` {
		t.Errorf("body changed with the caller's slice: %s", req.Body)
	}
}
