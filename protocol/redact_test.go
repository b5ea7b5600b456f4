package protocol_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

func TestRedactURL(t *testing.T) {
	tests := []struct {
		desc, in, want string
	}{
		{"no secret", "https://sr.example/subjects/a/versions", "https://sr.example/subjects/a/versions"},
		{"no secret, harmless query", "https://sr.example/subjects?deleted=true&subjectPrefix=a", "https://sr.example/subjects?deleted=true&subjectPrefix=a"},
		{"user only (may be a token)", "https://alice@sr.example/x", "https://REDACTED@sr.example/x"},
		{"token in fragment", "https://sr.example/cb#access_token=s3cr3t&x=1", "https://sr.example/cb#REDACTED"},
		{"plain fragment", "https://sr.example/doc#section", "https://sr.example/doc#section"},
		{"user and password", "https://alice:hunter2@sr.example/x", "https://alice:REDACTED@sr.example/x"},
		{"empty password", "https://alice:@sr.example/x", "https://alice:REDACTED@sr.example/x"},
		{"empty user", "https://:hunter2@sr.example/x", "https://:REDACTED@sr.example/x"},
		{"key param", "https://ams.example/v1/projects/p/topics?key=abc123", "https://ams.example/v1/projects/p/topics?key=REDACTED"},
		{"token param among others", "https://h.example/a?x=1&token=t0k&y=2", "https://h.example/a?x=1&token=REDACTED&y=2"},
		{"mixed-case names", "https://h.example/a?KEY=abc&Token=t0k&Access_Token=at&X-Amz-Signature=sig", "https://h.example/a?KEY=REDACTED&Token=REDACTED&Access_Token=REDACTED&X-Amz-Signature=REDACTED"},
		{"escaped name", "https://h.example/a?k%65y=abc123", "https://h.example/a?k%65y=REDACTED"},
		{"repeated key", "https://h.example/a?key=one&key=two", "https://h.example/a?key=REDACTED&key=REDACTED"},
		{"key without value", "https://h.example/a?key", "https://h.example/a?key=REDACTED"},
		{"similar names are kept", "https://h.example/a?keys=1&monkey=2&tokens=3", "https://h.example/a?keys=1&monkey=2&tokens=3"},
		{"password and key", "https://u:pw1@h.example/a?key=k1&b=2", "https://u:REDACTED@h.example/a?key=REDACTED&b=2"},
		{"fragment kept", "https://h.example/a?key=k1#frag", "https://h.example/a?key=REDACTED#frag"},
		{"relative with key", "/v1/topics?key=abc123", "/v1/topics?key=REDACTED"},
		{"at sign in path, no user", "https://h.example/users/a@b.example", "https://h.example/users/a@b.example"},
		{"empty", "", ""},
		// Unparsable URLs keep nothing that may be a secret.
		{"unparsable, query", "https://h.example/%zz?key=abc123", "https://h.example/%zz?REDACTED"},
		{"unparsable, password", "https://alice:hunter2@h.example/%zz", "https://REDACTED@h.example/%zz"},
		{"unparsable port, password", "https://alice:hunter2@h.example:port/x", "https://REDACTED@h.example:port/x"},
		{"unparsable, password and query", "https://alice:hunter2@h.example/%zz?key=abc123", "https://REDACTED@h.example/%zz?REDACTED"},
		{"unparsable, question mark in password", "https://alice:hun?ter2@h.example/%zz", "https://REDACTED"},
		{"unparsable, at sign in query", "https://h.example/%zz?mail=a@b&key=abc123", "https://REDACTED"},
		{"unparsable, control character", "https://alice:hunter2@h.example/\x7f", "https://REDACTED@h.example/\x7f"},
		{"unparsable, no scheme", ":alice:hunter2@h.example", "REDACTED@h.example"},
		{"unparsable without secrets is unchanged", "https://h.example/%zz", "https://h.example/%zz"},
		// Parsable, but url.Parse does not see the whole password as one.
		{"no //: user read as scheme", "alice:hunter2@h.example:8081", "REDACTED@h.example:8081"},
		{"no //: opaque", "http:alice:hunter2@h.example:8081", "REDACTED@h.example:8081"},
		{"one slash: path", "http:/alice:hunter2@h.example:8081", "REDACTED@h.example:8081"},
		{"slash and question mark in password", "http://alice:p@ss/w?hunter2@h.example:8081", "http://REDACTED"},
		{"slash in password", "http://alice:hun/ter2@h.example:8081/x", "http://REDACTED@h.example:8081/x"},
		{"user and an at sign in path", "https://alice:hunter2@h.example/users/a@b.example", "https://REDACTED@b.example"},
		{"no // and no secret", "mailto:someone", "mailto:someone"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got := protocol.RedactURL(tt.in)
			if got != tt.want {
				t.Errorf("RedactURL(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			for _, secret := range []string{"hunter2", "abc123", "t0k", "pw1", "k1", "sig"} {
				if strings.Contains(tt.in, secret) && strings.Contains(got, secret) {
					t.Errorf("RedactURL(%q) = %q still holds %q", tt.in, got, secret)
				}
			}
		})
	}
}

func TestIsSecretHeader(t *testing.T) {
	for _, name := range []string{"Authorization", "authorization", "PROXY-AUTHORIZATION", "Cookie", "Set-Cookie", "X-Api-Key", "x-api-key", "X-Auth-Token", "X-Amz-Security-Token", "X-Datahub-Security-Token", "X-Acs-Security-Token"} {
		if !protocol.IsSecretHeader(name) {
			t.Errorf("IsSecretHeader(%q) = false", name)
		}
	}
	for _, name := range []string{"Content-Type", "Accept", "X-Request-Id", "Authorization2", ""} {
		if protocol.IsSecretHeader(name) {
			t.Errorf("IsSecretHeader(%q) = true", name)
		}
	}
}

func TestRedactHeader(t *testing.T) {
	in := protocol.Header{
		{"Content-Type", "application/json"},
		{"authorization", "Basic dTpw"},
		{"X-Api-Key", "k-123"},
		{"Cookie", "s=1"},
		{"X-Request-Id", "r-1"},
	}
	keep := in.Clone()
	got := protocol.RedactHeader(in)
	want := protocol.Header{
		{"Content-Type", "application/json"},
		{"authorization", "REDACTED"},
		{"X-Api-Key", "REDACTED"},
		{"Cookie", "REDACTED"},
		{"X-Request-Id", "r-1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RedactHeader (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(keep, in); diff != "" {
		t.Errorf("RedactHeader changed its input (-want +got):\n%s", diff)
	}
	if got := protocol.RedactHeader(nil); got != nil {
		t.Errorf("RedactHeader(nil) = %#v", got)
	}
}

// FuzzRedactURL builds URLs with a known secret in a password position, a
// secret query parameter, or both, from fuzzed surroundings. RedactURL must
// never panic, and its output must not depend on the secret: the same URL
// with another secret of the same shape redacts to the same string, so no
// part of the secret can survive.
func FuzzRedactURL(f *testing.F) {
	f.Add("https", "alice", "h.example", "/a/b", "x=1", "hunter2", uint8(3), "frag")
	f.Add("http", "", "h.example:8081", "", "", "s", uint8(1), "")
	f.Add("https", "a@b", "h.example", "/%zz", "mail=a@b", "k3y", uint8(2), "")
	f.Add("", "u", "h.example:port", "/x\x7f", "", "pw", uint8(1), "f?@")
	f.Add("ftp", "u%zz", "[::1]", "p", "a=%&b", "tok", uint8(3), "")
	f.Add("https", "u", "h", "/x", "", "secret", uint8(6), "")
	f.Fuzz(func(t *testing.T, scheme, user, host, path, query, secret string, mode uint8, frag string) {
		_ = protocol.RedactURL(scheme + user + host + path + query + secret + frag) // never panics

		build := func(secret string) string {
			var b strings.Builder
			if s := lettersOnly(scheme); s != "" {
				b.WriteString(s + "://")
			} else {
				b.WriteString("//")
			}
			if mode&1 != 0 || mode&3 == 0 {
				b.WriteString(strip(user, "/?#:") + ":" + secret + "@")
			}
			b.WriteString(strip(host, "/?#"))
			if p := strip(path, "?#"); p != "" && p[0] != '/' {
				b.WriteString("/" + p)
			} else {
				b.WriteString(p)
			}
			if mode&2 != 0 {
				b.WriteString("?" + strip(query, "#"))
				keys := []string{"key", "token", "access_token", "password", "secret", "signature", "X-Amz-Signature"}
				name := keys[int(mode>>2)%len(keys)]
				if mode&0x80 != 0 {
					name = strings.ToUpper(name)
				}
				b.WriteString("&" + name + "=" + secret)
			}
			if frag != "" {
				b.WriteString("#" + frag)
			}
			return b.String()
		}
		s1, s2 := alnum(secret, 0), alnum(secret, 1)
		in1, in2 := build(s1), build(s2)
		out1, out2 := protocol.RedactURL(in1), protocol.RedactURL(in2)
		if out1 != out2 {
			t.Fatalf("output depends on the secret:\n in %q\nout %q\n in %q\nout %q", in1, out1, in2, out2)
		}
		if strings.Contains(out1, s1) && !strings.Contains(strings.ReplaceAll(in1, s1, ""), s1) && !strings.Contains(out2, s1) {
			t.Fatalf("RedactURL(%q) = %q holds the secret %q", in1, out1, s1)
		}
	})
}

// alnum maps s onto letters and digits, shifted by shift, so two shifts give
// two secrets of the same shape that differ in every byte. It never returns
// "".
func alnum(s string, shift int) string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	if s == "" {
		s = "\x00"
	}
	b := make([]byte, len(s))
	for i := range len(s) {
		b[i] = chars[(int(s[i])+shift)%len(chars)]
	}
	return string(b)
}

func lettersOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, s)
}

func strip(s, chars string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(chars, r) {
			return -1
		}
		return r
	}, s)
}

func TestRedactText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"bad credentials: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", "bad credentials: Bearer REDACTED"},
		{"got Authorization: Basic dXNlcjpodW50ZXIy, rejected", "got Authorization: Basic REDACTED, rejected"},
		{"BEARER  abcdefgh1jkl and token s3cr3tvalue99", "BEARER  REDACTED and token REDACTED"},
		{"Bearer abcdefghijklmnopqrstuvwxyz", "Bearer REDACTED"},
		{"Authorization: Bearer abc", "Authorization: Bearer REDACTED"},
		{"authorization:basic Zm9v", "authorization:basic REDACTED"},
		{"basic auth failed", "basic auth failed"},
		{"Basic information about orders", "Basic information about orders"},
		{"token expired at noon", "token expired at noon"},
		{"the bearer credentials were refused", "the bearer credentials were refused"},
		{"Basic dXNlcjpodW50ZXIy", "Basic REDACTED"},
		{"Basic dXNlcjpodW50ZXIy and Basic aGVsbG8gd29ybGQ=", "Basic REDACTED and Basic aGVsbG8gd29ybGQ="},
		{"use a bearer token", "use a bearer token"},
		{"subject not found", "subject not found"},
		{"mybasic dXNlcjpodW50ZXIy", "mybasic dXNlcjpodW50ZXIy"},
		{"", ""},
	} {
		if got := protocol.RedactText(tc.in); got != tc.want {
			t.Errorf("RedactText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzRedactText(f *testing.F) {
	f.Add("x Bearer ", "abcdefgh123", " y")
	f.Add("Basic ", "dXNlcjpodW50ZXIy", "")
	f.Fuzz(func(t *testing.T, before, secret, after string) {
		if len(secret) < 8 || strings.IndexFunc(secret, func(r rune) bool { return r > 127 || !isTok(byte(r)) }) >= 0 {
			return
		}
		secret = "9" + secret // a credential's shape: see looksLikeCredential
		in := before + " Bearer " + secret + " " + after
		out := protocol.RedactText(in)
		if strings.Count(out, secret) >= strings.Count(before+" "+after, secret)+1 {
			t.Errorf("RedactText(%q) = %q keeps the credential", in, out)
		}
	})
}

func isTok(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~+/=", c) >= 0
}
