//! The languages the user's session asks for, read from the process locale as gettext reads
//! it: `LANGUAGE` (a list), then the messages' locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, as
//! spell checking reads it). WebKitGTK's own `navigator.language` follows `LC_CTYPE` and only a
//! locale installed on the machine, so the window asks here first and uses
//! `navigator.languages` after.

use ohallo_inbox::locale_language;

/// BCP 47 tags, most wanted first, e.g. `["de-DE", "en"]`; empty under "C"/"POSIX" or when
/// nothing is set (Windows and macOS set none: their webviews follow the system already).
pub fn system_languages() -> Vec<String> {
    languages_from(|name| std::env::var(name).ok())
}

fn languages_from(var: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let mut wanted: Vec<String> = Vec::new();
    // gettext ignores LANGUAGE when the locale itself is "C": so does the window.
    let Some(locale) = locale_language(&var).and_then(|name| tag(&name)) else {
        return wanted;
    };
    let listed = var("LANGUAGE").unwrap_or_default();
    for tag in listed.split(':').filter_map(tag).chain([locale]) {
        if !wanted.contains(&tag) {
            wanted.push(tag);
        }
    }
    wanted
}

/// `de_DE.UTF-8@euro` → `de-DE`; `None` for "C", "POSIX" and anything that is not a locale
/// name (letters, digits, `_` and `-` only, as a language tag is).
fn tag(locale: &str) -> Option<String> {
    let name = locale.split(['.', '@']).next().unwrap_or_default();
    let valid = !name.is_empty()
        && name.len() <= 35
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid || name == "C" || name == "POSIX" {
        return None;
    }
    Some(name.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn languages(vars: &[(&str, &str)]) -> Vec<String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        languages_from(|name| vars.get(name).cloned())
    }

    #[test]
    fn lang_gives_the_language_as_a_tag() {
        assert_eq!(languages(&[("LANG", "de_DE.UTF-8")]), ["de-DE"]);
        assert_eq!(languages(&[("LANG", "de_AT.UTF-8@euro")]), ["de-AT"]);
    }

    #[test]
    fn language_lists_come_first_without_repeats() {
        assert_eq!(
            languages(&[("LANGUAGE", "de_DE:en"), ("LANG", "de_DE.UTF-8")]),
            ["de-DE", "en"]
        );
    }

    #[test]
    fn c_posix_nothing_or_nonsense_ask_for_nothing() {
        assert!(languages(&[]).is_empty());
        assert!(languages(&[("LANG", "C.UTF-8")]).is_empty());
        assert!(languages(&[("LANG", "POSIX"), ("LANGUAGE", "de")]).is_empty());
        assert_eq!(
            languages(&[("LANG", "de_DE.UTF-8"), ("LANGUAGE", "<script>:de")]),
            ["de", "de-DE"]
        );
    }
}
