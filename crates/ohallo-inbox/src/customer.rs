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
    /// The customer of `conversation_id`, whose contact the list gave as `listed_contact_id`.
    /// The conversation's own record (`GET /api/conversations/{id}`) names the contact and
    /// account and may carry their records; what it leaves out is read from the contact and
    /// account endpoints. A key without `contacts:read`, or a contact the server no longer
    /// knows, still gets the customer's other conversations, with the reason the rest is missing.
    pub async fn customer(
        &self,
        conversation_id: &str,
        listed_contact_id: Option<&str>,
    ) -> Result<Customer, ApiError> {
        let detail = match self.client().conversation(conversation_id).await {
            Ok(detail) => Some(detail),
            // The list's contact still says who the customer is.
            Err(
                error @ (ApiError::NotFound { .. }
                | ApiError::Forbidden { .. }
                | ApiError::BadResponse { .. }),
            ) => {
                tracing::info!(%error, "the conversation's detail could not be read");
                None
            }
            Err(error) => return Err(error),
        };
        let (detail_contact, detail_account, detail_account_id, detail_contact_id) = match detail {
            Some(detail) => (
                detail.contact,
                detail.account,
                detail.account_id,
                detail.contact_id,
            ),
            None => (None, None, None, None),
        };
        // The detail's id is the server's current word; the list's is the fallback.
        let contact_id = detail_contact_id
            .or_else(|| detail_contact.as_ref().map(|c| c.id.clone()))
            .or_else(|| listed_contact_id.map(str::to_owned));
        let Some(contact_id) = contact_id else {
            return Ok(Customer::unknown(
                "No contact is linked to this conversation yet.",
            ));
        };
        let (contact, problem) = match detail_contact.filter(|contact| contact.id == contact_id) {
            Some(contact) => (Some(contact), None),
            None => self.contact(&contact_id).await?,
        };
        // The conversation's own accountId is newer than a contact record that may lag it.
        let account_id =
            detail_account_id.or_else(|| contact.as_ref().and_then(|c| c.account_id.clone()));
        let account = match (detail_account, account_id) {
            (Some(account), Some(id)) if account.id == id => Some(account),
            (_, Some(id)) => self.account(&id).await,
            (_, None) => None,
        };
        let query = ConversationQuery {
            contact_id: Some(contact_id.clone()),
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

    async fn contact(
        &self,
        contact_id: &str,
    ) -> Result<(Option<Contact>, Option<&'static str>), ApiError> {
        match self.client().contact(contact_id).await {
            Ok(contact) => Ok((Some(contact), None)),
            Err(ApiError::Forbidden { .. }) => Ok((
                None,
                Some(
                    "This API key lacks contacts:read, so the customer's details cannot be shown.",
                ),
            )),
            Err(ApiError::NotFound { .. }) => Ok((
                None,
                Some("oHallo has no record of this customer any more."),
            )),
            Err(error) => Err(error),
        }
    }

    async fn account(&self, account_id: &str) -> Option<Account> {
        match self.client().account(account_id).await {
            Ok(account) => Some(account),
            Err(error) => {
                // The contact's own accountName still names the company.
                tracing::info!(%error, "the customer's account could not be read");
                None
            }
        }
    }
}
