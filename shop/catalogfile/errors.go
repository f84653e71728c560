package catalogfile

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrUnknownFormat is returned (wrapped) by Parse when the file name does not
// end in .csv, .yaml or .yml.
var ErrUnknownFormat = errors.New("unknown catalog file format")

// Error is returned by Parse when the file has problems; it lists every one of
// them, so the whole file can be fixed in one go.
type Error struct {
	Name     string // the file name given to Parse
	Problems []Problem
}

// Problem is one thing wrong with a catalog file.
type Problem struct {
	Line int // 1-based line in the file; 0 for the file as a whole
	Msg  string
}

// Error prints one problem a line, as "catalog.csv:12: price must be ...".
func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s", e.Name, p.Line, p.Msg)
		} else {
			fmt.Fprintf(&b, "%s: %s", e.Name, p.Msg)
		}
	}
	return b.String()
}

// maxProblems bounds the report: a file that is wrong everywhere (say, the
// wrong file uploaded) needs one look, not a hundred thousand lines.
const maxProblems = 100

// problems collects what Parse finds.
type problems struct {
	list []Problem
	full bool // maxProblems reached: parsers stop early
}

func (p *problems) add(line int, format string, args ...any) {
	if p.full {
		return
	}
	if len(p.list) == maxProblems {
		p.full = true
		return
	}
	p.list = append(p.list, Problem{Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (p *problems) addErr(line int, err error) {
	if err != nil {
		p.add(line, "%s", err.Error())
	}
}

func (p *problems) empty() bool { return len(p.list) == 0 }

// err returns the problems in line order as an *Error, or nil.
func (p *problems) err(name string) error {
	if p.empty() {
		return nil
	}
	list := slices.Clone(p.list)
	slices.SortStableFunc(list, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	if p.full {
		list = append(list, Problem{Msg: fmt.Sprintf("too many problems: only the first %d are listed", maxProblems)})
	}
	return &Error{Name: name, Problems: list}
}
