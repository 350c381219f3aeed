//! Response bodies to models. Never panics: anything unreadable becomes
//! [`ApiError::BadResponse`] whose detail names the path of the offending field.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::error::Category;
use serde_json::Value;
use tracing::warn;

use crate::error::ApiError;
use crate::models::Attachment;
use crate::models::{
    Account, AttentionItem, Brand, Channel, Contact, Conversation, ConversationDetail, Message,
    Page, Workspace,
};

/// Larger responses are refused: no legitimate page comes near this, and reading one would
/// stall the app.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// Longer message bodies are cut, with a visible note, so one huge email cannot freeze a thread.
pub const MAX_MESSAGE_BODY_BYTES: usize = 256 * 1024;
/// Server texts and decode details end up in the UI; past this they are noise.
const MAX_DETAIL_CHARS: usize = 300;

/// One page of conversations. A row this app cannot read is skipped (and counted), so one odd
/// conversation never empties the inbox or stops the sync.
pub fn conversations_page(bytes: &[u8]) -> Result<Page<Conversation>, ApiError> {
    let page: Page<Value> = json(bytes)?;
    let total = page.data.len();
    let data = rows(page.data, "conversation");
    Ok(Page {
        skipped: total - data.len(),
        data,
        next_cursor: page.next_cursor,
        served_at: None,
    })
}

/// A thread, as a bare array or wrapped in `{"data": [...]}`; unreadable messages are skipped.
pub fn messages(bytes: &[u8]) -> Result<Vec<Message>, ApiError> {
    Ok(rows(list(bytes)?, "message"))
}

pub fn brands(bytes: &[u8]) -> Result<Vec<Brand>, ApiError> {
    Ok(rows(list(bytes)?, "brand"))
}

pub fn workspaces(bytes: &[u8]) -> Result<Vec<Workspace>, ApiError> {
    Ok(rows(list(bytes)?, "workspace"))
}

pub fn channel(bytes: &[u8]) -> Result<Channel, ApiError> {
    json(bytes)
}

pub fn contact(bytes: &[u8]) -> Result<Contact, ApiError> {
    json(bytes)
}

pub fn account(bytes: &[u8]) -> Result<Account, ApiError> {
    json(bytes)
}

/// The conversation itself or, as other oHallo answers wrap theirs, `{"data": {...}}`.
pub fn conversation_detail(bytes: &[u8]) -> Result<ConversationDetail, ApiError> {
    let value: Value = json(bytes)?;
    let value = match value {
        Value::Object(mut object) if !object.contains_key("id") && object.contains_key("data") => {
            object.remove("data").unwrap_or_default()
        }
        value => value,
    };
    serde_path_to_error::deserialize(value).map_err(describe)
}

/// The whole history, unpaginated: an unreadable item is skipped rather than failing the lot.
pub fn attention_items(bytes: &[u8]) -> Result<Vec<AttentionItem>, ApiError> {
    Ok(rows(list(bytes)?, "attention item"))
}

/// A conversation's attachments; an unreadable one is skipped rather than failing the lot.
pub fn attachments(bytes: &[u8]) -> Result<Vec<Attachment>, ApiError> {
    Ok(rows(list(bytes)?, "attachment"))
}

/// The `error` text of an error body, if the body has one.
pub fn server_error_text(bytes: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct ErrorBody {
        error: Option<String>,
        message: Option<String>,
    }
    let body: ErrorBody = serde_json::from_slice(bytes).ok()?;
    body.error
        .or(body.message)
        .filter(|text| !text.trim().is_empty())
        .map(|text| shorten(text.trim()))
}

pub(crate) fn too_large() -> ApiError {
    ApiError::BadResponse {
        detail: format!(
            "the response is larger than {} MiB",
            MAX_RESPONSE_BYTES / (1024 * 1024)
        ),
    }
}

/// Cuts a body over [`MAX_MESSAGE_BODY_BYTES`] at a character boundary and says so.
pub(crate) fn truncate_body(mut body: String) -> String {
    if body.len() <= MAX_MESSAGE_BODY_BYTES {
        return body;
    }
    let original_len = body.len();
    let mut cut = MAX_MESSAGE_BODY_BYTES;
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    body.truncate(cut);
    body.push_str(&format!(
        "… [message truncated: {}]",
        human_size(original_len)
    ));
    body
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{} KB", bytes / 1000)
    }
}

fn rows<T: DeserializeOwned>(values: Vec<Value>, what: &'static str) -> Vec<T> {
    values
        .into_iter()
        .enumerate()
        .filter_map(
            |(index, value)| match serde_path_to_error::deserialize(value) {
                Ok(row) => Some(row),
                Err(error) => {
                    warn!(
                        what,
                        index,
                        path = %error.path(),
                        error = %shorten(&error.inner().to_string()),
                        "skipping a row this app cannot read"
                    );
                    None
                }
            },
        )
        .collect()
}

fn list<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, ApiError> {
    #[derive(Deserialize)]
    struct Wrapped<T> {
        data: Vec<T>,
    }
    // Peeking at the first byte keeps error paths exact, which an untagged enum would lose.
    match bytes.iter().find(|byte| !byte.is_ascii_whitespace()) {
        Some(b'{') => json::<Wrapped<T>>(bytes).map(|wrapped| wrapped.data),
        _ => json(bytes),
    }
}

fn json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.len() > MAX_RESPONSE_BYTES {
        return Err(too_large());
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(describe)?;
    deserializer.end().map_err(|error| ApiError::BadResponse {
        detail: shorten(&format!("malformed JSON: {error}")),
    })?;
    Ok(value)
}

fn describe(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = error.path().to_string();
    let inner = error.inner();
    let location = if path == "." {
        String::new()
    } else {
        format!(" at `{path}`")
    };
    let detail = match inner.classify() {
        Category::Data => format!("unexpected value{location}: {inner}"),
        Category::Syntax | Category::Eof | Category::Io => {
            format!("malformed JSON{location}: {inner}")
        }
    };
    ApiError::BadResponse {
        detail: shorten(&detail),
    }
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_DETAIL_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_are_cut_on_a_character_boundary_with_a_note() {
        let body = "é".repeat(MAX_MESSAGE_BODY_BYTES);
        let cut = truncate_body(body);
        assert!(cut.len() < MAX_MESSAGE_BODY_BYTES + 64);
        assert!(
            cut.ends_with("… [message truncated: 524 KB]"),
            "{}",
            &cut[cut.len() - 40..]
        );
        let big = truncate_body("a".repeat(1_200_000));
        assert!(big.ends_with("[message truncated: 1.2 MB]"));
        assert_eq!(truncate_body("short".to_owned()), "short");
    }

    #[test]
    fn oversized_responses_are_refused() {
        let huge = vec![b' '; MAX_RESPONSE_BYTES + 1];
        assert_eq!(messages(&huge), Err(too_large()));
    }

    #[test]
    fn server_error_text_is_read_when_present() {
        assert_eq!(
            server_error_text(br#"{"error":"Conversation not found"}"#).as_deref(),
            Some("Conversation not found")
        );
        assert_eq!(server_error_text(b"<html>bad gateway</html>"), None);
        assert_eq!(server_error_text(br#"{"error":null}"#), None);
    }
}
