use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::HarnessError;

/// How long a test waits for the UI to show something before failing.
pub const UI_TIMEOUT: Duration = Duration::from_secs(20);

/// The real app window, driven over WebDriver.
pub struct AppWindow {
    pub client: Client,
}

impl AppWindow {
    pub(crate) async fn connect(driver_url: &str, app: &str) -> Result<AppWindow, HarnessError> {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(driver_url)
            .await?;
        Ok(AppWindow { client })
    }

    /// Waits for a window the app opened that is not among `known`, and drives it from now on.
    pub async fn switch_to_new_window(
        &self,
        known: &[fantoccini::wd::WindowHandle],
    ) -> Result<fantoccini::wd::WindowHandle, HarnessError> {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let handles = self.client.windows().await?;
            if let Some(new) = handles.into_iter().find(|handle| !known.contains(handle)) {
                self.client.switch_to_window(new.clone()).await?;
                return Ok(new);
            }
            if Instant::now() > deadline {
                return Err(HarnessError::NotReady("a new window".into()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types a key into the sign-in form and submits it.
    pub async fn sign_in(&self, key: &str) -> Result<(), HarnessError> {
        self.field("API key").await?.send_keys(key).await?;
        self.button("Sign in").await?.click().await?;
        Ok(())
    }

    /// Types into the search box, replacing what was there.
    pub async fn search(&self, text: &str) -> Result<(), HarnessError> {
        let field = self.field("Search conversations").await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Finds a conversation by its contact's name and opens its thread.
    pub async fn open_conversation(&self, contact: &str) -> Result<(), HarnessError> {
        self.search(contact).await?;
        self.wait(&format!(
            "//ul[@aria-label='Conversations']/li[.//*[normalize-space(text())={}]]",
            xpath_literal(contact)
        ))
        .await?
        .click()
        .await?;
        self.region("Messages").await?;
        Ok(())
    }

    /// The form control whose `<label>` reads `name`: finding it this way checks the accessible
    /// name a screen reader would announce, not an id.
    pub async fn field(&self, name: &str) -> Result<Element, HarnessError> {
        self.wait(&format!(
            "//*[@id=//label[normalize-space()={}]/@for]",
            xpath_literal(name)
        ))
        .await
    }

    /// Clicks the shown button named `name`, once there is one.
    pub async fn click_button(&self, name: &str) -> Result<(), HarnessError> {
        self.button(name).await?.click().await?;
        Ok(())
    }

    pub async fn button(&self, name: &str) -> Result<Element, HarnessError> {
        let literal = xpath_literal(name);
        self.wait(&format!(
            "//button[normalize-space()={literal} or @aria-label={literal}]"
        ))
        .await
    }

    /// The element whose accessible name (aria-label) is `name`, e.g. the "Conversations" list.
    pub async fn region(&self, name: &str) -> Result<Element, HarnessError> {
        self.wait(&format!("//*[@aria-label={}]", xpath_literal(name)))
            .await
    }

    /// Waits for an element matching the XPath to be present and displayed; the first such.
    pub async fn wait(&self, xpath: &str) -> Result<Element, HarnessError> {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            // The first shown: a hidden form may hold a button of the same name earlier on.
            if let Ok(elements) = self.client.find_all(Locator::XPath(xpath)).await {
                for element in elements {
                    if element.is_displayed().await.unwrap_or(false) {
                        return Ok(element);
                    }
                }
            }
            if Instant::now() > deadline {
                return Err(HarnessError::NotReady(format!("element {xpath}")));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until an element with exactly this visible text exists.
    pub async fn wait_for_text(&self, text: &str) -> Result<Element, HarnessError> {
        self.wait(&format!(
            "//*[normalize-space(text())={}]",
            xpath_literal(text)
        ))
        .await
    }

    /// Waits until a script returns `true`.
    pub async fn wait_until_script(&self, script: &str) -> Result<(), HarnessError> {
        let deadline = Instant::now() + UI_TIMEOUT;
        while Instant::now() < deadline {
            if self.eval(script).await? == serde_json::Value::Bool(true) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(HarnessError::NotReady(format!("script {script}")))
    }

    /// Runs a script in the page and returns its JSON result (for checks no element can answer).
    pub async fn eval(&self, script: &str) -> Result<serde_json::Value, HarnessError> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Runs an asynchronous script; it reports its result by calling `done(value)`.
    pub async fn eval_async(&self, script: &str) -> Result<serde_json::Value, HarnessError> {
        let wrapped = format!("const done = arguments[arguments.length - 1]; {script}");
        Ok(self.client.execute_async(&wrapped, vec![]).await?)
    }

    /// Types a reply into the open thread's composer and sends it with Ctrl+Enter.
    pub async fn send_reply(&self, text: &str) -> Result<(), HarnessError> {
        let reply = self.field("Reply").await?;
        reply.send_keys(text).await?;
        reply
            .send_keys(&format!(
                "{}{}",
                char::from(Key::Control),
                char::from(Key::Enter)
            ))
            .await?;
        Ok(())
    }

    /// Waits for the list's offline banner to appear and then to go again.
    pub async fn offline_banner_comes_and_goes(&self) -> Result<(), HarnessError> {
        self.wait_until_script(
            "const b = document.getElementById('list-banner'); return !b.hidden && b.textContent.startsWith('Offline');",
        )
        .await?;
        self.wait_until_script("return document.getElementById('list-banner').hidden;")
            .await
    }

    /// In the open settings, adds an account called `name` with `key`, and waits until the
    /// window says it is signed in.
    pub async fn add_account(&self, name: &str, key: &str) -> Result<(), HarnessError> {
        self.field("Name (shown in the list)")
            .await?
            .send_keys(name)
            .await?;
        self.field("API key").await?.send_keys(key).await?;
        self.click_button("Add account").await?;
        self.wait_for_text(&format!("{name} is signed in.")).await?;
        Ok(())
    }

    /// Ctrl+W: the app hides to the tray, as a user leaves it running all day.
    pub async fn hide(&self) -> Result<(), HarnessError> {
        self.press_with_ctrl("w").await
    }

    /// Ctrl and `key` together, on whatever has the focus.
    pub async fn press_with_ctrl(&self, key: &str) -> Result<(), HarnessError> {
        self.client
            .active_element()
            .await?
            .send_keys(&(Key::Control + key))
            .await?;
        Ok(())
    }

    /// Types `keys` into whatever has the focus, as a user goes on typing after a key moved it
    /// (the caret stays where it is).
    pub async fn type_here(&self, keys: &str) -> Result<(), HarnessError> {
        self.client.active_element().await?.send_keys(keys).await?;
        Ok(())
    }

    /// In the open settings: adds a snippet and waits until the dialog says it is saved.
    pub async fn add_snippet(&self, name: &str, text: &str) -> Result<(), HarnessError> {
        self.click_button("Add snippet").await?;
        self.field("Snippet name").await?.send_keys(name).await?;
        self.field("Snippet text").await?.send_keys(text).await?;
        self.click_button("Save snippet").await?;
        self.wait_for_text(&format!("“{name}” is saved.")).await?;
        Ok(())
    }

    /// Ends the WebDriver session, which closes the app.
    pub async fn close(self) -> Result<(), HarnessError> {
        self.client.close().await?;
        Ok(())
    }
}

/// Quotes any string for XPath 1.0, which has no escape sequences.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        return format!("'{text}'");
    }
    if !text.contains('"') {
        return format!("\"{text}\"");
    }
    let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
    format!("concat({})", parts.join(", \"'\", "))
}
