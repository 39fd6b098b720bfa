package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/safezone/safezone/geo"
)

func TestCategories(t *testing.T) {
	ts := MustServer(t)
	w := ts.Do(t, http.MethodGet, "/api/v1/categories", "", "")
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "max-age=3600" {
		t.Fatalf("status %d, Cache-Control %q", w.Code, w.Header().Get("Cache-Control"))
	}
	var got struct {
		Categories []struct {
			ID     string
			Name   struct{ ZH, EN string }
			Lead   struct{ ZH, EN string }
			Import []string
			OSM    []string
		}
		WaterKinds []struct {
			ID   string
			Name struct{ ZH, EN string }
		} `json:"water_kinds"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	var ids, waterIDs []string
	for _, c := range got.Categories {
		ids = append(ids, c.ID)
		if c.Name.ZH == "" || c.Name.EN == "" || c.Lead.ZH == "" {
			t.Errorf("category %s: names %+v, lead %+v", c.ID, c.Name, c.Lead)
		}
	}
	for _, k := range got.WaterKinds {
		waterIDs = append(waterIDs, k.ID)
	}
	if !slices.Equal(ids, names(geo.Categories)) || !slices.Equal(waterIDs, names(geo.WaterKinds)) {
		t.Errorf("categories %v, water kinds %v: not the code's lists", ids, waterIDs)
	}
	lottery := got.Categories[slices.Index(ids, "lottery")]
	if lottery.Name.ZH != "彩票销售点" || !slices.Contains(lottery.OSM, "shop=* named 彩票") || !slices.Contains(lottery.Import, "彩票投注站") {
		t.Errorf("lottery: %+v", lottery)
	}
}
