package cdektest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lete-store/letebot/delivery/cdek"
)

// The client's tests cover the happy paths; here, what the fake refuses,
// spoken to over raw HTTP as a careless client would.

func token(t *testing.T, s *Server) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret}}
	resp, err := http.PostForm(s.URL+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var reply struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&reply); err != nil || reply.AccessToken == "" || reply.ExpiresIn != 3599 {
		t.Fatalf("token reply %+v, %v", reply, err)
	}
	return reply.AccessToken
}

// do sends a request and returns the status and the first error code.
func do(t *testing.T, method, u, bearer, body string) (int, string, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	json.NewDecoder(resp.Body).Decode(&raw)
	var e struct {
		Errors []struct{ Code string } `json:"errors"`
		Error  string                  `json:"error"`
	}
	json.Unmarshal(raw, &e)
	code := e.Error
	if len(e.Errors) > 0 {
		code = e.Errors[0].Code
	}
	return resp.StatusCode, code, raw
}

func TestFakeRefuses(t *testing.T) {
	s := New(t)
	tok := token(t, s)
	creds := url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret}}
	tests := []struct {
		name, method, path, bearer, body string
		status                           int
		code                             string
	}{
		{"credentials in the URL", "POST", "/oauth/token?" + creds.Encode(), "", "", 400, "unsupported_grant_type"},
		{"no bearer", "GET", "/location/cities?city=x", "", "", 401, "v2_unauthorized"},
		{"unknown bearer", "GET", "/location/cities?city=x", "made-up", "", 401, "v2_unauthorized"},
		{"no currency", "POST", "/calculator/tarifflist", tok, `{"from_location":{"code":1},"to_location":{"code":2},"packages":[{"weight":100}]}`, 400, "v2_field_is_empty"},
		{"no weight", "POST", "/calculator/tarifflist", tok, `{"currency":2,"from_location":{"code":1},"to_location":{"code":2},"packages":[{"length":10}]}`, 400, "v2_field_is_empty"},
		{"no packages", "POST", "/calculator/tarifflist", tok, `{"currency":2,"from_location":{"code":1},"to_location":{"code":2}}`, 400, "v2_field_is_empty"},
		{"unknown order", "GET", "/orders?cdek_number=1", tok, "", 404, ""},
		{"unknown path", "GET", "/webhooks", tok, "", 404, "v2_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, code, raw := do(t, tt.method, s.URL+tt.path, tt.bearer, tt.body)
			if status != tt.status || code != tt.code {
				t.Errorf("%d %q, want %d %q: %s", status, code, tt.status, tt.code, raw)
			}
		})
	}

	s.ExpireTokens()
	if status, code, _ := do(t, "GET", s.URL+"/location/cities?city=x", tok, ""); status != 401 || code != "v2_token_expired" {
		t.Errorf("expired token: %d %q", status, code)
	}
}

func TestFakePagesAndFilters(t *testing.T) {
	s := New(t)
	s.SetPoints(1, cdek.Point{Code: "A", Type: "PVZ"}, cdek.Point{Code: "B", Type: "POSTAMAT"}, cdek.Point{Code: "C", Type: "PVZ"})
	s.FailNext(1, http.StatusServiceUnavailable)
	tok := token(t, s) // FailNext leaves /oauth/token alone
	if status, code, _ := do(t, "GET", s.URL+"/deliverypoints?city_code=1", tok, ""); status != 503 || code != "v2_internal_error" {
		t.Errorf("injected failure: %d %q", status, code)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"city_code=1", []string{"A", "B", "C"}},
		{"city_code=1&type=ALL&size=2&page=0", []string{"A", "B"}},
		{"city_code=1&type=ALL&size=2&page=1", []string{"C"}},
		{"city_code=1&type=ALL&size=2&page=2", []string{}},
		{"city_code=1&type=POSTAMAT", []string{"B"}},
		{"city_code=2", []string{}},
	}
	for _, tt := range tests {
		status, _, raw := do(t, "GET", s.URL+"/deliverypoints?"+tt.query, tok, "")
		var points []struct{ Code string }
		json.Unmarshal(raw, &points)
		got := []string{}
		for _, p := range points {
			got = append(got, p.Code)
		}
		if status != 200 || strings.Join(got, ",") != strings.Join(tt.want, ",") || points == nil {
			t.Errorf("%s: %d %s, want %v", tt.query, status, raw, tt.want)
		}
	}
	if n := s.Requests("/deliverypoints"); n != len(tests)+1 {
		t.Errorf("Requests = %d, want %d", n, len(tests)+1)
	}
}
