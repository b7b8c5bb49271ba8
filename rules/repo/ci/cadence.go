package ci

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// shorthands are the cron macros and their 5-field forms.
var shorthands = map[string]string{
	"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
	"@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
}

var (
	monthNames = []string{"", "January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
	dayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
)

// cronField is one parsed field: the values it selects, and its step when
// it is "*/n" (every n units from the first).
type cronField struct {
	values []int
	any    bool // "*"
	step   int  // n of "*/n", 0 otherwise
}

// Cadence describes a 5-field cron expression (or a macro such as
// "@daily") the way a person would say it: "0 6 * * 2" is "weekly on
// Tuesday at 06:00". It fails on what cron would reject.
func Cadence(cron string) (string, error) {
	expr := strings.TrimSpace(cron)
	if full, ok := shorthands[strings.ToLower(expr)]; ok {
		expr = full
	}
	fs := strings.Fields(expr)
	if len(fs) != 5 {
		return "", fmt.Errorf("cron %q: want 5 fields, have %d", cron, len(fs))
	}
	var f [5]cronField
	limits := [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}}
	names := [5][]string{nil, nil, nil, monthNames, dayNames}
	for i, text := range fs {
		var err error
		if f[i], err = parseField(text, limits[i][0], limits[i][1], names[i]); err != nil {
			return "", fmt.Errorf("cron %q: %w", cron, err)
		}
	}
	f[4] = sundayIsZero(f[4])
	return describe(f[0], f[1], f[2], f[3], f[4]), nil
}

func parseField(text string, lo, hi int, names []string) (cronField, error) {
	if text == "*" || text == "?" {
		return cronField{any: true, values: span(lo, hi, 1)}, nil
	}
	var f cronField
	seen := map[int]bool{}
	for _, part := range strings.Split(text, ",") {
		rng, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n <= 0 {
				return f, fmt.Errorf("bad step %q", part)
			}
			step = n
		}
		from, to := lo, hi
		switch {
		case rng == "*":
			if hasStep && !strings.Contains(text, ",") {
				f.step = step
			}
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			var err error
			if from, err = cronValue(a, lo, hi, names); err != nil {
				return f, err
			}
			if to, err = cronValue(b, lo, hi, names); err != nil {
				return f, err
			}
			if from > to {
				return f, fmt.Errorf("range %q runs backwards", rng)
			}
		default:
			v, err := cronValue(rng, lo, hi, names)
			if err != nil {
				return f, err
			}
			from = v
			if !hasStep {
				to = v
			}
		}
		for _, v := range span(from, to, step) {
			if !seen[v] {
				seen[v] = true
				f.values = append(f.values, v)
			}
		}
	}
	slices.Sort(f.values)
	return f, nil
}

func cronValue(s string, lo, hi int, names []string) (int, error) {
	for i, n := range names {
		if n != "" && strings.EqualFold(s, n[:3]) {
			return i, nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("value %q is not a number from %d to %d", s, lo, hi)
	}
	return v, nil
}

// sundayIsZero folds day 7 into 0, as cron reads both as Sunday.
func sundayIsZero(f cronField) cronField {
	if f.any || len(f.values) == 0 || f.values[len(f.values)-1] != 7 {
		return f
	}
	vals := f.values[:len(f.values)-1]
	if len(vals) == 0 || vals[0] != 0 {
		vals = append([]int{0}, vals...)
	}
	f.values = vals
	f.any = len(vals) == 7
	return f
}

func describe(minute, hour, dom, month, dow cronField) string {
	days := dayPhrase(dom, month, dow)
	switch {
	case minute.any:
		return joinPhrase("every minute", hourWindow(hour), days)
	case minute.step > 0 && hour.any:
		return joinPhrase(fmt.Sprintf("every %d minutes", minute.step), "", days)
	case len(minute.values) == 1 && hour.step > 0:
		s := fmt.Sprintf("every %d hours", hour.step)
		if minute.values[0] != 0 {
			s += fmt.Sprintf(" at minute %d", minute.values[0])
		}
		return joinPhrase(s, "", days)
	case len(minute.values) == 1 && hour.any:
		s := "hourly"
		if minute.values[0] != 0 {
			s += fmt.Sprintf(" at minute %d", minute.values[0])
		}
		return joinPhrase(s, "", days)
	case len(minute.values) == 1 && len(hour.values) <= 4:
		times := make([]string, len(hour.values))
		for i, h := range hour.values {
			times[i] = fmt.Sprintf("%02d:%02d", h, minute.values[0])
		}
		at := "at " + andList(times)
		switch {
		case days == "daily" && len(times) == 2:
			return "twice daily " + at
		case days == "daily" && len(times) > 2:
			return fmt.Sprintf("%d times a day %s", len(times), at)
		}
		return days + " " + at
	}
	return joinPhrase(fmt.Sprintf("at minutes %s past hours %s", intList(minute.values), intList(hour.values)), "", days)
}

// hourWindow names the hours of an every-minute schedule.
func hourWindow(hour cronField) string {
	if hour.any {
		return ""
	}
	return "during hours " + intList(hour.values)
}

// joinPhrase puts a frequency, an optional window and the days together;
// "daily" goes without saying after "every 6 hours".
func joinPhrase(freq, window, days string) string {
	s := freq
	if window != "" {
		s += " " + window
	}
	if days != "daily" {
		s += " " + days
	}
	return s
}

func dayPhrase(dom, month, dow cronField) string {
	in := ""
	if !month.any {
		if month.step > 0 {
			in = fmt.Sprintf(" every %d months", month.step)
		} else {
			in = " in " + andList(pick(monthNames, month.values))
		}
	}
	switch {
	case dom.any && dow.any:
		if in != "" {
			return "daily" + in
		}
		return "daily"
	case dom.any:
		return weekPhrase(dow) + in
	case dow.any && len(dom.values) == 1 && len(month.values) == 1:
		return "yearly on " + monthNames[month.values[0]] + " " + strconv.Itoa(dom.values[0])
	case dow.any:
		return monthPhrase(dom) + in
	}
	// Both restricted: cron runs on either.
	return "on day " + intList(dom.values) + " of the month and on " + andList(pick(dayNames, dow.values)) + in
}

func weekPhrase(dow cronField) string {
	names := pick(dayNames, dow.values)
	switch {
	case slices.Equal(dow.values, []int{1, 2, 3, 4, 5}):
		return "on weekdays"
	case slices.Equal(dow.values, []int{0, 6}):
		return "on weekends"
	case len(names) == 1:
		return "weekly on " + names[0]
	case len(names) == 2:
		return "twice a week (" + andList(names) + ")"
	}
	return fmt.Sprintf("%d times a week (%s)", len(names), andList(names))
}

func monthPhrase(dom cronField) string {
	days := dom.values
	switch {
	case dom.step > 0:
		return fmt.Sprintf("every %d days", dom.step)
	case len(days) == 1:
		return "monthly on day " + strconv.Itoa(days[0])
	case len(days) == 2:
		return "twice a month (days " + intList(days) + ")"
	}
	return fmt.Sprintf("%d times a month (days %s)", len(days), intList(days))
}

func span(from, to, step int) []int {
	var out []int
	for v := from; v <= to; v += step {
		out = append(out, v)
	}
	return out
}

func pick(names []string, idx []int) []string {
	out := make([]string, len(idx))
	for i, v := range idx {
		out[i] = names[v]
	}
	return out
}

func intList(vs []int) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.Itoa(v)
	}
	return andList(s)
}

// andList joins "a, b and c".
func andList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
