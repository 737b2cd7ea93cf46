//! `Username`: the forms a desktop-flow connection's username can take, and
//! what each one asks Windows to sign in as.

use std::fmt;

/// The kind of account a typed username names, as Power Automate reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UsernameKind {
    /// `user@domain`: a Microsoft Entra account.
    Upn,
    /// `DOMAIN\user`: an on-premises domain account.
    Domain,
    /// `AzureAD\…`: how Windows displays Entra users; not a form the connection documents.
    AzureAdPrefix,
    /// `user`, `.\user`, `local\user` or `MACHINE\user`: a local account.
    Local,
}

impl UsernameKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [UsernameKind] = &[
        UsernameKind::Upn,
        UsernameKind::Domain,
        UsernameKind::AzureAdPrefix,
        UsernameKind::Local,
    ];

    /// The kind, as evidence lines write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            UsernameKind::Upn => "user principal name (Entra account)",
            UsernameKind::Domain => "DOMAIN\\user (domain account)",
            UsernameKind::AzureAdPrefix => "AzureAD\\ prefix",
            UsernameKind::Local => "local account",
        }
    }
}

impl fmt::Display for UsernameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `Executing Account Name` in `dsregcmd /status`: the account the command
/// ran as, written `DOMAIN\name[, upn]` (`AzureAD\alice, alice@contoso.com`,
/// `CONTOSO\alice, alice@contoso.com`, `RPA-01\rpa`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExecutingAccount<'a> {
    /// `AzureAD`, the domain, or the machine's name.
    pub prefix: &'a str,
    /// The account's name.
    pub name: &'a str,
    /// The account's UPN, where the line gives one.
    pub upn: Option<&'a str>,
}

impl<'a> ExecutingAccount<'a> {
    /// Reads the line's value; `None` for a value of another shape.
    pub fn parse(value: &'a str) -> Option<ExecutingAccount<'a>> {
        let (account, upn) = match value.split_once(',') {
            Some((account, upn)) => (account.trim(), Some(upn.trim())),
            None => (value.trim(), None),
        };
        let (prefix, name) = account.split_once('\\')?;
        Some(ExecutingAccount { prefix, name, upn })
    }

    /// Whether this is the account `username` names on the machine
    /// `machine`, compared in the username's own form; `None` where the two
    /// cannot be compared (a UPN against a line without one).
    pub fn is(&self, username: &Username, machine: &str) -> Option<bool> {
        let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        Some(match username.kind {
            UsernameKind::Upn => same(self.upn?, username.account),
            UsernameKind::AzureAdPrefix => {
                self.upn.is_some_and(|u| same(u, username.account))
                    || (same(self.prefix, "AzureAD") && same(self.name, username.account))
            }
            UsernameKind::Domain => {
                same(self.prefix, username.prefix.unwrap_or_default())
                    && same(self.name, username.account)
            }
            UsernameKind::Local => same(self.prefix, machine) && same(self.name, username.account),
        })
    }
}

impl fmt::Display for ExecutingAccount<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\\{}", self.prefix, self.name)?;
        match self.upn {
            Some(upn) => write!(f, ", {upn}"),
            None => Ok(()),
        }
    }
}

/// A username split into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username<'a> {
    /// Which kind of account the name is.
    pub kind: UsernameKind,
    /// The part before `\` (`DOMAIN`, `AzureAD`, `.`, the machine name), if any.
    pub prefix: Option<&'a str>,
    /// The account part: `user@domain` for a UPN, `user` otherwise.
    pub account: &'a str,
}

impl<'a> Username<'a> {
    /// Reads `typed` as the connection would on the machine named `machine`.
    pub fn parse(typed: &'a str, machine: &str) -> Username<'a> {
        // Most names have nothing to trim: skip the Unicode scan for them.
        let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii() && !b.is_ascii_whitespace());
        let bytes = typed.as_bytes();
        let typed = if edge(bytes.first()) && edge(bytes.last()) { typed } else { typed.trim() };
        if let Some((prefix, account)) = typed.split_once('\\') {
            let kind = if prefix.eq_ignore_ascii_case("azuread") {
                UsernameKind::AzureAdPrefix
            } else if prefix == "."
                || prefix.eq_ignore_ascii_case("local")
                || prefix.eq_ignore_ascii_case(machine)
            {
                UsernameKind::Local
            } else {
                UsernameKind::Domain
            };
            return Username { kind, prefix: Some(prefix), account };
        }
        let kind = if typed.contains('@') { UsernameKind::Upn } else { UsernameKind::Local };
        Username { kind, prefix: None, account: typed }
    }

    /// For a UPN, the domain after the `@`.
    pub fn upn_domain(&self) -> Option<&'a str> {
        match self.kind {
            UsernameKind::Upn => self.account.rsplit_once('@').map(|(_, d)| d),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(typed: &str) -> UsernameKind {
        Username::parse(typed, "RPA-01").kind
    }

    #[test]
    fn the_executing_account_is_compared_in_the_username_s_own_form() {
        let is = |executing: &str, typed: &str| {
            let username = Username::parse(typed, "RPA-01");
            ExecutingAccount::parse(executing).and_then(|e| e.is(&username, "RPA-01"))
        };
        let entra = "AzureAD\\alice, Alice@Contoso.com";
        assert_eq!(is(entra, "alice@contoso.com"), Some(true));
        assert_eq!(is(entra, "bob@contoso.com"), Some(false));
        assert_eq!(is(entra, "AzureAD\\alice@contoso.com"), Some(true));
        assert_eq!(is(entra, "CONTOSO\\alice"), Some(false));
        let hybrid = "CONTOSO\\alice, alice@contoso.com";
        assert_eq!(is(hybrid, "contoso\\ALICE"), Some(true));
        assert_eq!(is(hybrid, "alice@contoso.com"), Some(true));
        // A local account line has no UPN to compare a UPN with.
        assert_eq!(is("RPA-01\\rpa", "alice@contoso.com"), None);
        assert_eq!(is("RPA-01\\rpa", ".\\rpa"), Some(true));
        assert_eq!(is("RPA-01\\rpa", "rpa2"), Some(false));
        assert_eq!(is("garbage", "rpa"), None);
    }

    #[test]
    fn reads_every_documented_form() {
        assert_eq!(kind("alice@contoso.com"), UsernameKind::Upn);
        assert_eq!(kind("CONTOSO\\alice"), UsernameKind::Domain);
        assert_eq!(kind("alice"), UsernameKind::Local);
        assert_eq!(kind(".\\alice"), UsernameKind::Local);
        assert_eq!(kind("local\\alice"), UsernameKind::Local);
        assert_eq!(kind("rpa-01\\alice"), UsernameKind::Local);
        assert_eq!(kind("AzureAD\\alice@contoso.com"), UsernameKind::AzureAdPrefix);
    }

    #[test]
    fn keeps_the_parts() {
        let u = Username::parse(" CONTOSO\\alice ", "RPA-01");
        assert_eq!((u.prefix, u.account), (Some("CONTOSO"), "alice"));
        assert_eq!(Username::parse("a@b.c", "m").upn_domain(), Some("b.c"));
        assert_eq!(Username::parse("a", "m").upn_domain(), None);
    }
}
