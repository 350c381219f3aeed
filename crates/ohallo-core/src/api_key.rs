//! The API key, wrapped so it cannot leak through logs, error texts or serialization.

use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

use zeroize::Zeroizing;

use crate::error::ApiError;

const LIVE_PREFIX: &str = "sf_live_v1_";
const TEST_PREFIX: &str = "sf_test_v1_";
/// Far above any real key; stops a pasted document from becoming a header.
const MAX_KEY_LEN: usize = 512;

/// Which oHallo environment a key belongs to, read from its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum KeyEnvironment {
    Live,
    Test,
}

impl KeyEnvironment {
    fn prefix(self) -> &'static str {
        match self {
            KeyEnvironment::Live => LIVE_PREFIX,
            KeyEnvironment::Test => TEST_PREFIX,
        }
    }
}

/// An oHallo API key. `Debug` and `Display` show only the prefix (`sf_test_v1_…`); there is
/// deliberately no `Serialize`, and the secret is wiped from memory on drop.
#[derive(Clone)]
pub struct ApiKey {
    secret: Zeroizing<String>,
    environment: KeyEnvironment,
}

impl ApiKey {
    /// Validates user input (surrounding whitespace is ignored). The error never repeats the
    /// input, since it may be a real key with a typo.
    pub fn parse(input: &str) -> Result<ApiKey, ApiError> {
        let candidate = input.trim();
        let (environment, token) = [KeyEnvironment::Live, KeyEnvironment::Test]
            .into_iter()
            .find_map(|env| Some((env, candidate.strip_prefix(env.prefix())?)))
            .ok_or_else(|| {
                ApiError::InvalidInput(format!(
                    "An oHallo API key starts with {LIVE_PREFIX} or {TEST_PREFIX}"
                ))
            })?;
        if token.is_empty() {
            return Err(ApiError::InvalidInput(
                "The API key is incomplete: nothing follows its prefix".to_owned(),
            ));
        }
        if candidate.len() > MAX_KEY_LEN {
            return Err(ApiError::InvalidInput("The API key is too long".to_owned()));
        }
        if !token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(ApiError::InvalidInput(
                "The API key contains characters that do not belong in a key \
                 (only letters, digits, - and _ are allowed)"
                    .to_owned(),
            ));
        }
        Ok(ApiKey {
            secret: Zeroizing::new(candidate.to_owned()),
            environment,
        })
    }

    /// The secret itself. Only for building the `Authorization` header.
    pub fn expose(&self) -> &str {
        &self.secret
    }

    pub fn environment(&self) -> KeyEnvironment {
        self.environment
    }

    /// Whether two keys are one: the same key signed in twice would be two accounts that
    /// notify twice for every message.
    pub fn same_as(&self, other: &ApiKey) -> bool {
        *self.secret == *other.secret
    }

    /// What `Display` prints: the prefix and an ellipsis.
    pub(crate) fn redacted(&self) -> String {
        format!("{}…", self.environment.prefix())
    }
}

impl FromStr for ApiKey {
    type Err = ApiError;

    fn from_str(input: &str) -> Result<ApiKey, ApiError> {
        ApiKey::parse(input)
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "sf_test_v1_Zq9xW2kLmP4rT7yB";

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let key = ApiKey::parse(SECRET).unwrap();
        for shown in [
            format!("{key:?}"),
            format!("{key:#?}"),
            format!("{key}"),
            format!("{:?}", Some(&key)),
        ] {
            assert!(!shown.contains("Zq9xW2kLmP4rT7yB"), "{shown}");
            assert!(shown.contains("sf_test_v1_…"), "{shown}");
        }
    }

    #[test]
    fn expose_returns_the_trimmed_secret() {
        let key = ApiKey::parse(&format!("  {SECRET}\n")).unwrap();
        assert_eq!(key.expose(), SECRET);
        assert_eq!(key.environment(), KeyEnvironment::Test);
        let live: ApiKey = "sf_live_v1_abc-DEF_123".parse().unwrap();
        assert_eq!(live.environment(), KeyEnvironment::Live);
    }

    #[test]
    fn rejects_bad_keys_without_echoing_them() {
        for input in [
            "",
            "   ",
            "sf_test_v1_",
            "sf_prod_v1_secretvalue",
            "Bearer sf_test_v1_secretvalue",
            "sf_test_v1_secret value",
            "sf_test_v1_secret/value",
            "sf_test_v1_sécretvalue",
        ] {
            let error = ApiKey::parse(input).unwrap_err();
            assert!(matches!(error, ApiError::InvalidInput(_)), "{input}");
            let text = format!("{error} {error:?} {}", error.user_message());
            assert!(!text.contains("secret"), "{text}");
        }
        let too_long = format!("{TEST_PREFIX}{}", "a".repeat(MAX_KEY_LEN));
        assert!(ApiKey::parse(&too_long).is_err());
    }
}
