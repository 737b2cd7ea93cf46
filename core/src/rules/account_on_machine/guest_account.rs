//! FC038 `guest-account`: the connection uses a guest (B2B) account, which cannot sign in to Entra joined devices.

use crate::evidence::Evidence;
use crate::model::UserType;
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC038",
    name: "guest-account",
    summary: "The connection uses a guest (B2B) account, which cannot sign in to Entra joined devices",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::AccountOnMachine,
    mapping: Source::modelled(
        "the Azure VM page says guests cannot sign in to the machine but shows no code; the model reports a name Windows does not accept, -1073741715",
    ),
    doc: "\
## What it detects
A connection for an Entra account that is a guest of the tenant (user type
Guest; a UPN with `#EXT#`).

## Why it fails
Entra joined devices sign in the tenant's members only; a guest's password may
work in a browser and still be refused by Windows.

## Example
`tenant.users[0].user_type: guest`.

",
    references: &[
        Reference {
            title: "Sign in to a Windows VM in Azure with Entra ID (limitations)",
            url: links::AZURE_VM_SIGN_IN,
        },
        Reference {
            title: "Field report, guests cannot sign in to Entra joined devices",
            url: links::FIELD_AZURE_DOCS_74605,
        },
    ],
    remedies: &[
        Remedy {
            title: "Use a member account",
            steps: &[
                Step {
                    text: "Point the connection at a member account of the machine's tenant (create one, or convert the guest to a member), connected on the machine.",
                    link: Some(links::CONNECTIONS),
                    action: Some(Action::UseMemberAccount),
                    who: Who::User,
                },
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.user_type, UserType::Guest);
    // A logon through the domain never asks Entra about the guest.
    m.is(&ev.domain_logon, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.tenant.users[0].user_type = UserType::Guest;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let w = healthy();
        assert_silent(&RULE, &w);
    }
}
