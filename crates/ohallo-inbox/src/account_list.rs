//! Which accounts were signed in with a key kept in the keyring, by id and name, so the next
//! start knows which keys to restore. Never a key: those are in the keyring only.

use std::path::PathBuf;

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use crate::atomic_file::{read_json, write_json};
use crate::qualified::AccountId;
use crate::LocalError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecord {
    pub id: AccountId,
    pub name: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct ListFile {
    accounts: Vec<AccountRecord>,
}

pub struct AccountList {
    path: PathBuf,
    records: Mutex<Vec<AccountRecord>>,
    /// No list was ever written: the app is from before there could be several accounts.
    from_before_accounts: bool,
}

impl AccountList {
    /// An unreadable file is set aside (and logged) by `read_json`.
    pub fn open(path: PathBuf) -> AccountList {
        let from_before_accounts = !path.exists();
        let records = read_json::<ListFile>(&path)
            .map(|file| file.accounts)
            .unwrap_or_else(|error| {
                tracing::warn!(?error, "the account list could not be read");
                Vec::new()
            });
        AccountList {
            path,
            records: Mutex::new(records),
            from_before_accounts,
        }
    }

    pub fn records(&self) -> Vec<AccountRecord> {
        self.records.lock().clone()
    }

    /// The accounts whose keys a start restores: an app from before there could be several
    /// has its one key in the first account's place (and no name for it yet).
    pub fn to_restore(&self) -> Vec<AccountRecord> {
        let records = self.records();
        if self.from_before_accounts && records.is_empty() {
            vec![AccountRecord {
                id: AccountId::first(),
                name: String::new(),
            }]
        } else {
            records
        }
    }

    pub fn add(&self, record: AccountRecord) -> Result<(), LocalError> {
        self.change(|records| {
            records.retain(|kept| kept.id != record.id);
            records.push(record);
        })
    }

    pub fn remove(&self, account: &AccountId) -> Result<(), LocalError> {
        self.change(|records| records.retain(|kept| &kept.id != account))
    }

    fn change(&self, change: impl FnOnce(&mut Vec<AccountRecord>)) -> Result<(), LocalError> {
        let mut records = self.records.lock();
        let mut next = records.clone();
        change(&mut next);
        write_json(
            &self.path,
            &ListFile {
                accounts: next.clone(),
            },
        )?;
        *records = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_from_before_accounts_restores_its_one_key_as_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let list = AccountList::open(dir.path().join("accounts.json"));
        assert_eq!(list.to_restore()[0].id, AccountId::first());
        assert!(
            list.records().is_empty(),
            "nothing holds the first place yet"
        );
    }

    #[test]
    fn records_survive_a_restart_and_removing_one_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts.json");
        let list = AccountList::open(path.clone());
        for (n, name) in [(2, "Brand A"), (3, "Brand B")] {
            list.add(AccountRecord {
                id: AccountId::numbered(n),
                name: name.into(),
            })
            .unwrap();
        }
        list.remove(&AccountId::numbered(2)).unwrap();
        let reopened = AccountList::open(path);
        assert_eq!(
            reopened.to_restore(),
            [AccountRecord {
                id: AccountId::numbered(3),
                name: "Brand B".into()
            }]
        );
    }
}
