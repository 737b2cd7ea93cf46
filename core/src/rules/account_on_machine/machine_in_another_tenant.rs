//! FC039 `machine-in-another-tenant`: the machine is Entra joined to another tenant than the connection's account.

use crate::evidence::Evidence;
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC039",
    name: "machine-in-another-tenant",
    summary: "The machine is Entra joined to another tenant than the connection's account",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::AccountOnMachine,
    mapping: Source::modelled(
        "microsoft's pages say the machine and the account must share a tenant but show no code; the model reports a name Windows does not accept, -1073741715",
    ),
    doc: "\
## What it detects
A connection for an Entra account on a machine whose `TenantId` in `dsregcmd
/status` is not the account's tenant.

## Why it fails
An Entra joined device trusts the one tenant it is joined to; an account from
any other tenant does not exist for it.

## Example
`TenantId : 99999999-…` on the machine; the user is in `6b3a9c2e-…`.

",
    references: &[
        Reference { title: "Microsoft Entra joined devices", url: links::ENTRA_JOIN },
        Reference {
            title: "Field report, machine and user in different tenants",
            url: links::FIELD_AZURE_DOCS_49290,
        },
    ],
    remedies: &[
        Remedy {
            title: "Join the machine to the account's tenant",
            steps: &[
                Step {
                    text: "Leave the other tenant and join the device to the account's tenant (or use an account of the tenant the machine is joined to).",
                    link: Some(links::ENTRA_JOIN),
                    action: Some(Action::RejoinToTenant),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.azure_ad_joined, true);
    m.is(&ev.machine_tenant_matches, false);
    m.note(&ev.machine_tenant_id);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.machine.device_state.tenant_id = Some("99999999-8888-4777-8666-555555555555".into());
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.device_state.tenant_id = Some(w.tenant.id.clone());
        assert_silent(&RULE, &w);
    }
}
