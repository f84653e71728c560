package yandex_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lete-store/letebot/delivery/yandex"
	"github.com/lete-store/letebot/delivery/yandex/yandextest"
)

// The shop and a customer in Almaty.
var (
	shop     = yandex.Point{Lat: 43.238949, Lon: 76.889709, Address: "Алматы, проспект Абая, 10"}
	customer = yandex.Point{Lat: 43.256670, Lon: 76.928610, Address: "Алматы, улица Толе би, 59, кв. 12"}
	parcel   = []yandex.Item{{
		Title: "Кофемашина", Quantity: 1, WeightKg: 4.5, LengthM: 0.4, WidthM: 0.3, HeightM: 0.35,
		CostValue: "125000.00", CostCurrency: "KZT",
	}}
)

func testClaim() yandex.Claim {
	return yandex.Claim{
		From: shop, To: customer,
		Sender:    yandex.Contact{Name: "Lete store", Phone: "+77010000001"},
		Recipient: yandex.Contact{Name: "Аружан", Phone: "+77010000002"},
		Items:     parcel,
		Comment:   "Домофон 12",
	}
}

// recorded is one request as a raw test server saw it.
type recorded struct {
	Path, Query, Auth, Lang string
	Body                    map[string]any
}

// fixedReply is a provider that answers every call with one status and
// body, and records what it was sent.
func fixedReply(t *testing.T, status int, body string) (*yandex.Client, *[]recorded) {
	t.Helper()
	var seen []recorded
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		rec := recorded{Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), Lang: r.Header.Get("Accept-Language")}
		json.Unmarshal(raw, &rec.Body)
		seen = append(seen, rec)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return yandex.New(yandex.Config{BaseURL: srv.URL + "/", Token: "secret-token", HTTP: srv.Client()}), &seen
}

// at walks decoded JSON: at(body, "route_points", 0, "coordinates").
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func coords(t *testing.T, v any) [2]float64 {
	t.Helper()
	a, ok := v.([]any)
	if !ok || len(a) != 2 {
		t.Fatalf("coordinates = %v, want two numbers", v)
	}
	lon, _ := a[0].(float64)
	lat, _ := a[1].(float64)
	return [2]float64{lon, lat}
}

func TestCheckPriceSendsLonLat(t *testing.T) {
	s := yandextest.New(t)
	s.SetPrice(2350)
	p, err := s.Client().CheckPrice(context.Background(), yandex.PriceRequest{From: shop, To: customer, Items: parcel})
	if err != nil {
		t.Fatal(err)
	}
	if p.Amount != 2350 || p.Currency != "KZT" || p.DistanceMeters <= 0 || p.ETAMinutes <= 0 {
		t.Errorf("price = %+v", p)
	}
	body := s.LastCheckPrice()
	if got := coords(t, at(body, "route_points", 0, "coordinates")); got != [2]float64{shop.Lon, shop.Lat} {
		t.Errorf("from coordinates = %v, want [lon %v, lat %v]", got, shop.Lon, shop.Lat)
	}
	if got := coords(t, at(body, "route_points", 1, "coordinates")); got != [2]float64{customer.Lon, customer.Lat} {
		t.Errorf("to coordinates = %v, want [lon %v, lat %v]", got, customer.Lon, customer.Lat)
	}
	if got := at(body, "route_points", 1, "fullname"); got != customer.Address {
		t.Errorf("fullname = %v", got)
	}
	if got := at(body, "requirements", "taxi_class"); got != "courier" {
		t.Errorf("taxi_class = %v, want the default courier", got)
	}
	if at(body, "items", 0, "weight") != 4.5 || at(body, "items", 0, "size", "height") != 0.35 || at(body, "items", 0, "quantity") != 1.0 {
		t.Errorf("items = %v", body["items"])
	}
}

func TestCheckPriceReadsReplies(t *testing.T) {
	tests := []struct {
		name    string
		reply   string
		want    yandex.Price
		wantErr bool
	}{
		{"price as string", `{"price":"1234.00","currency_rules":{"code":"KZT","sign":"₸"},"distance_meters":3456.7,"eta":17}`,
			yandex.Price{Amount: 1234, Currency: "KZT", DistanceMeters: 3456.7, ETAMinutes: 17}, false},
		{"price as number", `{"price":1234.5,"currency_rules":{"code":"KZT"},"distance_meters":"800","eta":"9"}`,
			yandex.Price{Amount: 1234.5, Currency: "KZT", DistanceMeters: 800, ETAMinutes: 9}, false},
		{"only price_raw", `{"price_raw":990,"currency_rules":{"code":"KZT"}}`,
			yandex.Price{Amount: 990, Currency: "KZT"}, false},
		{"fractional eta rounds", `{"price":"500","eta":12.6}`, yandex.Price{Amount: 500, ETAMinutes: 13}, false},
		{"unknown fields ignored", `{"price":"700.00","requirements":{"taxi_class":"courier"},"zone_id":"almaty"}`,
			yandex.Price{Amount: 700}, false},
		{"no price", `{"currency_rules":{"code":"KZT"}}`, yandex.Price{}, true},
		{"price not a number", `{"price":"free"}`, yandex.Price{}, true},
		{"not json", `<html>`, yandex.Price{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := fixedReply(t, 200, tt.reply)
			got, err := c.CheckPrice(context.Background(), yandex.PriceRequest{From: shop, To: customer})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("price = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRequestsCarryAuthAndLanguage(t *testing.T) {
	c, seen := fixedReply(t, 200, `{"price":"1"}`)
	if _, err := c.CheckPrice(context.Background(), yandex.PriceRequest{From: shop, To: customer, TaxiClass: "express"}); err != nil {
		t.Fatal(err)
	}
	r := (*seen)[0]
	if r.Path != "/b2b/cargo/integration/v2/check-price" || r.Auth != "Bearer secret-token" || r.Lang != "ru" {
		t.Errorf("request = %+v", r)
	}
	if got := at(r.Body, "requirements", "taxi_class"); got != "express" {
		t.Errorf("taxi_class = %v", got)
	}
}

func TestCreateClaimBody(t *testing.T) {
	c, seen := fixedReply(t, 200, `{"id":"abc","status":"new","version":1}`)
	ci, err := c.CreateClaim(context.Background(), "order-42-1", testClaim())
	if err != nil {
		t.Fatal(err)
	}
	if ci.ID != "abc" || ci.Status != "new" || ci.Version != 1 {
		t.Errorf("claim = %+v", ci)
	}
	r := (*seen)[0]
	if r.Path != "/b2b/cargo/integration/v2/claims/create" || r.Query != "request_id=order-42-1" {
		t.Errorf("path %q query %q", r.Path, r.Query)
	}
	b := r.Body
	checks := []struct {
		path []any
		want any
	}{
		{[]any{"items", 0, "title"}, "Кофемашина"},
		{[]any{"items", 0, "cost_value"}, "125000.00"},
		{[]any{"items", 0, "cost_currency"}, "KZT"},
		{[]any{"items", 0, "quantity"}, 1.0},
		{[]any{"items", 0, "weight"}, 4.5},
		{[]any{"items", 0, "size", "length"}, 0.4},
		{[]any{"items", 0, "pickup_point"}, 1.0},
		{[]any{"items", 0, "droppof_point"}, 2.0},
		{[]any{"items", 0, "dropoff_point"}, 2.0},
		{[]any{"route_points", 0, "point_id"}, 1.0},
		{[]any{"route_points", 0, "visit_order"}, 1.0},
		{[]any{"route_points", 0, "type"}, "source"},
		{[]any{"route_points", 0, "contact", "phone"}, "+77010000001"},
		{[]any{"route_points", 0, "address", "fullname"}, shop.Address},
		{[]any{"route_points", 1, "point_id"}, 2.0},
		{[]any{"route_points", 1, "visit_order"}, 2.0},
		{[]any{"route_points", 1, "type"}, "destination"},
		{[]any{"route_points", 1, "contact", "name"}, "Аружан"},
		{[]any{"emergency_contact", "phone"}, "+77010000001"}, // the sender when not given
		{[]any{"client_requirements", "taxi_class"}, "courier"},
		{[]any{"comment"}, "Домофон 12"},
	}
	for _, ck := range checks {
		if got := at(b, ck.path...); got != ck.want {
			t.Errorf("%v = %v, want %v", ck.path, got, ck.want)
		}
	}
	if got := coords(t, at(b, "route_points", 1, "address", "coordinates")); got != [2]float64{customer.Lon, customer.Lat} {
		t.Errorf("destination coordinates = %v, want [lon, lat]", got)
	}
}

func TestCreateClaimIsIdempotent(t *testing.T) {
	s := yandextest.New(t)
	c := s.Client()
	ctx := context.Background()
	first, err := c.CreateClaim(ctx, "order-42-1", testClaim())
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.CreateClaim(ctx, "order-42-1", testClaim())
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID {
		t.Errorf("retry made claim %s, first was %s", again.ID, first.ID)
	}
	if n := len(s.Claims()); n != 1 {
		t.Errorf("%d claims after a retry, want 1", n)
	}
	if n := s.Requests("claims/create"); n != 2 {
		t.Errorf("%d create calls, want 2", n)
	}
	other, err := c.CreateClaim(ctx, "order-43-1", testClaim())
	if err != nil {
		t.Fatal(err)
	}
	claims := s.Claims()
	if other.ID == first.ID || len(claims) != 2 || claims[0].ID != first.ID || claims[1].ID != other.ID {
		t.Errorf("claims = %+v", claims)
	}
}

func TestClaimLifecycle(t *testing.T) {
	s := yandextest.New(t)
	s.SetPrice(1800)
	c := s.Client()
	ctx := context.Background()
	created, err := c.CreateClaim(ctx, "order-42-1", testClaim())
	if err != nil {
		t.Fatal(err)
	}
	if created.Status != "new" || created.Price != 0 {
		t.Errorf("created = %+v", created)
	}

	info, err := c.ClaimInfo(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if info.Status != "ready_for_approval" || info.Price != 1800 || info.Currency != "KZT" || info.UpdatedAt.IsZero() {
		t.Errorf("estimated = %+v", info)
	}

	accepted, err := c.AcceptClaim(ctx, created.ID, info.Version)
	if err != nil {
		t.Fatal(err)
	}
	if accepted.ID != created.ID || accepted.Status != "accepted" {
		t.Errorf("accepted = %+v", accepted)
	}
	if info, _ = c.ClaimInfo(ctx, created.ID); info.Status != "performer_lookup" {
		t.Errorf("after accept status %q, want performer_lookup", info.Status)
	}

	steps := []struct {
		status      string
		delivered   bool
		wantCourier bool
	}{
		{"performer_found", false, true},
		{"pickuped", false, true},
		{"delivered", true, true},
	}
	version := info.Version
	for _, st := range steps {
		s.Advance(created.ID, st.status)
		info, err := c.ClaimInfo(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if info.Status != st.status || yandex.Delivered(info.Status) != st.delivered {
			t.Errorf("after Advance(%s): %+v", st.status, info)
		}
		if info.Version != version+1 {
			t.Errorf("after Advance(%s): version %d, want %d", st.status, info.Version, version+1)
		}
		version = info.Version
		if (info.CourierName != "") != st.wantCourier {
			t.Errorf("after Advance(%s): courier %q", st.status, info.CourierName)
		}
		if info.Price != 1800 {
			t.Errorf("after Advance(%s): price %v", st.status, info.Price)
		}
	}
	if got := s.Claims()[0]; got.Status != "delivered" || got.ID != created.ID {
		t.Errorf("fake's claim = %+v", got)
	}
}

func TestAcceptClaimRefusals(t *testing.T) {
	tests := []struct {
		name       string
		estimate   bool // call claims/info first, so the claim is ready_for_approval
		claimID    string
		version    func(yandex.ClaimInfo) int
		wantStatus int
		wantCode   string
	}{
		{"stale version", true, "", func(ci yandex.ClaimInfo) int { return ci.Version + 1 }, http.StatusConflict, "old_version"},
		{"not estimated yet", false, "", func(ci yandex.ClaimInfo) int { return ci.Version }, http.StatusConflict, "inappropriate_status"},
		{"unknown claim", true, "no-such-claim", func(ci yandex.ClaimInfo) int { return ci.Version }, http.StatusNotFound, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := yandextest.New(t)
			c := s.Client()
			ctx := context.Background()
			ci, err := c.CreateClaim(ctx, "r-1", testClaim())
			if err != nil {
				t.Fatal(err)
			}
			if tt.estimate {
				if ci, err = c.ClaimInfo(ctx, ci.ID); err != nil {
					t.Fatal(err)
				}
			}
			id := ci.ID
			if tt.claimID != "" {
				id = tt.claimID
			}
			_, err = c.AcceptClaim(ctx, id, tt.version(ci))
			var apiErr *yandex.APIError
			if !errors.As(err, &apiErr) || apiErr.HTTPStatus != tt.wantStatus || apiErr.Code != tt.wantCode {
				t.Fatalf("err = %v, want APIError %d %s", err, tt.wantStatus, tt.wantCode)
			}
			if st := s.Claims()[0].Status; st == "accepted" {
				t.Errorf("claim accepted anyway")
			}
		})
	}
}

func TestClaimInfoReadsReplies(t *testing.T) {
	tests := []struct {
		name    string
		reply   string
		want    yandex.ClaimInfo
		wantErr bool
	}{
		{"offer as string",
			`{"id":"c1","status":"ready_for_approval","version":2,"pricing":{"offer":{"offer_id":"o","price":"1500.00"},"currency":"KZT"},"updated_ts":"2026-05-04T10:11:12.345678+00:00"}`,
			yandex.ClaimInfo{ID: "c1", Status: "ready_for_approval", Version: 2, Price: 1500, Currency: "KZT",
				UpdatedAt: time.Date(2026, 5, 4, 10, 11, 12, 345678000, time.UTC)}, false},
		{"final price wins, numbers, currency from rules",
			`{"id":"c2","status":"delivered_finish","version":"5","pricing":{"offer":{"price":1500},"final_price":1650.5,"currency_rules":{"code":"KZT"}},"performer_info":{"courier_name":"Ерлан","phone":"+77011112233","car_number":"123ABC02"}}`,
			yandex.ClaimInfo{ID: "c2", Status: "delivered_finish", Version: 5, Price: 1650.5, Currency: "KZT",
				CourierName: "Ерлан", CourierPhone: "+77011112233"}, false},
		{"still estimating, null pricing, odd timestamp",
			`{"id":"c3","status":"estimating","version":1,"pricing":null,"performer_info":null,"updated_ts":"yesterday"}`,
			yandex.ClaimInfo{ID: "c3", Status: "estimating", Version: 1}, false},
		{"performer fields of other types ignored",
			`{"id":"c4","status":"performer_found","version":3,"performer_info":{"courier_name":"Ерлан","phone":{"ext":"12"}}}`,
			yandex.ClaimInfo{ID: "c4", Status: "performer_found", Version: 3, CourierName: "Ерлан"}, false},
		{"no id", `{"status":"new"}`, yandex.ClaimInfo{}, true},
		{"not json", `{"id":`, yandex.ClaimInfo{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := fixedReply(t, 200, tt.reply)
			got, err := c.ClaimInfo(context.Background(), "c1")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if !got.UpdatedAt.Equal(tt.want.UpdatedAt) {
				t.Errorf("UpdatedAt = %v, want %v", got.UpdatedAt, tt.want.UpdatedAt)
			}
			got.UpdatedAt, tt.want.UpdatedAt = time.Time{}, time.Time{}
			if got != tt.want {
				t.Errorf("info = %+v, want %+v", got, tt.want)
			}
			if r := (*seen)[0]; r.Path != "/b2b/cargo/integration/v2/claims/info" || r.Query != "claim_id=c1" {
				t.Errorf("path %q query %q", r.Path, r.Query)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(*yandextest.Server)
		wantStatus int
		wantCode   string
	}{
		{"bad token", func(s *yandextest.Server) { s.SetToken("another-token") }, 401, "unauthorized"},
		{"server error", func(s *yandextest.Server) { s.FailNext(1, 500) }, 500, "internal_error"},
		{"unavailable", func(s *yandextest.Server) { s.FailNext(1, 503) }, 503, "internal_error"},
		{"too many requests", func(s *yandextest.Server) { s.FailNext(1, 429) }, 429, "too_many_requests"},
	}
	calls := []struct {
		name string
		call func(*yandex.Client) error
	}{
		{"check-price", func(c *yandex.Client) error {
			_, err := c.CheckPrice(context.Background(), yandex.PriceRequest{From: shop, To: customer})
			return err
		}},
		{"claims/create", func(c *yandex.Client) error {
			_, err := c.CreateClaim(context.Background(), "r-1", testClaim())
			return err
		}},
		{"claims/info", func(c *yandex.Client) error {
			_, err := c.ClaimInfo(context.Background(), "c1")
			return err
		}},
		{"claims/accept", func(c *yandex.Client) error {
			_, err := c.AcceptClaim(context.Background(), "c1", 1)
			return err
		}},
	}
	for _, tt := range tests {
		for _, call := range calls {
			t.Run(tt.name+"/"+call.name, func(t *testing.T) {
				s := yandextest.New(t)
				c := s.Client() // holds the default token
				tt.setup(s)
				err := call.call(c)
				var apiErr *yandex.APIError
				if !errors.As(err, &apiErr) || apiErr.HTTPStatus != tt.wantStatus || apiErr.Code != tt.wantCode {
					t.Fatalf("err = %v, want APIError %d %s", err, tt.wantStatus, tt.wantCode)
				}
				if !strings.Contains(err.Error(), call.name) || !strings.Contains(err.Error(), "HTTP "+strconv.Itoa(tt.wantStatus)) {
					t.Errorf("error %q should name the method and the status", err)
				}
				if strings.Contains(err.Error(), yandextest.Token) {
					t.Errorf("error %q leaks the token", err)
				}
				if n := s.Requests(call.name); n != 1 {
					t.Errorf("%d calls, want 1: the client must not retry", n)
				}
			})
		}
	}
}

func TestNonJSONErrorBody(t *testing.T) {
	c, _ := fixedReply(t, 502, `<html>Bad Gateway</html>`)
	_, err := c.ClaimInfo(context.Background(), "c1")
	var apiErr *yandex.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 502 || apiErr.Code != "" {
		t.Fatalf("err = %v, want APIError 502 without a code", err)
	}
	if strings.Contains(err.Error(), "secret-token") {
		t.Errorf("error %q leaks the token", err)
	}
}

func TestTransportError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens any more
	c := yandex.New(yandex.Config{BaseURL: srv.URL, Token: "secret-token"})
	_, err := c.ClaimInfo(context.Background(), "c1")
	var apiErr *yandex.APIError
	if err == nil || errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want a transport error", err)
	}
	if !strings.HasPrefix(err.Error(), "yandex claims/info: ") || strings.Contains(err.Error(), "secret-token") {
		t.Errorf("error %q should name the method and not the token", err)
	}
}

func TestContextDeadline(t *testing.T) {
	s := yandextest.New(t)
	s.SetDelay(2 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := s.Client().CheckPrice(ctx, yandex.PriceRequest{From: shop, To: customer})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v: the deadline was not respected", d)
	}
}

func TestInvalidCallsNeverReachYandex(t *testing.T) {
	noCoords := testClaim()
	noCoords.To = yandex.Point{Address: "Алматы, где-то"}
	swapped := testClaim()
	swapped.From = yandex.Point{Lat: 176.9, Lon: 43.2}
	noItems := testClaim()
	noItems.Items = nil
	tests := []struct {
		name string
		call func(*yandex.Client) error
	}{
		{"price without coordinates", func(c *yandex.Client) error {
			_, err := c.CheckPrice(context.Background(), yandex.PriceRequest{From: shop, To: yandex.Point{}})
			return err
		}},
		{"claim without request id", func(c *yandex.Client) error {
			_, err := c.CreateClaim(context.Background(), "", testClaim())
			return err
		}},
		{"claim with a long request id", func(c *yandex.Client) error {
			_, err := c.CreateClaim(context.Background(), strings.Repeat("x", 129), testClaim())
			return err
		}},
		{"claim without coordinates", func(c *yandex.Client) error {
			_, err := c.CreateClaim(context.Background(), "r", noCoords)
			return err
		}},
		{"claim with latitude out of range", func(c *yandex.Client) error {
			_, err := c.CreateClaim(context.Background(), "r", swapped)
			return err
		}},
		{"claim without items", func(c *yandex.Client) error {
			_, err := c.CreateClaim(context.Background(), "r", noItems)
			return err
		}},
		{"info without claim id", func(c *yandex.Client) error {
			_, err := c.ClaimInfo(context.Background(), "")
			return err
		}},
		{"accept without claim id", func(c *yandex.Client) error {
			_, err := c.AcceptClaim(context.Background(), "", 1)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := fixedReply(t, 200, `{}`)
			if err := tt.call(c); err == nil {
				t.Error("no error")
			}
			if len(*seen) != 0 {
				t.Errorf("%d requests sent", len(*seen))
			}
		})
	}
}

func TestFakeRejectsBadCoordinates(t *testing.T) {
	s := yandextest.New(t)
	tests := []struct {
		name, body string
	}{
		{"object instead of array", `{"route_points":[{"coordinates":{"lat":43.2,"lon":76.9}},{"coordinates":[76.9,43.2]}]}`},
		{"three numbers", `{"route_points":[{"coordinates":[76.9,43.2,0]},{"coordinates":[76.9,43.2]}]}`},
		{"strings", `{"route_points":[{"coordinates":["76.9","43.2"]},{"coordinates":[76.9,43.2]}]}`},
		{"latitude out of range", `{"route_points":[{"coordinates":[43.2,176.9]},{"coordinates":[76.9,43.2]}]}`},
		{"one point", `{"route_points":[{"coordinates":[76.9,43.2]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/b2b/cargo/integration/v2/check-price", strings.NewReader(tt.body))
			req.Header.Set("Authorization", "Bearer "+yandextest.Token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var e struct{ Code, Message string }
			json.NewDecoder(resp.Body).Decode(&e)
			if resp.StatusCode != 400 || e.Code == "" {
				t.Errorf("status %d, body %+v; want 400 with a code", resp.StatusCode, e)
			}
		})
	}
}

func TestFakeIsConcurrencySafe(t *testing.T) {
	s := yandextest.New(t)
	c := s.Client()
	ctx := context.Background()
	done := make(chan error)
	for i := range 8 {
		go func() {
			ci, err := c.CreateClaim(ctx, "same-request", testClaim())
			if err == nil {
				_, err = c.ClaimInfo(ctx, ci.ID)
			}
			if err == nil && i%2 == 0 {
				_, err = c.CheckPrice(ctx, yandex.PriceRequest{From: shop, To: customer})
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if n := len(s.Claims()); n != 1 {
		t.Errorf("%d claims from one request id, want 1", n)
	}
}

func TestStatusHelpers(t *testing.T) {
	tests := []struct {
		status                 string
		delivered, failed, fin bool
	}{
		{"new", false, false, false},
		{"estimating", false, false, false},
		{"ready_for_approval", false, false, false},
		{"accepted", false, false, false},
		{"performer_lookup", false, false, false},
		{"performer_draft", false, false, false},
		{"performer_found", false, false, false},
		{"pickup_arrived", false, false, false},
		{"pickuped", false, false, false},
		{"pay_waiting", false, false, false},
		{"delivery_arrived", false, false, false},
		{"delivered", true, false, false},
		{"delivered_finish", true, false, true},
		{"returning", false, false, false},
		{"return_arrived", false, false, false},
		{"returned", false, true, false},
		{"returned_finish", false, true, true},
		{"cancelled", false, true, true},
		{"cancelled_with_payment", false, true, true},
		{"cancelled_by_taxi", false, true, true},
		{"cancelled_with_items_on_hands", false, true, true},
		{"failed", false, true, true},
		{"performer_not_found", false, true, true},
		{"estimating_failed", false, true, true},
		{"", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			if got := yandex.Delivered(tt.status); got != tt.delivered {
				t.Errorf("Delivered = %v", got)
			}
			if got := yandex.Failed(tt.status); got != tt.failed {
				t.Errorf("Failed = %v", got)
			}
			if got := yandex.Final(tt.status); got != tt.fin {
				t.Errorf("Final = %v", got)
			}
		})
	}
}

func TestAPIErrorText(t *testing.T) {
	tests := []struct {
		err  yandex.APIError
		want string
	}{
		{yandex.APIError{HTTPStatus: 502}, "HTTP 502"},
		{yandex.APIError{HTTPStatus: 409, Code: "old_version"}, "HTTP 409 old_version"},
		{yandex.APIError{HTTPStatus: 400, Code: "bad_request", Message: "items: required"}, "HTTP 400 bad_request: items: required"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
