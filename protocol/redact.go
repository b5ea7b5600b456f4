package protocol

import (
	"encoding/base64"
	"net/url"
	"strings"
)

// Redacted replaces a secret wherever unwired prints or records one.
const Redacted = "REDACTED"

// secretHeaders are the fields that carry credentials in the five APIs and
// in common proxies. Compared case-insensitively.
var secretHeaders = []string{
	"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
	"X-Api-Key", "X-Auth-Token", "X-Amz-Security-Token",
	"X-Datahub-Security-Token", "X-Acs-Security-Token",
}

// secretParams are query parameters that carry credentials (AMS ?key=,
// presigned URLs, tokens).
var secretParams = []string{
	"key", "token", "access_token", "password", "secret", "signature",
	"x-amz-signature", "x-amz-credential", "x-amz-security-token",
}

// IsSecretHeader reports whether a header field carries a credential.
func IsSecretHeader(name string) bool {
	for _, s := range secretHeaders {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

func isSecretParam(name string) bool {
	for _, s := range secretParams {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

// RedactURL returns raw with the password of its user info and the values
// of secret query parameters replaced by REDACTED. A URL that does not parse
// keeps only what cannot be a credential; see redactUnparsable.
func RedactURL(raw string) string {
	if !strings.ContainsAny(raw, "@?#") {
		return raw // fast path: nothing that could hold a secret
	}
	u, err := url.Parse(raw)
	if err != nil || misreadUserinfo(u, raw) {
		return redactUnparsable(raw)
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), Redacted)
		} else {
			// A lone user name is as often a token as a name.
			u.User = url.User(Redacted)
		}
	}
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		for i, p := range parts {
			name, _, _ := strings.Cut(p, "=")
			if n, err := url.QueryUnescape(name); err == nil && isSecretParam(n) {
				parts[i] = name + "=" + Redacted
			}
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	if strings.Contains(u.Fragment, "=") {
		// OAuth implicit flows put tokens in the fragment.
		u.Fragment, u.RawFragment = Redacted, ""
	}
	return u.String()
}

// RedactHeader returns a copy of h with the value of every secret field
// replaced by REDACTED.
func RedactHeader(h Header) Header {
	out := h.Clone()
	for i, f := range out {
		if IsSecretHeader(f.Name) {
			out[i].Value = Redacted
		}
	}
	return out
}

// misreadUserinfo reports whether url.Parse may have left part of a
// password outside u.User: "user:pass@host" without "//" parses as scheme
// "user" and opaque "pass@host" (or, after "http:/", as a path), and a
// password holding '/', '?' or '#' ends the authority early, leaving its
// rest, up to a second '@', in the path or query. Such URLs are redacted as
// unparsable ones.
func misreadUserinfo(u *url.URL, raw string) bool {
	if u.User != nil {
		return strings.Count(raw, "@") > 1
	}
	return u.Scheme != "" && u.Host == "" && strings.Contains(raw, "@")
}

// redactUnparsable redacts a URL that url.Parse rejects. The password of a
// user info sits before the last '@' of the authority, not after the first,
// so everything between the scheme and that '@' goes, and so does the whole
// query. When an '@' follows the first '?', either may lie inside a password:
// then only the scheme is kept.
func redactUnparsable(raw string) string {
	scheme, rest := "", raw
	if i := strings.Index(raw, "://"); i >= 0 && !strings.ContainsAny(raw[:i], "?@") {
		scheme, rest = raw[:i+3], raw[i+3:]
	}
	head, query, hasQuery := strings.Cut(rest, "?")
	if strings.Contains(query, "@") {
		return scheme + Redacted
	}
	if at := strings.LastIndexByte(head, '@'); at >= 0 {
		head = Redacted + head[at:]
	}
	if hasQuery {
		head += "?" + Redacted
	}
	return scheme + head
}

// credentialSchemes are the HTTP authentication schemes whose parameter is a
// credential worth hiding when it is echoed back in text.
var credentialSchemes = []string{"basic ", "bearer ", "token ", "apikey "}

// RedactText replaces the credential after an authentication scheme name
// (Basic, Bearer, Token, ApiKey; any case) with REDACTED. Servers and proxies
// sometimes echo the Authorization header in an error message; error
// envelopes and recorded bodies pass through this before anyone sees them.
//
// Prose must survive ("Basic information about orders", "token expired"),
// so a word after a scheme name is taken for a credential only when it has
// a credential's shape: after Basic, base64 of "user:password"; after the
// others, 8 or more token characters with a digit or punctuation in them,
// or 20 or more of any. Right after "Authorization:" any value is hidden.
func RedactText(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		for _, scheme := range credentialSchemes {
			// ASCII folding on s itself: strings.ToLower could change the
			// length of invalid UTF-8 and shift every index.
			if len(s)-i < len(scheme) || !strings.EqualFold(s[i:i+len(scheme)], scheme) || (i > 0 && isTokenByte(s[i-1])) {
				continue
			}
			start := i + len(scheme)
			for start < len(s) && s[start] == ' ' {
				start++
			}
			end := start
			for end < len(s) && isTokenByte(s[end]) {
				end++
			}
			if !looksLikeCredential(scheme, s[start:end], afterAuthorization(s[:i])) {
				continue
			}
			b.WriteString(s[last:start])
			b.WriteString(Redacted)
			last, i = end, end-1
			break
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// looksLikeCredential reports whether tok, following scheme, has the shape
// of a credential rather than of a word.
func looksLikeCredential(scheme, tok string, authorization bool) bool {
	switch {
	case tok == "":
		return false
	case authorization:
		return true
	case scheme == "basic ":
		raw, err := base64.StdEncoding.DecodeString(tok)
		if err != nil {
			raw, err = base64.RawStdEncoding.DecodeString(tok)
		}
		return err == nil && strings.IndexByte(string(raw), ':') >= 0
	case len(tok) >= 20:
		return true
	case len(tok) < 8:
		return false
	}
	return strings.ContainsAny(tok, "0123456789-._~+/=")
}

// afterAuthorization reports whether before ends with "Authorization:" and
// optional spaces, the echo of a request header.
func afterAuthorization(before string) bool {
	before = strings.TrimRight(before, " ")
	const name = "authorization:"
	return len(before) >= len(name) && strings.EqualFold(before[len(before)-len(name):], name)
}

// isTokenByte reports whether c can be part of a token68 or JWT credential.
func isTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '='
}
