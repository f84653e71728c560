package shop

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // the store's zone must resolve on machines without a zoneinfo database

	"gopkg.in/yaml.v3"

	"github.com/lete-store/letebot/shop/latin"
)

//go:embed lete.yaml
var defaultProfile []byte

// Profile is the store's facts and rules: contacts, legal details and every
// number a rule depends on. The Lete profile is built in; STORE_PROFILE
// points at another YAML file of the same shape.
type Profile struct {
	Name      string    `yaml:"name"`
	Site      string    `yaml:"site"`
	Instagram string    `yaml:"instagram"`
	Email     string    `yaml:"email"`
	WhatsApp  string    `yaml:"whatsapp"` // E.164; also the payments phone
	Phones    []string  `yaml:"phones"`
	Seller    Localized `yaml:"seller"`
	BIN       string    `yaml:"bin"`
	Address   Localized `yaml:"address"`
	Bank      struct {
		Name    string `yaml:"name"`
		BIC     string `yaml:"bic"`
		Account string `yaml:"account"`
	} `yaml:"bank"`

	TimeZone         string `yaml:"time_zone"`
	FreeDeliveryFrom Money  `yaml:"free_delivery_from"`
	Express          Window `yaml:"express"`
	// StaffHours is when staff answer customers who ask for a person; the
	// express window when not given.
	StaffHours Window `yaml:"staff_hours"`
	// ReturnDropOff says how returned goods come back to the store (the
	// CDEK drop-off); it goes on the application and to the customer.
	ReturnDropOff Localized `yaml:"return_dropoff"`
	Refund        struct {
		WithdrawDays       int `yaml:"withdraw_days"`
		RefundWorkingDays  int `yaml:"refund_working_days"`
		RefundCalendarDays int `yaml:"refund_calendar_days"`
	} `yaml:"refund"`

	ShippingCity       string `yaml:"shipping_city"`
	Cities             []City `yaml:"cities"`
	DefaultWeightGrams int    `yaml:"default_weight_grams"`
	// Parcel is the box a cart is priced in, when the catalog has no sizes.
	Parcel          Parcel                            `yaml:"parcel"`
	FallbackTariffs map[DeliveryMethod]FallbackTariff `yaml:"fallback_tariffs"`
	// PickupStorageDays is how long CDEK keeps a parcel at the pickup point
	// under the store's contract; the customer is told the last day.
	PickupStorageDays int `yaml:"pickup_storage_days"`
	// CDEKTariffs are the tariff codes offered per method; the cheapest
	// the route allows is shown. Empty: every tariff of the method's
	// delivery modes.
	CDEKTariffs map[DeliveryMethod][]int `yaml:"cdek_tariffs"`

	location *time.Location
}

// City is a city the store offers at checkout with a button.
type City struct {
	ID   string    `yaml:"id"`
	Name Localized `yaml:"name"`
	// Aliases are other names customers type for the city: a former name
	// (Нур-Султан), an old spelling (Алма-Ата), a common misspelling.
	Aliases []string `yaml:"aliases"`
	// CDEKCode is the carrier's city code; zero: looked up by name.
	CDEKCode int `yaml:"cdek_code"`
	// RetailShop is the store's shop in the city: express delivery is
	// possible only where there is one.
	RetailShop *RetailShop `yaml:"retail_shop"`
}

// RetailShop is where an express courier collects the goods.
type RetailShop struct {
	Address Localized `yaml:"address"`
	Lat     float64   `yaml:"lat"`
	Lon     float64   `yaml:"lon"`
	Phone   string    `yaml:"phone"` // E.164, for the courier
}

// Parcel is a box's size in centimetres.
type Parcel struct {
	LengthCM int `yaml:"length_cm"`
	WidthCM  int `yaml:"width_cm"`
	HeightCM int `yaml:"height_cm"`
}

// FallbackTariff is the delivery price shown when no carrier answers.
type FallbackTariff struct {
	Price   Money `yaml:"price"`
	MinDays int   `yaml:"min_days"`
	MaxDays int   `yaml:"max_days"`
}

// DefaultProfile returns the built-in Lete store profile.
func DefaultProfile() *Profile {
	p, err := ParseProfile(defaultProfile)
	if err != nil {
		panic("built-in store profile: " + err.Error()) // a broken build, caught by tests
	}
	return p
}

// LoadProfile reads a profile from a YAML file.
func LoadProfile(path string) (*Profile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read store profile: %w", err)
	}
	p, err := ParseProfile(b)
	if err != nil {
		return nil, fmt.Errorf("store profile %s: %w", path, err)
	}
	return p, nil
}

// ParseProfile decodes and validates a YAML profile.
func ParseProfile(b []byte) (*Profile, error) {
	var p Profile
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

func (p *Profile) validate() error {
	var errs []error
	req := func(name, v string) {
		if strings.TrimSpace(v) == "" {
			errs = append(errs, fmt.Errorf("%s is required", name))
		}
	}
	req("name", p.Name)
	req("email", p.Email)
	req("whatsapp", p.WhatsApp)
	req("time_zone", p.TimeZone)
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		errs = append(errs, fmt.Errorf("time_zone: %w", err))
	}
	p.location = loc
	if p.FreeDeliveryFrom <= 0 {
		errs = append(errs, errors.New("free_delivery_from must be positive"))
	}
	if p.StaffHours.Opens == "" && p.StaffHours.Closes == "" {
		p.StaffHours = p.Express // staff hours default to the express window
	}
	if _, _, err := p.StaffAnswer(time.Now()); err != nil && p.StaffHours != p.Express {
		errs = append(errs, err) // the express window's own error is reported below
	}
	if _, err := p.ExpressHours(); err != nil {
		errs = append(errs, err)
	}
	for _, m := range []DeliveryMethod{PickupPoint, Courier} {
		if _, ok := p.FallbackTariffs[m]; !ok {
			errs = append(errs, fmt.Errorf("fallback_tariffs.%s is required", m))
		}
	}
	if p.DefaultWeightGrams <= 0 {
		errs = append(errs, errors.New("default_weight_grams must be positive"))
	}
	if p.PickupStorageDays < 0 || p.PickupStorageDays > 60 {
		errs = append(errs, errors.New("pickup_storage_days must be 0 (not told) to 60"))
	}
	if p.Parcel.LengthCM <= 0 || p.Parcel.WidthCM <= 0 || p.Parcel.HeightCM <= 0 {
		errs = append(errs, errors.New("parcel: length_cm, width_cm and height_cm must be positive"))
	}
	for m := range p.CDEKTariffs {
		if m != PickupPoint && m != Courier {
			errs = append(errs, fmt.Errorf("cdek_tariffs: %q is not a CDEK method (pickup, courier)", m))
		}
	}
	if len(p.Cities) == 0 {
		errs = append(errs, errors.New("cities: at least one is required"))
	}
	for _, c := range p.Cities {
		if c.ID == "" {
			errs = append(errs, errors.New("cities: a city has no id"))
		}
		if err := c.Name.validate("city " + c.ID + " name"); err != nil {
			errs = append(errs, err)
		}
		for _, a := range c.Aliases {
			if CityName(a) == "" {
				errs = append(errs, fmt.Errorf("city %s: an alias %q names no city", c.ID, a))
			}
		}
		if sh := c.RetailShop; sh != nil {
			if err := sh.Address.validate("city " + c.ID + " retail_shop address"); err != nil {
				errs = append(errs, err)
			}
			if sh.Lat < -90 || sh.Lat > 90 || sh.Lon < -180 || sh.Lon > 180 || sh.Lat == 0 || sh.Lon == 0 {
				errs = append(errs, fmt.Errorf("city %s retail_shop: lat and lon are required", c.ID))
			}
			req("city "+c.ID+" retail_shop phone", sh.Phone)
		}
	}
	return errors.Join(errs...)
}

// Location is the store's time zone.
func (p *Profile) Location() *time.Location { return p.location }

// City finds a profile city by id, by its name in either language or by
// an alias, ignoring case, ё for е and the words for city around it, so a
// typed "алматы", "г. Алматы", "Алматы қаласы" or "алма-ата" is the Almaty
// button; a name in Latin letters is read as Cyrillic too ("Karagandy").
func (p *Profile) City(s string) (City, bool) {
	if c, ok := p.city(s); ok {
		return c, true
	}
	if latin.Typed(s) {
		return p.city(latin.Cyrillic(CityName(s))) // "Karagandy", "Nur-Sultan city"
	}
	return City{}, false
}

func (p *Profile) city(s string) (City, bool) {
	if s = CityName(s); s == "" {
		return City{}, false
	}
	if c, ok := p.named(s, sameCity); ok {
		return c, true
	}
	// "в Астану", "Астанаға", "в Караганду": a name in a case of its
	// sentence, where nothing else matched.
	for _, prep := range []string{"в ", "во ", "до ", "на "} {
		if len(s) > len(prep) && strings.EqualFold(s[:len(prep)], prep) {
			s = CityName(s[len(prep):])
			if c, ok := p.named(s, sameCity); ok {
				return c, true // "в Шымкент", "в Нур-Султан"
			}
			break
		}
	}
	return p.named(s, cityInCase)
}

// named is the profile's city whose id, name or alias is s by same.
func (p *Profile) named(s string, same func(name, typed string) bool) (City, bool) {
	for _, c := range p.Cities {
		if strings.EqualFold(c.ID, s) || same(c.Name.KK, s) || same(c.Name.RU, s) {
			return c, true
		}
		for _, a := range c.Aliases {
			if same(a, s) {
				return c, true
			}
		}
	}
	return City{}, false
}

// cityInCase reports whether typed is the city name in another case: a
// Kazakh ending added ("Астанаға", "Алматыда", "Шымкентке") or a Russian
// one in place of the last vowel ("Астану", "Караганде") or after the last
// consonant ("Шымкента").
func cityInCase(name, typed string) bool {
	n := []rune(strings.ToLower(CityName(name)))
	t := []rune(strings.ToLower(typed))
	if len(n) < 4 {
		return false
	}
	last := n[len(n)-1]
	if len(t) > len(n) && len(t)-len(n) <= 3 && string(t[:len(n)]) == string(n) {
		end := string(t[len(n):])
		return slices.Contains(kazakhCaseEndings, end) || !strings.ContainsRune("аеёиоуыэюяәіөүұ", last) && slices.Contains(russianCaseEndings, end)
	}
	return len(t) == len(n) && (last == 'а' || last == 'ы') && string(t[:len(n)-1]) == string(n[:len(n)-1]) &&
		strings.ContainsRune("уеы", t[len(t)-1])
}

// russianCaseEndings are what a name ending in a consonant takes in a
// Russian sentence: "до Шымкента", "в Шымкенте".
var russianCaseEndings = []string{"а", "у", "е", "ом"}

// kazakhCaseEndings are the dative, locative, ablative and accusative
// endings a city takes in a sentence, as typed with or without Kazakh
// letters.
var kazakhCaseEndings = []string{"ға", "ге", "қа", "ке", "га", "ка", "да", "де", "та", "те", "дан", "ден", "тан", "тен", "нан", "нен", "ны", "ні", "ни"}

func sameCity(name, typed string) bool {
	return strings.EqualFold(CityName(name), typed)
}

// CityName is a typed city's name without the words for city around it
// ("г. Астана", "город Астана", "Астана қаласы", "Astana city"), its spaces collapsed,
// ё as е.
func CityName(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(strings.ReplaceAll(s, "ё", "е"), "Ё", "Е")), " ")
	for _, p := range []string{"город ", "гор. ", "гор.", "г. ", "г.", "г "} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	for _, suffix := range []string{" қаласы", " каласы", " қ.", " қ", " city"} {
		if n := len(s) - len(suffix); n >= 0 && strings.EqualFold(s[n:], suffix) {
			s = strings.TrimSpace(s[:n])
			break
		}
	}
	return s
}

// Window is a daily time range in store time, "10:00" to "22:00".
type Window struct {
	Opens  string `yaml:"opens"`
	Closes string `yaml:"closes"`
}

// ExpressWindow is the daily time range when express requests are taken.
type ExpressWindow struct{ Opens, Closes time.Duration }

// ExpressHours parses the express window from the profile.
func (p *Profile) ExpressHours() (ExpressWindow, error) {
	o, c, err := p.Express.parse()
	if err != nil {
		return ExpressWindow{}, fmt.Errorf("express hours: %w", err)
	}
	return ExpressWindow{Opens: o, Closes: c}, nil
}

// ExpressOpen reports whether express requests are taken at now and, when
// they are not, when they are next (in store time).
func (p *Profile) ExpressOpen(now time.Time) (open bool, opens time.Time, err error) {
	open, opens, err = p.Express.at(now, p.Location())
	if err != nil {
		return false, time.Time{}, fmt.Errorf("express hours: %w", err)
	}
	return open, opens, nil
}

// StaffAnswer reports whether staff are at work at now and, when they are
// not, when they start again (in store time).
func (p *Profile) StaffAnswer(now time.Time) (working bool, opens time.Time, err error) {
	working, opens, err = p.StaffHours.at(now, p.Location())
	if err != nil {
		return false, time.Time{}, fmt.Errorf("staff hours: %w", err)
	}
	return working, opens, nil
}

// StaffOpening is when staff hours begin on now's day (store time).
func (p *Profile) StaffOpening(now time.Time) time.Time {
	o, err := clockTime(p.StaffHours.Opens)
	if err != nil {
		return time.Time{}
	}
	local := now.In(p.Location())
	return time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, p.Location()).Add(o)
}

func (w Window) parse() (opens, closes time.Duration, err error) {
	o, err1 := clockTime(w.Opens)
	c, err2 := clockTime(w.Closes)
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, err
	}
	if o >= c {
		return 0, 0, errors.New("opens must be before closes")
	}
	return o, c, nil
}

// at reports whether now (read in loc) is inside the window: opens
// inclusive, closes exclusive. Outside it, opens is the next opening.
func (w Window) at(now time.Time, loc *time.Location) (open bool, opens time.Time, err error) {
	o, c, err := w.parse()
	if err != nil {
		return false, time.Time{}, err
	}
	if loc == nil {
		loc = time.UTC
	}
	local := now.In(loc)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	switch since := local.Sub(midnight); {
	case since < o:
		return false, midnight.Add(o), nil
	case since < c:
		return true, time.Time{}, nil
	default:
		return false, midnight.AddDate(0, 0, 1).Add(o), nil
	}
}

func clockTime(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}
