# safezone: make run serves the map on the demo data; make test runs every test.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/safezone
ADDR    ?= 127.0.0.1:8080

NPM_CI  := npm ci --no-audit --no-fund
LEAFLET := frontend/node_modules/leaflet/dist

.PHONY: all build run test test-go lint imports bench bench-api bench-writes bench-ledger bench-patrol bench-postgis bench-walk test-postgres fuzz tidy clean frontend e2e chromium zlib

all: lint test build

build: frontend zlib
	go build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/safezone

run: build
	$(BIN) serve --addr $(ADDR)

test: lint imports test-go e2e

test-go: frontend zlib
	go test -race -count=1 ./...

lint:
	go vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

imports:  ## the package graph: geo/layout_test.go states which package may import which
	go test -count=1 -run '^TestLayout$$' ./geo

bench:
	go test -run '^$$' -bench . -benchmem ./geo/...

# POST /api/v1/check over loopback against the real server, on the demo and
# on 200k schools x 2M businesses; the figures are in docs/api-load.md.
bench-api:
	go test -run '^$$' -bench '^BenchmarkServer_check$$' -benchtime=100000x -count=1 ./api
	go test -run '^$$' -bench '^BenchmarkServe$$' -benchtime=200000x -count=1 -timeout 15m ./cmd/safezone

# 32 clients on loopback against the real server with a bbolt store: 90%
# POST /api/v1/check, 10% business writes; and concurrent creates against
# the store alone (group commit). The figures are in docs/api-load.md.
bench-writes:
	go test -run '^$$' -bench '^BenchmarkServe_writes$$' -benchtime=100000x -count=1 ./cmd/safezone
	go test -run '^$$' -bench '^BenchmarkStore_CreateBusiness$$' -benchtime=20000x -count=1 ./store

# The hazard ledger at scale: a sync of 743,509 hits into an empty ledger
# and again, then lists and the summary over a million hazards; on
# PostgreSQL too when SAFEZONE_TEST_POSTGRES names a server. README, Figures.
bench-ledger:
	go test -run '^$$' -bench 'Ledger_Sync' -benchtime=1x -count=1 -timeout 30m ./store
	go test -run '^$$' -bench 'Ledger_List' -benchtime=1000x -count=1 -timeout 60m ./store

bench-patrol:  ## the patrol planner at 50,000 schools x 200,000 candidates, and against CBC (installed when missing)
	go test -run '^$$' -bench 'Plan|Stages' -benchtime=1x -count=1 ./geo/patrol
	scripts/patrol-cbc.sh

# Walking distances on the Chengdu graph (one check, 10,000 routes, route-water
# for 10,000 routes), and the graph and its shortest walks against PostGIS and
# pgRouting (installed when missing) on a throwaway server.
bench-walk:
	go test -run '^$$' -bench 'NewGraph|WalkToSchool|CheckWith|RoutesToSchool|WaterAlong' -benchtime=2s -count=1 ./geo/walk
	scripts/pgrouting-check.sh

# The PostgreSQL store's tests (two replicas, LISTEN/NOTIFY) against a
# throwaway server on 127.0.0.1; go test skips them without one.
test-postgres:
	scripts/postgis/test-postgres.sh

# safezone audit against the same audit in PostGIS on the same generated
# files, size by size (SCHOOLSxBUSINESSES); writes docs/benchmarks.tsv and
# docs/benchmarks.png, described in docs/benchmarks.md.
BENCH_SIZES ?= 2000x20000 20000x200000 200000x2000000
bench-postgis:
	scripts/bench-postgis.sh $(BENCH_SIZES)

# Every package's fuzz targets, 30 s each. Go minimizes each new interesting
# input for up to 60 s by default; with inputs of kilobytes (OSM files,
# workbooks) and decoders of milliseconds, workers did nothing else
# (FuzzDecodeOSMXML ran 21 inputs in 20 s, FuzzReadXLSX 10): 20 tries each.
fuzz:
	@for pkg in $$(go list ./...); do \
	  for f in $$(go test -list 'Fuzz.*' $$pkg | grep '^Fuzz'); do \
	    go test -run '^$$' -fuzz "^$$f$$" -fuzztime=30s -fuzzminimizetime=20x $$pkg || exit 1; \
	  done; \
	done

tidy:
	go mod tidy && git diff --exit-code go.mod go.sum

# Leaflet comes from npm, pinned in frontend/package-lock.json, and is copied
# into frontend/leaflet/ (gitignored) for the Go build to embed.
frontend: frontend/leaflet/leaflet.js

frontend/leaflet/leaflet.js: frontend/package.json frontend/package-lock.json
	cd frontend && $(NPM_CI)
	cp $(LEAFLET)/leaflet.js $(LEAFLET)/leaflet.css frontend/leaflet/
	rm -rf frontend/leaflet/images && cp -R $(LEAFLET)/images frontend/leaflet/images
	touch $@

# Browser tests of the map: playwright-core (pinned in e2e/package-lock.json)
# drives Debian's chromium against the built binary. Screenshots: e2e/artifacts/.
e2e: build chromium e2e/node_modules/.package-lock.json
	e2e/run.sh

e2e/node_modules/.package-lock.json: e2e/package.json e2e/package-lock.json
	cd e2e && $(NPM_CI)

chromium:  ## Debian's chromium, plus a CJK font so screenshots show the Chinese text
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium fonts-wqy-microhei)

zlib:  ## the OSM reader's PBF package links zlib through cgo (and -race needs cgo)
	@test -f /usr/include/zlib.h || (apt-get update && apt-get install -y zlib1g-dev)

clean:
	rm -rf bin
