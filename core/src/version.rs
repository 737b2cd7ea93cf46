//! `PadVersion`: the Power Automate for desktop version, compared by major and minor.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::provenance::Source;
use crate::remedy::links;

/// A Power Automate for desktop version such as `2.49` (build numbers after the
/// minor are accepted and ignored: `2.49.170.24310`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PadVersion {
    /// The major version (2).
    pub major: u16,
    /// The minor version, which the features are keyed on.
    pub minor: u16,
}

impl PadVersion {
    /// The version `major.minor`.
    pub const fn new(major: u16, minor: u16) -> PadVersion {
        PadVersion { major, minor }
    }

    /// From this version the product shows the Windows status code of a failed logon.
    pub const DETAILED_SUB_CODES: PadVersion = PadVersion::new(2, 24);
    /// From this version connect with sign-in on a machine joined only to
    /// on-premises AD needs the tenant in `AllowedRegistrationTenants`.
    pub const SIGN_IN_ALLOWLIST: PadVersion = PadVersion::new(2, 48);
    /// From this version a connection may use a certificate credential.
    pub const CERTIFICATE_CREDENTIALS: PadVersion = PadVersion::new(2, 49);
    /// From this version `UseRdsAadAuthentication = 1` has Power Automate open
    /// unattended sessions with Entra authentication for Remote Desktop
    /// (documented in the always-prompt article, resolution 2).
    pub const RDS_AAD_AUTH: PadVersion = PadVersion::new(2, 49);
    /// From this version a password with Network Level Authentication goes
    /// through Entra authentication for Remote Desktop (documented in the
    /// unattended-runs page, which also needs `config.edge.skype.com`
    /// reachable).
    pub const PASSWORD_WITH_NLA: PadVersion = PadVersion::new(2, 50);
    /// From this version a certificate connection gets past *Always prompt
    /// for password upon connection* through Entra authentication for
    /// Remote Desktop (the always-prompt article, resolution 1).
    pub const CERTIFICATE_PAST_PROMPT: PadVersion = PadVersion::new(2, 50);

    /// Every version the model keys a behaviour on, with its source.
    pub const THRESHOLDS: &'static [Threshold] = &[
        Threshold {
            version: PadVersion::DETAILED_SUB_CODES,
            name: "sub-codes",
            feature: "a failed logon shows the Windows status as a sub-code",
            source: Source::documented(
                links::INVALID_CREDENTIALS,
                "the page asks for 2.24 or later to see the specific status",
            ),
        },
        Threshold {
            version: PadVersion::SIGN_IN_ALLOWLIST,
            name: "sign-in allow-list",
            feature: "connect with sign-in on a machine joined only to on-premises AD needs the tenant allow-listed",
            source: Source::documented(
                links::SIGN_IN_ALLOWLIST,
                "the allow-list page ties the check to 2.48 and later",
            ),
        },
        Threshold {
            version: PadVersion::CERTIFICATE_CREDENTIALS,
            name: "certificate credentials",
            feature: "a connection may use a certificate credential",
            source: Source::documented(
                links::CBA,
                "the certificate page requires 2.49 or later",
            ),
        },
        Threshold {
            version: PadVersion::RDS_AAD_AUTH,
            name: "UseRdsAadAuthentication",
            feature: "UseRdsAadAuthentication opens unattended sessions with Entra authentication for Remote Desktop",
            source: Source::documented(
                links::ALWAYS_PROMPT,
                "the always-prompt page's second resolution requires 2.49",
            ),
        },
        Threshold {
            version: PadVersion::PASSWORD_WITH_NLA,
            name: "password with NLA",
            feature: "a password with Network Level Authentication goes through Entra authentication for Remote Desktop",
            source: Source::documented(
                links::UNATTENDED,
                "the unattended-runs page requires 2.50 and config.edge.skype.com reachable",
            ),
        },
        Threshold {
            version: PadVersion::CERTIFICATE_PAST_PROMPT,
            name: "certificate past the prompt",
            feature: "a certificate connection gets past Always prompt for password through Entra authentication for Remote Desktop",
            source: Source::documented(
                links::ALWAYS_PROMPT,
                "the always-prompt page's first resolution, a user certificate, requires 2.50",
            ),
        },
    ];
}

/// A version from which the product behaves differently.
#[derive(Clone, Copy, Debug)]
pub struct Threshold {
    /// The first version with the behaviour.
    pub version: PadVersion,
    /// A short name for the behaviour.
    pub name: &'static str,
    /// The behaviour, in our words.
    pub feature: &'static str,
    /// Where it comes from.
    pub source: Source,
}

impl fmt::Display for PadVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Serialize for PadVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl FromStr for PadVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<PadVersion, String> {
        let bad = || format!("`{s}` is not a version like `2.49`");
        // Digits only, as the schema's pattern says: `u32::from_str` alone
        // would take `+2`.
        let number = |p: &str| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())?
        };
        let mut parts = s.split('.');
        let mut part = || parts.next().and_then(number).and_then(|n| u16::try_from(n).ok());
        let (major, minor) = (part().ok_or_else(bad)?, part().ok_or_else(bad)?);
        if parts.any(|p| number(p).is_none()) {
            return Err(bad());
        }
        Ok(PadVersion { major, minor })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for PadVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PadVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+\\.[0-9]+(\\.[0-9]+)*$",
            "description": "A Power Automate for desktop version, quoted: \"2.49\"."
        })
    }
}

impl<'de> Deserialize<'de> for PadVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PadVersion, D::Error> {
        // A YAML number such as 2.5 could mean 2.5 or 2.50: only a string will do.
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = PadVersion;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a quoted version string like \"2.49\"")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<PadVersion, E> {
                s.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        let v: PadVersion = "2.49.170.24310".parse().unwrap();
        assert_eq!(v, PadVersion::new(2, 49));
        assert!(PadVersion::new(2, 9) < PadVersion::new(2, 24));
        assert_eq!(v.to_string(), "2.49");
    }

    #[test]
    fn rejects_non_versions() {
        for bad in ["", "2", "two.4", "2.x", "2.4.a", "+2.+45", " 2.45", "2..4", "2.45."] {
            assert!(bad.parse::<PadVersion>().is_err(), "{bad}");
        }
    }
}
