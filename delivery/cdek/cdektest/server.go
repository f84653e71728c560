// Package cdektest is a fake CDEK API v2 for tests: an httptest server that
// issues OAuth tokens, checks them on every call, and answers cities,
// tariff lists, pickup points and order lookups in CDEK's JSON, with
// knobs for expired tokens, failures and slow replies.
package cdektest

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/delivery/cdek"
)

// The public test account from CDEK's documentation, which the fake accepts
// until SetCredentials.
const (
	ClientID     = "wqGwiQx0gg8mLtiEKsUinjVSICCjtTEP"
	ClientSecret = "RmAmgvSgSl1yirlz9QupbzOJVqhCxcP5"
)

// timeLayout is how CDEK writes times: no colon in the offset.
const timeLayout = "2006-01-02T15:04:05-0700"

type route struct{ from, to int }

// Server is the fake API. Tokens do not expire by the clock, only through
// ExpireTokens; the client decides expiry with its own clock.
type Server struct {
	URL string // the base URL, ending in "/v2"

	srv *httptest.Server

	mu            sync.Mutex
	clientID      string
	clientSecret  string
	ttl           time.Duration
	tokens        map[string]bool // issued tokens; false once expired
	cities        []cdek.City
	tariffs       map[route][]cdek.Tariff
	points        map[int][]cdek.Point
	orders        map[string]cdek.Order // by CDEK number
	failCalls     int
	failStatus    int
	delay         time.Duration
	tokenRequests int
	requests      map[string]int
	lastTariff    map[string]any
}

// New starts a fake API, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{
		clientID:     ClientID,
		clientSecret: ClientSecret,
		ttl:          3599 * time.Second,
		tokens:       map[string]bool{},
		tariffs:      map[route][]cdek.Tariff{},
		points:       map[int][]cdek.Point{},
		orders:       map[string]cdek.Order{},
		requests:     map[string]int{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	s.URL = s.srv.URL + "/v2"
	return s
}

// Config returns a client configuration for the fake with the credentials
// it accepts now.
func (s *Server) Config() cdek.Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cdek.Config{BaseURL: s.URL, ClientID: s.clientID, ClientSecret: s.clientSecret, HTTP: s.srv.Client()}
}

// SetCredentials sets the client id and secret /oauth/token accepts.
func (s *Server) SetCredentials(id, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clientID, s.clientSecret = id, secret
}

// SetTokenTTL sets the expires_in of tokens issued from now on.
func (s *Server) SetTokenTTL(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ttl = d
}

// ExpireTokens makes every token issued so far answer 401.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok := range s.tokens {
		s.tokens[tok] = false
	}
}

// AddCity adds a locality to /location/cities and /location/suggest/cities.
func (s *Server) AddCity(c cdek.City) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cities = append(s.cities, c)
}

// SetTariffs sets what tarifflist answers for a route; a route without
// tariffs gets an empty list.
func (s *Server) SetTariffs(from, to int, ts ...cdek.Tariff) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tariffs[route{from, to}] = append([]cdek.Tariff(nil), ts...)
}

// SetPoints sets the pickup points of a city. A point without CityCode
// gets cityCode.
func (s *Server) SetPoints(cityCode int, ps ...cdek.Point) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.points[cityCode] = append([]cdek.Point(nil), ps...)
}

// AddOrder adds an order to /orders, found by its CDEKNumber.
func (s *Server) AddOrder(o cdek.Order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[o.CDEKNumber] = o
}

// FailNext makes the next n API calls (not /oauth/token) answer status with
// a CDEK error body, whatever their token.
func (s *Server) FailNext(n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failCalls, s.failStatus = n, status
}

// SetDelay makes every API reply wait d, or until the client gives up.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// TokenRequests counts calls to /oauth/token, refused ones included.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenRequests
}

// Requests counts calls to path, given after "/v2" ("/calculator/tarifflist").
func (s *Server) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// LastTariffRequest is the last tarifflist body as encoding/json decodes it
// into a map (numbers are float64), or nil.
func (s *Server) LastTariffRequest() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastTariff
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, "/v2")
	if !ok {
		writeErrors(w, http.StatusNotFound, "v2_not_found", "no such path: "+r.URL.Path)
		return
	}
	s.mu.Lock()
	s.requests[path]++
	s.mu.Unlock()
	if path == "/oauth/token" {
		s.serveToken(w, r)
		return
	}
	if !s.wait(r) {
		return
	}
	if status := s.takeFailure(); status != 0 {
		writeErrors(w, status, failureCode(status), "injected failure")
		return
	}
	if code := s.checkToken(r); code != "" {
		writeErrors(w, http.StatusUnauthorized, code, "authorization failed")
		return
	}
	switch {
	case path == "/location/cities" && r.Method == http.MethodGet:
		s.serveCities(w, r)
	case path == "/location/suggest/cities" && r.Method == http.MethodGet:
		s.serveSuggest(w, r)
	case path == "/calculator/tarifflist" && r.Method == http.MethodPost:
		s.serveTarifflist(w, r)
	case path == "/deliverypoints" && r.Method == http.MethodGet:
		s.servePoints(w, r)
	case path == "/orders" && r.Method == http.MethodGet:
		s.serveOrder(w, r)
	default:
		writeErrors(w, http.StatusNotFound, "v2_not_found", r.Method+" "+path+" is not faked")
	}
}

// serveToken issues a token for the client credentials, read from the form
// body only: the real API takes them there, and a client that put the
// secret in the URL would leak it into logs.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.tokenRequests++
	s.mu.Unlock()
	if r.Method != http.MethodPost {
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "POST required")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "bad form")
		return
	}
	form := r.PostForm
	if form.Get("grant_type") != "client_credentials" {
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be client_credentials")
		return
	}
	if form.Get("client_id") == "" || form.Get("client_secret") == "" {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "client_id and client_secret are required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if form.Get("client_id") != s.clientID || form.Get("client_secret") != s.clientSecret {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "Bad credentials")
		return
	}
	token := randomHex(24)
	s.tokens[token] = true
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": token,
		"token_type":   "bearer",
		"expires_in":   int(s.ttl / time.Second),
		"scope":        "order:all payment:all",
		"jti":          randomHex(8),
	})
}

// checkToken returns "" for a live bearer token, or the CDEK error code.
func (s *Server) checkToken(r *http.Request) string {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return "v2_unauthorized"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	live, known := s.tokens[token]
	switch {
	case !known:
		return "v2_unauthorized"
	case !live:
		return "v2_token_expired"
	}
	return ""
}

func (s *Server) wait(r *http.Request) bool {
	s.mu.Lock()
	d := s.delay
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) takeFailure() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failCalls <= 0 {
		return 0
	}
	s.failCalls--
	return s.failStatus
}

func failureCode(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return "v2_token_expired"
	case status >= 500:
		return "v2_internal_error"
	}
	return "v2_bad_request"
}

func (s *Server) serveCities(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	countries := splitList(q.Get("country_codes"))
	name := strings.ToLower(q.Get("city"))
	code, _ := strconv.Atoi(q.Get("code"))
	s.mu.Lock()
	var out []map[string]any
	for _, c := range s.cities {
		if len(countries) > 0 && !countries[c.CountryCode] ||
			name != "" && !strings.HasPrefix(strings.ToLower(c.Name), name) ||
			code != 0 && c.Code != code {
			continue
		}
		out = append(out, map[string]any{
			"code": c.Code, "city_uuid": cityUUID(c.Code), "city": c.Name, "country_code": c.CountryCode,
			"region": c.Region, "latitude": c.Lat, "longitude": c.Lon,
		})
	}
	s.mu.Unlock()
	out, ok := page(w, q.Get("size"), q.Get("page"), out)
	if ok {
		writeJSON(w, http.StatusOK, out)
	}
}

func (s *Server) serveSuggest(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	name := strings.ToLower(q.Get("name"))
	if name == "" {
		writeErrors(w, http.StatusBadRequest, "v2_field_is_empty", "name is required")
		return
	}
	country := q.Get("country_code")
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for _, c := range s.cities {
		if country != "" && c.CountryCode != country || !strings.Contains(strings.ToLower(c.Name), name) {
			continue
		}
		full := c.Name
		if c.Region != "" && c.Region != c.Name {
			full += ", " + c.Region
		}
		out = append(out, map[string]any{"city_uuid": cityUUID(c.Code), "code": c.Code, "full_name": full, "country_code": c.CountryCode})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) serveTarifflist(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeErrors(w, http.StatusBadRequest, "v2_bad_request", "body is not JSON")
		return
	}
	s.mu.Lock()
	s.lastTariff = body
	s.mu.Unlock()
	if _, ok := body["currency"].(float64); !ok {
		writeErrors(w, http.StatusBadRequest, "v2_field_is_empty", "currency is required")
		return
	}
	from, okFrom := locationCode(body["from_location"])
	to, okTo := locationCode(body["to_location"])
	if !okFrom || !okTo {
		writeErrors(w, http.StatusBadRequest, "v2_field_is_empty", "from_location.code and to_location.code are required")
		return
	}
	packages, _ := body["packages"].([]any)
	if len(packages) == 0 {
		writeErrors(w, http.StatusBadRequest, "v2_field_is_empty", "packages are required")
		return
	}
	for _, p := range packages {
		pkg, _ := p.(map[string]any)
		if weight, _ := pkg["weight"].(float64); weight <= 0 {
			writeErrors(w, http.StatusBadRequest, "v2_field_is_empty", "packages[].weight is required")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for _, t := range s.tariffs[route{from, to}] {
		out = append(out, map[string]any{
			"tariff_code": t.Code, "tariff_name": t.Name, "tariff_description": t.Description,
			"delivery_mode": t.Mode, "delivery_sum": t.Sum,
			"period_min": t.PeriodMin, "period_max": t.PeriodMax,
			"calendar_min": t.CalendarMin, "calendar_max": t.CalendarMax,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"tariff_codes": out})
}

func locationCode(v any) (int, bool) {
	loc, _ := v.(map[string]any)
	code, ok := loc["code"].(float64)
	return int(code), ok && code > 0
}

func (s *Server) servePoints(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	city, _ := strconv.Atoi(q.Get("city_code"))
	kind := q.Get("type")
	s.mu.Lock()
	out := []map[string]any{}
	for _, p := range s.points[city] {
		if kind != "" && kind != "ALL" && p.Type != kind {
			continue
		}
		code := p.CityCode
		if code == 0 {
			code = city
		}
		out = append(out, map[string]any{
			"code": p.Code, "name": p.Name, "type": p.Type, "work_time": p.WorkTime,
			"location": map[string]any{
				"city_code": code, "city": p.City, "latitude": p.Lat, "longitude": p.Lon,
				"address": p.Address, "address_full": p.FullAddress,
			},
		})
	}
	s.mu.Unlock()
	out, ok := page(w, q.Get("size"), q.Get("page"), out)
	if ok {
		writeJSON(w, http.StatusOK, out)
	}
}

func (s *Server) serveOrder(w http.ResponseWriter, r *http.Request) {
	number := r.URL.Query().Get("cdek_number")
	if number == "" {
		writeErrors(w, http.StatusBadRequest, "v2_parameters_empty", "cdek_number is required")
		return
	}
	s.mu.Lock()
	o, ok := s.orders[number]
	s.mu.Unlock()
	now := time.Now().UTC().Format(timeLayout)
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{
			"requests": []any{map[string]any{
				"type": "GET", "date_time": now, "state": "INVALID",
				"errors": []any{map[string]any{"code": "v2_entity_not_found", "message": "Entity is not found by cdek_number " + number}},
			}},
			"related_entities": []any{},
		})
		return
	}
	statuses := []map[string]any{}
	for _, st := range o.Statuses {
		statuses = append(statuses, map[string]any{
			"code": st.Code, "name": st.Name, "date_time": st.DateTime.Format(timeLayout), "city": st.City,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"entity": map[string]any{
			"uuid": o.UUID, "cdek_number": o.CDEKNumber, "number": o.Number, "statuses": statuses,
		},
		"requests": []any{map[string]any{
			"request_uuid": randomHex(16), "type": "CREATE", "date_time": now, "state": "SUCCESSFUL",
			"errors": []any{}, "warnings": []any{},
		}},
		"related_entities": []any{},
	})
}

// page cuts one page of items as CDEK does: pages count from 0, and no
// size means everything.
func page[T any](w http.ResponseWriter, size, pageNo string, items []T) ([]T, bool) {
	if items == nil {
		items = []T{}
	}
	if size == "" {
		return items, true
	}
	n, err := strconv.Atoi(size)
	p, err2 := strconv.Atoi(cmp.Or(pageNo, "0"))
	if err != nil || err2 != nil || n <= 0 || p < 0 {
		writeErrors(w, http.StatusBadRequest, "v2_invalid_format", "bad size or page")
		return nil, false
	}
	start := min(p*n, len(items))
	end := min(start+n, len(items))
	return items[start:end], true
}

func splitList(s string) map[string]bool {
	set := map[string]bool{}
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			set[v] = true
		}
	}
	return set
}

func cityUUID(code int) string {
	return fmt.Sprintf("00000000-0000-0000-0000-%012d", code)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// writeErrors answers in CDEK's error shape.
func writeErrors(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"errors": []any{map[string]any{"code": code, "message": message}}})
}

// writeOAuthError answers as CDEK's OAuth server does.
func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]any{"error": code, "error_description": description})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
