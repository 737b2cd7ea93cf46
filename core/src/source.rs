//! Where a claim comes from: a public page that states it ([`Source::Documented`],
//! with its address from [`links`], every page written once) or the model's
//! own reasoning ([`Source::Modelled`]). The bottom of the crate: it imports
//! nothing of it, and everything that makes a claim imports this.

use std::fmt;

use serde::Serialize;

/// Where a claim comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// A public page states it.
    Documented {
        /// The page (a [`links`] constant).
        url: &'static str,
        /// What the page says that bears on the claim, in our words.
        note: &'static str,
    },
    /// flowcred's own reading; no public page states it.
    Modelled {
        /// Why the model says so, in our words.
        why: &'static str,
    },
}

impl Source {
    /// A claim a public page states.
    pub const fn documented(url: &'static str, note: &'static str) -> Source {
        Source::Documented { url, note }
    }

    /// A claim of the model's own.
    pub const fn modelled(why: &'static str) -> Source {
        Source::Modelled { why }
    }

    /// Whether a public page states the claim.
    pub const fn is_documented(self) -> bool {
        matches!(self, Source::Documented { .. })
    }

    /// `documented` or `modelled`.
    pub const fn kind(self) -> &'static str {
        match self {
            Source::Documented { .. } => "documented",
            Source::Modelled { .. } => "modelled",
        }
    }
}

/// `documented: URL (note)` or `modelled: why`.
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Documented { url, note } => write!(f, "documented: {url} ({note})"),
            Source::Modelled { why } => write!(f, "modelled: {why}"),
        }
    }
}

/// Every public page flowcred cites, each once: rule references and
/// remediation links name these constants.
pub mod links {
    /// AadLogonFailure (now MSEntraLogonFailure).
    pub const AAD_LOGON_FAILURE: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/desktop-flows/ui-flows-run-failed-with-aadlogonfailure-error";
    /// MSEntraMachineAlwaysPromptingForPassword.
    pub const ALWAYS_PROMPT: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/desktop-flows/msentramachinealwayspromptingforpassword-error";
    /// The invalid-credentials article for Microsoft Entra accounts (the seed article).
    pub const ARTICLE: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/authentication-or-sign-in/troubleshoot-ui-flow-invalid-credentials-error-using-aad-account";
    /// Troubleshoot connections to Entra joined Azure Virtual Desktop hosts (client messages).
    pub const AVD_ENTRA_TROUBLESHOOT: &str =
        "https://learn.microsoft.com/en-us/azure/virtual-desktop/troubleshoot-azure-ad-connections";
    /// Sign in to a Windows VM in Azure with Entra ID.
    pub const AZURE_VM_SIGN_IN: &str = "https://learn.microsoft.com/en-us/entra/identity/devices/howto-vm-sign-in-azure-ad-windows";
    /// Conditional Access developer guidance (the AADSTS50076 message).
    pub const CA_DEV_GUIDE: &str =
        "https://learn.microsoft.com/en-us/entra/identity-platform/v2-conditional-access-dev-guide";
    /// Certificate-based authentication for desktop flows.
    pub const CBA: &str = "https://learn.microsoft.com/en-us/power-automate/desktop-flows/configure-certificate-based-auth";
    /// Desktop flow connections (username forms).
    pub const CONNECTIONS: &str =
        "https://learn.microsoft.com/en-us/power-automate/desktop-flows/desktop-flow-connections";
    /// The connect-with-sign-in security update and its patched builds.
    pub const CONNECT_SIGN_IN_UPDATE: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/desktop-flows/connect-with-sign-in-security-update";
    /// Troubleshoot desktop flows (the on-premises service account).
    pub const DESKTOP_FLOWS_TROUBLESHOOT: &str =
        "https://learn.microsoft.com/en-us/power-automate/desktop-flows/troubleshoot";
    /// Single sign-on to on-premises resources from Entra joined devices (username forms).
    pub const DEVICE_SSO: &str = "https://learn.microsoft.com/en-us/entra/identity/devices/device-sso-to-on-premises-resources";
    /// Troubleshoot devices with the dsregcmd command.
    pub const DSREGCMD: &str =
        "https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd";
    /// `Get-ItemProperty`: reading registry values from PowerShell.
    pub const GET_ITEM_PROPERTY: &str = "https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/get-itemproperty";
    /// `net localgroup`.
    pub const NET_LOCALGROUP: &str = "https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/cc725622(v=ws.11)";
    /// `nltest`.
    pub const NLTEST: &str = "https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/cc731935(v=ws.11)";
    /// The `[Privilege Rights]` section of a security template (MS-GPSB 2.2.6).
    pub const PRIVILEGE_RIGHTS: &str = "https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-gpsb/3413b381-a445-4d17-b77e-5bbfadda253b";
    /// `query user`.
    pub const QUERY_USER: &str =
        "https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/query-user";
    /// `reg query`.
    pub const REG_QUERY: &str =
        "https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/reg-query";
    /// `sc`: its commands (showsid among them).
    pub const SC: &str =
        "https://learn.microsoft.com/en-us/windows/win32/services/configuring-a-service-using-sc";
    /// `sc qc`.
    pub const SC_QC: &str = "https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2012-R2-and-2012/cc742055(v=ws.11)";
    /// Well-known SIDs.
    pub const WELL_KNOWN_SIDS: &str =
        "https://learn.microsoft.com/en-us/windows/win32/secauthz/well-known-sids";
    /// `Test-NetConnection`.
    pub const TEST_NET_CONNECTION: &str =
        "https://learn.microsoft.com/en-us/powershell/module/nettcpip/test-netconnection";
    /// `wevtutil`.
    pub const WEVTUTIL: &str =
        "https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/wevtutil";
    /// `whoami`.
    pub const WHOAMI: &str =
        "https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/whoami";
    /// Windows Server release information, with each release's build.
    pub const WINDOWS_SERVER_RELEASES: &str =
        "https://learn.microsoft.com/en-us/windows-server/get-started/windows-server-release-info";
    /// Microsoft Entra device management FAQ.
    pub const DEVICES_FAQ: &str = "https://learn.microsoft.com/en-us/entra/identity/devices/faq";
    /// Microsoft Entra joined devices.
    pub const ENTRA_JOIN: &str =
        "https://learn.microsoft.com/en-us/entra/identity/devices/concept-directory-join";
    /// Entra authentication error codes (AADSTS50057).
    pub const ERROR_CODES: &str =
        "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes";
    /// Event 4625, an account failed to log on (its status and sub-status values).
    pub const EVENT_4625: &str =
        "https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-10/security/threat-protection/auditing/event-4625";
    /// Field report, new password rejected without a domain controller.
    pub const FIELD_AZURE_DOCS_11612: &str =
        "https://github.com/MicrosoftDocs/azure-docs/issues/11612";
    /// Field report, machine and user in different tenants.
    pub const FIELD_AZURE_DOCS_49290: &str =
        "https://github.com/MicrosoftDocs/azure-docs/issues/49290";
    /// Field report, guests cannot sign in to Entra joined devices.
    pub const FIELD_AZURE_DOCS_74605: &str =
        "https://github.com/MicrosoftDocs/azure-docs/issues/74605";
    /// Field report, PRT missing with differing UPN suffixes.
    pub const FIELD_AZURE_DOCS_95854: &str =
        "https://github.com/MicrosoftDocs/azure-docs/issues/95854";
    /// Field report, MFA breaks Entra Remote Desktop sign-in.
    pub const FIELD_AZURE_DOCS_PR_95831: &str =
        "https://github.com/MicrosoftDocs/azure-docs/pull/95831";
    /// Field report, failures from the AD FS usernamemixed endpoint.
    pub const FIELD_AZURE_POWERSHELL_13560: &str =
        "https://github.com/Azure/azure-powershell/issues/13560";
    /// Field report, NLA sign-in to an Entra VM fails after hardening.
    pub const FIELD_CLOUDNEETI_20: &str =
        "https://github.com/Cloudneeti/os-harderning-scripts/issues/20";
    /// Field report, a browser Remote Desktop client rejecting Entra accounts under NLA.
    pub const FIELD_CLOUDFLARE_23991: &str =
        "https://github.com/cloudflare/cloudflare-docs/issues/23991";
    /// Field report, a stored password failing AADSTS50126 until the account locks.
    pub const FIELD_DISPLAYMONKEY_50: &str = "https://github.com/fuel9/DisplayMonkey/issues/50";
    /// Field report, an Entra account under NLA logged as a network logon NTLM cannot resolve.
    pub const FIELD_MESHCENTRAL_5805: &str = "https://github.com/Ylianst/MeshCentral/issues/5805";
    /// Field report, login role missing at VM scope.
    pub const FIELD_SC300_180: &str =
        "https://github.com/MicrosoftLearning/SC-300-Identity-and-Access-Administrator/issues/180";
    /// Field report, an Entra group in Remote Desktop Users denied under NLA.
    pub const FIELD_WINDOWS_ITPRO_10497: &str =
        "https://github.com/MicrosoftDocs/windows-itpro-docs/issues/10497";
    /// Field report, Entra account refused under NLA.
    pub const FIELD_WINDOWS_ITPRO_11020: &str =
        "https://github.com/MicrosoftDocs/windows-itpro-docs/issues/11020";
    /// Field report, Entra group in Remote Desktop Users not honoured under NLA.
    pub const FIELD_WINDOWS_ITPRO_3944: &str =
        "https://github.com/MicrosoftDocs/windows-itpro-docs/issues/3944";
    /// Field report, `AzureAD\` forms at Remote Desktop sign-in.
    pub const FIELD_WINDOWS_ITPRO_8523: &str =
        "https://github.com/MicrosoftDocs/windows-itpro-docs/issues/8523";
    /// Authentication issues in HDInsight (AADSTS messages as Entra writes them).
    pub const HDINSIGHT_AUTH: &str = "https://learn.microsoft.com/en-us/azure/hdinsight/domain-joined/domain-joined-authentication-issues";
    /// Home Realm Discovery policy (cloud password validation).
    pub const HRD: &str = "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/home-realm-discovery-policy";
    /// Microsoft Entra hybrid joined devices.
    pub const HYBRID_JOIN: &str =
        "https://learn.microsoft.com/en-us/entra/identity/devices/concept-hybrid-join";
    /// Troubleshoot hybrid joined devices (PRT error table).
    pub const HYBRID_JOIN_TROUBLESHOOT: &str = "https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-hybrid-join-windows-current";
    /// Invalid credentials errors running desktop flows (sub-codes).
    pub const INVALID_CREDENTIALS: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/desktop-flows/invalid-credentials-errors-running-desktop-flows";
    /// Logon type has not been granted.
    pub const LOGON_TYPE: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/desktop-flows/logon-type-has-not-been-granted";
    /// MachineNotJoined error.
    pub const MACHINE_NOT_JOINED: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/desktop-flows/machine-not-joined-error";
    /// The policy that requires Network Level Authentication, with its default.
    pub const NLA_POLICY: &str = "https://admx.help/?Category=Windows_11_2022&Policy=Microsoft.Policies.TerminalServer::TS_USER_AUTHENTICATION_POLICY";
    /// NTSTATUS values (MS-ERREF).
    pub const NTSTATUS: &str =
        "https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55";
    /// Password hash synchronization.
    pub const PHS: &str =
        "https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/whatis-phs";
    /// Troubleshoot primary refresh token issues (WS-Trust errors).
    pub const PRT: &str = "https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-primary-refresh-token";
    /// Connect to a remote Microsoft Entra joined device.
    pub const REMOTE_ENTRA_PC: &str = "https://learn.microsoft.com/en-us/windows/client-management/client-tools/connect-to-remote-aadj-pc";
    /// Resource owner password credentials and federated users.
    pub const ROPC: &str =
        "https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth-ropc";
    /// Troubleshoot attended and unattended run errors.
    pub const RUN_ERRORS: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/desktop-flows/troubleshoot-errors-running-attended-or-unattended-desktop-flows";
    /// Troubleshoot desktop flow run queue errors (sub-errors of NoCandidateMachine).
    pub const RUN_QUEUE: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/desktop-flows/troubleshoot-desktop-flow-run-queue-errors";
    /// Remote Desktop SecurityLayer setting, with its default.
    pub const SECURITY_LAYER: &str = "https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-8.1-and-8/ff715923(v=win.10)";
    /// Troubleshoot session creation errors.
    pub const SESSION_CREATION: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/desktop-flows/troubleshoot-session-creation-errrors";
    /// UnallowedTenantForConnectWithSignIn.
    pub const SIGN_IN_ALLOWLIST: &str = "https://learn.microsoft.com/en-us/troubleshoot/power-platform/power-automate/desktop-flows/troubleshoot-unallowed-tenant-for-connect-with-sign-in";
    /// Microsoft Entra smart lockout.
    pub const SMART_LOCKOUT: &str =
        "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-password-smart-lockout";
    /// Run unattended desktop flows.
    pub const UNATTENDED: &str = "https://learn.microsoft.com/en-us/power-automate/desktop-flows/run-unattended-desktop-flows";
    /// System error codes 1000 to 1299.
    pub const WIN32_ERRORS_1000: &str =
        "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1000-1299-";
    /// System error codes 1300 to 1699.
    pub const WIN32_ERRORS_1300: &str =
        "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1300-1699-";
    /// System error codes 1700 to 3999.
    pub const WIN32_ERRORS_1700: &str =
        "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1700-3999-";
}
