//! Fetching an attachment from its pre-signed URL. That URL lives on another host (S3) and
//! carries its own authorisation, so it is fetched by a client of its own that has no key to
//! send: no `Authorization` header, no redirects followed, and never more bytes read than the
//! cap allows.

use std::time::Duration;

use reqwest::{StatusCode, Url};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tracing::debug;

use crate::client::{describe_transport_error, is_loopback};

/// No attachment is read beyond this, whatever it announces.
pub const MAX_DOWNLOAD_BYTES: u64 = 100 * 1024 * 1024;
const MAX_URL_LEN: usize = 16 * 1024;

/// Why a download failed. The messages name no URL, path or system text; `Debug` keeps the
/// details for the log.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("oHallo gave no download link for this file.")]
    NoUrl,
    #[error("The file's download link is not a secure web address.")]
    InsecureUrl,
    #[error("The download link has expired. Try again.")]
    Expired { status: u16 },
    #[error("The file server refused the download (error {status}).")]
    Refused { status: u16 },
    #[error("The file server sent the download elsewhere; it was not followed.")]
    Redirected { status: u16 },
    #[error("The file is larger than the {} MiB this app downloads.", MAX_DOWNLOAD_BYTES / (1024 * 1024))]
    TooLarge,
    #[error(
        "The file is larger than the {announced} bytes oHallo announced, so it was not saved."
    )]
    LongerThanAnnounced { announced: u64 },
    #[error("The download ended before the whole file arrived.")]
    Incomplete { announced: u64, received: u64 },
    #[error("The file server could not be reached.")]
    Network(String),
    #[error("The file server stopped answering.")]
    Timeout,
    #[error("The file could not be written. Check that your disk is not full.")]
    Write(#[source] std::io::Error),
}

impl DownloadError {
    /// A stable name for the UI to branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            DownloadError::NoUrl | DownloadError::Expired { .. } => "downloadExpired",
            DownloadError::InsecureUrl
            | DownloadError::Refused { .. }
            | DownloadError::Redirected { .. } => "downloadRefused",
            DownloadError::TooLarge
            | DownloadError::LongerThanAnnounced { .. }
            | DownloadError::Incomplete { .. } => "downloadSize",
            DownloadError::Network(_) => "network",
            DownloadError::Timeout => "timeout",
            DownloadError::Write(_) => "localStorage",
        }
    }

    /// Whether listing the attachments again for a fresh URL could help.
    pub fn is_expired(&self) -> bool {
        matches!(self, DownloadError::Expired { .. } | DownloadError::NoUrl)
    }
}

/// Downloads pre-signed URLs. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Downloader {
    http: reqwest::Client,
    max_bytes: u64,
}

impl Downloader {
    pub fn new() -> Result<Downloader, DownloadError> {
        Downloader::with_cap(MAX_DOWNLOAD_BYTES)
    }

    /// A downloader that reads at most `max_bytes` of any file (tests lower it).
    pub fn with_cap(max_bytes: u64) -> Result<Downloader, DownloadError> {
        // A client of its own: it never had the key, so it cannot send it, and a redirect
        // (which could point anywhere) is an error, not a second request.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .read_timeout(Duration::from_secs(30))
            .user_agent(concat!("ohallo-desktop/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| DownloadError::Network(describe_transport_error(error)))?;
        Ok(Downloader {
            http,
            max_bytes: max_bytes.min(MAX_DOWNLOAD_BYTES),
        })
    }

    /// GETs `url` into `out`, reading no more than the cap and no more than `announced` (the
    /// listing's `sizeBytes`), and stopping at the first byte over either. Answers the bytes
    /// written; `out` is flushed. On an error `out` may hold a part: callers write to a
    /// temporary file and drop it.
    pub async fn fetch_to<W: AsyncWrite + Unpin>(
        &self,
        url: &str,
        announced: Option<u64>,
        out: &mut W,
    ) -> Result<u64, DownloadError> {
        self.fetch_with_progress(url, announced, out, &mut |_| {})
            .await
    }

    /// [`Downloader::fetch_to`], telling `progress` the bytes written so far after each chunk.
    pub async fn fetch_with_progress<W: AsyncWrite + Unpin>(
        &self,
        url: &str,
        announced: Option<u64>,
        out: &mut W,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<u64, DownloadError> {
        let url = checked_url(url)?;
        debug!(host = url.host_str(), "downloading an attachment");
        let mut response = self.http.get(url).send().await.map_err(transport_error)?;
        let status = response.status();
        if status.is_redirection() {
            return Err(DownloadError::Redirected {
                status: status.as_u16(),
            });
        }
        if matches!(
            status,
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::GONE
        ) {
            return Err(DownloadError::Expired {
                status: status.as_u16(),
            });
        }
        if !status.is_success() {
            return Err(DownloadError::Refused {
                status: status.as_u16(),
            });
        }
        let limit = announced.map_or(self.max_bytes, |size| size.min(self.max_bytes));
        let over = || match announced {
            Some(announced) if announced <= self.max_bytes => {
                DownloadError::LongerThanAnnounced { announced }
            }
            _ => DownloadError::TooLarge,
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit)
        {
            return Err(over());
        }
        let mut received: u64 = 0;
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            received = received.saturating_add(chunk.len() as u64);
            if received > limit {
                return Err(over());
            }
            out.write_all(&chunk).await.map_err(DownloadError::Write)?;
            progress(received);
        }
        out.flush().await.map_err(DownloadError::Write)?;
        if let Some(announced) = announced.filter(|&announced| received < announced) {
            return Err(DownloadError::Incomplete {
                announced,
                received,
            });
        }
        Ok(received)
    }
}

/// `https`, or `http` to this machine (the sandbox); no user-info part.
fn checked_url(url: &str) -> Result<Url, DownloadError> {
    if url.len() > MAX_URL_LEN {
        return Err(DownloadError::InsecureUrl);
    }
    let url = Url::parse(url.trim()).map_err(|_| DownloadError::InsecureUrl)?;
    let scheme_ok = match url.scheme() {
        "https" => true,
        "http" => is_loopback(&url),
        _ => false,
    };
    if !scheme_ok || !url.username().is_empty() || url.password().is_some() {
        return Err(DownloadError::InsecureUrl);
    }
    Ok(url)
}

fn transport_error(error: reqwest::Error) -> DownloadError {
    if error.is_timeout() {
        DownloadError::Timeout
    } else {
        DownloadError::Network(describe_transport_error(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http_urls_are_fetched() {
        for accepted in [
            "https://s3.eu-central-1.amazonaws.com/b/k?X-Amz-Signature=1",
            "http://127.0.0.1:9000/_files/abc",
            "http://localhost/x",
        ] {
            assert!(checked_url(accepted).is_ok(), "{accepted}");
        }
        for refused in [
            "http://s3.amazonaws.com/b/k",
            "file:///etc/passwd",
            "https://user:pw@s3.amazonaws.com/k",
            "javascript:alert(1)",
            "not a url",
        ] {
            assert!(checked_url(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn messages_name_no_url_or_system_text() {
        let write = DownloadError::Write(std::io::Error::other("No space left (os error 28)"));
        assert!(!write.to_string().contains("os error"));
        let network = DownloadError::Network("dns error: s3.example".into());
        assert!(!network.to_string().contains("s3.example"));
    }
}
