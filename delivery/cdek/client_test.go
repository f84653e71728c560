package cdek_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lete-store/letebot/delivery/cdek"
	"github.com/lete-store/letebot/delivery/cdek/cdektest"
)

const (
	almaty = 4756
	astana = 4961
)

// clock is a settable Config.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fakeWithCities is a fake that knows Almaty and Astana.
func fakeWithCities(t *testing.T) *cdektest.Server {
	s := cdektest.New(t)
	s.AddCity(cdek.City{Code: almaty, Name: "Алматы", CountryCode: "KZ", Region: "Алматы", Lat: 43.238, Lon: 76.945})
	s.AddCity(cdek.City{Code: astana, Name: "Астана", CountryCode: "KZ", Region: "Астана", Lat: 51.128, Lon: 71.430})
	s.AddCity(cdek.City{Code: 44, Name: "Москва", CountryCode: "RU", Region: "Москва", Lat: 55.75, Lon: 37.61})
	return s
}

// fixedAPI is a CDEK that issues any token and answers every other call
// with handler.
func fixedAPI(t *testing.T, handler http.HandlerFunc) *cdek.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/oauth/token" {
			fmt.Fprint(w, `{"access_token":"tok","token_type":"bearer","expires_in":3599}`)
			return
		}
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return cdek.New(cdek.Config{BaseURL: srv.URL + "/v2", ClientID: "id", ClientSecret: "secret", HTTP: srv.Client()})
}

func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

func TestCities(t *testing.T) {
	s := fakeWithCities(t)
	c := cdek.New(s.Config())
	ctx := context.Background()

	got, err := c.Cities(ctx, "KZ", "Алматы")
	if err != nil {
		t.Fatal(err)
	}
	want := []cdek.City{{Code: almaty, Name: "Алматы", CountryCode: "KZ", Region: "Алматы", Lat: 43.238, Lon: 76.945}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Cities = %+v, want %+v", got, want)
	}
	if got, err := c.Cities(ctx, "KZ", "Москва"); err != nil || len(got) != 0 {
		t.Errorf("Moscow in KZ = %+v, %v; want none", got, err)
	}

	suggested, err := c.SuggestCities(ctx, "KZ", "аст")
	if err != nil {
		t.Fatal(err)
	}
	if len(suggested) != 1 || suggested[0].Code != astana || !strings.HasPrefix(suggested[0].Name, "Астана") {
		t.Errorf("SuggestCities = %+v", suggested)
	}
}

func TestTokenIsFetchedOnceForManyCalls(t *testing.T) {
	s := fakeWithCities(t)
	s.SetTariffs(almaty, astana)
	c := cdek.New(s.Config())
	ctx := context.Background()
	for range 3 {
		if _, err := c.Cities(ctx, "KZ", "Астана"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Tariffs(ctx, cdek.TariffRequest{FromCityCode: almaty, ToCityCode: astana, Packages: []cdek.Package{{WeightGrams: 500}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.DeliveryPoints(ctx, "KZ", astana); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

func TestTokenIsRenewedByTheClock(t *testing.T) {
	tests := []struct {
		name      string
		ttl       time.Duration
		stillGood time.Duration // a call this long after the first reuses the token
		expired   time.Duration // a call this long after the first fetches a new one
	}{
		{"an hour, a minute's margin", 3599 * time.Second, 3538 * time.Second, 3539 * time.Second},
		{"a minute, half its life", 60 * time.Second, 29 * time.Second, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeWithCities(t)
			s.SetTokenTTL(tt.ttl)
			clk := newClock()
			cfg := s.Config()
			cfg.Now = clk.Now
			c := cdek.New(cfg)
			ctx := context.Background()
			call := func() {
				t.Helper()
				if _, err := c.Cities(ctx, "KZ", "Алматы"); err != nil {
					t.Fatal(err)
				}
			}
			call()
			clk.Add(tt.stillGood)
			call()
			if n := s.TokenRequests(); n != 1 {
				t.Errorf("after %v: token requests = %d, want 1", tt.stillGood, n)
			}
			clk.Add(tt.expired - tt.stillGood)
			call()
			if n := s.TokenRequests(); n != 2 {
				t.Errorf("after %v: token requests = %d, want 2", tt.expired, n)
			}
		})
	}
}

func TestUnauthorizedRenewsTheTokenOnce(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(*cdektest.Server)
		wantErr bool
		calls   int // requests to /location/cities
	}{
		{"tokens expired early", func(s *cdektest.Server) { s.ExpireTokens() }, false, 2},
		{"one 401", func(s *cdektest.Server) { s.FailNext(1, http.StatusUnauthorized) }, false, 2},
		{"two 401s", func(s *cdektest.Server) { s.FailNext(2, http.StatusUnauthorized) }, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeWithCities(t)
			c := cdek.New(s.Config())
			ctx := context.Background()
			if _, err := c.Cities(ctx, "KZ", "Алматы"); err != nil {
				t.Fatal(err)
			}
			tt.prepare(s)
			before := s.Requests("/location/cities")
			cities, err := c.Cities(ctx, "KZ", "Алматы")
			if tt.wantErr {
				var apiErr *cdek.APIError
				if !errors.As(err, &apiErr) || apiErr.HTTPStatus != http.StatusUnauthorized {
					t.Errorf("err = %v, want an APIError with HTTP 401", err)
				}
			} else if err != nil || len(cities) != 1 {
				t.Errorf("cities = %+v, err = %v", cities, err)
			}
			if n := s.TokenRequests(); n != 2 {
				t.Errorf("token requests = %d, want 2", n)
			}
			if n := s.Requests("/location/cities") - before; n != tt.calls {
				t.Errorf("city requests = %d, want %d", n, tt.calls)
			}
		})
	}
}

func TestWrongCredentialsDoNotLeakTheSecret(t *testing.T) {
	const secret = "s3cr3t-that-must-not-leak"
	s := cdektest.New(t)
	cfg := s.Config()
	cfg.ClientSecret = secret
	_, err := cdek.New(cfg).Cities(context.Background(), "KZ", "Алматы")
	if err == nil {
		t.Fatal("no error with a wrong secret")
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("error shows the secret: %v", err)
	}
	var apiErr *cdek.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != http.StatusUnauthorized {
		t.Errorf("err = %v, want an APIError with HTTP 401", err)
	}
	if s.Requests("/location/cities") != 0 {
		t.Error("an API call was made without a token")
	}

	// A server that echoes the secret back must not put it in our error.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":"invalid_client","error_description":"bad secret %s"}`, r.PostForm.Get("client_secret"))
	}))
	defer srv.Close()
	_, err = cdek.New(cdek.Config{BaseURL: srv.URL, ClientID: "id", ClientSecret: secret}).Cities(context.Background(), "KZ", "Алматы")
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("echoing server: err = %v", err)
	}
}

func TestServerErrorsAreNotRetried(t *testing.T) {
	for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusBadRequest} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			s := fakeWithCities(t)
			s.FailNext(1, status)
			_, err := cdek.New(s.Config()).Cities(context.Background(), "KZ", "Алматы")
			var apiErr *cdek.APIError
			if !errors.As(err, &apiErr) || apiErr.HTTPStatus != status {
				t.Fatalf("err = %v, want an APIError with HTTP %d", err, status)
			}
			if !strings.Contains(err.Error(), fmt.Sprint(status)) || len(apiErr.Errors) != 1 {
				t.Errorf("err = %v (errors %+v)", err, apiErr.Errors)
			}
			if n := s.Requests("/location/cities"); n != 1 {
				t.Errorf("requests = %d, want 1", n)
			}
		})
	}

	c := fixedAPI(t, reply(http.StatusBadGateway, "<html>bad gateway</html>"))
	_, err := c.DeliveryPoints(context.Background(), "KZ", almaty)
	var apiErr *cdek.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != http.StatusBadGateway || len(apiErr.Errors) != 0 {
		t.Errorf("HTML 502: err = %v", err)
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	tests := []struct {
		name string
		run  func(s *cdektest.Server) error
	}{
		{"http client timeout", func(s *cdektest.Server) error {
			cfg := s.Config()
			cfg.HTTP = &http.Client{Timeout: 100 * time.Millisecond}
			_, err := cdek.New(cfg).Cities(context.Background(), "KZ", "Алматы")
			return err
		}},
		{"ctx deadline", func(s *cdektest.Server) error {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			_, err := cdek.New(s.Config()).Cities(ctx, "KZ", "Алматы")
			if !errors.Is(err, context.DeadlineExceeded) {
				return fmt.Errorf("not a deadline: %w", err)
			}
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeWithCities(t)
			s.SetDelay(5 * time.Second)
			start := time.Now()
			err := tt.run(s)
			if err == nil {
				t.Fatal("no error from a slow server")
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("gave up after %v", took)
			}
		})
	}
}

func TestTariffs(t *testing.T) {
	s := fakeWithCities(t)
	want := []cdek.Tariff{
		{Code: 136, Name: "Посылка склад-склад", Mode: cdek.ModeOfficeOffice, Sum: 1850, PeriodMin: 2, PeriodMax: 3, CalendarMin: 2, CalendarMax: 4},
		{Code: 137, Name: "Посылка склад-дверь", Mode: cdek.ModeOfficeDoor, Sum: 2450.5, PeriodMin: 2, PeriodMax: 4, CalendarMin: 3, CalendarMax: 5},
		{Code: 9999, Name: "Новый тариф", Description: "unknown to us", Mode: cdek.ModeOfficeLocker, Sum: 990},
	}
	s.SetTariffs(almaty, astana, want...)
	c := cdek.New(s.Config())
	ctx := context.Background()

	got, err := c.Tariffs(ctx, cdek.TariffRequest{
		FromCityCode: almaty, ToCityCode: astana, Currency: cdek.CurrencyKZT,
		Packages: []cdek.Package{{WeightGrams: 1200, LengthCM: 30, WidthCM: 20, HeightCM: 10}, {WeightGrams: 300}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tariffs = %+v\nwant %+v", got, want)
	}
	body := s.LastTariffRequest()
	checks := map[string]any{
		"type": 1.0, "currency": 2.0, "lang": "rus",
		"from_location": map[string]any{"code": float64(almaty)},
		"to_location":   map[string]any{"code": float64(astana)},
		"packages": []any{
			map[string]any{"weight": 1200.0, "length": 30.0, "width": 20.0, "height": 10.0},
			map[string]any{"weight": 300.0},
		},
	}
	for k, v := range checks {
		if !reflect.DeepEqual(body[k], v) {
			t.Errorf("request %s = %#v, want %#v", k, body[k], v)
		}
	}

	// No currency means tenge.
	if _, err := c.Tariffs(ctx, cdek.TariffRequest{FromCityCode: almaty, ToCityCode: astana, Packages: []cdek.Package{{WeightGrams: 1}}}); err != nil {
		t.Fatal(err)
	}
	if cur := s.LastTariffRequest()["currency"]; cur != 2.0 {
		t.Errorf("default currency = %v, want 2", cur)
	}

	// A route CDEK does not serve gives no tariffs and no error.
	if got, err := c.Tariffs(ctx, cdek.TariffRequest{FromCityCode: astana, ToCityCode: 44, Packages: []cdek.Package{{WeightGrams: 1}}}); err != nil || got == nil || len(got) != 0 {
		t.Errorf("unserved route = %#v, %v", got, err)
	}
}

func TestTariffsRefusesBadRequestsWithoutCalling(t *testing.T) {
	tests := []struct {
		name string
		r    cdek.TariffRequest
	}{
		{"no packages", cdek.TariffRequest{FromCityCode: almaty, ToCityCode: astana}},
		{"no weight", cdek.TariffRequest{FromCityCode: almaty, ToCityCode: astana, Packages: []cdek.Package{{LengthCM: 10}}}},
		{"no city", cdek.TariffRequest{ToCityCode: astana, Packages: []cdek.Package{{WeightGrams: 100}}}},
	}
	s := fakeWithCities(t)
	c := cdek.New(s.Config())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := c.Tariffs(context.Background(), tt.r); err == nil {
				t.Error("no error")
			}
		})
	}
	if n := s.Requests("/calculator/tarifflist"); n != 0 {
		t.Errorf("tarifflist requests = %d, want 0", n)
	}
}

func TestTariffsErrorsInA200(t *testing.T) {
	c := fixedAPI(t, reply(http.StatusOK, `{"tariff_codes":[],"errors":[{"code":"v2_receiver_location_not_recognized","message":"Не удалось определить город получателя"}]}`))
	_, err := c.Tariffs(context.Background(), cdek.TariffRequest{FromCityCode: almaty, ToCityCode: 1, Packages: []cdek.Package{{WeightGrams: 100}}})
	var apiErr *cdek.APIError
	if !errors.As(err, &apiErr) || len(apiErr.Errors) != 1 || apiErr.Errors[0].Code != "v2_receiver_location_not_recognized" {
		t.Errorf("err = %v", err)
	}
}

func TestDeliveryPoints(t *testing.T) {
	tests := []struct {
		name     string
		points   int
		requests int
	}{
		{"none", 0, 1},
		{"a few", 3, 1},
		{"exactly one page", 1000, 2},
		{"three pages", 2500, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeWithCities(t)
			var want []cdek.Point
			for i := range tt.points {
				want = append(want, cdek.Point{
					Code: fmt.Sprintf("ALA%d", i), Name: fmt.Sprintf("Алматы, пункт %d", i), Type: "PVZ",
					Address: "ул. Абая, 1", FullAddress: "Казахстан, Алматы, ул. Абая, 1", WorkTime: "Пн-Пт 09:00-20:00",
					CityCode: almaty, City: "Алматы", Lat: 43.2, Lon: 76.9,
				})
			}
			s.SetPoints(almaty, want...)
			got, err := cdek.New(s.Config()).DeliveryPoints(context.Background(), "KZ", almaty)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Error("points = nil, want an empty slice")
			}
			if len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
				t.Errorf("got %d points, want %d (first %+v)", len(got), len(want), got[:min(1, len(got))])
			}
			if n := s.Requests("/deliverypoints"); n != tt.requests {
				t.Errorf("requests = %d, want %d", n, tt.requests)
			}
		})
	}
}

func TestDeliveryPointsStopsWhenPagingIsIgnored(t *testing.T) {
	var (
		mu    sync.Mutex
		calls int
		b     strings.Builder
	)
	b.WriteString("[")
	for i := range 1000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"code":"P%d","type":"PVZ"}`, i)
	}
	b.WriteString("]")
	full := b.String()
	c := fixedAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		calls++
		mu.Unlock()
		fmt.Fprint(w, full)
	})
	got, err := c.DeliveryPoints(context.Background(), "KZ", almaty)
	if err != nil || len(got) != 1000 {
		t.Errorf("got %d points, err %v; want 1000", len(got), err)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 2 {
		t.Errorf("calls = %d, want 2 (the second repeats the first)", calls)
	}
}

func TestReplyTooBig(t *testing.T) {
	huge := "[" + strings.Repeat(" ", 8<<20) + "]"
	c := fixedAPI(t, reply(http.StatusOK, huge))
	if _, err := c.DeliveryPoints(context.Background(), "KZ", almaty); err == nil {
		t.Error("no error for a reply over 8 MiB")
	}
}

func TestOrderByCDEKNumber(t *testing.T) {
	s := fakeWithCities(t)
	kz := time.FixedZone("Asia/Almaty", 5*3600)
	want := cdek.Order{
		UUID: "72753031-1f6b-4c2e-9d4a-0b5a7e8c2a11", CDEKNumber: "1106207236", Number: "LT-00042",
		Statuses: []cdek.Status{
			{Code: "ACCEPTED_AT_PICK_UP_POINT", Name: "Принят в пункте выдачи", City: "Астана", DateTime: time.Date(2026, 11, 22, 14, 5, 0, 0, kz)},
			{Code: "SENT_TO_RECIPIENT_CITY", Name: "Отправлен в г. получатель", City: "Алматы", DateTime: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)},
			{Code: "CREATED", Name: "Создан", City: "Алматы", DateTime: time.Date(2026, 11, 20, 10, 15, 0, 0, time.UTC)},
		},
	}
	s.AddOrder(want)
	got, err := cdek.New(s.Config()).OrderByCDEKNumber(context.Background(), "1106207236")
	if err != nil {
		t.Fatal(err)
	}
	if got.UUID != want.UUID || got.CDEKNumber != want.CDEKNumber || got.Number != want.Number || len(got.Statuses) != len(want.Statuses) {
		t.Fatalf("order = %+v", got)
	}
	for i, st := range got.Statuses {
		w := want.Statuses[i]
		if st.Code != w.Code || st.Name != w.Name || st.City != w.City || !st.DateTime.Equal(w.DateTime) {
			t.Errorf("status %d = %+v, want %+v", i, st, w)
		}
	}
}

func TestOrderStatusTimes(t *testing.T) {
	want := time.Date(2026, 11, 20, 10, 15, 0, 0, time.UTC)
	tests := []struct {
		name, sent string
		want       time.Time
	}{
		{"offset without colon", "2026-11-20T10:15:00+0000", want},
		{"other zone", "2026-11-20T15:15:00+0500", want},
		{"fraction", "2026-11-20T10:15:00.250+0000", want.Add(250 * time.Millisecond)},
		{"RFC 3339", "2026-11-20T15:15:00+05:00", want},
		{"RFC 3339 Z", "2026-11-20T10:15:00Z", want},
		{"empty", "", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fixedAPI(t, reply(http.StatusOK, `{"entity":{"uuid":"u1","cdek_number":1106207236,"number":"LT-1","unknown":{"x":1},
				"statuses":[{"code":"CREATED","name":"Создан","date_time":"`+tt.sent+`","city":"Алматы","reason_code":""}]},"requests":[]}`))
			o, err := c.OrderByCDEKNumber(context.Background(), "1106207236")
			if err != nil {
				t.Fatal(err)
			}
			if o.CDEKNumber != "1106207236" || len(o.Statuses) != 1 || !o.Statuses[0].DateTime.Equal(tt.want) {
				t.Errorf("order = %+v, want time %v", o, tt.want)
			}
		})
	}

	c := fixedAPI(t, reply(http.StatusOK, `{"entity":{"uuid":"u1","statuses":[{"code":"CREATED","date_time":"20.11.2026 10:15"}]}}`))
	if _, err := c.OrderByCDEKNumber(context.Background(), "1"); err == nil {
		t.Error("no error for an unreadable time")
	}
}

func TestOrderNotFound(t *testing.T) {
	notFoundBody := `{"requests":[{"type":"GET","state":"INVALID","errors":[{"code":"v2_entity_not_found","message":"Entity is not found by cdek_number 1"}]}],"related_entities":[]}`
	tests := []struct {
		name         string
		handler      http.HandlerFunc
		wantNotFound bool
		wantStatus   int // of an *APIError in the chain; 0 for none
	}{
		{"404 entity not found", reply(http.StatusNotFound, notFoundBody), true, 404},
		{"400 entity not found", reply(http.StatusBadRequest, notFoundBody), true, 400},
		{"200 without entity", reply(http.StatusOK, `{"requests":[{"state":"INVALID"}]}`), true, 0},
		{"404 from a proxy", reply(http.StatusNotFound, `<html>Not Found</html>`), false, 404},
		{"400 invalid number", reply(http.StatusBadRequest, `{"requests":[{"errors":[{"code":"v2_invalid_format","message":"bad"}]}]}`), false, 400},
		{"200 with other errors", reply(http.StatusOK, `{"requests":[{"errors":[{"code":"v2_internal_error"}]}]}`), false, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fixedAPI(t, tt.handler).OrderByCDEKNumber(context.Background(), "1")
			if err == nil {
				t.Fatal("no error")
			}
			if got := errors.Is(err, cdek.ErrNotFound); got != tt.wantNotFound {
				t.Errorf("errors.Is(%v, ErrNotFound) = %v", err, got)
			}
			var apiErr *cdek.APIError
			if got := errors.As(err, &apiErr); got != (tt.wantStatus != 0) || got && apiErr.HTTPStatus != tt.wantStatus {
				t.Errorf("APIError in %v: %v, want status %d", err, got, tt.wantStatus)
			}
		})
	}

	s := fakeWithCities(t)
	if _, err := cdek.New(s.Config()).OrderByCDEKNumber(context.Background(), "404404"); !errors.Is(err, cdek.ErrNotFound) {
		t.Errorf("fake: err = %v, want ErrNotFound", err)
	}
}

func TestConcurrentCallsShareOneToken(t *testing.T) {
	s := fakeWithCities(t)
	c := cdek.New(s.Config())
	ctx := context.Background()
	run := func() {
		t.Helper()
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for range 50 {
			wg.Go(func() {
				if _, err := c.Cities(ctx, "KZ", "Алматы"); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	}
	run()
	if n := s.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
	// Every caller sees a 401 at once; one of them renews for all.
	s.ExpireTokens()
	run()
	if n := s.TokenRequests(); n != 2 {
		t.Errorf("after expiry: token requests = %d, want 2", n)
	}
}

func TestCancelledWhileWaitingForTheToken(t *testing.T) {
	// The token endpoint hangs; a second caller must not wait past its ctx.
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		http.Error(w, "gone", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	defer close(release)
	c := cdek.New(cdek.Config{BaseURL: srv.URL, ClientID: "id", ClientSecret: "secret"})
	go c.Cities(context.Background(), "KZ", "Алматы") // holds the token fetch
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.Cities(ctx, "KZ", "Алматы"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a deadline", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("waited %v", took)
	}
}
