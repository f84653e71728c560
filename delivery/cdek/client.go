// Package cdek is a client for CDEK API v2, which CDEK Russia and CDEK
// Kazakhstan share: cities, tariffs for a route, pickup points and order
// tracking. It caches the OAuth token and renews it once on a 401.
package cdek

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is the production API; the test host is
// https://api.edu.cdek.ru/v2.
const DefaultBaseURL = "https://api.cdek.ru/v2"

// CurrencyKZT is CDEK's currency code for tenge.
const CurrencyKZT = 2

const (
	// maxReply bounds a reply body; a big city's points list is a few MiB.
	maxReply = 8 << 20
	// tokenMargin is how long before expires_in a token is dropped, so it
	// never expires between our check and CDEK's.
	tokenMargin = 60 * time.Second
	// minTokenLife: a token living less than this after the margin is kept
	// for half its life instead.
	minTokenLife = 10 * time.Second
)

// Config is what New needs.
type Config struct {
	BaseURL      string // "" means DefaultBaseURL; paths are appended to it
	ClientID     string // the "Account" key
	ClientSecret string // the "Secure password" key
	HTTP         *http.Client
	Now          func() time.Time // nil means time.Now; decides token expiry
}

// Client calls CDEK API v2. It is safe for concurrent use.
type Client struct {
	baseURL string
	id      string
	secret  string
	http    *http.Client
	now     func() time.Time

	// tokenLock guards token and expires and makes concurrent callers share
	// one token fetch. It is a channel, not a mutex, so a waiter can give
	// up when its ctx ends.
	tokenLock chan struct{}
	token     string
	expires   time.Time
}

// New returns a client. A nil cfg.HTTP gets a client with a 5 s timeout.
func New(cfg Config) *Client {
	c := &Client{
		baseURL:   strings.TrimRight(cfg.BaseURL, "/"),
		id:        cfg.ClientID,
		secret:    cfg.ClientSecret,
		http:      cfg.HTTP,
		now:       cfg.Now,
		tokenLock: make(chan struct{}, 1),
	}
	if c.baseURL == "" {
		c.baseURL = DefaultBaseURL
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: 5 * time.Second}
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// accessToken returns a cached token, fetching one when there is none or it
// has expired. stale is a token the API has just refused: it is replaced
// unless another caller has replaced it already.
func (c *Client) accessToken(ctx context.Context, stale string) (string, error) {
	select {
	case c.tokenLock <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("waiting for the oauth token: %w", ctx.Err())
	}
	defer func() { <-c.tokenLock }()
	if c.token != "" && c.token != stale && c.now().Before(c.expires) {
		return c.token, nil
	}
	c.token = ""
	start := c.now()
	token, life, err := c.fetchToken(ctx)
	if err != nil {
		return "", err
	}
	c.token, c.expires = token, start.Add(life)
	return token, nil
}

// fetchToken asks for a token with the client credentials. The secret goes
// in the form body, never the URL, so it cannot leak into a *url.Error.
func (c *Client) fetchToken(ctx context.Context) (token string, life time.Duration, err error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {c.id},
		"client_secret": {c.secret},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("oauth token: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("oauth token: %w", err)
	}
	defer resp.Body.Close()
	raw, err := readReply(resp.Body)
	if err != nil {
		return "", 0, fmt.Errorf("oauth token: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		apiErr := parseAPIError("POST /oauth/token", resp.StatusCode, raw)
		apiErr.redact(c.secret)
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusBadRequest {
			return "", 0, fmt.Errorf("oauth token: credentials refused (check the client id and secret): %w", apiErr)
		}
		return "", 0, fmt.Errorf("oauth token: %w", apiErr)
	}
	var reply struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal(raw, &reply); err != nil {
		return "", 0, fmt.Errorf("oauth token: reply is not JSON: %w", err)
	}
	if reply.AccessToken == "" {
		return "", 0, errors.New("oauth token: reply has no access_token")
	}
	return reply.AccessToken, tokenLife(reply.ExpiresIn), nil
}

// tokenLife is how long to reuse a token that CDEK says lives expiresIn
// seconds.
func tokenLife(expiresIn int) time.Duration {
	d := time.Duration(expiresIn) * time.Second
	if d-tokenMargin >= minTokenLife {
		return d - tokenMargin
	}
	return d / 2
}

// call sends one API request and decodes a 2xx reply into out. A 401 means
// CDEK dropped our token before its time: renew it and repeat the request
// once. Anything else, 5xx included, goes back to the caller to decide.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, body, out any) error {
	op := method + " " + path
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("cdek %s: %w", op, err)
		}
	}
	token, err := c.accessToken(ctx, "")
	if err != nil {
		return fmt.Errorf("cdek %s: %w", op, err)
	}
	status, raw, err := c.send(ctx, method, path, query, payload, token)
	if err == nil && status == http.StatusUnauthorized {
		if token, err = c.accessToken(ctx, token); err != nil {
			return fmt.Errorf("cdek %s: renewing the token after a 401: %w", op, err)
		}
		status, raw, err = c.send(ctx, method, path, query, payload, token)
	}
	if err != nil {
		return fmt.Errorf("cdek %s: %w", op, err)
	}
	if status < 200 || status > 299 {
		return parseAPIError(op, status, raw)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		// A list endpoint may still answer 200 with an error object.
		if apiErr := parseAPIError(op, status, raw); len(apiErr.Errors) > 0 {
			return apiErr
		}
		return fmt.Errorf("cdek %s: reading reply: %w", op, err)
	}
	return nil
}

func (c *Client) send(ctx context.Context, method, path string, query url.Values, payload []byte, token string) (int, []byte, error) {
	u := c.baseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := readReply(resp.Body)
	return resp.StatusCode, raw, err
}

// readReply reads a body up to maxReply; a longer one is an error rather
// than a silently cut list.
func readReply(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxReply+1))
	if err != nil {
		return nil, fmt.Errorf("reading reply: %w", err)
	}
	if len(raw) > maxReply {
		return nil, fmt.Errorf("reply is larger than %d bytes", maxReply)
	}
	return raw, nil
}

// errorItem is one entry of CDEK's "errors" array.
type errorItem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// replyErrors are the places CDEK puts errors: the top level, each request
// of an entity reply, and the OAuth server's error/error_description.
type replyErrors struct {
	Errors   []errorItem `json:"errors"`
	Requests []struct {
		Errors []errorItem `json:"errors"`
	} `json:"requests"`
	OAuthError       string `json:"error"`
	OAuthDescription string `json:"error_description"`
}

func (r replyErrors) items() []errorItem {
	items := append([]errorItem(nil), r.Errors...)
	for _, req := range r.Requests {
		items = append(items, req.Errors...)
	}
	if r.OAuthError != "" {
		items = append(items, errorItem{Code: r.OAuthError, Message: r.OAuthDescription})
	}
	return items
}

// apiError is the reply's errors as an *APIError, or nil when there are none.
func (r replyErrors) apiError(op string, status int) *APIError {
	items := r.items()
	if len(items) == 0 {
		return nil
	}
	e := &APIError{HTTPStatus: status, op: op}
	for _, it := range items {
		e.Errors = append(e.Errors, struct{ Code, Message string }{it.Code, it.Message})
	}
	return e
}

// parseAPIError reads whatever errors a refused reply carries; a body that
// is not CDEK's JSON (a proxy's HTML page) leaves only the status.
func parseAPIError(op string, status int, raw []byte) *APIError {
	var r replyErrors
	_ = json.Unmarshal(raw, &r)
	if e := r.apiError(op, status); e != nil {
		return e
	}
	return &APIError{HTTPStatus: status, op: op}
}
