package flows_test

import (
	"context"
	"slices"

	"github.com/lete-store/letebot/shop"
)

// claimStore is fakeStore's memory of refund applications and their files.
type claimStore struct {
	claims    []shop.Claim // a claim's id is its index + 1
	files     []shop.ClaimFile
	fileData  map[int64][]byte
	forgotten []string // chat keys ForgetCustomer erased
}

func (f *fakeStore) AddClaim(_ context.Context, c shop.Claim) (shop.Claim, error) {
	if err := f.err("AddClaim"); err != nil {
		return shop.Claim{}, err
	}
	c.ID = int64(len(f.claims.claims) + 1)
	f.claims.claims = append(f.claims.claims, c)
	return c, nil
}

func (f *fakeStore) GetClaim(_ context.Context, id int64) (shop.Claim, error) {
	if err := f.err("GetClaim"); err != nil {
		return shop.Claim{}, err
	}
	if id < 1 || id > int64(len(f.claims.claims)) {
		return shop.Claim{}, shop.ErrNotFound
	}
	return f.claims.claims[id-1], nil
}

func (f *fakeStore) UpdateClaim(_ context.Context, c shop.Claim) error {
	if err := f.err("UpdateClaim"); err != nil {
		return err
	}
	if c.ID < 1 || c.ID > int64(len(f.claims.claims)) {
		return shop.ErrNotFound
	}
	f.claims.claims[c.ID-1] = c
	return nil
}

func (f *fakeStore) OrderClaims(_ context.Context, orderID int64) ([]shop.Claim, error) {
	var out []shop.Claim
	for _, c := range f.claims.claims {
		if c.OrderID == orderID {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeStore) ChatClaims(_ context.Context, chatKey string, limit int) ([]shop.Claim, error) {
	var out []shop.Claim
	for _, c := range slices.Backward(f.claims.claims) {
		if c.ChatKey == chatKey && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeStore) OpenClaims(_ context.Context, limit int) ([]shop.Claim, error) {
	var out []shop.Claim
	for _, c := range f.claims.claims {
		if c.Open() && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeStore) ClaimOfRefund(_ context.Context, refundID int64) (shop.Claim, error) {
	for _, c := range f.claims.claims {
		if c.RefundID == refundID {
			return c, nil
		}
	}
	return shop.Claim{}, shop.ErrNotFound
}

func (f *fakeStore) AddClaimFile(_ context.Context, file shop.ClaimFile, data []byte) (shop.ClaimFile, error) {
	if err := f.err("AddClaimFile"); err != nil {
		return shop.ClaimFile{}, err
	}
	file.ID = int64(len(f.claims.files) + 1)
	if data != nil {
		if f.claims.fileData == nil {
			f.claims.fileData = make(map[int64][]byte)
		}
		f.claims.fileData[file.ID] = data
		file.Stored, file.Ref = true, ""
	}
	f.claims.files = append(f.claims.files, file)
	return file, nil
}

func (f *fakeStore) ClaimFiles(_ context.Context, claimID int64) ([]shop.ClaimFile, error) {
	var out []shop.ClaimFile
	for _, file := range f.claims.files {
		if file.ClaimID == claimID {
			out = append(out, file)
		}
	}
	return out, nil
}

func (f *fakeStore) ForgetCustomer(_ context.Context, chatKey string) error {
	if err := f.err("ForgetCustomer"); err != nil {
		return err
	}
	f.claims.forgotten = append(f.claims.forgotten, chatKey)
	for id, o := range f.orders {
		if o.ChatKey == chatKey {
			o.Customer, o.Delivery.Address = shop.Customer{}, ""
			f.orders[id] = o
		}
	}
	return nil
}
