package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
	"github.com/safezone/safezone/store/storetest"

	"github.com/safezone/safezone/geo/crs"
)

// mustWriteFile writes data to name in dir and returns its path.
func mustWriteFile(tb testing.TB, dir, name, data string) string {
	tb.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

const (
	importLicences = "\ufeff名称,类别,经度,纬度,许可证号\n星空网吧,网吧,104.0612,30.6571,510104-001\n好运彩票,彩票,104.0655,30.6602,510104-002\n"
	importSchools  = "编号,名称,学段,wkt\ns1,测试小学,小学,\"POLYGON ((104.059 30.659, 104.061 30.659, 104.061 30.661, 104.059 30.661, 104.059 30.659))\"\n"
	importBadRow   = "坏网吧,网吧,104.07,130.66,510104-003\n"
)

func mustStoreContents(tb testing.TB, dir string) ([]store.Business, []geo.Feature) {
	tb.Helper()
	st, err := store.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	bs, err := st.Businesses(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	fs, err := st.Features(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return bs, fs
}

func TestImport(t *testing.T) {
	dir := t.TempDir()
	lic := mustWriteFile(t, dir, "licences.csv", importLicences)
	sch := mustWriteFile(t, dir, "schools.csv", importSchools)
	storeDir := filepath.Join(dir, "store")
	// Flags after the files are read too.
	code, out, errOut := MustRun(t, "import", "--store", storeDir, lic, sch, "--kind", "school")
	if code != 2 || !strings.Contains(errOut, `category "网吧": a school has no category`) && !strings.Contains(out, `a school has no category`) {
		t.Fatalf("--kind school for licences: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = MustRun(t, "import", "--store", storeDir, lic)
	if code != 0 || !strings.HasPrefix(out, "imported 2 of 2 rows into "+storeDir) || !strings.Contains(out, "businesses 2 created, 0 updated, 0 unchanged; 0 schools") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = MustRun(t, "import", "--store", storeDir, "--kind", "school", sch)
	if code != 0 || !strings.Contains(out, "businesses 0 created, 0 updated, 0 unchanged; 1 schools and water bodies") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	bs, fs := mustStoreContents(t, storeDir)
	if len(bs) != 2 || bs[0].Licence != "510104-001" || bs[0].Status != store.Licensed || bs[1].Category != "lottery" {
		t.Errorf("businesses %+v", bs)
	}
	if len(fs) != 1 || fs[0].ID != "imp/schools/s1" || fs[0].SchoolKind != geo.Primary {
		t.Errorf("features %+v", fs)
	}
	// Importing the list again changes nothing.
	if _, out, _ = MustRun(t, "import", "--store", storeDir, lic); !strings.Contains(out, "businesses 0 created, 0 updated, 2 unchanged") {
		t.Errorf("re-import: %s", out)
	}
}

func TestImport_badRows(t *testing.T) {
	dir := t.TempDir()
	lic := mustWriteFile(t, dir, "licences.csv", importLicences+importBadRow)
	storeDir := filepath.Join(dir, "store")
	code, out, errOut := MustRun(t, "import", "--store", storeDir, lic)
	wantRow := lic + `:4: 纬度 (lat) "130.66": must be between -90 and 90`
	if code != 2 || !strings.HasPrefix(out, wantRow) ||
		errOut != "safezone import: 1 bad row in 3 rows read (listed on standard output); nothing was imported: fix them, or pass --skip-bad to import the other 2 rows\n" {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	if bs, fs := mustStoreContents(t, storeDir); len(bs)+len(fs) != 0 {
		t.Fatalf("a refused import wrote %d businesses, %d features", len(bs), len(fs))
	}
	code, out, errOut = MustRun(t, "import", "--skip-bad", "--store", storeDir, lic)
	if code != 0 || !strings.Contains(out, "imported 2 of 3 rows") || !strings.Contains(out, "skipped 1 bad row:\n  "+wantRow) {
		t.Fatalf("--skip-bad: exit %d\n%s%s", code, out, errOut)
	}
	if bs, _ := mustStoreContents(t, storeDir); len(bs) != 2 {
		t.Fatalf("--skip-bad stored %d businesses, want 2", len(bs))
	}
}

func TestImport_errors(t *testing.T) {
	dir := t.TempDir()
	lic := mustWriteFile(t, dir, "licences.csv", importLicences)
	st, err := store.Open(filepath.Join(dir, "locked"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"NoStore", []string{lic}, 2, "safezone import: usage: --store or --server, and at least one FILE, are required\n"},
		{"NoFile", []string{"--store", dir}, 2, "safezone import: usage: --store or --server, and at least one FILE, are required\n"},
		{"CRS", []string{"--store", dir, "--crs", "mars", lic}, 2, `safezone import: crs "mars": must be one of wgs84, cgcs2000, gcj02, bd09` + "\n"},
		{"Kind", []string{"--store", dir, "--kind", "shop", lic}, 2, `safezone import: kind "shop": must be one of school, business, water` + "\n"},
		{"Columns", []string{"--store", dir, "--columns", "name", lic}, 2, `safezone import: columns "name": must be field=header pairs separated by commas, such as name=店名,lon=X,lat=Y` + "\n"},
		{"Missing", []string{"--store", dir, filepath.Join(dir, "none.csv")}, 2, "safezone import: open " + filepath.Join(dir, "none.csv") + ": no such file or directory\n"},
		{"Locked", []string{"--store", filepath.Join(dir, "locked"), lic}, 1, `safezone import: store "` + filepath.Join(dir, "locked") + `" is open in another process (is safezone serve running on it? go through it with --server URL --token TOKEN, or stop it first)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := MustRun(t, append([]string{"import"}, tc.args...)...)
			if code != tc.code || !strings.HasPrefix(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q\nwant %d, %q", code, errOut, tc.code, tc.want)
			}
		})
	}
}

// TestImport_serve checks that serve indexes the imported schools: a café
// 100 m south of the imported campus is prohibited, and GCJ-02 input lands
// where it should.
func TestImport_serve(t *testing.T) {
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "store")
	p := geo.Point{Lat: 30.659 - 100/111195.0, Lon: 104.06}
	g := crs.WGS84ToGCJ02(p)
	shops := mustWriteFile(t, dir, "amap.csv", fmt.Sprintf("name,category,lon,lat\n网吧,internet_cafe,%v,%v\n", g.Lon, g.Lat))
	if code, out, errOut := MustRun(t, "import", "--store", storeDir, "--crs", "gcj02", shops); code != 0 {
		t.Fatalf("exit %d %s%s", code, out, errOut)
	}
	sch := mustWriteFile(t, dir, "schools.csv", importSchools)
	if code, out, errOut := MustRun(t, "import", "--store", storeDir, "--kind", "school", sch); code != 0 {
		t.Fatalf("exit %d %s%s", code, out, errOut)
	}
	if bs, _ := mustStoreContents(t, storeDir); len(bs) != 1 || geo.DistanceMeters(bs[0].Point, p) > 0.01 {
		t.Fatalf("GCJ-02 business stored at %+v, want %v", bs, p)
	}
	m := &Main{Config: DefaultConfig(), Logger: slog.New(slog.DiscardHandler)}
	m.Config.Addr, m.Config.Store = "127.0.0.1:0", storeDir
	m.Config.sources = sources{data: mustSchoolGeoJSON(t), rulesDir: rulesDir}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	body := fmt.Sprintf(`{"lon": %v, "lat": %v, "category": "internet_cafe"}`, p.Lon, p.Lat)
	resp, err := http.Post("http://"+m.Addr()+"/api/v1/check", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct {
		Verdict string
		Hits    []struct {
			SchoolID string `json:"school_id"`
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, h := range res.Hits {
		ids[h.SchoolID] = true
	}
	if res.Verdict != "prohibited" || !ids["imp/schools/s1"] || !ids["s1"] {
		t.Fatalf("verdict %q, hits %v: want prohibited by the data's s1 and the imported imp/schools/s1", res.Verdict, ids)
	}
}

// mustImportNearCafe imports into store, from files written in dir, an
// internet café licensed near the test school and the school itself (as
// imp/schools/s1), and returns the licences' file.
func mustImportNearCafe(t *testing.T, dir, store string) (licences string) {
	t.Helper()
	lic := mustWriteFile(t, dir, "licences.csv", "名称,类别,经度,纬度,许可证号\n近网吧,网吧,104.06,30.6581,L1\n")
	sch := mustWriteFile(t, dir, "schools.csv", importSchools)
	for _, args := range [][]string{{lic}, {"--kind", "school", sch}} {
		if code, out, errOut := MustRun(t, append([]string{"import", "--store", store}, args...)...); code != 0 {
			t.Fatalf("import: exit %d %s%s", code, out, errOut)
		}
	}
	return lic
}

// TestImport_audit checks that audit --store audits the store's businesses
// against its imported schools as well as the data's.
func TestImport_audit(t *testing.T) {
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "store")
	mustImportNearCafe(t, dir, storeDir)
	code, out, errOut := MustRun(t, "audit", "--data", mustSchoolGeoJSON(t), "--rules-dir", rulesDir, "--store", storeDir, "--out-crs", "gcj02")
	if code != 0 {
		t.Fatalf("audit: exit %d %s", code, errOut)
	}
	for _, school := range []string{"s1", "imp/schools/s1"} {
		if !strings.Contains(out, "\nreg/1,近网吧,internet_cafe,"+school+",测试小学,primary,venues_200,prohibited,") {
			t.Errorf("no hit of reg/1 at %s:\n%s", school, out)
		}
	}
	code, _, errOut = MustRun(t, "audit", "--data", mustSchoolGeoJSON(t), "--rules-dir", rulesDir, "--store", filepath.Join(dir, "none"))
	if code != 2 || !strings.HasPrefix(errOut, `safezone audit: store "`+filepath.Join(dir, "none")+`": stat `) {
		t.Errorf("missing store: exit %d %q", code, errOut)
	}
}

// TestImport_auditLedger checks audit --lang: the ledger for people, with
// the store's businesses counted and their licence numbers.
func TestImport_auditLedger(t *testing.T) {
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "store")
	mustImportNearCafe(t, dir, storeDir)
	code, out, errOut := MustRun(t, "audit", "--data", mustSchoolGeoJSON(t), "--rules-dir", rulesDir, "--store", storeDir, "--format", "csv", "--lang", "zh")
	if code != 0 {
		t.Fatalf("audit: exit %d %s", code, errOut)
	}
	if !strings.HasPrefix(out, "\ufeff结论,名称,许可证号,地址,类别,学校名称,") || !strings.Contains(out, "\n禁止设立,近网吧,") || !strings.Contains(out, ",网吧,测试小学,小学,") {
		t.Errorf("ledger:\n%s", out)
	}
	for _, args := range [][]string{{"--format", "json", "--lang", "zh"}, {"--format", "csv", "--lang", "fr"}} {
		code, _, errOut = MustRun(t, append([]string{"audit", "--data", mustSchoolGeoJSON(t), "--rules-dir", rulesDir}, args...)...)
		if code == 0 || !strings.Contains(errOut, `"`+args[1]+`"`) && !strings.Contains(errOut, `"`+args[3]+`"`) {
			t.Errorf("%v: exit %d %q", args, code, errOut)
		}
	}
}

func TestProgress(t *testing.T) {
	for _, tc := range []struct {
		done, total int64
		want        string
	}{
		{0, 100, "[>                              ]   0%"},
		{52, 100, "[===============>               ]  52%"},
		{150, 100, "[==============================>] 100%"},
		{1234, 0, "1234 rows"},
	} {
		if got := bar(tc.done, tc.total); got != tc.want {
			t.Errorf("bar(%d, %d) = %q, want %q", tc.done, tc.total, got, tc.want)
		}
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := newProgress(f)
	if p.reader("x") != nil {
		t.Fatal("a progress bar on a file, not a terminal")
	}
	p.status("nothing")
	p.done()
	if st, _ := f.Stat(); st.Size() != 0 {
		t.Fatalf("wrote %d bytes to a file", st.Size())
	}
}

// TestImport_school checks that school --store reports on an imported
// school, with the store's businesses around it.
func TestImport_school(t *testing.T) {
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "store")
	mustImportNearCafe(t, dir, storeDir)
	code, out, errOut := MustRun(t, "school", "--data", mustSchoolGeoJSON(t), "--rules-dir", rulesDir, "--store", storeDir, "--id", "imp/schools/s1")
	if code != 0 || !strings.HasPrefix(out, "imp/schools/s1 测试小学 (primary)") || !strings.Contains(out, "reg/1 近网吧") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

// TestImport_Postgres imports into a PostgreSQL store, as replicas share
// one, and audits from it (make test-postgres runs it).
func TestImport_Postgres(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	dir := t.TempDir()
	lic := mustImportNearCafe(t, dir, dsn)
	if _, out, _ := MustRun(t, "import", "--store", dsn, lic); !strings.Contains(out, "businesses 0 created, 0 updated, 1 unchanged") {
		t.Errorf("re-import: %s", out)
	}
	code, out, errOut := MustRun(t, "audit", "--data", mustSchoolGeoJSON(t), "--rules-dir", rulesDir, "--store", dsn)
	if code != 0 || !strings.Contains(out, "\nreg/1,近网吧,internet_cafe,imp/schools/s1,测试小学,primary,venues_200,prohibited,") {
		t.Fatalf("audit: exit %d\n%s%s", code, out, errOut)
	}
}

// TestImport_duplicates checks that one import may not hold a licence
// number or a feature ID twice, even in two files.
func TestImport_duplicates(t *testing.T) {
	dir := t.TempDir()
	lic := mustWriteFile(t, dir, "licences.csv", importLicences)
	lic2 := mustWriteFile(t, dir, "licences2.csv", "名称,类别,经度,纬度,许可证号\n改名网吧,网吧,104.0612,30.6571,510104-001\n")
	sch := mustWriteFile(t, dir, "schools.csv", importSchools)
	code, out, _ := MustRun(t, "import", "--store", filepath.Join(dir, "store"), lic, lic2)
	if want := lic2 + `:2: licence "510104-001": already used at ` + lic + ":2\n"; code != 2 || out != want {
		t.Errorf("licence twice: exit %d, stdout %q, want %q", code, out, want)
	}
	code, out, _ = MustRun(t, "import", "--store", filepath.Join(dir, "store"), "--kind", "school", sch, sch)
	if want := sch + `:2: id "schools/s1": already used at ` + sch + ":2\n"; code != 2 || out != want {
		t.Errorf("feature twice: exit %d, stdout %q, want %q", code, out, want)
	}
}

// TestImport_layerIDs checks that two layers numbered alike (OBJECTID 1)
// are both kept, under their files' names.
func TestImport_layerIDs(t *testing.T) {
	dir := t.TempDir()
	sch := mustWriteFile(t, dir, "schools.csv", "OBJECTID,kind,name,lon,lat\n1,school,一小,104.06,30.66\n")
	wat := mustWriteFile(t, dir, "water.csv", "OBJECTID,kind,name,wkt\n1,water,府河,\"LINESTRING (104.05 30.65, 104.07 30.655)\"\n")
	storeDir := filepath.Join(dir, "store")
	if code, out, errOut := MustRun(t, "import", "--store", storeDir, sch, wat); code != 0 {
		t.Fatalf("exit %d %s%s", code, out, errOut)
	}
	_, fs := mustStoreContents(t, storeDir)
	if len(fs) != 2 || fs[0].ID != "imp/schools/1" || fs[1].ID != "imp/water/1" || fs[1].Kind != geo.WaterBody {
		t.Fatalf("features %+v", fs)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"var/store":                         "var/store",
		"postgres://u:secret@db:5432/sz":    "postgres://u:xxxxx@db:5432/sz",
		"postgresql://u@db/sz?sslmode=none": "postgresql://u@db/sz?sslmode=none",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestImport_check checks that check --store sees an imported school.
func TestImport_check(t *testing.T) {
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "store")
	sch := mustWriteFile(t, dir, "schools.csv", importSchools)
	if code, out, errOut := MustRun(t, "import", "--store", storeDir, "--kind", "school", sch); code != 0 {
		t.Fatalf("import: exit %d %s%s", code, out, errOut)
	}
	// The data's only school is far away, in Beijing.
	data := mustWriteFile(t, dir, "beijing.geojson", `{"type":"Feature","properties":{"id":"b1","kind":"school","name":"北京小学"},"geometry":{"type":"Point","coordinates":[116.4,39.9]}}`)
	args := []string{"check", "--data", data, "--rules-dir", rulesDir, "--lat", "30.6581", "--lon", "104.06", "--category", "internet_cafe"}
	if _, out, _ := MustRun(t, args...); strings.Contains(out, "prohibited") {
		t.Fatalf("prohibited without the store:\n%s", out)
	}
	code, out, errOut := MustRun(t, append(args, "--store", storeDir)...)
	if code != 0 || !strings.HasPrefix(out, "verdict: prohibited") || !strings.Contains(out, "imp/schools/s1 测试小学") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}
