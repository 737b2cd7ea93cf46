//! FC073 `sign-in-user-outside-environment-tenant`: a connect with sign-in
//! connection for a user of another tenant than its environment's.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC073",
    name: "sign-in-user-outside-environment-tenant",
    summary: "Connect with sign-in for a user who is not in the tenant of the connection's environment",
    code: ErrorCode::InvalidConnectionCredentials,
    sub_code: None,
    stage: Stage::Connection,
    mapping: Source::modelled(
        "the connections page makes the environment's tenant a prerequisite of connect with sign-in but shows no error; the model reports the connection's credentials as invalid, where the connection is created and tested",
    ),
    doc: "\
## What it detects
A connect with sign-in connection, created in a Power Automate environment of
one tenant, for an Entra user of another tenant.

## Why it fails
Connect with sign-in uses the signed-in user's own Entra identity, and
Microsoft lists the user's membership of the environment's tenant among its
prerequisites. A user from elsewhere (a partner's account, a second tenant of
the same company) cannot authorize the connection, however right the account
is on the machine.

## Example
The flow lives in the Fabrikam environment; the connection signs in
`alice@contoso.com`, a user of the Contoso tenant.

",
    references: &[Reference {
        title: "Desktop flow connections: connect with sign-in prerequisites",
        url: links::CONNECTIONS,
    }],
    remedies: &[
        Remedy {
            title: "Match the user and the environment",
            steps: &[Step {
                text: "Create the connection in an environment of the user's own tenant, or sign in with a user of the environment's tenant.",
                link: Some(links::CONNECTIONS),
                action: Some(Action::Heal(Dim::ENVIRONMENT_TENANT)),
                who: Who::User,
            }],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.credential, CredentialKind::SignIn);
    m.is(&ev.environment_tenant_matches, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Credential;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.connection.credential = Credential::SignIn;
        w.connection.environment_tenant = Some("11111111-2222-4333-8444-555555555555".into());
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        // A password connection does not act as the signed-in user.
        let mut w = healthy();
        w.connection.environment_tenant = Some("11111111-2222-4333-8444-555555555555".into());
        assert_silent(&RULE, &w);
    }
}
