//! Turns announcements into notification texts: one per conversation, or a single summary when
//! many arrive at once (e.g. after the app was closed for a while).

use crate::sync::Announcement;

/// More customer messages than this in one batch are summarised instead of shown one by one.
const SUMMARY_THRESHOLD: usize = 3;
const EXCERPT_CHARS: usize = 140;

#[derive(Debug, Clone, PartialEq)]
pub struct NotificationText {
    pub title: String,
    /// Already escaped for freedesktop body markup.
    pub body: String,
    /// The conversation a click opens; `None` for a summary of several.
    pub conversation_id: Option<String>,
}

pub fn notification_texts(announcements: &[Announcement]) -> Vec<NotificationText> {
    let messages: usize = announcements.iter().map(|a| a.messages.len().max(1)).sum();
    if announcements.len() > 1 && messages > SUMMARY_THRESHOLD {
        return vec![summary(announcements, messages)];
    }
    announcements.iter().map(single).collect()
}

fn single(announcement: &Announcement) -> NotificationText {
    let who = if announcement.contact.is_empty() {
        "A conversation".to_string()
    } else {
        announcement.contact.clone()
    };
    let (title, body) = match (&announcement.attention, announcement.messages.as_slice()) {
        (Some(reason), _) => (format!("A human is needed · {who}"), excerpt(reason)),
        (None, [only]) => (title_for(&who, announcement), excerpt(only)),
        (None, many) => (
            title_for(&who, announcement),
            format!(
                "{} new messages · {}",
                many.len(),
                excerpt(many.last().map_or("", String::as_str))
            ),
        ),
    };
    NotificationText {
        title: plain(&title),
        body: escape_markup(&body),
        conversation_id: Some(announcement.conversation_id.clone()),
    }
}

fn title_for(who: &str, announcement: &Announcement) -> String {
    match announcement.channel.as_deref().map(channel_label) {
        Some(channel) => format!("{who} · {channel}"),
        None => who.to_string(),
    }
}

fn summary(announcements: &[Announcement], messages: usize) -> NotificationText {
    let mut names: Vec<&str> = Vec::new();
    for announcement in announcements {
        let name = announcement.contact.as_str();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    let from = match names.len() {
        0 => String::new(),
        1..=3 => format!("From {}", names.join(", ")),
        n => format!("From {} and {} others", names[..2].join(", "), n - 2),
    };
    NotificationText {
        title: format!(
            "{messages} new messages in {} conversations",
            announcements.len()
        ),
        body: escape_markup(&plain(&from)),
        conversation_id: None,
    }
}

fn channel_label(channel: &str) -> String {
    match channel {
        "email" => "Email".into(),
        "chat" => "Chat".into(),
        "whatsapp" => "WhatsApp".into(),
        "voice" => "Voice".into(),
        other => plain(other),
    }
}

/// The start of a message on one line, without control or direction-override characters that
/// could disguise what the notification says.
fn excerpt(text: &str) -> String {
    let flat = plain(text);
    let words: Vec<&str> = flat.split_whitespace().collect();
    let line = words.join(" ");
    if line.chars().count() <= EXCERPT_CHARS {
        return line;
    }
    let cut: String = line.chars().take(EXCERPT_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !is_invisible_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// freedesktop servers may render a subset of HTML in bodies; customer text must stay text.
pub fn escape_markup(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: &str, contact: &str, messages: &[&str]) -> Announcement {
        Announcement {
            conversation_id: id.into(),
            contact: contact.into(),
            channel: Some("whatsapp".into()),
            messages: messages.iter().map(|m| m.to_string()).collect(),
            attention: None,
        }
    }

    #[test]
    fn one_message_names_the_contact_and_channel_and_escapes_markup() {
        let texts =
            notification_texts(&[customer("c1", "Jane", &["<b>Hi</b> & \"bye\"\nline two"])]);
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].title, "Jane · WhatsApp");
        assert_eq!(
            texts[0].body,
            "&lt;b&gt;Hi&lt;/b&gt; &amp; &quot;bye&quot; line two"
        );
        assert_eq!(texts[0].conversation_id.as_deref(), Some("c1"));
    }

    #[test]
    fn several_messages_in_one_conversation_make_one_notification() {
        let texts = notification_texts(&[customer("c1", "Jane", &["one", "two", "three", "four"])]);
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].body, "4 new messages · four");
    }

    #[test]
    fn more_than_three_messages_across_conversations_are_summarised() {
        let batch = [
            customer("a", "Ann", &["1", "2"]),
            customer("b", "Bob", &["3"]),
            customer("c", "Cy", &["4"]),
            customer("d", "Di", &["5"]),
        ];
        let texts = notification_texts(&batch);
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].title, "5 new messages in 4 conversations");
        assert_eq!(texts[0].body, "From Ann, Bob and 2 others");
        assert_eq!(texts[0].conversation_id, None);

        let few = notification_texts(&batch[1..4]);
        assert_eq!(few.len(), 3, "three are shown one by one");
    }

    #[test]
    fn long_text_is_cut_and_direction_overrides_are_dropped() {
        let long = format!("\u{202E}{}", "x".repeat(500));
        let texts = notification_texts(&[customer("c", "Eve\u{202E}", &[&long])]);
        assert_eq!(texts[0].title, "Eve · WhatsApp");
        assert_eq!(texts[0].body.chars().count(), EXCERPT_CHARS);
        assert!(texts[0].body.ends_with('…'));
    }

    #[test]
    fn an_attention_item_says_a_human_is_needed() {
        let item = Announcement {
            conversation_id: "c9".into(),
            contact: String::new(),
            channel: None,
            messages: Vec::new(),
            attention: Some("Customer asked for a manager".into()),
        };
        let texts = notification_texts(&[item]);
        assert_eq!(texts[0].title, "A human is needed · A conversation");
        assert_eq!(texts[0].body, "Customer asked for a manager");
    }
}
