//! The method rules of docs/PRODUCT.md §3: what each registered method counts for after the declared losses, and the
//! verdict and grade that follow. Kept allocation-light: the cross-account what-if runs them for every device of
//! every account.

use time::OffsetDateTime;

use super::model::{MethodKind, MethodReason, MethodRef, PassProblem, Verdict};
use super::Grade;
use crate::evidence::SignInEvidence;
use crate::methods::{
    AuthMethod, Fido2Kind, PhoneType, TapUsabilityReason, TemporaryAccessPassMethod,
};
use crate::situation::{device_key, number_key, numbers_match, Situation};

/// How declared device names are trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Naming {
    /// Names typed or picked by the person: a lost device whose name matches nothing in an account could be one of
    /// its phones under another name (Graph keeps the name the phone had at registration), so phone-bound
    /// methods not confirmed held are in doubt.
    Declared,
    /// Names taken from the inventories themselves (the what-if): a name identifies a device across accounts.
    Exact,
}

/// The situation with names and numbers reduced to their comparison keys.
#[derive(Debug, Clone)]
pub(crate) struct PreparedSituation {
    /// `(key, as declared)`.
    pub lost: Vec<(String, String)>,
    pub held: Vec<String>,
    pub unreachable: Vec<String>,
    pub otp_on_held: bool,
    pub passkey_on_held: bool,
    pub external_usable: bool,
    /// The person said the registered number is no longer theirs.
    pub number_not_current: bool,
    /// The person said Authenticator's cloud backup is on.
    pub codes_backed_up: bool,
    pub now: Option<OffsetDateTime>,
}

impl PreparedSituation {
    pub fn new(situation: &Situation) -> Self {
        let keys = |names: &[String]| -> Vec<String> {
            names
                .iter()
                .map(|name| device_key(name))
                .filter(|key| !key.is_empty())
                .collect()
        };
        Self {
            lost: situation
                .lost_devices
                .iter()
                .map(|name| (device_key(name), name.trim().to_owned()))
                .filter(|(key, _)| !key.is_empty())
                .collect(),
            held: keys(&situation.held_devices),
            unreachable: situation
                .unreachable_numbers
                .iter()
                .map(|number| number_key(number))
                .filter(|key| !key.is_empty())
                .collect(),
            otp_on_held: situation.otp_on_held_device,
            passkey_on_held: situation.authenticator_passkey_on_held_device,
            external_usable: situation.external_method_usable,
            number_not_current: situation.phone_number_current == Some(false),
            codes_backed_up: situation.authenticator_backup_on == Some(true),
            now: situation.now,
        }
    }

    pub fn unreachable_count(&self) -> usize {
        self.unreachable.len()
    }

    /// The same situation with one more device lost (the what-if).
    pub fn with_lost(&self, key: &str, name: &str) -> Self {
        let mut situation = self.clone();
        if !situation.lost.iter().any(|(lost, _)| lost == key) {
            situation.lost.push((key.to_owned(), name.to_owned()));
        }
        situation
    }

    fn is_lost(&self, names: &[String]) -> bool {
        names
            .iter()
            .any(|name| self.lost.iter().any(|(lost, _)| lost == name))
    }

    fn is_held(&self, names: &[String]) -> bool {
        names.iter().any(|name| self.held.contains(name))
    }
}

/// What a method is, for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Password, email, QR code + PIN, passwordless phone sign-in (docs/MICROSOFT.md §4.1 capability table).
    NotMfa,
    /// The Authenticator app on a named phone.
    AuthenticatorApp,
    /// A passkey in Authenticator (AAGUID, docs/MICROSOFT.md §4.2): on a phone, which one Graph does not say.
    AuthenticatorPasskey,
    /// A security key, a Windows passkey or a synced passkey: lost only when declared lost.
    OtherFido2,
    /// Windows Hello for Business or a platform credential: bound to the named computer.
    Computer,
    /// SMS/voice to a number; `known` is false for a phone type Lifeboat does not know.
    Phone {
        known: bool,
    },
    /// A code app on a device Graph does not name.
    SoftwareOath,
    /// A hardware token; `activated` unless Graph says otherwise.
    HardwareOath {
        activated: bool,
    },
    TemporaryAccessPass,
    External,
    Unrecognised,
}

/// A method with its comparison keys computed once.
#[derive(Debug, Clone)]
pub(crate) struct PreparedMethod<'a> {
    pub method: &'a AuthMethod,
    pub class: Class,
    pub kind: MethodKind,
    /// Device keys the method can be matched on: `displayName`, plus `model` for FIDO2 and the serial number of a
    /// hardware token.
    pub names: Vec<String>,
    /// The number key of a phone method.
    pub number: String,
}

impl<'a> PreparedMethod<'a> {
    pub fn new(method: &'a AuthMethod) -> Self {
        // At most two names per method: no allocation for the list itself.
        let mut names: [Option<&str>; 2] = [None, None];
        let mut number = String::new();
        let (class, kind) = match method {
            AuthMethod::Password(_) => (Class::NotMfa, MethodKind::Password),
            AuthMethod::Email(_) => (Class::NotMfa, MethodKind::Email),
            AuthMethod::QrCodePin(_) => (Class::NotMfa, MethodKind::QrCodePin),
            AuthMethod::PasswordlessMicrosoftAuthenticator(m) => {
                names[0] = m.display_name.as_deref();
                (Class::NotMfa, MethodKind::PasswordlessAuthenticator)
            }
            AuthMethod::MicrosoftAuthenticator(m) => {
                names[0] = m.display_name.as_deref();
                (Class::AuthenticatorApp, MethodKind::AuthenticatorApp)
            }
            AuthMethod::Fido2(m) => {
                names[0] = m.display_name.as_deref();
                names[1] = m.model.as_deref();
                match m.kind() {
                    Fido2Kind::AuthenticatorPasskey => (
                        Class::AuthenticatorPasskey,
                        MethodKind::AuthenticatorPasskey,
                    ),
                    Fido2Kind::WindowsPasskey => (Class::OtherFido2, MethodKind::WindowsPasskey),
                    Fido2Kind::SyncedPasskey => (Class::OtherFido2, MethodKind::SyncedPasskey),
                    Fido2Kind::SecurityKey => (Class::OtherFido2, MethodKind::SecurityKey),
                }
            }
            AuthMethod::WindowsHelloForBusiness(m) => {
                names[0] = m.display_name.as_deref();
                (Class::Computer, MethodKind::WindowsHello)
            }
            AuthMethod::PlatformCredential(m) => {
                names[0] = m.display_name.as_deref();
                (Class::Computer, MethodKind::PlatformCredential)
            }
            AuthMethod::Phone(m) => {
                number = m
                    .phone_number
                    .as_deref()
                    .map(number_key)
                    .unwrap_or_default();
                match &m.phone_type {
                    Some(PhoneType::Mobile) => {
                        (Class::Phone { known: true }, MethodKind::MobilePhone)
                    }
                    Some(PhoneType::AlternateMobile) => (
                        Class::Phone { known: true },
                        MethodKind::AlternateMobilePhone,
                    ),
                    Some(PhoneType::Office) => {
                        (Class::Phone { known: true }, MethodKind::OfficePhone)
                    }
                    Some(PhoneType::Other(_)) | None => {
                        (Class::Phone { known: false }, MethodKind::OtherPhone)
                    }
                }
            }
            AuthMethod::SoftwareOath(_) => (Class::SoftwareOath, MethodKind::SoftwareOath),
            AuthMethod::HardwareOath(m) => {
                let device = m.device.as_ref();
                names[0] = device.and_then(|d| d.display_name.as_deref());
                names[1] = device.and_then(|d| d.serial_number.as_deref());
                let status = device.and_then(|d| d.status.as_deref()).map(str::trim);
                let activated =
                    status.is_none_or(|status| status.eq_ignore_ascii_case("activated"));
                (Class::HardwareOath { activated }, MethodKind::HardwareOath)
            }
            AuthMethod::TemporaryAccessPass(_) => {
                (Class::TemporaryAccessPass, MethodKind::TemporaryAccessPass)
            }
            AuthMethod::External(_) => (Class::External, MethodKind::External),
            AuthMethod::Unrecognised(_) => (Class::Unrecognised, MethodKind::Unrecognised),
        };
        let mut keys: Vec<String> = Vec::new();
        for key in names.into_iter().flatten().map(device_key) {
            if !key.is_empty() && !keys.contains(&key) {
                keys.push(key);
            }
        }
        Self {
            method,
            class,
            kind,
            names: keys,
            number,
        }
    }

    /// True for methods that satisfy MFA when usable (so their presence means the account has MFA registered).
    fn is_mfa_capable(&self) -> bool {
        !matches!(
            self.class,
            Class::NotMfa | Class::Unrecognised | Class::TemporaryAccessPass
        )
    }

    /// True for methods on a phone that could carry another name than the one declared lost.
    fn is_phone_bound(&self) -> bool {
        matches!(
            self.class,
            Class::AuthenticatorApp | Class::AuthenticatorPasskey
        )
    }

    /// The device this method names, for the what-if catalogue (MFA methods on a named thing only).
    pub fn device_name(&self) -> Option<&str> {
        match self.class {
            Class::AuthenticatorApp
            | Class::AuthenticatorPasskey
            | Class::OtherFido2
            | Class::Computer
            | Class::HardwareOath { .. } => self.method.display_name(),
            _ => None,
        }
    }

    pub fn reference(&self) -> MethodRef {
        let label = match self.class {
            Class::Phone { .. } => {
                Some(number_ending(&self.number)).filter(|ending| !ending.is_empty())
            }
            _ => self
                .method
                .display_name()
                .map(|name| name.trim().to_owned()),
        };
        MethodRef {
            id: self.method.id().to_owned(),
            graph_type: self.method.graph_type().to_owned(),
            kind: self.kind,
            label,
        }
    }
}

/// The last four digits of a number: enough for the person to recognise it, without repeating it whole.
pub(crate) fn number_ending(number_key: &str) -> String {
    let start = number_key.len().saturating_sub(4);
    number_key[start..].to_owned()
}

/// Why a method counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Usable {
    DeviceStillHeld,
    Passkey {
        confirmed: bool,
    },
    NumberReachable,
    CodesOnHeldDevice,
    /// On a device in hand, and Authenticator's cloud backup keeps a copy that outlives the phone.
    CodesBackedUp,
    PassValid,
    ExternalConfirmed,
    ProvenBySignIn,
}

/// Why a method does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotCounted {
    NotASecondStep,
    OnLostDevice,
    PresumedOnLostPhone,
    MightBeLostDevice,
    NumberUnreachable,
    NumberNotCurrent,
    UnknownPhone,
    CodesLocationUnknown,
    TokenNotActivated,
    PassNotUsable(PassProblem),
    ExternalUnconfirmed,
    Unrecognised,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Usable(Usable),
    NotCounted(NotCounted),
}

impl Status {
    pub fn is_usable(self) -> bool {
        matches!(self, Status::Usable(_))
    }
}

/// Verdict and grade predicted from an inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub verdict: Verdict,
    pub grade: Grade,
    /// Independent carriers among the usable methods.
    pub carriers: usize,
    pub phishing_resistant: bool,
}

/// One account's methods, prepared for the rules.
#[derive(Debug, Clone)]
pub(crate) struct PreparedAccount<'a> {
    pub methods: Vec<PreparedMethod<'a>>,
}

impl<'a> PreparedAccount<'a> {
    pub fn new(methods: &'a [AuthMethod]) -> Self {
        Self {
            methods: methods.iter().map(PreparedMethod::new).collect(),
        }
    }

    fn names_device(&self, key: &str) -> bool {
        self.methods
            .iter()
            .any(|method| method.names.iter().any(|name| name == key))
    }

    /// Declared lost devices (as declared) whose names match no method of this account.
    pub fn unidentified_lost_devices(&self, situation: &PreparedSituation) -> Vec<String> {
        situation
            .lost
            .iter()
            .filter(|(key, _)| !self.names_device(key))
            .map(|(_, name)| name.clone())
            .collect()
    }

    /// The declared lost devices a doubtful method could be: those matching nothing here, else all of them (an
    /// unnamed registration could be on any lost phone).
    pub fn devices_in_doubt(&self, situation: &PreparedSituation) -> Vec<String> {
        let unidentified = self.unidentified_lost_devices(situation);
        if unidentified.is_empty() {
            situation
                .lost
                .iter()
                .map(|(_, name)| name.clone())
                .collect()
        } else {
            unidentified
        }
    }

    /// Applies the method rules to every method.
    pub fn judge_all(&self, situation: &PreparedSituation, naming: Naming) -> Vec<Status> {
        let mut statuses = Vec::with_capacity(self.methods.len());
        self.judge_into(situation, naming, &mut statuses);
        statuses
    }

    /// [`PreparedAccount::judge_all`] into a reused buffer (the what-if runs it for every device of every account).
    pub fn judge_into(
        &self,
        situation: &PreparedSituation,
        naming: Naming,
        statuses: &mut Vec<Status>,
    ) {
        let context = Context {
            unidentified_loss: naming == Naming::Declared
                && situation
                    .lost
                    .iter()
                    .any(|(key, _)| !self.names_device(key)),
            declared_loss: naming == Naming::Declared && !situation.lost.is_empty(),
            authenticator_app_lost: self.methods.iter().any(|method| {
                method.class == Class::AuthenticatorApp && situation.is_lost(&method.names)
            }),
        };
        statuses.clear();
        statuses.extend(
            self.methods
                .iter()
                .map(|method| judge(method, situation, &context)),
        );
    }

    /// The verdict and grade the statuses give.
    pub fn outcome(&self, statuses: &[Status]) -> Outcome {
        // A passkey in Authenticator most likely lives on the same phone as an Authenticator registration. The
        // attribution must not depend on which methods the situation leaves usable: otherwise declaring a loss
        // could split one carrier into two and improve the grade.
        let first_app_phone = self
            .methods
            .iter()
            .filter(|method| method.class == Class::AuthenticatorApp)
            .find_map(|method| method.names.first())
            .map(String::as_str);
        let mut carriers = 0usize;
        let mut unattributed = false;
        let mut usable = 0usize;
        let mut phishing_resistant = false;
        let mut mfa_registered = false;
        let mut unrecognised = false;
        for (index, (method, status)) in self.methods.iter().zip(statuses).enumerate() {
            mfa_registered |= method.is_mfa_capable();
            unrecognised |= method.class == Class::Unrecognised;
            if !status.is_usable() {
                continue;
            }
            usable += 1;
            phishing_resistant |= method.kind.is_phishing_resistant();
            match carrier_of(method, *status, first_app_phone) {
                // Counted once: at its first usable method (no allocation; accounts have few methods).
                Some(carrier) => {
                    let seen =
                        self.methods[..index]
                            .iter()
                            .zip(statuses)
                            .any(|(earlier, status)| {
                                status.is_usable()
                                    && carrier_of(earlier, *status, first_app_phone)
                                        .is_some_and(|other| other.same(&carrier))
                            });
                    carriers += usize::from(!seen);
                }
                None => unattributed = true,
            }
        }
        let independent = carriers + usize::from(carriers == 0 && unattributed);
        let grade = match (usable, independent) {
            (0, _) => Grade::F,
            (_, 2..) if phishing_resistant => Grade::A,
            (_, 2..) => Grade::B,
            (2.., _) => Grade::C,
            _ => Grade::D,
        };
        let verdict = if usable > 0 {
            Verdict::SelfService
        } else if mfa_registered {
            Verdict::NeedsIt
        } else if unrecognised {
            // An unknown type may be an MFA method the next sign-in asks for: neither "not registered" nor usable.
            Verdict::Unknown
        } else {
            Verdict::NotRegistered
        };
        Outcome {
            verdict,
            grade,
            carriers: independent,
            phishing_resistant,
        }
    }
}

/// What a usable method depends on physically, for counting independent carriers (docs/PRODUCT.md §3, readiness).
#[derive(PartialEq)]
enum Carrier<'s> {
    /// A named device (phone, key, computer, token), by its comparison key.
    Named(&'s str),
    /// A phone line, by its number key.
    Number(&'s str),
    /// Authenticator's cloud backup: codes kept there outlive the phone (docs/MICROSOFT.md §7.1).
    CloudBackup,
}

impl Carrier<'_> {
    fn same(&self, other: &Carrier<'_>) -> bool {
        match (self, other) {
            (Carrier::Number(a), Carrier::Number(b)) => numbers_match(a, b),
            (Carrier::Named(a), Carrier::Named(b)) => a == b,
            (Carrier::CloudBackup, Carrier::CloudBackup) => true,
            _ => false,
        }
    }
}

/// Codes apps, passes and external providers sit on something Graph does not name (`None`): they may share a
/// carrier with anything else, so they add one only when nothing else is usable. Codes the person said are in
/// Authenticator's cloud backup are the exception: the backup outlives the phone.
fn carrier_of<'s>(
    method: &'s PreparedMethod<'_>,
    status: Status,
    first_app_phone: Option<&'s str>,
) -> Option<Carrier<'s>> {
    if status == Status::Usable(Usable::CodesBackedUp) {
        return Some(Carrier::CloudBackup);
    }
    match method.class {
        Class::AuthenticatorPasskey => first_app_phone
            .or(method.names.first().map(String::as_str))
            .map(Carrier::Named),
        Class::AuthenticatorApp
        | Class::OtherFido2
        | Class::Computer
        | Class::HardwareOath { .. } => method.names.first().map(|name| Carrier::Named(name)),
        Class::Phone { .. } if !method.number.is_empty() => Some(Carrier::Number(&method.number)),
        _ => None,
    }
}

struct Context {
    /// A declared lost device matches nothing in this account (only with [`Naming::Declared`]).
    unidentified_loss: bool,
    /// A device is declared lost (only with [`Naming::Declared`]): a phone-bound method without a name could be on
    /// it, even when its name matched another method.
    declared_loss: bool,
    /// An Authenticator registration of this account is on a lost device.
    authenticator_app_lost: bool,
}

/// The method table of docs/PRODUCT.md §3, one row per arm.
fn judge(method: &PreparedMethod<'_>, situation: &PreparedSituation, context: &Context) -> Status {
    use NotCounted as N;
    let lost = situation.is_lost(&method.names);
    let held = situation.is_held(&method.names);
    // A phone-bound method, or a method without any name, could be the unidentified lost device; a phone-bound
    // method without a name could be on any lost phone.
    let unnamed = method.names.is_empty();
    let in_doubt = !held
        && ((context.unidentified_loss && (method.is_phone_bound() || unnamed))
            || (context.declared_loss && method.is_phone_bound() && unnamed));
    match method.class {
        Class::NotMfa => Status::NotCounted(N::NotASecondStep),
        Class::Unrecognised => Status::NotCounted(N::Unrecognised),
        Class::AuthenticatorApp | Class::OtherFido2 | Class::Computer if lost => {
            Status::NotCounted(N::OnLostDevice)
        }
        Class::AuthenticatorApp | Class::OtherFido2 | Class::Computer if in_doubt => {
            Status::NotCounted(N::MightBeLostDevice)
        }
        Class::AuthenticatorApp | Class::OtherFido2 | Class::Computer => {
            Status::Usable(Usable::DeviceStillHeld)
        }
        Class::AuthenticatorPasskey if lost => Status::NotCounted(N::OnLostDevice),
        Class::AuthenticatorPasskey if situation.passkey_on_held => {
            Status::Usable(Usable::Passkey { confirmed: true })
        }
        // Treated as on the lost phone unless the person says otherwise (docs/PRODUCT.md §3, fido2 row).
        Class::AuthenticatorPasskey if context.authenticator_app_lost || in_doubt => {
            Status::NotCounted(N::PresumedOnLostPhone)
        }
        Class::AuthenticatorPasskey => Status::Usable(Usable::Passkey { confirmed: false }),
        Class::Phone { .. } if method.number.is_empty() => Status::NotCounted(N::UnknownPhone),
        Class::Phone { .. }
            if situation
                .unreachable
                .iter()
                .any(|declared| numbers_match(declared, &method.number)) =>
        {
            Status::NotCounted(N::NumberUnreachable)
        }
        Class::Phone { .. } if situation.number_not_current => {
            Status::NotCounted(N::NumberNotCurrent)
        }
        Class::Phone { known: false } => Status::NotCounted(N::UnknownPhone),
        Class::Phone { known: true } => Status::Usable(Usable::NumberReachable),
        Class::SoftwareOath if situation.otp_on_held && situation.codes_backed_up => {
            Status::Usable(Usable::CodesBackedUp)
        }
        Class::SoftwareOath if situation.otp_on_held => Status::Usable(Usable::CodesOnHeldDevice),
        Class::SoftwareOath => Status::NotCounted(N::CodesLocationUnknown),
        Class::HardwareOath { .. } if lost => Status::NotCounted(N::OnLostDevice),
        Class::HardwareOath { activated: false } => Status::NotCounted(N::TokenNotActivated),
        Class::HardwareOath { .. } if in_doubt => Status::NotCounted(N::MightBeLostDevice),
        Class::HardwareOath { .. } => Status::Usable(Usable::DeviceStillHeld),
        Class::TemporaryAccessPass => match method.method {
            AuthMethod::TemporaryAccessPass(pass) => pass_status(pass, situation.now),
            _ => Status::NotCounted(N::PassNotUsable(PassProblem::NotUsable)),
        },
        Class::External if situation.external_usable => Status::Usable(Usable::ExternalConfirmed),
        Class::External => Status::NotCounted(N::ExternalUnconfirmed),
    }
}

/// A pass counts when Graph said `isUsable` and, if the moment of the assessment is known, its window is open.
fn pass_status(pass: &TemporaryAccessPassMethod, now: Option<OffsetDateTime>) -> Status {
    let not_usable = |problem| Status::NotCounted(NotCounted::PassNotUsable(problem));
    if pass.is_usable != Some(true) {
        return not_usable(match &pass.method_usability_reason {
            Some(TapUsabilityReason::Expired) => PassProblem::Expired,
            Some(TapUsabilityReason::NotYetValid) => PassProblem::NotYetValid,
            Some(TapUsabilityReason::OneTimeUsed) => PassProblem::AlreadyUsed,
            Some(TapUsabilityReason::DisabledByPolicy) => PassProblem::DisabledByPolicy,
            _ => PassProblem::NotUsable,
        });
    }
    if let Some(now) = now {
        if pass.start_date_time.is_some_and(|start| now < start) {
            return not_usable(PassProblem::NotYetValid);
        }
        if pass.end_date_time().is_some_and(|end| now >= end) {
            return not_usable(PassProblem::Expired);
        }
    }
    Status::Usable(Usable::PassValid)
}

/// The reason, with its data, for one judged method.
pub(crate) fn reason(
    method: &PreparedMethod<'_>,
    status: Status,
    account: &PreparedAccount<'_>,
    situation: &PreparedSituation,
    proof: Option<&SignInEvidence>,
) -> MethodReason {
    let pass = match method.method {
        AuthMethod::TemporaryAccessPass(pass) => Some(pass),
        _ => None,
    };
    match status {
        Status::Usable(Usable::DeviceStillHeld) => MethodReason::DeviceStillHeld,
        Status::Usable(Usable::Passkey { confirmed }) => {
            MethodReason::PasskeyInAuthenticator { confirmed }
        }
        Status::Usable(Usable::NumberReachable) => MethodReason::NumberReachable,
        Status::Usable(Usable::CodesOnHeldDevice) => MethodReason::CodesOnHeldDevice,
        Status::Usable(Usable::CodesBackedUp) => MethodReason::CodesBackedUp,
        Status::Usable(Usable::PassValid) => MethodReason::PassUsable {
            until: pass.and_then(TemporaryAccessPassMethod::end_date_time),
        },
        Status::Usable(Usable::ExternalConfirmed) => MethodReason::ExternalConfirmed,
        Status::Usable(Usable::ProvenBySignIn) => match proof {
            Some(sign_in) => MethodReason::ProvenBySignIn { at: sign_in.at },
            None => MethodReason::DeviceStillHeld,
        },
        Status::NotCounted(NotCounted::NotASecondStep) => MethodReason::NotASecondStep,
        Status::NotCounted(NotCounted::OnLostDevice) => MethodReason::OnLostDevice {
            device: method
                .method
                .display_name()
                .map(|name| name.trim().to_owned())
                .or_else(|| {
                    situation
                        .lost
                        .iter()
                        .find(|(key, _)| method.names.contains(key))
                        .map(|(_, name)| name.clone())
                })
                .unwrap_or_default(),
        },
        Status::NotCounted(NotCounted::PresumedOnLostPhone) => MethodReason::PresumedOnLostPhone,
        Status::NotCounted(NotCounted::MightBeLostDevice) => MethodReason::MightBeLostDevice {
            declared: account.devices_in_doubt(situation),
        },
        Status::NotCounted(NotCounted::NumberUnreachable) => MethodReason::NumberUnreachable,
        Status::NotCounted(NotCounted::NumberNotCurrent) => MethodReason::NumberNotCurrent,
        Status::NotCounted(NotCounted::UnknownPhone) => MethodReason::UnknownPhone,
        Status::NotCounted(NotCounted::CodesLocationUnknown) => MethodReason::CodesLocationUnknown,
        Status::NotCounted(NotCounted::TokenNotActivated) => MethodReason::TokenNotActivated {
            status: match method.method {
                AuthMethod::HardwareOath(token) => token
                    .device
                    .as_ref()
                    .and_then(|device| device.status.clone())
                    .unwrap_or_default(),
                _ => String::new(),
            },
        },
        Status::NotCounted(NotCounted::PassNotUsable(problem)) => MethodReason::PassNotUsable {
            problem,
            at: pass.and_then(|pass| match problem {
                PassProblem::Expired => pass.end_date_time(),
                PassProblem::NotYetValid => pass.start_date_time,
                _ => None,
            }),
        },
        Status::NotCounted(NotCounted::ExternalUnconfirmed) => MethodReason::ExternalUnconfirmed,
        Status::NotCounted(NotCounted::Unrecognised) => MethodReason::Unrecognised,
    }
}
