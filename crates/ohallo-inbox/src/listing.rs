//! Listing conversations the way oHallo requires: every list call names a workspace (a key
//! restricted to one must still pass it), so "all workspaces" is one listing per workspace,
//! merged, behind one opaque cursor.

use std::cmp::Reverse;

use futures_util::future::try_join_all;
use ohallo_core::{ApiError, Client, Conversation, ConversationQuery, Page};
use serde::{Deserialize, Serialize};

use crate::directory::Directory;

/// Where listings go: one workspace when the filter names it, else each workspace the key
/// sees, or the unscoped account when the workspace list itself is refused (`None`).
pub(crate) async fn scopes(
    directory: &Directory,
    client: &Client,
    filter: Option<&str>,
) -> Result<Vec<Option<String>>, ApiError> {
    if let Some(id) = filter.filter(|id| !id.trim().is_empty()) {
        return Ok(vec![Some(id.to_string())]);
    }
    match directory.workspaces(client).await {
        Ok(workspaces) if !workspaces.is_empty() => {
            Ok(workspaces.into_iter().map(|w| Some(w.id)).collect())
        }
        Ok(_) => Ok(vec![None]),
        Err(error @ ApiError::Unauthorized { .. }) => Err(error),
        Err(error) => {
            tracing::warn!(%error, "workspaces could not be listed; listing unscoped");
            Ok(vec![None])
        }
    }
}

/// Where each workspace's listing stands. Opaque to the UI, which only hands it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Cursor(Vec<(Option<String>, String)>);

/// One page across `scopes`: each scope's next page, merged newest activity first. A cursor
/// from an earlier page says which scopes still have pages, and where.
pub(crate) async fn page(
    client: &Client,
    scopes: Vec<Option<String>>,
    query: &ConversationQuery,
) -> Result<Page<Conversation>, ApiError> {
    let positions: Vec<(Option<String>, Option<String>)> = match query.cursor.as_deref() {
        None => scopes.into_iter().map(|scope| (scope, None)).collect(),
        Some(text) => decode::<Cursor>(text)?
            .0
            .into_iter()
            .map(|(scope, cursor)| (scope, Some(cursor)))
            .collect(),
    };
    let pages = try_join_all(positions.into_iter().map(|(scope, cursor)| {
        let query = ConversationQuery {
            workspace_id: scope.clone(),
            cursor: cursor.clone(),
            ..query.clone()
        };
        async move {
            let page = client.list_conversations(&query).await?;
            Ok::<_, ApiError>((scope, cursor, page))
        }
    }))
    .await?;
    let mut merged = Page {
        data: Vec::new(),
        next_cursor: None,
        skipped: 0,
        served_at: None,
    };
    let mut next = Vec::new();
    let merging = pages.len() > 1;
    for (scope, asked, page) in pages {
        merged.skipped += page.skipped;
        merged.served_at = merged.served_at.max(page.served_at);
        merged.data.extend(page.data);
        // A server that answers with the cursor it was asked for would be read forever.
        match page.next_cursor {
            Some(cursor) if Some(&cursor) == asked.as_ref() => {
                tracing::warn!("the server repeated a cursor; treating it as the last page");
            }
            Some(cursor) => next.push((scope, cursor)),
            None => {}
        }
    }
    // Stable: within one workspace the server's own order is kept; one workspace's page is
    // left exactly as the server ordered it.
    if merging {
        merged
            .data
            .sort_by_key(|conversation| Reverse(conversation.last_message_at));
    }
    if !next.is_empty() {
        merged.next_cursor = Some(encode(&Cursor(next)));
    }
    Ok(merged)
}

/// A merged listing's cursor as the UI carries it: JSON it only hands back.
pub(crate) fn encode<T: Serialize>(cursor: &T) -> String {
    // Plain strings, ids and options always serialise.
    serde_json::to_string(cursor).unwrap_or_default()
}

pub(crate) fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text)
        .map_err(|_| ApiError::InvalidInput("That page of the list is no longer valid".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = Cursor(vec![
            (Some("ws_1".into()), "abc".into()),
            (None, "def".into()),
        ]);
        assert_eq!(decode::<Cursor>(&encode(&cursor)).ok(), Some(cursor));
        assert!(matches!(
            decode::<Cursor>("not json"),
            Err(ApiError::InvalidInput(_))
        ));
    }
}
