use ohallo_sandbox::control_api::KeySpec;
use ohallo_sandbox::control_client::ControlClient;
use ohallo_sandbox::{Config, Sandbox};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::HashSet;

pub struct Harness {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
    pub control: ControlClient,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::with(Config::default()).await
    }

    pub async fn with(config: Config) -> Harness {
        let addr = "127.0.0.1:0".parse().unwrap();
        let sandbox = Sandbox::start(addr, config).await.unwrap();
        Harness {
            control: ControlClient::new(sandbox.base_url()),
            sandbox,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = self.http.request(method, self.url(path));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{path} answered a non-JSON body: {text:?}"));
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, Some(self.sandbox.key()), None)
            .await
    }

    pub async fn get_as(&self, path: &str, key: &str) -> Reply {
        self.call(Method::GET, path, Some(key), None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(self.sandbox.key()), Some(body))
            .await
    }

    pub async fn key_with(&self, spec: KeySpec) -> String {
        self.control.create_key(&spec).await.unwrap()
    }

    /// Every conversation matching `query`, following cursors to the end.
    pub async fn all_conversations(&self, query: &str) -> Vec<Value> {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/conversations?limit=100&{query}");
            if let Some(cursor) = &cursor {
                path.push_str(&format!("&cursor={cursor}"));
            }
            let page = self.get(&path).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            all.extend(page.body["data"].as_array().unwrap().iter().cloned());
            match page.body.get("nextCursor") {
                Some(next) => cursor = Some(next.as_str().unwrap().to_owned()),
                None => return all,
            }
        }
    }

    pub async fn conversation(&self, id: &str) -> Value {
        self.all_conversations("")
            .await
            .into_iter()
            .find(|conversation| conversation["id"] == id)
            .unwrap()
    }

    /// The first conversation (newest first) whose channel has `channel_type`.
    pub async fn conversation_on(&self, channel_type: &str, query: &str) -> Value {
        let mut checked = HashSet::new();
        for conversation in self.all_conversations(query).await {
            let channel_id = conversation["channelId"].as_str().unwrap().to_owned();
            if !checked.insert(channel_id.clone()) {
                continue;
            }
            let channel = self.get(&format!("/api/channels/{channel_id}")).await.body;
            if channel["channelType"] == channel_type {
                return conversation;
            }
        }
        panic!("no {channel_type} conversation matches {query:?}")
    }

    pub async fn messages(&self, id: &str) -> Vec<Value> {
        let reply = self.get(&format!("/api/conversations/{id}/messages")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        match reply.body {
            Value::Array(messages) => messages,
            wrapped => wrapped["data"].as_array().unwrap().clone(),
        }
    }
}

pub fn error_message(reply: &Reply) -> &str {
    reply.body["error"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error body, got {}", reply.body))
}

pub fn full_scopes() -> KeySpec {
    KeySpec::with_scopes(&["conversations:read", "conversations:write"])
}
