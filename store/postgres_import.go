package store

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/safezone/safezone/geo"
)

// Import is Store.Import in PostgreSQL: the whole batch is validated, then
// written in one transaction with the same matching, summary and audit
// entries, or not at all.
func (p *Postgres) Import(ctx context.Context, actor string, batch ImportBatch) (ImportSummary, error) {
	var sum ImportSummary
	if err := checkActor(actor); err != nil {
		return sum, err
	}
	bs, lines, err := batch.validate()
	if err != nil {
		return sum, err
	}
	now := pgNow()
	err = p.update(ctx, func(tx pgx.Tx) error {
		sum = ImportSummary{}
		logs, err := pgImportBusinesses(ctx, tx, actor, now, bs, &sum)
		if err != nil {
			return err
		}
		if err := pgImportFeatures(ctx, tx, lines); err != nil {
			return err
		}
		sum.Features = len(lines)
		detail := fmt.Sprintf("source=%q created=%d updated=%d unchanged=%d features=%d",
			batch.Source, sum.Created, sum.Updated, sum.Unchanged, sum.Features)
		logs = append(logs, []any{now, actor, ActionImport, "", detail})
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"safezone_log"}, []string{"time", "actor", "action", "target", "detail"}, pgx.CopyFromRows(logs))
		return err
	})
	if err != nil {
		return ImportSummary{}, wrap("import", err)
	}
	p.version.Add(1)
	return sum, nil
}

// pgImportBusinesses upserts bs in tx as importBusinesses does in bbolt,
// and returns the log rows of what it changed, in order.
func pgImportBusinesses(ctx context.Context, tx pgx.Tx, actor string, now time.Time, bs []Business, sum *ImportSummary) ([][]any, error) {
	rows, err := tx.Query(ctx, `SELECT `+pgBusinessColumns+` FROM safezone_businesses ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	stored, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Business, error) { return scanBusiness(r) })
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]Business, len(stored))
	for _, b := range stored {
		byKey[matchKey(b)] = b
	}
	seqs, err := pgNewSeqs(ctx, tx, bs, byKey)
	if err != nil {
		return nil, err
	}
	var logs [][]any
	final := map[uint64]Business{} // what each touched business ends as
	created := map[uint64]bool{}
	for _, b := range bs {
		old, found := byKey[matchKey(b)]
		if found {
			b.ID, b.CreatedAt, b.CreatedBy, b.UpdatedAt = old.ID, old.CreatedAt, old.CreatedBy, now
			if sameBusiness(old, b) {
				sum.Unchanged++
				continue
			}
			logs = append(logs, []any{now, actor, ActionBusinessUpdate, b.ID, diff(old, b)})
			sum.Updated++
		} else {
			b.ID = businessIDPrefix + strconv.FormatUint(seqs[0], 10)
			created[seqs[0]], seqs = true, seqs[1:]
			b.CreatedAt, b.UpdatedAt, b.CreatedBy = now, now, actor
			logs = append(logs, []any{now, actor, ActionBusinessCreate, b.ID, describe(b)})
			sum.Created++
		}
		byKey[matchKey(b)] = b
		seq, _ := parseBusinessID(b.ID)
		final[seq] = b
	}
	return logs, pgWriteImported(ctx, tx, final, created)
}

// pgNewSeqs takes as many business numbers from the sequence as the import
// will create, in increasing order, so that IDs follow input order.
func pgNewSeqs(ctx context.Context, tx pgx.Tx, bs []Business, byKey map[string]Business) ([]uint64, error) {
	seen := map[string]bool{}
	n := 0
	for _, b := range bs {
		k := matchKey(b)
		if _, ok := byKey[k]; !ok && !seen[k] {
			seen[k] = true
			n++
		}
	}
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('safezone_businesses', 'seq')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return nil, err
	}
	seqs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	out := make([]uint64, len(seqs))
	for i, s := range seqs {
		out[i] = uint64(s)
	}
	slices.Sort(out)
	return out, nil
}

// pgWriteImported copies the created businesses in and updates the others.
func pgWriteImported(ctx context.Context, tx pgx.Tx, final map[uint64]Business, created map[uint64]bool) error {
	var newRows [][]any
	updates := &pgx.Batch{}
	for _, seq := range slices.Sorted(maps.Keys(final)) {
		b := final[seq]
		if created[seq] {
			newRows = append(newRows, []any{int64(seq), b.Name, string(b.Category), b.Point.Lat, b.Point.Lon,
				b.Licence, string(b.Status), b.CreatedAt, b.UpdatedAt, b.CreatedBy, b.OpenedOn.String(), b.Address})
			continue
		}
		updates.Queue(`UPDATE safezone_businesses SET name = $2, category = $3, lat = $4, lon = $5, licence = $6,
			status = $7, updated_at = $8, opened_on = $9, address = $10 WHERE seq = $1`,
			int64(seq), b.Name, string(b.Category), b.Point.Lat, b.Point.Lon, b.Licence, string(b.Status), b.UpdatedAt, b.OpenedOn.String(), b.Address)
	}
	cols := []string{"seq", "name", "category", "lat", "lon", "licence", "status", "created_at", "updated_at", "created_by", "opened_on", "address"}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"safezone_businesses"}, cols, pgx.CopyFromRows(newRows)); err != nil {
		return err
	}
	if updates.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, updates).Close()
}

// pgImportFeatures stores the imported schools and water bodies, each
// replacing one of the same ID; of two with the same ID in one batch the
// later wins, as in bbolt.
func pgImportFeatures(ctx context.Context, tx pgx.Tx, lines []featureLine) error {
	if len(lines) == 0 {
		return nil
	}
	last := map[string]int{}
	for i, l := range lines {
		last[l.id] = i
	}
	var rows [][]any
	for i, l := range lines {
		if last[l.id] == i {
			rows = append(rows, []any{l.id, string(l.json)})
		}
	}
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE safezone_import (id text, geojson text) ON COMMIT DROP`); err != nil {
		return err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"safezone_import"}, []string{"id", "geojson"}, pgx.CopyFromRows(rows)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO safezone_features SELECT id, geojson FROM safezone_import
		ON CONFLICT (id) DO UPDATE SET geojson = EXCLUDED.geojson`)
	return err
}

// Features is Store.Features in PostgreSQL: the imported schools and water
// bodies, sorted by ID, from one snapshot.
func (p *Postgres) Features(ctx context.Context) ([]geo.Feature, error) {
	rows, err := p.pool.Query(ctx, `SELECT geojson FROM safezone_features ORDER BY id`)
	if err != nil {
		return nil, wrap("list features", err)
	}
	var buf bytes.Buffer
	var line string
	_, err = pgx.ForEachRow(rows, []any{&line}, func() error {
		buf.WriteString(line)
		buf.WriteByte('\n')
		return nil
	})
	if err != nil {
		return nil, wrap("list features", err)
	}
	return readFeatures(&buf, "store safezone_features")
}
