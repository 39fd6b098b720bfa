package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo/catalogue"
)

// runCategories prints the category catalogue built into the binary.
func runCategories(_ context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("categories")
	format := fs.String("format", "text", "output format: text, markdown (the tables of data/README.md) or json (as GET /api/v1/categories)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c := catalogue.Default()
	switch *format {
	case "text":
		for _, k := range c.Categories {
			fmt.Fprintf(stdout, "%-20s %s / %s; 牵头单位 %s\n", k.ID, k.Name.ZH, k.Name.EN, k.Lead.ZH)
		}
		for _, k := range c.WaterKinds {
			fmt.Fprintf(stdout, "water/%-14s %s / %s\n", k.ID, k.Name.ZH, k.Name.EN)
		}
		return nil
	case "markdown":
		_, err := io.WriteString(stdout, catalogueMarkdown(c))
		return err
	case "json":
		return writeJSON(stdout, api.CategoriesResponse(c))
	}
	return usageError("format %q: must be text, markdown or json", *format)
}

// catalogueMarkdown renders the catalogue as the two tables of
// data/README.md, "How OpenStreetMap tags become features".
func catalogueMarkdown(c *catalogue.Catalogue) string {
	var b strings.Builder
	b.WriteString("| Category | 名称 / name | 牵头单位 (lead unit) | OpenStreetMap | Import words |\n|---|---|---|---|---|\n")
	for _, k := range c.Categories {
		fmt.Fprintf(&b, "| `%s` | %s / %s | %s | %s | %s |\n", k.ID, k.Name.ZH, k.Name.EN, k.Lead.ZH,
			selectorsMarkdown(k.OSM), strings.Join(append(append([]string{}, k.Import.Values...), k.Import.Headers...), ", "))
	}
	b.WriteString("\n| Water kind | 名称 / name | OpenStreetMap | Import words |\n|---|---|---|---|\n")
	for _, k := range c.WaterKinds {
		fmt.Fprintf(&b, "| `%s` | %s / %s | %s | %s |\n", k.ID, k.Name.ZH, k.Name.EN, selectorsMarkdown(k.OSM), strings.Join(k.Import.Values, ", "))
	}
	return b.String()
}

func selectorsMarkdown(ss []catalogue.Selector) string {
	if len(ss) == 0 {
		return "(every water body)"
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = "`" + strings.ReplaceAll(s.String(), "|", "\\|") + "`"
	}
	return strings.Join(parts, "; ")
}
