# The one test command (README.md, .ci/run): formatting, vet, the race-enabled
# unit suite with fuzz seed corpora, then the conformance module against a
# real registry built from the module proxy.
GO ?= go

.PHONY: test fmt vet unit conformance bench fuzz tour

test: fmt vet unit conformance

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	cd conformance && $(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...

conformance:
	cd conformance && $(GO) test -race -count=1 ./...

tour:
	$(GO) run ./cmd/unwired tour

# Benchmarks behind docs/benchmarks.md (not part of test).
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./cache/ ./codec/
	cd conformance && $(GO) test -run '^$$' -bench . -benchmem -count 5 ./...

# Short local fuzzing of every target (not part of test; seeds run in unit).
FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done
