package protocol_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/unwired-go/unwired/protocol"
)

func TestBackoff(t *testing.T) {
	const ms = time.Millisecond
	capped := protocol.RetryPolicy{BaseDelay: 100 * ms, MaxDelay: 2 * time.Second}
	uncapped := protocol.RetryPolicy{BaseDelay: 100 * ms}
	halve := func(d time.Duration) time.Duration { return d / 2 }
	tests := []struct {
		desc   string
		policy protocol.RetryPolicy
		n      int
		want   time.Duration
	}{
		{"first retry", capped, 1, 100 * ms},
		{"doubles", capped, 2, 200 * ms},
		{"doubles again", capped, 3, 400 * ms},
		{"fourth", capped, 4, 800 * ms},
		{"fifth", capped, 5, 1600 * ms},
		{"capped", capped, 6, 2 * time.Second},
		{"stays capped", capped, 60, 2 * time.Second},
		{"n=0 is the base", capped, 0, 100 * ms},
		{"cap below base", protocol.RetryPolicy{BaseDelay: time.Second, MaxDelay: 300 * ms}, 1, 300 * ms},
		{"cap not a power of two of the base", protocol.RetryPolicy{BaseDelay: 300 * ms, MaxDelay: time.Second}, 3, time.Second},
		{"no cap doubles", uncapped, 4, 800 * ms},
		{"no cap, many retries, no overflow", uncapped, 200, time.Duration(100*ms) << 36},
		{"zero base", protocol.RetryPolicy{MaxDelay: time.Second}, 5, 0},
		{"jitter applied", protocol.RetryPolicy{BaseDelay: 100 * ms, MaxDelay: 2 * time.Second, Jitter: halve}, 3, 200 * ms},
		{"jitter applied after the cap", protocol.RetryPolicy{BaseDelay: 100 * ms, MaxDelay: 2 * time.Second, Jitter: halve}, 10, time.Second},
		{"jitter not called on zero", protocol.RetryPolicy{Jitter: func(time.Duration) time.Duration { panic("called") }}, 1, 0},
		{"default policy", protocol.DefaultRetryPolicy, 3, 400 * ms},
	}
	for _, tt := range tests {
		if got := tt.policy.Backoff(tt.n); got != tt.want {
			t.Errorf("%s: Backoff(%d) = %v, want %v", tt.desc, tt.n, got, tt.want)
		}
	}
}

func TestRetryableStatus(t *testing.T) {
	retryable := map[int]bool{408: true, 429: true, 500: true, 502: true, 503: true, 504: true}
	for status := 100; status < 600; status++ {
		if got := protocol.RetryableStatus(status); got != retryable[status] {
			t.Errorf("RetryableStatus(%d) = %v", status, got)
		}
	}
}

func TestDecide(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	const ms = time.Millisecond
	policy := protocol.RetryPolicy{MaxAttempts: 4, BaseDelay: 100 * ms, MaxDelay: time.Second,
		Jitter: func(d time.Duration) time.Duration { return d - ms }}
	get := &protocol.Request{Method: "GET", URL: "https://sr.example/x", Idempotent: true}
	post := &protocol.Request{Method: "POST", URL: "https://sr.example/x"}
	status := func(code int, h ...protocol.Field) *protocol.Response {
		return &protocol.Response{Status: code, Header: h}
	}
	retryAfter := func(v string) protocol.Field { return protocol.Field{Name: "Retry-After", Value: v} }
	ioErr := protocol.NewTransportError(get, io.ErrUnexpectedEOF)

	tests := []struct {
		desc     string
		policy   protocol.RetryPolicy
		attempt  int
		req      *protocol.Request
		resp     *protocol.Response
		err      error
		wantWait time.Duration
		wantOK   bool
	}{
		{"transport error", policy, 1, get, nil, ioErr, 99 * ms, true},
		{"transport error, third attempt backs off more", policy, 3, get, nil, ioErr, 399 * ms, true},
		{"transport error, last attempt", policy, 4, get, nil, ioErr, 0, false},
		{"beyond the last attempt", policy, 5, get, nil, ioErr, 0, false},
		{"transport error, not idempotent", policy, 1, post, nil, ioErr, 0, false},
		{"body too large", policy, 1, get, nil, &protocol.BodyTooLargeError{Limit: 1}, 0, false},
		{"context canceled", policy, 1, get, nil, context.Canceled, 0, false},
		{"other error", policy, 1, get, nil, errors.New("boom"), 0, false},
		{"408", policy, 1, get, status(408), nil, 99 * ms, true},
		{"429", policy, 1, get, status(429), nil, 99 * ms, true},
		{"500", policy, 2, get, status(500), nil, 199 * ms, true},
		{"502", policy, 1, get, status(502), nil, 99 * ms, true},
		{"503", policy, 1, get, status(503), nil, 99 * ms, true},
		{"504", policy, 1, get, status(504), nil, 99 * ms, true},
		{"503 on the last attempt", policy, 4, get, status(503), nil, 0, false},
		{"503, not idempotent", policy, 1, post, status(503), nil, 0, false},
		{"429, not idempotent", policy, 1, post, status(429), nil, 0, false},
		{"200", policy, 1, get, status(200), nil, 0, false},
		{"301", policy, 1, get, status(301), nil, 0, false},
		{"400", policy, 1, get, status(400), nil, 0, false},
		{"401", policy, 1, get, status(401), nil, 0, false},
		{"403", policy, 1, get, status(403), nil, 0, false},
		{"404", policy, 1, get, status(404), nil, 0, false},
		{"409", policy, 1, get, status(409), nil, 0, false},
		{"422", policy, 1, get, status(422), nil, 0, false},
		{"501", policy, 1, get, status(501), nil, 0, false},
		{"505", policy, 1, get, status(505), nil, 0, false},
		{"404 with Retry-After is still not retried", policy, 1, get, status(404, retryAfter("1")), nil, 0, false},
		{"no response, no error", policy, 1, get, nil, nil, 0, false},
		{"zero policy never retries", protocol.RetryPolicy{}, 1, get, status(503), nil, 0, false},
		{"MaxAttempts 1 never retries", protocol.RetryPolicy{MaxAttempts: 1}, 1, get, nil, ioErr, 0, false},
		{"Retry-After seconds, not jittered", policy, 1, get, status(503, retryAfter("7")), nil, 7 * time.Second, true},
		{"Retry-After zero", policy, 1, get, status(429, retryAfter("0")), nil, 0, true},
		{"Retry-After date", policy, 1, get, status(429, retryAfter("Sun, 01 Mar 2026 12:00:30 GMT")), nil, 30 * time.Second, true},
		{"Retry-After date in the past", policy, 1, get, status(429, retryAfter("Sun, 01 Mar 2026 11:00:00 GMT")), nil, 0, true},
		{"Retry-After garbage falls back to backoff", policy, 2, get, status(503, retryAfter("soon")), nil, 199 * ms, true},
		{"Retry-After at the default limit", policy, 1, get, status(503, retryAfter("300")), nil, 5 * time.Minute, true},
		{"Retry-After beyond the default limit", policy, 1, get, status(503, retryAfter("301")), nil, 0, false},
		{"Retry-After date beyond the default limit", policy, 1, get, status(503, retryAfter("Sun, 01 Mar 2026 13:00:00 GMT")), nil, 0, false},
		{"Retry-After within MaxServerWait", withMaxServerWait(policy, time.Hour), 1, get, status(503, retryAfter("3600")), nil, time.Hour, true},
		{"Retry-After beyond MaxServerWait", withMaxServerWait(policy, 10*time.Second), 1, get, status(503, retryAfter("11")), nil, 0, false},
		{"negative MaxServerWait honours no Retry-After", withMaxServerWait(policy, -1), 1, get, status(503, retryAfter("0")), nil, 0, false},
		{"negative MaxServerWait still backs off without Retry-After", withMaxServerWait(policy, -1), 1, get, status(503), nil, 99 * ms, true},
		{"Retry-After absurdly large", policy, 1, get, status(503, retryAfter("99999999999999999999999")), nil, 0, false},
		{"Retry-After on the last attempt", policy, 4, get, status(503, retryAfter("1")), nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			wait, ok := tt.policy.Decide(now, tt.attempt, tt.req, tt.resp, tt.err)
			if wait != tt.wantWait || ok != tt.wantOK {
				t.Errorf("Decide = (%v, %v), want (%v, %v)", wait, ok, tt.wantWait, tt.wantOK)
			}
		})
	}
}

func withMaxServerWait(p protocol.RetryPolicy, d time.Duration) protocol.RetryPolicy {
	p.MaxServerWait = d
	return p
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(1994, 11, 6, 8, 49, 0, 0, time.UTC)
	tests := []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"1", time.Second, true},
		{"  120  ", 2 * time.Minute, true},
		{"86400", 24 * time.Hour, true},
		{"86401", 24 * time.Hour, true},
		{"99999999999999999999999", 24 * time.Hour, true},
		{"-1", 0, false},
		{"-99999999999999999999999", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"Sun, 06 Nov 1994 08:49:37 GMT", 37 * time.Second, true},
		{"Sunday, 06-Nov-94 08:49:37 GMT", 37 * time.Second, true},
		{"Sun Nov  6 08:49:37 1994", 37 * time.Second, true},
		{"Sun, 06 Nov 1994 08:48:00 GMT", 0, true},
		{"Sun, 06 Nov 1994 08:49:37 PST", 0, false},
		{"1994-11-06T08:49:37Z", 0, false},
	}
	for _, tt := range tests {
		h := protocol.Header{{"retry-after", tt.value}}
		got, ok := protocol.RetryAfter(h, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("RetryAfter(%q) = (%v, %v), want (%v, %v)", tt.value, got, ok, tt.want, tt.wantOK)
		}
	}
	if _, ok := protocol.RetryAfter(nil, now); ok {
		t.Error("RetryAfter(nil) reported a wait")
	}
}

func TestParseHTTPDate(t *testing.T) {
	want := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	tests := []struct {
		desc, value string
		want        time.Time
		ok          bool
	}{
		{"IMF-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT", want, true},
		{"obsolete RFC 850", "Sunday, 06-Nov-94 08:49:37 GMT", want, true},
		{"obsolete asctime", "Sun Nov  6 08:49:37 1994", want, true},
		{"asctime, two-digit day", "Wed Nov 16 08:49:37 1994", want.AddDate(0, 0, 10), true},
		{"IMF-fixdate, this century", "Tue, 03 Mar 2026 00:00:00 GMT", time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), true},
		{"not GMT", "Sun, 06 Nov 1994 08:49:37 UTC", time.Time{}, false},
		{"ISO 8601", "1994-11-06T08:49:37Z", time.Time{}, false},
		{"empty", "", time.Time{}, false},
		{"truncated", "Sun, 06 Nov 1994", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := protocol.ParseHTTPDate(tt.value)
		if !got.Equal(tt.want) || ok != tt.ok {
			t.Errorf("%s: ParseHTTPDate(%q) = (%v, %v), want (%v, %v)", tt.desc, tt.value, got, ok, tt.want, tt.ok)
		}
		if ok && got.Location() != time.UTC {
			t.Errorf("%s: location %v, want UTC", tt.desc, got.Location())
		}
	}
}

// FuzzRetryAfter checks that any Retry-After value yields a wait in
// [0, 24h] for seconds, never a negative one, and never panics.
func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "120", "-1", "99999999999999999999", "Sun, 06 Nov 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Fri, 31 Dec 9999 23:59:59 GMT", "+5", " 7 "} {
		f.Add(s, int64(784111777))
	}
	f.Fuzz(func(t *testing.T, v string, nowUnix int64) {
		now := time.Unix(nowUnix%(1<<40), 0).UTC()
		d, ok := protocol.RetryAfter(protocol.Header{{"Retry-After", v}}, now)
		if d < 0 {
			t.Fatalf("RetryAfter(%q) = %v, negative", v, d)
		}
		if !ok && d != 0 {
			t.Fatalf("RetryAfter(%q) = (%v, false), want 0 when not ok", v, d)
		}
		if _, isDate := protocol.ParseHTTPDate(v); !isDate && d > 24*time.Hour {
			t.Fatalf("RetryAfter(%q) = %v, beyond the 24h cap for seconds", v, d)
		}
		if tm, isDate := protocol.ParseHTTPDate(v); isDate {
			if s := tm.Format(time.RFC1123); s == "" {
				t.Fatalf("unformattable date from %q", v)
			}
		}
		p := protocol.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}
		req := &protocol.Request{Idempotent: true}
		if w, retry := p.Decide(now, 1, req, &protocol.Response{Status: 503, Header: protocol.Header{{"Retry-After", v}}}, nil); w < 0 || w > 5*time.Minute {
			t.Fatalf("Decide with Retry-After %q = (%v, %v)", v, w, retry)
		}
	})
}
