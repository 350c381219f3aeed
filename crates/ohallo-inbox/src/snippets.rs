//! Canned replies ("snippets") and the agent's name they may sign with, kept on disk per
//! account. They live outside the account's data directory on purpose: signing out removes
//! drafts and read marks, but an agent's snippets are their own work and must still be there
//! when they sign in to the same account again.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::atomic_file::{read_json, write_json};
use crate::LocalError;

/// Enough for every canned reply a team has; bounds the file and the picker.
pub const MAX_SNIPPETS: usize = 500;
pub const MAX_SNIPPET_NAME_CHARS: usize = 100;
pub const MAX_SNIPPET_TEXT_CHARS: usize = 20_000;
pub const MAX_AGENT_NAME_CHARS: usize = 100;
/// An import file bigger than this is not a snippet collection.
pub const MAX_SNIPPET_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// One canned reply: what the picker lists it as, and the text it inserts (with variables).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Snippet {
    pub name: String,
    pub text: String,
}

/// One account's snippets, in the user's order, and the name `{agent.name}` fills in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SnippetBook {
    pub agent_name: String,
    pub snippets: Vec<Snippet>,
}

/// What an export file holds and an import reads: the snippets only, since the agent's name is
/// the person's own and a colleague's file must not change it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnippetFile {
    snippets: Vec<Snippet>,
}

/// A snippet collection the user gave (typed or imported) that cannot be kept as it is.
#[derive(Debug, thiserror::Error)]
pub enum SnippetError {
    #[error("Every snippet needs a name.")]
    NameMissing,
    #[error("A snippet's name can be at most 100 characters, on one line.")]
    NameInvalid,
    #[error("Two snippets are named \u{201c}{0}\u{201d}: each name must be different.")]
    DuplicateName(String),
    #[error("A snippet's text can be at most 20,000 characters.")]
    TextTooLong,
    #[error("Your name can be at most 100 characters, on one line.")]
    AgentNameInvalid,
    #[error("There can be at most 500 snippets.")]
    TooMany,
    #[error("That file is too large to be a snippet collection (at most 2 MB).")]
    FileTooLarge,
    #[error(
        "That file is not a snippet collection: expected JSON like \
         {{\"snippets\": [{{\"name\": \"…\", \"text\": \"…\"}}]}}, as Export… writes."
    )]
    NotASnippetFile(#[source] serde_json::Error),
    #[error(transparent)]
    Local(#[from] LocalError),
}

impl SnippetBook {
    /// Checks what the user gave; names are trimmed, and must differ ignoring case, so the
    /// picker never shows two alike.
    pub fn checked(mut self) -> Result<SnippetBook, SnippetError> {
        self.agent_name = self.agent_name.trim().to_owned();
        if !one_line(&self.agent_name, MAX_AGENT_NAME_CHARS) {
            return Err(SnippetError::AgentNameInvalid);
        }
        if self.snippets.len() > MAX_SNIPPETS {
            return Err(SnippetError::TooMany);
        }
        let mut seen = HashSet::with_capacity(self.snippets.len());
        for snippet in &mut self.snippets {
            snippet.name = snippet.name.trim().to_owned();
            if snippet.name.is_empty() {
                return Err(SnippetError::NameMissing);
            }
            if !one_line(&snippet.name, MAX_SNIPPET_NAME_CHARS) {
                return Err(SnippetError::NameInvalid);
            }
            if snippet.text.chars().count() > MAX_SNIPPET_TEXT_CHARS {
                return Err(SnippetError::TextTooLong);
            }
            if !seen.insert(snippet.name.to_lowercase()) {
                return Err(SnippetError::DuplicateName(snippet.name.clone()));
            }
        }
        Ok(self)
    }

    /// This book with the snippets of an import file added: one of the same name (ignoring
    /// case) is replaced in place, new ones come last. Checked as a whole.
    pub fn merged(mut self, file: &[u8]) -> Result<SnippetBook, SnippetError> {
        if file.len() as u64 > MAX_SNIPPET_FILE_BYTES {
            return Err(SnippetError::FileTooLarge);
        }
        let imported: SnippetFile =
            serde_json::from_slice(file).map_err(SnippetError::NotASnippetFile)?;
        if imported.snippets.len() > MAX_SNIPPETS {
            return Err(SnippetError::TooMany);
        }
        let mut index: BTreeMap<String, usize> = self
            .snippets
            .iter()
            .enumerate()
            .map(|(i, snippet)| (snippet.name.trim().to_lowercase(), i))
            .collect();
        for snippet in imported.snippets {
            match index.get(&snippet.name.trim().to_lowercase()) {
                Some(&i) => self.snippets[i] = snippet,
                None => {
                    index.insert(snippet.name.trim().to_lowercase(), self.snippets.len());
                    self.snippets.push(snippet);
                }
            }
        }
        self.checked()
    }

    /// The export file: the snippets, readable and editable by a person.
    pub fn export(&self) -> Vec<u8> {
        let file = SnippetFile {
            snippets: self.snippets.clone(),
        };
        // Serialising strings into a Vec cannot fail.
        serde_json::to_vec_pretty(&file).unwrap_or_default()
    }
}

fn one_line(text: &str, max_chars: usize) -> bool {
    text.chars().count() <= max_chars && !text.chars().any(char::is_control)
}

/// Every account's snippets, in one file, keyed by account (see [`crate::Account::owner`]).
pub struct Snippets {
    path: PathBuf,
    books: Mutex<BTreeMap<String, SnippetBook>>,
}

impl Snippets {
    pub fn open(path: PathBuf) -> Result<Snippets, LocalError> {
        Ok(Snippets {
            books: Mutex::new(read_json(&path)?),
            path,
        })
    }

    pub fn get(&self, owner: &str) -> SnippetBook {
        self.books.lock().get(owner).cloned().unwrap_or_default()
    }

    /// Keeps `book` (checked) as `owner`'s and answers it as kept.
    pub fn set(&self, owner: &str, book: SnippetBook) -> Result<SnippetBook, SnippetError> {
        let book = book.checked()?;
        let mut books = self.books.lock();
        books.insert(owner.to_owned(), book.clone());
        write_json(&self.path, &*books)?;
        Ok(book)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(name: &str, text: &str) -> Snippet {
        Snippet {
            name: name.into(),
            text: text.into(),
        }
    }

    #[test]
    fn each_account_keeps_its_own_snippets_across_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snippets.json");
        let snippets = Snippets::open(path.clone()).unwrap();
        let book = SnippetBook {
            agent_name: "  Ada ".into(),
            snippets: vec![snippet(
                " Thanks ",
                "Hi {contact.firstName},\n{cursor}\n{agent.name}",
            )],
        };
        snippets.set("https://api.example", book).unwrap();

        let reopened = Snippets::open(path).unwrap();
        let kept = reopened.get("https://api.example");
        assert_eq!(kept.agent_name, "Ada");
        assert_eq!(
            kept.snippets,
            [snippet(
                "Thanks",
                "Hi {contact.firstName},\n{cursor}\n{agent.name}"
            )]
        );
        assert_eq!(reopened.get("demo"), SnippetBook::default());
    }

    #[test]
    fn a_book_with_a_nameless_duplicate_or_oversized_snippet_is_refused() {
        let refused = |snippets: Vec<Snippet>| SnippetBook {
            agent_name: String::new(),
            snippets,
        };
        assert!(matches!(
            refused(vec![snippet("  ", "x")]).checked(),
            Err(SnippetError::NameMissing)
        ));
        assert!(matches!(
            refused(vec![snippet("Hello", "a"), snippet("hello ", "b")]).checked(),
            Err(SnippetError::DuplicateName(name)) if name == "hello"
        ));
        assert!(matches!(
            refused(vec![snippet("Two\nlines", "x")]).checked(),
            Err(SnippetError::NameInvalid)
        ));
        let long = "x".repeat(MAX_SNIPPET_TEXT_CHARS + 1);
        assert!(matches!(
            refused(vec![snippet("Long", &long)]).checked(),
            Err(SnippetError::TextTooLong)
        ));
        let agent = SnippetBook {
            agent_name: "a".repeat(MAX_AGENT_NAME_CHARS + 1),
            snippets: Vec::new(),
        };
        assert!(matches!(
            agent.checked(),
            Err(SnippetError::AgentNameInvalid)
        ));
    }

    #[test]
    fn an_export_imports_back_replacing_snippets_of_the_same_name_and_keeping_the_agent() {
        let exported = SnippetBook {
            agent_name: "Someone else".into(),
            snippets: vec![snippet("Thanks", "new thanks"), snippet("Bye", "Bye!")],
        }
        .export();
        let mine = SnippetBook {
            agent_name: "Ada".into(),
            snippets: vec![snippet("Hello", "Hi"), snippet("thanks", "old thanks")],
        };
        let merged = mine.merged(&exported).unwrap();
        assert_eq!(merged.agent_name, "Ada");
        assert_eq!(
            merged.snippets,
            [
                snippet("Hello", "Hi"),
                snippet("Thanks", "new thanks"),
                snippet("Bye", "Bye!")
            ]
        );
    }

    #[test]
    fn an_import_that_is_not_a_snippet_file_says_so_and_changes_nothing() {
        for bad in [
            &b"{not json"[..],
            b"[]",
            b"{\"snippets\": [{\"name\": \"x\"}]}",
            b"{\"snippets\": [], \"apiKey\": \"x\"}",
        ] {
            let error = SnippetBook::default().merged(bad).unwrap_err();
            assert!(
                matches!(error, SnippetError::NotASnippetFile(_)),
                "{bad:?}: {error:?}"
            );
            assert!(error.to_string().contains("not a snippet collection"));
        }
        let huge = vec![b' '; MAX_SNIPPET_FILE_BYTES as usize + 1];
        assert!(matches!(
            SnippetBook::default().merged(&huge),
            Err(SnippetError::FileTooLarge)
        ));
    }
}
