//! The webview and Rust name commands and events in four places that nothing else ties
//! together: `ui/ipc.js`, the handler list in `lib.rs`, the permission list in `build.rs` and
//! the window's capability. A name missing from one is a button that fails at run time, so this
//! test compares them. (Generated bindings would make it impossible; this makes it a red test.)

use std::collections::BTreeSet;

use crate::ui_events::UiEvent;

fn source(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
    let len = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?}"));
    &text[from..from + len]
}

/// Every single-quoted (JS) or double-quoted (Rust) string in `text`.
fn quoted(text: &str, quote: char) -> BTreeSet<String> {
    text.split(quote)
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn js_object(name: &str) -> BTreeSet<String> {
    let ipc = source("ui/ipc.js");
    quoted(
        between(
            &ipc,
            &format!("export const {name} = Object.freeze({{"),
            "});",
        ),
        '\'',
    )
}

#[test]
fn every_command_is_named_alike_in_the_ui_the_handler_the_permissions_and_the_capability() {
    let ui = js_object("Commands");
    let lib = source("src-tauri/lib.rs");
    let handled: BTreeSet<String> = between(&lib, "generate_handler![", "]")
        .split(',')
        .filter_map(|entry| entry.trim().strip_prefix("commands::"))
        .map(str::to_owned)
        .collect();
    let permitted = quoted(
        between(&source("src-tauri/build.rs"), "&[&str] = &[", "];"),
        '"',
    );
    let capability: serde_json::Value =
        serde_json::from_str(&source("src-tauri/capabilities/main-window.json")).unwrap();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    assert!(!ui.is_empty());
    assert_eq!(ui, handled, "ui/ipc.js against lib.rs");
    assert_eq!(handled, permitted, "lib.rs against build.rs");
    assert_eq!(permitted, granted, "build.rs against the capability");
}

#[test]
fn every_event_the_shell_sends_is_one_the_ui_names() {
    let sent: BTreeSet<String> = UiEvent::NAMES.iter().map(|n| n.to_string()).collect();
    assert_eq!(js_object("Events"), sent);
}
