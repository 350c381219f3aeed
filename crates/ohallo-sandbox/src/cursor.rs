//! Keyset cursors: the position after the last item of a page, as (the list order's time, id):
//! `lastMessageAt` (or, before the first message, `createdAt`) in the activity order, `createdAt`
//! in the creation order. Unlike offsets, they stay valid while new messages move conversations
//! to the top of the list.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Cursor {
    /// The order's time in milliseconds since the epoch.
    #[serde(rename = "t")]
    pub at_ms: i64,
    pub id: String,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid cursor")]
pub(crate) struct InvalidCursor;

impl Cursor {
    pub(crate) fn encode(&self) -> String {
        // Serialising two plain fields cannot fail; an empty cursor would only ever answer 400.
        let json = serde_json::to_vec(self).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    pub(crate) fn decode(text: &str) -> Result<Cursor, InvalidCursor> {
        let json = URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .map_err(|_| InvalidCursor)?;
        serde_json::from_slice(&json).map_err(|_| InvalidCursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_a_round_trip() {
        let cursor = Cursor {
            at_ms: 1_774_017_120_123,
            id: "conv_01HXYZ".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()).ok(), Some(cursor));
    }

    #[test]
    fn garbage_is_not_a_cursor() {
        assert!(Cursor::decode("not a cursor!").is_err());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode(b"{\"x\":1}")).is_err());
    }
}
