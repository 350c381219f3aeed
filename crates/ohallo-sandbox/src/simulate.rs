//! A simulated customer base: at every tick someone writes into an existing conversation or,
//! now and then, starts a new one. Voice calls get the caller's line and the AI's answer.

use crate::corpus::{FOLLOW_UPS, OPENERS, VOICE_AI_ANSWERS};
use crate::data;
use crate::model::ChannelType;
use crate::state::AppState;
use crate::store::{Inbound, Speaker, Store, StoreError};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;
use tokio::time::MissedTickBehavior;

pub(crate) async fn run(state: AppState, every: Duration, seed: u64) {
    let mut rng = StdRng::seed_from_u64(data::mix(seed, u64::MAX - 1));
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // The first tick is immediate; the first message should come one interval after start.
    ticks.tick().await;
    loop {
        ticks.tick().await;
        if let Err(error) = step(&mut state.store(), &mut rng) {
            tracing::warn!(%error, "simulated message failed");
        }
    }
}

fn step(store: &mut Store, rng: &mut StdRng) -> Result<(), StoreError> {
    let count = store.conversation_count();
    // Once the cap on created conversations is reached, customers keep writing into old ones.
    let existing = (count > 0 && !(rng.random_ratio(1, 8) && store.may_create_conversation()))
        .then(|| store.conversation_at(rng.random_range(0..count)))
        .flatten()
        .map(|(id, kind)| (id.to_owned(), kind));
    let (conversation_id, kind) = match existing {
        Some((id, kind)) => {
            store.inbound(Inbound {
                conversation_id: Some(id.clone()),
                body: pick(FOLLOW_UPS, rng),
                ..Inbound::default()
            })?;
            (id, kind)
        }
        None => {
            let kind = ChannelType::ALL[rng.random_range(0..ChannelType::ALL.len())];
            let (id, _) = store.inbound(Inbound {
                channel: Some(kind),
                body: pick(OPENERS, rng),
                ..Inbound::default()
            })?;
            (id.to_string(), kind)
        }
    };
    if kind == ChannelType::Voice {
        store.inbound(Inbound {
            conversation_id: Some(conversation_id),
            speaker: Some(Speaker::Ai),
            body: pick(VOICE_AI_ANSWERS, rng),
            ..Inbound::default()
        })?;
    }
    Ok(())
}

fn pick(lines: &[&str], rng: &mut impl Rng) -> String {
    lines[rng.random_range(0..lines.len())].to_owned()
}
