//! FC077 `entra-endpoint-unreachable`: Power Automate asks Entra for a token,
//! and the machine cannot reach Entra's sign-in endpoint.

use crate::evidence::Evidence;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC077",
    name: "entra-endpoint-unreachable",
    summary: "The machine cannot reach Entra's sign-in endpoint where Power Automate asks Entra for a token",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::modelled(
        "the invalid-credentials page lists a machine that cannot call the authentication endpoint among the causes of its error, WindowsIdentityIncorrect, with no status of its own; that it shows only where Power Automate asks Entra for a token is the model's reading",
    ),
    doc: "\
## What it detects
A run that asks Entra for a token with the connection's credential (a
certificate, connect with sign-in, or a password on the Entra route for
Remote Desktop), on a machine whose network, proxy or firewall keeps it
from reaching `login.microsoftonline.com`.

## Why it fails
The token request never gets an answer, so the credential is never
checked and Power Automate reports the connection's credentials as invalid.
The invalid-credentials page lists this network fault among the reasons for
its error, beside the credential faults proper, and gives no status of its
own for it.

Where Windows checks the password itself (the default path), an Entra
joined machine that cannot reach Entra signs in an account that signed in
before with its cached credentials, as the device FAQ says of a device
Entra no longer answers for; the model lets that run through.

## Example
A new proxy allows the Power Automate endpoints but not Entra's sign-in
endpoint, and certificate connections to the machine start failing.

",
    references: &[
        Reference {
            title: "Invalid credentials errors when running desktop flows (a machine that cannot call the authentication endpoint)",
            url: links::INVALID_CREDENTIALS,
        },
        Reference {
            title: "Microsoft Entra device management FAQ (a computer that cannot communicate with Entra; cached sign-in)",
            url: links::DEVICES_FAQ,
        },
    ],
    remedies: &[Remedy {
        title: "Let the machine reach Entra",
        steps: &[Step {
            text: "Have the network team let the machine reach `login.microsoftonline.com` on port 443 (through the proxy, if it uses one), check it with `Test-NetConnection login.microsoftonline.com -Port 443`, then run the flow again.",
            link: Some(links::INVALID_CREDENTIALS),
            action: Some(Action::Heal(Dim::ENTRA_REACHABLE)),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.entra_reachable, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause_on_the_token_path() {
        let mut w = token_path();
        w.machine.reaches_entra = false;
        assert_only_cause(&RULE, &w);
        let mut w = healthy_certificate();
        w.machine.reaches_entra = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_where_windows_checks_the_password() {
        let mut w = healthy();
        w.machine.reaches_entra = false;
        assert_silent(&RULE, &w);
    }
}
