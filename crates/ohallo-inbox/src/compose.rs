//! Writing first: a new conversation is checked here before it is sent, so the agent hears what
//! is wrong at once and in plain words (the server checks again), and the channels to offer are
//! the ones the app has seen.

use ohallo_core::{ApiError, Channel, ChannelType, NewConversation};

use crate::inbox::Inbox;

/// E.164: a plus, then 8 to 15 digits, the first not 0.
pub fn is_e164(phone: &str) -> bool {
    phone.strip_prefix('+').is_some_and(|digits| {
        (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
    })
}

fn is_email(address: &str) -> bool {
    address.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !address.chars().any(char::is_whitespace)
    })
}

/// Said as a sentence: the UI's mapping adds the full stop.
fn invalid(message: &str) -> ApiError {
    ApiError::InvalidInput(message.to_owned())
}

fn filled(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

/// What is wrong with `draft` for a channel of `channel_type` (unknown: not checked), if
/// anything. Exactly one recipient: an email address or an E.164 phone number.
pub fn check_new_conversation(
    draft: &NewConversation,
    channel_type: Option<&ChannelType>,
) -> Result<(), ApiError> {
    if draft.workspace_id.trim().is_empty() || draft.channel_id.trim().is_empty() {
        return Err(invalid("Choose a workspace and a channel"));
    }
    match (filled(&draft.contact_email), filled(&draft.contact_phone)) {
        (Some(email), None) if is_email(email) => {}
        (Some(_), None) => return Err(invalid("That is not an email address")),
        (None, Some(phone)) if is_e164(phone) => {}
        (None, Some(_)) => {
            return Err(invalid(
                "Write the phone number in international form, e.g. +4531234567",
            ))
        }
        (None, None) if filled(&draft.contact_id).is_some() => {}
        _ => return Err(invalid("Give the customer's email address or phone number")),
    }
    if channel_type == Some(&ChannelType::Email) && filled(&draft.subject).is_none() {
        return Err(invalid("An email needs a subject"));
    }
    if draft.content.trim().is_empty() {
        return Err(invalid("Write the message first"));
    }
    Ok(())
}

impl Inbox {
    /// The channels of `workspace_id` the app has seen (it learns them from the list), by name.
    pub fn known_channels(&self, workspace_id: &str) -> Vec<Channel> {
        let mut channels = self.directory().known_channels(workspace_id);
        channels.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        channels
    }

    /// Checks and sends a new conversation. The API answers no id: the conversation shows up in
    /// the list at a later poll.
    pub async fn compose(&self, draft: &NewConversation) -> Result<(), ApiError> {
        let channel = self
            .directory()
            .channel(self.client(), &draft.channel_id)
            .await;
        check_new_conversation(draft, channel.as_ref().map(|c| &c.channel_type))?;
        self.client().compose(draft).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> NewConversation {
        NewConversation {
            workspace_id: "ws".into(),
            channel_id: "ch".into(),
            contact_email: Some("lena@example.org".into()),
            subject: Some("Warranty".into()),
            content: "Hello".into(),
            ..NewConversation::default()
        }
    }

    fn refused(draft: &NewConversation, channel: Option<&ChannelType>) -> String {
        match check_new_conversation(draft, channel) {
            Err(ApiError::InvalidInput(why)) => why,
            other => panic!("accepted or wrong error: {other:?}"),
        }
    }

    #[test]
    fn phone_numbers_must_be_e164() {
        assert!(is_e164("+4531234567"));
        assert!(is_e164("+12025550123"));
        for bad in [
            "4531234567",
            "+0531234567",
            "+45 31 23 45 67",
            "+45312",
            "+1234567890123456",
            "+45abc45678",
        ] {
            assert!(!is_e164(bad), "{bad}");
        }
    }

    #[test]
    fn a_new_conversation_needs_one_recipient_a_text_and_on_email_a_subject() {
        let email = ChannelType::Email;
        assert!(check_new_conversation(&draft(), Some(&email)).is_ok());
        let mut two = draft();
        two.contact_phone = Some("+4531234567".into());
        assert!(refused(&two, None).contains("email address or phone"));
        let mut none = draft();
        none.contact_email = None;
        assert!(refused(&none, None).contains("email address or phone"));
        let mut bad = draft();
        bad.contact_email = Some("lena at example".into());
        assert!(refused(&bad, None).contains("not an email"));
        let mut phone = draft();
        phone.contact_email = None;
        phone.contact_phone = Some("0045 31234567".into());
        assert!(refused(&phone, None).contains("international form"));
        let mut subjectless = draft();
        subjectless.subject = Some("  ".into());
        assert!(refused(&subjectless, Some(&email)).contains("subject"));
        assert!(check_new_conversation(&subjectless, Some(&ChannelType::Whatsapp)).is_ok());
        let mut empty = draft();
        empty.content = " \n".into();
        assert!(refused(&empty, Some(&email)).contains("Write the message"));
    }
}
