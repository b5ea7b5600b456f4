package cache

import (
	"strconv"
	"testing"
	"time"
)

func benchCache[K comparable](b *testing.B, opt Options, key func(int) K) *Cache[K, int] {
	c := New[K, int](opt)
	for i := range 1000 {
		c.Put(key(i), i)
	}
	return c
}

func BenchmarkGetHit(b *testing.B) {
	clk := newFakeClock()
	cases := []struct {
		name string
		opt  Options
	}{
		{"NoTTL", Options{}},
		{"TTL", Options{TTL: time.Hour}},
		{"TTLFakeClock", Options{TTL: time.Hour, Now: clk.Now}},
	}
	for _, cs := range cases {
		b.Run("string/"+cs.name, func(b *testing.B) {
			c := benchCache(b, cs.opt, strconv.Itoa)
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := c.Get("500"); !ok {
					b.Fatal("miss")
				}
			}
		})
		b.Run("int/"+cs.name, func(b *testing.B) {
			c := benchCache(b, cs.opt, func(i int) int { return i })
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := c.Get(500); !ok {
					b.Fatal("miss")
				}
			}
		})
	}
}

func BenchmarkGetHitParallel(b *testing.B) {
	c := benchCache(b, Options{TTL: time.Hour}, strconv.Itoa)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, ok := c.Get("500"); !ok {
				b.Fatal("miss")
			}
		}
	})
}

func BenchmarkLoadHit(b *testing.B) {
	c := benchCache(b, Options{TTL: time.Hour}, strconv.Itoa)
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Load(ctx, "500", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutEvict measures a store into a full cache: CLOCK victim,
// tombstone, table insert.
func BenchmarkPutEvict(b *testing.B) {
	c := benchCache(b, Options{}, func(i int) int { return i })
	b.ReportAllocs()
	i := 1000
	for b.Loop() {
		c.Put(i, i)
		i++
	}
}
