package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// errBadAnswer marks an answer the server should not have given.
var errBadAnswer = errors.New("bad answer")

// bizClient writes businesses through the API with a regulator's token.
type bizClient struct {
	url, token string
	http       *http.Client
}

// newBizClient returns a client for conns concurrent requests, each on a
// keep-alive connection of its own.
func newBizClient(url, token string, conns int) *bizClient {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = conns
	return &bizClient{url: url, token: token, http: &http.Client{Timeout: 10 * time.Second, Transport: tr}}
}

// write sends op and returns the business the server answered with, or a
// zero business for a delete.
func (c *bizClient) write(op bizOp) (wireBusiness, error) {
	path, want := "/api/v1/businesses", http.StatusCreated
	switch op.method {
	case http.MethodPut:
		path, want = path+"/"+url.PathEscape(op.id), http.StatusOK
	case http.MethodDelete:
		path, want = path+"/"+url.PathEscape(op.id), http.StatusNoContent
	}
	var b wireBusiness
	body, err := c.send(op.method, path, op.in, want)
	if err != nil || op.method == http.MethodDelete {
		return b, err
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return b, fmt.Errorf("%w: %s %s: %v: %s", errBadAnswer, op.method, path, err, body)
	}
	if !op.in.matches(b) || b.ID == "" || (op.id != "" && b.ID != op.id) {
		return b, fmt.Errorf("%w: %s %s %+v: answered %+v", errBadAnswer, op.method, path, op.in, b)
	}
	return b, nil
}

// list returns every business, through GET /api/v1/businesses.
func (c *bizClient) list(t *testing.T) []wireBusiness {
	t.Helper()
	body, err := c.send(http.MethodGet, "/api/v1/businesses", nil, http.StatusOK)
	if err != nil {
		t.Fatal(err)
	}
	var bs []wireBusiness
	if err := json.Unmarshal(body, &bs); err != nil {
		t.Fatalf("list businesses: %v", err)
	}
	return bs
}

// send makes one request and returns the body of an answer with status
// want. A complete answer with another status wraps errBadAnswer.
func (c *bizClient) send(method, path string, in any, want int) ([]byte, error) {
	var body io.Reader
	if method == http.MethodPost || method == http.MethodPut {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	return request(c.http, c.url, c.token, method, path, "application/json", body, want)
}

// request makes one request to url+path with token, and body of type
// ctype (if not empty), and returns the body of an answer with status
// want. A complete answer with another status wraps errBadAnswer; an
// answer cut off is an error of its own.
func request(hc *http.Client, url, token, method, path, ctype string, body io.Reader, want int) ([]byte, error) {
	req, err := http.NewRequest(method, url+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err // cut off: not an answer
	}
	if resp.StatusCode != want {
		return nil, fmt.Errorf("%w: %s %s: status %d, want %d: %s", errBadAnswer, method, path, resp.StatusCode, want, out)
	}
	return out, nil
}
