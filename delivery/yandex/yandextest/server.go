// Package yandextest is a fake Yandex Delivery express claims API for
// tests: Bearer auth, check-price, and claims that are created once per
// request_id, estimated on the next claims/info, accepted at their current
// version and moved along by the test. It speaks the wire format of
// package yandex, coordinates [lon, lat] included.
package yandextest

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/delivery/yandex"
)

// Token is the OAuth token the fake accepts until SetToken changes it.
const Token = "test-token"

// DefaultPrice is what check-price and estimation answer until SetPrice.
const DefaultPrice = 1500.0

// apiPath prefixes every method, as on the real host.
const apiPath = "/b2b/cargo/integration/v2/"

// Server is the fake API.
type Server struct {
	URL string

	t  testing.TB
	mu sync.Mutex

	token      string
	price      float64
	failLeft   int
	failStatus int
	delay      time.Duration

	claims    map[string]*claim
	order     []string          // claim ids in creation order
	byRequest map[string]string // request_id -> claim id
	requests  map[string]int    // by URL path
	lastCheck map[string]any
	nextID    int
}

// claim is what the fake knows about one claim.
type claim struct {
	id          string
	status      string
	version     int
	offer       float64 // 0 until estimated
	final       float64 // 0 until delivered
	courierName string
	updated     time.Time
}

// New starts a fake API, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{
		t: t, token: Token, price: DefaultPrice,
		claims: map[string]*claim{}, byRequest: map[string]string{}, requests: map[string]int{},
	}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Client returns a client of the fake with the token it accepts.
func (s *Server) Client() *yandex.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return yandex.New(yandex.Config{BaseURL: s.URL, Token: s.token})
}

// SetToken changes the token the fake accepts; others get 401.
func (s *Server) SetToken(tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = tok
}

// SetPrice sets what check-price answers and what the next estimations
// offer.
func (s *Server) SetPrice(amount float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.price = amount
}

// FailNext makes the next n calls, whatever the method, answer status
// with a Yandex error body.
func (s *Server) FailNext(n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failLeft, s.failStatus = n, status
}

// SetDelay makes every call wait d before it is answered, or until the
// caller gives up.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Advance moves a claim to status as Yandex would (performer_found,
// pickuped, delivered, ...), bumping its version. From performer_found
// on the claim has a courier; once delivered it has a final price.
func (s *Server) Advance(claimID, status string) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.claims[claimID]
	if !ok {
		s.t.Fatalf("yandextest: Advance(%q, %q): no such claim", claimID, status)
	}
	c.status = status
	c.version++
	c.updated = time.Now()
	if status != "new" && status != "estimating" && c.offer == 0 {
		c.offer = s.price
	}
	if courierStatuses[status] && c.courierName == "" {
		c.courierName = "Test Courier"
	}
	if yandex.Delivered(status) {
		c.final = c.offer
	}
}

// courierStatuses are the statuses in which a courier is assigned.
var courierStatuses = map[string]bool{
	"performer_found": true, "pickup_arrived": true, "ready_for_pickup_confirmation": true,
	"pickuped": true, "pay_waiting": true, "delivery_arrived": true,
	"ready_for_delivery_confirmation": true, "delivered": true, "delivered_finish": true,
	"returning": true, "return_arrived": true, "ready_for_return_confirmation": true,
	"returned": true, "returned_finish": true,
}

// Claims returns the claims created, in order, as claims/info would show
// them now (without the estimation an info call triggers).
func (s *Server) Claims() []yandex.ClaimInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]yandex.ClaimInfo, 0, len(s.order))
	for _, id := range s.order {
		c := s.claims[id]
		ci := yandex.ClaimInfo{
			ID: c.id, Status: c.status, Version: c.version, Price: c.offer,
			CourierName: c.courierName, UpdatedAt: c.updated,
		}
		if c.final != 0 {
			ci.Price = c.final
		}
		if ci.Price != 0 {
			ci.Currency = "KZT"
		}
		out = append(out, ci)
	}
	return out
}

// LastCheckPrice returns the last check-price body as decoded JSON (nil
// before the first), so a test can look at coordinate order.
func (s *Server) LastCheckPrice() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastCheck
}

// Requests counts the calls received at path, refused ones included.
// path is the full path or its tail after the API prefix ("check-price",
// "claims/create").
func (s *Server) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !strings.HasPrefix(path, "/") {
		path = apiPath + path
	}
	return s.requests[path]
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[r.URL.Path]++
	delay := s.delay
	s.mu.Unlock()
	// Reading the body to its end lets net/http notice a client that
	// hangs up, which cancels r.Context() during the delay.
	raw, readErr := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failLeft > 0 {
		s.failLeft--
		writeError(w, s.failStatus, codeFor(s.failStatus), "injected failure")
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.token {
		writeError(w, http.StatusUnauthorized, "unauthorized", "Not authorized request")
		return
	}
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "use POST")
		return
	}
	var body map[string]any
	if readErr != nil || json.Unmarshal(raw, &body) != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "body is not a JSON object")
		return
	}
	q := r.URL.Query()
	switch strings.TrimPrefix(r.URL.Path, apiPath) {
	case "check-price":
		s.checkPrice(w, body)
	case "claims/create":
		s.create(w, q.Get("request_id"), body)
	case "claims/info":
		s.info(w, q.Get("claim_id"))
	case "claims/accept":
		s.accept(w, q.Get("claim_id"), body)
	default:
		writeError(w, http.StatusNotFound, "not_found", "no such method")
	}
}

func (s *Server) checkPrice(w http.ResponseWriter, body map[string]any) {
	s.lastCheck = body
	points, _ := body["route_points"].([]any)
	if len(points) < 2 {
		writeError(w, http.StatusBadRequest, "bad_request", "route_points: at least 2 points")
		return
	}
	var coords [][2]float64
	for i, p := range points {
		pm, _ := p.(map[string]any)
		lonlat, err := lonLat(pm["coordinates"])
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("route_points[%d].coordinates: %v", i, err))
			return
		}
		coords = append(coords, lonlat)
	}
	dist := 0.0
	for i := 1; i < len(coords); i++ {
		dist += meters(coords[i-1], coords[i])
	}
	taxiClass := "courier"
	if req, ok := body["requirements"].(map[string]any); ok {
		if tc, ok := req["taxi_class"].(string); ok && tc != "" {
			taxiClass = tc
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"price":           money(s.price),
		"currency_rules":  currencyRules,
		"distance_meters": math.Round(dist),
		// A courier at about 15 km/h plus ten minutes to reach the shop.
		"eta":          10 + int(math.Round(dist/250)),
		"requirements": map[string]any{"taxi_class": taxiClass},
	})
}

func (s *Server) create(w http.ResponseWriter, requestID string, body map[string]any) {
	if requestID == "" || len(requestID) > 128 {
		writeError(w, http.StatusBadRequest, "bad_request", "request_id: 1 to 128 characters")
		return
	}
	// The idempotency key: a retry gets the claim the first call made.
	if id, ok := s.byRequest[requestID]; ok {
		writeJSON(w, http.StatusOK, s.claimJSON(s.claims[id]))
		return
	}
	if err := checkClaimBody(body); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	s.nextID++
	c := &claim{id: fmt.Sprintf("%032x", 0xc1a1e000+s.nextID), status: "new", version: 1, updated: time.Now()}
	s.claims[c.id] = c
	s.order = append(s.order, c.id)
	s.byRequest[requestID] = c.id
	writeJSON(w, http.StatusOK, s.claimJSON(c))
}

func checkClaimBody(body map[string]any) error {
	items, _ := body["items"].([]any)
	if len(items) == 0 {
		return fmt.Errorf("items: at least one item")
	}
	for i, it := range items {
		im, _ := it.(map[string]any)
		if _, ok := im["pickup_point"].(float64); !ok {
			return fmt.Errorf("items[%d].pickup_point: required", i)
		}
		_, dropoff := im["dropoff_point"].(float64)
		_, droppof := im["droppof_point"].(float64)
		if !dropoff && !droppof {
			return fmt.Errorf("items[%d].dropoff_point: required", i)
		}
	}
	points, _ := body["route_points"].([]any)
	if len(points) < 2 {
		return fmt.Errorf("route_points: at least 2 points")
	}
	for i, p := range points {
		pm, _ := p.(map[string]any)
		addr, _ := pm["address"].(map[string]any)
		if _, err := lonLat(addr["coordinates"]); err != nil {
			return fmt.Errorf("route_points[%d].address.coordinates: %v", i, err)
		}
		contact, _ := pm["contact"].(map[string]any)
		if phone, _ := contact["phone"].(string); phone == "" {
			return fmt.Errorf("route_points[%d].contact.phone: required", i)
		}
	}
	ec, _ := body["emergency_contact"].(map[string]any)
	if phone, _ := ec["phone"].(string); phone == "" {
		return fmt.Errorf("emergency_contact.phone: required")
	}
	return nil
}

func (s *Server) info(w http.ResponseWriter, claimID string) {
	c, ok := s.claims[claimID]
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "Claim not found")
		return
	}
	// Yandex works asynchronously; the fake does the next step on the
	// next look.
	switch c.status {
	case "new", "estimating":
		c.status, c.offer, c.updated = "ready_for_approval", s.price, time.Now()
	case "accepted":
		c.status, c.updated = "performer_lookup", time.Now()
	}
	writeJSON(w, http.StatusOK, s.claimJSON(c))
}

func (s *Server) accept(w http.ResponseWriter, claimID string, body map[string]any) {
	c, ok := s.claims[claimID]
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "Claim not found")
		return
	}
	version, ok := body["version"].(float64)
	if !ok {
		writeError(w, http.StatusBadRequest, "bad_request", "version: required")
		return
	}
	if c.status != "ready_for_approval" {
		writeError(w, http.StatusConflict, "inappropriate_status", "claim is "+c.status+", not ready_for_approval")
		return
	}
	if int(version) != c.version {
		writeError(w, http.StatusConflict, "old_version", fmt.Sprintf("claim version is %d", c.version))
		return
	}
	c.status, c.updated = "accepted", time.Now()
	writeJSON(w, http.StatusOK, map[string]any{
		"id": c.id, "status": c.status, "version": c.version,
		"user_request_revision": "1", "skip_client_notify": false,
	})
}

var currencyRules = map[string]any{"code": "KZT", "sign": "₸", "template": "$VALUE$ $SIGN$$CURRENCY$", "text": "тг."}

// claimJSON is a claim as claims/info shows it, prices as strings.
func (s *Server) claimJSON(c *claim) map[string]any {
	pricing := map[string]any{"currency": "KZT", "currency_rules": currencyRules}
	if c.offer != 0 {
		pricing["offer"] = map[string]any{
			"offer_id": "offer-" + c.id, "price": money(c.offer),
			"valid_until": c.updated.Add(10 * time.Minute).UTC().Format(timeLayout),
		}
	}
	if c.final != 0 {
		pricing["final_price"] = money(c.final)
	}
	out := map[string]any{
		"id": c.id, "status": c.status, "version": c.version,
		"pricing": pricing, "updated_ts": c.updated.UTC().Format(timeLayout),
	}
	if c.courierName != "" {
		out["performer_info"] = map[string]any{
			"courier_name": c.courierName, "legal_name": "ТОО Тест",
			"car_model": "Lada Largus", "car_number": "123ABC02",
		}
	}
	return out
}

// timeLayout is Yandex's timestamp: microseconds and a +00:00 offset.
const timeLayout = "2006-01-02T15:04:05.000000-07:00"

func money(v float64) string { return fmt.Sprintf("%.2f", v) }

// lonLat checks that v is [lon, lat]: two numbers in range.
func lonLat(v any) ([2]float64, error) {
	arr, ok := v.([]any)
	if !ok || len(arr) != 2 {
		return [2]float64{}, fmt.Errorf("want [lon, lat], got %v", v)
	}
	lon, ok1 := arr[0].(float64)
	lat, ok2 := arr[1].(float64)
	if !ok1 || !ok2 {
		return [2]float64{}, fmt.Errorf("want two numbers, got %v", v)
	}
	if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return [2]float64{}, fmt.Errorf("out of range: %v", v)
	}
	return [2]float64{lon, lat}, nil
}

// meters is the great-circle distance between two [lon, lat] points.
func meters(a, b [2]float64) float64 {
	const earth = 6371000.0
	rad := math.Pi / 180
	dLat := (b[1] - a[1]) * rad
	dLon := (b[0] - a[0]) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a[1]*rad)*math.Cos(b[1]*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earth * math.Asin(math.Sqrt(h))
}

// codeFor makes a Yandex-like code for an injected failure.
func codeFor(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return "unauthorized"
	case status == http.StatusNotFound:
		return "not_found"
	case status == http.StatusConflict:
		return "conflict"
	case status == http.StatusTooManyRequests:
		return "too_many_requests"
	case status >= 500:
		return "internal_error"
	default:
		return "bad_request"
	}
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
