//! How the model serializes: what a [`Secret`](crate::Secret) is written
//! as, and whether fields at their default are written at all.
//!
//! The mode is per thread and per call ([`with_mode`]), so serializing a
//! world stays `serde`'s plain `Serialize` and no call can leak a secret by
//! forgetting an argument: the default writes placeholders.

use std::cell::RefCell;

/// What a secret serializes as.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SecretMode {
    /// [`PLACEHOLDER`], whatever the secret.
    #[default]
    Placeholder,
    /// The one of these passwords the secret matches (the caller gave them,
    /// so they are no news to it); [`PLACEHOLDER`] for any other.
    Known(Vec<String>),
    /// `(secret XXXXXXXXXXXXXXXX)`: a keyed hash, equal for equal secrets
    /// within one process and meaningless outside it. For diffs, which show
    /// a changed secret as "changed" and nothing more.
    Fingerprint,
}

/// What a secret serializes as when no password is known for it.
pub const PLACEHOLDER: &str = "(secret)";

/// How a world is written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteMode {
    /// What a secret is written as.
    pub secrets: SecretMode,
    /// Write fields at their default too (for diffs, where every leaf must
    /// be there to compare); by default they are left out, so a scenario
    /// says only what differs.
    pub defaults: bool,
}

thread_local! {
    static MODE: RefCell<WriteMode> = RefCell::new(WriteMode::default());
}

/// Runs `f` with the model serialized as `mode` says, on this thread; the
/// mode before is restored afterwards, even if `f` panics.
pub fn with_mode<T>(mode: WriteMode, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<WriteMode>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(mode) = self.0.take() {
                MODE.with(|m| *m.borrow_mut() = mode);
            }
        }
    }
    let before = MODE.with(|m| m.replace(mode));
    let _restore = Restore(Some(before));
    f()
}

pub(crate) fn secret_mode<R>(f: impl FnOnce(&SecretMode) -> R) -> R {
    MODE.with(|m| f(&m.borrow().secrets))
}

/// Whether fields at their default are written (for diffs and the schema).
pub(crate) fn writes_defaults() -> bool {
    MODE.with(|m| m.borrow().defaults)
}

/// Whether a field holding its default is left out (`skip_serializing_if`).
pub(crate) fn omit<T: Default + PartialEq>(value: &T) -> bool {
    !MODE.with(|m| m.borrow().defaults) && *value == T::default()
}

/// [`omit`] for the fields whose default is `true`.
pub(crate) fn omit_yes(value: &bool) -> bool {
    !MODE.with(|m| m.borrow().defaults) && *value
}
