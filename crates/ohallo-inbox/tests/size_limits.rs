//! Oversized input over real HTTP: a 1 MB message is truncated with a visible note; a thread of
//! more than 16 MiB is refused with a clear error instead of being read into memory.

mod common;

use ohallo_core::{ApiError, ApiKey, Client};
use ohallo_sandbox::control_api::Inbound;
use ohallo_sandbox::{Config, Sandbox};

#[tokio::test]
async fn a_huge_message_is_truncated_with_a_note_and_a_huge_thread_is_refused() {
    let sandbox = Sandbox::start("127.0.0.1:0".parse().unwrap(), Config::default())
        .await
        .unwrap();
    let base = sandbox.base_url();
    let client = Client::new(&base, ApiKey::parse(sandbox.key()).unwrap()).unwrap();
    let megabyte = "x".repeat(1024 * 1024);

    let control = common::control(&base);
    let created = control.inbound(&Inbound::new(&megabyte)).await.unwrap();
    let id = created.conversation_id.as_str();
    let thread = client.messages(id).await.unwrap();
    let body = &thread.last().unwrap().body;
    assert!(body.len() < 300 * 1024, "truncated to {} bytes", body.len());
    assert!(
        body.contains("truncated"),
        "with a note: {}",
        &body[body.len() - 80..]
    );

    for _ in 0..17 {
        control
            .inbound(&Inbound::new(&megabyte).in_conversation(id))
            .await
            .unwrap();
    }
    match client.messages(id).await {
        Err(ApiError::BadResponse { detail }) => {
            assert!(
                detail.contains("large") || detail.contains("MiB"),
                "{detail}"
            )
        }
        other => panic!("expected a refusal, got {:?}", other.map(|m| m.len())),
    }
}
