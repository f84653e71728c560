package storage_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lete-store/letebot/bot"
	"github.com/lete-store/letebot/storage"
	"github.com/lete-store/letebot/storage/storagetest"
)

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("unsupported", func(t *testing.T) {
		for _, url := range []string{"", "mysql://root@localhost/letebot", "letebot.db", "file:letebot.db"} {
			_, err := storage.Open(ctx, url, nil)
			if !errors.Is(err, storage.ErrUnsupportedURL) {
				t.Errorf("Open(%q) = %v, want ErrUnsupportedURL", url, err)
			}
		}
	})
	t.Run("sqlite without a file", func(t *testing.T) {
		if _, err := storage.Open(ctx, "sqlite:", nil); err == nil {
			t.Error("Open(sqlite:) succeeded")
		}
	})
	for _, d := range storagetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			db := storagetest.Open(t, d.URL(t))
			if db.Dialect() != d.Name {
				t.Errorf("Dialect() = %q, want %q", db.Dialect(), d.Name)
			}
			if err := db.Ping(ctx); err != nil {
				t.Errorf("Ping: %v", err)
			}
		})
	}
	t.Run("postgresql scheme", func(t *testing.T) {
		url := strings.Replace(storagetest.Postgres(t), "postgres://", "postgresql://", 1)
		db := storagetest.Open(t, url)
		if db.Dialect() != "postgres" {
			t.Errorf("Dialect() = %q", db.Dialect())
		}
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		inTx(t, db, func(tx bot.Tx) error {
			if _, err := tx.LockSessions(ctx, []string{"tg:1"}); err != nil {
				return err
			}
			return tx.SaveSessions(ctx, []bot.SessionRow{{ChatKey: "tg:1", Data: []byte(`{"v":1}`)}})
		})
		for range 2 {
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("Migrate again: %v", err)
			}
		}
		var rows map[string]bot.SessionRow
		inTx(t, db, func(tx bot.Tx) error {
			var err error
			rows, err = tx.LockSessions(ctx, []string{"tg:1"})
			return err
		})
		if _, ok := rows["tg:1"]; !ok {
			t.Error("session lost by a second Migrate")
		}
	})
}

func TestMarkSeen(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		for _, step := range []struct {
			name  string
			keys  []string
			fresh []string
		}{
			{"new keys", []string{"tg:1", "tg:2"}, []string{"tg:1", "tg:2"}},
			{"seen and new, one twice in the batch", []string{"tg:2", "tg:3", "tg:3", "wa:ABC"}, []string{"tg:3", "wa:ABC"}},
			{"all seen", []string{"wa:ABC", "tg:1"}, nil},
			{"nothing", nil, nil},
		} {
			var fresh map[string]bool
			inTx(t, db, func(tx bot.Tx) error {
				var err error
				fresh, err = tx.MarkSeen(ctx, step.keys)
				return err
			})
			got := slices.Sorted(maps.Keys(fresh))
			if !slices.Equal(got, step.fresh) {
				t.Errorf("%s: fresh = %q, want %q", step.name, got, step.fresh)
			}
			for k, v := range fresh {
				if !v {
					t.Errorf("%s: fresh[%q] = false; only fresh keys belong in the map", step.name, k)
				}
			}
		}
	})
}

func TestInTxRollsBack(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, _ *clock) {
		ctx := context.Background()
		boom := errors.New("boom")
		for _, tc := range []struct {
			name string
			fail func() error
		}{
			{"error", func() error { return boom }},
			{"panic", func() error { panic(boom) }},
		} {
			key := "tg:" + tc.name
			func() {
				defer func() {
					if p := recover(); p != nil && p != boom {
						t.Fatalf("%s: panic %v", tc.name, p)
					}
				}()
				err := db.InTx(ctx, func(tx bot.Tx) error {
					if _, err := tx.MarkSeen(ctx, []string{key}); err != nil {
						return err
					}
					if err := tx.Enqueue(ctx, []bot.OutboxMessage{{Channel: "tg", ChatID: "1", Body: []byte(`{}`)}}); err != nil {
						return err
					}
					return tc.fail()
				})
				if !errors.Is(err, boom) {
					t.Errorf("%s: InTx = %v, want boom", tc.name, err)
				}
			}()
			// Nothing of the failed transaction stayed, and its connection
			// came back (SQLite has only one).
			var fresh map[string]bool
			inTx(t, db, func(tx bot.Tx) error {
				var err error
				fresh, err = tx.MarkSeen(ctx, []string{key})
				return err
			})
			if !fresh[key] {
				t.Errorf("%s: key of a rolled-back transaction stayed seen", tc.name)
			}
			msgs, err := db.Claim(ctx, []string{"tg"}, "a", 10, time.Minute, nil)
			if err != nil || len(msgs) != 0 {
				t.Errorf("%s: Claim = %v, %v; want no message of a rolled-back transaction", tc.name, msgs, err)
			}
		}
	})
}

func TestSessions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		lock := func(keys ...string) map[string]bot.SessionRow {
			t.Helper()
			var rows map[string]bot.SessionRow
			inTx(t, db, func(tx bot.Tx) error {
				var err error
				rows, err = tx.LockSessions(ctx, keys)
				return err
			})
			return rows
		}

		// Locked but never saved: still absent next time.
		if rows := lock("tg:2", "tg:1", "tg:2"); len(rows) != 0 {
			t.Fatalf("new chats: LockSessions = %v, want none", rows)
		}
		if rows := lock("tg:1"); len(rows) != 0 {
			t.Fatalf("locked, never saved: LockSessions = %v, want none", rows)
		}

		saved := t0.Add(time.Hour)
		inTx(t, db, func(tx bot.Tx) error {
			if _, err := tx.LockSessions(ctx, []string{"tg:1", "wa:77"}); err != nil {
				return err
			}
			return tx.SaveSessions(ctx, []bot.SessionRow{
				{ChatKey: "tg:1", Data: []byte(`{"v": 1, "lang": "kk", "cart": {"items": [{"v": "LT-100-M", "q": 2}]}}`), UpdatedAt: saved},
				{ChatKey: "wa:77", Data: []byte(`{"v":1,"lang":"ru"}`)}, // no UpdatedAt: now
			})
		})
		rows := lock("wa:77", "tg:1", "tg:9")
		if len(rows) != 2 {
			t.Fatalf("LockSessions = %v, want tg:1 and wa:77", rows)
		}
		for _, tc := range []struct {
			key, data string
			updated   time.Time
		}{
			{"tg:1", `{"v": 1, "lang": "kk", "cart": {"items": [{"v": "LT-100-M", "q": 2}]}}`, saved},
			{"wa:77", `{"v":1,"lang":"ru"}`, t0},
		} {
			r := rows[tc.key]
			if r.ChatKey != tc.key {
				t.Errorf("%s: ChatKey = %q", tc.key, r.ChatKey)
			}
			sameJSON(t, r.Data, []byte(tc.data))
			if !r.UpdatedAt.Equal(tc.updated.Truncate(time.Microsecond)) {
				t.Errorf("%s: UpdatedAt = %v, want %v", tc.key, r.UpdatedAt, tc.updated)
			}
		}

		// Saving again overwrites; the last row of a chat wins.
		clk.Add(time.Minute)
		inTx(t, db, func(tx bot.Tx) error {
			if _, err := tx.LockSessions(ctx, []string{"tg:1"}); err != nil {
				return err
			}
			return tx.SaveSessions(ctx, []bot.SessionRow{
				{ChatKey: "tg:1", Data: []byte(`{"v":1,"step":"name"}`), UpdatedAt: clk.Now()},
				{ChatKey: "tg:1", Data: []byte(`{"v":1,"step":"phone"}`), UpdatedAt: clk.Now()},
			})
		})
		sameJSON(t, lock("tg:1")["tg:1"].Data, []byte(`{"v":1,"step":"phone"}`))
	})
}

// TestLockSessionsWaits shows the row lock that orders a chat's updates
// across replicas: a second transaction locking the same chat waits for
// the first to end, then reads what it saved.
func TestLockSessionsWaits(t *testing.T) {
	onlyPostgres(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		inTx(t, db, func(tx bot.Tx) error {
			return tx.SaveSessions(ctx, []bot.SessionRow{{ChatKey: "tg:old", Data: []byte(`{"n":0}`)}})
		})
		for _, key := range []string{"tg:old", "tg:new"} {
			t.Run(key, func(t *testing.T) {
				locked := make(chan struct{})
				release := make(chan struct{})
				first := make(chan error, 1)
				go func() {
					first <- db.InTx(ctx, func(tx bot.Tx) error {
						if _, err := tx.LockSessions(ctx, []string{key + "-other", key}); err != nil {
							close(locked)
							return err
						}
						close(locked)
						<-release
						return tx.SaveSessions(ctx, []bot.SessionRow{{ChatKey: key, Data: []byte(`{"n":1}`)}})
					})
				}()
				<-locked
				type result struct {
					rows map[string]bot.SessionRow
					err  error
				}
				second := make(chan result, 1)
				go func() {
					var r result
					r.err = db.InTx(ctx, func(tx bot.Tx) error {
						r.rows, r.err = tx.LockSessions(ctx, []string{key, key + "-z"})
						return r.err
					})
					second <- r
				}()
				var r result
				early := false
				select {
				case r = <-second:
					early = true
					t.Errorf("second LockSessions returned while the first held the lock: %v, %v", r.rows, r.err)
				case <-time.After(300 * time.Millisecond):
				}
				close(release)
				if err := <-first; err != nil {
					t.Fatalf("first transaction: %v", err)
				}
				if early {
					return
				}
				r = <-second
				if r.err != nil {
					t.Fatalf("second transaction: %v", r.err)
				}
				sameJSON(t, r.rows[key].Data, []byte(`{"n":1}`))
			})
		}
	})
}

func TestDeleteSeenBefore(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *storage.DB, clk *clock) {
		ctx := context.Background()
		mark := func(keys ...string) map[string]bool {
			var fresh map[string]bool
			inTx(t, db, func(tx bot.Tx) error {
				var err error
				fresh, err = tx.MarkSeen(ctx, keys)
				return err
			})
			return fresh
		}
		mark("tg:old1", "tg:old2")
		clk.Add(10 * 24 * time.Hour)
		mark("tg:new")
		n, err := db.DeleteSeenBefore(ctx, t0.Add(24*time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("DeleteSeenBefore = %d, %v; want 2", n, err)
		}
		fresh := mark("tg:old1", "tg:new")
		if !fresh["tg:old1"] || fresh["tg:new"] {
			t.Errorf("after retention: fresh = %v, want only tg:old1", fresh)
		}
	})
}

// BenchmarkHandleTx measures one engine transaction for a batch of chats:
// MarkSeen, LockSessions, SaveSessions of ~1 KB each and one reply each,
// on Postgres. msgs/s is the batch size over the time per transaction;
// trips/tx counts the requests each transaction sends (BEGIN and COMMIT
// included): the same for any batch size.
func BenchmarkHandleTx(b *testing.B) {
	ctx := context.Background()
	driver, trips := storagetest.CountingDriver()
	db, err := storage.OpenPostgres(ctx, driver, storagetest.Postgres(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	data := []byte(`{"v":1,"lang":"ru","step":"address","cart":{"items":[{"v":"LT-100-M","q":1},{"v":"LT-300-S","q":2}]},` +
		`"checkout":{"customer":{"name":"Айгерим Сапарова","phone":"+77773366100","email":"aigerim@example.kz"},` +
		`"delivery":{"method":"pickup","city":"almaty","quote":{"method":"pickup","price":1500,"min_days":2,"max_days":4}}},` +
		`"pad":"` + strings.Repeat("x", 600) + `","seen":"2025-03-14T09:26:53Z"}`)
	body := []byte(`{"text":"Спасибо! Ваш заказ LT-00042 ждёт оплаты.","buttons":[[{"label":"Оплатить","url":"https://pay.example/1"}]]}`)
	var uniq atomic.Int64 // dedupe keys never repeat, as in life
	for _, n := range []int{1, 16, 64} {
		for _, workers := range []int{1, 8} {
			b.Run(fmt.Sprintf("batch=%d/workers=%d", n, workers), func(b *testing.B) {
				var (
					next atomic.Int64 // transactions handed out
					wg   sync.WaitGroup
				)
				before := trips.Load()
				b.ResetTimer()
				for w := range workers {
					wg.Go(func() {
						for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
							keys := make([]string, n)
							chats := make([]string, n)
							rows := make([]bot.SessionRow, n)
							msgs := make([]bot.OutboxMessage, n)
							for j := range n {
								chat := strconv.Itoa(w*1_000_000 + j) // a worker's own chats, as the engine shards
								keys[j] = "tg:" + strconv.FormatInt(uniq.Add(1), 10)
								chats[j] = "tg:" + chat
								rows[j] = bot.SessionRow{ChatKey: chats[j], Data: data}
								msgs[j] = bot.OutboxMessage{Channel: "tg", ChatID: chat, Body: body}
							}
							err := db.InTx(ctx, func(tx bot.Tx) error {
								if _, err := tx.MarkSeen(ctx, keys); err != nil {
									return err
								}
								if _, err := tx.LockSessions(ctx, chats); err != nil {
									return err
								}
								if err := tx.SaveSessions(ctx, rows); err != nil {
									return err
								}
								return tx.Enqueue(ctx, msgs)
							})
							if err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
				msgs := float64(b.N) * float64(n)
				b.ReportMetric(msgs/b.Elapsed().Seconds(), "msgs/s")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/msgs, "ns/msg")
				b.ReportMetric(float64(trips.Load()-before)/float64(b.N), "trips/tx")
			})
		}
	}
}
