package messages

import (
	"fmt"
	"time"
)

// KazakhDate is t's day and month in Kazakh words, in a grammatical case,
// for a date a postposition governs: "9 желтоқсанға дейін" (dative, "dat"),
// "9 желтоқсанды қоса алғанда" (accusative, "acc"), "9 желтоқсаннан
// кешіктірмей" (ablative, "abl"), or "9 желтоқсан" ("nom"). A numeric
// date cannot take the ending: it depends on how the date is read. The
// year is left out: the dates said this way are days or weeks away.
func KazakhDate(t time.Time, gcase string) (string, error) {
	forms, ok := kazakhMonths[gcase]
	if !ok {
		return "", fmt.Errorf("kazakh date: unknown case %q", gcase)
	}
	return fmt.Sprintf("%d %s", t.Day(), forms[t.Month()-1]), nil
}

// kazakhMonths are the month names by case, with the endings each takes by
// vowel harmony and its last sound.
var kazakhMonths = map[string][12]string{
	"nom": {"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"},
	"dat": {"қаңтарға", "ақпанға", "наурызға", "сәуірге", "мамырға", "маусымға", "шілдеге", "тамызға", "қыркүйекке", "қазанға", "қарашаға", "желтоқсанға"},
	"acc": {"қаңтарды", "ақпанды", "наурызды", "сәуірді", "мамырды", "маусымды", "шілдені", "тамызды", "қыркүйекті", "қазанды", "қарашаны", "желтоқсанды"},
	"abl": {"қаңтардан", "ақпаннан", "наурыздан", "сәуірден", "мамырдан", "маусымнан", "шілдеден", "тамыздан", "қыркүйектен", "қазаннан", "қарашадан", "желтоқсаннан"},
}
