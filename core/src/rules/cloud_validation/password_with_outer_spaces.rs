//! FC054 `password-with-outer-spaces`: a password that starts or ends with a
//! space, sent to Entra in a password grant.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::ErrorCode;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC054",
    name: "password-with-outer-spaces",
    summary: "The password starts or ends with a space, which a password grant refuses",
    code: ErrorCode::Aadsts50126,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::modelled(
        "the password grant refuses passwords with spaces at either end, but no page gives the code; AADSTS50126 is the model's",
    ),
    doc: "\
## What it detects
A password credential that starts or ends with a space, where Power Automate
asks Entra for a token with it (the Entra authentication path for Remote
Desktop).

## Why it fails
The resource owner password grant does not accept passwords with leading or
trailing white space, so Entra refuses even the right password. The page
documents the limit but not the code; `AADSTS50126` is our model. On the
default path Windows checks the password itself and the spaces do no harm.

## Example
A password copied from a document with a trailing space, typed into the
connection and set as the account's password.
",
    references: &[Reference {
        title: "Resource owner password credentials (passwords with outer white space)",
        url: links::ROPC,
    }],
    remedies: &[Remedy {
        title: "Use a password without spaces at either end",
        steps: &[
            Step {
                text: "Change the account's password to one that neither starts nor ends with a space.",
                link: Some(links::ROPC),
                action: Some(Action::Heal(Dim::OUTER_SPACES)),
                who: Who::User,
            },
            steps::REENTER_CREDENTIALS,
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.password_matches_account, true);
    m.is(&ev.password_outer_spaces, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::testing::*;

    fn spaced(mut w: crate::World) -> crate::World {
        let password = Secret::new(" spaced ");
        w.tenant.users[0].password = password.clone();
        w.connection.credential = crate::model::Credential::Password(password);
        w
    }

    #[test]
    fn fires_on_the_token_path() {
        assert_only_cause(&RULE, &spaced(token_path()));
    }

    #[test]
    fn silent_where_windows_checks_the_password() {
        assert_silent(&RULE, &spaced(healthy()));
    }
}
