//! When an open "needs a human" item is due to be said again: a customer waiting on a handover
//! is the costliest miss, so the engine repeats it every so often while it stays open and
//! nobody has taken the conversation over. Whether the user wants repeats is the shell's
//! filter (`worth_showing`); the engine keeps the time either way.

use std::collections::HashMap;
use std::time::{Duration, Instant};

pub(crate) struct RepeatClock {
    every: Duration,
    /// When each open item was last said (or, taken over, last seen so).
    last: HashMap<String, Instant>,
}

impl RepeatClock {
    pub(crate) fn new(every: Duration) -> RepeatClock {
        RepeatClock {
            every,
            last: HashMap::new(),
        }
    }

    /// Whether any item may be due by `now`: the engine then reads the items at once, so an
    /// item handled meanwhile is not repeated.
    pub(crate) fn any_due(&self, now: Instant) -> bool {
        self.last
            .values()
            .any(|&said| now.saturating_duration_since(said) >= self.every)
    }

    /// The open items (id, whether their conversation is taken over) as just read: returns those
    /// to say again now. An item seen for the first time starts its clock; one no longer open is
    /// forgotten; a taken-over one restarts its clock, so a release back to the AI waits a whole
    /// interval before the next repeat.
    pub(crate) fn due(&mut self, open: &[(&str, bool)], now: Instant) -> Vec<String> {
        self.last
            .retain(|id, _| open.iter().any(|(open_id, _)| open_id == id));
        let mut due = Vec::new();
        for &(id, taken_over) in open {
            let said = *self.last.entry(id.to_string()).or_insert(now);
            if taken_over {
                self.last.insert(id.to_string(), now);
            } else if now.saturating_duration_since(said) >= self.every {
                self.last.insert(id.to_string(), now);
                due.push(id.to_string());
            }
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERY: Duration = Duration::from_secs(120);

    #[test]
    fn an_open_item_repeats_every_interval_until_it_is_no_longer_open() {
        let mut clock = RepeatClock::new(EVERY);
        let start = Instant::now();
        assert!(clock.due(&[("a", false)], start).is_empty(), "just said");
        let almost = start + EVERY - Duration::from_secs(1);
        assert!(!clock.any_due(almost));
        assert!(clock.due(&[("a", false)], almost).is_empty());
        let after = start + EVERY;
        assert!(clock.any_due(after));
        assert_eq!(clock.due(&[("a", false)], after), ["a"]);
        assert!(clock.due(&[("a", false)], after).is_empty(), "once");
        assert_eq!(clock.due(&[("a", false)], after + EVERY), ["a"]);

        assert!(clock.due(&[], after + 2 * EVERY).is_empty());
        assert!(!clock.any_due(after + 10 * EVERY), "handled: forgotten");
    }

    #[test]
    fn a_taken_over_conversation_does_not_repeat_and_a_release_waits_an_interval() {
        let mut clock = RepeatClock::new(EVERY);
        let start = Instant::now();
        clock.due(&[("a", false), ("b", false)], start);
        let later = start + EVERY;
        assert_eq!(clock.due(&[("a", true), ("b", false)], later), ["b"]);
        assert!(clock
            .due(&[("a", true), ("b", false)], later + EVERY / 2)
            .is_empty());
        let released = later + EVERY / 2;
        assert!(clock.due(&[("a", false)], released).is_empty());
        assert_eq!(clock.due(&[("a", false)], released + EVERY), ["a"]);
    }
}
