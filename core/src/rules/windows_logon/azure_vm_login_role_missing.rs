//! FC037 `azure-vm-login-role-missing`: on this Azure VM the Entra account holds no Virtual Machine login role.

use crate::evidence::Evidence;
use crate::payload::{ErrorCode, SubCode};
use crate::recognize::Client;
use crate::recognize::Seen;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC037",
    name: "azure-vm-login-role-missing",
    summary: "On this Azure VM the Entra account holds no Virtual Machine login role",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::LogonTypeNotGranted),
    stage: Stage::WindowsLogon,
    mapping: Source::modelled(
        "the Azure VM page documents the missing login role but only the Remote Desktop client's message; -1073741477 is the model's reading of a logon the machine does not grant",
    ),
    doc: "\
## What it detects
An Entra account on an Azure VM that uses Entra login (the AADLoginForWindows
extension), where the account has neither Virtual Machine User Login nor
Virtual Machine Administrator Login at the VM's scope.

## Why it fails
Entra login to an Azure VM is authorized by Azure role assignments; without
one Windows refuses the logon after the password checks out. A new VM does not
inherit assignments made on an older one.

## Example
`machine.azure_vm: {login_role: false}`.

",
    references: &[
        Reference {
            title: "Sign in to a Windows VM in Azure with Entra ID",
            url: links::AZURE_VM_SIGN_IN,
        },
        Reference {
            title: "Field report, login role missing at VM scope",
            url: links::FIELD_SC300_180,
        },
    ],
    remedies: &[
        Remedy {
            title: "Assign the login role",
            steps: &[
                Step {
                    text: "In the Azure portal, open the VM's Access control (IAM) and assign *Virtual Machine User Login* (or *Administrator Login*) to the account, then allow a few minutes for it to apply.",
                    link: Some(links::AZURE_VM_SIGN_IN),
                    action: Some(Action::AssignVmLoginRole),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[
        Also {
            seen: Seen::Status(0xC000_006D),
            way: Way::OtherPath,
            source: Source::documented(
                links::FIELD_SC300_180,
                "learners saw Incorrect username or password until the login role was assigned at the VM",
            ),
        },
        Also {
            seen: Seen::Client(Client::CredentialsDidNotWork),
            way: Way::Client,
            source: Source::documented(
                links::FIELD_SC300_180,
                "learners saw the refused-credential messages until the login role was assigned at the VM",
            ),
        },
        Also {
            seen: Seen::Client(Client::AccountPreventsThisDevice),
            way: Way::Client,
            source: Source::documented(
                links::AVD_ENTRA_TROUBLESHOOT,
                "the page gives this message for a user without the Virtual Machine User Login role",
            ),
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.azure_vm, true);
    m.is(&ev.azure_vm_login_role, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AzureVm;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.machine.azure_vm = Some(AzureVm { login_role: false });
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.azure_vm = Some(AzureVm { login_role: true });
        assert_silent(&RULE, &w);
    }
}
