//! The few texts the app makes outside the window (notifications, the tray menu, the window's
//! title) in the window's language. The window's own texts are in ui/locales; these are the
//! same words where both say the same thing.

/// The languages the app speaks; English for anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    German,
}

impl Language {
    /// The language of a tag such as `de`, `de-CH` or `de_DE`; `None` for one the app does not
    /// speak.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Language::English),
            "de" => Some(Language::German),
            _ => None,
        }
    }

    /// The first of `tags` (most wanted first) that the app speaks; English if none.
    pub fn first_spoken(tags: &[String]) -> Language {
        tags.iter()
            .find_map(|tag| Language::from_tag(tag))
            .unwrap_or_default()
    }

    pub fn open_app(self) -> &'static str {
        match self {
            Language::English => "Open oHallo",
            Language::German => "oHallo öffnen",
        }
    }

    pub fn pause_notifications(self) -> &'static str {
        match self {
            Language::English => "Pause notifications",
            Language::German => "Benachrichtigungen pausieren",
        }
    }

    pub fn quit_app(self) -> &'static str {
        match self {
            Language::English => "Quit oHallo",
            Language::German => "oHallo beenden",
        }
    }

    /// The tray's line: "3 unread conversations".
    pub fn unread_conversations(self, count: usize) -> String {
        match (self, count) {
            (Language::English, 0) => "No unread conversations".into(),
            (Language::English, 1) => "1 unread conversation".into(),
            (Language::English, n) => format!("{n} unread conversations"),
            (Language::German, 0) => "Keine ungelesenen Unterhaltungen".into(),
            (Language::German, 1) => "1 ungelesene Unterhaltung".into(),
            (Language::German, n) => format!("{n} ungelesene Unterhaltungen"),
        }
    }

    /// The title's short count: "3 unread".
    pub fn unread(self, count: usize) -> String {
        match self {
            Language::English => format!("{count} unread"),
            Language::German => format!("{count} ungelesen"),
        }
    }

    /// "2 need a human", or `None` when nobody is waiting for one.
    pub fn needing_human(self, count: usize) -> Option<String> {
        match (self, count) {
            (_, 0) => None,
            (Language::English, 1) => Some("1 needs a human".into()),
            (Language::English, n) => Some(format!("{n} need a human")),
            (Language::German, 1) => Some("1 braucht einen Menschen".into()),
            (Language::German, n) => Some(format!("{n} brauchen einen Menschen")),
        }
    }

    /// Who a notification is about when the conversation names no contact.
    pub fn a_conversation(self) -> &'static str {
        match self {
            Language::English => "A conversation",
            Language::German => "Eine Unterhaltung",
        }
    }

    /// What an attention notification's title starts with.
    pub fn human_needed(self) -> &'static str {
        match self {
            Language::English => "A human is needed · ",
            Language::German => "Eingreifen nötig · ",
        }
    }

    /// "3 new messages" (never fewer than two: one message is shown as itself).
    pub fn new_messages(self, count: usize) -> String {
        match self {
            Language::English => format!("{count} new messages"),
            Language::German => format!("{count} neue Nachrichten"),
        }
    }

    /// A summary's title: "7 new messages in 4 conversations".
    pub fn new_messages_in(self, messages: usize, conversations: usize) -> String {
        match self {
            Language::English => {
                format!("{messages} new messages in {conversations} conversations")
            }
            Language::German => {
                format!("{messages} neue Nachrichten in {conversations} Unterhaltungen")
            }
        }
    }

    /// "From Ann, Bob" or "From Ann, Bob and 2 others".
    pub fn from_names(self, names: &str, others: usize) -> String {
        match (self, others) {
            (Language::English, 0) => format!("From {names}"),
            (Language::English, n) => format!("From {names} and {n} others"),
            (Language::German, 0) => format!("Von {names}"),
            (Language::German, n) => format!("Von {names} und {n} weiteren"),
        }
    }

    /// A documented channel's name; `None` for another, which is shown as it came.
    pub fn channel(self, channel: &str) -> Option<&'static str> {
        Some(match (self, channel) {
            (Language::English, "email") => "Email",
            (Language::German, "email") => "E-Mail",
            (_, "chat") => "Chat",
            (_, "whatsapp") => "WhatsApp",
            (Language::English, "voice") => "Voice",
            (Language::German, "voice") => "Telefon",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Language::{self, English, German};

    #[test]
    fn tags_name_a_language_by_their_first_part() {
        assert_eq!(Language::from_tag("de-CH"), Some(German));
        assert_eq!(Language::from_tag("de_DE"), Some(German));
        assert_eq!(Language::from_tag("EN"), Some(English));
        assert_eq!(Language::from_tag("fr-FR"), None);
        assert_eq!(
            Language::first_spoken(&["fr".into(), "de-AT".into()]),
            German
        );
        assert_eq!(Language::first_spoken(&[]), English);
    }

    #[test]
    fn counts_take_the_right_form_in_both_languages() {
        assert_eq!(English.unread_conversations(1), "1 unread conversation");
        assert_eq!(
            German.unread_conversations(0),
            "Keine ungelesenen Unterhaltungen"
        );
        assert_eq!(German.unread_conversations(1), "1 ungelesene Unterhaltung");
        assert_eq!(
            German.unread_conversations(4),
            "4 ungelesene Unterhaltungen"
        );
        assert_eq!(German.needing_human(0), None);
        assert_eq!(
            German.needing_human(1).as_deref(),
            Some("1 braucht einen Menschen")
        );
        assert_eq!(
            German.needing_human(2).as_deref(),
            Some("2 brauchen einen Menschen")
        );
        assert_eq!(
            German.from_names("Ann, Bob", 2),
            "Von Ann, Bob und 2 weiteren"
        );
    }

    #[test]
    fn channels_are_named_and_unknown_ones_left_alone() {
        assert_eq!(German.channel("email"), Some("E-Mail"));
        assert_eq!(English.channel("voice"), Some("Voice"));
        assert_eq!(German.channel("fax"), None);
    }
}
