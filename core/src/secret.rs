//! `Secret`: a password held by the model that can be compared but never shown.
//!
//! It has no `Display`, and its `Debug` prints a mask. It serializes only as
//! the [`SecretMode`] in force says ([`crate::serial`]): a placeholder by
//! default, the name a caller already knows it by, or an opaque fingerprint
//! for comparing two worlds; never its value by accident.

use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize, Serializer};

use crate::serial::{SecretMode, PLACEHOLDER};
use crate::text::Text;

/// A password as a scenario gives it. Compare with [`Secret::matches`].
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(transparent)]
pub struct Secret(Text);

impl Secret {
    /// A secret holding `value`.
    pub fn new(value: impl Into<Text>) -> Secret {
        Secret(value.into())
    }

    /// Whether two secrets hold the same value.
    pub fn matches(&self, other: &Secret) -> bool {
        self.0 == other.0
    }

    /// Whether the value starts or ends with white space: a password grant
    /// refuses such a password. Says nothing else about the value.
    pub fn has_outer_whitespace(&self) -> bool {
        self.0.trim() != self.0
    }

    /// The same secret with a space added at either end.
    pub fn padded(&self) -> Secret {
        Secret(format!(" {} ", self.0).into())
    }

    /// The same secret without white space at either end (a password changed
    /// to one a password grant accepts).
    pub fn trimmed(&self) -> Secret {
        Secret(self.0.trim().into())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        static KEY: OnceLock<RandomState> = OnceLock::new();
        crate::serial::secret_mode(|mode| match mode {
            SecretMode::Placeholder => serializer.serialize_str(PLACEHOLDER),
            SecretMode::Known(known) => serializer
                .serialize_str(known.iter().find(|k| **k == self.0).map_or(PLACEHOLDER, |k| k)),
            SecretMode::Fingerprint => {
                let hash = KEY.get_or_init(RandomState::new).hash_one(&self.0);
                serializer.serialize_str(&format!("(secret {hash:016x})"))
            }
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "description": "A password; never shown in any output."})
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serial::{with_mode, WriteMode};

    fn with_secret_mode<T>(secrets: SecretMode, f: impl FnOnce() -> T) -> T {
        with_mode(WriteMode { secrets, ..WriteMode::default() }, f)
    }

    #[test]
    fn debug_masks_the_value() {
        let secret = Secret::new("Summer2024!");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert!(!format!("{secret:#?}").contains("Summer"));
    }

    #[test]
    fn serializes_only_as_its_mode_says() {
        let secret = Secret::new("Summer2024!");
        let json = |mode| with_secret_mode(mode, || serde_json_like(&secret));
        assert_eq!(json(SecretMode::Placeholder), PLACEHOLDER);
        assert_eq!(json(SecretMode::Known(vec!["other".into()])), PLACEHOLDER);
        assert_eq!(json(SecretMode::Known(vec!["Summer2024!".into()])), "Summer2024!");
        let print = json(SecretMode::Fingerprint);
        assert!(!print.contains("Summer"), "{print}");
        assert_eq!(print, json(SecretMode::Fingerprint));
        assert_ne!(
            print,
            with_secret_mode(SecretMode::Fingerprint, || serde_json_like(&Secret::new("x")))
        );
        // The mode does not outlive its call.
        assert_eq!(serde_json_like(&secret), PLACEHOLDER);
    }

    /// The string a secret serializes to.
    fn serde_json_like(secret: &Secret) -> String {
        match serde_json::to_value(secret).unwrap() {
            serde_json::Value::String(s) => s,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn matches_compares_values() {
        assert!(Secret::new("a").matches(&Secret::new("a")));
        assert!(!Secret::new("a").matches(&Secret::new("b")));
    }
}
