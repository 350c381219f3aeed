//! When notifications keep quiet: a weekly schedule of quiet hours and "do not disturb" for a
//! while. Times are the user's wall-clock time, so the clock is always passed in.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const MINUTES_A_DAY: u16 = 24 * 60;
/// "Do not disturb until tomorrow" ends at this local time: the start of a working morning.
const TOMORROW_AT_HOUR: u32 = 8;

/// Quiet on the chosen days from `from_minute` to `to_minute` (minutes after local midnight). A
/// range that ends before it starts runs overnight into the next day: 22:00–07:00 on Friday is
/// quiet from Friday 22:00 to Saturday 07:00. Equal ends mean the whole day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct QuietHours {
    pub enabled: bool,
    /// Monday first.
    pub days: [bool; 7],
    pub from_minute: u16,
    pub to_minute: u16,
}

impl Default for QuietHours {
    fn default() -> Self {
        QuietHours {
            enabled: false,
            days: [true; 7],
            from_minute: 22 * 60,
            to_minute: 7 * 60,
        }
    }
}

impl QuietHours {
    /// Whether `local` (wall-clock time) falls in the quiet hours.
    pub fn covers(&self, local: NaiveDateTime) -> bool {
        if !self.enabled {
            return false;
        }
        let minute = u16::try_from(local.hour() * 60 + local.minute()).unwrap_or(0);
        let today = local.weekday().num_days_from_monday() as usize;
        let yesterday = (today + 6) % 7;
        let (from, to) = (self.from_minute, self.to_minute);
        if from < to {
            self.days[today] && (from..to).contains(&minute)
        } else if from > to {
            (self.days[today] && minute >= from) || (self.days[yesterday] && minute < to)
        } else {
            self.days[today]
        }
    }

    /// Whether the times are minutes of a day.
    pub fn is_valid(&self) -> bool {
        self.from_minute < MINUTES_A_DAY && self.to_minute < MINUTES_A_DAY
    }
}

/// What the "Do not disturb" buttons ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DoNotDisturb {
    Off,
    OneHour,
    UntilTomorrow,
}

impl DoNotDisturb {
    /// Until when, from `now` in the user's time zone; `None` for off.
    pub fn until<Tz: TimeZone>(self, now: &DateTime<Tz>) -> Option<DateTime<Utc>> {
        match self {
            DoNotDisturb::Off => None,
            DoNotDisturb::OneHour => Some(now.to_utc() + Duration::hours(1)),
            DoNotDisturb::UntilTomorrow => {
                let morning = now.date_naive().succ_opt().and_then(|day| {
                    day.and_time(NaiveTime::from_hms_opt(TOMORROW_AT_HOUR, 0, 0)?)
                        .and_local_timezone(now.timezone())
                        // A morning a clock change skips is no morning: an hour later then.
                        .earliest()
                        .or_else(|| {
                            (day.and_time(NaiveTime::from_hms_opt(TOMORROW_AT_HOUR + 1, 0, 0)?))
                                .and_local_timezone(now.timezone())
                                .earliest()
                        })
                });
                Some(morning.map_or(now.to_utc() + Duration::hours(24), |m| m.to_utc()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, NaiveDate};

    /// 2026-12-07 is a Monday.
    fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap()
    }

    fn hours(from: (u16, u16), to: (u16, u16), days: [bool; 7]) -> QuietHours {
        QuietHours {
            enabled: true,
            days,
            from_minute: from.0 * 60 + from.1,
            to_minute: to.0 * 60 + to.1,
        }
    }

    #[test]
    fn a_daytime_range_covers_its_days_from_its_start_to_before_its_end() {
        let lunch = hours(
            (12, 0),
            (13, 30),
            [true, true, true, true, true, false, false],
        );
        assert!(!lunch.covers(at(7, 11, 59)));
        assert!(lunch.covers(at(7, 12, 0)));
        assert!(lunch.covers(at(7, 13, 29)));
        assert!(!lunch.covers(at(7, 13, 30)));
        assert!(!lunch.covers(at(12, 12, 30)), "not on Saturday");
        assert!(!QuietHours {
            enabled: false,
            ..lunch
        }
        .covers(at(7, 12, 30)));
    }

    #[test]
    fn an_overnight_range_runs_from_its_day_into_the_next_morning() {
        // Weeknights only: Monday to Thursday evenings, and Friday evening into Saturday.
        let nights = hours(
            (22, 0),
            (7, 0),
            [true, true, true, true, true, false, false],
        );
        assert!(!nights.covers(at(7, 21, 59)), "Monday evening before");
        assert!(nights.covers(at(7, 22, 0)), "Monday night");
        assert!(nights.covers(at(8, 6, 59)), "Tuesday early, Monday's night");
        assert!(!nights.covers(at(8, 7, 0)), "Tuesday morning");
        assert!(
            nights.covers(at(12, 3, 0)),
            "Saturday early, Friday's night"
        );
        assert!(
            !nights.covers(at(12, 23, 0)),
            "Saturday night is not chosen"
        );
        assert!(!nights.covers(at(7, 3, 0)), "Monday early, Sunday's night");
    }

    #[test]
    fn equal_ends_make_the_whole_day_quiet() {
        let sunday = hours(
            (0, 0),
            (0, 0),
            [false, false, false, false, false, false, true],
        );
        assert!(sunday.covers(at(13, 0, 0)));
        assert!(sunday.covers(at(13, 23, 59)));
        assert!(!sunday.covers(at(14, 0, 0)));
    }

    #[test]
    fn times_past_a_day_are_refused() {
        assert!(QuietHours::default().is_valid());
        assert!(!QuietHours {
            to_minute: MINUTES_A_DAY,
            ..QuietHours::default()
        }
        .is_valid());
    }

    #[test]
    fn do_not_disturb_lasts_an_hour_or_until_eight_tomorrow_in_local_time() {
        let berlin = FixedOffset::east_opt(3600).unwrap();
        let now = berlin.from_local_datetime(&at(7, 23, 30)).unwrap();
        assert_eq!(
            DoNotDisturb::OneHour.until(&now),
            Some(now.to_utc() + Duration::hours(1))
        );
        let morning = berlin.from_local_datetime(&at(8, 8, 0)).unwrap();
        assert_eq!(
            DoNotDisturb::UntilTomorrow.until(&now),
            Some(morning.to_utc())
        );
        assert_eq!(DoNotDisturb::Off.until(&now), None);
    }
}
