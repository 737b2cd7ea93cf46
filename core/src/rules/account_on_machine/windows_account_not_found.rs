//! FC021 `windows-account-not-found`: a domain or local username that names no
//! account.

use crate::evidence::Evidence;
use crate::payload::{ErrorCode, SubCode};
use crate::recognize::Seen;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::SEED_PAIR;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC021",
    name: "windows-account-not-found",
    summary: "The domain or local username names no account",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::AccountOnMachine,
    mapping: Source::documented(
        links::INVALID_CREDENTIALS,
        "the page gives -1073741715 for a username Windows does not know or a wrong password",
    ),
    doc: "\
## What it detects
A `DOMAIN\\user` username the machine's domain does not know, or a local
username (`user`, `.\\user`, `MACHINE\\user`) with no such local account: a
display name, a profile folder name or an e-mail typed instead of the logon
name.

## Why it fails
Windows reports an unknown user the same way as a wrong password (sub-code
-1073741715 from 2.24), which makes this easy to mistake for a password
problem.

## Example
The connection says `.\\Alice Smith`; the local account is `asmith`.

",
    references: &[
        Reference { title: "Desktop flow connections (username forms)", url: links::CONNECTIONS },
        Reference {
            title: "Invalid credentials errors running desktop flows",
            url: links::INVALID_CREDENTIALS,
        },
    ],
    remedies: &[Remedy {
        title: "Use the account's logon name",
        steps: &[
            steps::CHECK_DEVICE_STATE,
            Step {
                text: "Edit the connection and type the account's logon name: `DOMAIN\\user` for a domain account, `MACHINE\\user` for a local one, or the Entra account's UPN.",
                link: Some(links::CONNECTIONS),
                action: Some(Action::UseMachineAccount),
                who: Who::User,
            },
        ],
    }],
    also: &[
        Also {
            seen: Seen::Code(ErrorCode::InvalidConnectionCredentials),
            way: Way::SeedPair,
            source: SEED_PAIR,
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.test(&ev.username_kind, |k| matches!(k, UsernameKind::Domain | UsernameKind::Local));
    if ev.username_kind.value == Some(UsernameKind::Domain) {
        // A wrong domain is FC015/FC016's cause; this one is the account.
        m.is(&ev.username_domain_matches_device, true);
    }
    m.is(&ev.account_on_machine, false);
    m.note(&ev.username);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_an_unknown_local_or_domain_name() {
        let mut w = healthy();
        w.connection.username = ".\\Alice Smith".into();
        assert_only_cause(&RULE, &w);
        let mut w = hybrid_domain_user();
        w.connection.username = "CONTOSO\\asmith".into();
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_wrong_domain() {
        let mut w = hybrid_domain_user();
        w.connection.username = "FABRIKAM\\asmith".into();
        assert_silent(&RULE, &w);
    }
}
