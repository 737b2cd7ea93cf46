//! FC032 `mfa-required`: multifactor authentication is required for the account, and a password alone cannot satisfy it.

use crate::evidence::Evidence;
use crate::model::{CredentialKind, Mfa};
use crate::payload::ErrorCode;
use crate::recognize::Client;
use crate::recognize::Seen;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC032",
    name: "mfa-required",
    summary: "Multifactor authentication is required for the account, and a password alone cannot satisfy it",
    code: ErrorCode::Aadsts50076,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::modelled(
        "the password grant refuses a user who must pass MFA, and Entra's code for that is AADSTS50076; no Power Automate page shows the code for a desktop-flow connection",
    ),
    doc: "\
## What it detects
A password credential for an Entra account that Conditional Access, per-user
MFA or security defaults require to use multifactor authentication.

## Why it fails
The connection presents only a password, with nobody to answer a second
factor, so Entra refuses the sign-in even though the password is right. On the
Remote Desktop path the same requirement surfaces as a generic credential
error.

On the Entra authentication path for Remote Desktop the sign-in is to the
Microsoft Remote Desktop app (`a4a365df-50f1-4397-bc59-1a1564b8bb9c`), so the
Conditional Access policy to look for is one that covers that app (or all
resources); on an Azure VM, one that covers Azure Windows VM Sign-In. The
sign-in log of the account shows which policy interrupted it.

Entra's `AADSTS50076` shows only where Power Automate asks Entra for a token
with
the credential (a certificate, connect with sign-in, or a password on the
Entra authentication path for Remote Desktop). On the default path Windows
signs the user in with the password and no token request meets the MFA
requirement.

## Example
`tenant.users[0].mfa: conditional_access`, password credential.

",
    references: &[
        Reference {
            title: "Entra authentication error codes (AADSTS50076)",
            url: links::ERROR_CODES,
        },
        Reference {
            title: "Resource owner password credentials: MFA users are blocked",
            url: links::ROPC,
        },
        Reference {
            title: "Sign in to a Windows VM with Entra ID: Conditional Access and MFA",
            url: links::AZURE_VM_SIGN_IN,
        },
        Reference {
            title: "Field report, MFA breaks Entra Remote Desktop sign-in",
            url: links::FIELD_AZURE_DOCS_PR_95831,
        },
    ],
    remedies: &[
        Remedy {
            title: "Use a certificate credential (certificate-based authentication satisfies MFA)",
            steps: &[
                steps::CONFIGURE_CBA,
                steps::UPGRADE_PAD,
                steps::ENTRA_JOIN_FOR_CBA,
                steps::USE_CERTIFICATE,
            ],
        },
        Remedy {
            title: "Exempt the account",
            steps: &[
                Step {
                    text: "Exclude the account from the MFA requirement for this sign-in (a Conditional Access exclusion on the policy that covers the Microsoft Remote Desktop app or Azure Windows VM Sign-In, or per-user MFA off), accepting what that bypasses.",
                    link: Some(links::ERROR_CODES),
                    action: Some(Action::ExemptFromMfa),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[
        Also {
            seen: Seen::Aadsts(50079),
            way: Way::TokenPath,
            source: Source::documented(
                links::ERROR_CODES,
                "the reference gives 50079 for a user who must register for multifactor authentication",
            ),
        },
        Also {
            seen: Seen::Aadsts(53003),
            way: Way::TokenPath,
            source: Source::documented(
                links::ERROR_CODES,
                "the reference gives 53003 for a sign-in Conditional Access blocks",
            ),
        },
        Also {
            seen: Seen::Code(ErrorCode::WindowsIdentityIncorrect),
            way: Way::OtherPath,
            source: Source::documented(
                links::AZURE_VM_SIGN_IN,
                "a Remote Desktop sign-in that multifactor authentication stops fails as a refused credential",
            ),
        },
        Also {
            seen: Seen::Status(0xC000_006D),
            way: Way::OtherPath,
            source: Source::documented(
                links::AZURE_VM_SIGN_IN,
                "a Remote Desktop sign-in that multifactor authentication stops fails as a refused credential",
            ),
        },
        Also {
            seen: Seen::Client(Client::CredentialsDidNotWork),
            way: Way::Client,
            source: Source::documented(
                links::AZURE_VM_SIGN_IN,
                "the page gives the client's credentials message for per-user multifactor authentication",
            ),
        },
        Also {
            seen: Seen::Client(Client::SignInMethodNotAllowed),
            way: Way::Client,
            source: Source::documented(
                links::AZURE_VM_SIGN_IN,
                "the page gives this message for a sign-in that multifactor authentication stops",
            ),
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.user_in_tenant, true);
    m.test(&ev.mfa, |mfa| *mfa != Mfa::None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = token_path();
        w.tenant.users[0].mfa = Mfa::ConditionalAccess;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy_certificate();
        w.tenant.users[0].mfa = Mfa::ConditionalAccess;
        assert_silent(&RULE, &w);
    }
}
