//! Ids as the window sees them when several accounts share one inbox: each conversation,
//! workspace and attention item id is qualified by the account it came from, so two accounts
//! can never confuse theirs (two sandboxes both have `conv_1`; a test and a live tenant may
//! share ids), and every action finds the key it must be sent with from the id alone.
//!
//! A qualified id is `<account>|<id>`. Account ids are short and never hold `|`; the server's
//! id is everything after the first one, whatever it contains.

use std::fmt;

use ohallo_core::{AttentionItem, Workspace};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::customer::Customer;
use crate::sync::{Announcement, AttentionSummary, InboxChange};
use crate::view::ConversationView;

const SEPARATOR: char = '|';

/// One signed-in account (one API key). Not the CRM's "account" (a customer's company), which
/// conversations name in `accountName`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct AccountId(String);

impl TryFrom<String> for AccountId {
    type Error = &'static str;

    fn try_from(text: String) -> Result<AccountId, &'static str> {
        AccountId::parse(&text).ok_or("not an account id")
    }
}

impl From<AccountId> for String {
    fn from(account: AccountId) -> String {
        account.0
    }
}

impl AccountId {
    /// The first account: where one signed in before there could be several.
    pub fn first() -> AccountId {
        AccountId("main".to_owned())
    }

    pub fn demo() -> AccountId {
        AccountId("demo".to_owned())
    }

    /// The `n`th account added beside the first.
    pub fn numbered(n: u64) -> AccountId {
        AccountId(format!("a{n}"))
    }

    /// An id read back from the window or a file: only what this module makes is accepted.
    pub fn parse(text: &str) -> Option<AccountId> {
        let valid =
            !text.is_empty() && text.len() <= 16 && text.chars().all(|c| c.is_ascii_alphanumeric());
        valid.then(|| AccountId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `id` of this account, as the window knows it.
    pub fn qualify(&self, id: &str) -> String {
        format!("{}{SEPARATOR}{id}", self.0)
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The account and the server's id in a qualified id; `None` for anything else.
pub fn split(qualified: &str) -> Option<(AccountId, &str)> {
    let (account, id) = qualified.split_once(SEPARATOR)?;
    if id.is_empty() {
        return None;
    }
    Some((AccountId::parse(account)?, id))
}

/// A muted conversation or a workspace rule saved before ids were qualified was the first
/// account's.
pub fn from_before_accounts(id: String) -> String {
    if split(&id).is_some() {
        id
    } else {
        AccountId::first().qualify(&id)
    }
}

/// What crosses to the window with ids in it gets them qualified here, and nowhere else.
pub trait Qualify {
    fn qualified(self, account: &AccountId) -> Self;
}

impl Qualify for ConversationView {
    fn qualified(mut self, account: &AccountId) -> Self {
        self.conversation.id = account.qualify(&self.conversation.id);
        self.conversation.workspace_id = account.qualify(&self.conversation.workspace_id);
        self.account = Some(account.clone());
        self
    }
}

impl Qualify for Customer {
    fn qualified(mut self, account: &AccountId) -> Self {
        self.others = self.others.qualified(account);
        self
    }
}

impl Qualify for Workspace {
    fn qualified(mut self, account: &AccountId) -> Self {
        self.id = account.qualify(&self.id);
        self
    }
}

impl Qualify for AttentionItem {
    fn qualified(mut self, account: &AccountId) -> Self {
        self.id = account.qualify(&self.id);
        self.conversation_id = account.qualify(&self.conversation_id);
        self
    }
}

impl Qualify for InboxChange {
    fn qualified(mut self, account: &AccountId) -> Self {
        for id in &mut self.conversation_ids {
            *id = account.qualify(id);
        }
        self
    }
}

impl Qualify for AttentionSummary {
    fn qualified(mut self, account: &AccountId) -> Self {
        for id in &mut self.conversation_ids {
            *id = account.qualify(id);
        }
        self
    }
}

impl Qualify for Announcement {
    fn qualified(mut self, account: &AccountId) -> Self {
        self.conversation_id = account.qualify(&self.conversation_id);
        // Empty means "never listed": it stays empty, so no workspace rule matches it.
        if !self.workspace_id.is_empty() {
            self.workspace_id = account.qualify(&self.workspace_id);
        }
        self
    }
}

impl<T: Qualify> Qualify for Vec<T> {
    fn qualified(self, account: &AccountId) -> Self {
        self.into_iter()
            .map(|item| item.qualified(account))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qualified_id_splits_back_whatever_the_server_id_holds() {
        let account = AccountId::numbered(2);
        let key = account.qualify("conv|with|bars");
        assert_eq!(split(&key), Some((account, "conv|with|bars")));
        assert_eq!(split("main|c1"), Some((AccountId::first(), "c1")));
    }

    #[test]
    fn anything_not_made_here_is_refused() {
        for text in [
            "c1",
            "|c1",
            "main|",
            "ma in|c1",
            "a-2|c1",
            "averyveryverylongaccount|c1",
        ] {
            assert_eq!(split(text), None, "{text}");
        }
    }

    #[test]
    fn ids_saved_before_accounts_belong_to_the_first() {
        assert_eq!(from_before_accounts("c1".into()), "main|c1");
        assert_eq!(from_before_accounts("a3|c1".into()), "a3|c1");
    }

    #[test]
    fn summaries_and_changes_are_qualified_and_an_unknown_workspace_stays_empty() {
        let account = AccountId::numbered(3);
        let change = InboxChange {
            conversation_ids: vec!["c1".into()],
        }
        .qualified(&account);
        assert_eq!(change.conversation_ids, ["a3|c1"]);
        let announcement = Announcement {
            conversation_id: "c1".into(),
            workspace_id: String::new(),
            human_queue: false,
            contact: "Jane".into(),
            channel: None,
            messages: vec![],
            attention: Some("help".into()),
            repeat: false,
        }
        .qualified(&account);
        assert_eq!(announcement.conversation_id, "a3|c1");
        assert_eq!(announcement.workspace_id, "");
    }
}
