//! The secret is sent only in the `Authorization` header: never in debug output, error texts
//! or anything serialized for the UI.

mod common;

use common::*;
use ohallo_core::{ApiError, ApiKey, Client, ConversationQuery};
use serde_json::json;

#[tokio::test]
async fn the_client_debug_output_hides_the_key() {
    let sandbox = start_default().await;
    let secret = sandbox.key().strip_prefix("sf_test_v1_").unwrap();
    let client = client(&sandbox);
    for shown in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(!shown.contains(secret), "{shown}");
        assert!(shown.contains("sf_test_v1_…"), "{shown}");
    }
}

#[tokio::test]
async fn errors_of_every_kind_hide_the_key() {
    let sandbox = start_default().await;
    let key = key_with_scopes(&sandbox, &[READ]).await;
    let client = client_with_key(&sandbox, &key, options(fast_retry()));
    let conversation = inbound(&sandbox, json!({"body": "Hi"})).await;

    let mut errors: Vec<ApiError> = Vec::new();
    errors.push(client.reply(&conversation, "hello").await.unwrap_err());
    errors.push(client.messages("missing").await.unwrap_err());
    errors.push(client.reply(&conversation, " ").await.unwrap_err());
    fault(
        &sandbox,
        json!({"count": 3, "pathPrefix": "/api/", "status": 502}),
    )
    .await;
    errors.push(client.workspaces().await.unwrap_err());
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/", "malformed": true}),
    )
    .await;
    errors.push(
        client
            .list_conversations(&ConversationQuery::default())
            .await
            .unwrap_err(),
    );
    revoke(&sandbox, &key).await;
    errors.push(client.validate_key(None).await.unwrap_err());

    let insecure = Client::new("http://example.com", ApiKey::parse(&key).unwrap()).unwrap_err();
    errors.push(insecure);
    let bad_key = ApiKey::parse(&format!("{key} with spaces")).unwrap_err();
    errors.push(bad_key);

    for error in &errors {
        assert_key_hidden(error, &key);
    }
}
