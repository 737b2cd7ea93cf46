//! `PadVersion`: the Power Automate for desktop version, with its build
//! numbers when given: `2.49` or `2.45.404.24249`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::source::links;
use crate::source::Source;
use crate::text::Quoted;

/// A Power Automate for desktop version such as `2.49`, or with its build
/// numbers `2.45.404.24249`: most features are keyed on the minor version,
/// but the connect-with-sign-in security update reached older releases as
/// builds (see [`PadVersion::enforces_sign_in_allowlist`]). Ordered by the
/// numbers, a missing one counting as 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PadVersion {
    /// The major version (2).
    pub major: u16,
    /// The minor version, which most features are keyed on.
    pub minor: u16,
    /// The third number, 0 when not given.
    pub patch: u32,
    /// The fourth number, 0 when not given.
    pub build: u32,
    /// How many numbers were written (2 to 4), so the version reads back as given.
    written: u8,
}

impl PadVersion {
    /// The version `major.minor`.
    pub const fn new(major: u16, minor: u16) -> PadVersion {
        PadVersion { major, minor, patch: 0, build: 0, written: 2 }
    }

    /// The version `major.minor.patch.build`.
    pub const fn with_build(major: u16, minor: u16, patch: u32, build: u32) -> PadVersion {
        PadVersion { major, minor, patch, build, written: 4 }
    }

    /// The first build number of the connect-with-sign-in security update
    /// on releases older than 2.48 (`2.41.178.24249` to `2.47.119.24249`).
    pub const SIGN_IN_PATCH_BUILD: u32 = 24249;

    /// Whether connect with sign-in on a machine joined only to on-premises
    /// AD needs the tenant in `AllowedRegistrationTenants`: 2.48 and later,
    /// and the patched builds of 2.41 to 2.47.
    pub fn enforces_sign_in_allowlist(self) -> bool {
        self >= PadVersion::SIGN_IN_ALLOWLIST
            || (self.major == 2
                && (41..=47).contains(&self.minor)
                && self.build >= PadVersion::SIGN_IN_PATCH_BUILD)
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
            version: PadVersion::with_build(2, 41, 178, PadVersion::SIGN_IN_PATCH_BUILD),
            name: "sign-in allow-list in patched builds",
            feature: "the patched builds of 2.41 to 2.47 (build number 24249) enforce the connect-with-sign-in allow-list too",
            source: Source::modelled(
                "the security-update page lists patched builds from 2.41.178.24249 to 2.47.119.24249 and says they enforce the allow-list; flowcred reads any 2.41 to 2.47 build numbered 24249 or later as patched",
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
        write!(f, "{}.{}", self.major, self.minor)?;
        if self.written >= 3 {
            write!(f, ".{}", self.patch)?;
        }
        if self.written >= 4 {
            write!(f, ".{}", self.build)?;
        }
        Ok(())
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
        let bad = || format!("{} is not a version like `2.49`", Quoted(s));
        // Digits only, as the schema's pattern says: `u32::from_str` alone
        // would take `+2`.
        let number = |p: &str| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())?
        };
        let parts: Vec<&str> = s.split('.').collect();
        if !(2..=4).contains(&parts.len()) {
            return Err(bad());
        }
        let numbers: Vec<u32> =
            parts.iter().map(|p| number(p)).collect::<Option<_>>().ok_or_else(bad)?;
        let short = |n: u32| u16::try_from(n).map_err(|_| bad());
        Ok(PadVersion {
            major: short(numbers[0])?,
            minor: short(numbers[1])?,
            patch: numbers.get(2).copied().unwrap_or(0),
            build: numbers.get(3).copied().unwrap_or(0),
            written: parts.len() as u8,
        })
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
            "pattern": "^[0-9]+\\.[0-9]+(\\.[0-9]+){0,2}$",
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
        assert_eq!(v, PadVersion::with_build(2, 49, 170, 24310));
        assert!(v >= PadVersion::new(2, 49) && v < PadVersion::new(2, 50));
        assert!(PadVersion::new(2, 9) < PadVersion::new(2, 24));
        assert_eq!(v.to_string(), "2.49.170.24310");
        assert_eq!("2.45.404".parse::<PadVersion>().unwrap().to_string(), "2.45.404");
        assert_eq!("2.50".parse::<PadVersion>().unwrap(), PadVersion::new(2, 50));
    }

    #[test]
    fn patched_builds_enforce_the_sign_in_allow_list() {
        for (version, enforces) in [
            ("2.45", false),
            ("2.45.404.24249", true),
            ("2.41.178.24249", true),
            ("2.47.119.24249", true),
            ("2.47.100.24100", false),
            ("2.40.1.24249", false),
            ("2.48", true),
            ("2.52.1.1", true),
        ] {
            let v: PadVersion = version.parse().unwrap();
            assert_eq!(v.enforces_sign_in_allowlist(), enforces, "{version}");
        }
    }

    #[test]
    fn rejects_non_versions() {
        for bad in
            ["", "2", "two.4", "2.x", "2.4.a", "+2.+45", " 2.45", "2..4", "2.45.", "2.1.2.3.4"]
        {
            assert!(bad.parse::<PadVersion>().is_err(), "{bad}");
        }
    }
}
