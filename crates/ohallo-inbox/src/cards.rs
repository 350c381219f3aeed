//! The notification on screen for each conversation, so news about it replaces that card ("3 new
//! messages") instead of stacking another. A card is forgotten once its conversation is opened
//! or read, or the user dismisses it: the next message starts a fresh one.

use std::collections::HashMap;

use crate::announce::NotificationText;

#[derive(Debug, Default)]
pub struct NotificationCards {
    by_conversation: HashMap<String, Card>,
}

#[derive(Debug, Clone, Copy)]
struct Card {
    /// The notification server's id of the card.
    id: u32,
    messages: usize,
}

impl NotificationCards {
    /// The customer messages the conversation's card on screen counts; 0 without one.
    pub fn messages(&self, conversation_id: &str) -> usize {
        self.by_conversation
            .get(conversation_id)
            .map_or(0, |card| card.messages)
    }

    /// The server's id of the card `text` replaces, if its conversation has one on screen.
    pub fn replaces(&self, text: &NotificationText) -> Option<u32> {
        let conversation = text.conversation_id.as_deref()?;
        self.by_conversation.get(conversation).map(|card| card.id)
    }

    /// The server showed `text` as `id`. A summary belongs to no conversation and is not kept.
    pub fn shown(&mut self, text: &NotificationText, id: u32) {
        if let Some(conversation) = &text.conversation_id {
            self.by_conversation.insert(
                conversation.clone(),
                Card {
                    id,
                    messages: text.messages,
                },
            );
        }
    }

    /// The conversation was opened or read.
    pub fn forget(&mut self, conversation_id: &str) {
        self.by_conversation.remove(conversation_id);
    }

    /// The user dismissed the card with this server id.
    pub fn dismissed(&mut self, id: u32) {
        self.by_conversation.retain(|_, card| card.id != id);
    }

    /// One account signed out: its cards (qualified ids, crate::qualified) no longer open
    /// anything.
    pub fn forget_account(&mut self, account: &crate::AccountId) {
        self.by_conversation.retain(|conversation, _| {
            crate::split_qualified(conversation).is_none_or(|(owner, _)| &owner != account)
        });
    }

    /// Signed out, or another account signed in.
    pub fn clear(&mut self) {
        self.by_conversation.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::announce::notification_texts;
    use crate::language::Language;
    use crate::sync::Announcement;

    fn from_jane(messages: &[&str]) -> Announcement {
        Announcement {
            conversation_id: "c1".into(),
            workspace_id: "w1".into(),
            human_queue: false,
            contact: "Jane".into(),
            channel: None,
            messages: messages.iter().map(|m| m.to_string()).collect(),
            attention: None,
            repeat: false,
        }
    }

    /// What the shell does: texts counting the cards on screen, each shown as the server says.
    fn show(
        cards: &mut NotificationCards,
        batch: &[Announcement],
        id: u32,
    ) -> (String, Option<u32>) {
        let text = notification_texts(batch, Language::English, |c| cards.messages(c)).remove(0);
        let replaces = cards.replaces(&text);
        cards.shown(&text, replaces.unwrap_or(id));
        (text.body, replaces)
    }

    #[test]
    fn news_in_one_conversation_replaces_its_card_counting_every_message() {
        let mut cards = NotificationCards::default();
        assert_eq!(
            show(&mut cards, &[from_jane(&["one"])], 7),
            ("one".into(), None)
        );
        assert_eq!(
            show(&mut cards, &[from_jane(&["two"])], 8),
            ("2 new messages · two".into(), Some(7))
        );
        assert_eq!(
            show(&mut cards, &[from_jane(&["three"])], 9),
            ("3 new messages · three".into(), Some(7))
        );
    }

    #[test]
    fn reading_or_dismissing_the_conversation_starts_a_fresh_card() {
        let mut cards = NotificationCards::default();
        show(&mut cards, &[from_jane(&["one"])], 7);
        cards.forget("c1");
        assert_eq!(
            show(&mut cards, &[from_jane(&["two"])], 8),
            ("two".into(), None)
        );
        cards.dismissed(8);
        assert_eq!(
            show(&mut cards, &[from_jane(&["three"])], 9),
            ("three".into(), None)
        );
        cards.clear();
        assert_eq!(cards.messages("c1"), 0);
    }
}
