package imports

import "github.com/safezone/safezone/geo"

// refuse returns a *geo.Error wrapping geo.ErrInvalidInput with code and
// params and the message format makes, its %q values cut as geo.Invalidf
// cuts them: for a message about a file or its header rather than one
// field's value.
func refuse(code string, params map[string]string, format string, args ...any) error {
	return geo.Refusef(code, params, format, args...)
}

// params makes the parameters of an error from name and value pairs.
func params(kv ...string) map[string]string {
	p := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i]] = kv[i+1]
	}
	return p
}
