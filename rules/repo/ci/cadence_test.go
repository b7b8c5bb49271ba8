package ci

import "testing"

func TestCadence(t *testing.T) {
	tests := []struct{ cron, want string }{
		{"0 6 1,15 * *", "twice a month (days 1 and 15) at 06:00"},
		{"0 6 * * 2", "weekly on Tuesday at 06:00"},
		{"0 */6 * * *", "every 6 hours"},
		{"0 2 * * *", "daily at 02:00"},
		{"0 9 * * 1-5", "on weekdays at 09:00"},
		{"0 0 1 * *", "monthly on day 1 at 00:00"},
		{"0 6 */14 * *", "every 14 days at 06:00"},
		{"@daily", "daily at 00:00"},
		{"@weekly", "weekly on Sunday at 00:00"},
		{"@monthly", "monthly on day 1 at 00:00"},
		{"@hourly", "hourly"},
		{"@yearly", "yearly on January 1 at 00:00"},
		{"30 4 * * MON", "weekly on Monday at 04:30"},
		{"0 6 * * mon,thu", "twice a week (Monday and Thursday) at 06:00"},
		{"0 6 * * 1,3,5", "3 times a week (Monday, Wednesday and Friday) at 06:00"},
		{"0 6 * * 7", "weekly on Sunday at 06:00"},
		{"0 6 * * 0,6", "on weekends at 06:00"},
		{"0 6,18 * * *", "twice daily at 06:00 and 18:00"},
		{"*/15 * * * *", "every 15 minutes"},
		{"15 * * * *", "hourly at minute 15"},
		{"0 */4 * * 1-5", "every 4 hours on weekdays"},
		{"0 3 1,10,20 * *", "3 times a month (days 1, 10 and 20) at 03:00"},
		{"0 6 1 1,7 *", "monthly on day 1 in January and July at 06:00"},
		{"0 6 1 */3 *", "monthly on day 1 every 3 months at 06:00"},
		{"0 12 25 12 *", "yearly on December 25 at 12:00"},
		{"0 6 1 * 1", "on day 1 of the month and on Monday at 06:00"},
		{"* 9 * * *", "every minute during hours 9"},
		{"  0 2 * * *  ", "daily at 02:00"},
	}
	for _, tt := range tests {
		got, err := Cadence(tt.cron)
		if err != nil {
			t.Errorf("Cadence(%q): %v", tt.cron, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Cadence(%q) = %q, want %q", tt.cron, got, tt.want)
		}
	}
}

func TestCadenceErrors(t *testing.T) {
	for _, cron := range []string{
		"", "0 6 * *", "0 6 * * * *", "60 6 * * *", "0 24 * * *", "0 6 0 * *",
		"0 6 * 13 *", "0 6 * * 8", "0 6 * * FUNDAY", "0 */0 * * *", "0 6 20-10 * *",
		"@fortnightly", "x y z w v",
	} {
		if got, err := Cadence(cron); err == nil {
			t.Errorf("Cadence(%q) = %q, want an error", cron, got)
		}
	}
}
