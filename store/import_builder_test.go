package store_test

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/imports"
	"github.com/safezone/safezone/store"
)

func TestImportBuilder(t *testing.T) {
	cafe := func(row int, licence string) imports.Row {
		return imports.Row{Row: row, Licence: licence,
			Feature: geo.Feature{ID: "row/x", Kind: geo.Business, Name: "网吧", Category: "internet_cafe", Geometry: orb.Point{104, 30}}}
	}
	school := func(row int, id string) imports.Row {
		return imports.Row{Row: row, Feature: geo.Feature{ID: id, Kind: geo.School, Name: "一小", SchoolKind: geo.Primary, Geometry: orb.Point{104, 30}}}
	}
	var b store.ImportBuilder
	b.Add("licences.csv", &imports.Result{File: "/tmp/upload/licences.csv",
		Rows: []imports.Row{cafe(2, "L1"), cafe(3, ""), cafe(4, "L1")},
		Bad:  []*imports.RowError{{File: "/tmp/upload/licences.csv", Row: 5, Field: "lat", Err: geo.ErrInvalidInput}}})
	b.Add("dir/schools.csv", &imports.Result{Rows: []imports.Row{school(2, "1"), school(3, "1")}})
	b.Add("water.csv", &imports.Result{Rows: []imports.Row{school(2, "1")}}) // another layer: another ID
	nul, bell, addr := school(2, "2"), school(3, "x\xff"), school(4, "3")
	nul.Feature.Name = "一小\x00"
	addr.Feature.Address = "府青路\x0712号"
	b.Add("more.csv", &imports.Result{Rows: []imports.Row{nul, bell, addr}})
	if b.Rows != 10 || len(b.Batch.Businesses) != 2 || len(b.Batch.Features) != 2 {
		t.Fatalf("rows %d, businesses %d, features %d", b.Rows, len(b.Batch.Businesses), len(b.Batch.Features))
	}
	if bs := b.Batch.Businesses; bs[0].Status != string(store.Licensed) || bs[1].Status != string(store.Proposed) {
		t.Errorf("statuses %q, %q: want licensed with a licence number, else proposed", bs[0].Status, bs[1].Status)
	}
	if fs := b.Batch.Features; fs[0].ID != "schools/1" || fs[1].ID != "water/1" {
		t.Errorf("feature IDs %q, %q", fs[0].ID, fs[1].ID)
	}
	var bad []string
	for _, e := range b.Bad {
		bad = append(bad, e.Error())
	}
	want := []string{
		"licences.csv:5: geo: invalid input", // the reader's, named as the user knows the file
		`licences.csv:4: licence "L1": already used at licences.csv:2`,
		`dir/schools.csv:3: id "schools/1": already used at dir/schools.csv:2`,
		`more.csv:2: name "一小\x00": must not contain control characters (U+0000)`,
		`more.csv:3: id "x\xff": must be valid UTF-8 (U+FFFD stands for bytes that were not)`,
		`more.csv:4: address "府青路\a12号": must not contain control characters (U+0007)`,
	}
	if strings.Join(bad, "\n") != strings.Join(want, "\n") {
		t.Errorf("bad rows:\n%s\nwant\n%s", strings.Join(bad, "\n"), strings.Join(want, "\n"))
	}
}
