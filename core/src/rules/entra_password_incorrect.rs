//! FC010 `entra-password-incorrect`: the connection's password is not the
//! Entra account's current one.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::ErrorCode;
use crate::remedy::{links, steps, Remedy};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::username::UsernameKind;

pub(super) static RULE: Rule = Rule {
    id: "FC010",
    name: "entra-password-incorrect",
    summary: "The connection's password is not the Entra account's current password",
    code: ErrorCode::Aadsts50126,
    sub_code: None,
    stage: Stage::CloudValidation,
    doc: "\
## What it detects
A connection for an existing Entra account whose password differs from the
account's current password, most often because the password changed and the
connection still holds the old one.

## Why it fails
Entra checks the password before the machine is contacted and answers
`AADSTS50126` for a wrong one.

## Example
The user reset the password last week; the connection was created before.

",
    references: &[
        Reference {
            title: "Entra authentication error codes (AADSTS50126)",
            url: links::ERROR_CODES,
        },
        Reference { title: "Desktop flow connections", url: links::CONNECTIONS },
    ],
    remedies: &[Remedy {
        title: "Enter the current password",
        steps: &[steps::IDENTIFY_WORK_ACCOUNT, steps::REENTER_CREDENTIALS],
    }],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.password_matches_account, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Credential;
    use crate::secret::Secret;
    use crate::testing::*;

    #[test]
    fn fires_on_an_old_password() {
        let mut w = healthy();
        w.connection.credential = Credential::Password(Secret::new("Old-Horse-0"));
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_the_current_password() {
        assert_silent(&RULE, &healthy());
    }
}
