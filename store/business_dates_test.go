package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// A registered business keeps its opening date through create, read,
// update, import and the log, on each backend, and a bad one is refused.
func TestBackend_Businesses_openedOn(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			in := validInput()
			in.OpenedOn = "2012/5/1"
			b, err := s.CreateBusiness(ctx, "alice", in)
			if err != nil || b.OpenedOn.String() != "2012-05-01" || b.Feature().OpenedOn != b.OpenedOn {
				t.Fatalf("create: %+v, %v", b, err)
			}
			if got, err := s.Business(ctx, b.ID); err != nil || got.OpenedOn != b.OpenedOn {
				t.Errorf("read: %+v, %v", got, err)
			}
			in.OpenedOn = "2013"
			if u, err := s.UpdateBusiness(ctx, "bob", b.ID, in); err != nil || u.OpenedOn.String() != "2013" {
				t.Errorf("update: %+v, %v", u, err)
			}
			imp := validInput()
			imp.Licence, imp.OpenedOn = "L9", "2010-01"
			school := geo.Feature{ID: "schools/1", Kind: geo.School, SchoolKind: geo.Primary, Geometry: orb.Point{104, 30}, OpenedOn: 20150901}
			if _, err := s.Import(ctx, "carol", store.ImportBatch{Source: "x.csv", Businesses: []store.BusinessInput{imp}, Features: []geo.Feature{school}}); err != nil {
				t.Fatal(err)
			}
			if fs, err := s.Features(ctx); err != nil || len(fs) != 1 || fs[0].OpenedOn.String() != "2015-09-01" {
				t.Errorf("imported school: %+v, %v", fs, err)
			}
			bs, err := s.Businesses(ctx)
			if err != nil || len(bs) != 2 || bs[0].OpenedOn.String() != "2013" || bs[1].OpenedOn.String() != "2010-01" {
				t.Errorf("list: %+v, %v", bs, err)
			}
			es, _ := s.LogEntries(ctx, 0, 10)
			if len(es) < 2 || !strings.Contains(es[0].Detail, "opened_on=2012-05-01") || !strings.Contains(es[1].Detail, `opened_on "2012-05-01" -> "2013"`) {
				t.Errorf("log %+v", es)
			}
			for _, bad := range []struct{ v, want string }{{"soon", `opened_on "soon": must be a date`}, {"2999-01-01", `opened_on "2999-01-01": is in the future`}} {
				in.OpenedOn = bad.v
				_, err := s.CreateBusiness(ctx, "alice", in)
				if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), bad.want) {
					t.Errorf("opened_on %q: %v, want %q", bad.v, err, bad.want)
				}
			}
		})
	}
}
