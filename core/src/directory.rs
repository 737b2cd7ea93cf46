//! The on-premises directory: how an Active Directory domain controller
//! answers one logon attempt of an account, in the order a real directory
//! checks, and what the Windows logon (and so Power Automate) reports.
//!
//! The order was measured against a real domain controller (Samba AD on
//! loopback; `tests/it/samba.rs` compares them on every change):
//! lockout first, then the password, then the account's restrictions. A
//! wrong password counts toward lockout whatever the account's state, and a
//! good logon resets the count.

use std::fmt;

use crate::payload::SubCode;

/// The NTSTATUS a domain controller returns for a network logon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NtStatus {
    /// The logon succeeds (`STATUS_SUCCESS`).
    Ok,
    /// `STATUS_WRONG_PASSWORD`.
    WrongPassword,
    /// `STATUS_NO_SUCH_USER`.
    NoSuchUser,
    /// `STATUS_ACCOUNT_DISABLED`.
    AccountDisabled,
    /// `STATUS_ACCOUNT_EXPIRED`.
    AccountExpired,
    /// `STATUS_INVALID_LOGON_HOURS`.
    InvalidLogonHours,
    /// `STATUS_INVALID_WORKSTATION`.
    InvalidWorkstation,
    /// `STATUS_PASSWORD_MUST_CHANGE`.
    PasswordMustChange,
    /// `STATUS_PASSWORD_EXPIRED`.
    PasswordExpired,
    /// `STATUS_ACCOUNT_LOCKED_OUT`.
    AccountLockedOut,
}

impl NtStatus {
    /// Every status, in declaration order.
    pub const ALL: &'static [NtStatus] = &[
        NtStatus::Ok,
        NtStatus::WrongPassword,
        NtStatus::NoSuchUser,
        NtStatus::AccountDisabled,
        NtStatus::AccountExpired,
        NtStatus::InvalidLogonHours,
        NtStatus::InvalidWorkstation,
        NtStatus::PasswordMustChange,
        NtStatus::PasswordExpired,
        NtStatus::AccountLockedOut,
    ];

    /// The status's name as Samba and Windows print it (`NT_STATUS_…`).
    pub const fn name(self) -> &'static str {
        match self {
            NtStatus::Ok => "NT_STATUS_OK",
            NtStatus::WrongPassword => "NT_STATUS_WRONG_PASSWORD",
            NtStatus::NoSuchUser => "NT_STATUS_NO_SUCH_USER",
            NtStatus::AccountDisabled => "NT_STATUS_ACCOUNT_DISABLED",
            NtStatus::AccountExpired => "NT_STATUS_ACCOUNT_EXPIRED",
            NtStatus::InvalidLogonHours => "NT_STATUS_INVALID_LOGON_HOURS",
            NtStatus::InvalidWorkstation => "NT_STATUS_INVALID_WORKSTATION",
            NtStatus::PasswordMustChange => "NT_STATUS_PASSWORD_MUST_CHANGE",
            NtStatus::PasswordExpired => "NT_STATUS_PASSWORD_EXPIRED",
            NtStatus::AccountLockedOut => "NT_STATUS_ACCOUNT_LOCKED_OUT",
        }
    }

    /// The 32-bit NTSTATUS value.
    pub const fn code(self) -> u32 {
        match self {
            NtStatus::Ok => 0,
            NtStatus::WrongPassword => 0xC000_006A,
            NtStatus::NoSuchUser => 0xC000_0064,
            NtStatus::AccountDisabled => 0xC000_0072,
            NtStatus::AccountExpired => 0xC000_0193,
            NtStatus::InvalidLogonHours => 0xC000_006F,
            NtStatus::InvalidWorkstation => 0xC000_0070,
            NtStatus::PasswordMustChange => 0xC000_0224,
            NtStatus::PasswordExpired => 0xC000_0071,
            NtStatus::AccountLockedOut => 0xC000_0234,
        }
    }

    /// The status with this `NT_STATUS_…` name, as Samba's tools print it.
    pub fn from_name(name: &str) -> Option<NtStatus> {
        NtStatus::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// The Kerberos KDC error an AS-REQ gets for this outcome (`None`: a TGT).
    pub const fn kdc_error(self) -> Option<u32> {
        match self {
            NtStatus::Ok | NtStatus::InvalidWorkstation => None,
            NtStatus::WrongPassword => Some(24),
            NtStatus::NoSuchUser => Some(6),
            NtStatus::AccountDisabled
            | NtStatus::AccountExpired
            | NtStatus::InvalidLogonHours
            | NtStatus::AccountLockedOut => Some(18),
            NtStatus::PasswordMustChange | NtStatus::PasswordExpired => Some(23),
        }
    }

    /// What the Windows logon reports, and so the sub-code Power Automate for
    /// desktop 2.24+ shows with `WindowsIdentityIncorrect`; `None` for a good
    /// logon and for a locked account (`AccountLockedOut`). An SMB or
    /// interactive client sees a wrong password and an unknown user alike.
    pub const fn reported(self) -> Option<SubCode> {
        match self {
            NtStatus::Ok | NtStatus::AccountLockedOut => None,
            NtStatus::WrongPassword | NtStatus::NoSuchUser => {
                Some(SubCode::BadUsernameOrAuthentication)
            }
            NtStatus::InvalidWorkstation => Some(SubCode::WorkstationRestriction),
            NtStatus::AccountDisabled
            | NtStatus::AccountExpired
            | NtStatus::InvalidLogonHours
            | NtStatus::PasswordMustChange
            | NtStatus::PasswordExpired => Some(SubCode::AccountRestriction),
        }
    }
}

impl fmt::Display for NtStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (0x{:08x})", self.name(), self.code())
    }
}

/// An account's state in the directory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Account {
    /// The account is disabled.
    pub disabled: bool,
    /// The account's expiry date has passed.
    pub account_expired: bool,
    /// No logon hours are allowed now.
    pub logon_hours_denied: bool,
    /// Logon only from other workstations than the client's.
    pub workstation_restricted: bool,
    /// "User must change password at next logon" is set.
    pub must_change_password: bool,
    /// The password is older than the domain's maximum age.
    pub password_expired: bool,
    /// Wrong passwords since the last good one.
    pub bad_password_count: u32,
    /// The account is locked out.
    pub locked: bool,
}

/// Which check comes first; the directory's order is the default, and the
/// other exists so a test can show what a wrong order looks like.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Lockout, then the password, then the restrictions (what a directory does).
    #[default]
    LockoutPasswordRestrictions,
    /// The restrictions before the password: a mistake the comparison must catch.
    RestrictionsFirst,
}

/// The domain's lockout policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Bad passwords before the account locks; 0: never.
    pub lockout_threshold: u32,
    /// Which the directory checks first: the password or the restrictions.
    pub order: Order,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy { lockout_threshold: 3, order: Order::default() }
    }
}

impl Account {
    fn restriction(&self) -> Option<NtStatus> {
        // The directory's order among restrictions, as measured: a disabled
        // or expired account first, then the password's age, then logon
        // hours and workstation (the differential test found the password's
        // age before logon hours, where the model first had it after).
        [
            (self.disabled, NtStatus::AccountDisabled),
            (self.account_expired, NtStatus::AccountExpired),
            (self.must_change_password, NtStatus::PasswordMustChange),
            (self.password_expired, NtStatus::PasswordExpired),
            (self.logon_hours_denied, NtStatus::InvalidLogonHours),
            (self.workstation_restricted, NtStatus::InvalidWorkstation),
        ]
        .into_iter()
        .find_map(|(applies, status)| applies.then_some(status))
    }

    /// One logon attempt with a right or wrong password, updating the
    /// account's lockout state as the directory does.
    pub fn logon(&mut self, password_right: bool, policy: &Policy) -> NtStatus {
        if policy.order == Order::RestrictionsFirst {
            if let Some(status) = self.restriction() {
                return status;
            }
        }
        if self.locked {
            return NtStatus::AccountLockedOut;
        }
        if !password_right {
            self.bad_password_count += 1;
            if policy.lockout_threshold > 0 && self.bad_password_count >= policy.lockout_threshold {
                self.locked = true;
            }
            return NtStatus::WrongPassword;
        }
        if let Some(status) = self.restriction() {
            return status;
        }
        self.bad_password_count = 0;
        NtStatus::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockout_before_password_before_restrictions() {
        let policy = Policy::default();
        let mut disabled = Account { disabled: true, ..Account::default() };
        assert_eq!(disabled.logon(false, &policy), NtStatus::WrongPassword);
        assert_eq!(disabled.logon(true, &policy), NtStatus::AccountDisabled);
        // Wrong passwords lock even a disabled account.
        disabled.logon(false, &policy);
        disabled.logon(false, &policy);
        assert_eq!(disabled.logon(true, &policy), NtStatus::AccountLockedOut);
    }

    #[test]
    fn a_good_logon_resets_the_count() {
        let policy = Policy::default();
        let mut account = Account::default();
        account.logon(false, &policy);
        account.logon(false, &policy);
        assert_eq!(account.logon(true, &policy), NtStatus::Ok);
        assert_eq!(account.bad_password_count, 0);
        account.logon(false, &policy);
        assert_eq!(account.logon(true, &policy), NtStatus::Ok);
    }

    #[test]
    fn windows_reports_restrictions_as_one_status() {
        assert_eq!(NtStatus::AccountDisabled.reported(), Some(SubCode::AccountRestriction));
        assert_eq!(NtStatus::WrongPassword.reported(), NtStatus::NoSuchUser.reported());
        assert_eq!(NtStatus::InvalidWorkstation.reported(), Some(SubCode::WorkstationRestriction));
        assert_eq!(
            NtStatus::from_name("NT_STATUS_PASSWORD_EXPIRED"),
            Some(NtStatus::PasswordExpired)
        );
    }
}
