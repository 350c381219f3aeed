//! Turns announcements into notification texts: one per conversation, or a single summary when
//! many arrive at once (e.g. after the app was closed for a while).

use crate::language::Language;
use crate::preferences::{NotificationPreferences, NotifyFor};
use crate::sync::Announcement;

/// More customer messages than this in one batch are summarised instead of shown one by one.
const SUMMARY_THRESHOLD: usize = 3;
const EXCERPT_CHARS: usize = 140;
/// Titles are customer-chosen names; past this they would only push the message off the card.
const TITLE_CHARS: usize = 80;
/// More combining marks than this after one base character are dropped, as in the window
/// (ui/text.js): real scripts need a few, "Zalgo" text stacks thousands.
const MAX_MARKS: usize = 4;

#[derive(Debug, Clone, PartialEq)]
pub struct NotificationText {
    pub title: String,
    /// Plain text. Only the shell knows whether the notification server renders markup (the
    /// freedesktop ones on Linux do), so it escapes there and nowhere else.
    pub body: String,
    /// The conversation a click opens; `None` for a summary of several.
    pub conversation_id: Option<String>,
    /// The customer messages the text counts (with those of the card it replaces).
    pub messages: usize,
}

/// What of a batch the user wants to see: nothing while paused or `quiet` (quiet hours, do not
/// disturb, the desktop's own), nothing of a muted conversation or of the one they are reading
/// right now, only what the workspace's rule asks for, and repeats only when asked for. What is
/// dropped while quiet is not kept for later: the counts (tray, title, launcher) still show it.
pub fn worth_showing(
    batch: Vec<Announcement>,
    preferences: &NotificationPreferences,
    reading: Option<&str>,
    quiet: bool,
) -> Vec<Announcement> {
    if preferences.paused || quiet {
        return Vec::new();
    }
    batch
        .into_iter()
        .filter(|a| !preferences.muted.contains(&a.conversation_id))
        .filter(|a| reading != Some(a.conversation_id.as_str()))
        .filter(|a| !a.repeat || preferences.rules.repeat_needs_human)
        .filter(|a| match preferences.notify_for(&a.workspace_id) {
            NotifyFor::All => true,
            NotifyFor::HumanQueue => a.attention.is_some() || a.human_queue,
            NotifyFor::NeedsHuman => a.attention.is_some(),
        })
        .collect()
}

/// One text per conversation, or a single summary when many customer messages arrive at once.
/// "Needs a human" items are never folded into a summary: each is the costliest miss, and keeps
/// its own card. `earlier` says how many messages the conversation's card on screen already
/// counts, so its replacement counts them all.
pub fn notification_texts(
    announcements: &[Announcement],
    language: Language,
    earlier: impl Fn(&str) -> usize,
) -> Vec<NotificationText> {
    let (attention, customer): (Vec<&Announcement>, Vec<&Announcement>) =
        announcements.iter().partition(|a| a.attention.is_some());
    let messages: usize = customer.iter().map(|a| a.messages.len()).sum();
    let mut texts: Vec<NotificationText> = attention
        .iter()
        .map(|a| single(a, earlier(&a.conversation_id), language))
        .collect();
    if customer.len() > 1 && messages > SUMMARY_THRESHOLD {
        texts.push(summary(&customer, messages, language));
    } else {
        texts.extend(
            customer
                .iter()
                .map(|a| single(a, earlier(&a.conversation_id), language)),
        );
    }
    texts
}

fn single(announcement: &Announcement, earlier: usize, language: Language) -> NotificationText {
    let who = if announcement.contact.is_empty() {
        language.a_conversation()
    } else {
        announcement.contact.as_str()
    };
    let messages = earlier + announcement.messages.len();
    let (title, body) = match (&announcement.attention, announcement.messages.last()) {
        (Some(reason), _) => (
            title_line(language.human_needed(), who, ""),
            excerpt(reason),
        ),
        (None, Some(last)) if messages > 1 => (
            title_for(who, announcement, language),
            format!("{} · {}", language.new_messages(messages), excerpt(last)),
        ),
        (None, last) => (
            title_for(who, announcement, language),
            excerpt(last.map_or("", String::as_str)),
        ),
    };
    NotificationText {
        title,
        body,
        conversation_id: Some(announcement.conversation_id.clone()),
        messages,
    }
}

fn title_for(who: &str, announcement: &Announcement, language: Language) -> String {
    let channel_label = |channel: &str| {
        language
            .channel(channel)
            .map_or_else(|| one_line(channel), str::to_owned)
    };
    match announcement.channel.as_deref().map(channel_label) {
        Some(channel) => title_line("", who, &format!(" · {channel}")),
        None => title_line("", who, ""),
    }
}

/// `prefix`, the customer-chosen `who` and `suffix` on one line of at most TITLE_CHARS: the name
/// is what gets cut, so what the notification is about stays readable.
fn title_line(prefix: &str, who: &str, suffix: &str) -> String {
    let fixed = prefix.chars().count() + suffix.chars().count();
    let who = cut(&one_line(who), TITLE_CHARS.saturating_sub(fixed).max(1));
    cut(&format!("{prefix}{who}{suffix}"), TITLE_CHARS)
}

fn summary(
    announcements: &[&Announcement],
    messages: usize,
    language: Language,
) -> NotificationText {
    let mut names: Vec<&str> = Vec::new();
    for announcement in announcements {
        let name = announcement.contact.as_str();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    let from = match names.len() {
        0 => String::new(),
        1..=3 => language.from_names(&names.join(", "), 0),
        n => language.from_names(&names[..2].join(", "), n - 2),
    };
    NotificationText {
        title: language.new_messages_in(messages, announcements.len()),
        body: excerpt(&from),
        conversation_id: None,
        messages,
    }
}

/// The start of a message on one line, plain as `one_line` makes it.
fn excerpt(text: &str) -> String {
    cut(&one_line(text), EXCERPT_CHARS)
}

/// `text` on one line without what could disguise what a notification says: no format or
/// separator characters (bidi controls, invisible joiners, tags, soft hyphens), control
/// characters and runs of white space as one space, and no more than MAX_MARKS combining marks
/// on any character.
fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len().min(4 * 1024));
    let mut marks = 0;
    let mut space = false;
    for c in text.chars() {
        // Line and paragraph separators still part words, so they become a space like a newline.
        if c.is_control() || c.is_whitespace() {
            space = !line.is_empty();
            marks = 0;
            continue;
        }
        if in_table(&FORMAT_AND_SEPARATORS, c) {
            continue;
        }
        if in_table(&MARKS, c) {
            marks += 1;
            if marks > MAX_MARKS {
                continue;
            }
        } else {
            marks = 0;
        }
        if space {
            line.push(' ');
            space = false;
        }
        line.push(c);
    }
    line
}

/// At most `max` characters, ending in an ellipsis when something was cut.
fn cut(line: &str, max: usize) -> String {
    if line.chars().count() <= max {
        return line.to_string();
    }
    let kept: String = line.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    table
        .binary_search_by(|&(first, last)| {
            if last < c {
                std::cmp::Ordering::Less
            } else if first > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// freedesktop servers may render a subset of HTML in bodies; customer text must stay text.
/// Only the Linux shell calls this: elsewhere the same text would show `&amp;` to the user.
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

// Unicode general categories M (Mn, Mc, Me) and Cf, Zl, Zp, as ranges for a binary search: std
// has no category lookup, and the window caps the same `\p{M}` (ui/text.js). Generated with
// Node 20 (Unicode 17) by testing every code point against /^\p{M}$/u and
// /^[\p{Cf}\p{Zl}\p{Zp}]$/u and merging neighbours.
#[rustfmt::skip]
const MARKS: [(u32, u32); 327] = [
    (0x0300, 0x036F), (0x0483, 0x0489), (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2),
    (0x05C4, 0x05C5), (0x05C7, 0x05C7), (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670),
    (0x06D6, 0x06DC), (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED), (0x0711, 0x0711),
    (0x0730, 0x074A), (0x07A6, 0x07B0), (0x07EB, 0x07F3), (0x07FD, 0x07FD), (0x0816, 0x0819),
    (0x081B, 0x0823), (0x0825, 0x0827), (0x0829, 0x082D), (0x0859, 0x085B), (0x0897, 0x089F),
    (0x08CA, 0x08E1), (0x08E3, 0x0903), (0x093A, 0x093C), (0x093E, 0x094F), (0x0951, 0x0957),
    (0x0962, 0x0963), (0x0981, 0x0983), (0x09BC, 0x09BC), (0x09BE, 0x09C4), (0x09C7, 0x09C8),
    (0x09CB, 0x09CD), (0x09D7, 0x09D7), (0x09E2, 0x09E3), (0x09FE, 0x09FE), (0x0A01, 0x0A03),
    (0x0A3C, 0x0A3C), (0x0A3E, 0x0A42), (0x0A47, 0x0A48), (0x0A4B, 0x0A4D), (0x0A51, 0x0A51),
    (0x0A70, 0x0A71), (0x0A75, 0x0A75), (0x0A81, 0x0A83), (0x0ABC, 0x0ABC), (0x0ABE, 0x0AC5),
    (0x0AC7, 0x0AC9), (0x0ACB, 0x0ACD), (0x0AE2, 0x0AE3), (0x0AFA, 0x0AFF), (0x0B01, 0x0B03),
    (0x0B3C, 0x0B3C), (0x0B3E, 0x0B44), (0x0B47, 0x0B48), (0x0B4B, 0x0B4D), (0x0B55, 0x0B57),
    (0x0B62, 0x0B63), (0x0B82, 0x0B82), (0x0BBE, 0x0BC2), (0x0BC6, 0x0BC8), (0x0BCA, 0x0BCD),
    (0x0BD7, 0x0BD7), (0x0C00, 0x0C04), (0x0C3C, 0x0C3C), (0x0C3E, 0x0C44), (0x0C46, 0x0C48),
    (0x0C4A, 0x0C4D), (0x0C55, 0x0C56), (0x0C62, 0x0C63), (0x0C81, 0x0C83), (0x0CBC, 0x0CBC),
    (0x0CBE, 0x0CC4), (0x0CC6, 0x0CC8), (0x0CCA, 0x0CCD), (0x0CD5, 0x0CD6), (0x0CE2, 0x0CE3),
    (0x0CF3, 0x0CF3), (0x0D00, 0x0D03), (0x0D3B, 0x0D3C), (0x0D3E, 0x0D44), (0x0D46, 0x0D48),
    (0x0D4A, 0x0D4D), (0x0D57, 0x0D57), (0x0D62, 0x0D63), (0x0D81, 0x0D83), (0x0DCA, 0x0DCA),
    (0x0DCF, 0x0DD4), (0x0DD6, 0x0DD6), (0x0DD8, 0x0DDF), (0x0DF2, 0x0DF3), (0x0E31, 0x0E31),
    (0x0E34, 0x0E3A), (0x0E47, 0x0E4E), (0x0EB1, 0x0EB1), (0x0EB4, 0x0EBC), (0x0EC8, 0x0ECE),
    (0x0F18, 0x0F19), (0x0F35, 0x0F35), (0x0F37, 0x0F37), (0x0F39, 0x0F39), (0x0F3E, 0x0F3F),
    (0x0F71, 0x0F84), (0x0F86, 0x0F87), (0x0F8D, 0x0F97), (0x0F99, 0x0FBC), (0x0FC6, 0x0FC6),
    (0x102B, 0x103E), (0x1056, 0x1059), (0x105E, 0x1060), (0x1062, 0x1064), (0x1067, 0x106D),
    (0x1071, 0x1074), (0x1082, 0x108D), (0x108F, 0x108F), (0x109A, 0x109D), (0x135D, 0x135F),
    (0x1712, 0x1715), (0x1732, 0x1734), (0x1752, 0x1753), (0x1772, 0x1773), (0x17B4, 0x17D3),
    (0x17DD, 0x17DD), (0x180B, 0x180D), (0x180F, 0x180F), (0x1885, 0x1886), (0x18A9, 0x18A9),
    (0x1920, 0x192B), (0x1930, 0x193B), (0x1A17, 0x1A1B), (0x1A55, 0x1A5E), (0x1A60, 0x1A7C),
    (0x1A7F, 0x1A7F), (0x1AB0, 0x1ADD), (0x1AE0, 0x1AEB), (0x1B00, 0x1B04), (0x1B34, 0x1B44),
    (0x1B6B, 0x1B73), (0x1B80, 0x1B82), (0x1BA1, 0x1BAD), (0x1BE6, 0x1BF3), (0x1C24, 0x1C37),
    (0x1CD0, 0x1CD2), (0x1CD4, 0x1CE8), (0x1CED, 0x1CED), (0x1CF4, 0x1CF4), (0x1CF7, 0x1CF9),
    (0x1DC0, 0x1DFF), (0x20D0, 0x20F0), (0x2CEF, 0x2CF1), (0x2D7F, 0x2D7F), (0x2DE0, 0x2DFF),
    (0x302A, 0x302F), (0x3099, 0x309A), (0xA66F, 0xA672), (0xA674, 0xA67D), (0xA69E, 0xA69F),
    (0xA6F0, 0xA6F1), (0xA802, 0xA802), (0xA806, 0xA806), (0xA80B, 0xA80B), (0xA823, 0xA827),
    (0xA82C, 0xA82C), (0xA880, 0xA881), (0xA8B4, 0xA8C5), (0xA8E0, 0xA8F1), (0xA8FF, 0xA8FF),
    (0xA926, 0xA92D), (0xA947, 0xA953), (0xA980, 0xA983), (0xA9B3, 0xA9C0), (0xA9E5, 0xA9E5),
    (0xAA29, 0xAA36), (0xAA43, 0xAA43), (0xAA4C, 0xAA4D), (0xAA7B, 0xAA7D), (0xAAB0, 0xAAB0),
    (0xAAB2, 0xAAB4), (0xAAB7, 0xAAB8), (0xAABE, 0xAABF), (0xAAC1, 0xAAC1), (0xAAEB, 0xAAEF),
    (0xAAF5, 0xAAF6), (0xABE3, 0xABEA), (0xABEC, 0xABED), (0xFB1E, 0xFB1E), (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F), (0x101FD, 0x101FD), (0x102E0, 0x102E0), (0x10376, 0x1037A), (0x10A01, 0x10A03),
    (0x10A05, 0x10A06), (0x10A0C, 0x10A0F), (0x10A38, 0x10A3A), (0x10A3F, 0x10A3F), (0x10AE5, 0x10AE6),
    (0x10D24, 0x10D27), (0x10D69, 0x10D6D), (0x10EAB, 0x10EAC), (0x10EFA, 0x10EFF), (0x10F46, 0x10F50),
    (0x10F82, 0x10F85), (0x11000, 0x11002), (0x11038, 0x11046), (0x11070, 0x11070), (0x11073, 0x11074),
    (0x1107F, 0x11082), (0x110B0, 0x110BA), (0x110C2, 0x110C2), (0x11100, 0x11102), (0x11127, 0x11134),
    (0x11145, 0x11146), (0x11173, 0x11173), (0x11180, 0x11182), (0x111B3, 0x111C0), (0x111C9, 0x111CC),
    (0x111CE, 0x111CF), (0x1122C, 0x11237), (0x1123E, 0x1123E), (0x11241, 0x11241), (0x112DF, 0x112EA),
    (0x11300, 0x11303), (0x1133B, 0x1133C), (0x1133E, 0x11344), (0x11347, 0x11348), (0x1134B, 0x1134D),
    (0x11357, 0x11357), (0x11362, 0x11363), (0x11366, 0x1136C), (0x11370, 0x11374), (0x113B8, 0x113C0),
    (0x113C2, 0x113C2), (0x113C5, 0x113C5), (0x113C7, 0x113CA), (0x113CC, 0x113D0), (0x113D2, 0x113D2),
    (0x113E1, 0x113E2), (0x11435, 0x11446), (0x1145E, 0x1145E), (0x114B0, 0x114C3), (0x115AF, 0x115B5),
    (0x115B8, 0x115C0), (0x115DC, 0x115DD), (0x11630, 0x11640), (0x116AB, 0x116B7), (0x1171D, 0x1172B),
    (0x1182C, 0x1183A), (0x11930, 0x11935), (0x11937, 0x11938), (0x1193B, 0x1193E), (0x11940, 0x11940),
    (0x11942, 0x11943), (0x119D1, 0x119D7), (0x119DA, 0x119E0), (0x119E4, 0x119E4), (0x11A01, 0x11A0A),
    (0x11A33, 0x11A39), (0x11A3B, 0x11A3E), (0x11A47, 0x11A47), (0x11A51, 0x11A5B), (0x11A8A, 0x11A99),
    (0x11B60, 0x11B67), (0x11C2F, 0x11C36), (0x11C38, 0x11C3F), (0x11C92, 0x11CA7), (0x11CA9, 0x11CB6),
    (0x11D31, 0x11D36), (0x11D3A, 0x11D3A), (0x11D3C, 0x11D3D), (0x11D3F, 0x11D45), (0x11D47, 0x11D47),
    (0x11D8A, 0x11D8E), (0x11D90, 0x11D91), (0x11D93, 0x11D97), (0x11EF3, 0x11EF6), (0x11F00, 0x11F01),
    (0x11F03, 0x11F03), (0x11F34, 0x11F3A), (0x11F3E, 0x11F42), (0x11F5A, 0x11F5A), (0x13440, 0x13440),
    (0x13447, 0x13455), (0x1611E, 0x1612F), (0x16AF0, 0x16AF4), (0x16B30, 0x16B36), (0x16F4F, 0x16F4F),
    (0x16F51, 0x16F87), (0x16F8F, 0x16F92), (0x16FE4, 0x16FE4), (0x16FF0, 0x16FF1), (0x1BC9D, 0x1BC9E),
    (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46), (0x1D165, 0x1D169), (0x1D16D, 0x1D172), (0x1D17B, 0x1D182),
    (0x1D185, 0x1D18B), (0x1D1AA, 0x1D1AD), (0x1D242, 0x1D244), (0x1DA00, 0x1DA36), (0x1DA3B, 0x1DA6C),
    (0x1DA75, 0x1DA75), (0x1DA84, 0x1DA84), (0x1DA9B, 0x1DA9F), (0x1DAA1, 0x1DAAF), (0x1E000, 0x1E006),
    (0x1E008, 0x1E018), (0x1E01B, 0x1E021), (0x1E023, 0x1E024), (0x1E026, 0x1E02A), (0x1E08F, 0x1E08F),
    (0x1E130, 0x1E136), (0x1E2AE, 0x1E2AE), (0x1E2EC, 0x1E2EF), (0x1E4EC, 0x1E4EF), (0x1E5EE, 0x1E5EF),
    (0x1E6E3, 0x1E6E3), (0x1E6E6, 0x1E6E6), (0x1E6EE, 0x1E6EF), (0x1E6F5, 0x1E6F5), (0x1E8D0, 0x1E8D6),
    (0x1E944, 0x1E94A), (0xE0100, 0xE01EF),
];

#[rustfmt::skip]
const FORMAT_AND_SEPARATORS: [(u32, u32); 21] = [
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: &str, contact: &str, messages: &[&str]) -> Announcement {
        Announcement {
            conversation_id: id.into(),
            workspace_id: "w1".into(),
            human_queue: false,
            contact: contact.into(),
            channel: Some("whatsapp".into()),
            messages: messages.iter().map(|m| m.to_string()).collect(),
            attention: None,
            repeat: false,
        }
    }

    fn texts_of(announcements: &[Announcement]) -> Vec<NotificationText> {
        german_or_english(announcements, Language::English)
    }

    fn german_or_english(
        announcements: &[Announcement],
        language: Language,
    ) -> Vec<NotificationText> {
        notification_texts(announcements, language, |_| 0)
    }

    #[test]
    fn one_message_names_the_contact_and_channel_and_leaves_markup_to_the_shell() {
        let texts = texts_of(&[customer("c1", "Jane", &["<b>Hi</b> & \"bye\"\nline two"])]);
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].title, "Jane · WhatsApp");
        assert_eq!(texts[0].body, "<b>Hi</b> & \"bye\" line two");
        assert_eq!(texts[0].conversation_id.as_deref(), Some("c1"));
    }

    fn ids(shown: Vec<Announcement>) -> Vec<String> {
        shown.into_iter().map(|a| a.conversation_id).collect()
    }

    #[test]
    fn paused_quiet_muted_and_read_conversations_are_not_shown() {
        let mut preferences = NotificationPreferences::default();
        let batch = || {
            vec![
                customer("a", "Ann", &["1"]),
                customer("b", "Bo", &["2"]),
                customer("c", "Cy", &["3"]),
            ]
        };
        assert_eq!(
            ids(worth_showing(batch(), &preferences, None, false)),
            ["a", "b", "c"]
        );
        assert!(worth_showing(batch(), &preferences, None, true).is_empty());
        preferences.muted.insert("b".into());
        assert_eq!(
            ids(worth_showing(batch(), &preferences, Some("c"), false)),
            ["a"]
        );
        preferences.paused = true;
        assert!(worth_showing(batch(), &preferences, None, false).is_empty());
    }

    #[test]
    fn each_workspace_notifies_for_all_its_human_queue_or_only_what_needs_a_human() {
        let in_workspace =
            |id: &str, workspace: &str, human_queue: bool, attention: bool| Announcement {
                workspace_id: workspace.into(),
                human_queue,
                attention: attention.then(|| "help".to_string()),
                ..customer(id, "Ann", &["hi"])
            };
        let batch = || {
            vec![
                in_workspace("ai", "w1", false, false),
                in_workspace("human", "w1", true, false),
                in_workspace("needs", "w1", false, true),
                in_workspace("other", "w2", false, false),
            ]
        };
        let mut preferences = NotificationPreferences::default();
        assert_eq!(
            ids(worth_showing(batch(), &preferences, None, false)),
            ["ai", "human", "needs", "other"]
        );
        preferences
            .rules
            .workspaces
            .insert("w1".into(), NotifyFor::HumanQueue);
        assert_eq!(
            ids(worth_showing(batch(), &preferences, None, false)),
            ["human", "needs", "other"]
        );
        preferences
            .rules
            .workspaces
            .insert("w1".into(), NotifyFor::NeedsHuman);
        assert_eq!(
            ids(worth_showing(batch(), &preferences, None, false)),
            ["needs", "other"]
        );
    }

    #[test]
    fn a_repeat_is_shown_only_when_asked_for() {
        let repeat = || {
            vec![Announcement {
                attention: Some("help".into()),
                repeat: true,
                ..customer("c", "Ann", &[])
            }]
        };
        let mut preferences = NotificationPreferences::default();
        assert!(worth_showing(repeat(), &preferences, None, false).is_empty());
        preferences.rules.repeat_needs_human = true;
        assert_eq!(
            ids(worth_showing(repeat(), &preferences, None, false)),
            ["c"]
        );
    }

    #[test]
    fn a_replacement_counts_the_messages_of_the_card_it_replaces() {
        let texts = notification_texts(
            &[customer("c1", "Jane", &["three"])],
            Language::English,
            |id| usize::from(id == "c1") * 2,
        );
        assert_eq!(texts[0].body, "3 new messages · three");
        assert_eq!(texts[0].messages, 3);
    }

    #[test]
    fn markup_is_escaped_for_servers_that_render_it() {
        assert_eq!(
            escape_markup("<b>Hi</b> & \"bye\" 'x'"),
            "&lt;b&gt;Hi&lt;/b&gt; &amp; &quot;bye&quot; &apos;x&apos;"
        );
    }

    #[test]
    fn titles_are_cut_to_80_characters_keeping_the_channel() {
        let name = "N".repeat(500);
        let texts = texts_of(&[customer("c", &name, &["hi"])]);
        let title = &texts[0].title;
        assert_eq!(title.chars().count(), TITLE_CHARS);
        assert!(title.ends_with("… · WhatsApp"), "{title}");

        let texts = texts_of(&[Announcement {
            attention: Some("help".into()),
            ..customer("c", &name, &[])
        }]);
        assert_eq!(texts[0].title.chars().count(), TITLE_CHARS);
        assert!(texts[0].title.starts_with("A human is needed · NNN"));
    }

    #[test]
    fn format_and_separator_characters_are_dropped_from_titles_and_bodies() {
        let hidden = "\u{00AD}\u{061C}\u{200B}\u{200E}\u{202A}\u{202E}\u{2060}\u{2064}\u{2066}\u{2069}\u{FEFF}\u{E0001}\u{E0041}\u{E007F}";
        let name = format!("Ev{hidden}e");
        let body = format!("pay{hidden} now\u{2028}or\u{2029}later");
        let texts = texts_of(&[customer("c", &name, &[&body])]);
        assert_eq!(texts[0].title, "Eve · WhatsApp");
        assert_eq!(texts[0].body, "pay now or later");
    }

    #[test]
    fn stacked_combining_marks_are_capped() {
        let zalgo = format!("Z{}a\u{0301}lgo", "\u{0336}\u{0489}".repeat(45_000));
        let texts = texts_of(&[customer("c", &zalgo, &[&zalgo])]);
        let capped = format!("Z{}a\u{0301}lgo", "\u{0336}\u{0489}".repeat(MAX_MARKS / 2));
        assert_eq!(texts[0].title, format!("{capped} · WhatsApp"));
        assert_eq!(texts[0].body, capped);
        let real = "Việt Nam, Crème brûlée, \u{05E9}\u{05C1}\u{05B8}";
        assert_eq!(texts_of(&[customer("c", "x", &[real])])[0].body, real);
    }

    #[test]
    fn several_messages_in_one_conversation_make_one_notification() {
        let texts = texts_of(&[customer("c1", "Jane", &["one", "two", "three", "four"])]);
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
        let texts = texts_of(&batch);
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].title, "5 new messages in 4 conversations");
        assert_eq!(texts[0].body, "From Ann, Bob and 2 others");
        assert_eq!(texts[0].conversation_id, None);

        let few = texts_of(&batch[1..4]);
        assert_eq!(few.len(), 3, "three are shown one by one");
    }

    #[test]
    fn needs_a_human_keeps_its_own_card_beside_a_summary() {
        let help = |id: &str| Announcement {
            attention: Some("help".into()),
            ..customer(id, "Hal", &[])
        };
        let batch = [
            help("h1"),
            customer("a", "Ann", &["1", "2"]),
            help("h2"),
            customer("b", "Bob", &["3", "4"]),
        ];
        let texts = texts_of(&batch);
        let titles: Vec<&str> = texts.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "A human is needed · Hal",
                "A human is needed · Hal",
                "4 new messages in 2 conversations"
            ]
        );
        assert_eq!(
            texts_of(&[help("h1"), help("h2"), help("h3"), help("h4")]).len(),
            4
        );
    }

    #[test]
    fn long_text_is_cut_and_direction_overrides_are_dropped() {
        let long = format!("\u{202E}{}", "x".repeat(500));
        let texts = texts_of(&[customer("c", "Eve\u{202E}", &[&long])]);
        assert_eq!(texts[0].title, "Eve · WhatsApp");
        assert_eq!(texts[0].body.chars().count(), EXCERPT_CHARS);
        assert!(texts[0].body.ends_with('…'));
    }

    #[test]
    fn an_attention_item_says_a_human_is_needed() {
        let item = Announcement {
            contact: String::new(),
            channel: None,
            attention: Some("Customer asked for a manager".into()),
            ..customer("c9", "", &[])
        };
        let texts = texts_of(&[item]);
        assert_eq!(texts[0].title, "A human is needed · A conversation");
        assert_eq!(texts[0].body, "Customer asked for a manager");
    }

    #[test]
    fn a_german_window_gets_german_notifications() {
        let one = german_or_english(
            &[customer("c1", "Jane", &["eins", "zwei"])],
            Language::German,
        );
        assert_eq!(one[0].title, "Jane · WhatsApp");
        assert_eq!(one[0].body, "2 neue Nachrichten · zwei");
        let replacing = notification_texts(
            &[customer("c1", "Jane", &["drei"])],
            Language::German,
            |_| 2,
        );
        assert_eq!(replacing[0].body, "3 neue Nachrichten · drei");
        let mut mail = customer("c3", "Jane", &["Hallo"]);
        mail.channel = Some("email".into());
        assert_eq!(
            german_or_english(&[mail], Language::German)[0].title,
            "Jane · E-Mail"
        );
        let mut email = customer("c2", "", &["Hallo"]);
        email.channel = Some("email".into());
        email.attention = Some("Kunde möchte eine Person".into());
        let texts = german_or_english(&[email], Language::German);
        assert_eq!(texts[0].title, "Eingreifen nötig · Eine Unterhaltung");
        let batch = [
            customer("a", "Ann", &["1", "2"]),
            customer("b", "Bob", &["3"]),
            customer("c", "Cy", &["4"]),
            customer("d", "Di", &["5"]),
        ];
        let summary = german_or_english(&batch, Language::German);
        assert_eq!(summary[0].title, "5 neue Nachrichten in 4 Unterhaltungen");
        assert_eq!(summary[0].body, "Von Ann, Bob und 2 weiteren");
    }
}
