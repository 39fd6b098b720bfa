package store

import (
	"context"
	"strings"

	"github.com/safezone/safezone/geo"
)

// Backend is what the server and the command line need from a store: the
// registered businesses, the bearer tokens, the audit log, the imported
// schools and water bodies, the uploaded rule packs and the hazard ledger.
// *Store (bbolt, one process) and *Postgres (any number of replicas sharing
// one database) implement it, with the same errors: geo.ErrInvalidInput for
// bad input, geo.ErrNotFound for unknown IDs and ErrUnauthorized for bad
// tokens. Implementations are safe for concurrent use.
type Backend interface {
	CreateBusiness(ctx context.Context, actor string, in BusinessInput) (Business, error)
	Business(ctx context.Context, id string) (Business, error)
	Businesses(ctx context.Context) ([]Business, error)
	UpdateBusiness(ctx context.Context, actor, id string, in BusinessInput) (Business, error)
	DeleteBusiness(ctx context.Context, actor, id string) error

	// Version increases after every change to the businesses that this
	// process can know of; see Store.Version and Postgres.Version.
	Version() uint64

	CreateToken(ctx context.Context, actor string, role Role, schoolID string) (string, Token, error)
	CreateUnitToken(ctx context.Context, actor string, role Role, unit string) (string, Token, error)
	Authenticate(ctx context.Context, token string) (Token, error)
	Tokens(ctx context.Context) ([]Token, error)
	RevokeToken(ctx context.Context, actor, id string) error

	Log(ctx context.Context, actor, action, target, detail string) error
	LogEntries(ctx context.Context, after uint64, limit int) ([]LogEntry, error)

	RecordCheck(ctx context.Context, actor string, record []byte) (CheckRecord, error)
	CheckRecord(ctx context.Context, id string) (CheckRecord, error)
	VerifyChecks(ctx context.Context) (ChainCheck, error)

	Import(ctx context.Context, actor string, batch ImportBatch) (ImportSummary, error)
	Features(ctx context.Context) ([]geo.Feature, error)

	PutRulePack(ctx context.Context, actor, name string, yaml []byte) (RulePack, error)
	RulePack(ctx context.Context, id string) (RulePack, error)
	RulePacks(ctx context.Context) ([]RulePack, error)
	DeleteRulePack(ctx context.Context, actor, id string) error
	SetDefaultRules(ctx context.Context, actor, id string) error
	DefaultRules(ctx context.Context) (string, error)
	Ledger

	Close() error
}

var (
	_ Backend = (*Store)(nil)
	_ Backend = (*Postgres)(nil)
)

// IsPostgresURL reports whether spec names a PostgreSQL database
// ("postgres://..." or "postgresql://...") rather than a store directory.
func IsPostgresURL(spec string) bool {
	return strings.HasPrefix(spec, "postgres://") || strings.HasPrefix(spec, "postgresql://")
}

// OpenBackend opens the store spec names: a PostgreSQL database for a
// postgres:// or postgresql:// URL (OpenPostgres), else a store directory
// (Open). The caller must Close it.
func OpenBackend(ctx context.Context, spec string) (Backend, error) {
	// Return a nil interface on error, not a nil pointer in one.
	if IsPostgresURL(spec) {
		p, err := OpenPostgres(ctx, spec)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	s, err := Open(spec)
	if err != nil {
		return nil, err
	}
	return s, nil
}
