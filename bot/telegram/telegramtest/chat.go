package telegramtest

import (
	"fmt"
	"strings"
)

// Content is what a person reads in the message: its text, or the caption
// of a photo or document.
func (m Message) Content() string {
	if m.Text != "" {
		return m.Text
	}
	return m.Caption
}

// ButtonData finds what pressing a button sends, as a person would pick
// it: on the latest of msgs with an inline keyboard, the button labelled
// label, else the first whose label contains it ("" takes the first).
func ButtonData(msgs []Message, label string) (string, error) {
	for i := len(msgs) - 1; i >= 0; i-- {
		var btns []Button
		for _, row := range msgs[i].Buttons {
			for _, b := range row {
				if b.Data != "" {
					btns = append(btns, b)
				}
			}
		}
		if len(btns) == 0 {
			continue
		}
		for _, b := range btns {
			if b.Text == label {
				return b.Data, nil
			}
		}
		var labels []string
		for _, b := range btns {
			if strings.Contains(b.Text, label) {
				return b.Data, nil
			}
			labels = append(labels, b.Text)
		}
		head, _, _ := strings.Cut(msgs[i].Content(), "\n")
		return "", fmt.Errorf("no button %q under %q; buttons: %q", label, head, labels)
	}
	return "", fmt.Errorf("no inline keyboard in the %d messages sent", len(msgs))
}

// LatestURL is the address of the latest URL button in msgs, "" if none.
func LatestURL(msgs []Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, row := range msgs[i].Buttons {
			for j := len(row) - 1; j >= 0; j-- {
				if row[j].URL != "" {
					return row[j].URL
				}
			}
		}
	}
	return ""
}
