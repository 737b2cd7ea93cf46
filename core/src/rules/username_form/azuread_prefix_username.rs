//! FC017 `azuread-prefix-username`: a username written `AzureAD\…`, the way
//! Windows displays Entra users, instead of the UPN.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC017",
    name: "azuread-prefix-username",
    summary: "The username is written `AzureAD\\…`, which the connection does not accept",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::UsernameForm,
    mapping: Source::modelled(
        "no page shows the code for an AzureAD\\ prefix in a connection; the model treats it as a name Windows does not find, -1073741715",
    ),
    doc: "\
## What it detects
A connection username that starts with `AzureAD\\`, such as
`AzureAD\\alice@contoso.com` or `AzureAD\\AliceSmith`.

## Why it fails
Windows shows Entra users as `AzureAD\\name` (in `whoami`, in
`Executing Account Name`), and Remote Desktop accepts that form in some
setups, but the desktop-flow connection documents only `user@domain` for Entra
accounts. flowcred treats the prefix as a username the connection does not
accept.

## Example
The connection says `AzureAD\\alice@contoso.com`, copied from `whoami`.

",
    references: &[
        Reference { title: "Desktop flow connections (username forms)", url: links::CONNECTIONS },
        Reference {
            title: "Field report, `AzureAD\\` forms at Remote Desktop sign-in",
            url: links::FIELD_WINDOWS_ITPRO_8523,
        },
    ],
    remedies: &[Remedy {
        title: "Write the account as its UPN",
        steps: &[Step {
            text: "Edit the connection and write the username as the account's UPN, `user@domain`, without the `AzureAD\\` prefix.",
            link: Some(links::CONNECTIONS),
            action: Some(Action::UseUpnUsername),
            who: Who::User,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    // An unattended run shows a refused form as FC064.
    m.test(&ev.run_mode, |mode| *mode != RunMode::Unattended);
    m.is(&ev.username_kind, UsernameKind::AzureAdPrefix);
    m.note(&ev.username);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_the_prefixed_upn() {
        let mut w = healthy();
        w.connection.username = "AzureAD\\alice@contoso.com".into();
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_the_upn() {
        assert_silent(&RULE, &healthy());
    }
}
