//! Deserialization helpers for a tolerant reader: oHallo's two documents disagree, so fields
//! are accepted in every shape they are known to take.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Ids are opaque strings, but a number in their place is read as its decimal text rather
/// than failing the whole page.
pub(crate) fn id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct IdVisitor;

    impl Visitor<'_> for IdVisitor {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an id (string or integer)")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
            Ok(value.to_owned())
        }

        fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
            Ok(value)
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
            Ok(value.to_string())
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
            Ok(value.to_string())
        }
    }

    deserializer.deserialize_any(IdVisitor)
}

/// An id that may be null or absent (`#[serde(default)]` covers absent).
pub(crate) fn optional_id<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Id(#[serde(deserialize_with = "id")] String);
    let id: Option<Id> = serde::Deserialize::deserialize(deserializer)?;
    Ok(id.map(|Id(id)| id))
}

/// Null reads as the type's default: a field the schema allows to be null but the app always
/// needs a value for (an empty preview).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + serde::Deserialize<'de>,
{
    let value: Option<T> = serde::Deserialize::deserialize(deserializer)?;
    Ok(value.unwrap_or_default())
}

/// A nested record that may be absent, null, or in a shape this client cannot read: the last
/// two read as absent, so an odd embedded record never costs the object around it.
pub(crate) fn optional_or_malformed<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value: Option<serde_json::Value> = serde::Deserialize::deserialize(deserializer)?;
    Ok(value.and_then(|value| serde_json::from_value(value).ok()))
}

/// An empty cursor would restart the listing from the top, so it counts as "last page".
pub(crate) fn cursor<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let cursor: Option<String> = serde::Deserialize::deserialize(deserializer)?;
    Ok(cursor.filter(|value| !value.is_empty()))
}

/// Declares an enum of known string values plus `Other(String)`, which keeps an unknown value
/// exactly as it came so the UI can still show it. Matching ignores case and treats spaces
/// and dashes like underscores ("In progress" is `in_progress`).
macro_rules! open_string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($variant:ident => $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this client does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The wire value (the original text for `Other`).
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                let normalised = value.trim().to_ascii_lowercase().replace([' ', '-'], "_");
                match normalised.as_str() {
                    $($text => $name::$variant,)+
                    _ => $name::Other(value.to_owned()),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// In TypeScript: the known values, for the editor to offer, and any other string.
        impl ts_rs::TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name() -> String {
                stringify!($name).to_owned()
            }
            fn inline() -> String {
                [$(concat!("\"", $text, "\"")),+, "(string & {})"].join(" | ")
            }
            fn inline_flattened() -> String {
                panic!("{} cannot be flattened", stringify!($name))
            }
            fn decl() -> String {
                format!("type {} = {};", stringify!($name), <Self as ts_rs::TS>::inline())
            }
            fn decl_concrete() -> String {
                <Self as ts_rs::TS>::decl()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok($name::from(value.as_str()))
            }
        }
    };
}

pub(crate) use open_string_enum;
