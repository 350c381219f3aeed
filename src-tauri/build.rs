/// The only commands the webview may call; each gets an `allow-…` permission that
/// `src-tauri/capabilities/main-window.json` grants explicitly, so a command added here
/// stays unreachable until it is also listed there.
const APP_COMMANDS: &[&str] = &[
    "session_status",
    "sign_in",
    "start_demo",
    "sign_out",
    "list_workspaces",
    "list_conversations",
    "get_messages",
    "send_reply",
    "confirm_reply",
    "take_over",
    "release",
    "resolve",
    "get_customer",
    "known_channels",
    "compose",
    "get_attention",
    "resolve_attention",
    "approve",
    "attention_summary",
    "list_attachments",
    "save_attachment",
    "save_attachment_as",
    "open_attachment",
    "mark_read",
    "load_draft",
    "save_draft",
    "open_link",
    "set_open_conversation",
    "open_conversation_window",
    "popout_conversation",
    "get_preferences",
    "set_paused",
    "set_muted",
    "close_window",
    "set_notification_rules",
    "set_do_not_disturb",
    "set_zoom",
    "get_spelling",
    "set_spelling",
    "start_spelling",
    "get_launch_at_login",
    "set_launch_at_login",
    "get_snippets",
    "save_snippets",
    "export_snippets",
    "import_snippets",
    "system_languages",
    "set_language",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(APP_COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
