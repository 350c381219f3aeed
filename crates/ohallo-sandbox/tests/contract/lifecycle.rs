use ohallo_sandbox::{Config, Sandbox, SandboxError};

async fn started() -> (Sandbox, String) {
    let sandbox = Sandbox::start("127.0.0.1:0".parse().unwrap(), Config::default())
        .await
        .unwrap();
    let url = format!("{}/api/workspaces", sandbox.base_url());
    (sandbox, url)
}

async fn reachable(url: &str, key: &str) -> bool {
    // A fresh client each time, so no pooled connection outlives the server.
    reqwest::Client::new()
        .get(url)
        .bearer_auth(key)
        .send()
        .await
        .is_ok()
}

#[tokio::test]
async fn shutting_down_stops_serving() {
    let (sandbox, url) = started().await;
    let key = sandbox.key().to_owned();
    assert!(sandbox.key().starts_with("sf_test_v1_"));
    assert!(reachable(&url, &key).await);
    sandbox.shutdown().await;
    assert!(!reachable(&url, &key).await);
}

#[tokio::test]
async fn dropping_the_sandbox_stops_serving() {
    let (sandbox, url) = started().await;
    let key = sandbox.key().to_owned();
    assert!(reachable(&url, &key).await);
    drop(sandbox);
    tokio::task::yield_now().await;
    assert!(!reachable(&url, &key).await);
}

#[tokio::test]
async fn more_than_100000_conversations_are_refused() {
    let result = Sandbox::start(
        "127.0.0.1:0".parse().unwrap(),
        Config {
            conversations: 100_001,
            ..Config::default()
        },
    )
    .await;
    assert!(matches!(
        result,
        Err(SandboxError::TooManyConversations {
            requested: 100_001,
            ..
        })
    ));
}
