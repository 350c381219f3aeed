//! The webview and Rust name commands and events in four places that nothing else ties
//! together: `ui/ipc.js`, the handler list in `lib.rs`, the permission list in `build.rs` and
//! the window's capability. A name missing from one is a button that fails at run time, so this
//! test compares them. It also holds each command's arguments and result in `ui/ipc.js`'s
//! `CommandSignatures` to the Rust signatures in `commands.rs`; the payload types themselves are
//! generated (`bindings.rs`).

use std::collections::{BTreeMap, BTreeSet};

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

/// A command's arguments (name to TypeScript type) and its result's TypeScript type.
type Signature = (BTreeMap<String, String>, String);

/// `text` split at every top-level `separator`, outside `<>`, `()`, `[]` and `{}`.
fn split_top(text: &str, separator: char) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0i32, 0, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '<' | '(' | '[' | '{' => depth += 1,
            '>' | ')' | ']' | '}' => depth -= 1,
            c if c == separator && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The TypeScript type serde and ts-rs make of a Rust type as commands.rs spells it.
fn typescript(rust: &str) -> String {
    let rust = rust.trim();
    let generic = |outer: &str| {
        rust.strip_prefix(outer)
            .and_then(|rest| rest.strip_prefix('<'))
            .and_then(|rest| rest.strip_suffix('>'))
    };
    if let Some(inner) = generic("Result") {
        return typescript(inner);
    }
    if let Some(inner) = generic("Option") {
        return format!("{} | null", typescript(inner));
    }
    if let Some(inner) = generic("Vec") {
        return format!("{}[]", typescript(inner));
    }
    match rust {
        "()" => return "null".into(),
        "String" | "&str" | "DateTime<Utc>" => return "string".into(),
        "bool" => return "boolean".into(),
        "u32" | "u64" | "usize" | "i32" | "i64" | "f64" => return "number".into(),
        _ => {}
    }
    match rust.split_once('<') {
        Some((outer, rest)) => format!(
            "{outer}<{}>",
            typescript(rest.strip_suffix('>').expect("a closing >"))
        ),
        None => rust.to_owned(),
    }
}

fn camel_case(snake: &str) -> String {
    let mut parts = snake.split('_');
    let first = parts.next().unwrap_or_default().to_owned();
    parts.fold(first, |mut name, part| {
        let mut chars = part.chars();
        name.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        name.push_str(chars.as_str());
        name
    })
}

/// Every `#[tauri::command]` in commands.rs: what the webview passes (Tauri's injected
/// parameters left out, the others in camelCase) and what it gets back.
fn rust_signatures() -> BTreeMap<String, Signature> {
    let commands = source("src-tauri/commands.rs");
    commands
        .split("#[tauri::command]")
        .skip(1)
        .map(|item| {
            let name = between(item, "fn ", "(").trim().to_owned();
            let open = item.find('(').unwrap();
            // The parameter list ends at the `)` that closes this `(`.
            let mut depth = 0;
            let close = open
                + item[open..]
                    .find(|c| {
                        depth += match c {
                            '(' => 1,
                            ')' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .unwrap();
            let args = split_top(&item[open + 1..close], ',')
                .into_iter()
                .filter_map(|parameter| {
                    let (arg, ty) = parameter.split_once(':').expect("name: Type");
                    let injected = [
                        "State<",
                        "tauri::AppHandle",
                        "AppHandle",
                        "tauri::Window",
                        "tauri::WebviewWindow",
                    ];
                    (!injected.iter().any(|i| ty.trim().starts_with(i)))
                        .then(|| (camel_case(arg.trim()), typescript(ty)))
                })
                .collect();
            let tail = &item[close + 1..item.find('{').unwrap()];
            let result = tail
                .trim()
                .strip_prefix("->")
                .map_or_else(|| "null".to_owned(), typescript);
            (name, (args, result))
        })
        .collect()
}

/// `CommandSignatures` in ui/ipc.js: one `name: [{ arg: Type, … }, Result],` per line.
fn js_signatures() -> BTreeMap<String, Signature> {
    let ipc = source("ui/ipc.js");
    between(&ipc, "@typedef {{", "}} CommandSignatures")
        .lines()
        .map(|line| line.trim().trim_start_matches('*').trim())
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (name, signature) = line.split_once(':').expect("name: [args, result]");
            let signature = signature.trim().trim_end_matches(',');
            let inside = signature
                .strip_prefix('[')
                .and_then(|s| s.strip_suffix(']'))
                .unwrap_or_else(|| panic!("{name}: not [args, result]"));
            let parts = split_top(inside, ',');
            assert_eq!(parts.len(), 2, "{name}: not [args, result]");
            let object = parts[0].strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            let args = split_top(object.expect("an args object"), ',')
                .into_iter()
                .map(|arg| {
                    let (arg, ty) = arg.split_once(':').expect("arg: Type");
                    (arg.trim().to_owned(), ty.trim().to_owned())
                })
                .collect();
            (name.trim().to_owned(), (args, parts[1].to_owned()))
        })
        .collect()
}

#[test]
fn every_command_takes_and_returns_in_the_ui_what_its_rust_function_does() {
    let rust = rust_signatures();
    let ui = js_signatures();
    assert_eq!(
        rust.keys().collect::<Vec<_>>(),
        ui.keys().collect::<Vec<_>>(),
        "the commands of commands.rs against ui/ipc.js's CommandSignatures"
    );
    assert_eq!(
        ui.keys().cloned().collect::<BTreeSet<_>>(),
        js_object("Commands"),
        "ui/ipc.js: CommandSignatures against Commands"
    );
    for (name, signature) in &rust {
        assert_eq!(
            &ui[name], signature,
            "{name}: ui/ipc.js's CommandSignatures (left) against commands.rs (right)"
        );
    }
}
