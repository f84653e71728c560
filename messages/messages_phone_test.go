package messages

import "testing"

func TestPhone(t *testing.T) {
	for in, want := range map[string]string{
		"+77773366100":  "+7\u00a0777\u00a0336\u00a061\u00a000",
		"+442079460958": "+442079460958",
		"+7777336610x":  "+7777336610x",
		"":              "",
	} {
		if got := Phone(in); got != want {
			t.Errorf("Phone(%q) = %q, want %q", in, got, want)
		}
	}
}
