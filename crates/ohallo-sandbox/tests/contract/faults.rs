use crate::harness::{error_message, Harness};
use ohallo_sandbox::control_api::FaultSpec;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn an_injected_status_fault_answers_with_retry_after_for_count_requests() {
    let h = Harness::start().await;
    h.control
        .add_fault(&FaultSpec {
            count: 2,
            status: Some(503),
            retry_after: Some(7),
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    for _ in 0..2 {
        let reply = h.get("/api/conversations").await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(reply.headers["retry-after"], "7");
        assert!(!error_message(&reply).is_empty());
    }
    assert_eq!(h.get("/api/conversations").await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_injected_delay_slows_the_request_which_then_succeeds() {
    let h = Harness::start().await;
    h.control
        .add_fault(&FaultSpec {
            count: 1,
            delay_ms: Some(400),
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    let started = Instant::now();
    let reply = h.get("/api/workspaces").await;
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_malformed_fault_answers_200_with_half_the_real_body() {
    let h = Harness::start().await;
    let whole = h
        .http
        .get(h.url("/api/workspaces"))
        .bearer_auth(h.sandbox.key())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    h.control
        .add_fault(&FaultSpec {
            count: 1,
            malformed: true,
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    let response = h
        .http
        .get(h.url("/api/workspaces"))
        .bearer_auth(h.sandbox.key())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cut = response.text().await.unwrap();
    assert_eq!(cut.len(), whole.len() / 2);
    assert!(whole.starts_with(&cut));
    assert!(serde_json::from_str::<Value>(&cut).is_err());
}

#[tokio::test]
async fn a_drop_fault_closes_the_connection_without_a_response() {
    let h = Harness::start().await;
    h.control
        .add_fault(&FaultSpec {
            count: 1,
            drop: true,
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    let result = h
        .http
        .get(h.url("/api/conversations"))
        .bearer_auth(h.sandbox.key())
        .send()
        .await;
    let error = result.expect_err("a dropped connection is a network error");
    assert!(error.status().is_none());
    assert_eq!(h.get("/api/conversations").await.status, StatusCode::OK);
}

#[tokio::test]
async fn faults_apply_only_under_their_path_prefix_and_can_be_cleared() {
    let h = Harness::start().await;
    h.control
        .add_fault(&FaultSpec {
            count: 5,
            status: Some(500),
            path_prefix: Some("/api/attention-items".to_owned()),
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    assert_eq!(h.get("/api/workspaces").await.status, StatusCode::OK);
    assert_eq!(
        h.get("/api/attention-items").await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    h.control.clear_faults().await.unwrap();
    assert_eq!(h.get("/api/attention-items").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_fault_without_an_effect_is_refused() {
    let h = Harness::start().await;
    for spec in [
        json!({ "count": 1 }),
        json!({ "count": 0, "status": 500 }),
        json!({ "count": 1, "status": 200 }),
        json!({ "count": 1, "status": 500, "drop": true }),
    ] {
        let reply = h
            .call(Method::POST, "/_sandbox/faults", None, Some(spec.clone()))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{spec}");
    }
}

#[tokio::test]
async fn traffic_counts_api_requests_and_the_faulted_ones_but_not_control_calls() {
    let h = Harness::start().await;
    h.control
        .add_fault(&FaultSpec {
            count: 1,
            status: Some(500),
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    for _ in 0..3 {
        h.get("/api/workspaces").await;
    }
    let traffic = h.get("/_sandbox/traffic").await;
    assert_eq!(traffic.status, StatusCode::OK);
    assert_eq!(
        traffic.body,
        json!({
            "requests": 3,
            "faulted": 1,
            "firstPages": {},
            "byRoute": { "GET /api/workspaces": 3 }
        })
    );
}

#[tokio::test]
async fn first_pages_are_counted_by_page_size_and_only_when_the_client_could_read_them() {
    let h = Harness::start().await;
    h.get("/api/conversations?limit=100").await;
    h.get("/api/conversations?limit=100&workspaceId=nowhere")
        .await;
    let first = h.get("/api/conversations").await.body;
    let cursor = first["nextCursor"].as_str().unwrap().to_owned();
    // Not first pages, or not served: a later page, a refused limit, another list.
    h.get(&format!("/api/conversations?limit=100&cursor={cursor}"))
        .await;
    h.get("/api/conversations?limit=0").await;
    h.get("/api/attention-items").await;
    // Garbled or never answered: the client will ask again, so these are not counted.
    for spec in [
        FaultSpec {
            malformed: true,
            ..FaultSpec::default()
        },
        FaultSpec {
            status: Some(503),
            ..FaultSpec::default()
        },
    ] {
        h.control
            .add_fault(&FaultSpec { count: 1, ..spec })
            .await
            .unwrap();
        h.http
            .get(h.url("/api/conversations?limit=100"))
            .bearer_auth(h.sandbox.key())
            .send()
            .await
            .unwrap();
    }
    // A delay alone still serves the page.
    h.control
        .add_fault(&FaultSpec {
            count: 1,
            delay_ms: Some(10),
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    h.get("/api/conversations?limit=100").await;

    let traffic = h.control.traffic().await.unwrap();
    assert_eq!(traffic.first_pages_of(100), 3);
    assert_eq!(traffic.first_pages_of(50), 1, "the default page size");
    assert_eq!(traffic.first_pages.len(), 2);
}

#[tokio::test]
async fn a_single_503_carries_retry_after_and_a_huge_retry_after_does_not_panic() {
    let h = Harness::start().await;
    h.control
        .add_fault(&FaultSpec {
            count: 1,
            status: Some(503),
            retry_after: Some(7),
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    let reply = h.get("/api/conversations").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.headers["retry-after"], "7");
    assert_eq!(h.get("/api/conversations").await.status, StatusCode::OK);

    let huge = u64::MAX / 2;
    h.control
        .add_fault(&FaultSpec {
            count: 1,
            status: Some(503),
            retry_after: Some(huge),
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    let reply = h.get("/api/workspaces").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.headers["retry-after"], huge.to_string().as_str());
    assert_eq!(h.get("/api/workspaces").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_drop_answer_fault_applies_the_reply_but_loses_the_answer() {
    let h = Harness::start().await;
    let id = h.all_conversations("").await[70]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = h.messages(&id).await.len();
    h.control
        .add_fault(&FaultSpec {
            count: 1,
            drop_answer: true,
            path_prefix: Some("/api/conversations/".to_owned()),
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    let result = h
        .http
        .post(h.url(&format!("/api/conversations/{id}/reply")))
        .bearer_auth(h.sandbox.key())
        .json(&json!({ "content": "Did this arrive?" }))
        .send()
        .await;
    let error = result.expect_err("the answer never comes");
    assert!(error.status().is_none());

    let recorded = h.control.replies().await.unwrap();
    assert_eq!(recorded[0].content, "Did this arrive?");
    assert_eq!(recorded[0].conversation_id, id);
    let messages = h.messages(&id).await;
    assert_eq!(messages.len(), before + 1, "the reply was applied");
    assert_eq!(messages.last().unwrap()["body"], "Did this arrive?");
}

#[tokio::test]
async fn an_echo_cursor_fault_repeats_the_requests_cursor() {
    let h = Harness::start().await;
    h.control
        .add_fault(&FaultSpec {
            count: 2,
            echo_cursor: true,
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    // Neither another endpoint nor a first page (no cursor) uses the fault up.
    assert_eq!(h.get("/api/workspaces").await.status, StatusCode::OK);
    let first = h.get("/api/conversations").await.body;
    let cursor = first["nextCursor"].as_str().unwrap().to_owned();
    let path = format!("/api/conversations?cursor={cursor}");
    for _ in 0..2 {
        let page = h.get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body["data"].as_array().unwrap().len(), 30, "page two");
        assert_eq!(
            page.body["nextCursor"],
            cursor.as_str(),
            "even on the last page"
        );
    }
    let honest = h.get(&path).await.body;
    assert!(honest.get("nextCursor").is_none(), "the fault is used up");
    assert_eq!(h.control.traffic().await.unwrap().faulted, 2);
}

#[tokio::test]
async fn the_new_fault_kinds_exclude_the_others() {
    let h = Harness::start().await;
    for spec in [
        json!({ "count": 1, "drop": true, "dropAnswer": true }),
        json!({ "count": 1, "status": 503, "dropAnswer": true }),
        json!({ "count": 1, "malformed": true, "echoCursor": true }),
        json!({ "count": 1, "dropAnswer": true, "echoCursor": true }),
    ] {
        let reply = h
            .call(Method::POST, "/_sandbox/faults", None, Some(spec.clone()))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{spec}");
    }
    let once = FaultSpec {
        count: 1,
        ..FaultSpec::default()
    };
    for spec in [
        FaultSpec {
            drop_answer: true,
            delay_ms: Some(10),
            ..once.clone()
        },
        FaultSpec {
            echo_cursor: true,
            ..once
        },
    ] {
        h.control.add_fault(&spec).await.unwrap();
    }
}
