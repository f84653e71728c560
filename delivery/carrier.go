package delivery

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lete-store/letebot/delivery/cdek"
	"github.com/lete-store/letebot/flows"
	"github.com/lete-store/letebot/messages"
	"github.com/lete-store/letebot/shop"
)

// CDEK is the carrier's API: *cdek.Client, or a test double.
type CDEK interface {
	Cities(ctx context.Context, country, name string) ([]cdek.City, error)
	Tariffs(ctx context.Context, r cdek.TariffRequest) ([]cdek.Tariff, error)
	DeliveryPoints(ctx context.Context, country string, cityCode int) ([]cdek.Point, error)
	OrderByCDEKNumber(ctx context.Context, number string) (cdek.Order, error)
}

// Defaults of CarrierConfig.
const (
	DefaultCallTimeout = 4 * time.Second
	DefaultQuoteTTL    = time.Hour
	DefaultPointsTTL   = 12 * time.Hour
	// DefaultRetryAfter is how long a failed answer stands before the
	// carrier is asked again; meanwhile checkout uses the fallback tariffs
	// at once instead of waiting on a carrier that is down.
	DefaultRetryAfter = time.Minute
)

// country is where the store delivers.
const country = "KZ"

// maxCities bounds the cache of city codes, which typed names fill.
const maxCities = 2000

// CarrierConfig wires a Carrier.
type CarrierConfig struct {
	API     CDEK
	Profile *shop.Profile
	Engine  Engine
	Clock   shop.Clock
	Log     *slog.Logger
	// Shipments lists what Track follows; nil: no tracking.
	Shipments Shipments
	// FromCityCode is the CDEK code of the city parcels leave from; zero:
	// the profile's shipping city, looked up by name.
	FromCityCode int
	CallTimeout  time.Duration
	QuoteTTL     time.Duration
	PointsTTL    time.Duration
	RetryAfter   time.Duration
	// Workers bounds the calls made at once.
	Workers int
}

// Carrier prices CDEK delivery and lists its pickup points. Flows read its
// cache; a miss queues a lookup and returns shop.ErrPending, and the chat
// gets a flows.EventDeliveryReady once the answer (or the failure) is in.
// An outage is reported to staff once, when it starts, and once when the
// carrier answers again.
type Carrier struct {
	cfg  CarrierConfig
	log  *slog.Logger
	work chan lookup

	mu      sync.Mutex
	cities  map[string]answer[int] // lower-case name: CDEK city code
	tariffs map[tariffKey]answer[[]cdek.Tariff]
	points  map[int]answer[[]shop.DeliveryPoint]
	waiting map[lookup][]string // lookups queued or running: the chats to tell
	down    time.Time           // when the running outage began; zero when up
	failed  time.Time           // the last failure of the running outage
	seq     atomic.Int64        // numbers answers, for their events' keys
	// instance tells this carrier's answers from an earlier process's,
	// whose numbering started at the same place.
	instance string
}

// answer is a cached reply or failure and when it came.
type answer[T any] struct {
	val T
	err error
	at  time.Time
}

// usable reports whether a cached answer may still be given: a reply for
// ttl, a failure for retry (then the carrier is asked again).
func (a answer[T]) usable(now time.Time, ttl, retry time.Duration) bool {
	if a.err != nil {
		return now.Sub(a.at) < retry
	}
	return now.Sub(a.at) < ttl
}

// get is the cached reply, or the cached failure with no value.
func (a answer[T]) get() (T, error) {
	if a.err != nil {
		var zero T
		return zero, a.err
	}
	return a.val, nil
}

type tariffKey struct{ from, to, grams int }

// lookup is one piece of work: a city's tariffs for a weight, or its
// points. It is comparable, so identical lookups wait on one call.
type lookup struct {
	city   string // as the flow gave it: a profile city id or a typed name
	grams  int
	points bool
}

// NewCarrier returns a Carrier; run it with Run.
func NewCarrier(cfg CarrierConfig) *Carrier {
	if cfg.Clock == nil {
		cfg.Clock = shop.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.CallTimeout = cmp.Or(cfg.CallTimeout, DefaultCallTimeout)
	cfg.QuoteTTL = cmp.Or(cfg.QuoteTTL, DefaultQuoteTTL)
	cfg.PointsTTL = cmp.Or(cfg.PointsTTL, DefaultPointsTTL)
	cfg.RetryAfter = cmp.Or(cfg.RetryAfter, DefaultRetryAfter)
	cfg.Workers = cmp.Or(cfg.Workers, 4)
	return &Carrier{
		cfg: cfg, log: cfg.Log, work: make(chan lookup, 256),
		cities:  make(map[string]answer[int]),
		tariffs: make(map[tariffKey]answer[[]cdek.Tariff]),
		points:  make(map[int]answer[[]shop.DeliveryPoint]),
		waiting: make(map[lookup][]string),
		// The real clock on purpose: a test's frozen clock would repeat it.
		instance: strconv.FormatInt(time.Now().UnixNano(), 36),
	}
}

// errDown is the answer while an outage stands and no fresh reply is cached.
var errDown = errors.New("cdek: unavailable")

// Quote returns the cheapest allowed CDEK tariff for the method from the
// cache. A miss queues a lookup and returns shop.ErrPending.
func (c *Carrier) Quote(_ context.Context, r shop.DeliveryRequest) (shop.DeliveryQuote, error) {
	if r.Method != shop.PickupPoint && r.Method != shop.Courier {
		return shop.DeliveryQuote{}, shop.ErrNoDelivery
	}
	now := c.cfg.Clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	ts, err := c.cachedTariffs(r.City, r.WeightGrams, now)
	if errors.Is(err, errMiss) {
		return shop.DeliveryQuote{}, c.queue(lookup{city: r.City, grams: r.WeightGrams}, r.Chat)
	}
	var refused *cdek.APIError
	if err != nil && errors.As(err, &refused) && !errors.Is(err, errDown) {
		// CDEK answered, and the answer was no: not a price to guess.
		return shop.DeliveryQuote{}, fmt.Errorf("%w: %w", shop.ErrNoDelivery, err)
	}
	if err != nil {
		return shop.DeliveryQuote{}, err
	}
	t, ok := c.cheapest(r.Method, ts)
	if !ok {
		return shop.DeliveryQuote{}, shop.ErrNoDelivery
	}
	return shop.DeliveryQuote{
		Method: r.Method, Price: shop.Money(math.Ceil(t.Sum)),
		MinDays: t.PeriodMin, MaxDays: t.PeriodMax, Tariff: t.Code,
	}, nil
}

// DeliveryPoints returns the city's pickup points and parcel lockers from
// the cache; a miss queues a lookup and returns shop.ErrPending.
func (c *Carrier) DeliveryPoints(_ context.Context, chat, city string) ([]shop.DeliveryPoint, error) {
	now := c.cfg.Clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	code, err := c.cachedCity(city, now)
	if err == nil {
		if a, ok := c.points[code]; ok && a.usable(now, c.cfg.PointsTTL, c.cfg.RetryAfter) {
			return a.get()
		}
		err = errMiss
	}
	if errors.Is(err, errMiss) {
		return nil, c.queue(lookup{city: city, points: true}, chat)
	}
	return nil, err
}

// errMiss means the cache has no usable answer: ask the carrier.
var errMiss = errors.New("not cached")

// cachedCity resolves a city from the profile or the cache; c.mu is held.
func (c *Carrier) cachedCity(city string, now time.Time) (int, error) {
	if pc, ok := c.cfg.Profile.City(city); ok && pc.CDEKCode != 0 {
		return pc.CDEKCode, nil
	}
	a, ok := c.cities[cityKey(c.cfg.Profile, city)]
	switch {
	case !ok:
		return 0, errMiss
	case a.err == nil:
		return a.val, nil // a city's code does not change
	case errors.Is(a.err, shop.ErrNotFound) && now.Sub(a.at) < c.cfg.QuoteTTL:
		return 0, a.err
	case now.Sub(a.at) < c.cfg.RetryAfter:
		return 0, a.err
	}
	return 0, errMiss
}

// cachedTariffs returns the route's tariffs for a weight; c.mu is held.
func (c *Carrier) cachedTariffs(city string, grams int, now time.Time) ([]cdek.Tariff, error) {
	to, err := c.cachedCity(city, now)
	if err != nil {
		return nil, err
	}
	from, err := c.fromCity(now)
	if err != nil {
		return nil, err
	}
	if a, ok := c.tariffs[tariffKey{from, to, grams}]; ok && a.usable(now, c.cfg.QuoteTTL, c.cfg.RetryAfter) {
		return a.get()
	}
	return nil, errMiss
}

func (c *Carrier) fromCity(now time.Time) (int, error) {
	if c.cfg.FromCityCode != 0 {
		return c.cfg.FromCityCode, nil
	}
	return c.cachedCity(c.cfg.Profile.ShippingCity, now)
}

// cheapest picks the cheapest tariff the profile allows for the method.
func (c *Carrier) cheapest(m shop.DeliveryMethod, ts []cdek.Tariff) (cdek.Tariff, bool) {
	allowed := c.cfg.Profile.CDEKTariffs[m]
	var best cdek.Tariff
	found := false
	for _, t := range ts {
		ok := slices.Contains(allowed, t.Code)
		if len(allowed) == 0 {
			ok = methodOfMode(t.Mode) == m
		}
		if ok && t.Sum > 0 && (!found || t.Sum < best.Sum) {
			best, found = t, true
		}
	}
	return best, found
}

// methodOfMode maps CDEK's delivery modes from our office (integrations.md
// 2.3) to the method a customer chooses; other modes are not ours.
func methodOfMode(mode int) shop.DeliveryMethod {
	switch mode {
	case cdek.ModeOfficeOffice, cdek.ModeOfficeLocker:
		return shop.PickupPoint
	case cdek.ModeOfficeDoor:
		return shop.Courier
	}
	return ""
}

// queue asks for a lookup unless one is on its way, remembering the chat
// to tell; c.mu is held. A full queue is answered as an outage would be:
// the flow uses the fallback tariff rather than wait.
func (c *Carrier) queue(l lookup, chat string) error {
	if !c.down.IsZero() && c.cfg.Clock.Now().Sub(c.failed) < c.cfg.RetryAfter {
		// Do not make customers wait on a carrier that just failed.
		return fmt.Errorf("cdek lookups: %w (outage since %s)", errDown, c.down.Format(time.RFC3339))
	}
	if chats, ok := c.waiting[l]; ok {
		if chat != "" && !slices.Contains(chats, chat) {
			c.waiting[l] = append(chats, chat)
		}
		return shop.ErrPending
	}
	select {
	case c.work <- l:
	default:
		return fmt.Errorf("cdek lookups: %w (queue full)", errDown)
	}
	c.waiting[l] = nil
	if chat != "" {
		c.waiting[l] = []string{chat}
	}
	return shop.ErrPending
}

// Run answers queued lookups until ctx ends.
func (c *Carrier) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range c.cfg.Workers {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case l := <-c.work:
					c.answer(ctx, l)
				}
			}
		})
	}
	wg.Wait()
	return nil
}

// Warm fills the cache with the pickup points of the profile's cities, so
// the first customer of the day does not wait; a cron job.
func (c *Carrier) Warm(ctx context.Context) error {
	var errs []error
	for _, city := range c.cfg.Profile.Cities {
		if err := c.fetch(ctx, lookup{city: city.ID, points: true}); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", city.ID, err))
		}
	}
	return errors.Join(errs...)
}

// answer does one lookup and tells the chats that waited for it.
func (c *Carrier) answer(ctx context.Context, l lookup) {
	err := c.fetch(ctx, l)
	if err != nil {
		// The city is the customer's own words: not logged.
		c.log.Warn("CDEK lookup failed", "points", l.points, "error", err)
	}
	c.mu.Lock()
	chats := c.waiting[l]
	delete(c.waiting, l)
	c.mu.Unlock()
	// Unique per answer: two lookups for one chat answered at the same
	// instant must not look like one event to the engine's dedupe.
	seq := c.seq.Add(1)
	for _, chat := range chats {
		key := fmt.Sprintf("delivery:%s:%s:%d:%t:%s:%d", chat, l.city, l.grams, l.points, c.instance, seq)
		ev := flows.Event{Kind: flows.EventDeliveryReady}
		// A chat left waiting sees only "one moment": try a few times. If
		// all fail, its next message asks the question again anyway.
		for attempt := range 3 {
			err := submit(ctx, c.cfg.Engine, key, chat, ev)
			if err == nil || ctx.Err() != nil {
				break
			}
			c.log.Error("Delivery answer not handed over", "attempt", attempt+1, "error", err)
			select {
			case <-ctx.Done():
			case <-time.After(time.Duration(attempt+1) * 500 * time.Millisecond):
			}
		}
	}
}

// fetch asks the carrier what l needs that the cache lacks.
func (c *Carrier) fetch(ctx context.Context, l lookup) error {
	to, err := c.resolve(ctx, l.city)
	if err != nil {
		return err
	}
	if l.points {
		ps, err := c.call(ctx, func(ctx context.Context) (any, error) {
			return c.cfg.API.DeliveryPoints(ctx, country, to)
		})
		c.store(func(now time.Time) {
			c.points[to] = answer[[]shop.DeliveryPoint]{val: toPoints(ps), err: err, at: now}
		})
		return err
	}
	from := c.cfg.FromCityCode
	if from == 0 {
		if from, err = c.resolve(ctx, c.cfg.Profile.ShippingCity); err != nil {
			return fmt.Errorf("shipping city: %w", err)
		}
	}
	p := c.cfg.Profile.Parcel
	ts, err := c.call(ctx, func(ctx context.Context) (any, error) {
		return c.cfg.API.Tariffs(ctx, cdek.TariffRequest{
			FromCityCode: from, ToCityCode: to, Currency: cdek.CurrencyKZT,
			Packages: []cdek.Package{{WeightGrams: max(l.grams, 1), LengthCM: p.LengthCM, WidthCM: p.WidthCM, HeightCM: p.HeightCM}},
		})
	})
	c.store(func(now time.Time) {
		tariffs, _ := ts.([]cdek.Tariff)
		c.tariffs[tariffKey{from, to, l.grams}] = answer[[]cdek.Tariff]{val: tariffs, err: err, at: now}
	})
	return err
}

// resolve returns a city's CDEK code, asking the carrier when the profile
// and the cache do not know it.
func (c *Carrier) resolve(ctx context.Context, city string) (int, error) {
	now := c.cfg.Clock.Now()
	c.mu.Lock()
	code, err := c.cachedCity(city, now)
	c.mu.Unlock()
	if !errors.Is(err, errMiss) {
		return code, err
	}
	name := strings.TrimSpace(city)
	if pc, ok := c.cfg.Profile.City(city); ok {
		name = pc.Name.RU // CDEK's names are Russian
	}
	v, err := c.call(ctx, func(ctx context.Context) (any, error) {
		return c.cfg.API.Cities(ctx, country, name)
	})
	if err == nil {
		code, err = pickCity(v.([]cdek.City), name)
	}
	c.store(func(now time.Time) {
		if len(c.cities) >= maxCities {
			// Typed names are the customers' own: keep the cache bounded.
			clear(c.cities)
		}
		c.cities[cityKey(c.cfg.Profile, city)] = answer[int]{val: code, err: err, at: now}
	})
	return code, err
}

// pickCity prefers the city whose name is exactly the one asked: a search
// for "Астана" may also return villages that contain the word.
func pickCity(cities []cdek.City, name string) (int, error) {
	for _, c := range cities {
		if strings.EqualFold(c.Name, name) {
			return c.Code, nil
		}
	}
	if len(cities) == 1 {
		return cities[0].Code, nil // the one place CDEK means by that name
	}
	// None, or several and none by exactly that name: guessing would show
	// another place's prices; the customer is asked to check the name.
	return 0, fmt.Errorf("cdek city %q (%d near matches): %w", name, len(cities), shop.ErrNotFound)
}

func cityKey(p *shop.Profile, city string) string {
	if pc, ok := p.City(city); ok {
		return pc.ID
	}
	return strings.ToLower(strings.TrimSpace(city))
}

func (c *Carrier) store(f func(now time.Time)) {
	now := c.cfg.Clock.Now()
	c.mu.Lock()
	f(now)
	c.mu.Unlock()
}

// call runs one API call with the call timeout and keeps track of outages:
// a failure that is not the carrier's considered answer (a timeout, a
// transport error, a 5xx) starts one; any answer ends it.
func (c *Carrier) call(ctx context.Context, f func(ctx context.Context) (any, error)) (any, error) {
	cctx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
	defer cancel()
	v, err := f(cctx)
	if ctx.Err() != nil {
		return v, err // shutting down: not an outage
	}
	if err != nil && outage(err) {
		c.outageBegins(ctx, err)
		return v, fmt.Errorf("%w: %v", errDown, err)
	}
	c.outageEnds(ctx)
	return v, err
}

// outage tells a carrier that cannot answer (the network, a timeout, a 5xx,
// throttling, our credentials) from one that answered "no", or whose one
// answer could not be read: those concern one request, not the carrier.
func outage(err error) bool {
	var api *cdek.APIError
	if errors.As(err, &api) {
		return api.HTTPStatus >= 500 || api.HTTPStatus == 429 || api.HTTPStatus == 401 || api.HTTPStatus == 403
	}
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr)
}

func (c *Carrier) outageBegins(ctx context.Context, cause error) {
	now := c.cfg.Clock.Now()
	c.mu.Lock()
	began := c.down.IsZero()
	if began {
		c.down = now
	}
	since := c.down
	c.failed = now
	c.mu.Unlock()
	if !began {
		return
	}
	c.log.Warn("CDEK is unavailable: checkout shows the fallback tariffs", "error", cause)
	err := c.cfg.Engine.AlertStaff(ctx, "outage:cdek:"+strconv.FormatInt(since.Unix(), 10),
		flows.Reply{Text: messages.T(messages.StaffOutage, "Service", "СДЭК", "Error", cause.Error())})
	if err != nil {
		c.log.Error("Outage alert not sent", "error", err)
	}
}

func (c *Carrier) outageEnds(ctx context.Context) {
	c.mu.Lock()
	since := c.down
	c.down = time.Time{}
	c.mu.Unlock()
	if since.IsZero() {
		return
	}
	c.log.Info("CDEK answers again", "down_for", c.cfg.Clock.Now().Sub(since).Round(time.Second))
	err := c.cfg.Engine.AlertStaff(ctx, "recovered:cdek:"+strconv.FormatInt(since.Unix(), 10),
		flows.Reply{Text: messages.T(messages.StaffRecovered, "Service", "СДЭК", "Since", since.In(c.cfg.Profile.Location()))})
	if err != nil {
		c.log.Error("Recovery alert not sent", "error", err)
	}
}

// toPoints converts the carrier's points, sorted by address.
func toPoints(v any) []shop.DeliveryPoint {
	ps, _ := v.([]cdek.Point)
	out := make([]shop.DeliveryPoint, 0, len(ps))
	for _, p := range ps {
		if p.Code == "" || (p.Lat == 0 && p.Lon == 0) {
			continue
		}
		addr := cmp.Or(p.Address, p.FullAddress)
		out = append(out, shop.DeliveryPoint{
			Code: p.Code, Name: p.Name, Address: addr, WorkTime: p.WorkTime,
			Locker: p.Type == "POSTAMAT", Lat: p.Lat, Lon: p.Lon,
		})
	}
	slices.SortStableFunc(out, func(a, b shop.DeliveryPoint) int { return strings.Compare(a.Address, b.Address) })
	return out
}
