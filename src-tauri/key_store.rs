//! The API key's only resting place: the OS keyring (Secret Service, Keychain, Credential
//! Manager). keyring is built with its platform stores, so it never falls back to a mock.
//!
//! Each key is stored under the server it was checked against: a key is only ever restored for,
//! sent to, or deleted because of that same server, so pointing the app elsewhere
//! (`OHALLO_API_URL`) can neither receive a production key nor make the app forget it.

use ohallo_core::{ApiKey, DEFAULT_BASE_URL};
use ohallo_inbox::{KeyStore, KeyStoreError};
use zeroize::Zeroizing;

const SERVICE: &str = "eu.ohallo.desktop";
/// The production server's entry keeps the name it has always had.
const ACCOUNT: &str = "api-key";

/// The keyring account for keys checked against `base_url`.
pub fn account_for(base_url: &str) -> String {
    let server = origin(base_url);
    if server == origin(DEFAULT_BASE_URL) {
        ACCOUNT.to_owned()
    } else {
        format!("{ACCOUNT}@{server}")
    }
}

/// Scheme, host and port: a path or a trailing slash does not make another server.
fn origin(base_url: &str) -> String {
    match tauri::Url::parse(base_url.trim()) {
        Ok(url) => url.origin().ascii_serialization(),
        Err(_) => base_url.trim().to_owned(),
    }
}

fn entry(base_url: &str) -> Result<keyring::Entry, KeyStoreError> {
    keyring::Entry::new(SERVICE, &account_for(base_url)).map_err(unavailable)
}

/// keyring's errors never carry the secret; their text is for the log only.
fn unavailable(error: keyring::Error) -> KeyStoreError {
    KeyStoreError::Unavailable {
        detail: error.to_string(),
    }
}

/// The OS keyring. Blocking: the account calls it from a blocking-capable thread.
pub struct OsKeyring;

impl KeyStore for OsKeyring {
    fn load(&self, base_url: &str) -> Result<Option<ApiKey>, KeyStoreError> {
        match entry(base_url)?.get_password() {
            Ok(secret) => {
                // The copy the keyring hands out is wiped too, not only the one the key keeps.
                let secret = Zeroizing::new(secret);
                ApiKey::parse(&secret)
                    .map(Some)
                    .map_err(|_| KeyStoreError::Corrupt)
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(unavailable(error)),
        }
    }

    fn save(&self, base_url: &str, key: &ApiKey) -> Result<(), KeyStoreError> {
        entry(base_url)?
            .set_password(key.expose())
            .map_err(unavailable)
    }

    fn delete(&self, base_url: &str) -> Result<(), KeyStoreError> {
        match entry(base_url)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_server_has_its_own_entry_and_production_keeps_the_old_one() {
        assert_eq!(account_for(DEFAULT_BASE_URL), "api-key");
        assert_eq!(account_for("https://api.ohallo.eu/"), "api-key");
        assert_eq!(
            account_for("http://127.0.0.1:8787"),
            "api-key@http://127.0.0.1:8787"
        );
        assert_ne!(
            account_for("http://127.0.0.1:8787"),
            account_for("http://127.0.0.1:8788")
        );
        assert_ne!(account_for("https://api.ohallo.eu.evil.example"), "api-key");
    }
}
