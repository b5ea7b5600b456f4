package protocol

import (
	"context"
	"iter"
)

// PageParser parses one page: the items it holds and the request for the
// next page, nil when this was the last. req is the request that produced
// resp.
type PageParser[T any] func(req *Request, resp *Response) (items []T, next *Request, err error)

// pageResult carries a page through a Call.
type pageResult[T any] struct {
	items []T
	next  *Request
}

// Pages runs first and the requests that follow it, one Call per page with
// policy, and yields every item. It stops at the first error, which it
// yields with a zero T, or when the consumer stops.
func Pages[T any](ctx context.Context, r *Runner, first *Request, policy RetryPolicy, parse PageParser[T], bases ...string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		req := first
		for req != nil {
			cur := req
			call := NewCall(cur, func(resp *Response) (pageResult[T], error) {
				items, next, err := parse(cur, resp)
				return pageResult[T]{items, next}, err
			}, policy, bases...)
			if err := r.Run(ctx, call); err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range call.Result.items {
				if !yield(it, nil) {
					return
				}
			}
			req = call.Result.next
		}
	}
}
