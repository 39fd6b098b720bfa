package geojson

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"

	"github.com/safezone/safezone/geo/synth"
)

// writeSynthDir writes cfg's features into dir as WriteGeoJSONL writes
// them, a file per kind, as the benchmark data is laid out.
func writeSynthDir(tb testing.TB, dir string, cfg synth.Config) {
	tb.Helper()
	files := map[geo.Kind]*os.File{}
	for k, name := range map[geo.Kind]string{geo.School: "schools.geojsonl", geo.Business: "businesses.geojsonl", geo.WaterBody: "water.geojsonl"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		files[k] = f
	}
	var line []byte
	err := synth.Generate(cfg, func(f geo.Feature) error {
		var err error
		if line, err = AppendFeature(line[:0], f); err != nil {
			return err
		}
		_, err = files[f.Kind].Write(append(line, '\n'))
		return err
	})
	for _, f := range files {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		tb.Fatal(err)
	}
}

// readBoth indexes the GeoJSON in data with ReadGeoJSON and NewIndex, and
// with an Loader, and fails unless both give the same index or the
// same error.
func readBoth(t *testing.T, data []byte, name string) (*geo.Index, error) {
	t.Helper()
	var b Loader
	var idx *geo.Index
	gotErr := b.Read(bytes.NewReader(data), name)
	if gotErr == nil {
		idx, gotErr = b.Build()
	}
	features, wantErr := Read(bytes.NewReader(data), name)
	var want *geo.Index
	if wantErr == nil {
		want, wantErr = geo.NewIndex(features)
	}
	switch {
	case (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error():
		t.Fatalf("Loader: %v\nReadGeoJSON and NewIndex: %v", gotErr, wantErr)
	case gotErr == nil:
		if d := geotest.IndexDiff(idx, want); d != "" {
			t.Fatal(d)
		}
	}
	return idx, gotErr
}

func TestLoader_ReadGeoJSONDir(t *testing.T) {
	tests := []struct {
		name string
		cfg  synth.Config
	}{
		{"small", synth.Config{Schools: 30, Businesses: 300, Water: 10, Seed: 3}},
		{"parallel", synth.Config{Schools: 3000, Businesses: 30000, Water: 300, Seed: 7}},
		{"no campuses", synth.Config{Schools: 100, Businesses: 1000, Seed: 9, CampusShare: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSynthDir(t, dir, tc.cfg)
			var b Loader
			if err := b.ReadDir(dir); err != nil {
				t.Fatal(err)
			}
			got, err := b.Build()
			if err != nil {
				t.Fatal(err)
			}
			features, err := ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			want, err := geo.NewIndex(features)
			if err != nil {
				t.Fatal(err)
			}
			if d := geotest.IndexDiff(got, want); d != "" {
				t.Fatal(d)
			}
			// And through the API: every feature by ID, and some queries.
			for i, f := range features {
				if g, err := got.Feature(f.ID); err != nil || !reflect.DeepEqual(g, f) {
					t.Fatalf("Feature(%q) = %+v, %v; want %+v", f.ID, g, err, f)
				}
				if i%97 == 0 {
					for _, k := range []geo.Kind{geo.School, geo.Business, geo.WaterBody} {
						c := f.Geometry.Bound().Center()
						if g, w := got.Within(c, 500, k), want.Within(c, 500, k); !reflect.DeepEqual(g, w) {
							t.Fatalf("Within(%v, 500, %s) = %v, want %v", c, k, g, w)
						}
					}
				}
			}
			if got.Len() != len(features) {
				t.Errorf("Len = %d, want %d", got.Len(), len(features))
			}
		})
	}
}

// TestLoader_files reads every fixture, and the fuzz seeds, both ways.
func TestLoader_files(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("../testdata", "geojson", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			readBoth(t, data, p)
		})
	}
	for i, s := range geojsonFuzzSeeds {
		t.Run(fmt.Sprint("seed", i), func(t *testing.T) { readBoth(t, []byte(s), "seed.geojson") })
	}
}

func TestLoader_forms(t *testing.T) {
	const point = `{"type":"Feature","properties":{"id":"a","kind":"school"},"geometry":{"type":"Point","coordinates":[1,2]}}`
	const point2 = `{"type":"Feature","properties":{"id":"b","kind":"business","category":"bar","name":"酒吧"},"geometry":{"type":"Point","coordinates":[-0,2]}}`
	const campus = `{"type":"Feature","properties":{"id":"c","kind":"school","gates":[[1,2]]},"geometry":{"type":"Point","coordinates":[1,2]}}`
	tests := []struct {
		name  string
		input string
		want  int
	}{
		{"empty", "", 0},
		{"white space", " \n\t\r\n", 0},
		{"empty collection", `{"type":"FeatureCollection","features":[]}`, 0},
		{"collection", `{"type":"FeatureCollection","features":[` + point + ",\n" + point2 + `]}`, 2},
		{"CRLF lines", point + "\r\n" + point2 + "\r\n", 2},
		{"byte order mark", "\xef\xbb\xbf" + point + "\n" + point2, 2},
		{"text sequence", "\x1e" + point + "\n\x1e" + point2 + "\n", 2},
		{"pretty features in sequence", strings.ReplaceAll(point+point2, ",", ",\n"), 2},
		{"escapes", strings.Replace(point, `"a"`, `"\u0061\n"`, 1), 1},
		{"point with gates", campus + "\n" + point2, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			idx, err := readBoth(t, []byte(tc.input), "in")
			if err != nil {
				t.Fatal(err)
			}
			if idx.Len() != tc.want {
				t.Errorf("Len = %d, want %d", idx.Len(), tc.want)
			}
		})
	}
}

func TestLoader_errors(t *testing.T) {
	f := func(props, geom string) string {
		return `{"type":"Feature","properties":{` + props + `},"geometry":` + geom + "}"
	}
	const pt = `{"type":"Point","coordinates":[104,30]}`
	const school = `"id":"s1","kind":"school"`
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"bad line", f(school, pt) + "\n{oops}\n", `in.geojsonl:2: invalid JSON: invalid character 'o'`},
		{"lat out of range", f(school, `{"type":"Point","coordinates":[104,123.4]}`), `in.geojsonl:1: feature "s1": lat "123.4": must be between -90 and 90`},
		{"no id", f(`"kind":"school"`, pt), `in.geojsonl:1: id "": must be a non-empty string`},
		{"unknown category", f(`"id":"b1","kind":"business","category":"casino"`, pt), `in.geojsonl:1: feature "b1": category "casino": must be one of`},
		{"school kind on business", f(`"id":"b1","kind":"business","category":"bar","school_kind":"primary"`, pt), `feature "b1": school_kind "primary": only a school has one`},
		{"duplicate id", f(school, pt) + "\n\n" + f(school, pt), `in.geojsonl:3: feature "s1": id "s1": already used at in.geojsonl:1`},
		{"duplicate in collection", `{"type":"FeatureCollection","features":[` + f(school, pt) + ",\n" + f(school, pt) + `]}`,
			`in.geojsonl:2 features[1]: feature "s1": id "s1": already used at in.geojsonl:1 features[0]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readBoth(t, []byte(tc.input), "in.geojsonl")
			if err == nil || !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error wrapping ErrInvalidInput containing %q", err, tc.want)
			}
		})
	}
}

// TestLoader_manyLines checks an error, and the first of two, in input
// long enough to be decoded in parallel.
func TestLoader_manyLines(t *testing.T) {
	var sb strings.Builder
	features, err := synthFeatures(synth.Config{Schools: 2000, Businesses: 20000, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteLines(&sb, features); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(sb.String(), "\n")
	lines[15000] = strings.Replace(lines[15000], `"kind":"business"`, `"kind":"shop"`, 1)
	lines[18000] = "{oops}\n"
	_, err = readBoth(t, []byte(strings.Join(lines, "")), "big.geojsonl")
	if want := `big.geojsonl:15001: feature "biz/13001": kind "shop"`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
	lines[15000] = lines[15001]
	_, err = readBoth(t, []byte(strings.Join(lines, "")), "big.geojsonl")
	if want := `big.geojsonl:18001: invalid JSON`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
	lines[18000] = lines[17999]
	_, err = readBoth(t, []byte(strings.Join(lines, "")), "big.geojsonl")
	if want := `big.geojsonl:15002: feature "biz/13002": id "biz/13002": already used at big.geojsonl:15001`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
}

func synthFeatures(cfg synth.Config) ([]geo.Feature, error) {
	var fs []geo.Feature
	err := synth.Generate(cfg, func(f geo.Feature) error { fs = append(fs, f); return nil })
	return fs, err
}

func TestLoader_dirs(t *testing.T) {
	dup := filepath.Join("../testdata", "geojson", "dupdir")
	var b Loader
	err := b.ReadDir(dup)
	_, want := ReadDir(dup)
	if err == nil || want == nil || err.Error() != want.Error() || !strings.Contains(err.Error(), "already used at") {
		t.Errorf("duplicate across files: got %v, want %v", err, want)
	}

	b = Loader{}
	if err := b.ReadDir(filepath.Join("../testdata", "geojson", "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing dir: got %v, want os.ErrNotExist", err)
	}

	b = Loader{}
	if err := b.ReadDir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	idx, err := b.Build()
	if _, ok := idx.Extent(); err != nil || idx.Len() != 0 || ok {
		t.Errorf("empty dir: %d features, extent %v, %v", idx.Len(), ok, err)
	}
}

// TestLoader_Add checks features added to features read, as the
// command line adds a store's imported features to the map data.
func TestLoader_Add(t *testing.T) {
	dir := filepath.Join("../testdata", "geojson", "dir")
	read, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	extra := func() []geo.Feature {
		return []geo.Feature{
			{ID: "store/1", Kind: geo.School, Name: "新校", Geometry: orb.Point{104.01, 30.02}},
			{ID: "store/2", Kind: geo.WaterBody, Geometry: orb.LineString{{104, 30}, {104.01, 30.01}}},
		}
	}
	tests := []struct {
		name  string
		edit  func([]geo.Feature)
		error string // "" for none
	}{
		{"valid", func([]geo.Feature) {}, ""},
		{"invalid", func(fs []geo.Feature) { fs[1].Kind = "shop" }, `feature "store/2": kind "shop": must be school, business or water`},
		{"duplicate of one read", func(fs []geo.Feature) { fs[1].ID = "biz/2" }, `id "biz/2": used by more than one feature`},
		{"duplicate of one added", func(fs []geo.Feature) { fs[1].ID = "store/1" }, `id "store/1": used by more than one feature`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b Loader
			if err := b.ReadDir(dir); err != nil {
				t.Fatal(err)
			}
			added, all := extra(), extra()
			tc.edit(added)
			tc.edit(all)
			b.Add(added)
			got, err := b.Build()
			want, wantErr := geo.NewIndex(append(slices.Clone(read), all...))
			switch {
			case tc.error != "":
				if err == nil || wantErr == nil || err.Error() != tc.error || wantErr.Error() != tc.error || !errors.Is(err, geo.ErrInvalidInput) {
					t.Errorf("got %v, want %s (NewIndex: %v)", err, tc.error, wantErr)
				}
			case err != nil || wantErr != nil:
				t.Fatalf("got %v, NewIndex %v", err, wantErr)
			default:
				if d := geotest.IndexDiff(got, want); d != "" {
					t.Fatal(d)
				}
				if added[0].SchoolKind != geo.GeneralSchool {
					t.Errorf("added school kind %q: Build fills in defaults in place, as NewIndex does", added[0].SchoolKind)
				}
			}
		})
	}
}

// FuzzLoader checks that an Loader reads any input as
// ReadGeoJSON and NewIndex do: the same index or the same error.
func FuzzLoader(f *testing.F) {
	addGeoJSONFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { readBoth(t, data, "fuzz") })
}
