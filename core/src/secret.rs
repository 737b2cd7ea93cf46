//! `Secret`: a password held by the model that can be compared but never shown.
//!
//! It has no `Display` and no `Serialize`, and its `Debug` prints a mask, so no
//! rendering path (text, JSON, Markdown, panic message) can leak the value.

use std::fmt;

use serde::Deserialize;

/// A password as a scenario gives it. Compare with [`Secret::matches`].
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn matches(&self, other: &Secret) -> bool {
        self.0 == other.0
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

    #[test]
    fn debug_masks_the_value() {
        let secret = Secret::new("Summer2024!");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert!(!format!("{secret:#?}").contains("Summer"));
    }

    #[test]
    fn matches_compares_values() {
        assert!(Secret::new("a").matches(&Secret::new("a")));
        assert!(!Secret::new("a").matches(&Secret::new("b")));
    }
}
