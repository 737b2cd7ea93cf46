//! FC019 `work-account-not-synced`: the Entra account is connected on the
//! machine but not synchronized.

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
    id: "FC019",
    name: "work-account-not-synced",
    summary: "The Entra account is connected on the machine but not synchronized",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::AccountOnMachine,
    mapping: Source::documented(
        links::ARTICLE,
        "the seed article names an Entra account not synchronized to the machine as a cause of WindowsIdentityIncorrect",
    ),
    doc: "\
## What it detects
A connection for an Entra account that Access work or school lists, but whose
last sync did not complete.

## Why it fails
Until the account is synchronized the machine does not have the account's
current state from Entra, and Windows refuses the connection's credentials.

## Example
Access work or school > the account > Info shows a failed or missing sync.

",
    references: &[Reference {
        title: "Desktop flow invalid credentials with a Microsoft Entra account",
        url: links::ARTICLE,
    }],
    remedies: &[Remedy {
        title: "Synchronize the account",
        steps: &[
            steps::IDENTIFY_WORK_ACCOUNT,
            steps::SYNC_WORK_ACCOUNT,
            steps::SIGN_IN_INTERACTIVELY,
            steps::REENTER_CREDENTIALS,
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
    m.is(&ev.work_account_synced, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_an_unsynced_account() {
        let mut w = healthy();
        w.machine.work_accounts[0].synced = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_when_synced() {
        assert_silent(&RULE, &healthy());
    }
}
