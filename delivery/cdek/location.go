package cdek

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// City is a CDEK locality. Code is what from/to locations and pickup point
// lookups take.
type City struct {
	Code        int
	Name        string // from SuggestCities, CDEK's full_name ("Алматы, Казахстан")
	CountryCode string // ISO-2, "KZ"
	Region      string
	Lat, Lon    float64
}

type cityReply struct {
	Code        int     `json:"code"`
	City        string  `json:"city"`
	FullName    string  `json:"full_name"`
	CountryCode string  `json:"country_code"`
	Region      string  `json:"region"`
	Latitude    float64 `json:"latitude"`
	Longitude   float64 `json:"longitude"`
}

func (r cityReply) city() City {
	name := r.City
	if name == "" {
		name = r.FullName
	}
	return City{Code: r.Code, Name: name, CountryCode: r.CountryCode, Region: r.Region, Lat: r.Latitude, Lon: r.Longitude}
}

// Cities finds localities named name in country ("KZ"; "" means any),
// at most 10.
func (c *Client) Cities(ctx context.Context, country, name string) ([]City, error) {
	if name == "" {
		return nil, errors.New("cdek cities: a name is required")
	}
	q := url.Values{"city": {name}, "size": {"10"}}
	if country != "" {
		q.Set("country_codes", country)
	}
	return c.cities(ctx, "/location/cities", q)
}

// SuggestCities suggests localities for free text, such as a name typed
// in a chat with a typo or only its start.
func (c *Client) SuggestCities(ctx context.Context, country, name string) ([]City, error) {
	if name == "" {
		return nil, errors.New("cdek suggest cities: a name is required")
	}
	q := url.Values{"name": {name}}
	if country != "" {
		q.Set("country_code", country)
	}
	return c.cities(ctx, "/location/suggest/cities", q)
}

func (c *Client) cities(ctx context.Context, path string, q url.Values) ([]City, error) {
	var reply []cityReply
	if err := c.call(ctx, http.MethodGet, path, q, nil, &reply); err != nil {
		return nil, err
	}
	cities := make([]City, 0, len(reply))
	for _, r := range reply {
		cities = append(cities, r.city())
	}
	return cities, nil
}

// Point is a pickup point: a CDEK office (Type "PVZ") or a parcel locker
// ("POSTAMAT"). Code is what an order's delivery_point takes.
type Point struct {
	Code        string
	Name        string
	Type        string
	Address     string // street and house
	FullAddress string // with country, region and city
	WorkTime    string // as CDEK words it, "Пн-Пт 09:00-20:00, Сб-Вс 10:00-18:00"
	CityCode    int
	City        string
	Lat, Lon    float64
}

type pointReply struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	WorkTime string `json:"work_time"`
	Location struct {
		CityCode    int     `json:"city_code"`
		City        string  `json:"city"`
		Latitude    float64 `json:"latitude"`
		Longitude   float64 `json:"longitude"`
		Address     string  `json:"address"`
		AddressFull string  `json:"address_full"`
	} `json:"location"`
}

const (
	pointsPageSize = 1000
	// pointsMaxPages bounds a lookup: no city has 20 000 points, so more
	// pages means the paging is broken.
	pointsMaxPages = 20
)

// DeliveryPoints lists every office and locker in a city, following pages
// until a short one. A city without points gives an empty list.
func (c *Client) DeliveryPoints(ctx context.Context, country string, cityCode int) ([]Point, error) {
	points := []Point{}
	seen := map[string]bool{}
	for page := 0; page < pointsMaxPages; page++ {
		q := url.Values{
			"city_code": {strconv.Itoa(cityCode)},
			"type":      {"ALL"},
			"size":      {strconv.Itoa(pointsPageSize)},
			"page":      {strconv.Itoa(page)},
		}
		if country != "" {
			q.Set("country_code", country)
		}
		var reply []pointReply
		if err := c.call(ctx, http.MethodGet, "/deliverypoints", q, nil, &reply); err != nil {
			return nil, err
		}
		added := 0
		for _, r := range reply {
			if r.Code != "" {
				if seen[r.Code] {
					continue
				}
				seen[r.Code] = true
			}
			added++
			points = append(points, Point{
				Code: r.Code, Name: r.Name, Type: r.Type, WorkTime: r.WorkTime,
				Address: r.Location.Address, FullAddress: r.Location.AddressFull,
				CityCode: r.Location.CityCode, City: r.Location.City,
				Lat: r.Location.Latitude, Lon: r.Location.Longitude,
			})
		}
		// A page with nothing new means the server ignores page and repeats
		// itself; what we have is the whole list.
		if len(reply) < pointsPageSize || added == 0 {
			return points, nil
		}
	}
	return nil, fmt.Errorf("cdek GET /deliverypoints: city %d has more than %d pages of points", cityCode, pointsMaxPages)
}
