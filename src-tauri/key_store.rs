//! The API key's only resting place: the OS keyring (Secret Service, Keychain, Credential
//! Manager). keyring is built with its platform stores, so it never falls back to a mock.
//!
//! Each key is stored under the server it was checked against: a key is only ever restored for,
//! sent to, or deleted because of that same server, so pointing the app elsewhere
//! (`OHALLO_API_URL`) can neither receive a production key nor make the app forget it. Every
//! account but the first also has its name in the entry (`api-key#Brand B`), so each of
//! several accounts on one server has its own.

use ohallo_core::{ApiKey, DEFAULT_BASE_URL};
use ohallo_inbox::{KeySlot, KeyStore, KeyStoreError};
use zeroize::Zeroizing;

const SERVICE: &str = "eu.ohallo.desktop";
/// The production server's entry keeps the name it has always had.
const ACCOUNT: &str = "api-key";

/// The keyring account for the key of `slot`.
pub fn account_for(slot: &KeySlot) -> String {
    let server = origin(&slot.base_url);
    let entry = if server == origin(DEFAULT_BASE_URL) {
        ACCOUNT.to_owned()
    } else {
        format!("{ACCOUNT}@{server}")
    };
    match &slot.name {
        Some(name) => format!("{entry}#{name}"),
        None => entry,
    }
}

/// Scheme, host and port: a path or a trailing slash does not make another server.
fn origin(base_url: &str) -> String {
    match tauri::Url::parse(base_url.trim()) {
        Ok(url) => url.origin().ascii_serialization(),
        Err(_) => base_url.trim().to_owned(),
    }
}

fn entry(slot: &KeySlot) -> Result<keyring::Entry, KeyStoreError> {
    keyring::Entry::new(SERVICE, &account_for(slot)).map_err(unavailable)
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
    fn load(&self, slot: &KeySlot) -> Result<Option<ApiKey>, KeyStoreError> {
        match entry(slot)?.get_password() {
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

    fn save(&self, slot: &KeySlot, key: &ApiKey) -> Result<(), KeyStoreError> {
        entry(slot)?.set_password(key.expose()).map_err(unavailable)
    }

    fn delete(&self, slot: &KeySlot) -> Result<(), KeyStoreError> {
        match entry(slot)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(base_url: &str) -> String {
        account_for(&KeySlot {
            base_url: base_url.into(),
            name: None,
        })
    }

    #[test]
    fn each_server_has_its_own_entry_and_production_keeps_the_old_one() {
        assert_eq!(first(DEFAULT_BASE_URL), "api-key");
        assert_eq!(first("https://api.ohallo.eu/"), "api-key");
        assert_eq!(
            first("http://127.0.0.1:8787"),
            "api-key@http://127.0.0.1:8787"
        );
        assert_ne!(
            first("http://127.0.0.1:8787"),
            first("http://127.0.0.1:8788")
        );
        assert_ne!(first("https://api.ohallo.eu.evil.example"), "api-key");
    }

    #[test]
    fn every_account_but_the_first_adds_its_name() {
        let named = |base_url: &str, name: &str| {
            account_for(&KeySlot {
                base_url: base_url.into(),
                name: Some(name.into()),
            })
        };
        assert_eq!(named(DEFAULT_BASE_URL, "Brand B"), "api-key#Brand B");
        assert_eq!(
            named("http://127.0.0.1:8787", "Test"),
            "api-key@http://127.0.0.1:8787#Test"
        );
    }
}
