package api

import (
	"context"
	"io"
	"iter"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
)

// Request deadlines. The Timeout middleware gives each request a context
// that ends after Config.Timeout; the handlers stop their work there. The
// store's methods take the context; geo's functions do not, so a handler
// checks it between geo's stages (stopped), hands parsers a body that fails
// once it ends (ctxReader), and stops an export between two hits
// (untilDone). A stage of geo's that runs long on its own (an audit of the
// whole province, a patrol plan, the decompression of an XLSX) runs to its
// end before the handler sees the deadline: those functions need a context
// of their own (see docs/hardening.md).

// stopped returns the error of the request's context once it has ended,
// at the deadline or because the client went away, and nil before.
func stopped(c echo.Context) error { return c.Request().Context().Err() }

// ctxReader reads r until ctx ends, then fails with ctx's error, so that a
// parser reading an upload stops at the deadline instead of reading on.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// untilDone yields the hits of seq until ctx ends.
func untilDone(ctx context.Context, seq iter.Seq[geo.Hit]) iter.Seq[geo.Hit] {
	return func(yield func(geo.Hit) bool) {
		for h := range seq {
			if ctx.Err() != nil || !yield(h) {
				return
			}
		}
	}
}

// abortIfStopped cuts the connection if the request's context ended while
// its answer was being written: the status and part of the body are gone,
// and the client must not take the rest for a whole answer. net/http
// closes the connection without ending the body on http.ErrAbortHandler
// (Echo's Recover lets it through), so the client sees a cut answer.
func abortIfStopped(c echo.Context) {
	if stopped(c) != nil && c.Response().Committed {
		panic(http.ErrAbortHandler)
	}
}
