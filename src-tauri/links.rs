//! Links in customer text open in the system browser, and only if they are http(s): a
//! `file:`, `javascript:` or custom-scheme URL from a stranger must never reach the OS. Nor may
//! one with a user-info part: `https://bank.example@evil.example` reads as the bank and goes to
//! evil.example.

use crate::ui_error::ShellError;

const MAX_URL_LEN: usize = 8 * 1024;

pub fn checked_web_url(url: &str) -> Result<tauri::Url, ShellError> {
    let refuse = || ShellError::NotAWebLink;
    if url.len() > MAX_URL_LEN {
        return Err(refuse());
    }
    let parsed = tauri::Url::parse(url).map_err(|_| refuse())?;
    let web = matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some();
    // The parser forgets an empty user-info part (`http://@evil.example`), so the text is
    // checked as well.
    let user_info =
        !parsed.username().is_empty() || parsed.password().is_some() || has_user_info(url);
    if web && !user_info {
        Ok(parsed)
    } else {
        Err(refuse())
    }
}

fn has_user_info(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#', '\\'])
        .next()
        .is_some_and(|authority| authority.contains('@'))
}

pub fn open_in_browser(url: &str) -> Result<(), ShellError> {
    let url = checked_web_url(url)?;
    open::that_detached(url.as_str()).map_err(ShellError::LinkNotOpened)
}

/// Where this platform's webview serves the app's own pages: `tauri://localhost` on Linux and
/// macOS, `http(s)://tauri.localhost` on Windows.
#[cfg(not(windows))]
const APP_ORIGINS: &[(&str, &str)] = &[("tauri", "localhost")];
#[cfg(windows)]
const APP_ORIGINS: &[(&str, &str)] = &[("http", "tauri.localhost"), ("https", "tauri.localhost")];

/// The webview itself may only show the app's own pages: the whole origin must match, so no
/// other port, user-info or look-alike host on the same name passes.
pub fn is_app_page(url: &tauri::Url) -> bool {
    let plain_authority =
        url.port().is_none() && url.username().is_empty() && url.password().is_none();
    plain_authority
        && APP_ORIGINS
            .iter()
            .any(|&(scheme, host)| url.scheme() == scheme && url.host_str() == Some(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_links_with_a_host_are_accepted() {
        assert!(checked_web_url("https://example.com/a?b=c").is_ok());
        assert!(checked_web_url("http://example.com").is_ok());
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "vbscript:msgbox",
            "ohallo://x",
            "https://",
            "not a url",
        ] {
            assert!(checked_web_url(bad).is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn links_with_a_user_info_part_are_refused() {
        for bad in [
            "https://bank.example@evil.example",
            "https://bank.example:pin@evil.example/login",
            "http://@evil.example",
            "https://:x@evil.example",
            "https:bank.example@evil.example",
        ] {
            assert!(checked_web_url(bad).is_err(), "{bad} must be refused");
        }
        assert!(checked_web_url("https://example.com/profile@me").is_ok());
    }

    #[test]
    fn the_webview_stays_on_the_apps_own_pages() {
        let page = |url: &str| is_app_page(&url.parse().unwrap());
        let own = if cfg!(windows) {
            "http://tauri.localhost/index.html"
        } else {
            "tauri://localhost/index.html"
        };
        assert!(page(own));
        for foreign in [
            "https://evil.example/",
            "file:///etc/passwd",
            "tauri://localhost:8080/index.html",
            "tauri://user@localhost/",
            "http://tauri.localhost:1234/",
            "http://localhost/",
        ] {
            assert!(!page(foreign), "{foreign}");
        }
        if !cfg!(windows) {
            assert!(
                !page("http://tauri.localhost/"),
                "not this platform's origin"
            );
        }
    }
}
