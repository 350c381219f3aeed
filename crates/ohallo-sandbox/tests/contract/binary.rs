use ohallo_sandbox::control_api::Inbound;
use ohallo_sandbox::control_client::{ControlClient, ControlError};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills the spawned sandbox even when an assertion fails.
struct Spawned(Child);

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_announces_its_url_and_key_on_the_first_stdout_line() {
    let mut child = Spawned(
        Command::new(env!("CARGO_BIN_EXE_ohallo-sandbox"))
            .args([
                "--addr",
                "127.0.0.1:0",
                "--seed",
                "5",
                "--conversations",
                "12",
            ])
            .args(["--key", "sf_test_v1_fromthecli"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let mut fields = line.trim_end().split(' ');
    let url = fields
        .next()
        .unwrap()
        .strip_prefix("OHALLO_API_URL=")
        .unwrap();
    let key = fields
        .next()
        .unwrap()
        .strip_prefix("OHALLO_SANDBOX_KEY=")
        .unwrap();
    assert_eq!(fields.next(), None);
    assert_eq!(key, "sf_test_v1_fromthecli");
    assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with('/'));

    let page: serde_json::Value = reqwest::Client::new()
        .get(format!("{url}/api/conversations"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 12);
}

#[test]
fn the_binary_rejects_more_than_100000_conversations() {
    let output = Command::new(env!("CARGO_BIN_EXE_ohallo-sandbox"))
        .args(["--addr", "127.0.0.1:0", "--conversations", "100001"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("100000"), "{stderr}");
}

#[tokio::test]
async fn the_binary_takes_the_harsh_server_options() {
    let mut child = Spawned(
        Command::new(env!("CARGO_BIN_EXE_ohallo-sandbox"))
            .args(["--addr", "127.0.0.1:0", "--conversations", "60"])
            .args(["--require-workspace", "--timestamp-offset", "-05:30"])
            .args(["--nulls", "--list-order", "created", "--reply-delay", "0.5"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let (url, key) = announced(&mut child).await;
    let http = reqwest::Client::new();
    let get = |path: String| http.get(format!("{url}{path}")).bearer_auth(&key).send();
    let refused = get("/api/conversations".into()).await.unwrap();
    assert_eq!(refused.status(), reqwest::StatusCode::BAD_REQUEST);
    let workspaces: serde_json::Value = get("/api/workspaces".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = workspaces[0]["id"].as_str().unwrap();
    let page: serde_json::Value = get(format!("/api/conversations?workspaceId={id}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let data = page["data"].as_array().unwrap();
    let at = data[0]["createdAt"].as_str().unwrap();
    assert!(at.ends_with("-05:30"), "{at}");
    assert!(
        data.windows(2)
            .all(|w| w[0]["createdAt"].as_str() >= w[1]["createdAt"].as_str()),
        "created order"
    );
    assert!(
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["contactId"].is_null()),
        "nulls"
    );
    let brands = get("/api/brands".into()).await.unwrap();
    assert_eq!(brands.status(), reqwest::StatusCode::OK);
}

#[test]
fn the_binary_rejects_a_bad_timestamp_offset() {
    for bad in ["2", "+2:00", "+24:00", "+02:60", "UTC"] {
        let output = Command::new(env!("CARGO_BIN_EXE_ohallo-sandbox"))
            .args(["--addr", "127.0.0.1:0", "--timestamp-offset", bad])
            .output()
            .unwrap();
        assert!(!output.status.success(), "{bad}");
        assert!(output.stdout.is_empty());
    }
}

/// The URL and key from the first stdout line.
async fn announced(child: &mut Spawned) -> (String, String) {
    let stdout = child.0.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let mut fields = line.trim_end().split(' ');
    let url = fields
        .next()
        .unwrap()
        .strip_prefix("OHALLO_API_URL=")
        .unwrap();
    let key = fields
        .next()
        .unwrap()
        .strip_prefix("OHALLO_SANDBOX_KEY=")
        .unwrap();
    (url.to_owned(), key.to_owned())
}

#[tokio::test]
async fn the_binary_serves_no_control_api_when_told_not_to() {
    let mut child = Spawned(
        Command::new(env!("CARGO_BIN_EXE_ohallo-sandbox"))
            .args(["--addr", "127.0.0.1:0", "--no-control-api"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let (url, key) = announced(&mut child).await;
    let control = ControlClient::new(url.clone())
        .inbound(&Inbound::new("hi"))
        .await;
    assert!(
        matches!(control, Err(ControlError::Refused { status: 404, .. })),
        "{control:?}"
    );
    let http = reqwest::Client::new();
    let api = http
        .get(format!("{url}/api/workspaces"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), reqwest::StatusCode::OK);
    let rebound = http
        .get(format!("{url}/api/workspaces"))
        .bearer_auth(&key)
        .header(reqwest::header::HOST, "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(rebound.status(), reqwest::StatusCode::FORBIDDEN);
}
