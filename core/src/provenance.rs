//! Provenance: where each claim flowcred makes comes from.
//!
//! A claim is *documented* when a public page states it, and *modelled* when
//! it is flowcred's own reading: an extrapolation from a documented case, a
//! default chosen for scenarios, or an order no page gives. Product strings,
//! the code each rule maps its cause to, version thresholds, the defaults a
//! scenario gets and the shape of the sign-in path each carry a [`Source`],
//! and [`claims`] lists them all so a reviewer can audit the catalog at once.

use serde::Serialize;

use crate::payload::{ErrorCode, SubCode};
use crate::rules::RULES;
use crate::source::links;
use crate::source::Source;
use crate::version::PadVersion;

/// What kind of fact a claim states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// An error code string the product shows.
    Code,
    /// The HTTP status shown with a code.
    HttpStatus,
    /// The message shown with a code.
    Message,
    /// The code a code is shown under, as a sub-error.
    SubErrorOf,
    /// A Windows status shown as a sub-code.
    SubCode,
    /// The text that explains a sub-code.
    SubCodeMessage,
    /// The code, sub-code and stage a rule's cause produces.
    Mapping,
    /// A Power Automate for desktop version a behaviour starts at.
    Threshold,
    /// A value a scenario gets for a field it leaves out.
    Default,
    /// How the simulated sign-in path goes.
    Path,
    /// How a diagnosis orders the causes it cannot tell apart.
    Ranking,
    /// What a cause shows other than its own payload.
    Observation,
    /// A string flowcred reads in what people paste, and what it says.
    Reading,
    /// A command `flowcred collect` runs, and what its output gives.
    Collection,
}

impl Topic {
    /// Every topic, in the order `rules --provenance` lists them.
    pub const ALL: &'static [Topic] = &[
        Topic::Code,
        Topic::HttpStatus,
        Topic::Message,
        Topic::SubErrorOf,
        Topic::SubCode,
        Topic::SubCodeMessage,
        Topic::Mapping,
        Topic::Threshold,
        Topic::Default,
        Topic::Path,
        Topic::Ranking,
        Topic::Observation,
        Topic::Reading,
        Topic::Collection,
    ];

    /// The topic in words, plural.
    pub const fn as_str(self) -> &'static str {
        match self {
            Topic::Code => "error codes",
            Topic::HttpStatus => "HTTP statuses",
            Topic::Message => "messages",
            Topic::SubErrorOf => "sub-errors",
            Topic::SubCode => "sub-codes",
            Topic::SubCodeMessage => "sub-code messages",
            Topic::Mapping => "rule mappings",
            Topic::Threshold => "version thresholds",
            Topic::Default => "defaults",
            Topic::Path => "sign-in path",
            Topic::Ranking => "diagnosis ranking",
            Topic::Observation => "observations",
            Topic::Reading => "strings read",
            Topic::Collection => "collected outputs",
        }
    }
}

/// One claim and its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Claim {
    /// The rule the claim belongs to, or `shared` for a claim no one rule
    /// owns (a code, a message, a default, a threshold, a weight).
    #[serde(serialize_with = "rule_or_shared")]
    pub rule: Option<&'static str>,
    /// What kind of fact it is.
    pub topic: Topic,
    /// What it is about: a code, a rule, a version, a field.
    pub subject: String,
    /// What it says.
    pub statement: String,
    /// Where it comes from.
    pub source: Source,
}

fn rule_or_shared<S: serde::Serializer>(
    rule: &Option<&'static str>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.unwrap_or(SHARED))
}

/// What a claim no one rule owns says in place of a rule id.
pub const SHARED: &str = "shared";

/// A value the model assumes for a field a scenario leaves out.
#[derive(Clone, Copy, Debug)]
pub struct FieldDefault {
    /// The field's path in a scenario, `machine.rdp.nla`.
    pub field: &'static str,
    /// Its value as a scenario would write it.
    pub value: &'static str,
    /// Why that value.
    pub source: Source,
}

/// The defaults a scenario gets for what it leaves out, each with its source.
/// A test holds them to what the model really fills in.
pub static DEFAULTS: &[FieldDefault] = &[
    FieldDefault {
        field: "machine.rdp.nla",
        value: "true",
        source: Source::documented(
            links::NLA_POLICY,
            "Windows 8 and Windows Server 2012 onwards enforce Network Level Authentication unless a policy turns it off",
        ),
    },
    FieldDefault {
        field: "machine.rdp.security_layer",
        value: "negotiate",
        source: Source::documented(
            links::SECURITY_LAYER,
            "SecurityLayer 1 (negotiate) is the setting's default",
        ),
    },
    FieldDefault {
        field: "machine.rdp.entra_rdp_auth",
        value: "false",
        source: Source::documented(
            links::ALWAYS_PROMPT,
            "UseRdsAadAuthentication is a DWORD an administrator creates: absent unless set",
        ),
    },
    FieldDefault {
        field: "machine.rdp.prompt_for_password",
        value: "false",
        source: Source::modelled(
            "Always prompt for password upon connection is a policy an administrator sets; a machine without it is the common case",
        ),
    },
    FieldDefault {
        field: "machine.logon_rights.uiflowservice_in_remote_desktop_users",
        value: "true",
        source: Source::modelled(
            "the run-errors page asks to restore the service account to Remote Desktop Users when a group policy removed it, which reads as the installer adding it",
        ),
    },
    FieldDefault {
        field: "machine.logon_rights.remote_desktop_users",
        value: "member",
        source: Source::modelled(
            "a scenario's account may log on remotely unless the scenario says otherwise, so that each scenario shows one fault",
        ),
    },
    FieldDefault {
        field: "machine.logon_rights.denied",
        value: "false",
        source: Source::modelled("no Deny log on policy names the account unless a scenario says so"),
    },
    FieldDefault {
        field: "machine.logon_rights.uiflowservice_denied",
        value: "false",
        source: Source::modelled("no Deny log on policy names the service account unless a scenario says so"),
    },
    FieldDefault {
        field: "machine.logon_rights.granted",
        value: "true",
        source: Source::modelled(
            "Windows gives Allow log on locally to Users and Allow log on through Remote Desktop Services to Remote Desktop Users unless a policy narrows them",
        ),
    },
    FieldDefault {
        field: "machine.pku2u_online_identities",
        value: "true",
        source: Source::modelled(
            "Entra joined machines accept online identities over PKU2U unless a hardening baseline turns it off",
        ),
    },
    FieldDefault {
        field: "machine.rdp.enabled",
        value: "true",
        source: Source::modelled("unattended runs need Remote Desktop on, and a machine set up for them has it; the scenario says when it is off"),
    },
    FieldDefault {
        field: "machine.other_user_session",
        value: "false",
        source: Source::modelled("nobody else is signed in unless the scenario says so"),
    },
    FieldDefault {
        field: "connection.environment_tenant",
        value: "null",
        source: Source::modelled("the connection lives in an environment of the scenario's tenant unless the scenario names another"),
    },
    FieldDefault {
        field: "machine.session_limit_reached",
        value: "false",
        source: Source::modelled("a server has room for one more session unless the scenario says its sessions are all taken"),
    },
    FieldDefault {
        field: "machine.winlogon_failing",
        value: "false",
        source: Source::modelled("Windows creates sessions; the state a restart clears is the exception a scenario names"),
    },
    FieldDefault {
        field: "connection.legacy",
        value: "false",
        source: Source::modelled("a connection is of the kind the portal creates today unless the scenario says it is older"),
    },
    FieldDefault {
        field: "machine.reaches_entra",
        value: "true",
        source: Source::modelled("a machine that runs desktop flows reaches Entra's sign-in endpoint unless the scenario says a network or proxy blocks it"),
    },
    FieldDefault {
        field: "machine.launcher_service_running",
        value: "true",
        source: Source::modelled("the services Power Automate for desktop installs run unless the scenario says one is stopped"),
    },
    FieldDefault {
        field: "machine.cloned_after_registration",
        value: "false",
        source: Source::modelled("a machine is registered on its own unless the scenario says it was cloned from a registered one"),
    },
    FieldDefault {
        field: "machine.group_password_clock_ahead",
        value: "false",
        source: Source::modelled("the machines' clocks agree unless the scenario says the group password came from one that runs ahead"),
    },
    FieldDefault {
        field: "machine.reaches_rds_config_endpoint",
        value: "true",
        source: Source::modelled("a machine that reaches Power Automate's endpoints is taken to reach this one too, unless the scenario says a proxy blocks it"),
    },
    FieldDefault {
        field: "machine.logon_rights.uiflowservice_removed_by_policy",
        value: "false",
        source: Source::modelled("no group policy sets Remote Desktop Users' members unless the scenario says so"),
    },
    FieldDefault {
        field: "machine.service_can_log_on",
        value: "true",
        source: Source::modelled("Windows grants Log on as a service to NT SERVICE\\ALL SERVICES by default, so the installer's NT SERVICE\\UIFlowService holds it until a machine or group policy takes it away (the desktop-flows troubleshooting page's cause, FC066)"),
    },
    FieldDefault {
        field: "machine.smart_card_required",
        value: "false",
        source: Source::modelled("the smart card policy is one an administrator turns on; Windows ships without it"),
    },
    FieldDefault {
        field: "machine.device_enabled",
        value: "true",
        source: Source::modelled("a joined device's object stays enabled in Entra unless an administrator disables or deletes it"),
    },
    FieldDefault {
        field: "machine.domain_controller_reachable",
        value: "true",
        source: Source::modelled("a domain-joined machine sees its domain controllers unless a scenario says otherwise"),
    },
    FieldDefault {
        field: "machine.legal_notice",
        value: "false",
        source: Source::modelled("no logon notice unless a scenario sets one"),
    },
    FieldDefault {
        field: "machine.os",
        value: "windows_11",
        source: Source::modelled("a current client release, which every feature in the model supports"),
    },
    FieldDefault {
        field: "machine.pad_version",
        value: "2.45",
        source: Source::modelled(
            "a release past the sub-code threshold (2.24) and before every later one, so a scenario opts into the newer behaviours by naming a version",
        ),
    },
    FieldDefault {
        field: "tenant.password_hash_sync",
        value: "false",
        source: Source::documented(
            links::PHS,
            "password hash synchronization is a feature an administrator turns on in Entra Connect",
        ),
    },
    FieldDefault {
        field: "tenant.rdp_sso_consent",
        value: "false",
        source: Source::documented(
            links::UNATTENDED,
            "Entra authentication for Remote Desktop and its hidden consent prompt are set by an administrator on the service principal",
        ),
    },
    FieldDefault {
        field: "connection.mode",
        value: "attended",
        source: Source::modelled("the mode a connection is tested in when it is created"),
    },
];

/// How the simulated sign-in path goes, where no page says it outright.
pub static PATH: &[(&str, &str, Source)] = &[
    (
        "stage order",
        "connection, cloud-validation, device-join, username-form, account-on-machine, windows-logon, session",
        Source::modelled(
            "the order in which the pages' causes can be told apart: what the connection holds, what Entra answers, what the machine is joined to, then Windows logon and the Remote Desktop session",
        ),
    ),
    (
        "cloud validation",
        "Entra checks the password itself (and answers with an AADSTS code) only where Power Automate asks it for a token: unattended runs on an Entra-joined-only machine with Entra authentication for Remote Desktop",
        Source::modelled(
            "the unattended-runs page documents that route (2.50 with NLA), and the always-prompt page its password form and the MFA exception it needs, the mark of a password grant; on every other route the invalid-credentials page shows a wrong password as -1073741715 from Windows, and the seed article ties AADSTS50126 to federated users",
        ),
    ),
    (
        "first failure",
        "a run stops at the first stage that fails, and the findings explain that stage's code",
        Source::modelled("the product shows one error per run; the model reports the earliest cause on the path"),
    ),
];

/// Every claim flowcred makes, in topic order: product strings, sub-codes,
/// rule mappings, thresholds, defaults and the path.
pub fn claims() -> Vec<Claim> {
    let mut claims = Vec::new();
    let mut add = |topic, subject: String, statement: String, source| {
        // A claim about one rule names it by its id, first in the subject.
        let first = subject.split(' ').next().unwrap_or("");
        let rule = RULES.iter().find(|r| r.id == first).map(|r| r.id);
        claims.push(Claim { rule, topic, subject, statement, source });
    };
    for &code in ErrorCode::ALL {
        let sources = code.sources();
        add(Topic::Code, code.as_str().into(), "the product shows this code".into(), sources.code);
        if let (Some(status), Some(source)) = (code.http_status(), sources.http_status) {
            add(Topic::HttpStatus, code.as_str().into(), format!("HTTP {status}"), source);
        }
        if let (Some(message), Some(source)) = (code.message_template(), sources.message) {
            add(Topic::Message, code.as_str().into(), message.into(), source);
        }
        if let Some(parent) = code.queued_under() {
            add(
                Topic::SubErrorOf,
                code.as_str().into(),
                parent.as_str().into(),
                ErrorCode::QUEUE_SOURCE,
            );
        }
    }
    for &sub in SubCode::ALL {
        add(Topic::SubCode, sub.to_string(), sub.name().into(), sub.source());
        add(Topic::SubCodeMessage, sub.to_string(), sub.message().into(), sub.message_source());
    }
    for rule in RULES {
        add(
            Topic::Mapping,
            format!("{} {}", rule.id, rule.name),
            rule.mapping_text(),
            rule.mapping,
        );
    }
    for threshold in PadVersion::THRESHOLDS {
        add(
            Topic::Threshold,
            format!("{} {}", threshold.version, threshold.name),
            threshold.feature.into(),
            threshold.source,
        );
    }
    for default in DEFAULTS {
        add(Topic::Default, default.field.into(), default.value.into(), default.source);
    }
    for &(subject, statement, source) in PATH {
        add(Topic::Path, subject.into(), statement.into(), source);
    }
    ranking(&mut add);
    for rule in RULES {
        for also in rule.also {
            add(
                Topic::Observation,
                format!("{} {} shows {}", rule.id, rule.name, also.seen),
                also.way.as_str().into(),
                also.source,
            );
        }
    }
    readings(&mut add);
    collection(&mut add);
    claims
}

/// What `flowcred collect` runs and how its outputs are read.
fn collection(add: &mut impl FnMut(Topic, String, String, Source)) {
    use crate::collected;
    for c in collected::COMMANDS {
        add(Topic::Collection, c.file.into(), format!("`{}`: {}", c.run, c.gives), c.source);
    }
    add(
        Topic::Collection,
        "Windows releases by build".into(),
        "Windows 11 from build 22000; Server 2016 14393, 2019 17763, 2022 20348, 2025 26100".into(),
        collected::RELEASES,
    );
    add(
        Topic::Collection,
        "well-known SIDs".into(),
        "Everyone S-1-1-0, Authenticated Users S-1-5-11, Administrators S-1-5-32-544, Users S-1-5-32-545, Remote Desktop Users S-1-5-32-555, all services S-1-5-80-0".into(),
        collected::WELL_KNOWN_SIDS,
    );
    add(
        Topic::Collection,
        "unsupported credential providers".into(),
        collected::UNSUPPORTED_PROVIDERS.join(", "),
        Source::documented(
            links::SESSION_CREATION,
            "the session-creation article names these providers, by registry subkey, as unsupported",
        ),
    );
    add(
        Topic::Collection,
        "UIFlowService's SID".into(),
        collected::UIFLOWSERVICE_SID.into(),
        Source::modelled(
            "Windows derives a service's SID from its name (S-1-5-80- and the SHA-1 of the upper-case name); flowcred computed it for UIFlowService and reads `sc showsid` where it was collected",
        ),
    );
    add(
        Topic::Collection,
        "the run mode of a code".into(),
        "the codes only attended or only unattended runs show set the run mode".into(),
        crate::artifact::RUN_MODE_SOURCE,
    );
}

/// The ranking's weights: how often each cause is met, how often each fact
/// holds its healthy value, and what an observation shown another way costs.
fn ranking(add: &mut impl FnMut(Topic, String, String, Source)) {
    use crate::prior;
    for rule in RULES {
        let tier = prior::prevalence(rule.id);
        add(
            Topic::Ranking,
            format!("{} {}", rule.id, rule.name),
            format!("{} in the field (weight {})", tier.as_str(), tier.share()),
            prior::PREVALENCE_SOURCE,
        );
    }
    for share in prior::SHARES {
        add(
            Topic::Ranking,
            format!("fact: {}", share.fact.label()),
            format!("holds a healthy machine's value on {:.0}% of machines", share.healthy * 100.0),
            share.source,
        );
    }
    add(
        Topic::Ranking,
        "fact: any other".into(),
        format!(
            "holds a healthy machine's value on {:.0}% of machines",
            prior::DEFAULT_SHARE * 100.0
        ),
        prior::DEFAULT_SOURCE,
    );
    for way in crate::rules::Way::ALL {
        add(
            Topic::Ranking,
            format!("seen {}", way.as_str()),
            format!("{} as likely as the cause's own payload", prior::way_likelihood(*way)),
            prior::OBSERVATION_SOURCE,
        );
    }
    add(
        Topic::Ranking,
        "seen and tied to no cause by any source".into(),
        format!(
            "{} as likely as the cause's own payload (a client's message, an event)",
            prior::UNEXPLAINED
        ),
        prior::OBSERVATION_SOURCE,
    );
}

/// What the recognizer reads that flowcred never renders, each entry with
/// its source.
fn readings(add: &mut impl FnMut(Topic, String, String, Source)) {
    use crate::recognize::{AADSTS, AADSTS_SOURCE, KNOWN, STATUSES, WIN32};
    for k in KNOWN {
        add(Topic::Reading, format!("\"{}\"", k.text), k.what.into(), k.source);
    }
    for e in WIN32 {
        add(
            Topic::Reading,
            format!("Win32 {} {}", e.number, e.name),
            format!("\"{}\", status 0x{:08X}", e.message, e.status),
            e.source,
        );
    }
    for s in STATUSES {
        add(Topic::Reading, format!("0x{:08X}", s.value), s.name.into(), s.source);
    }
    for (n, what) in AADSTS {
        add(Topic::Reading, format!("AADSTS{n}"), (*what).into(), AADSTS_SOURCE);
    }
}

/// The claims behind one rule's payload: how its cause maps to a code, and
/// the code's and sub-code's own strings.
pub fn about_rule(rule: &crate::rules::Rule) -> Vec<Claim> {
    let mapping = format!("{} {}", rule.id, rule.name);
    let sub = rule.sub_code.map(|s| s.to_string());
    let mut claims: Vec<Claim> = claims()
        .into_iter()
        .filter(|c| match c.topic {
            Topic::Mapping => c.subject == mapping,
            Topic::Code | Topic::HttpStatus | Topic::Message | Topic::SubErrorOf => {
                c.subject == rule.code.as_str()
            }
            Topic::SubCode | Topic::SubCodeMessage => Some(&c.subject) == sub.as_ref(),
            Topic::Ranking => c.subject == mapping,
            Topic::Observation => c.subject.starts_with(&format!("{mapping} shows ")),
            Topic::Threshold
            | Topic::Default
            | Topic::Path
            | Topic::Reading
            | Topic::Collection => false,
        })
        .collect();
    // The mapping first: it is the claim the rule itself makes.
    claims.sort_by_key(|c| c.topic != Topic::Mapping);
    claims
}

impl Claim {
    /// What the claim is about, as a line of `explain` or the guide begins:
    /// `HTTP 401`, `message`, `code for this cause`.
    pub fn label(&self) -> String {
        match self.topic {
            Topic::Code => format!("code `{}`", self.subject),
            Topic::HttpStatus => self.statement.clone(),
            Topic::Message => "message".into(),
            Topic::SubErrorOf => format!("shown as a sub-error of `{}`", self.statement),
            Topic::SubCode => format!("sub-code {} {}", self.subject, self.statement),
            Topic::SubCodeMessage => "sub-code message".into(),
            Topic::Mapping => format!("this cause gives {}", self.statement),
            Topic::Threshold => format!("{}: {}", self.subject, self.statement),
            Topic::Default => format!("`{}: {}`", self.subject, self.statement),
            // A rule's own weight and observations read without its name,
            // which the claim's owner gives.
            Topic::Ranking if self.rule.is_some() => format!("prevalence: {}", self.statement),
            Topic::Observation if self.rule.is_some() => {
                let seen = self.subject.split_once(" shows ").map_or("", |(_, s)| s);
                format!("also shows {seen}: {}", self.statement)
            }
            Topic::Path
            | Topic::Ranking
            | Topic::Observation
            | Topic::Reading
            | Topic::Collection => format!("{}: {}", self.subject, self.statement),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn a_rule_has_its_mapping_code_and_sub_code_claims() {
        let fc024 = crate::rules::find("FC024").unwrap();
        let topics: Vec<Topic> = about_rule(fc024).iter().map(|c| c.topic).collect();
        assert_eq!(
            topics[..7],
            [
                Topic::Mapping,
                Topic::Code,
                Topic::HttpStatus,
                Topic::Message,
                Topic::SubCode,
                Topic::SubCodeMessage,
                Topic::Ranking,
            ]
        );
        // What the cause shows another way, one claim each.
        assert_eq!(topics[7..].len(), fc024.also.len());
        assert!(topics[7..].iter().all(|t| *t == Topic::Observation));
        let fc032 = crate::rules::find("FC032").unwrap();
        let mapping = about_rule(fc032).into_iter().find(|c| c.topic == Topic::Mapping).unwrap();
        assert!(!mapping.source.is_documented(), "no page shows AADSTS50076 for a connection");
    }

    #[test]
    fn one_claim_per_fact() {
        let mut seen = HashSet::new();
        for claim in claims() {
            assert!(
                seen.insert((claim.topic, claim.subject.clone())),
                "two claims about {:?} {}",
                claim.topic,
                claim.subject
            );
        }
    }

    #[test]
    fn every_code_and_sub_code_has_its_claims() {
        let claims = claims();
        let has =
            |topic, subject: &str| claims.iter().any(|c| c.topic == topic && c.subject == subject);
        for code in ErrorCode::ALL {
            assert!(has(Topic::Code, code.as_str()), "{code}");
            let sources = code.sources();
            assert_eq!(code.http_status().is_some(), sources.http_status.is_some(), "{code}");
            assert_eq!(code.message_template().is_some(), sources.message.is_some(), "{code}");
        }
        for rule in RULES {
            assert!(has(Topic::Mapping, &format!("{} {}", rule.id, rule.name)), "{}", rule.id);
        }
    }

    #[test]
    fn sources_are_public_pages_or_reasons_in_words() {
        for claim in claims() {
            match claim.source {
                Source::Documented { url, note } => {
                    let host = url.strip_prefix("https://").and_then(|u| u.split('/').next());
                    assert!(
                        matches!(host, Some("learn.microsoft.com" | "github.com" | "admx.help")),
                        "{}: {url} is not a public page we cite",
                        claim.subject
                    );
                    assert!(note.len() > 10, "{}: say what the page says", claim.subject);
                }
                Source::Modelled { why } => {
                    assert!(why.len() > 10, "{}: say why", claim.subject)
                }
            }
            // Notes and reasons are clauses the outputs fit into a sentence.
            let text = match claim.source {
                Source::Documented { note, .. } => note,
                Source::Modelled { why } => why,
            };
            assert!(!text.ends_with('.'), "{}: `{text}` ends a sentence", claim.subject);
        }
    }

    #[test]
    fn defaults_are_what_the_model_fills_in() {
        let minimal = serde_json::json!({
            "tenant": {},
            "machine": {},
            "connection": {"username": "alice@contoso.com", "credential": {"password": "x"}},
        });
        let world: crate::World = serde_json::from_value(minimal).unwrap();
        let mode = crate::serial::WriteMode { defaults: true, ..Default::default() };
        let written = crate::serial::with_mode(mode, || serde_json::to_value(&world).unwrap());
        for default in DEFAULTS {
            let value = default.field.split('.').fold(&written, |v, key| &v[key]);
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(text, default.value, "{}", default.field);
        }
    }
}
