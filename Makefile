# safezone: make run serves the map on the demo data; make test runs every test.
MODULE  := $(shell go list -m)
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/safezone
ADDR    ?= 127.0.0.1:8080

.PHONY: all build run test test-go lint imports bench fuzz tidy clean

all: lint test build

build:
	go build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/safezone

run: build
	$(BIN) serve --addr $(ADDR)

test: lint imports test-go

test-go:
	go test -race -count=1 ./...

lint:
	go vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

imports:  ## geo and frontend must stay leaf packages
	@! go list -f '{{join .Imports "\n"}}' ./geo/... | grep -E 'labstack/echo|^net/http$$|$(MODULE)/(api|frontend|cmd)'
	@! go list -f '{{join .Imports "\n"}}' ./frontend/... | grep -vE '^(embed|io/fs)$$'

bench:
	go test -run '^$$' -bench . -benchmem ./geo/...

fuzz:
	@for pkg in ./geo; do \
	  for f in $$(go test -list 'Fuzz.*' $$pkg | grep '^Fuzz'); do \
	    go test -run '^$$' -fuzz "^$$f$$" -fuzztime=30s $$pkg || exit 1; \
	  done; \
	done

tidy:
	go mod tidy && git diff --exit-code go.mod go.sum

clean:
	rm -rf bin
