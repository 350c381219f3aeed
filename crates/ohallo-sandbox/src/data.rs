//! Deterministic demo data: the same seed always yields the same workspaces, conversations and
//! threads (timestamps are relative to the start time, so relative times always look natural).

use crate::corpus::{
    ACCOUNTS, AGENTS, ATTENTION_REASONS, BRANDS, EMAIL_CUSTOMER_SIGNOFFS, FREEMAIL, PEOPLE, TOPICS,
    WORKSPACES,
};
use crate::ids;
use crate::model::{
    AttentionItem, Author, Brand, Channel, ChannelType, Contact, Conversation, Message, Status,
    ThreadSeed, Workspace,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;

/// Longest preview, in characters, before it is cut with "...".
const PREVIEW_CHARS: usize = 100;
/// Demo conversations spread over this many days before the start time.
const HISTORY_DAYS: i64 = 14;

pub(crate) struct Dataset {
    pub brands: Vec<Brand>,
    pub workspaces: Vec<Workspace>,
    pub channels: Vec<Channel>,
    pub conversations: Vec<Conversation>,
    pub attention: Vec<AttentionItem>,
}

/// `nulls`: see [`crate::Config::nulls`].
pub(crate) fn generate(seed: u64, count: usize, now: DateTime<Utc>, nulls: bool) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let (workspaces, channels) = workspaces_and_channels(&mut rng);
    let mut conversations = Vec::with_capacity(count);
    let mut attention = Vec::new();
    for index in 0..count {
        // A seed per conversation keeps each thread reproducible on its own, whenever it is read.
        let mut rng = StdRng::seed_from_u64(mix(seed, index as u64));
        let conversation = conversation(index, &workspaces, &channels, now, &mut rng);
        if let Some(item) = attention_item(index, &conversation, &mut rng) {
            attention.push(item);
        }
        conversations.push(conversation);
    }
    for item in attention.iter().filter(|item| item.open) {
        conversations[item.conversation].open_attention += 1;
    }
    let mut dataset = Dataset {
        brands: brands(seed),
        workspaces,
        channels,
        conversations,
        attention,
    };
    if nulls {
        crate::nulls::apply(&mut dataset, seed);
    }
    dataset
}

/// Regenerates the thread a [`ThreadSeed`] stands for; its last message matches the preview.
pub(crate) fn thread(
    conversation: &Conversation,
    seed: ThreadSeed,
    kind: ChannelType,
    workspace_name: &str,
) -> Vec<Message> {
    let mut rng = StdRng::seed_from_u64(seed.seed);
    let len = usize::from(seed.len);
    let script = Script::new(conversation, seed, kind, workspace_name);
    let last = conversation
        .last_message_at
        .unwrap_or(conversation.created_at);
    let sent_at = sent_times(last, len, kind, &mut rng);
    let mut messages = Vec::with_capacity(len + 1);
    for (index, at) in sent_at.into_iter().enumerate() {
        if Some(index) == script.handover {
            messages.push(Message {
                id: ids::mixed("msg", 5, &mut rng),
                author: Author::System,
                body: format!("{} took over the conversation from the AI.", script.agent),
                sent_at: at - Duration::seconds(1),
            });
        }
        messages.push(Message {
            id: ids::mixed("msg", 5, &mut rng),
            author: script.author(index),
            body: script.render(index),
            sent_at: at,
        });
    }
    messages
}

/// When each of a thread's `len` messages was sent, the last at `last`. Drawn first from the
/// thread's stream, so generation can learn the first message's time without the thread.
fn sent_times(
    last: DateTime<Utc>,
    len: usize,
    kind: ChannelType,
    rng: &mut StdRng,
) -> Vec<DateTime<Utc>> {
    let mut sent_at = vec![last; len];
    for index in (0..len.saturating_sub(1)).rev() {
        sent_at[index] = sent_at[index + 1] - gap(kind, rng);
    }
    sent_at
}

/// The conversation was opened (a chat widget, a call connecting, an email arriving) between a
/// second and half an hour before its first message. Derived from the thread seed rather than
/// drawn, so every other value of a seed stays as it was before conversations had a creation time.
fn created_before(first_message: DateTime<Utc>, seed: ThreadSeed) -> DateTime<Utc> {
    let lead_ms = 1_000 + mix(seed.seed, 1) % 1_800_000;
    first_message - Duration::milliseconds(lead_ms as i64)
}

/// The preview of a generated thread: its last line, as rendered.
pub(crate) fn demo_preview(
    conversation: &Conversation,
    seed: ThreadSeed,
    kind: ChannelType,
    workspace_name: &str,
) -> String {
    let script = Script::new(conversation, seed, kind, workspace_name);
    preview(&script.render(usize::from(seed.len) - 1))
}

/// A contact for a new conversation; `name` overrides the generated one.
pub(crate) fn contact(kind: ChannelType, name: Option<String>, rng: &mut impl Rng) -> Contact {
    let (name, local) = match name {
        Some(name) => {
            let local = email_local_part(&name);
            (name, local)
        }
        None => {
            let (name, local) = PEOPLE[rng.random_range(0..PEOPLE.len())];
            (name.to_owned(), local.to_owned())
        }
    };
    let account = rng
        .random_ratio(3, 5)
        .then(|| ACCOUNTS[rng.random_range(0..ACCOUNTS.len())]);
    let domain = match account {
        Some((_, domain)) => domain,
        None => FREEMAIL[rng.random_range(0..FREEMAIL.len())],
    };
    let has_email = match kind {
        ChannelType::Email => true,
        ChannelType::Chat => rng.random_ratio(4, 5),
        ChannelType::Whatsapp | ChannelType::Voice => rng.random_ratio(1, 3),
    };
    let has_phone = matches!(kind, ChannelType::Whatsapp | ChannelType::Voice);
    Contact {
        id: Some(ids::mixed("ct", 4, rng)),
        name: Some(name),
        email: has_email.then(|| format!("{local}@{domain}")),
        phone: has_phone.then(|| phone_number(rng)),
        account: account.map(|(name, _)| name.to_owned()),
    }
}

/// The list's `lastMessagePreview`: one line, cut on a character boundary.
pub(crate) fn preview(body: &str) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= PREVIEW_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(PREVIEW_CHARS - 3).collect();
    format!("{}...", cut.trim_end())
}

/// Mixes a seed with an index so neighbouring conversations get unrelated streams (SplitMix64).
pub(crate) fn mix(seed: u64, index: u64) -> u64 {
    let mut z = seed.wrapping_add(index.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// From a stream of their own, so adding brands left every other id of a seed as it was.
fn brands(seed: u64) -> Vec<Brand> {
    let mut rng = StdRng::seed_from_u64(mix(seed, u64::MAX - 3));
    let tenant_id = ids::prefixed("ten", &mut rng);
    let founded = Utc
        .with_ymd_and_hms(2024, 8, 19, 9, 0, 0)
        .single()
        .unwrap_or_default();
    BRANDS
        .iter()
        .enumerate()
        .map(|(index, brand)| Brand {
            id: ids::mixed("br", 2, &mut rng),
            tenant_id: tenant_id.clone(),
            name: brand.name,
            slug: brand.slug,
            email_from_name: brand.email_from_name,
            ai_sender_name: brand.ai_sender_name,
            created_at: founded + Duration::days(index as i64 * 40),
        })
        .collect()
}

fn workspaces_and_channels(rng: &mut StdRng) -> (Vec<Workspace>, Vec<Channel>) {
    let founded = Utc
        .with_ymd_and_hms(2024, 9, 2, 8, 30, 0)
        .single()
        .unwrap_or_default();
    let mut workspaces = Vec::new();
    let mut channels = Vec::new();
    for (index, (name, brand, workspace_channels)) in WORKSPACES.iter().enumerate() {
        let created_at = founded + Duration::days(index as i64 * 47);
        let id = if index == 1 {
            ids::prefixed("ws", rng)
        } else {
            ids::uuid(rng)
        };
        workspaces.push(Workspace {
            id,
            name,
            brand: *brand,
            created_at,
        });
        for (offset, (kind, display_name)) in workspace_channels.iter().enumerate() {
            let Some(kind) = ChannelType::parse(kind) else {
                continue;
            };
            channels.push(Channel {
                id: ids::mixed("ch", 3, rng),
                workspace: index,
                kind,
                display_name: (*display_name).to_owned(),
                created_at: created_at + Duration::hours(offset as i64 * 26 + 1),
            });
        }
    }
    (workspaces, channels)
}

fn conversation(
    index: usize,
    workspaces: &[Workspace],
    channels: &[Channel],
    now: DateTime<Utc>,
    rng: &mut StdRng,
) -> Conversation {
    let workspace = rng.random_range(0..workspaces.len());
    // The first six cover every status, so even a tiny dataset shows them all.
    let status = Status::ALL
        .get(index)
        .copied()
        .unwrap_or_else(|| weighted_status(rng));
    let human_managed = status == Status::InProgress;
    let eligible: Vec<usize> = (0..channels.len())
        .filter(|&c| channels[c].workspace == workspace)
        // A voice call is the AI's or the caller's: a human never takes one over here.
        .filter(|&c| !(human_managed && channels[c].kind == ChannelType::Voice))
        .collect();
    let channel = eligible[rng.random_range(0..eligible.len())];
    let kind = channels[channel].kind;
    let topic = rng.random_range(0..TOPICS.len());
    // Odd lengths end with the customer, even ones with the team.
    let len = if status.waits_on_team() {
        [1, 3, 5][rng.random_range(0..3)]
    } else {
        [2, 4, 6][rng.random_range(0..3)]
    };
    let mut contact = contact(kind, None, rng);
    if rng.random_ratio(1, 12) {
        contact.name = None;
    }
    let order_number = rng.random_range(10_000..100_000);
    let age_fraction: f64 = rng.random::<f64>().powi(2);
    let age_ms = 60_000 + (age_fraction * (HISTORY_DAYS * 86_400_000) as f64) as i64;
    let last_message_at = now - Duration::milliseconds(age_ms);
    let seed = ThreadSeed {
        seed: rng.random(),
        topic: topic as u16,
        len,
        order_number,
    };
    let id: Arc<str> = ids::mixed("conv", 6, rng).into();
    let first_message = sent_times(
        last_message_at,
        usize::from(len),
        kind,
        &mut StdRng::seed_from_u64(seed.seed),
    )
    .first()
    .copied()
    .unwrap_or(last_message_at);
    let mut conversation = Conversation {
        id,
        workspace,
        channel,
        subject: TOPICS[topic]
            .subject
            .replace("{order}", &order_reference(order_number)),
        contact,
        status,
        human_managed,
        created_at: created_before(first_message, seed),
        last_message_at: Some(last_message_at),
        preview: None,
        explicit_nulls: rng.random(),
        shows_human_managed: true,
        anonymous_sender: false,
        open_attention: 0,
        pending_approval: None,
        pending_thread: Some(seed),
        messages: Vec::new(),
    };
    conversation.preview = Some(demo_preview(
        &conversation,
        seed,
        kind,
        workspaces[workspace].name,
    ));
    conversation
}

fn weighted_status(rng: &mut impl Rng) -> Status {
    const WEIGHTS: [(Status, u32); 6] = [
        (Status::Open, 30),
        (Status::InProgress, 14),
        (Status::AwaitingContact, 16),
        (Status::Resolved, 25),
        (Status::Closed, 8),
        (Status::Abandoned, 7),
    ];
    let mut roll = rng.random_range(0..WEIGHTS.iter().map(|(_, w)| w).sum::<u32>());
    for (status, weight) in WEIGHTS {
        if roll < weight {
            return status;
        }
        roll -= weight;
    }
    Status::Open
}

fn attention_item(
    index: usize,
    conversation: &Conversation,
    rng: &mut StdRng,
) -> Option<AttentionItem> {
    let needs_human = matches!(conversation.status, Status::Open | Status::InProgress);
    // Every seventh waiting conversation is flagged, so small datasets always have several.
    let open = needs_human && (index % 7 == 3 || rng.random_ratio(1, 5));
    let resolved = conversation.status == Status::Resolved && rng.random_ratio(1, 6);
    if !open && !resolved {
        return None;
    }
    let reason = &ATTENTION_REASONS[rng.random_range(0..ATTENTION_REASONS.len())];
    Some(AttentionItem {
        id: ids::mixed("att", 2, rng),
        conversation: index,
        kind: reason.kind,
        reason: reason.reason.to_owned(),
        open,
        created_at: conversation
            .last_message_at
            .unwrap_or(conversation.created_at)
            + Duration::seconds(rng.random_range(2..50)),
        resolved_at: (!open).then_some(
            conversation
                .last_message_at
                .unwrap_or(conversation.created_at),
        ),
    })
}

/// How a demo thread's lines are attributed and worded.
struct Script<'a> {
    lines: &'static [&'static str],
    kind: ChannelType,
    customer: Option<&'a str>,
    first_name: &'a str,
    order: String,
    agent: &'static str,
    workspace_name: &'a str,
    /// Index of the first line a human wrote, after a take-over.
    handover: Option<usize>,
    variant: u64,
}

impl<'a> Script<'a> {
    fn new(
        conversation: &'a Conversation,
        seed: ThreadSeed,
        kind: ChannelType,
        workspace_name: &'a str,
    ) -> Self {
        let customer = conversation.contact.name.as_deref();
        let len = usize::from(seed.len);
        Script {
            lines: TOPICS[usize::from(seed.topic)].lines,
            kind,
            customer,
            first_name: customer
                .and_then(|name| name.split_whitespace().next())
                .unwrap_or("there"),
            order: order_reference(seed.order_number),
            agent: AGENTS[(seed.seed % AGENTS.len() as u64) as usize],
            workspace_name,
            handover: conversation
                .human_managed
                .then(|| 3.min(len.saturating_sub(1))),
            variant: seed.seed,
        }
    }

    fn author(&self, index: usize) -> Author {
        if index.is_multiple_of(2) {
            Author::Customer
        } else if self.handover.is_some_and(|from| index >= from) {
            Author::Agent(self.agent.to_owned())
        } else {
            Author::Ai
        }
    }

    fn render(&self, index: usize) -> String {
        let line = self.lines[index % self.lines.len()]
            .replace("{first}", self.first_name)
            .replace("{order}", &self.order)
            .replace("{agent}", self.agent);
        if self.kind != ChannelType::Email {
            return line;
        }
        match self.author(index) {
            Author::Customer => {
                let signoff = EMAIL_CUSTOMER_SIGNOFFS
                    [((self.variant >> 8) as usize + index) % EMAIL_CUSTOMER_SIGNOFFS.len()];
                let name = self.customer.unwrap_or_default();
                let signed = if line.contains('\n') {
                    format!("{line}\n{name}")
                } else {
                    format!("{line}\n\n{signoff}\n{name}")
                };
                signed.trim_end().to_owned()
            }
            Author::Agent(name) => {
                format!("{line}\n\nBest wishes,\n{name}\n{}", self.workspace_name)
            }
            Author::Ai | Author::System => {
                format!("{line}\n\nBest wishes,\nYour {} team", self.workspace_name)
            }
        }
    }
}

fn gap(kind: ChannelType, rng: &mut impl Rng) -> Duration {
    let seconds = match kind {
        ChannelType::Voice => rng.random_range(4..40),
        ChannelType::Chat => rng.random_range(20..300),
        ChannelType::Whatsapp => rng.random_range(60..3_600),
        ChannelType::Email => rng.random_range(600..28_800),
    };
    Duration::milliseconds(seconds * 1_000 + rng.random_range(0..1_000))
}

fn order_reference(number: u32) -> String {
    format!("ORD-{number}")
}

fn phone_number(rng: &mut impl Rng) -> String {
    const PREFIXES: [&str; 5] = ["+45 2", "+49 151 ", "+46 70 ", "+34 6", "+30 69"];
    let prefix = PREFIXES[rng.random_range(0..PREFIXES.len())];
    format!("{prefix}{:07}", rng.random_range(0..10_000_000))
}

fn email_local_part(name: &str) -> String {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|word| {
            word.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() {
        "customer".to_owned()
    } else {
        words.join(".")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_yields_the_same_data() {
        let now = Utc::now();
        let first = generate(7, 50, now, false);
        let second = generate(7, 50, now, false);
        let ids = |data: &Dataset| -> Vec<Arc<str>> {
            data.conversations.iter().map(|c| c.id.clone()).collect()
        };
        assert_eq!(ids(&first), ids(&second));
    }

    #[test]
    fn a_regenerated_thread_ends_with_the_preview_and_the_last_message_time() {
        let data = generate(3, 40, Utc::now(), false);
        for conversation in &data.conversations {
            let Some(seed) = conversation.pending_thread else {
                panic!("demo threads start pending");
            };
            let channel = &data.channels[conversation.channel];
            let messages = thread(conversation, seed, channel.kind, "Acme Support");
            let last = messages.last().expect("threads are never empty");
            assert_eq!(Some(preview(&last.body)), conversation.preview);
            assert_eq!(Some(last.sent_at), conversation.last_message_at);
            assert!(messages.windows(2).all(|w| w[0].sent_at < w[1].sent_at));
            assert!(conversation.created_at < messages[0].sent_at);
        }
    }

    #[test]
    fn previews_are_cut_on_character_boundaries() {
        let long = "Αλέξης ".repeat(40);
        let cut = preview(&long);
        assert!(cut.ends_with("..."));
        assert_eq!(cut.chars().count(), PREVIEW_CHARS);
    }
}
