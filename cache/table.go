package cache

import "sync/atomic"

// table is an open-addressing hash table whose slots are atomic pointers,
// so that hits read it without any lock. Writers hold Cache.mu and only
// ever write the cache's current table. A key never moves within a table:
// removal leaves a tombstone, and growing or purging tombstones builds a new
// table that is published whole. Entries are immutable once published, so a
// reader that loaded the previous table still sees a consistent, if
// slightly older, cache.
type table[K comparable, V any] struct {
	slots []atomic.Pointer[entry[K, V]]
	mask  uint64
	live  int // entries
	dead  int // tombstones
}

const minTableSize = 16

func newTable[K comparable, V any](size int) *table[K, V] {
	return &table[K, V]{slots: make([]atomic.Pointer[entry[K, V]], size), mask: uint64(size - 1)}
}

// find returns the entry of key, or nil. Safe without the lock.
func (t *table[K, V]) find(key K, h uint64) *entry[K, V] {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		e := t.slots[i].Load()
		if e == nil {
			return nil
		}
		if e.hash == h && !e.tomb && e.key == key {
			return e
		}
	}
}

// full reports whether one more entry would push the slots in use past
// three quarters, where probe sequences get long.
func (t *table[K, V]) full() bool {
	return (t.live+t.dead+1)*4 > len(t.slots)*3
}

// put stores e, replacing the entry of the same key, and returns the
// replaced entry or nil. The table must not be full.
func (t *table[K, V]) put(e *entry[K, V]) *entry[K, V] {
	free := -1
	for i := e.hash & t.mask; ; i = (i + 1) & t.mask {
		old := t.slots[i].Load()
		switch {
		case old == nil:
			if free < 0 {
				free = int(i)
			} else {
				t.dead--
			}
			t.slots[free].Store(e)
			t.live++
			return nil
		case old.tomb:
			if free < 0 {
				free = int(i)
			}
		case old.hash == e.hash && old.key == e.key:
			t.slots[i].Store(e)
			return old
		}
	}
}

// remove replaces e, found by identity, with tomb.
func (t *table[K, V]) remove(e, tomb *entry[K, V]) {
	for i := e.hash & t.mask; ; i = (i + 1) & t.mask {
		old := t.slots[i].Load()
		if old == nil {
			return
		}
		if old == e {
			t.slots[i].Store(tomb)
			t.live--
			t.dead++
			return
		}
	}
}

// rebuilt returns a copy of t without tombstones, twice as large when half
// or more of its slots hold entries.
func (t *table[K, V]) rebuilt() *table[K, V] {
	size := len(t.slots)
	if t.live*2 >= size {
		size *= 2
	}
	n := newTable[K, V](size)
	for i := range t.slots {
		if e := t.slots[i].Load(); e != nil && !e.tomb {
			n.put(e)
		}
	}
	return n
}
