//! The customer panel's facts: who the customer is, their company, and their other
//! conversations, read when the agent asks for them (nothing here is cached or synced).

use ohallo_core::{Account, ApiError, Contact, ConversationQuery};
use serde::Serialize;
use ts_rs::TS;

use crate::inbox::Inbox;
use crate::view::ConversationView;

/// How many of the customer's other conversations the panel lists, newest first.
pub const OTHER_CONVERSATIONS: u32 = 20;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// `None` when the conversation names no contact, or the contact cannot be read.
    pub contact: Option<Contact>,
    /// The contact's company, when the contact names one that can be read.
    pub account: Option<Account>,
    /// Why the contact is not shown, in one sentence, when it is not.
    pub problem: Option<String>,
    /// The customer's other conversations, newest first.
    pub others: Vec<ConversationView>,
}

impl Customer {
    fn unknown(problem: &str) -> Customer {
        Customer {
            contact: None,
            account: None,
            problem: Some(problem.to_owned()),
            others: Vec::new(),
        }
    }
}

impl Inbox {
    /// The customer of `conversation_id`, whose contact the list gave as `contact_id`. A key
    /// without `contacts:read`, or a contact the server no longer knows, still gets the
    /// customer's other conversations, with the reason the rest is missing.
    pub async fn customer(
        &self,
        conversation_id: &str,
        contact_id: Option<&str>,
    ) -> Result<Customer, ApiError> {
        let Some(contact_id) = contact_id else {
            return Ok(Customer::unknown(
                "No contact is linked to this conversation yet.",
            ));
        };
        let (contact, problem) = match self.client().contact(contact_id).await {
            Ok(contact) => (Some(contact), None),
            Err(ApiError::Forbidden { .. }) => (
                None,
                Some(
                    "This API key lacks contacts:read, so the customer's details cannot be shown.",
                ),
            ),
            Err(ApiError::NotFound { .. }) => (
                None,
                Some("oHallo has no record of this customer any more."),
            ),
            Err(error) => return Err(error),
        };
        let account = match contact.as_ref().and_then(|c| c.account_id.as_deref()) {
            Some(account_id) => match self.client().account(account_id).await {
                Ok(account) => Some(account),
                Err(error) => {
                    // The contact's own accountName still names the company.
                    tracing::info!(%error, "the customer's account could not be read");
                    None
                }
            },
            None => None,
        };
        let query = ConversationQuery {
            contact_id: Some(contact_id.to_owned()),
            limit: Some(OTHER_CONVERSATIONS + 1),
            ..ConversationQuery::default()
        };
        let mut others = self.conversations(&query).await?.data;
        others.retain(|view| view.conversation.id != conversation_id);
        others.truncate(OTHER_CONVERSATIONS as usize);
        Ok(Customer {
            contact,
            account,
            problem: problem.map(str::to_owned),
            others,
        })
    }
}
