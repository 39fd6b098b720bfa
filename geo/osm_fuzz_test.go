package geo

import (
	"errors"
	"os"
	"testing"
)

// FuzzDecodeOSMXML checks that no XML input makes decodeOSM panic, that
// every error is bad input, and that whatever it accepts is valid: IDs of
// the OSM form, known kinds and categories, coordinates in range, closed
// rings. Seeds: the fixtures and a few nasty inputs.
func FuzzDecodeOSMXML(f *testing.F) {
	for _, name := range osmFixtures {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		``,
		`<osm/>`,
		`<osm><node id="1" lat="NaN" lon="Inf"><tag k="amenity" v="school"/></node></osm>`,
		`<osm><node id="1" lat="1e308" lon="-1e308"><tag k="shop" v="kiosk"/></node></osm>`,
		`<osm><node id="-1" lat="90" lon="180"><tag k="amenity" v="school"/></node>` +
			`<node id="2" lat="-90" lon="-180"><tag k="entrance" v="yes"/></node>` +
			`<way id="3"><nd ref="-1"/><nd ref="2"/><nd ref="-1"/><nd ref="2"/><nd ref="-1"/><tag k="amenity" v="school"/></way></osm>`,
		`<osm><way id="1"><nd ref="1"/><nd ref="1"/><nd ref="1"/><nd ref="1"/><tag k="natural" v="water"/></way>` +
			`<node id="1" lat="0" lon="0"/></osm>`,
		`<osm><relation id="1"><member type="way" ref="1" role="outer"/><member type="way" ref="1" role="inner"/>` +
			`<tag k="type" v="multipolygon"/><tag k="natural" v="water"/></relation>` +
			`<way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/></way>` +
			`<node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="1"/><node id="3" lat="1" lon="1"/></osm>`,
		`<osm><node id="1" lat="0" lon="0"><tag k="amenity" v="school"/></node><node id="1" lat="1" lon="1"><tag k="amenity" v="bar"/></node></osm>`,
		`<osm><node id="99999999999999999999" lat="0" lon="0"/></osm>`,
		`<osm><node id="1" lat="0" lon="0"><tag k="amenity" v="school"/>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><osm/>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, _, err := decodeOSM(osmBytes(data), false)
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("error %q does not wrap ErrInvalidInput", err)
			}
			return
		}
		checkOSMFeatures(t, fs)
	})
}

// FuzzDecodeOSMPBF does the same for PBF, which goes through pbfGuard. The
// seeds use uncompressed blobs so that mutations reach the block checks
// rather than zlib's checksum.
func FuzzDecodeOSMPBF(f *testing.F) {
	for _, name := range osmFixtures {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(encodePBF(f, data, false))
	}
	f.Add(pbfFrame("OSMHeader", pbfTestHeader, true))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, _, err := decodeOSM(osmBytes(data), true)
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("error %q does not wrap ErrInvalidInput", err)
			}
			return
		}
		checkOSMFeatures(t, fs)
	})
}
