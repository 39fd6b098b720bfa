package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/safezone/safezone/api"
)

// demoDataDate is how recent the shipped demo is: the extract carries no
// timestamps, and data/README.md gives about July 2018.
const demoDataDate = "2018-07"

// dataInfo describes the data at path for recorded checks: each file the
// loaders read (the file, or the GeoJSON files of a directory) with its
// SHA-256 as read from disk, the source, and the date: date if given, the
// demo's for the demo, else the day the newest file was last modified.
func dataInfo(path, date, source string) (api.DataInfo, error) {
	files, err := dataFiles(path)
	if err != nil {
		return api.DataInfo{}, err
	}
	info := api.DataInfo{Source: source, Date: date}
	var newest time.Time
	for _, f := range files {
		fp, mod, err := fingerprint(f)
		if err != nil {
			return api.DataInfo{}, err
		}
		info.Files = append(info.Files, fp)
		if mod.After(newest) {
			newest = mod
		}
	}
	if info.Date == "" && filepath.Clean(path) == filepath.Clean(defaultData) {
		info.Date = demoDataDate
	} else if info.Date == "" && !newest.IsZero() {
		info.Date = newest.UTC().Format("2006-01-02")
	}
	if info.Source == "" {
		info.Source = "GeoJSON"
		if name := strings.ToLower(path); strings.HasSuffix(name, ".pbf") || strings.HasSuffix(name, ".osm") {
			info.Source = "OpenStreetMap"
		}
	}
	return info, nil
}

// dataFiles lists the files the loaders read from path.
func dataFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("data %q: %w", path, err)
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path) // sorted by name, as geojson.ReadDir reads them
	if err != nil {
		return nil, fmt.Errorf("data %q: %w", path, err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && isGeoJSONPath(e.Name()) {
			out = append(out, filepath.Join(path, e.Name()))
		}
	}
	return out, nil
}

// fingerprint returns the SHA-256 of the file at path, its size and when
// it was last modified.
func fingerprint(path string) (api.FileFingerprint, time.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return api.FileFingerprint{}, time.Time{}, fmt.Errorf("data %q: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return api.FileFingerprint{}, time.Time{}, fmt.Errorf("data %q: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		return api.FileFingerprint{}, time.Time{}, fmt.Errorf("data %q: %w", path, err)
	}
	return api.FileFingerprint{Path: path, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, st.ModTime(), nil
}
