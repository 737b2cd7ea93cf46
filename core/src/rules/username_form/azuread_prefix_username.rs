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
        "no page shows a connection written AzureAD\\…; the model refuses the form with -1073741715, the status for a name Windows cannot sign in, and argues the UPN case in the rule's doc",
    ),
    doc: "\
## What it detects
A connection username that starts with `AzureAD\\`, such as
`AzureAD\\alice@contoso.com` or `AzureAD\\AliceSmith`.

## Why it fails
Windows shows Entra users as `AzureAD\\name` (in `whoami`, in
`Executing Account Name`, in the profile folder), and people copy that.
The sources split the two forms:

- `AzureAD\\` before a short name or display name is no logon name at all:
  field reports show Windows refusing it at the sign-in screen.
- `AzureAD\\` before the UPN is what the Remote Desktop client sends to an
  Entra joined machine, and the Entra page on signing in to Windows VMs asks
  for it there: Windows itself takes it.

What Power Automate does with the second is another matter. The
connections page and the run-errors table list the forms a connection
takes, and for an Entra account that is `user@domain` alone; Power
Automate reads the connection's username itself before Windows sees it, and
no page or report shows a connection written `AzureAD\\UPN` working. flowcred
therefore keeps both forms as this fault: the remedy, the bare UPN, is the
documented form and works whichever way the product reads the prefix. An
unattended run shows the same fault as FC064.

## Example
The connection says `AzureAD\\alice@contoso.com`, copied from `whoami`.

",
    references: &[
        Reference { title: "Desktop flow connections (username forms)", url: links::CONNECTIONS },
        Reference {
            title: "Troubleshoot attended and unattended run errors (WindowsIdentityIncorrect: the supported forms)",
            url: links::RUN_ERRORS,
        },
        Reference {
            title: "Sign in to a Windows VM with Microsoft Entra ID (`AzureAD\\UPN` at Remote Desktop)",
            url: links::AZURE_VM_SIGN_IN,
        },
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
