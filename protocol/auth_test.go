package protocol_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

func TestSigners(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		desc    string
		signer  protocol.Signer
		secrets []string // must never be printed
		want    protocol.Header
	}{
		{"basic, RFC 7617 example", protocol.BasicAuth("Aladdin", "open sesame"), []string{"open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="},
			protocol.Header{{"Accept", "application/json"}, {"Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}}},
		{"basic, colon in password", protocol.BasicAuth("u", "p:w"), []string{"p:w", "dTpwOnc="},
			protocol.Header{{"Accept", "application/json"}, {"Authorization", "Basic dTpwOnc="}}},
		{"bearer", protocol.BearerToken("tok-3f9a"), []string{"tok-3f9a"},
			protocol.Header{{"Accept", "application/json"}, {"Authorization", "Bearer tok-3f9a"}}},
		{"header secret", protocol.HeaderSecret("X-Api-Key", "k-77e1"), []string{"k-77e1"},
			protocol.Header{{"Accept", "application/json"}, {"X-Api-Key", "k-77e1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			req := &protocol.Request{Method: "GET", URL: "https://sr.example/", Header: protocol.Header{{"Accept", "application/json"}}}
			for range 3 { // signing again must set, not append
				if err := tt.signer.Sign(req, now); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.want, req.Header); diff != "" {
				t.Errorf("header after signing (-want +got):\n%s", diff)
			}

			// A stale credential under another spelling is replaced, not kept.
			stale := &protocol.Request{Header: protocol.Header{{strings.ToLower(tt.want[1].Name), "old"}}}
			if err := tt.signer.Sign(stale, now); err != nil {
				t.Fatal(err)
			}
			if got := stale.Header.Values(tt.want[1].Name); len(got) != 1 || got[0] != tt.want[1].Value {
				t.Errorf("after re-signing: %q", got)
			}

			type holder struct {
				Exported   protocol.Signer
				unexported protocol.Signer
			}
			h := holder{tt.signer, tt.signer}
			for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T"} {
				for _, printed := range []string{fmt.Sprintf(format, tt.signer), fmt.Sprintf(format, h), fmt.Sprintf(format, &h)} {
					for _, s := range tt.secrets {
						if strings.Contains(printed, s) || strings.Contains(printed, fmt.Sprintf("%x", s)) {
							t.Errorf("fmt %s printed the secret %q: %s", format, s, printed)
						}
					}
				}
			}
			if got, want := fmt.Sprint(tt.signer), tt.want[1].Name+": REDACTED"; got != want {
				t.Errorf("fmt.Sprint = %q, want %q", got, want)
			}
		})
	}
}
