package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// rulePackInfo is a pack as GET /api/v1/admin/rules lists it.
type rulePackInfo struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Rules     int    `json:"rules"`
	Source    string `json:"source"` // "uploaded" or "directory"
	UpdatedAt string `json:"updated_at,omitempty"`
	UpdatedBy string `json:"updated_by,omitempty"`
	Error     string `json:"error,omitempty"` // a pack of the directory that does not load
}

type rulePacksResponse struct {
	Default  string         `json:"default"`  // the pack serving as the default now
	Selected string         `json:"selected"` // the pack selected in the store; "": none, --rules decides
	Packs    []rulePackInfo `json:"packs"`
}

// handleListRulePacks lists the packs a request may name: those uploaded
// to the store and those of the server's rules directory, by ID.
func (s *Server) handleListRulePacks(c echo.Context) error {
	ctx := c.Request().Context()
	sel, err := s.cfg.Store.DefaultRules(ctx)
	if err != nil {
		return err
	}
	ups, err := s.cfg.Store.RulePacks(ctx)
	if err != nil {
		return err
	}
	out := rulePacksResponse{Default: s.data().Rules.ID, Selected: sel, Packs: []rulePackInfo{}}
	for _, u := range ups {
		info := rulePackInfo{ID: u.ID, Source: "uploaded", UpdatedAt: u.UpdatedAt.Format(time.RFC3339), UpdatedBy: u.UpdatedBy}
		if p, err := u.Pack(); err != nil {
			info.Error = err.Error()
		} else {
			info.Title, info.Rules = p.Title, len(p.Rules)
		}
		out.Packs = append(out.Packs, info)
	}
	for _, id := range s.dirPacks() {
		info := rulePackInfo{ID: id, Source: "directory"}
		if p, err := geo.LoadRules(id, s.cfg.RulesDir); err != nil {
			info.Error = "the server's pack does not load: see its log"
			s.log.Error("rule pack of the rules directory", "id", id, "err", err)
		} else {
			info.Title, info.Rules = p.Title, len(p.Rules)
		}
		out.Packs = append(out.Packs, info)
	}
	slices.SortStableFunc(out.Packs, func(a, b rulePackInfo) int { return strings.Compare(a.ID, b.ID) })
	return c.JSON(http.StatusOK, out)
}

// dirPacks lists the IDs of the packs in the rules directory.
func (s *Server) dirPacks() []string {
	if s.cfg.RulesDir == "" {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(s.cfg.RulesDir, "*.yaml")) // only ErrBadPattern, and the pattern is fixed
	var ids []string
	for _, f := range files {
		if id := strings.TrimSuffix(filepath.Base(f), ".yaml"); packID.MatchString(id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// handleUploadRulePack validates the YAML pack in the body (named by the
// name parameter in messages, default "pack.yaml") and stores it under
// its id, replacing an uploaded pack of that id: 201 with the pack, or 400
// naming file:line of each problem. A pack may not take the id of one in
// the rules directory (409). The packs serving are swapped for the new
// ones at once.
func (s *Server) handleUploadRulePack(c echo.Context) error {
	name := c.QueryParam("name")
	if name == "" {
		name = "pack.yaml"
	}
	if err := checkFileName("name", name); err != nil {
		return err
	}
	body := &bodyReader{r: io.LimitReader(c.Request().Body, store.MaxRulePackBytes+1)}
	yaml, err := io.ReadAll(body)
	if err != nil {
		if err := body.tooLarge(); err != nil {
			return err
		}
		return badBody("%v", err)
	}
	if len(yaml) > store.MaxRulePackBytes {
		return withCode(echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("body: a rule pack must be at most %d bytes", store.MaxRulePackBytes)),
			"pack_too_large", map[string]string{"max": strconv.Itoa(store.MaxRulePackBytes)})
	}
	pack, err := geo.ParseRulePack(name, yaml)
	if err != nil {
		return err
	}
	if slices.Contains(s.dirPacks(), pack.ID) {
		return echo.NewHTTPError(http.StatusConflict,
			fmt.Sprintf("%s: id %q: the server's rules directory has a pack of that id: give the uploaded pack another id", name, pack.ID))
	}
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	rp, err := s.cfg.Store.PutRulePack(c.Request().Context(), actor(c), name, yaml)
	if err != nil {
		return err
	}
	var def *geo.RulePack // a new version of the default pack replaces it
	if pack.ID == s.data().Rules.ID {
		def = pack
	}
	s.swapRules(c.Request().Context(), def, "upload of rule pack "+pack.ID+" by "+actor(c))
	return c.JSON(http.StatusCreated, rulePackInfo{ID: rp.ID, Title: pack.Title, Rules: len(pack.Rules), Source: "uploaded",
		UpdatedAt: rp.UpdatedAt.Format(time.RFC3339), UpdatedBy: rp.UpdatedBy})
}

// handleDeleteRulePack deletes an uploaded pack; not the default (400).
func (s *Server) handleDeleteRulePack(c echo.Context) error {
	id := c.Param("id")
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	if id == s.data().Rules.ID {
		return badRequest("rules %q: it is the default: select another default first", id)
	}
	if err := s.cfg.Store.DeleteRulePack(c.Request().Context(), actor(c), id); err != nil {
		if errors.Is(err, geo.ErrNotFound) {
			return &notFoundError{msg: fmt.Sprintf("rules %q: no such uploaded pack", clip(id))}
		}
		return err
	}
	s.swapRules(c.Request().Context(), nil, "deletion of rule pack "+id+" by "+actor(c))
	return c.NoContent(http.StatusNoContent)
}

type defaultRulesRequest struct {
	ID *string `json:"id"`
}

type defaultRulesResponse struct {
	Default    string `json:"default"`
	Selected   string `json:"selected"`
	Generation uint64 `json:"generation"`
}

// handleSelectRules selects the default pack (an uploaded one or one of the
// rules directory), keeps the choice in the store, where it outlives
// restarts and wins over --rules, and swaps it in. An empty id clears the
// choice: --rules decides again, after a full reload.
func (s *Server) handleSelectRules(c echo.Context) error {
	var req defaultRulesRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.ID == nil {
		return badRequest("id: required: the id of a rule pack, or \"\" to go back to the server's --rules")
	}
	ctx, id := c.Request().Context(), *req.ID
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	var pack *geo.RulePack
	if id != "" {
		var err error
		if pack, err = s.data().rules(ctx, id); err != nil {
			return err
		}
	}
	if err := s.cfg.Store.SetDefaultRules(ctx, actor(c), id); err != nil {
		return err
	}
	reason := fmt.Sprintf("default rules %q selected by %s", id, actor(c))
	if id == "" {
		if s.cfg.Reload == nil {
			return withCode(echo.NewHTTPError(http.StatusNotImplemented, "this server cannot reload: restart it for --rules to decide again"),
				"restart_rules", nil)
		}
		st, err := s.Reload(ctx, reason)
		if err := reloadAnswer(st, err); err != nil {
			return err
		}
	} else {
		s.swapRules(ctx, pack, reason)
	}
	d := s.data()
	return c.JSON(http.StatusOK, defaultRulesResponse{Default: d.Rules.ID, Selected: id, Generation: d.gen})
}

// swapRules swaps in a dataset with the same map data, the default pack p
// (the current one if nil) and no named pack cached, after any reload
// under way, and waits for it until ctx ends.
func (s *Server) swapRules(ctx context.Context, p *geo.RulePack, reason string) {
	_, _ = s.waitReload(ctx, s.queueReload(&reloadRun{pack: p, reason: reason}))
}

// maxFileName is the longest file name accepted, in bytes: what ext4 and
// most file systems allow, and 85 Chinese characters, enough for the long
// names offices give their lists.
const maxFileName = 255

// checkFileName checks the name of an uploaded file, stored or not, as
// messages and layer IDs use it: a base name in UTF-8, at most 255 bytes,
// without a path or the characters stored text may not hold
// (store.TextControl: control characters, line separators, bidi
// overrides).
func checkFileName(field, name string) error {
	bad := func(r rune) bool { return store.TextControl(r) || r == '/' || r == '\\' || r == utf8.RuneError }
	if name == "" || strings.ContainsFunc(name, bad) || !utf8.ValidString(name) || strings.HasPrefix(name, ".") || len(name) > maxFileName {
		return badRequest("%s %q: must be a file name without a directory, not starting with '.', at most 255 bytes", field, clip(name))
	}
	return nil
}
