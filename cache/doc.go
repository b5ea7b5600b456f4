// Package cache is the bounded, single-flight, TTL cache the API clients
// share: schemas by id, ids by (subject, schema), and the like.
//
// Eviction is CLOCK (second chance): entries sit in a ring with a reference
// bit that a hit sets with an atomic store, so a hit needs only a read lock;
// when the cache is full, the hand clears set bits until it finds an entry
// whose bit is clear, or one that has expired, and replaces it. The cache
// never holds more than Options.MaxEntries entries.
//
// [Cache.Load] is single-flight: concurrent misses of one key run the loader
// once and share its result. No lock is held while a loader runs. The loader
// runs in a goroutine of its own with a context that keeps the values of the
// caller that started it but not its cancellation: every caller waits with
// its own context and may leave when that ends, without disturbing the
// others. When the last waiter has left, the loader's context is cancelled,
// as nobody wants the result any more.
//
// Errors are cached only when Options.Negative says so, and only for
// Options.NegativeTTL. Errors the protocol package classes as server,
// transport or otherwise retryable errors (protocol.IsRetryable: a 408 or
// 429 too), context errors and loader panics are never cached, whatever
// Negative says.
//
// Time comes only from Options.Now, so tests drive expiry with a fake clock.
// Without one, hits read a coarse clock that the cache keeps itself, since
// reading the system clock can cost more than the rest of a hit: a timer
// refreshes it every 10ms while hits use it and stops after a quiet
// interval. An entry is never seen expired early, and at most about 20ms
// late.
package cache
