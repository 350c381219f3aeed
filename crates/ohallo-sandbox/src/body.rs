//! Request bodies. We parse them ourselves so every bad body answers 400 with a JSON error,
//! whatever the Content-Type, instead of axum's plain-text 415/422 rejections.

use crate::error::ApiError;
use serde::de::DeserializeOwned;

pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|error| ApiError::BadRequest(format!("invalid JSON body: {error}")))
}

/// Like [`parse`], but an empty body stands for `T::default()`.
pub(crate) fn parse_optional<T: DeserializeOwned + Default>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        Ok(T::default())
    } else {
        parse(bytes)
    }
}
