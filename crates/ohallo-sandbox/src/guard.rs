//! Checks every request passes before routing, so a web page in the user's browser cannot use
//! a sandbox on loopback: not by DNS rebinding (a foreign `Host`), not by a cross-site form or
//! `fetch` POST (which, without a CORS preflight, can only send `text/plain`, form types or
//! `multipart`, never `application/json`).

use crate::error::ApiError;
use axum::body::HttpBody;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::Arc;

/// Which `Host` values a request may carry.
#[derive(Debug, Clone)]
pub(crate) struct HostPolicy {
    /// `None` accepts any: whoever binds a non-loopback address means to be reached by other
    /// names, and rebinding defends nothing there that the network does not already expose.
    allowed: Option<Arc<[String]>>,
}

impl HostPolicy {
    /// For a sandbox bound to `addr` (its real port, after binding).
    pub(crate) fn for_bound(addr: SocketAddr) -> HostPolicy {
        if !addr.ip().to_canonical().is_loopback() {
            return HostPolicy { allowed: None };
        }
        let port = addr.port();
        let mut allowed = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
            // What `Sandbox::base_url` names, e.g. another 127.0.0.0/8 address.
            addr.to_string(),
        ];
        // Clients leave out the default port.
        if port == 80 {
            allowed.extend(["127.0.0.1", "localhost", "[::1]"].map(str::to_owned));
        }
        HostPolicy {
            allowed: Some(allowed.into()),
        }
    }

    /// A request without any `Host` (HTTP/1.0) is let through: browsers, the only way in for
    /// DNS rebinding, always send one, and a local program could send any `Host` it liked.
    fn allows(&self, host: Option<&str>) -> bool {
        match (&self.allowed, host) {
            (None, _) | (_, None) => true,
            (Some(allowed), Some(host)) => {
                allowed.iter().any(|name| name.eq_ignore_ascii_case(host))
            }
        }
    }
}

pub(crate) async fn host(
    State(policy): State<HostPolicy>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    // HTTP/2 names the host in `:authority`, which hyper puts in the URI instead of a header.
    let host = match request.headers().get(header::HOST) {
        Some(value) => Some(value.to_str().unwrap_or("\u{fffd}")),
        None => request
            .uri()
            .authority()
            .map(|authority| authority.as_str()),
    };
    if policy.allows(host) {
        Ok(next.run(request).await)
    } else {
        Err(ApiError::Forbidden(format!(
            "Host {:?} is not this sandbox: on loopback it only answers 127.0.0.1, localhost or \
             [::1] with its port",
            host.unwrap_or_default()
        )))
    }
}

/// A request with a body must declare it JSON. One without (an action such as `take-over`
/// posted by curl with no `-d`) needs no `Content-Type`: a cross-site request gains nothing
/// by it, since every control route needs a JSON body and every API route a key.
pub(crate) async fn json_bodies(request: Request, next: Next) -> Result<Response, ApiError> {
    let body = request.body();
    let has_body = !body.is_end_stream() && body.size_hint().upper() != Some(0);
    if has_body && !is_json(request.headers()) {
        return Err(ApiError::UnsupportedMediaType(
            "a request body must be sent with Content-Type: application/json".to_owned(),
        ));
    }
    Ok(next.run(request).await)
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(addr: &str) -> HostPolicy {
        HostPolicy::for_bound(addr.parse().expect("a socket address"))
    }

    #[test]
    fn on_loopback_only_the_loopback_names_with_the_bound_port_pass() {
        let bound = policy("127.0.0.1:41234");
        for host in [
            "127.0.0.1:41234",
            "localhost:41234",
            "LOCALHOST:41234",
            "[::1]:41234",
        ] {
            assert!(bound.allows(Some(host)), "{host}");
        }
        for host in [
            "evil.example:41234",
            "127.0.0.1:8787",
            "localhost",
            "127.0.0.1",
            "localhost.:41234",
            "127.0.0.1:41234.evil.example",
            "",
        ] {
            assert!(!bound.allows(Some(host)), "{host}");
        }
        assert!(bound.allows(None), "HTTP/1.0 without Host");
        assert!(policy("[::1]:9000").allows(Some("[::1]:9000")));
        assert!(policy("127.0.0.2:9000").allows(Some("127.0.0.2:9000")));
        assert!(policy("127.0.0.1:80").allows(Some("localhost")));
    }

    #[test]
    fn bound_elsewhere_any_host_passes() {
        assert!(policy("0.0.0.0:8787").allows(Some("sandbox.lan:8787")));
        assert!(policy("[::]:8787").allows(Some("evil.example")));
    }

    #[test]
    fn json_with_parameters_is_json() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, value.parse().expect("a header value"));
            is_json(&headers)
        };
        assert!(with("application/json"));
        assert!(with("application/json; charset=utf-8"));
        assert!(with("Application/JSON"));
        assert!(!with("text/plain"));
        assert!(!with("text/plain; application/json"));
        assert!(!with("application/x-www-form-urlencoded"));
        assert!(!with("application/jsonp"));
        assert!(!is_json(&HeaderMap::new()));
    }
}
