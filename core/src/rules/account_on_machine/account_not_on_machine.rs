//! FC018 `account-not-on-machine`: the connection's Entra account is not
//! connected on the machine.

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
    id: "FC018",
    name: "account-not-on-machine",
    summary: "The connection's Entra account is not the account connected on the machine",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::AccountOnMachine,
    mapping: Source::documented(
        links::ARTICLE,
        "the seed article names credentials that do not match the machine's account as a cause; the invalid-credentials page gives -1073741715 for a wrong user and password",
    ),
    doc: "\
## What it detects
A connection for an Entra account that Settings > Accounts > Access work or
school on the machine does not list: the connection names one account and the
machine knows another.

## Why it fails
The connection's credentials must be those of an account that can sign in on
the machine. An Entra account the machine has never connected has no profile
and no credential there, so Windows refuses it.

On the default path, where Power Automate asks Entra for no token, a UPN
that no user of the tenant has (a typo) ends here too; where it does ask
Entra, Entra answers first (FC008).

## Example
The machine is set up with `alice@contoso.com`; the connection says
`bob@contoso.com`.

",
    references: &[
        Reference {
            title: "Desktop flow invalid credentials with a Microsoft Entra account",
            url: links::ARTICLE,
        },
    ],
    remedies: &[
        Remedy {
            title: "Use the account the machine has",
            steps: &[
                steps::IDENTIFY_WORK_ACCOUNT,
                Step {
                    text: "Edit the connection and type that account's UPN and current password.",
                    link: Some(links::CONNECTIONS),
                    action: Some(Action::UseMachineAccount),
                    who: Who::User,
                },
            ],
        },
        Remedy {
            title: "Connect the connection's account on the machine",
            steps: &[
                Step {
                    text: "Check that the connection's username is the UPN of a user of the tenant (the Entra admin center lists them); correct a typo.",
                    link: Some(links::CONNECTIONS),
                    action: Some(Action::UseTenantUser),
                    who: Who::User,
                },
                Step {
                    text: "In Settings > Accounts > Access work or school, connect the connection's account, then sign in with it once.",
                    link: Some(links::ARTICLE),
                    action: Some(Action::AddWorkAccount),
                    who: Who::User,
                },
                steps::SYNC_WORK_ACCOUNT,
                steps::SIGN_IN_INTERACTIVELY,
            ],
        },
    ],
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
    m.is(&ev.username_kind, UsernameKind::Upn);
    // Where Power Automate asks Entra, an unknown user is FC008's; on the
    // default path Windows meets any unknown UPN here. An error shown from
    // past cloud validation says that check passed, whichever it was.
    let past_cloud = ev
        .observed_error
        .value
        .and_then(crate::rules::first_stage)
        .is_some_and(|stage| stage > Stage::CloudValidation);
    if !past_cloud {
        m.test2(&ev.cloud_check, &ev.user_in_tenant, |cloud, known| !cloud || *known);
    }
    m.is(&ev.account_on_machine, false);
    // Whoever ran `dsregcmd` on the machine is someone else.
    m.implied(&ev.executing_account_is_connection, |same| !same);
    m.note(&ev.username);
    m.note(&ev.work_accounts);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_when_the_machine_has_another_account() {
        let mut w = healthy();
        let mut bob = w.tenant.users[0].clone();
        bob.upn = "bob@contoso.com".into();
        bob.on_premises_name = None;
        w.tenant.users.push(bob);
        w.connection.username = "bob@contoso.com".into();
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_when_entra_answers_for_an_unknown_user() {
        // Where Power Automate asks Entra for a token, FC008 says it.
        let mut w = token_path();
        w.connection.username = "bob@contoso.com".into();
        assert_silent(&RULE, &w);
    }

    #[test]
    fn fires_for_an_unknown_user_on_the_default_path() {
        let mut w = healthy();
        w.connection.username = "bob@contoso.com".into();
        assert_only_cause(&RULE, &w);
    }
}
