//! Injected faults: the next N requests under a path prefix fail in a chosen way, so clients can
//! prove their handling of server errors, slowness, garbage bodies, dropped connections, answers
//! lost after the work was done, and a server that repeats a cursor.

use crate::control_api::FaultSpec;
use crate::error::{error_response, ApiError};
use crate::limits::{MAX_FAULT_PATH_PREFIX, MAX_FAULT_RULES};
use crate::list_query::DEFAULT_LIMIT;
use crate::traffic::Traffic;
use axum::body::{to_bytes, Body};
use axum::extract::Query;
use axum::http::{header, Method, Request, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::time::Duration;
use tower::ServiceExt;

/// The control API itself is never faulted, so a test can always clear what it injected.
const CONTROL_PREFIX: &str = "/_sandbox/";
/// The one paginated list, which `echoCursor` applies to.
const LIST_PATH: &str = "/api/conversations";

#[derive(Debug, Clone, Copy)]
enum Effect {
    /// Only the delay: the request then proceeds normally.
    Proceed,
    Status {
        status: StatusCode,
        retry_after: Option<u64>,
    },
    Malformed,
    Drop,
    /// The request is served (and its changes made), but the answer never leaves: the client
    /// sees a transport error after sending, and cannot know the reply went through.
    DropAnswer,
    /// Only for list requests that carry a cursor (the rule waits for one): the page is served,
    /// with the request's own cursor as `nextCursor`, so a naive cursor loop never ends.
    EchoCursor,
}

#[derive(Debug, Clone, Copy)]
struct Fault {
    effect: Effect,
    delay: Option<Duration>,
}

#[derive(Debug)]
struct Rule {
    remaining: u32,
    prefix: String,
    fault: Fault,
}

#[derive(Debug, Default)]
pub(crate) struct Faults {
    rules: Mutex<Vec<Rule>>,
    /// Counted here because this is the one gate every request passes.
    pub(crate) traffic: Traffic,
}

/// Closing the connection is hyper's answer to a service error: the client sees a network error.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by an injected fault")]
pub(crate) struct DroppedConnection;

impl Faults {
    pub(crate) fn add(&self, spec: FaultSpec) -> Result<(), ApiError> {
        if spec.count == 0 {
            return Err(ApiError::BadRequest("count must be at least 1".to_owned()));
        }
        let chosen = [
            spec.status.is_some(),
            spec.malformed,
            spec.drop,
            spec.drop_answer,
            spec.echo_cursor,
        ]
        .into_iter()
        .filter(|chosen| *chosen)
        .count();
        let effect = match spec.status {
            _ if chosen > 1 => {
                return Err(ApiError::BadRequest(
                    "choose one of status, malformed, drop, dropAnswer and echoCursor".to_owned(),
                ))
            }
            Some(code) => Effect::Status {
                status: StatusCode::from_u16(code)
                    .ok()
                    .filter(|status| status.is_client_error() || status.is_server_error())
                    .ok_or_else(|| {
                        ApiError::BadRequest("status must be from 400 to 599".to_owned())
                    })?,
                retry_after: spec.retry_after,
            },
            None if spec.malformed => Effect::Malformed,
            None if spec.drop => Effect::Drop,
            None if spec.drop_answer => Effect::DropAnswer,
            None if spec.echo_cursor => Effect::EchoCursor,
            None if spec.delay_ms.is_some() => Effect::Proceed,
            None => {
                return Err(ApiError::BadRequest(
                    "a fault needs status, delayMs, malformed, drop, dropAnswer or echoCursor"
                        .to_owned(),
                ))
            }
        };
        if spec
            .path_prefix
            .as_ref()
            .is_some_and(|prefix| prefix.len() > MAX_FAULT_PATH_PREFIX)
        {
            return Err(ApiError::BadRequest(format!(
                "pathPrefix must be at most {MAX_FAULT_PATH_PREFIX} bytes"
            )));
        }
        let mut rules = self.rules.lock();
        if rules.len() >= MAX_FAULT_RULES {
            return Err(ApiError::LimitReached(format!(
                "at most {MAX_FAULT_RULES} fault rules may be queued; clear them with DELETE \
                 /_sandbox/faults"
            )));
        }
        rules.push(Rule {
            remaining: spec.count,
            prefix: spec.path_prefix.unwrap_or_else(|| "/api/".to_owned()),
            fault: Fault {
                effect,
                delay: spec.delay_ms.map(Duration::from_millis),
            },
        });
        Ok(())
    }

    pub(crate) fn clear(&self) {
        self.rules.lock().clear();
    }

    /// Consumes one use of the first rule matching the request.
    fn take(&self, method: &str, path: &str, cursor: Option<&str>) -> Option<Fault> {
        if path.starts_with(CONTROL_PREFIX) {
            return None;
        }
        let mut rules = self.rules.lock();
        let position = rules.iter().position(|rule| {
            path.starts_with(&rule.prefix)
                && match rule.fault.effect {
                    Effect::EchoCursor => path == LIST_PATH && cursor.is_some(),
                    _ => true,
                }
        });
        self.traffic.record(method, path, position.is_some());
        let position = position?;
        let rule = &mut rules[position];
        rule.remaining -= 1;
        let fault = rule.fault;
        if rule.remaining == 0 {
            rules.remove(position);
        }
        Some(fault)
    }

    /// Serves `request` through `router`, applying the next matching fault, if any.
    pub(crate) async fn serve(
        &self,
        router: Router,
        request: Request<Body>,
    ) -> Result<Response, DroppedConnection> {
        let first_page = first_page_size(&request);
        let cursor = cursor(request.uri());
        let fault = self.take(
            request.method().as_str(),
            request.uri().path(),
            cursor.as_deref(),
        );
        // Only a page the client can read counts: a garbled or dropped one makes it ask again.
        let intact = fault.is_none_or(|fault| matches!(fault.effect, Effect::Proceed));
        let response = match fault {
            None => route(router, request).await,
            Some(fault) => apply(fault, router, request, cursor).await?,
        };
        if let Some(size) = first_page.filter(|_| intact && response.status() == StatusCode::OK) {
            self.traffic.record_first_page(size);
        }
        Ok(response)
    }
}

async fn apply(
    fault: Fault,
    router: Router,
    request: Request<Body>,
    cursor: Option<String>,
) -> Result<Response, DroppedConnection> {
    if let Some(delay) = fault.delay {
        tokio::time::sleep(delay).await;
    }
    match fault.effect {
        Effect::Proceed => Ok(route(router, request).await),
        Effect::Drop => Err(DroppedConnection),
        Effect::Status {
            status,
            retry_after,
        } => Ok(error_response(status, "injected fault", retry_after)),
        Effect::Malformed => Ok(truncate(route(router, request).await).await),
        Effect::DropAnswer => {
            // The handler has run to completion (and changed the store) once it answers.
            drop(route(router, request).await);
            Err(DroppedConnection)
        }
        Effect::EchoCursor => {
            let response = route(router, request).await;
            Ok(match cursor {
                Some(cursor) => echo_cursor(response, &cursor).await,
                None => response,
            })
        }
    }
}

/// The page size of a request for the conversation list's first page, or `None` for any other
/// request.
fn first_page_size(request: &Request<Body>) -> Option<usize> {
    if request.method() != Method::GET || request.uri().path() != LIST_PATH {
        return None;
    }
    let Query(params) = Query::<HashMap<String, String>>::try_from_uri(request.uri()).ok()?;
    if params.contains_key("cursor") {
        return None;
    }
    match params.get("limit") {
        None => Some(DEFAULT_LIMIT),
        Some(limit) => limit.parse().ok(),
    }
}

/// The `cursor` query parameter, decoded; `None` when absent or when the query does not parse.
fn cursor(uri: &Uri) -> Option<String> {
    Query::<HashMap<String, String>>::try_from_uri(uri)
        .ok()
        .and_then(|Query(mut params)| params.remove("cursor"))
}

/// A successful page whose `nextCursor` is `cursor` again, even on the last page.
async fn echo_cursor(response: Response, cursor: &str) -> Response {
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let Ok(mut page) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if let Some(page) = page.as_object_mut() {
        page.insert("nextCursor".to_owned(), cursor.into());
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(page.to_string()))
}

async fn route(router: Router, request: Request<Body>) -> Response {
    match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The real body cut in half, as a 200: what a client sees when a proxy truncates a response.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    parts.status = StatusCode::OK;
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
}
