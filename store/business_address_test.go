package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// A registered business keeps its address through create, read, update,
// import and the log, on each backend; an imported school keeps its own;
// a bad address is refused naming the field.
func TestBackend_Businesses_address(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			in := validInput()
			in.Address = " 成都市成华区府青路二段12号 "
			b, err := s.CreateBusiness(ctx, "alice", in)
			if err != nil || b.Address != "成都市成华区府青路二段12号" || b.Feature().Address != b.Address {
				t.Fatalf("create: %+v, %v", b, err)
			}
			if got, err := s.Business(ctx, b.ID); err != nil || got.Address != b.Address {
				t.Errorf("read: %+v, %v", got, err)
			}
			in.Address = "府青路二段14号"
			if u, err := s.UpdateBusiness(ctx, "bob", b.ID, in); err != nil || u.Address != "府青路二段14号" {
				t.Errorf("update: %+v, %v", u, err)
			}
			imp := validInput()
			imp.Licence, imp.Address = "L9", "建设路3号"
			school := geo.Feature{ID: "schools/1", Kind: geo.School, SchoolKind: geo.Primary, Geometry: orb.Point{104, 30}, Address: "府青路二段30号"}
			if _, err := s.Import(ctx, "carol", store.ImportBatch{Source: "x.csv", Businesses: []store.BusinessInput{imp}, Features: []geo.Feature{school}}); err != nil {
				t.Fatal(err)
			}
			if fs, err := s.Features(ctx); err != nil || len(fs) != 1 || fs[0].Address != "府青路二段30号" {
				t.Errorf("imported school: %+v, %v", fs, err)
			}
			bs, err := s.Businesses(ctx)
			if err != nil || len(bs) != 2 || bs[0].Address != "府青路二段14号" || bs[1].Address != "建设路3号" {
				t.Errorf("list: %+v, %v", bs, err)
			}
			// The same import again changes nothing; a new address is an update.
			imp.Address = "建设路5号"
			sum, err := s.Import(ctx, "carol", store.ImportBatch{Source: "x.csv", Businesses: []store.BusinessInput{imp}})
			if err != nil || sum.Updated != 1 {
				t.Errorf("import with a new address: %+v, %v", sum, err)
			}
			es, _ := s.LogEntries(ctx, 0, 10)
			if len(es) < 2 || !strings.Contains(es[0].Detail, `address="成都市成华区府青路二段12号"`) ||
				!strings.Contains(es[1].Detail, `address "成都市成华区府青路二段12号" -> "府青路二段14号"`) {
				t.Errorf("log %+v", es)
			}
			for _, bad := range []struct{ v, want string }{
				{strings.Repeat("路", 301), `must be at most 300 characters`},
				{"府青路\x0012号", `address "府青路\x0012号"`},
				{"府青路\ufffd", `must be valid UTF-8`},
			} {
				in.Address = bad.v
				_, err := s.CreateBusiness(ctx, "alice", in)
				if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), bad.want) {
					t.Errorf("address %q: %v, want %q", bad.v, err, bad.want)
				}
			}
		})
	}
}
