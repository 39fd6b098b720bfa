package store_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

const regulator = "tok:ab12cd34"

// MustCreateBusiness creates a business from in and fails the test on error.
func MustCreateBusiness(tb testing.TB, s *store.Store, in store.BusinessInput) store.Business {
	tb.Helper()
	b, err := s.CreateBusiness(context.Background(), regulator, in)
	if err != nil {
		tb.Fatalf("CreateBusiness(%+v): %v", in, err)
	}
	return b
}

func validInput() store.BusinessInput {
	return store.BusinessInput{Name: "星际网吧", Category: "internet_cafe", Lat: 39.9042, Lon: 116.4074}
}

func TestStore_CreateBusiness(t *testing.T) {
	long := strings.Repeat("网", store.MaxNameLen)
	tests := []struct {
		name string
		in   store.BusinessInput
		want store.Business // without ID and times
	}{
		{"DefaultsToProposed", validInput(),
			store.Business{Name: "星际网吧", Category: "internet_cafe", Point: geo.Point{Lat: 39.9042, Lon: 116.4074}, Status: store.Proposed}},
		{"Licensed", store.BusinessInput{Name: "Bar 1", Category: "bar", Lat: 31.2, Lon: 121.5, Licence: " JY123 ", Status: "licensed"},
			store.Business{Name: "Bar 1", Category: "bar", Point: geo.Point{Lat: 31.2, Lon: 121.5}, Licence: "JY123", Status: store.Licensed}},
		{"TrimsName", store.BusinessInput{Name: "  彩票站 ", Category: "lottery", Status: "proposed"},
			store.Business{Name: "彩票站", Category: "lottery", Status: store.Proposed}},
		{"Bounds", store.BusinessInput{Name: "x", Category: "police", Lat: -90, Lon: 180},
			store.Business{Name: "x", Category: geo.Police, Point: geo.Point{Lat: -90, Lon: 180}, Status: store.Proposed}},
		{"LongestName", store.BusinessInput{Name: long, Category: "hotel"},
			store.Business{Name: long, Category: "hotel", Status: store.Proposed}},
	}
	s := MustOpen(t, t.TempDir())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := time.Now()
			b := MustCreateBusiness(t, s, tc.in)
			if !strings.HasPrefix(b.ID, "reg/") || b.CreatedBy != regulator ||
				b.CreatedAt.Before(before.Add(-time.Second)) || !b.UpdatedAt.Equal(b.CreatedAt) {
				t.Errorf("got ID %q, CreatedBy %q, CreatedAt %v, UpdatedAt %v", b.ID, b.CreatedBy, b.CreatedAt, b.UpdatedAt)
			}
			want := tc.want
			want.ID, want.CreatedAt, want.UpdatedAt, want.CreatedBy = b.ID, b.CreatedAt, b.UpdatedAt, regulator
			if b != want {
				t.Errorf("CreateBusiness = %+v, want %+v", b, want)
			}
			got, err := s.Business(t.Context(), b.ID)
			if err != nil || got != b {
				t.Errorf("Business(%q) = %+v, %v; want %+v", b.ID, got, err, b)
			}
		})
	}
}

func TestStore_CreateBusiness_errors(t *testing.T) {
	with := func(f func(*store.BusinessInput)) store.BusinessInput {
		in := validInput()
		f(&in)
		return in
	}
	tests := []struct {
		name  string
		actor string
		in    store.BusinessInput
		want  string
	}{
		{"EmptyName", regulator, with(func(in *store.BusinessInput) { in.Name = "" }), `name "": must not be empty`},
		{"BlankName", regulator, with(func(in *store.BusinessInput) { in.Name = " \t" }), `name " \t": must not be empty`},
		{"LongName", regulator, with(func(in *store.BusinessInput) { in.Name = strings.Repeat("a", 201) }), `must be at most 200 characters`},
		{"BadUTF8Name", regulator, with(func(in *store.BusinessInput) { in.Name = "a\xff" }), `name "a\xff": must be valid UTF-8`},
		{"ReplacementCharName", regulator, with(func(in *store.BusinessInput) { in.Name = "网\uFFFD吧" }), "name \"网\uFFFD吧\": must be valid UTF-8"},
		{"NULName", regulator, with(func(in *store.BusinessInput) { in.Name = "a\x00b" }), `name "a\x00b": must not contain control characters (U+0000)`},
		{"NewlineName", regulator, with(func(in *store.BusinessInput) { in.Name = "网吧\n2" }), `name "网吧\n2": must not contain control characters (U+000A)`},
		{"C1Name", regulator, with(func(in *store.BusinessInput) { in.Name = "a\u0085b" }), `(U+0085)`},
		{"BidiOverrideName", regulator, with(func(in *store.BusinessInput) { in.Name = "abc\u202Egpj.exe" }), `(U+202E)`},
		{"BidiIsolateName", regulator, with(func(in *store.BusinessInput) { in.Name = "abc\u2066x" }), `(U+2066)`},
		{"LineSeparatorName", regulator, with(func(in *store.BusinessInput) { in.Name = "a\u2028b" }), `(U+2028)`},
		{"EscapeLicence", regulator, with(func(in *store.BusinessInput) { in.Licence = "JY\x1b[31m" }), `licence "JY\x1b[31m": must not contain control characters (U+001B)`},
		{"BadUTF8Licence", regulator, with(func(in *store.BusinessInput) { in.Licence = "JY\xc3" }), `licence "JY\xc3": must be valid UTF-8`},
		{"UnknownCategory", regulator, with(func(in *store.BusinessInput) { in.Category = "ktv" }), `category "ktv": must be one of internet_cafe, `},
		{"WaterCategory", regulator, with(func(in *store.BusinessInput) { in.Category = "water" }), `category "water": must be one of`},
		{"EmptyCategory", regulator, with(func(in *store.BusinessInput) { in.Category = "" }), `category "": must be one of`},
		{"LatTooBig", regulator, with(func(in *store.BusinessInput) { in.Lat = 123.4 }), `lat "123.4": must be between -90 and 90`},
		{"LonTooSmall", regulator, with(func(in *store.BusinessInput) { in.Lon = -180.5 }), `lon "-180.5": must be between -180 and 180`},
		{"LatNaN", regulator, with(func(in *store.BusinessInput) { in.Lat = math.NaN() }), `lat "NaN"`},
		{"LonInf", regulator, with(func(in *store.BusinessInput) { in.Lon = math.Inf(1) }), `lon "+Inf"`},
		{"Status", regulator, with(func(in *store.BusinessInput) { in.Status = "open" }), `status "open": must be licensed or proposed`},
		{"StatusCase", regulator, with(func(in *store.BusinessInput) { in.Status = "Licensed" }), `status "Licensed"`},
		{"LongLicence", regulator, with(func(in *store.BusinessInput) { in.Licence = strings.Repeat("1", 101) }), `licence "111`},
		{"EmptyActor", "", validInput(), `actor "": must not be empty`},
	}
	s := MustOpen(t, t.TempDir())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreateBusiness(t.Context(), tc.actor, tc.in)
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want ErrInvalidInput containing %q", err, tc.want)
			}
		})
	}
	if bs, _ := s.Businesses(t.Context()); len(bs) != 0 {
		t.Errorf("rejected input stored %d businesses", len(bs))
	}
	if es := allLogEntries(t, s); len(es) != 0 {
		t.Errorf("rejected input wrote %d log entries", len(es))
	}
}

func TestStore_UpdateBusiness(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	old := MustCreateBusiness(t, s, validInput())
	in := store.BusinessInput{Name: "星际网吧（新）", Category: "internet_cafe", Lat: 39.9, Lon: 116.4074, Licence: "JY1", Status: "licensed"}
	b, err := s.UpdateBusiness(t.Context(), "tok:other", old.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	want := store.Business{ID: old.ID, Name: in.Name, Category: "internet_cafe", Point: geo.Point{Lat: 39.9, Lon: 116.4074},
		Licence: "JY1", Status: store.Licensed, CreatedAt: old.CreatedAt, UpdatedAt: b.UpdatedAt, CreatedBy: regulator}
	if b != want || b.UpdatedAt.Before(old.UpdatedAt) {
		t.Errorf("UpdateBusiness = %+v, want %+v", b, want)
	}
	if got, err := s.Business(t.Context(), old.ID); err != nil || got != b {
		t.Errorf("Business = %+v, %v; want %+v", got, err, b)
	}
	es := allLogEntries(t, s)
	last := es[len(es)-1]
	wantDetail := `name "星际网吧" -> "星际网吧（新）"; lat "39.9042" -> "39.9"; status "proposed" -> "licensed"; licence "" -> "JY1"`
	if last.Action != store.ActionBusinessUpdate || last.Actor != "tok:other" || last.Target != old.ID || last.Detail != wantDetail {
		t.Errorf("log entry = %+v, want detail %s", last, wantDetail)
	}
}

// badIDs are business IDs that name no business in a store with reg/1 only.
var badIDs = []string{"reg/2", "reg/0", "reg/01", "reg/+1", "reg/", "reg/1x", "node/1", "", "reg/18446744073709551616"}

func TestStore_UpdateBusiness_errors(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	b := MustCreateBusiness(t, s, validInput())
	for _, id := range badIDs {
		t.Run("NotFound/"+id, func(t *testing.T) {
			_, err := s.UpdateBusiness(t.Context(), regulator, id, validInput())
			if !errors.Is(err, geo.ErrNotFound) || !strings.Contains(err.Error(), fmt.Sprintf("business %q: not found", id)) {
				t.Errorf("err = %v, want ErrNotFound", err)
			}
		})
	}
	t.Run("InvalidInput", func(t *testing.T) {
		in := validInput()
		in.Lat = 91
		if _, err := s.UpdateBusiness(t.Context(), regulator, b.ID, in); !errors.Is(err, geo.ErrInvalidInput) {
			t.Errorf("err = %v, want ErrInvalidInput", err)
		}
	})
	if got, _ := s.Business(t.Context(), b.ID); got != b {
		t.Errorf("failed updates changed %s to %+v", b.ID, got)
	}
	if v := s.Version(); v != 1 {
		t.Errorf("Version = %d after one create and failed updates, want 1", v)
	}
}

func TestStore_DeleteBusiness(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	b := MustCreateBusiness(t, s, validInput())
	if err := s.DeleteBusiness(t.Context(), regulator, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Business(t.Context(), b.ID); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("Business after delete: err = %v, want ErrNotFound", err)
	}
	if err := s.DeleteBusiness(t.Context(), regulator, b.ID); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("second delete: err = %v, want ErrNotFound", err)
	}
}

func TestStore_DeleteBusiness_errors(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	b := MustCreateBusiness(t, s, validInput())
	for _, id := range badIDs {
		t.Run("NotFound/"+id, func(t *testing.T) {
			if err := s.DeleteBusiness(t.Context(), regulator, id); !errors.Is(err, geo.ErrNotFound) {
				t.Errorf("err = %v, want ErrNotFound", err)
			}
		})
	}
	t.Run("EmptyActor", func(t *testing.T) {
		if err := s.DeleteBusiness(t.Context(), "", b.ID); !errors.Is(err, geo.ErrInvalidInput) {
			t.Errorf("err = %v, want ErrInvalidInput", err)
		}
	})
	t.Run("Canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := s.DeleteBusiness(ctx, regulator, b.ID); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	if _, err := s.Business(t.Context(), b.ID); err != nil {
		t.Errorf("failed deletes removed %s: %v", b.ID, err)
	}
}

// TestStore_Businesses_reopen checks that writes survive Close and Open and
// that Businesses sorts reg/10 after reg/9.
func TestStore_Businesses_reopen(t *testing.T) {
	dir := t.TempDir()
	s := MustOpen(t, dir)
	for i := range 12 {
		in := validInput()
		in.Name = fmt.Sprintf("b%d", i+1)
		MustCreateBusiness(t, s, in)
	}
	in := validInput()
	in.Status = "licensed"
	if _, err := s.UpdateBusiness(t.Context(), regulator, "reg/3", in); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteBusiness(t.Context(), regulator, "reg/5"); err != nil {
		t.Fatal(err)
	}
	want, err := s.Businesses(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, b := range want {
		ids = append(ids, b.ID)
	}
	if got := strings.Join(ids, " "); got != "reg/1 reg/2 reg/3 reg/4 reg/6 reg/7 reg/8 reg/9 reg/10 reg/11 reg/12" {
		t.Errorf("IDs = %s", got)
	}
	wantLog := allLogEntries(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = MustOpen(t, dir)
	got, err := s.Businesses(t.Context())
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after reopen: Businesses = %+v, %v\nwant %+v", got, err, want)
	}
	if gotLog := allLogEntries(t, s); !reflect.DeepEqual(gotLog, wantLog) || len(gotLog) != 14 {
		t.Errorf("after reopen: %d log entries, want the same %d", len(gotLog), len(wantLog))
	}
}

func TestStore_IDsNeverReused(t *testing.T) {
	dir := t.TempDir()
	s := MustOpen(t, dir)
	for range 3 {
		MustCreateBusiness(t, s, validInput())
	}
	if err := s.DeleteBusiness(t.Context(), regulator, "reg/3"); err != nil {
		t.Fatal(err)
	}
	if b := MustCreateBusiness(t, s, validInput()); b.ID != "reg/4" {
		t.Errorf("after deleting reg/3: new ID %s, want reg/4", b.ID)
	}
	if err := s.DeleteBusiness(t.Context(), regulator, "reg/4"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = MustOpen(t, dir)
	if b := MustCreateBusiness(t, s, validInput()); b.ID != "reg/5" {
		t.Errorf("after reopen: new ID %s, want reg/5", b.ID)
	}
}

func TestBusiness_Feature(t *testing.T) {
	b := store.Business{ID: "reg/7", Name: "烟酒店", Category: "tobacco", Point: geo.Point{Lat: 30.5, Lon: 114.3}, Status: store.Licensed}
	want := geo.Feature{ID: "reg/7", Kind: geo.Business, Name: "烟酒店", Category: "tobacco", Geometry: orb.Point{114.3, 30.5}}
	if got := b.Feature(); !reflect.DeepEqual(got, want) {
		t.Errorf("Feature = %+v, want %+v", got, want)
	}
}

func TestStore_Version(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	ctx := t.Context()
	steps := []struct {
		name string
		do   func() error
		want uint64
	}{
		{"Open", func() error { return nil }, 0},
		{"Create", func() error { _, err := s.CreateBusiness(ctx, regulator, validInput()); return err }, 1},
		{"Update", func() error { _, err := s.UpdateBusiness(ctx, regulator, "reg/1", validInput()); return err }, 2},
		{"Token", func() error { _, _, err := s.CreateToken(ctx, "cli", store.RolePolice, ""); return err }, 2},
		{"Log", func() error { return s.Log(ctx, "cli", "audit.run", "", "") }, 2},
		{"Delete", func() error { return s.DeleteBusiness(ctx, regulator, "reg/1") }, 3},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if v := s.Version(); v != st.want {
			t.Errorf("after %s: Version = %d, want %d", st.name, v, st.want)
		}
	}
}

// TestStore_Concurrent runs readers while writers create, update and delete.
// Writers keep Name and Licence equal, so a reader seeing them differ saw
// half a write. Run it with -race.
func TestStore_Concurrent(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	ctx := t.Context()
	for range 10 {
		MustCreateBusiness(t, s, store.BusinessInput{Name: "seed", Licence: "seed", Category: "bar"})
	}
	const writers, readers, ops = 3, 4, 30
	var wwg, rwg sync.WaitGroup
	done := make(chan struct{})
	for r := range readers {
		rwg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(r), 1))
			var lastVersion uint64
			for {
				select {
				case <-done:
					return
				default:
				}
				if v := s.Version(); v < lastVersion {
					t.Errorf("Version went back from %d to %d", lastVersion, v)
				} else {
					lastVersion = v
				}
				bs, err := s.Businesses(ctx)
				if err != nil {
					t.Errorf("Businesses: %v", err)
					return
				}
				for _, b := range bs {
					checkWhole(t, b)
				}
				b, err := s.Business(ctx, fmt.Sprintf("reg/%d", 1+rng.IntN(10+writers*ops)))
				if err == nil {
					checkWhole(t, b)
				} else if !errors.Is(err, geo.ErrNotFound) {
					t.Errorf("Business: %v", err)
				}
			}
		})
	}
	for w := range writers {
		wwg.Go(func() {
			for i := range ops {
				tag := fmt.Sprintf("w%d-%d", w, i)
				in := store.BusinessInput{Name: tag, Licence: tag, Category: "bar", Lat: float64(i), Lon: float64(w)}
				b, err := s.CreateBusiness(ctx, regulator, in)
				if err != nil {
					t.Errorf("CreateBusiness: %v", err)
					return
				}
				in.Name, in.Licence = tag+"u", tag+"u"
				if _, err := s.UpdateBusiness(ctx, regulator, b.ID, in); err != nil {
					t.Errorf("UpdateBusiness: %v", err)
				}
				if i%2 == 0 {
					if err := s.DeleteBusiness(ctx, regulator, b.ID); err != nil {
						t.Errorf("DeleteBusiness: %v", err)
					}
				}
			}
		})
	}
	wwg.Wait()
	close(done)
	rwg.Wait()
	if v, want := s.Version(), uint64(10+writers*ops*5/2); v != want {
		t.Errorf("Version = %d, want %d", v, want)
	}
	if bs, _ := s.Businesses(ctx); len(bs) != 10+writers*ops/2 {
		t.Errorf("%d businesses, want %d", len(bs), 10+writers*ops/2)
	}
}

func checkWhole(t *testing.T, b store.Business) {
	t.Helper()
	if b.Name != b.Licence || b.ID == "" || b.Category != "bar" {
		t.Errorf("half-written business: %+v", b)
	}
}
