package cdek

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Order is an order as CDEK tracks it.
type Order struct {
	UUID       string
	CDEKNumber string   // CDEK's waybill number, what the customer tracks
	Number     string   // ours (im_number)
	Statuses   []Status // newest first, as CDEK sends them
}

// Status is one step of an order's history. Code is one of CDEK's status
// codes (DELIVERED, ACCEPTED_AT_PICK_UP_POINT, ...); expect unknown ones.
type Status struct {
	Code, Name, City string
	DateTime         time.Time
}

// text is a JSON string that CDEK sometimes sends as a number.
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '"' {
		if bytes.Equal(b, []byte("null")) {
			return nil
		}
		*t = text(b)
		return nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	*t = text(s)
	return err
}

type orderReply struct {
	Entity *struct {
		UUID       string `json:"uuid"`
		CDEKNumber text   `json:"cdek_number"`
		Number     text   `json:"number"`
		Statuses   []struct {
			Code     string `json:"code"`
			Name     string `json:"name"`
			DateTime string `json:"date_time"`
			City     string `json:"city"`
		} `json:"statuses"`
	} `json:"entity"`
	replyErrors
}

// notFoundCodes are the error codes CDEK gives for a number it does not
// know (it answers 400 or 404 with them).
var notFoundCodes = []string{"v2_entity_not_found", "v2_order_not_found"}

// OrderByCDEKNumber looks an order up by CDEK's number. It returns
// ErrNotFound when CDEK has no such order for our account.
func (c *Client) OrderByCDEKNumber(ctx context.Context, number string) (Order, error) {
	const op = "GET /orders"
	if number == "" {
		return Order{}, errors.New("cdek order: a CDEK number is required")
	}
	var reply orderReply
	err := c.call(ctx, http.MethodGet, "/orders", url.Values{"cdek_number": {number}}, nil, &reply)
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.hasCode(notFoundCodes...) {
		return Order{}, fmt.Errorf("cdek order %s: %w (%w)", number, ErrNotFound, apiErr)
	}
	if err != nil {
		return Order{}, err
	}
	if reply.Entity == nil || reply.Entity.UUID == "" {
		if apiErr = reply.apiError(op, http.StatusOK); apiErr != nil && !apiErr.hasCode(notFoundCodes...) {
			return Order{}, apiErr
		}
		return Order{}, fmt.Errorf("cdek order %s: %w", number, ErrNotFound)
	}
	e := reply.Entity
	o := Order{UUID: e.UUID, CDEKNumber: string(e.CDEKNumber), Number: string(e.Number)}
	for _, s := range e.Statuses {
		at, err := parseTime(s.DateTime)
		if err != nil {
			return Order{}, fmt.Errorf("cdek order %s: status %s: %w", number, s.Code, err)
		}
		o.Statuses = append(o.Statuses, Status{Code: s.Code, Name: s.Name, City: s.City, DateTime: at})
	}
	return o, nil
}

// timeLayouts are the forms CDEK writes times in: ISO 8601 with an offset
// without a colon ("2026-11-20T10:15:00+0000"), and RFC 3339.
var timeLayouts = []string{
	"2006-01-02T15:04:05.999999999-0700",
	time.RFC3339Nano,
}

// parseTime reads a CDEK time; "" is the zero time.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable time %q", s)
}
