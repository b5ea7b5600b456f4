package cache_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/unwired-go/unwired/cache"
)

var errNotFound = errors.New("schema not found")

func ExampleCache_Load() {
	schemas := cache.New[int, string](cache.Options{
		MaxEntries:  100,
		TTL:         time.Hour,
		NegativeTTL: time.Minute,
		Negative:    func(err error) bool { return errors.Is(err, errNotFound) },
	})
	fetch := func(id int) func(context.Context) (string, error) {
		return func(context.Context) (string, error) {
			fmt.Println("fetching", id)
			if id != 1 {
				return "", errNotFound
			}
			return `"string"`, nil
		}
	}
	ctx := context.Background()
	for _, id := range []int{1, 1, 2, 2} {
		s, err := schemas.Load(ctx, id, fetch(id))
		fmt.Println(id, s, err)
	}
	// Output:
	// fetching 1
	// 1 "string" <nil>
	// 1 "string" <nil>
	// fetching 2
	// 2  schema not found
	// 2  schema not found
}
