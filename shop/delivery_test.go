package shop

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestFreeDeliveryThreshold(t *testing.T) {
	p := DefaultProfile() // free to a pickup point from 20 000 ₸
	tariff := map[DeliveryMethod]Money{PickupPoint: 1500, Courier: 2500}
	tests := []struct {
		name   string
		method DeliveryMethod
		goods  Money
		price  Money
		free   bool
		more   Money
	}{
		{"pickup one tenge short", PickupPoint, 19999, 1500, false, 1},
		{"pickup exactly at the threshold", PickupPoint, 20000, 0, true, 0},
		{"pickup one tenge over", PickupPoint, 20001, 0, true, 0},
		{"courier one tenge short", Courier, 19999, 2500, false, 1},
		{"courier exactly at the threshold", Courier, 20000, 2500, false, 0},
		{"courier one tenge over", Courier, 20001, 2500, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := DeliveryQuote{Method: tc.method, Price: tariff[tc.method], Approximate: true}
			q := p.ApplyFreeDelivery(in, tc.goods)
			if q.Price != tc.price || q.Free != tc.free {
				t.Errorf("ApplyFreeDelivery(%s, %d) = price %d free %v; want %d %v", tc.method, tc.goods, q.Price, q.Free, tc.price, tc.free)
			}
			if q.Approximate == q.Free {
				t.Errorf("approximate = %v with free = %v; a free delivery is exact, a paid fallback is not", q.Approximate, q.Free)
			}
			if got := p.MoreForFreeDelivery(tc.goods); got != tc.more {
				t.Errorf("MoreForFreeDelivery(%d) = %d, want %d", tc.goods, got, tc.more)
			}
		})
	}
}

func TestExpressOpen(t *testing.T) {
	p := DefaultProfile() // express 10:00-22:00, Asia/Almaty
	if p.Location().String() != "Asia/Almaty" {
		t.Fatalf("store zone %s, want Asia/Almaty", p.Location())
	}
	utc := func(month time.Month, day, h, m int) time.Time {
		return time.Date(2026, month, day, h, m, 0, 0, time.UTC)
	}
	// Almaty has been UTC+5 since March 2024; a zoneinfo database older
	// than 2024a says UTC+6 and every expectation below would be an hour off.
	if _, off := utc(3, 31, 12, 0).In(p.Location()).Zone(); off != 5*3600 {
		t.Fatalf("Asia/Almaty is UTC%+d here, want UTC+5: outdated zoneinfo", off/3600)
	}
	tests := []struct {
		name  string
		now   time.Time // in UTC, as the machine clock gives it
		open  bool
		opens time.Time // zero when open
	}{
		{"09:59 Almaty, opens this morning", utc(3, 31, 4, 59), false, utc(3, 31, 5, 0)},
		{"10:00 Almaty, opening minute", utc(3, 31, 5, 0), true, time.Time{}},
		{"21:59 Almaty, last minute", utc(3, 31, 16, 59), true, time.Time{}},
		{"22:00 Almaty, closed until tomorrow", utc(3, 31, 17, 0), false, utc(4, 1, 5, 0)},
		{"23:59 Almaty, closed until tomorrow", utc(3, 31, 18, 59), false, utc(4, 1, 5, 0)},
		// 19:00 UTC on 31 March is already 1 April in Almaty: the
		// opening is that same Almaty day, not the day after it.
		{"00:00 Almaty, UTC still the day before", utc(3, 31, 19, 0), false, utc(4, 1, 5, 0)},
		{"04:00 Almaty, UTC still the day before", utc(3, 31, 23, 0), false, utc(4, 1, 5, 0)},
		{"new year's night in Almaty, still 31 December in UTC", utc(12, 31, 19, 30), false, time.Date(2027, 1, 1, 5, 0, 0, 0, time.UTC)},
		{"same instant given in store time", utc(3, 31, 18, 59).In(p.Location()), false, utc(4, 1, 5, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			open, opens, err := p.ExpressOpen(tc.now)
			if err != nil {
				t.Fatal(err)
			}
			if open != tc.open || !opens.Equal(tc.opens) {
				t.Errorf("ExpressOpen(%v) = %v, %v; want %v, %v", tc.now, open, opens, tc.open, tc.opens.In(p.Location()))
			}
			if !tc.open && opens.Location().String() != "Asia/Almaty" {
				t.Errorf("opening %v is in %s, want store time (Asia/Almaty)", opens, opens.Location())
			}
		})
	}

	// With 10:00-22:00 at UTC+5 reading the clock on the UTC date happens
	// to give the right answers; a window in the small hours of the Almaty
	// day does not forgive it.
	night := *p
	night.Express = Window{Opens: "01:00", Closes: "03:00"}
	nightTests := []struct {
		name  string
		now   time.Time
		open  bool
		opens time.Time
	}{
		{"02:00 Almaty, 21:00 UTC the day before", utc(3, 31, 21, 0), true, time.Time{}},
		{"03:30 Almaty, 22:30 UTC the day before", utc(3, 31, 22, 30), false, utc(4, 1, 20, 0)},
		{"00:30 Almaty, 19:30 UTC the day before", utc(3, 31, 19, 30), false, utc(3, 31, 20, 0)},
		{"05:00 Almaty, midnight UTC", utc(4, 1, 0, 0), false, utc(4, 1, 20, 0)},
	}
	for _, tc := range nightTests {
		t.Run("night window "+tc.name, func(t *testing.T) {
			open, opens, err := night.ExpressOpen(tc.now)
			if err != nil {
				t.Fatal(err)
			}
			if open != tc.open || !opens.Equal(tc.opens) {
				t.Errorf("ExpressOpen(%v) = %v, %v; want %v, %v", tc.now, open, opens, tc.open, tc.opens.In(p.Location()))
			}
		})
	}

	broken := []struct {
		name string
		w    Window
	}{
		{"opens after closes", Window{Opens: "22:00", Closes: "10:00"}},
		{"opens when it closes", Window{Opens: "10:00", Closes: "10:00"}},
		{"not a time", Window{Opens: "10am", Closes: "22:00"}},
	}
	for _, tc := range broken {
		t.Run("broken window "+tc.name, func(t *testing.T) {
			bp := *p
			bp.Express = tc.w
			open, opens, err := bp.ExpressOpen(utc(3, 31, 8, 0))
			if err == nil {
				t.Fatalf("ExpressOpen with window %+v = %v, %v; want an error", tc.w, open, opens)
			}
			if open || !opens.IsZero() {
				t.Errorf("with an error got open %v, opens %v; want false, zero", open, opens)
			}
			if !strings.Contains(err.Error(), "express hours") {
				t.Errorf("error %q does not name the express hours", err)
			}
		})
	}
}

// Points in Astana, nearest first from the query point in TestNearest.
var astanaPoints = []DeliveryPoint{
	{Code: "AST1", Name: "Байтерек", Address: "Нұржол бульвары, 14", Lat: 51.1283, Lon: 71.4305},
	{Code: "AST2", Name: "Хан Шатыр", Address: "Тұран даңғылы, 37", Lat: 51.1326, Lon: 71.4036},
	{Code: "AST3", Name: "Вокзал Нұрлы Жол", Address: "Қорғалжын тас жолы, 1", Lat: 51.1122, Lon: 71.5311},
	{Code: "AST4", Name: "Старый вокзал", Address: "Станционная көшесі, 1", Lat: 51.1975, Lon: 71.4098},
	{Code: "AST5", Name: "Аэропорт", Address: "Аэропорт", Lat: 51.0222, Lon: 71.4669},
}

func TestNearest(t *testing.T) {
	const lat, lon = 51.1283, 71.4305 // at AST1
	codes := func(nps []NearPoint) []string {
		var cs []string
		for _, np := range nps {
			cs = append(cs, np.Code)
		}
		return cs
	}
	// A point and its twin at the same place: a tie keeps input order.
	twin := astanaPoints[1]
	twin.Code = "AST2-twin"
	withTwin := []DeliveryPoint{astanaPoints[3], astanaPoints[1], twin, astanaPoints[0]}
	twinFirst := []DeliveryPoint{astanaPoints[3], twin, astanaPoints[1], astanaPoints[0]}
	reversed := slices.Clone(astanaPoints)
	slices.Reverse(reversed)

	tests := []struct {
		name   string
		points []DeliveryPoint
		n      int
		want   []string
	}{
		{"three closest", astanaPoints, 3, []string{"AST1", "AST2", "AST3"}},
		{"three closest, input reversed", reversed, 3, []string{"AST1", "AST2", "AST3"}},
		{"one", reversed, 1, []string{"AST1"}},
		{"more than there are", reversed, 10, []string{"AST1", "AST2", "AST3", "AST4", "AST5"}},
		{"exactly as many as there are", reversed, 5, []string{"AST1", "AST2", "AST3", "AST4", "AST5"}},
		{"zero", astanaPoints, 0, nil},
		{"negative", astanaPoints, -1, nil},
		{"no points", nil, 3, []string{}},
		{"tie keeps input order", withTwin, 3, []string{"AST1", "AST2", "AST2-twin"}},
		{"tie keeps input order, swapped", twinFirst, 3, []string{"AST1", "AST2-twin", "AST2"}},
		{"tie at the cut keeps the earlier", withTwin, 2, []string{"AST1", "AST2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Nearest(tc.points, lat, lon, tc.n)
			if tc.want == nil {
				if got != nil {
					t.Fatalf("Nearest(n=%d) = %v, want nil", tc.n, codes(got))
				}
				return
			}
			if len(got) != len(tc.want) || !slices.Equal(codes(got), tc.want) {
				t.Fatalf("Nearest(n=%d) = %v, want %v", tc.n, codes(got), tc.want)
			}
			for i, np := range got {
				if want := Distance(lat, lon, np.Lat, np.Lon); np.Meters != want {
					t.Errorf("%s: Meters = %f, want %f", np.Code, np.Meters, want)
				}
				if i > 0 && np.Meters < got[i-1].Meters {
					t.Errorf("%s (%.0f m) after %s (%.0f m): not nearest first", np.Code, np.Meters, got[i-1].Code, got[i-1].Meters)
				}
			}
		})
	}
	if got := Nearest(astanaPoints, lat, lon, 3); got[0].Meters != 0 || got[0].DeliveryPoint != astanaPoints[0] {
		t.Errorf("the point at the query is %+v, want AST1 at 0 m", got[0])
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tolerance        float64 // metres
	}{
		{"Astana to Almaty", 51.1694, 71.4491, 43.2389, 76.8897, 970_000, 15_000},
		{"Almaty to Astana", 43.2389, 76.8897, 51.1694, 71.4491, 970_000, 15_000},
		{"same point", 51.1694, 71.4491, 51.1694, 71.4491, 0, 0},
		{"one degree of latitude", 51, 71, 52, 71, 111_195, 10},
		{"across the antimeridian", 0, 179.5, 0, -179.5, 111_195, 10},
		{"antipodes", 0, 0, 0, 180, math.Pi * 6_371_000, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Distance(tc.lat1, tc.lon1, tc.lat2, tc.lon2)
			if math.IsNaN(got) || math.Abs(got-tc.want) > tc.tolerance {
				t.Errorf("Distance = %.0f m, want %.0f ± %.0f m", got, tc.want, tc.tolerance)
			}
		})
	}
}

func TestSearchPoints(t *testing.T) {
	points := []DeliveryPoint{
		{Code: "AST101", Name: "Пункт выдачи на Мәңгілік Ел", Address: "Мәңгілік Ел даңғылы, 20"},
		{Code: "AST202", Name: "Постамат Ұлы Дала", Address: "Ұлы Дала даңғылы, 54", Locker: true},
		{Code: "AST303", Name: "ПВЗ Кенесары", Address: "ул. Кенесары, 40"},
		{Code: "AST404", Name: "Мега Silk Way", Address: "Қабанбай батыр даңғылы, 62"},
	}
	tests := []struct {
		name  string
		query string
		want  []string // codes
	}{
		{"kazakh words in lower case", "мәңгілік ел", []string{"AST101"}},
		{"kazakh words in upper case", "МӘҢГІЛІК ЕЛ 20", []string{"AST101"}},
		{"words in any order, extra spaces", "  20   ел  мәңгілік ", []string{"AST101"}},
		{"by name", "постамат", []string{"AST202"}},
		{"word from the name and from the address", "пвз кенесары 40", []string{"AST303"}},
		{"by code, any case", "ast404", []string{"AST404"}},
		{"latin name", "SILK way", []string{"AST404"}},
		{"a word found in several", "даңғылы", []string{"AST101", "AST202", "AST404"}},
		{"every word must match", "мәңгілік кенесары", nil},
		{"no match", "абай", nil},
		{"empty query", "", nil},
		{"blank query", "  \t ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SearchPoints(points, tc.query)
			if tc.want == nil {
				if got != nil {
					t.Fatalf("SearchPoints(%q) = %v, want nil", tc.query, got)
				}
				return
			}
			var codes []string
			for _, p := range got {
				codes = append(codes, p.Code)
			}
			if !slices.Equal(codes, tc.want) {
				t.Errorf("SearchPoints(%q) = %v, want %v", tc.query, codes, tc.want)
			}
		})
	}
	if got := SearchPoints(nil, "мәңгілік"); got != nil {
		t.Errorf("SearchPoints of no points = %v, want nil", got)
	}
}

func TestExpressShortage(t *testing.T) {
	product := Product{SKU: "LT-101", Name: Localized{KK: "Көйлек", RU: "Платье"}, Price: 12000}
	inAstana := Variant{ID: "LT-101-M", Size: "M", Retail: map[string]int{"astana": 2}}
	noRetail := Variant{ID: "LT-101-S", Size: "S"}
	line := func(v Variant, qty int) CartLine {
		return CartLine{Product: product, Variant: v, Qty: qty, Sum: product.Price * Money(qty)}
	}
	tests := []struct {
		name  string
		lines []CartLine
		city  string
		short []string // variant ids
	}{
		{"one of two in stock", []CartLine{line(inAstana, 1)}, "astana", nil},
		{"all the shop has", []CartLine{line(inAstana, 2)}, "astana", nil},
		{"one more than the shop has", []CartLine{line(inAstana, 3)}, "astana", []string{"LT-101-M"}},
		{"variant not in any retail shop", []CartLine{line(noRetail, 1)}, "astana", []string{"LT-101-S"}},
		{"another city", []CartLine{line(inAstana, 1)}, "almaty", []string{"LT-101-M"}},
		{"unknown city", []CartLine{line(inAstana, 1)}, "", []string{"LT-101-M"}},
		{"only the short line is listed", []CartLine{line(inAstana, 2), line(noRetail, 1)}, "astana", []string{"LT-101-S"}},
		{"empty cart", nil, "astana", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ExpressShortage(tc.lines, tc.city)
			var ids []string
			for _, l := range got {
				ids = append(ids, l.Variant.ID)
			}
			if !slices.Equal(ids, tc.short) {
				t.Errorf("ExpressShortage(%s) = %v, want %v", tc.city, ids, tc.short)
			}
			if tc.short == nil && len(got) != 0 {
				t.Errorf("express possible, but the shortage is %v", got)
			}
		})
	}
}

func TestProfileRetailShopValidation(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // a replacement in the built-in profile
		want     string // in the error; empty: the profile is valid
	}{
		{"built-in profile", "", "", ""},
		{"retail shop without coordinates", "      lat: 51.122683\n      lon: 71.411627\n", "", "city astana retail_shop: lat and lon are required"},
		{"retail shop latitude out of range", "lat: 51.122683", "lat: 151.122683", "city astana retail_shop: lat and lon are required"},
		{"retail shop longitude out of range", "lon: 71.411627", "lon: -200", "city astana retail_shop: lat and lon are required"},
		{"retail shop without phone", "      phone: \"+77773366100\"\n", "", "city astana retail_shop phone is required"},
		{"retail shop with a blank phone", "phone: \"+77773366100\"", "phone: \"  \"", "city astana retail_shop phone is required"},
		{"retail shop without a kazakh address", "        kk: Астана қаласы, Ұлы Дала даңғылы, 54\n", "", "city astana retail_shop address"},
		{"parcel with a zero side", "width_cm: 25", "width_cm: 0", "parcel: length_cm, width_cm and height_cm must be positive"},
		{"parcel with a negative side", "height_cm: 10", "height_cm: -10", "parcel: length_cm, width_cm and height_cm must be positive"},
		{"parcel missing", "parcel: {length_cm: 30, width_cm: 25, height_cm: 10}\n", "", "parcel: length_cm, width_cm and height_cm must be positive"},
		{"cdek tariffs for express", "  courier: [137, 233, 482]\n", "  courier: [137, 233, 482]\n  express: [1]\n", `cdek_tariffs: "express" is not a CDEK method`},
		{"cdek tariffs for a made-up method", "  courier: [137, 233, 482]\n", "  courier: [137, 233, 482]\n  drone: [1]\n", `cdek_tariffs: "drone" is not a CDEK method`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := string(defaultProfile) // a copy: the embedded bytes stay as built
			if tc.old != "" {
				if !strings.Contains(src, tc.old) {
					t.Fatalf("the built-in profile has no %q to replace", tc.old)
				}
				src = strings.Replace(src, tc.old, tc.new, 1)
			}
			p, err := ParseProfile([]byte(src))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("ParseProfile: %v", err)
				}
				if sh := p.Cities[0].RetailShop; sh == nil || sh.Phone == "" || sh.Lat == 0 || sh.Lon == 0 {
					t.Errorf("astana retail shop = %+v", sh)
				}
				return
			}
			if err == nil {
				t.Fatalf("profile accepted, want an error with %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("no %q in:\n%v", tc.want, err)
			}
		})
	}
}

func BenchmarkNearest(b *testing.B) {
	const lat, lon = 51.1283, 71.4305 // central Astana
	// About 20 km by 20 km: 0.09° of latitude is 10 km, and at 51° north
	// 0.143° of longitude is 10 km.
	const dLat, dLon = 0.09, 0.143
	r := rand.New(rand.NewPCG(2026, 11))
	spread := func() (float64, float64) {
		return lat + dLat*(2*r.Float64()-1), lon + dLon*(2*r.Float64()-1)
	}
	points := make([]DeliveryPoint, 2000)
	for i := range points {
		points[i].Lat, points[i].Lon = spread()
	}
	queries := make([][2]float64, 1024)
	for i := range queries {
		queries[i][0], queries[i][1] = spread()
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		if got := Nearest(points, q[0], q[1], 3); len(got) != 3 {
			b.Fatalf("Nearest returned %d points", len(got))
		}
	}
}

// TestPayBy: an unpaid order expires counted from when it became payable,
// so the time an express request waited for its price is not taken from
// the time to pay.
func TestPayBy(t *testing.T) {
	created := time.Date(2026, 12, 4, 22, 30, 0, 0, time.UTC)
	cases := []struct {
		name    string
		payable time.Time
		want    time.Time
	}{
		{"payable from the start", time.Time{}, created.Add(48 * time.Hour)},
		{"accepted the next morning", created.Add(12 * time.Hour), created.Add(60 * time.Hour)},
		{"a time before the order is ignored", created.Add(-time.Hour), created.Add(48 * time.Hour)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := Order{CreatedAt: created, PayableAt: c.payable}
			if got := o.PayBy(48 * time.Hour); !got.Equal(c.want) {
				t.Errorf("PayBy = %v, want %v", got, c.want)
			}
		})
	}
}
