//! FC030 `third-party-credential-provider`: a third-party credential provider takes over the logon of the unattended session.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::ErrorCode;
use crate::recognize::Seen;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC030",
    name: "third-party-credential-provider",
    summary: "A third-party credential provider takes over the logon of the unattended session",
    code: ErrorCode::SessionCreationErrorWithThirdPartyCredentialProvider,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::SESSION_CREATION,
        "the session-creation page names the credential providers that cause the error",
    ),
    doc: "\
## What it detects
An unattended run on a machine where a third-party credential provider (for
example a password-reset or single sign-on agent) is registered under
`Credential Providers`.

## Why it fails
Power Automate signs the Remote Desktop session in through the Windows
credential providers. A provider that replaces the standard logon screen waits
for input the unattended run cannot give.

## Example
`machine.third_party_credential_provider: \"{0094A34B-…}\"`, unattended.

",
    references: &[
        Reference {
            title: "Resolve session creation errors for unattended runs",
            url: links::RUN_ERRORS,
        },
    ],
    remedies: &[
        Remedy {
            title: "Remove the credential provider",
            steps: &[
                Step {
                    text: "Remove or disable the third-party credential provider on the machine (its subkey under `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Authentication\\Credential Providers`), or run the flow on a machine without it.",
                    link: Some(links::RUN_ERRORS),
                    action: Some(Action::RemoveCredentialProvider),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[
        Also {
            seen: Seen::Code(ErrorCode::SessionCreationError),
            way: Way::OtherPath,
            source: Source::documented(
                links::SESSION_CREATION,
                "the page counts third-party logon software among the causes of SessionCreationError",
            ),
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.test(&ev.credential_provider, Option::is_some);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.third_party_credential_provider = Some("{0094A34B-0000}".into());
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.third_party_credential_provider = Some("{0094A34B-0000}".into());
        assert_silent(&RULE, &w);
    }
}
