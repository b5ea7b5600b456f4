package protocol_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

// pageServer serves pages of comma-separated numbers at /items?page=N; the
// Link-ish header "Next" names the next page. statuses overrides the status
// of a request, by request number.
type pageServer struct {
	pages    []string
	statuses map[int][]int // page → statuses to answer before the page itself
	urls     []string
}

func (s *pageServer) Do(_ context.Context, req *protocol.Request, resp *protocol.Response) error {
	s.urls = append(s.urls, req.URL)
	_, q, _ := strings.Cut(req.URL, "?page=")
	n, err := strconv.Atoi(q)
	if err != nil || n >= len(s.pages) {
		resp.Status = 404
		return nil
	}
	if st := s.statuses[n]; len(st) > 0 {
		resp.Status, s.statuses[n] = st[0], st[1:]
		return nil
	}
	resp.Status = 200
	if n+1 < len(s.pages) {
		resp.Header.Add("Next", "/items?page="+strconv.Itoa(n+1))
	}
	resp.Body = append(resp.Body, s.pages[n]...)
	return nil
}

var errOddPage = errors.New("page holds a non-number")

func parseNumbers(req *protocol.Request, resp *protocol.Response) ([]int, *protocol.Request, error) {
	if !resp.OK() {
		return nil, nil, &protocol.APIError{API: "test", Status: resp.Status}
	}
	var items []int
	for _, f := range strings.Split(string(resp.Body), ",") {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, nil, errOddPage
		}
		items = append(items, n)
	}
	var next *protocol.Request
	if p := resp.Header.Get("Next"); p != "" {
		base, _, _ := strings.Cut(req.URL, "/items")
		next = &protocol.Request{Method: "GET", URL: base + p, Idempotent: true}
	}
	return items, next, nil
}

func TestPages(t *testing.T) {
	const base = "https://a.example"
	tests := []struct {
		desc      string
		pages     []string
		statuses  map[int][]int
		first     string
		stopAfter int // consumer stops after this many items; 0: never
		want      []int
		wantErr   string // "" for none; "status N" for an *APIError, or the error text
		wantURLs  []string
	}{
		{
			desc:     "three pages",
			pages:    []string{"1,2", "3", "4,5"},
			first:    "/items?page=0",
			want:     []int{1, 2, 3, 4, 5},
			wantURLs: []string{"/items?page=0", "/items?page=1", "/items?page=2"},
		},
		{
			desc:     "one page",
			pages:    []string{"7"},
			first:    "/items?page=0",
			want:     []int{7},
			wantURLs: []string{"/items?page=0"},
		},
		{
			desc:     "a retryable status on a page is retried within that page",
			pages:    []string{"1", "2"},
			statuses: map[int][]int{1: {503}},
			first:    "/items?page=0",
			want:     []int{1, 2},
			wantURLs: []string{"/items?page=0", "/items?page=1", "/items?page=1"},
		},
		{
			desc:     "an error status stops the pages",
			pages:    []string{"1,2", "3", "4"},
			statuses: map[int][]int{1: {404}},
			first:    "/items?page=0",
			want:     []int{1, 2},
			wantErr:  "status 404",
			wantURLs: []string{"/items?page=0", "/items?page=1"},
		},
		{
			desc:     "a parse error stops the pages",
			pages:    []string{"1", "x", "3"},
			first:    "/items?page=0",
			want:     []int{1},
			wantErr:  errOddPage.Error(),
			wantURLs: []string{"/items?page=0", "/items?page=1"},
		},
		{
			desc:      "a consumer that stops ends the requests",
			pages:     []string{"1,2,3", "4", "5"},
			first:     "/items?page=0",
			stopAfter: 2,
			want:      []int{1, 2},
			wantURLs:  []string{"/items?page=0"},
		},
		{
			desc:      "a consumer that stops at a page's last item asks for no next page",
			pages:     []string{"1,2", "3"},
			first:     "/items?page=0",
			stopAfter: 2,
			want:      []int{1, 2},
			wantURLs:  []string{"/items?page=0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			srv := &pageServer{pages: tt.pages, statuses: tt.statuses}
			clock := newFakeClock()
			r := &protocol.Runner{Doer: srv, Now: clock.Now, Sleep: clock.Sleep}
			first := &protocol.Request{Method: "GET", URL: base + tt.first, Idempotent: true}
			var got []int
			var gotErr error
			errs := 0
			for n, err := range protocol.Pages(context.Background(), r, first, callPolicy, parseNumbers) {
				if err != nil {
					gotErr = err
					errs++
					if n != 0 {
						t.Errorf("error yielded with item %d, want the zero value", n)
					}
					continue
				}
				got = append(got, n)
				if tt.stopAfter > 0 && len(got) == tt.stopAfter {
					break
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			var wantURLs []string
			for _, u := range tt.wantURLs {
				wantURLs = append(wantURLs, base+u)
			}
			if diff := cmp.Diff(wantURLs, srv.urls); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
			switch {
			case tt.wantErr == "" && gotErr != nil:
				t.Errorf("err = %v", gotErr)
			case strings.HasPrefix(tt.wantErr, "status "):
				var ae *protocol.APIError
				if !errors.As(gotErr, &ae) || "status "+strconv.Itoa(ae.Status) != tt.wantErr {
					t.Errorf("err = %v, want an *APIError with %s", gotErr, tt.wantErr)
				}
			case tt.wantErr != "" && (gotErr == nil || gotErr.Error() != tt.wantErr):
				t.Errorf("err = %v, want %q", gotErr, tt.wantErr)
			}
			if errs > 1 {
				t.Errorf("%d errors yielded, want at most one", errs)
			}
		})
	}
}

func TestPagesContextCancelled(t *testing.T) {
	srv := &pageServer{pages: []string{"1", "2"}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &protocol.Runner{Doer: srv}
	first := &protocol.Request{Method: "GET", URL: "https://a.example/items?page=0", Idempotent: true}
	var got []int
	var gotErr error
	for n, err := range protocol.Pages(ctx, r, first, callPolicy, parseNumbers) {
		if err != nil {
			gotErr = err
			continue
		}
		got = append(got, n)
		cancel() // after the first item: the second page must not be asked for
	}
	if gotErr != context.Canceled {
		t.Errorf("err = %v, want context.Canceled", gotErr)
	}
	if len(srv.urls) != 1 || len(got) != 1 {
		t.Errorf("requests %q, items %v: want one of each", srv.urls, got)
	}
}
