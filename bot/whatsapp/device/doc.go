// Package device is the linked WhatsApp device: its key store, login, the
// one-connection lock and connection health. It wraps whatsmeow
// (go.mau.fi/whatsmeow) and imports nothing else of letebot.
//
// WhatsApp allows one connection per linked device. A second process that
// connects with the same keys replaces the first (events.StreamReplaced),
// and two processes that keep reconnecting knock each other off for ever.
// So a process takes the Lock before it connects and holds it while it does.
//
// Wiring, in cmd (error handling left out):
//
//	wa, _ := device.OpenStore(ctx, db.SQL(), db.Dialect(), log)
//	lock, _ := device.NewLock(db.SQL(), db.Dialect(), log)
//	err := lock.Hold(ctx, func(ctx context.Context) {
//		dev, _ := device.Device(ctx, wa)
//		if dev.ID == nil {
//			log.Error("WhatsApp is not linked: run letebot whatsapp login")
//			return
//		}
//		client := whatsmeow.NewClient(dev, device.NewLogger(log).Sub("Client"))
//		w := device.NewWatcher(log)
//		stop := make(chan device.Trouble, 1)
//		w.OnTrouble = func(t device.Trouble) {
//			select {
//			case stop <- t:
//			default:
//			}
//		}
//		w.Configure(client) // also registers w.Handle
//		client.AddEventHandler(adapter.Handle)
//		_ = client.Connect()
//		defer client.Disconnect()
//		select {
//		case <-ctx.Done():
//		case t := <-stop:
//			log.Error("WhatsApp stopped", "kind", t.Kind, "code", t.Code, "reason", t.Reason)
//		}
//	})
//
// and for the login command:
//
//	dev, _ := device.Device(ctx, wa)
//	client := whatsmeow.NewClient(dev, device.NewLogger(log).Sub("Client"))
//	err := device.Login(ctx, client, os.Stdout, device.LoginOptions{Phone: phone, PNGPath: "whatsapp-login.png"})
//
// Login must not run while the bot holds the connection; take the Lock
// around it too.
package device
