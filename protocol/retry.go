package protocol

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy decides, as data, whether and when a failed attempt is sent
// again. The zero value never retries.
type RetryPolicy struct {
	// MaxAttempts bounds the attempts, the first included; 0 or 1 means no
	// retry.
	MaxAttempts int
	// BaseDelay is the wait before the first retry; it doubles each time, up
	// to MaxDelay (0: no cap).
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// Jitter, if set, maps a computed backoff d to the wait actually used,
	// typically a random duration in [d/2, d]. It is the only source of
	// randomness and is injected so tests stay deterministic. A wait the
	// server asked for (Retry-After) is not jittered.
	Jitter func(d time.Duration) time.Duration
	// MaxServerWait caps a Retry-After the policy will honour; a longer one
	// ends the retries (the error is returned at once). 0 means 5 minutes;
	// a negative value honours none, so any Retry-After ends the retries.
	MaxServerWait time.Duration
}

// DefaultRetryPolicy is what the typed clients use unless told otherwise:
// four attempts, 100ms doubling to 2s.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 4, BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second}

// RetryableStatus reports whether a status says "try again": 408, 429, 500,
// 502, 503 and 504. No other 4xx is ever retried.
func RetryableStatus(status int) bool {
	switch status {
	case 408, 429, 500, 502, 503, 504:
		return true
	}
	return false
}

// Backoff returns the computed wait before retry number n (1 for the first
// retry), jittered.
func (p RetryPolicy) Backoff(n int) time.Duration {
	d := p.BaseDelay
	// Doubling stops at the cap, and before it could overflow when there is
	// none.
	for i := 1; i < n && d > 0 && d <= math.MaxInt64/2 && (p.MaxDelay <= 0 || d < p.MaxDelay); i++ {
		d *= 2
	}
	if p.MaxDelay > 0 && d > p.MaxDelay {
		d = p.MaxDelay
	}
	if p.Jitter != nil && d > 0 {
		d = p.Jitter(d)
	}
	return d
}

// Decide says whether attempt number attempt (1-based) of req, which ended
// in resp or ioErr, is retried, and after what wait. Only idempotent
// requests are retried, only on a transport error or a retryable status, and
// never beyond MaxAttempts.
func (p RetryPolicy) Decide(now time.Time, attempt int, req *Request, resp *Response, ioErr error) (time.Duration, bool) {
	if attempt >= p.MaxAttempts || !req.Idempotent {
		return 0, false
	}
	if ioErr != nil {
		if !isTransport(ioErr) {
			return 0, false // over-limit body, context: not worth repeating
		}
		return p.Backoff(attempt), true
	}
	if resp == nil || !RetryableStatus(resp.Status) {
		return 0, false
	}
	if d, ok := RetryAfter(resp.Header, now); ok {
		limit := p.MaxServerWait
		if limit == 0 {
			limit = 5 * time.Minute
		}
		if d > limit {
			return 0, false
		}
		return d, true
	}
	return p.Backoff(attempt), true
}

// RetryAfter reads a Retry-After field (delay-seconds or an HTTP-date,
// RFC 9110 §10.2.3) relative to now. A date in the past means no wait.
func RetryAfter(h Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) && v[0] != '-' {
		secs, err = math.MaxInt64, nil // too many seconds to count is still a number: cap it
	}
	if err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	t, ok := ParseHTTPDate(v)
	if !ok {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}

// httpDateLayouts are the three forms RFC 9110 §5.6.7 requires a recipient
// to accept.
var httpDateLayouts = []string{
	"Mon, 02 Jan 2006 15:04:05 GMT",
	"Monday, 02-Jan-06 15:04:05 GMT",
	"Mon Jan _2 15:04:05 2006",
}

// ParseHTTPDate parses an HTTP-date.
func ParseHTTPDate(v string) (time.Time, bool) {
	for _, l := range httpDateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
