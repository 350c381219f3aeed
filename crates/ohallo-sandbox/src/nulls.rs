//! `Config::nulls`: conversations whose optional fields really are null (or absent), chosen
//! deterministically from the seed. One of each kind sits on the list's first page in both
//! orders, so a client meets every kind on its very first poll; more are spread further down.

use crate::data::{self, Dataset};
use crate::model::{Conversation, Status};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::cmp::Reverse;
use std::collections::HashSet;

/// The list's default page size: the guaranteed rows must be on the page a client reads first.
const FIRST_PAGE: usize = 50;
/// The conversation without a message yet is chosen among the newest this many.
const EMPTY_WITHIN: usize = 10;
/// One in this many of the other conversations gets a kind at random.
const ONE_IN: u32 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An anonymous visitor: `contactId`, `contactName`, `contactEmail`, `accountName` null.
    NoContact,
    NoName,
    NoEmail,
    NoAccount,
    NoPreview,
    /// `humanManaged` left out of the list item.
    NoHumanManaged,
    /// The customer's messages have `senderName: null` in the reference schema.
    AnonymousSender,
}

const KINDS: [Kind; 7] = [
    Kind::NoContact,
    Kind::NoName,
    Kind::NoEmail,
    Kind::NoAccount,
    Kind::NoPreview,
    Kind::NoHumanManaged,
    Kind::AnonymousSender,
];

pub(crate) fn apply(data: &mut Dataset, seed: u64) {
    let mut rng = StdRng::seed_from_u64(data::mix(seed, u64::MAX - 4));
    // The first conversations cover every status (see `data::conversation`): keep them as they are.
    let protected = Status::ALL.len();

    // No message yet. Creation time becomes the old last-message time, so the conversation keeps
    // its place in the activity order and can only move up in the creation order.
    let activity = order(&data.conversations, |c| {
        c.last_message_at.unwrap_or(c.created_at)
    });
    let early: Vec<usize> = activity
        .iter()
        .copied()
        .take(EMPTY_WITHIN)
        .filter(|&index| index >= protected)
        .collect();
    let mut used = HashSet::new();
    if !early.is_empty() {
        let chosen = early[rng.random_range(0..early.len())];
        empty(data, chosen);
        used.insert(chosen);
    }
    // Further empty ones only below the first page: their creation time is then older than the
    // guaranteed one's, so they never push it off the first page in either order.
    for &index in activity.iter().skip(FIRST_PAGE) {
        if index >= protected && rng.random_ratio(1, ONE_IN * 2) {
            empty(data, index);
            used.insert(index);
        }
    }

    // The other kinds change no position: pick them from the first page of both orders.
    let activity = order(&data.conversations, |c| {
        c.last_message_at.unwrap_or(c.created_at)
    });
    let created = order(&data.conversations, |c| c.created_at);
    let created_first: HashSet<usize> = created.iter().copied().take(FIRST_PAGE).collect();
    let (mut both, mut rest): (Vec<usize>, Vec<usize>) = activity
        .iter()
        .copied()
        .take(FIRST_PAGE)
        .filter(|index| !used.contains(index))
        .partition(|index| created_first.contains(index));
    for kind in KINDS {
        // Should a small or odd dataset lack enough shared rows, the activity order (the
        // default) wins.
        let pool = if both.is_empty() {
            &mut rest
        } else {
            &mut both
        };
        if pool.is_empty() {
            break;
        }
        let index = pool.remove(rng.random_range(0..pool.len()));
        mark(data, index, kind);
        used.insert(index);
    }
    for index in 0..data.conversations.len() {
        if !used.contains(&index) && rng.random_ratio(1, ONE_IN) {
            mark(data, index, KINDS[rng.random_range(0..KINDS.len())]);
        }
    }
}

/// Conversation indices, newest `key` first, ties by id: the store's list order.
fn order(
    conversations: &[Conversation],
    key: impl Fn(&Conversation) -> chrono::DateTime<chrono::Utc>,
) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..conversations.len()).collect();
    indices.sort_by_key(|&index| {
        let conversation = &conversations[index];
        (
            Reverse(key(conversation).timestamp_millis()),
            conversation.id.clone(),
        )
    });
    indices
}

/// A conversation that was opened but has no message yet: an open one, with nothing to attend to.
fn empty(data: &mut Dataset, index: usize) {
    let conversation = &mut data.conversations[index];
    if let Some(at) = conversation.last_message_at.take() {
        conversation.created_at = at;
    }
    conversation.preview = None;
    conversation.pending_thread = None;
    conversation.messages.clear();
    conversation.status = Status::Open;
    conversation.human_managed = false;
    conversation.open_attention = 0;
    conversation.explicit_nulls = true;
    data.attention.retain(|item| item.conversation != index);
}

fn mark(data: &mut Dataset, index: usize, kind: Kind) {
    let conversation = &mut data.conversations[index];
    let contact = &mut conversation.contact;
    match kind {
        Kind::NoContact => {
            contact.id = None;
            contact.name = None;
            contact.email = None;
            contact.account = None;
        }
        Kind::NoName => contact.name = None,
        Kind::NoEmail => contact.email = None,
        Kind::NoAccount => contact.account = None,
        Kind::NoPreview => conversation.preview = None,
        Kind::NoHumanManaged => conversation.shows_human_managed = false,
        Kind::AnonymousSender => conversation.anonymous_sender = true,
    }
    conversation.explicit_nulls = true;
    // The thread greets the customer by name: regenerate the preview from the changed contact.
    if matches!(kind, Kind::NoContact | Kind::NoName) {
        if let Some(seed) = conversation.pending_thread {
            let channel = &data.channels[conversation.channel];
            let workspace = &data.workspaces[conversation.workspace];
            let preview = data::demo_preview(conversation, seed, channel.kind, workspace.name);
            data.conversations[index].preview = Some(preview);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    /// The guarantee the client's end-to-end tests rely on, for many seeds, not just the default.
    #[test]
    fn every_kind_is_on_the_first_page_of_both_orders() {
        for seed in 0..40 {
            let data = data::generate(seed, 80, Utc::now(), true);
            let conversations = &data.conversations;
            let activity = order(conversations, |c| c.last_message_at.unwrap_or(c.created_at));
            let created = order(conversations, |c| c.created_at);
            for page in [&activity[..FIRST_PAGE], &created[..FIRST_PAGE]] {
                let on_page = |test: &dyn Fn(&Conversation) -> bool| {
                    page.iter().any(|&index| test(&conversations[index]))
                };
                assert!(on_page(&|c| c.last_message_at.is_none()), "seed {seed}");
                assert!(on_page(&|c| c.contact.id.is_none()), "seed {seed}");
                assert!(on_page(&|c| c.contact.name.is_none() && c.explicit_nulls));
                assert!(on_page(&|c| c.contact.email.is_none() && c.explicit_nulls));
                assert!(on_page(&|c| c.contact.account.is_none() && c.explicit_nulls));
                assert!(on_page(
                    &|c| c.preview.is_none() && c.last_message_at.is_some()
                ));
                assert!(on_page(&|c| !c.shows_human_managed), "seed {seed}");
                assert!(on_page(&|c| c.anonymous_sender), "seed {seed}");
            }
        }
    }
}
