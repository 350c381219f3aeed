//! The API key's only resting place: the OS keyring (Secret Service, Keychain, Credential
//! Manager). keyring is built with its platform stores, so it never falls back to a mock.

use ohallo_core::ApiKey;

const SERVICE: &str = "eu.ohallo.desktop";
const ACCOUNT: &str = "api-key";

#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    #[error(
        "The system keyring is not available ({0}). Unlock or start your keyring and try again."
    )]
    Unavailable(String),
    #[error(
        "The key stored in the system keyring is not a valid oHallo key; please sign in again."
    )]
    Corrupt,
}

fn entry() -> Result<keyring::Entry, KeyStoreError> {
    keyring::Entry::new(SERVICE, ACCOUNT).map_err(unavailable)
}

/// keyring's errors never carry the secret, but may be long; keep the variant's wording.
fn unavailable(error: keyring::Error) -> KeyStoreError {
    KeyStoreError::Unavailable(error.to_string())
}

/// Blocking: call from a blocking-capable thread.
pub fn load() -> Result<Option<ApiKey>, KeyStoreError> {
    match entry()?.get_password() {
        Ok(secret) => ApiKey::parse(&secret)
            .map(Some)
            .map_err(|_| KeyStoreError::Corrupt),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(error) => Err(unavailable(error)),
    }
}

pub fn save(key: &ApiKey) -> Result<(), KeyStoreError> {
    entry()?.set_password(key.expose()).map_err(unavailable)
}

pub fn delete() -> Result<(), KeyStoreError> {
    match entry()?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(error) => Err(unavailable(error)),
    }
}
