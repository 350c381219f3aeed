//! API keys, their scopes and optional workspace restriction, and the `Principal` extractor that
//! authenticates (and rate-limits) every `/api/` request.

use crate::error::ApiError;
use crate::limits::MAX_MINTED_KEYS;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use rand::distr::{Alphanumeric, SampleString};
use std::collections::HashMap;
use std::time::Instant;

const KEY_PREFIX: &str = "sf_test_v1_";

/// The scopes a key may carry. oHallo has more; these are the ones the contract names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// `conversations:read`: conversations, messages and attention items.
    Read,
    /// `conversations:write`: replies and state changes.
    Write,
    ChannelsRead,
    /// Known so keys can carry it; the sandbox serves no contacts endpoint yet.
    ContactsRead,
    /// Known so keys can carry it; the sandbox serves no knowledge-base endpoint.
    KbRead,
}

impl Scope {
    const ALL: [Scope; 5] = [
        Scope::Read,
        Scope::Write,
        Scope::ChannelsRead,
        Scope::ContactsRead,
        Scope::KbRead,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "conversations:read",
            Scope::Write => "conversations:write",
            Scope::ChannelsRead => "channels:read",
            Scope::ContactsRead => "contacts:read",
            Scope::KbRead => "kb:read",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == value)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct KeyRecord {
    pub scopes: Vec<Scope>,
    pub expired: bool,
    pub revoked: bool,
    pub workspace_id: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct KeyRing {
    keys: HashMap<String, KeyRecord>,
    minted: usize,
}

impl KeyRing {
    /// The start-up key carries every scope, so demos and tests can reach every endpoint.
    pub(crate) fn with_full_key(key: &str) -> Self {
        let mut ring = KeyRing::default();
        ring.keys.insert(
            key.to_owned(),
            KeyRecord {
                scopes: Scope::ALL.to_vec(),
                expired: false,
                revoked: false,
                workspace_id: None,
            },
        );
        ring
    }

    pub(crate) fn create(&mut self, record: KeyRecord) -> Result<String, ApiError> {
        if self.minted >= MAX_MINTED_KEYS {
            return Err(ApiError::LimitReached(format!(
                "the sandbox mints at most {MAX_MINTED_KEYS} keys, and has; restart it to start \
                 over"
            )));
        }
        self.minted += 1;
        let key = random_key();
        self.keys.insert(key.clone(), record);
        Ok(key)
    }

    /// Whether the key existed.
    pub(crate) fn revoke(&mut self, key: &str) -> bool {
        self.keys
            .get_mut(key)
            .map(|record| record.revoked = true)
            .is_some()
    }

    fn authenticate(&self, headers: &HeaderMap) -> Result<Principal, ApiError> {
        let value = headers
            .get(header::AUTHORIZATION)
            .ok_or(ApiError::Unauthorized(
                "missing API key: send Authorization: Bearer <key>",
            ))?;
        let key = bearer_token(value.to_str().unwrap_or_default()).ok_or(
            ApiError::Unauthorized("malformed Authorization header; expected Bearer <key>"),
        )?;
        let record = self
            .keys
            .get(key)
            .ok_or(ApiError::Unauthorized("invalid API key"))?;
        if record.revoked {
            return Err(ApiError::Unauthorized("API key revoked"));
        }
        if record.expired {
            return Err(ApiError::Unauthorized("API key expired"));
        }
        Ok(Principal {
            key: key.to_owned(),
            scopes: record.scopes.clone(),
            workspace_id: record.workspace_id.clone(),
        })
    }
}

pub(crate) fn random_key() -> String {
    format!(
        "{KEY_PREFIX}{}",
        Alphanumeric.sample_string(&mut rand::rng(), 32)
    )
}

fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && !token.contains(' '))
        .then_some(token)
}

/// The authenticated caller of an `/api/` request.
#[derive(Debug)]
pub(crate) struct Principal {
    key: String,
    scopes: Vec<Scope>,
    /// Set when the key only sees one workspace.
    pub workspace_id: Option<String>,
}

impl Principal {
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    pub(crate) fn has(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }

    pub(crate) fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.has(scope) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "missing scope {}",
                scope.as_str()
            )))
        }
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let principal = state.keys.lock().authenticate(&parts.headers)?;
        if let Some(limiter) = &state.limiter {
            limiter
                .lock()
                .check(&principal.key, Instant::now())
                .map_err(|retry_after_secs| ApiError::RateLimited { retry_after_secs })?;
        }
        Ok(principal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bearer_scheme_with_one_token_is_accepted() {
        assert_eq!(
            bearer_token("Bearer sf_test_v1_abc"),
            Some("sf_test_v1_abc")
        );
        assert_eq!(
            bearer_token("bearer  sf_test_v1_abc "),
            Some("sf_test_v1_abc")
        );
        assert_eq!(bearer_token("Basic dXNlcjpwYXNz"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("sf_test_v1_abc"), None);
    }
}
