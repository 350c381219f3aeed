//! Spell checking in the composer: WebKitGTK's own checker (enchant over hunspell's
//! dictionaries) in the language the inbox core picks from the user's choice, the locale and the
//! dictionaries installed. The window marks which text fields are checked (`spellcheck`).
//!
//! WebKit is told only when a checked field is first focused (or the choice changes): loading a
//! dictionary takes some 30 ms on the main thread, while the page is loading, and keeps about
//! 5 MiB, which a window kept for its notifications never needs.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use ohallo_inbox::{
    active_language, installed_dictionaries, locale_language, LocalError, Spelling, SpellingChoice,
    SpellingSettings,
};
use tauri::AppHandle;

use crate::ui_error::{ShellError, UiError};
use crate::window;

/// The choice, managed as the app's state.
pub struct SpellChecking {
    settings: SpellingSettings,
    dictionary_dirs: Vec<PathBuf>,
    /// Whether WebKit has been told the language yet.
    started: AtomicBool,
}

impl SpellChecking {
    /// `config_dir` holds the user's own dictionaries (`enchant/hunspell`), which enchant reads
    /// before the system's.
    pub fn open(data_dir: &Path, config_dir: Option<PathBuf>) -> Result<SpellChecking, LocalError> {
        let mut dictionary_dirs: Vec<PathBuf> = config_dir
            .map(|dir| dir.join("enchant").join("hunspell"))
            .into_iter()
            .collect();
        dictionary_dirs.extend(
            [
                "/usr/share/hunspell",
                "/usr/share/myspell",
                "/usr/share/myspell/dicts",
            ]
            .map(PathBuf::from),
        );
        Ok(SpellChecking {
            settings: SpellingSettings::open(data_dir.join("spelling.json"))?,
            dictionary_dirs,
            started: AtomicBool::new(false),
        })
    }

    /// Read afresh each time: a dictionary installed while the app runs is offered at once.
    pub fn current(&self) -> Spelling {
        let languages = installed_dictionaries(&self.dictionary_dirs);
        let locale = locale_language(|name| std::env::var(name).ok());
        let active = active_language(&self.settings.choice(), locale.as_deref(), &languages);
        Spelling { languages, active }
    }

    /// `None` turns spell checking off; a language must have a dictionary installed.
    pub fn choose(&self, language: Option<String>) -> Result<Spelling, UiError> {
        let choice = match language {
            None => SpellingChoice::Off,
            Some(name) if self.current().languages.contains(&name) => {
                SpellingChoice::Language(name)
            }
            Some(_) => return Err(ShellError::NoSuchDictionary.into()),
        };
        self.settings.choose(choice)?;
        self.started.store(true, Ordering::SeqCst);
        Ok(self.current())
    }

    /// The language to tell WebKit the first time a checked field is focused; `None` once told.
    pub fn start(&self) -> Option<Spelling> {
        (!self.started.swap(true, Ordering::SeqCst)).then(|| self.current())
    }
}

/// Tells the window's WebKit which language to check in, or to check none.
#[cfg(target_os = "linux")]
pub fn apply(app: &AppHandle, spelling: &Spelling) {
    use webkit2gtk::{WebContextExt, WebViewExt};

    let Some(window) = window::main_window(app) else {
        return;
    };
    let active = spelling.active.clone();
    let applied = window.with_webview(move |webview| {
        let Some(context) = webview.inner().context() else {
            return;
        };
        match &active {
            Some(language) => {
                context.set_spell_checking_languages(&[language.as_str()]);
                context.set_spell_checking_enabled(true);
            }
            None => context.set_spell_checking_enabled(false),
        }
        // What WebKit took (it drops languages enchant cannot load), for the log and the tests.
        let languages: Vec<String> = context
            .spell_checking_languages()
            .iter()
            .map(ToString::to_string)
            .collect();
        if context.is_spell_checking_enabled() {
            tracing::info!("spell checking: on in {}", languages.join(", "));
        } else {
            tracing::info!("spell checking: off");
        }
    });
    if let Err(error) = applied {
        tracing::warn!(%error, "could not set up spell checking");
    }
}

/// WebView2 and WKWebView check spelling in the system's languages by themselves.
#[cfg(not(target_os = "linux"))]
pub fn apply(_app: &AppHandle, _spelling: &Spelling) {}
