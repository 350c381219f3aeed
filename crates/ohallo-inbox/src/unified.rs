//! One inbox across all signed-in accounts: their conversations merged behind one opaque
//! cursor, and their workspaces in one list, every id qualified by its account.

use std::cmp::Reverse;
use std::sync::Arc;

use futures_util::future::join_all;
use ohallo_core::{ApiError, ConversationQuery, Page, Workspace};
use serde::{Deserialize, Serialize};

use crate::inbox::Inbox;
use crate::listing::{decode, encode};
use crate::qualified::{self, AccountId, Qualify};
use crate::view::ConversationView;

/// Where each account's listing stands: its own (opaque) cursor. Opaque to the UI as well.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Cursor(Vec<(AccountId, String)>);

/// One page of the unified list. A workspace filter (qualified) lists that account only, an
/// account filter that account only, and neither lists every account, each one's next page
/// merged newest activity first. An account that fails is left out while others answer, so one
/// brand's outage does not empty the inbox; when all fail, the first failure is the answer.
pub async fn conversations(
    inboxes: Vec<(AccountId, Arc<Inbox>)>,
    account: Option<&AccountId>,
    query: &ConversationQuery,
) -> Result<Page<ConversationView>, ApiError> {
    let workspace = match query.workspace_id.as_deref() {
        Some(qualified) => Some(qualified::split(qualified).ok_or_else(unknown_workspace)?),
        None => None,
    };
    let only = workspace.as_ref().map(|(account, _)| account).or(account);
    let positions: Vec<(AccountId, Option<String>)> = match query.cursor.as_deref() {
        None => inboxes
            .iter()
            .filter(|(id, _)| only.is_none_or(|only| only == id))
            .map(|(id, _)| (id.clone(), None))
            .collect(),
        Some(text) => decode::<Cursor>(text)?
            .0
            .into_iter()
            .map(|(account, cursor)| (account, Some(cursor)))
            .collect(),
    };
    let pages = join_all(positions.into_iter().map(|(account, cursor)| {
        let inbox = inboxes
            .iter()
            .find(|(id, _)| *id == account)
            .map(|(_, inbox)| inbox.clone());
        let query = ConversationQuery {
            workspace_id: workspace.as_ref().map(|(_, id)| (*id).to_owned()),
            cursor,
            ..query.clone()
        };
        async move {
            // An account signed out since the cursor was made has no more pages.
            let Some(inbox) = inbox else {
                return (account, Ok(None));
            };
            let page = inbox.conversations(&query).await.map(Some);
            (account, page)
        }
    }))
    .await;
    let mut merged = Page {
        data: Vec::new(),
        next_cursor: None,
        skipped: 0,
        served_at: None,
    };
    let mut next = Vec::new();
    let mut answered = 0;
    let mut first_failure = None;
    let merging = pages.len() > 1;
    for (account, page) in pages {
        let page = match page {
            Ok(Some(page)) => page,
            Ok(None) => continue,
            Err(error) => {
                tracing::warn!(%account, %error, "an account's conversations could not be listed");
                first_failure.get_or_insert(error);
                continue;
            }
        };
        answered += 1;
        merged.skipped += page.skipped;
        merged.served_at = merged.served_at.max(page.served_at);
        merged.data.extend(page.data.qualified(&account));
        if let Some(cursor) = page.next_cursor {
            next.push((account, cursor));
        }
    }
    if answered == 0 {
        if let Some(error) = first_failure {
            return Err(error);
        }
    }
    // Stable: one account's own order is kept as it came.
    if merging {
        merged
            .data
            .sort_by_key(|view| Reverse(view.conversation.last_message_at));
    }
    if !next.is_empty() {
        merged.next_cursor = Some(encode(&Cursor(next)));
    }
    Ok(merged)
}

/// Every account's workspaces, in account order. As with the list, an account that fails is
/// left out unless all do.
pub async fn workspaces(inboxes: Vec<(AccountId, Arc<Inbox>)>) -> Result<Vec<Workspace>, ApiError> {
    let answers = join_all(
        inboxes
            .iter()
            .map(|(account, inbox)| async move { (account, inbox.workspaces().await) }),
    )
    .await;
    let mut all = Vec::new();
    let mut first_failure = None;
    let mut answered = 0;
    for (account, answer) in answers {
        match answer {
            Ok(workspaces) => {
                answered += 1;
                all.extend(workspaces.qualified(account));
            }
            Err(error) => {
                tracing::warn!(%account, %error, "an account's workspaces could not be listed");
                first_failure.get_or_insert(error);
            }
        }
    }
    match first_failure {
        Some(error) if answered == 0 => Err(error),
        _ => Ok(all),
    }
}

fn unknown_workspace() -> ApiError {
    ApiError::InvalidInput("That workspace belongs to an account that is not signed in".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = Cursor(vec![
            (AccountId::first(), "abc".into()),
            (AccountId::numbered(2), "def".into()),
        ]);
        assert_eq!(decode::<Cursor>(&encode(&cursor)).ok(), Some(cursor));
        for garbage in ["[[\"bad id\",\"x\"]]", "not json"] {
            assert!(matches!(
                decode::<Cursor>(garbage),
                Err(ApiError::InvalidInput(_))
            ));
        }
    }
}
