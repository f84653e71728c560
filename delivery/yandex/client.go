// Package yandex speaks the Yandex Delivery express claims API
// (b2b/cargo/integration/v2): a price estimate without a claim, then a
// claim that is created, estimated by Yandex, accepted and polled until a
// courier delivers it. Coordinates go on the wire as [lon, lat].
package yandex

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DefaultBaseURL is the production host; Yango uses the same one.
const DefaultBaseURL = "https://b2b.taxi.yandex.net"

// apiPath prefixes every method.
const apiPath = "/b2b/cargo/integration/v2/"

// maxReply caps how much of a reply is read.
const maxReply = 1 << 20

// Config is what New needs.
type Config struct {
	BaseURL string       // "" means DefaultBaseURL
	Token   string       // OAuth token from the business cabinet, sent as a Bearer token
	Lang    string       // Accept-Language; "" means "ru"
	HTTP    *http.Client // nil means a client with a 5 s timeout
}

// Client calls the claims API. It never retries: whether a call may be
// repeated depends on the call (see CreateClaim), so the caller decides.
type Client struct {
	baseURL string
	token   string
	lang    string
	http    *http.Client
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	c := &Client{baseURL: strings.TrimRight(cfg.BaseURL, "/"), token: cfg.Token, lang: cfg.Lang, http: cfg.HTTP}
	if c.baseURL == "" {
		c.baseURL = DefaultBaseURL
	}
	if c.lang == "" {
		c.lang = "ru"
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: 5 * time.Second}
	}
	return c
}

// call posts body as JSON to method (a path under apiPath) and decodes a
// 2xx reply into out. Any other status is an *APIError. Errors name the
// method but never the token.
func (c *Client) call(ctx context.Context, method string, query url.Values, body, out any) error {
	payload, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("yandex %s: %w", method, err)
	}
	u := c.baseURL + apiPath + method
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(payload))
	if err != nil {
		return fmt.Errorf("yandex %s: %w", method, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept-Language", c.lang)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("yandex %s: %w", method, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	if err != nil {
		return fmt.Errorf("yandex %s: reading reply: %w", method, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := &APIError{HTTPStatus: resp.StatusCode}
		// The body is {"code","message"} when Yandex wrote it; a proxy's
		// HTML page leaves both empty.
		var e struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		}
		if json.Unmarshal(raw, &e) == nil {
			apiErr.Code, apiErr.Message = e.Code, e.Message
		}
		return fmt.Errorf("yandex %s: %w", method, apiErr)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("yandex %s: reply is not the expected JSON: %w", method, err)
	}
	return nil
}

// number reads a JSON number that Yandex sends sometimes as a number and
// sometimes as a string ("1234.00"). null and "" read as 0.
type number float64

func (n *number) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*n = 0
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*n = 0
			return nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not a number: %q", s)
	}
	*n = number(f)
	return nil
}

// coordinates is a point as Yandex wants it: longitude first.
func coordinates(p Point) [2]float64 { return [2]float64{p.Lon, p.Lat} }

// checkPoint catches points that can only be mistakes before they reach
// Yandex: out of range, or the zero value of a point nobody geocoded.
func checkPoint(name string, p Point) error {
	if !(p.Lat >= -90 && p.Lat <= 90) || !(p.Lon >= -180 && p.Lon <= 180) {
		return fmt.Errorf("%s point: coordinates out of range (lat %v, lon %v)", name, p.Lat, p.Lon)
	}
	if p.Lat == 0 && p.Lon == 0 {
		return fmt.Errorf("%s point: no coordinates", name)
	}
	return nil
}
