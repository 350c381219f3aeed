//! Spell checking in the composer: which language, from the user's choice, else the locale,
//! among the dictionaries installed (hunspell's `xx_YY.dic` with its `.aff`, which WebKit's
//! spell checker, enchant, reads). The choice is this machine's, kept beside the preferences.

use std::path::{Path, PathBuf};

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::atomic_file::{read_json, write_json};
use crate::LocalError;

/// What the user chose in the settings; nothing until they do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "choice", content = "language")]
pub enum SpellingChoice {
    /// The locale's language, if a dictionary for it is installed.
    #[default]
    FromLocale,
    Off,
    Language(String),
}

/// What the settings show: the installed dictionaries and the one in use (`None`: off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Spelling {
    /// Dictionary names as enchant knows them (`en_US`, `de_DE`), sorted.
    pub languages: Vec<String>,
    pub active: Option<String>,
}

/// The dictionaries in `dirs` (earlier ones first in enchant's search), each named once.
pub fn installed_dictionaries(dirs: &[PathBuf]) -> Vec<String> {
    let mut names: Vec<String> = dirs
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(|entry| dictionary_name(&entry.ok()?.path()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `de_DE` for `…/de_DE.dic` beside a `de_DE.aff`; hunspell needs both.
fn dictionary_name(path: &Path) -> Option<String> {
    if path.extension()? != "dic" || !path.with_extension("aff").is_file() {
        return None;
    }
    let name = path.file_stem()?.to_str()?;
    let plausible = !name.is_empty()
        && name.len() <= 32
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plausible.then(|| name.to_owned())
}

/// The language of the messages' locale: `de_DE` from `de_DE.UTF-8@euro`, in the order glibc
/// reads the variables (`LC_ALL`, `LC_MESSAGES`, `LANG`); `None` for `C`/`POSIX` or none set.
pub fn locale_language(lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&lookup)
        .find(|value| !value.is_empty())?;
    let language = value.split(['.', '@']).next()?;
    (!language.is_empty() && language != "C" && language != "POSIX").then(|| language.to_owned())
}

/// The dictionary to check in: the chosen one while it is installed; else the locale's own
/// (`de_DE`), else one of its language (`de_AT` for `de_DE`), else American English when
/// installed; none when the user turned it off.
pub fn active_language(
    choice: &SpellingChoice,
    locale: Option<&str>,
    installed: &[String],
) -> Option<String> {
    let is_installed = |name: &str| installed.iter().any(|have| have == name);
    match choice {
        SpellingChoice::Off => return None,
        SpellingChoice::Language(name) if is_installed(name) => return Some(name.clone()),
        SpellingChoice::Language(_) | SpellingChoice::FromLocale => {}
    }
    if let Some(locale) = locale {
        if is_installed(locale) {
            return Some(locale.to_owned());
        }
        let language = locale.split('_').next().unwrap_or(locale);
        let same_language = installed
            .iter()
            .find(|have| have.split('_').next() == Some(language));
        if let Some(found) = same_language {
            return Some(found.clone());
        }
    }
    is_installed("en_US").then(|| "en_US".to_owned())
}

/// The choice, kept in a file of its own.
pub struct SpellingSettings {
    path: PathBuf,
    choice: Mutex<SpellingChoice>,
}

impl SpellingSettings {
    pub fn open(path: PathBuf) -> Result<SpellingSettings, LocalError> {
        Ok(SpellingSettings {
            choice: Mutex::new(read_json(&path)?),
            path,
        })
    }

    pub fn choice(&self) -> SpellingChoice {
        self.choice.lock().clone()
    }

    pub fn choose(&self, choice: SpellingChoice) -> Result<(), LocalError> {
        let mut current = self.choice.lock();
        write_json(&self.path, &choice)?;
        *current = choice;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn the_locale_language_comes_from_the_variables_glibc_reads_first() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_owned())
            }
        };
        assert_eq!(
            locale_language(env(&[("LANG", "de_DE.UTF-8")])).as_deref(),
            Some("de_DE")
        );
        assert_eq!(
            locale_language(env(&[
                ("LANG", "de_DE.UTF-8"),
                ("LC_MESSAGES", "fr_FR@euro")
            ]))
            .as_deref(),
            Some("fr_FR")
        );
        assert_eq!(
            locale_language(env(&[("LC_ALL", "pt_BR"), ("LC_MESSAGES", "fr_FR")])).as_deref(),
            Some("pt_BR")
        );
        assert_eq!(
            locale_language(env(&[("LC_ALL", ""), ("LANG", "nl_NL.UTF-8")])).as_deref(),
            Some("nl_NL"),
            "an empty variable does not count"
        );
        assert_eq!(locale_language(env(&[("LANG", "C.UTF-8")])), None);
        assert_eq!(locale_language(env(&[("LANG", "POSIX")])), None);
        assert_eq!(locale_language(env(&[])), None);
    }

    #[test]
    fn the_locale_picks_its_own_dictionary_then_one_of_its_language_then_english() {
        let installed = names(&["de_AT", "de_CH", "en_GB", "en_US"]);
        let from_locale = SpellingChoice::FromLocale;
        let active = |locale| active_language(&from_locale, locale, &installed);
        assert_eq!(active(Some("en_GB")).as_deref(), Some("en_GB"));
        assert_eq!(
            active(Some("de_DE")).as_deref(),
            Some("de_AT"),
            "same language"
        );
        assert_eq!(active(Some("fr_FR")).as_deref(), Some("en_US"), "no French");
        assert_eq!(active(None).as_deref(), Some("en_US"), "C locale");
        assert_eq!(
            active_language(&from_locale, Some("fr_FR"), &names(&["de_DE"])),
            None,
            "nothing fits"
        );
        assert_eq!(
            active_language(&from_locale, Some("d"), &names(&["de_DE"])),
            None,
            "a prefix of a name is not its language"
        );
        assert_eq!(active_language(&from_locale, Some("de_DE"), &[]), None);
    }

    #[test]
    fn a_choice_wins_while_its_dictionary_is_installed() {
        let installed = names(&["de_DE", "en_US"]);
        let chose_german = SpellingChoice::Language("de_DE".into());
        assert_eq!(
            active_language(&chose_german, Some("en_US"), &installed).as_deref(),
            Some("de_DE")
        );
        let removed = SpellingChoice::Language("fr_FR".into());
        assert_eq!(
            active_language(&removed, Some("en_US"), &installed).as_deref(),
            Some("en_US"),
            "a removed dictionary falls back to the locale"
        );
        assert_eq!(
            active_language(&SpellingChoice::Off, Some("en_US"), &installed),
            None
        );
    }

    #[test]
    fn installed_dictionaries_need_both_files_and_are_listed_once() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        for (dir, file) in [
            (&first, "de_DE.dic"),
            (&first, "de_DE.aff"),
            (&first, "en_US.dic"),
            (&first, "hyph_de_DE.dic"),
            (&second, "en_US.dic"),
            (&second, "en_US.aff"),
            (&second, "de_DE.dic"),
            (&second, "de_DE.aff"),
            (&second, "README.txt"),
        ] {
            std::fs::write(dir.path().join(file), "").unwrap();
        }
        let dirs = [
            first.path().to_path_buf(),
            second.path().to_path_buf(),
            PathBuf::from("/nonexistent/hunspell"),
        ];
        assert_eq!(installed_dictionaries(&dirs), names(&["de_DE", "en_US"]));
    }

    #[test]
    fn the_choice_is_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spelling.json");
        let settings = SpellingSettings::open(path.clone()).unwrap();
        assert_eq!(settings.choice(), SpellingChoice::FromLocale);
        settings.choose(SpellingChoice::Off).unwrap();
        assert_eq!(
            SpellingSettings::open(path.clone()).unwrap().choice(),
            SpellingChoice::Off
        );
        settings
            .choose(SpellingChoice::Language("de_DE".into()))
            .unwrap();
        assert_eq!(
            SpellingSettings::open(path).unwrap().choice(),
            SpellingChoice::Language("de_DE".into())
        );
    }
}
