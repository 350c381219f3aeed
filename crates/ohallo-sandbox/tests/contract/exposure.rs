//! What a hostile neighbour can do to a sandbox on loopback: another local user, or a web page
//! in the user's browser (a cross-site form POST, DNS rebinding).

use crate::harness::{error_message, Harness};
use ohallo_sandbox::{Config, Sandbox};
use reqwest::header::{CONTENT_TYPE, HOST};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

fn without_control() -> Config {
    Config {
        control_api: false,
        ..Config::default()
    }
}

async fn status_and_body(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|_| panic!("{status} answered a non-JSON body: {text:?}"));
    (status, body)
}

#[tokio::test]
async fn without_the_control_api_its_routes_are_unknown_and_the_api_still_works() {
    let h = Harness::with(without_control()).await;
    for (method, path, body) in [
        (Method::GET, "/_sandbox/replies", None),
        (Method::GET, "/_sandbox/traffic", None),
        (
            Method::POST,
            "/_sandbox/inbound",
            Some(json!({ "body": "hi" })),
        ),
        (
            Method::POST,
            "/_sandbox/keys",
            Some(json!({ "scopes": [] })),
        ),
        (
            Method::POST,
            "/_sandbox/faults",
            Some(json!({ "count": 1, "status": 503 })),
        ),
        (Method::DELETE, "/_sandbox/faults", None),
    ] {
        let reply = h.call(method, path, None, body).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error_message(&reply), format!("no endpoint at {path}"));
    }
    let page = h.get("/api/conversations").await;
    assert_eq!(page.status, StatusCode::OK);
    let id = page.body["data"][0]["id"].as_str().unwrap();
    let replied = h
        .post(
            &format!("/api/conversations/{id}/reply"),
            json!({ "content": "Hej" }),
        )
        .await;
    assert_eq!(replied.status, StatusCode::OK);
}

#[tokio::test]
async fn the_demo_simulation_runs_without_the_control_api() {
    let h = Harness::with(Config {
        conversations: 10,
        simulate_every: Some(Duration::from_millis(50)),
        ..without_control()
    })
    .await;
    let newest = |body: &Value| body["data"][0]["lastMessageAt"].as_str().map(str::to_owned);
    let start = newest(&h.get("/api/conversations?limit=1").await.body);
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if newest(&h.get("/api/conversations?limit=1").await.body) > start {
            return;
        }
    }
    panic!("no simulated message within 5 s");
}

#[tokio::test]
async fn on_loopback_a_foreign_host_is_refused_and_the_loopback_names_are_answered() {
    let h = Harness::start().await;
    let port = h.sandbox.addr().port();
    let send = |path: &str, host: String| {
        h.http
            .get(h.url(path))
            .bearer_auth(h.sandbox.key())
            .header(HOST, host)
            .send()
    };
    for path in ["/api/conversations", "/_sandbox/replies", "/nowhere"] {
        for host in [
            format!("evil.example:{port}"),
            format!("attacker.example.com:{port}"),
            "localhost:1".to_owned(),
            "localhost".to_owned(),
        ] {
            let (status, body) = status_and_body(send(path, host.clone()).await.unwrap()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path} {host}");
            assert!(body["error"].as_str().unwrap().contains("Host"), "{body}");
        }
        for host in [
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ] {
            let response = send(path, host.clone()).await.unwrap();
            let expected = if path == "/nowhere" {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::OK
            };
            assert_eq!(response.status(), expected, "{path} {host}");
        }
    }
    // A rebinding page posts too; a refused POST changes nothing.
    let refused = h
        .http
        .post(h.url("/_sandbox/inbound"))
        .header(HOST, format!("evil.example:{port}"))
        .json(&json!({ "body": "Your account is locked, call +45 12 34 56 78" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(h.all_conversations("").await.len(), 80);
}

#[tokio::test]
async fn bound_to_every_address_any_host_is_answered() {
    let sandbox = Sandbox::start("0.0.0.0:0".parse().unwrap(), Config::default())
        .await
        .unwrap();
    let port = sandbox.addr().port();
    let response = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/api/workspaces"))
        .bearer_auth(sandbox.key())
        .header(HOST, format!("sandbox.lan:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_body_that_is_not_declared_json_is_refused_with_415() {
    let h = Harness::start().await;
    let id = h.get("/api/conversations").await.body["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = h.messages(&id).await.len();
    let reply_path = format!("/api/conversations/{id}/reply");
    let inbound = json!({ "body": "Injected" }).to_string();
    let reply = json!({ "content": "Read by someone else" }).to_string();
    for content_type in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        for (path, key, body) in [
            ("/_sandbox/inbound", None, &inbound),
            (reply_path.as_str(), Some(h.sandbox.key()), &reply),
            ("/_sandbox/keys", None, &r#"{"scopes": []}"#.to_owned()),
        ] {
            let mut request = h.http.post(h.url(path)).body(body.clone());
            if let Some(content_type) = content_type {
                request = request.header(CONTENT_TYPE, content_type);
            }
            if let Some(key) = key {
                request = request.bearer_auth(key);
            }
            let (status, answer) = status_and_body(request.send().await.unwrap()).await;
            assert_eq!(
                status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{path} {content_type:?}"
            );
            assert!(
                answer["error"]
                    .as_str()
                    .unwrap()
                    .contains("application/json"),
                "{answer}"
            );
        }
    }
    assert_eq!(h.messages(&id).await.len(), before, "nothing was appended");
    assert_eq!(h.all_conversations("").await.len(), 80);
    assert!(h.control.replies().await.unwrap().is_empty());

    let with_charset = h
        .http
        .post(h.url(&reply_path))
        .bearer_auth(h.sandbox.key())
        .header(CONTENT_TYPE, "application/json; charset=utf-8")
        .body(reply)
        .send()
        .await
        .unwrap();
    assert_eq!(with_charset.status(), StatusCode::OK);
    let empty_take_over = h
        .http
        .post(h.url(&format!("/api/conversations/{id}/take-over")))
        .bearer_auth(h.sandbox.key())
        .send()
        .await
        .unwrap();
    assert_ne!(
        empty_take_over.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "an action without a body needs no Content-Type"
    );
}
