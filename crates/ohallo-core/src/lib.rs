//! The oHallo API client core: typed, tolerant models; one error type; an HTTP client that
//! retries reads and never repeats writes. Tauri-free, so the app's commands stay thin.

mod api_key;
mod client;
pub mod decode;
mod download;
mod error;
mod lenient;
mod models;
mod retry;

pub use api_key::{ApiKey, KeyEnvironment};
pub use client::{Client, ClientOptions, ConversationQuery, NewConversation, DEFAULT_BASE_URL};
pub use download::{DownloadError, Downloader, MAX_DOWNLOAD_BYTES};
pub use error::ApiError;
pub use models::Attachment;
pub use models::{
    Account, AttentionItem, AttentionStatus, Author, Brand, Channel, ChannelType, Contact,
    Conversation, ConversationDetail, ConversationStatus, Identity, Message, Page, Speaker,
    Workspace,
};
pub use retry::{RetryPolicy, MAX_RETRY_AFTER};
