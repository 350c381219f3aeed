use parking_lot::Mutex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::atomic_file::{read_json, write_json};
use crate::qualified::from_before_accounts;
use crate::quiet_hours::{DoNotDisturb, QuietHours};
use crate::LocalError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NotificationPreferences {
    /// No notifications at all while set; the sync goes on, so nothing is lost meanwhile.
    pub paused: bool,
    /// Conversations that never notify.
    pub muted: BTreeSet<String>,
    pub rules: NotificationRules,
    /// Nothing is shown before this time; the "Do not disturb" buttons set it.
    pub do_not_disturb_until: Option<DateTime<Utc>>,
}

/// What the settings dialog tunes. Every field has a default, so a file from before any of
/// them loads unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NotificationRules {
    /// Which conversations notify, by workspace id; a workspace not listed notifies for all.
    pub workspaces: BTreeMap<String, NotifyFor>,
    pub quiet_hours: QuietHours,
    /// Say an open "needs a human" item again every few minutes until it is handled or its
    /// conversation is taken over.
    pub repeat_needs_human: bool,
}

/// What in a workspace is worth a notification.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum NotifyFor {
    /// Every customer message and every "needs a human" item.
    #[default]
    All,
    /// Customer messages in conversations a person handles, and "needs a human" items (they ask
    /// for a person).
    HumanQueue,
    /// "Needs a human" items only.
    NeedsHuman,
}

impl NotificationPreferences {
    /// Whether nothing may be shown now: do not disturb, quiet hours (in the time zone of
    /// `now`), or the desktop's own do-not-disturb.
    pub fn quiet<Tz: TimeZone>(&self, now: &DateTime<Tz>, desktop_quiet: bool) -> bool {
        desktop_quiet
            || self
                .do_not_disturb_until
                .is_some_and(|until| now.to_utc() < until)
            || self.rules.quiet_hours.covers(now.naive_local())
    }

    pub fn notify_for(&self, workspace_id: &str) -> NotifyFor {
        self.rules
            .workspaces
            .get(workspace_id)
            .copied()
            .unwrap_or_default()
    }
}

/// The user's notification choices, kept on disk.
pub struct Preferences {
    path: PathBuf,
    current: Mutex<NotificationPreferences>,
}

impl Preferences {
    /// Conversations and workspaces are named by qualified id (crate::qualified); a file from
    /// before there could be several accounts named the first account's bare ones.
    pub fn open(path: PathBuf) -> Result<Preferences, LocalError> {
        let mut current: NotificationPreferences = read_json(&path)?;
        current.muted = std::mem::take(&mut current.muted)
            .into_iter()
            .map(from_before_accounts)
            .collect();
        current.rules.workspaces = std::mem::take(&mut current.rules.workspaces)
            .into_iter()
            .map(|(workspace, rule)| (from_before_accounts(workspace), rule))
            .collect();
        Ok(Preferences {
            current: Mutex::new(current),
            path,
        })
    }

    pub fn get(&self) -> NotificationPreferences {
        self.current.lock().clone()
    }

    pub fn set_paused(&self, paused: bool) -> Result<NotificationPreferences, LocalError> {
        self.update(|p| p.paused = paused)
    }

    pub fn set_muted(
        &self,
        conversation_id: &str,
        muted: bool,
    ) -> Result<NotificationPreferences, LocalError> {
        self.update(|p| {
            if muted {
                p.muted.insert(conversation_id.to_string());
            } else {
                p.muted.remove(conversation_id);
            }
        })
    }

    pub fn set_rules(
        &self,
        rules: NotificationRules,
    ) -> Result<NotificationPreferences, LocalError> {
        self.update(|p| p.rules = rules)
    }

    pub fn set_do_not_disturb<Tz: TimeZone>(
        &self,
        choice: DoNotDisturb,
        now: &DateTime<Tz>,
    ) -> Result<NotificationPreferences, LocalError> {
        self.update(|p| p.do_not_disturb_until = choice.until(now))
    }

    fn update(
        &self,
        change: impl FnOnce(&mut NotificationPreferences),
    ) -> Result<NotificationPreferences, LocalError> {
        let mut current = self.current.lock();
        change(&mut current);
        write_json(&self.path, &*current)?;
        Ok(current.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pausing_and_muting_are_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("preferences.json");
        let preferences = Preferences::open(path.clone()).unwrap();
        assert!(!preferences.get().paused);
        preferences.set_muted("main|c1", true).unwrap();
        preferences.set_muted("a2|c2", true).unwrap();
        preferences.set_muted("a2|c2", false).unwrap();
        preferences.set_paused(true).unwrap();

        let reopened = Preferences::open(path).unwrap();
        assert!(reopened.get().paused);
        assert_eq!(
            reopened.get().muted,
            BTreeSet::from(["main|c1".to_string()])
        );
    }

    #[test]
    fn a_file_from_before_the_rules_loads_with_their_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("preferences.json");
        std::fs::write(&path, r#"{"paused":false,"muted":["c1"]}"#).unwrap();
        let preferences = Preferences::open(path).unwrap().get();
        assert!(preferences.muted.contains("main|c1"));
        assert_eq!(preferences.rules, NotificationRules::default());
        assert_eq!(preferences.notify_for("w1"), NotifyFor::All);
        assert_eq!(preferences.do_not_disturb_until, None);
    }

    #[test]
    fn mutes_and_rules_saved_before_accounts_are_the_first_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("preferences.json");
        std::fs::write(
            &path,
            r#"{"muted":["c1","a2|c2"],"rules":{"workspaces":{"w1":"needsHuman"}}}"#,
        )
        .unwrap();
        let preferences = Preferences::open(path).unwrap().get();
        assert_eq!(
            preferences.muted,
            BTreeSet::from(["main|c1".to_string(), "a2|c2".to_string()])
        );
        assert_eq!(preferences.notify_for("main|w1"), NotifyFor::NeedsHuman);
    }

    #[test]
    fn rules_and_do_not_disturb_are_remembered_and_make_it_quiet_until_they_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("preferences.json");
        let preferences = Preferences::open(path.clone()).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap();
        let mut rules = NotificationRules::default();
        rules
            .workspaces
            .insert("a2|w1".into(), NotifyFor::NeedsHuman);
        rules.quiet_hours.enabled = true;
        rules.repeat_needs_human = true;
        preferences.set_rules(rules.clone()).unwrap();
        preferences
            .set_do_not_disturb(DoNotDisturb::OneHour, &now)
            .unwrap();

        let reopened = Preferences::open(path).unwrap().get();
        assert_eq!(reopened.rules, rules);
        assert_eq!(reopened.notify_for("a2|w1"), NotifyFor::NeedsHuman);
        assert_eq!(reopened.notify_for("a2|w2"), NotifyFor::All);
        assert!(reopened.quiet(&now, false), "do not disturb");
        let later = now + chrono::Duration::minutes(61);
        assert!(!reopened.quiet(&later, false), "the hour is over");
        assert!(reopened.quiet(&later, true), "the desktop's own");
        let night = Utc.with_ymd_and_hms(2026, 12, 7, 23, 0, 0).unwrap();
        assert!(reopened.quiet(&night, false), "quiet hours");
    }
}
