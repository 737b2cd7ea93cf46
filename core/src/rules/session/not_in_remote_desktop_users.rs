//! FC033 `not-in-remote-desktop-users`: the account is not effectively in Remote Desktop Users for the unattended session.

use crate::evidence::Evidence;
use crate::model::{RduMembership, RunMode};
use crate::payload::ErrorCode;
use crate::recognize::Client;
use crate::recognize::Seen;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC033",
    name: "not-in-remote-desktop-users",
    summary: "The account is not effectively in Remote Desktop Users for the unattended session",
    code: ErrorCode::RdpPermissionNotGranted,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table gives RdpPermissionNotGranted for an account outside Administrators and Remote Desktop Users",
    ),
    doc: "\
## What it detects
An unattended run whose account is not in the machine's Remote Desktop Users
group, or is there only through an Entra group while NLA is on.

## Why it fails
Unattended runs sign in over Remote Desktop, which admits only members of
Remote Desktop Users (and administrators). Under NLA, membership through an
Entra group is not honoured: the user's own SID must be in the group, or NLA
must be off, as the page on connecting to Entra joined machines says.

## Example
`machine.logon_rights.remote_desktop_users: via_entra_group` with NLA on.

",
    references: &[
        Reference {
            title: "Troubleshoot attended and unattended run errors (RdpPermissionNotGranted)",
            url: links::RUN_ERRORS,
        },
        Reference {
            title: "Connect to a remote Microsoft Entra joined device (Entra groups and NLA)",
            url: links::REMOTE_ENTRA_PC,
        },
        Reference {
            title: "Field report, Entra group in Remote Desktop Users not honoured under NLA",
            url: links::FIELD_WINDOWS_ITPRO_3944,
        },
    ],
    remedies: &[
        Remedy {
            title: "Add the account to Remote Desktop Users",
            steps: &[
                Step {
                    text: "Add the account itself to Remote Desktop Users (`net localgroup \"Remote Desktop Users\" /add \"AzureAD\\user@domain\"` after its first sign-in, or by SID through Intune).",
                    link: Some(links::RUN_ERRORS),
                    action: Some(Action::AddToRemoteDesktopUsers),
                    who: Who::Admin,
                },
            ],
        },
        Remedy {
            title: "Turn NLA off, where the account is there through an Entra group",
            steps: &[
                Step {
                    text: "Where the account is in Remote Desktop Users only through an Entra group, turn Network Level Authentication off (`UserAuthentication = 0`): without it Remote Desktop honours the group.",
                    link: Some(links::REMOTE_ENTRA_PC),
                    action: Some(Action::DisableNla),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[
        Also {
            seen: Seen::Client(Client::NotAuthorizedForRemoteLogin),
            way: Way::Client,
            source: Source::documented(
                links::FIELD_WINDOWS_ITPRO_10497,
                "the report quotes this message for users not effectively in Remote Desktop Users",
            ),
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.test2(&ev.remote_desktop_users, &ev.rdp_nla, |rdu, nla| {
        *rdu == RduMembership::NotMember || (*rdu == RduMembership::ViaEntraGroup && *nla)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.logon_rights.remote_desktop_users = RduMembership::NotMember;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = unattended();
        w.machine.logon_rights.remote_desktop_users = RduMembership::ViaEntraGroup;
        assert_silent(&RULE, &w);
    }
}
