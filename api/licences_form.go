package api

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
)

// readLicenceRequest reads the body of an audit of licences: the list
// itself (readLicenceUpload), or a multipart/form-data form with the list
// in the part named file and the district to audit it for in the parts
// district and district_name, as an audit's JSON has them (auditArea
// checks them). A district is a form part, not a query parameter, because
// a district's boundary may have many thousand vertices. The form's list
// is named by the name parameter, else by its part's file name.
func readLicenceRequest(c echo.Context, body io.Reader) ([]geo.Feature, auditRequest, error) {
	ctype := c.Request().Header.Get(echo.HeaderContentType)
	media, params, err := mime.ParseMediaType(ctype)
	if err != nil || media != "multipart/form-data" {
		features, err := readLicenceUpload(c, body, ctype, "")
		return features, auditRequest{}, err
	}
	var (
		area     auditRequest
		features []geo.Feature
		seen     = map[string]bool{}
	)
	mr := multipart.NewReader(body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, area, badRequest("body: not a valid multipart/form-data form: %v", err)
		}
		name := p.FormName()
		part := formPart{p, name}
		if seen[name] {
			return nil, area, badRequest("form part %q: given twice", clip(name))
		}
		seen[name] = true
		switch name {
		case "file":
			features, err = readLicenceUpload(c, part, p.Header.Get(echo.HeaderContentType), p.FileName())
		case "district":
			area.District, err = io.ReadAll(part)
		case "district_name":
			var b []byte
			b, err = io.ReadAll(io.LimitReader(part, 4*maxDistrictName+1)) // checkDistrictName refuses more
			area.DistrictName = string(b)
		default:
			err = badRequest("form part %q: must be file, district or district_name", clip(name))
		}
		if err != nil {
			return nil, area, err
		}
	}
	if !seen["file"] {
		return nil, area, geo.Invalid("file", "", geo.Required())
	}
	return features, area, nil
}

// formPart reads a part of a form; a form cut short, or otherwise broken,
// is the client's error. (The handler tells a body over the limit and a
// deadline apart before it returns this.)
type formPart struct {
	p    *multipart.Part
	name string
}

func (f formPart) Read(b []byte) (int, error) {
	n, err := f.p.Read(b)
	if err != nil && !errors.Is(err, io.EOF) {
		err = badRequest("body: not a valid multipart/form-data form: part %q: %v", clip(f.name), err)
	}
	return n, err
}
