package telegram

import "errors"

// ErrFileTooLarge is returned by Download when a file is over its size cap.
var ErrFileTooLarge = errors.New("telegram: file too large")

// ErrNoFilePath is returned by FileURL and Download when Telegram gives no
// download path for a file (it is over the Bot API's 20 MB getFile limit).
var ErrNoFilePath = errors.New("telegram: file has no download path")

// ErrBadWebhookSecret is returned by SetWebhook and ValidateWebhook for a
// secret token Telegram would refuse (it must be 1-256 characters of
// A-Z a-z 0-9 _ -).
var ErrBadWebhookSecret = errors.New("telegram: bad webhook secret")

// ErrBadWebhookURL is returned by SetWebhook and ValidateWebhook for a
// webhook URL that is not an absolute https URL (plain http is allowed only
// for 127.0.0.1, ::1 and localhost, for tests and a local Bot API server).
var ErrBadWebhookURL = errors.New("telegram: bad webhook URL")
