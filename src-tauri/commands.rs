//! The webview's only way in. Each command translates arguments and results and leaves the work
//! to the inbox core; none returns or accepts anything that holds the API key, except
//! `sign_in`, which takes it once from the sign-in form.

use chrono::{DateTime, Utc};
use ohallo_core::Attachment;
use ohallo_core::{
    AttentionItem, Channel, ConversationQuery, Message, NewConversation, Page, Workspace,
};
use ohallo_inbox::{
    AccountId, AttentionSummary, ConversationPatch, ConversationView, Customer, DoNotDisturb,
    Inbox, KeyKeeping, Language, NotificationPreferences, NotificationRules, Qualify, ReplyOutcome,
    SaveTarget, SessionInfo, SnippetBook, Snippets, Spelling, REPLY_CHECK_FOR,
};
use std::sync::Arc;
use tauri::State;
use tauri_plugin_autostart::ManagerExt;

use crate::attachments::{self, SavedAttachment};
use crate::notify::Notifier;
use crate::popouts::{self, PopOuts};
use crate::spelling::{self, SpellChecking};
use crate::state::AppState;
use crate::ui_error::{ShellError, UiError};
use crate::ui_events::{emit, ConversationUpdated, UiEvent};
use crate::{closing, links, locale, snippet_files, window};

type Result<T> = std::result::Result<T, UiError>;

// Commands are `async` so Tauri runs them on its async runtime: a plain `fn` command runs on the
// main thread, which also serves the window, so a slow one would stall the UI.

/// Ids come from the server, but arrive here through the webview: bound them before use.
const MAX_ID_LEN: usize = 200;
const MAX_DRAFT_LEN: usize = 1024 * 1024;
/// An outcome is a line or two for the record, not a document.
const MAX_OUTCOME_LEN: usize = 2000;
/// The window's zoom steps run from 0.67 to 2 (ui/zoom.js); anything far outside is a bug.
const MIN_ZOOM: f64 = 0.5;
const MAX_ZOOM: f64 = 3.0;

fn checked_id(id: &str) -> Result<&str> {
    if id.is_empty() || id.len() > MAX_ID_LEN || id.chars().any(char::is_control) {
        return Err(ShellError::InvalidId.into());
    }
    Ok(id)
}

/// The account a qualified id (already resolved by [`owner`]) belongs to.
fn account_of(qualified: &str) -> Result<AccountId> {
    let (account, _) = ohallo_inbox::split_qualified(qualified)
        .ok_or(ohallo_inbox::AccountError::UnknownAccount)?;
    Ok(account)
}

/// Tells every window what an action changed, and answers it to the one that asked.
fn updated(
    app: &tauri::AppHandle,
    conversation_id: &str,
    patch: ConversationPatch,
) -> ConversationPatch {
    emit(
        app,
        UiEvent::ConversationUpdated(ConversationUpdated {
            conversation_id: conversation_id.to_owned(),
            patch: Some(patch.clone()),
            read: false,
        }),
    );
    patch
}

/// The inbox of the account a qualified id (conversation, workspace, attention item) belongs
/// to, and the server's id in it: every action goes out with that account's key.
fn owner<'a>(state: &AppState, qualified: &'a str) -> Result<(Arc<Inbox>, &'a str)> {
    state.resolve(checked_id(qualified)?)
}

#[tauri::command]
pub async fn session_status(state: State<'_, AppState>) -> Result<SessionInfo> {
    Ok(state.status().await)
}

/// `keep_until_quit` keeps the key in memory only, for a desktop without a keyring (the user
/// chose it after the keyring was found missing). With an account signed in already, the key
/// adds another, called `name` (or a name made from what the key sees).
#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    key: String,
    keep_until_quit: bool,
    name: Option<String>,
) -> Result<SessionInfo> {
    // The webview's copy of the key is wiped once checked, whatever the outcome.
    let key = zeroize::Zeroizing::new(key);
    let keeping = if keep_until_quit {
        KeyKeeping::UntilQuit
    } else {
        KeyKeeping::Keyring
    };
    state.sign_in(&key, keeping, name.as_deref()).await
}

#[tauri::command]
pub async fn start_demo(state: State<'_, AppState>) -> Result<SessionInfo> {
    state.start_demo().await
}

/// Signs out of `account`, or of every account; answers the accounts still signed in.
#[tauri::command]
pub async fn sign_out(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    notifier: State<'_, Notifier>,
    popouts: State<'_, PopOuts>,
    account: Option<AccountId>,
) -> Result<SessionInfo> {
    notifier.forget_account(account.as_ref());
    popouts.close_account(&app, account.as_ref());
    state.sign_out(account.as_ref()).await
}

/// Every signed-in account's workspaces, with qualified ids.
#[tauri::command]
pub async fn list_workspaces(state: State<'_, AppState>) -> Result<Vec<Workspace>> {
    Ok(ohallo_inbox::unified_workspaces(state.inboxes()).await?)
}

/// A page of the one inbox across accounts; `account` keeps to one of them.
#[tauri::command]
pub async fn list_conversations(
    state: State<'_, AppState>,
    query: ConversationQuery,
    account: Option<AccountId>,
) -> Result<Page<ConversationView>> {
    let inboxes = state.inboxes();
    if inboxes.is_empty() {
        return Err(ohallo_inbox::AccountError::SignedOut.into());
    }
    Ok(ohallo_inbox::unified_conversations(inboxes, account.as_ref(), &query).await?)
}

#[tauri::command]
pub async fn get_messages(
    state: State<'_, AppState>,
    conversation_id: String,
) -> Result<Vec<Message>> {
    let (inbox, id) = owner(&state, &conversation_id)?;
    Ok(inbox.messages(id).await?)
}

#[tauri::command]
pub async fn send_reply(
    state: State<'_, AppState>,
    conversation_id: String,
    content: String,
) -> Result<ReplyOutcome> {
    let (inbox, id) = owner(&state, &conversation_id)?;
    Ok(inbox.send_reply(id, &content).await?)
}

/// Looks for a reply whose answer was lost, for as long as delivery may take.
#[tauri::command]
pub async fn confirm_reply(
    state: State<'_, AppState>,
    conversation_id: String,
    content: String,
    sent_at: DateTime<Utc>,
) -> Result<ReplyOutcome> {
    let (inbox, id) = owner(&state, &conversation_id)?;
    Ok(inbox
        .confirm_reply(id, &content, sent_at, REPLY_CHECK_FOR)
        .await)
}

#[tauri::command]
pub async fn take_over(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
) -> Result<ConversationPatch> {
    let (inbox, id) = owner(&state, &conversation_id)?;
    let patch = inbox.take_over(id).await?;
    Ok(updated(&app, &conversation_id, patch))
}

#[tauri::command]
pub async fn release(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
) -> Result<ConversationPatch> {
    let (inbox, id) = owner(&state, &conversation_id)?;
    let patch = inbox.release(id).await?;
    Ok(updated(&app, &conversation_id, patch))
}

#[tauri::command]
pub async fn resolve(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    outcome: Option<String>,
) -> Result<ConversationPatch> {
    if outcome
        .as_ref()
        .is_some_and(|text| text.len() > MAX_OUTCOME_LEN)
    {
        return Err(ShellError::OutcomeTooLong.into());
    }
    let (inbox, id) = owner(&state, &conversation_id)?;
    let patch = inbox.resolve(id, outcome.as_deref()).await?;
    Ok(updated(&app, &conversation_id, patch))
}

/// The channels of a workspace that a new conversation can go out on (those the app has seen).
#[tauri::command]
pub async fn known_channels(
    state: State<'_, AppState>,
    workspace_id: String,
) -> Result<Vec<Channel>> {
    let (inbox, id) = owner(&state, &workspace_id)?;
    Ok(inbox.known_channels(id))
}

/// Writes first, with the key of the workspace's account. The API answers no id: the window
/// finds the new conversation in the list.
#[tauri::command]
pub async fn compose(state: State<'_, AppState>, conversation: NewConversation) -> Result<()> {
    if conversation.content.len() > MAX_DRAFT_LEN {
        return Err(ShellError::DraftTooLong.into());
    }
    let (inbox, workspace) = owner(&state, &conversation.workspace_id)?;
    let conversation = NewConversation {
        workspace_id: workspace.to_owned(),
        ..conversation
    };
    Ok(inbox.compose(&conversation).await?)
}

/// Who the customer of a conversation is, for the customer panel; `contact_id` is the list's.
#[tauri::command]
pub async fn get_customer(
    state: State<'_, AppState>,
    conversation_id: String,
    contact_id: Option<String>,
) -> Result<Customer> {
    let (inbox, id) = owner(&state, &conversation_id)?;
    let contact = contact_id.as_deref().map(checked_id).transpose()?;
    let customer = inbox.customer(id, contact).await?;
    Ok(customer.qualified(&account_of(&conversation_id)?))
}

/// The conversation's open "a human is needed" items, oldest first.
#[tauri::command]
pub async fn get_attention(
    state: State<'_, AppState>,
    conversation_id: String,
) -> Result<Vec<AttentionItem>> {
    let (inbox, id) = owner(&state, &conversation_id)?;
    let items = inbox.attention(id).await?;
    Ok(items.qualified(&account_of(&conversation_id)?))
}

/// Marks an item handled, then has the engine read the items again, so the tray, the title
/// and the "Needs a human" view follow at once.
#[tauri::command]
pub async fn resolve_attention(state: State<'_, AppState>, item_id: String) -> Result<()> {
    let (inbox, id) = owner(&state, &item_id)?;
    inbox.resolve_attention(id).await?;
    state.refresh_attention();
    Ok(())
}

#[tauri::command]
pub async fn approve(state: State<'_, AppState>, conversation_id: String) -> Result<()> {
    let (inbox, id) = owner(&state, &conversation_id)?;
    Ok(inbox.approve(id).await?)
}

/// What the engine last learnt of the open items, for a window that loads after it was told.
#[tauri::command]
pub async fn attention_summary(state: State<'_, AppState>) -> Result<AttentionSummary> {
    Ok(state.attention())
}

/// The conversation's attachments, to show under their messages (no URLs: those stay in Rust).
#[tauri::command]
pub async fn list_attachments(
    state: State<'_, AppState>,
    conversation_id: String,
) -> Result<Vec<Attachment>> {
    let (inbox, id) = owner(&state, &conversation_id)?;
    Ok(inbox.attachments(id).await?)
}

/// Downloads an attachment (with a fresh URL, without the key) into the downloads folder,
/// never over a file there, telling the window how far it got; answers the name it was saved
/// under.
#[tauri::command]
pub async fn save_attachment(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    attachment_id: String,
) -> Result<SavedAttachment> {
    let dir = attachments::download_dir(&app)?;
    save(
        &app,
        &state,
        &conversation_id,
        &attachment_id,
        SaveTarget::Folder(&dir),
    )
    .await
}

/// Asks where to save the attachment, offering its (sanitised) `file_name` in the downloads
/// folder, then saves it there as `save_attachment` does; answers nothing when the user cancels.
#[tauri::command]
pub async fn save_attachment_as(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    attachment_id: String,
    file_name: Option<String>,
) -> Result<Option<SavedAttachment>> {
    checked_id(&conversation_id)?;
    checked_id(&attachment_id)?;
    let suggested = ohallo_inbox::safe_file_name(file_name.as_deref());
    let Some(path) = attachments::choose_file(&app, &suggested).await? else {
        return Ok(None);
    };
    let target = SaveTarget::File(&path);
    save(&app, &state, &conversation_id, &attachment_id, target)
        .await
        .map(Some)
}

async fn save(
    app: &tauri::AppHandle,
    state: &AppState,
    conversation_id: &str,
    attachment_id: &str,
    target: SaveTarget<'_>,
) -> Result<SavedAttachment> {
    let (inbox, id) = owner(state, conversation_id)?;
    let attachment = checked_id(attachment_id)?;
    let mut progress = attachments::progress_reporter(app, attachment);
    let path = inbox
        .save_attachment(id, attachment, target, &mut progress)
        .await?;
    Ok(attachments::remember(attachment, path))
}

/// Opens an attachment saved in this run with the system's handler for its type.
#[tauri::command]
pub async fn open_attachment(attachment_id: String) -> Result<()> {
    Ok(attachments::open(checked_id(&attachment_id)?)?)
}

#[tauri::command]
pub async fn mark_read(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    notifier: State<'_, Notifier>,
    conversation_id: String,
) -> Result<()> {
    let id = checked_id(&conversation_id)?;
    notifier.forget(id);
    state.mark_read(id).await?;
    emit(
        &app,
        UiEvent::ConversationUpdated(ConversationUpdated {
            conversation_id,
            patch: None,
            read: true,
        }),
    );
    Ok(())
}

#[tauri::command]
pub async fn load_draft(
    state: State<'_, AppState>,
    conversation_id: String,
) -> Result<Option<String>> {
    let (inbox, id) = owner(&state, &conversation_id)?;
    Ok(inbox.draft(id))
}

#[tauri::command]
pub async fn save_draft(
    state: State<'_, AppState>,
    conversation_id: String,
    text: String,
) -> Result<()> {
    let id = checked_id(&conversation_id)?;
    if text.len() > MAX_DRAFT_LEN {
        return Err(ShellError::DraftTooLong.into());
    }
    state.save_draft(id, text).await
}

#[tauri::command]
pub async fn open_link(url: String) -> Result<()> {
    Ok(links::open_in_browser(&url)?)
}

/// Which conversation the calling window's thread shows, so it does not notify while read.
#[tauri::command]
pub async fn set_open_conversation(
    window: tauri::WebviewWindow,
    state: State<'_, AppState>,
    notifier: State<'_, Notifier>,
    conversation_id: Option<String>,
) -> Result<()> {
    let id = conversation_id
        .as_deref()
        .map(checked_id)
        .transpose()?
        .map(str::to_string);
    if let Some(id) = &id {
        notifier.forget(id);
    }
    state.set_open_conversation(window.label(), id);
    Ok(())
}

/// Opens the conversation in a window of its own (or brings forward the one it has).
#[tauri::command]
pub async fn open_conversation_window(
    app: tauri::AppHandle,
    popouts: State<'_, PopOuts>,
    conversation: ConversationView,
) -> Result<()> {
    checked_id(&conversation.conversation.id)?;
    Ok(popouts.open(&app, conversation)?)
}

/// The conversation the calling conversation window shows; `None` for any other window.
#[tauri::command]
pub async fn popout_conversation(
    window: tauri::WebviewWindow,
    popouts: State<'_, PopOuts>,
) -> Result<Option<ConversationView>> {
    Ok(popouts.shown_in(window.label()))
}

#[tauri::command]
pub async fn get_preferences(state: State<'_, AppState>) -> Result<NotificationPreferences> {
    Ok(state.preferences().get())
}

#[tauri::command]
pub async fn set_paused(
    state: State<'_, AppState>,
    paused: bool,
) -> Result<NotificationPreferences> {
    state.set_paused(paused)
}

#[tauri::command]
pub async fn set_muted(
    state: State<'_, AppState>,
    conversation_id: String,
    muted: bool,
) -> Result<NotificationPreferences> {
    let id = checked_id(&conversation_id)?;
    state.update_preferences(|preferences| preferences.set_muted(id, muted))
}

/// The settings dialog's notification rules: per workspace, quiet hours, repeats.
#[tauri::command]
pub async fn set_notification_rules(
    state: State<'_, AppState>,
    rules: NotificationRules,
) -> Result<NotificationPreferences> {
    if !rules.quiet_hours.is_valid() {
        return Err(ShellError::InvalidQuietHours.into());
    }
    for workspace in rules.workspaces.keys() {
        checked_id(workspace)?;
    }
    state.update_preferences(|preferences| preferences.set_rules(rules))
}

/// "Do not disturb" for an hour, until tomorrow morning (local time), or off.
#[tauri::command]
pub async fn set_do_not_disturb(
    state: State<'_, AppState>,
    choice: DoNotDisturb,
) -> Result<NotificationPreferences> {
    state.update_preferences(|preferences| {
        preferences.set_do_not_disturb(choice, &chrono::Local::now())
    })
}

/// The account's snippets and the agent's name they sign with.
#[tauri::command]
pub async fn get_snippets(
    state: State<'_, AppState>,
    snippets: State<'_, Snippets>,
    account: AccountId,
) -> Result<SnippetBook> {
    Ok(snippets.get(&state.snippet_owner(&account)?))
}

/// Replaces the account's snippets with `book` once it passes the checks; answers it as kept.
#[tauri::command]
pub async fn save_snippets(
    state: State<'_, AppState>,
    snippets: State<'_, Snippets>,
    account: AccountId,
    book: SnippetBook,
) -> Result<SnippetBook> {
    Ok(snippets.set(&state.snippet_owner(&account)?, book)?)
}

/// Asks where to save the account's snippets as JSON and writes them there; `false` when the
/// user cancels.
#[tauri::command]
pub async fn export_snippets(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    snippets: State<'_, Snippets>,
    account: AccountId,
) -> Result<bool> {
    let book = snippets.get(&state.snippet_owner(&account)?);
    Ok(snippet_files::export(&app, &book).await?)
}

/// Asks for a snippet file and adds its snippets to the account's (one of the same name is
/// replaced); answers the new collection, or nothing when the user cancels.
#[tauri::command]
pub async fn import_snippets(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    snippets: State<'_, Snippets>,
    account: AccountId,
) -> Result<Option<SnippetBook>> {
    let owner = state.snippet_owner(&account)?;
    let Some(file) = snippet_files::import(&app).await? else {
        return Ok(None);
    };
    let book = snippets.get(&owner).merged(&file)?;
    Ok(Some(snippets.set(&owner, book)?))
}

/// The window's zoom (Ctrl +, Ctrl −, Ctrl 0 in the window, which remembers it).
#[tauri::command]
pub fn set_zoom(app: tauri::AppHandle, level: f64) -> Result<()> {
    if !(MIN_ZOOM..=MAX_ZOOM).contains(&level) {
        return Err(ShellError::ZoomOutOfRange.into());
    }
    let window = window::main_window(&app).ok_or(ShellError::ZoomFailed)?;
    window.set_zoom(level).map_err(|error| {
        tracing::warn!(%error, "could not zoom the window");
        ShellError::ZoomFailed.into()
    })
}

/// The installed dictionaries and the one the composer checks in.
#[tauri::command]
pub async fn get_spelling(spell_checking: State<'_, SpellChecking>) -> Result<Spelling> {
    Ok(spell_checking.current())
}

/// A field that is spell-checked has been focused: the checker starts, once.
#[tauri::command]
pub async fn start_spelling(
    app: tauri::AppHandle,
    spell_checking: State<'_, SpellChecking>,
) -> Result<()> {
    if let Some(spelling) = spell_checking.start() {
        spelling::apply(&app, &spelling);
    }
    Ok(())
}

/// Checks spelling in `language` from now on (`None`: not at all), on this machine.
#[tauri::command]
pub async fn set_spelling(
    app: tauri::AppHandle,
    spell_checking: State<'_, SpellChecking>,
    language: Option<String>,
) -> Result<Spelling> {
    let now = spell_checking.choose(language)?;
    spelling::apply(&app, &now);
    Ok(now)
}

/// Ctrl+W in a window: closes it as its close button does. The inbox keeps the app running
/// (hidden or minimised); a conversation window just closes.
#[tauri::command]
pub fn close_window(app: tauri::AppHandle, window: tauri::WebviewWindow) {
    if popouts::is_popout(window.label()) {
        if let Err(error) = window.close() {
            tracing::warn!(%error, "could not close a conversation window");
        }
    } else {
        closing::close_main_window(&app);
    }
}

#[tauri::command]
pub async fn get_launch_at_login(app: tauri::AppHandle) -> Result<bool> {
    app.autolaunch().is_enabled().map_err(autostart_error)
}

/// Opt-in: starts the app hidden in the tray when the user logs in.
#[tauri::command]
pub async fn set_launch_at_login(app: tauri::AppHandle, enabled: bool) -> Result<bool> {
    let manager = app.autolaunch();
    let changed = if enabled {
        manager.enable()
    } else {
        manager.disable()
    };
    changed
        .and_then(|()| manager.is_enabled())
        .map_err(autostart_error)
}

fn autostart_error(error: tauri_plugin_autostart::Error) -> UiError {
    ShellError::Autostart(error).into()
}

/// The languages the session's locale asks for, for the window to pick its own from.
#[tauri::command]
pub async fn system_languages() -> Vec<String> {
    locale::system_languages()
}

/// The language the window shows (`en`, `de`), for the tray, the title and notifications;
/// one the app does not speak means English.
#[tauri::command]
pub async fn set_language(state: State<'_, AppState>, language: String) -> Result<()> {
    state.set_language(Language::from_tag(&language).unwrap_or_default());
    Ok(())
}
