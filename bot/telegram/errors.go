package telegram

import "errors"

// ErrFileTooLarge is returned by Download when a file is over its size cap.
var ErrFileTooLarge = errors.New("telegram: file too large")

// ErrNoFilePath is returned by FileURL and Download when Telegram gives no
// download path for a file (it is over the Bot API's 20 MB getFile limit).
var ErrNoFilePath = errors.New("telegram: file has no download path")
