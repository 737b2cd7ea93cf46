//! FC020 `work-account-never-signed-in`: the Entra account has never completed
//! an interactive sign-in on the machine.

use crate::evidence::Evidence;
use crate::payload::{ErrorCode, SubCode};
use crate::recognize::Seen;
use crate::remedy::{steps, Remedy};
use crate::rules::Match;
use crate::rules::SEED_PAIR;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC020",
    name: "work-account-never-signed-in",
    summary: "The Entra account has never signed in interactively on the machine",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::AccountOnMachine,
    mapping: Source::modelled(
        "the seed article's cause is an account not synchronized to the machine; an account that never signed in is the model's reading of the same gap",
    ),
    doc: "\
## What it detects
A connection for an Entra account that is connected and synchronized on the
machine but has never completed an interactive sign-in there.

## Why it fails
The troubleshooting article makes a successful interactive sign-in a
precondition: only then has Windows created the profile and verified the
account on this device. flowcred models an account that never did as one
Windows refuses for the connection.

## Example
`machine.work_accounts[0].signed_in: false`.

",
    references: &[
        Reference {
            title: "Desktop flow invalid credentials with a Microsoft Entra account (verify the account can sign in)",
            url: links::ARTICLE,
        },
    ],
    remedies: &[Remedy {
        title: "Sign in once with the account",
        steps: &[steps::IDENTIFY_WORK_ACCOUNT, steps::SIGN_IN_INTERACTIVELY, steps::REENTER_CREDENTIALS],
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
    m.test(&ev.username_kind, |k| {
        matches!(k, UsernameKind::Upn | UsernameKind::Domain | UsernameKind::AzureAdPrefix)
    });
    if ev.username_kind.value != Some(UsernameKind::Upn) {
        // Behind a form an Entra-joined-only device refuses: the Entra
        // account the name means is the one the fix will use.
        m.is(&ev.azure_ad_joined, true);
        m.is(&ev.domain_joined, false);
    }
    m.is(&ev.meant_account_connected, true);
    m.is(&ev.work_account_signed_in, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_before_the_first_sign_in() {
        let mut w = healthy();
        w.machine.work_accounts[0].signed_in = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_after_it() {
        assert_silent(&RULE, &healthy());
    }
}
