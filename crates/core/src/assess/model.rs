//! The assessment's public vocabulary: evidence in, verdicts, grades, reasons and steps out. Reasons and steps are
//! data; `render.rs` turns them into words in each language, so the CLI, the desktop and the tickets share them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::rules::{PreparedAccount, PreparedSituation};
use super::Decision;
use crate::evidence::{SignInEvidence, SignInOutcome};
use crate::methods::AuthMethod;
use crate::situation::Situation;

/// Everything known about one account that a verdict can rest on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountEvidence {
    /// The tenant's id (GUID), for the Security info link.
    #[serde(default)]
    pub tenant_id: Option<String>,
    #[serde(default)]
    pub inventory: Option<Inventory>,
    #[serde(default)]
    pub sign_in: Option<SignInEvidence>,
}

/// A list of the account's registered methods, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Inventory {
    /// The methods in their Graph JSON shape.
    #[ts(as = "Vec<serde_json::Value>")]
    pub methods: Vec<AuthMethod>,
    pub source: InventorySource,
    /// When the list was read (UTC).
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub read_at: OffsetDateTime,
}

/// Where an inventory came from (docs/PRODUCT.md §3, evidence table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InventorySource {
    /// Read from Graph `/me/authentication/methods`: authoritative.
    Graph,
    /// Ticked by the person from the Security info page or the "Sign in another way" list.
    Manual,
    /// A previous inventory of the same account: stale, but it names the exact methods.
    LastKnown,
}

/// Whether the person can recover the account themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// At least one usable MFA-capable method (likely: policy can switch a registered method off).
    SelfService,
    /// MFA methods are registered and none is usable, or a sign-in proved it: the tenant's IT must act.
    NeedsIt,
    /// No MFA-capable method at all: the next sign-in will ask to register one.
    NotRegistered,
    /// No inventory and no decisive sign-in: check by hand.
    Unknown,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::SelfService,
        Verdict::NeedsIt,
        Verdict::NotRegistered,
        Verdict::Unknown,
    ];

    /// The code used in JSON (`self_service`, …).
    pub fn code(self) -> &'static str {
        match self {
            Verdict::SelfService => "self_service",
            Verdict::NeedsIt => "needs_it",
            Verdict::NotRegistered => "not_registered",
            Verdict::Unknown => "unknown",
        }
    }
}

/// Readiness grade, from the independent carriers among the usable MFA methods (docs/PRODUCT.md §3).
/// Ordered from worst to best, so `max` picks the better grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum Grade {
    /// No usable MFA method.
    F,
    /// One usable method.
    D,
    /// Two or more methods, all on one carrier.
    C,
    /// Two or more independent carriers.
    B,
    /// Two or more independent carriers, one of them phishing-resistant.
    A,
}

impl Grade {
    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::F => "F",
        }
    }
}

/// What a verdict rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A sign-in outcome proved it.
    SignIn,
    /// Predicted from the list of registered methods and the declarations.
    Inventory,
    /// Nothing decisive is known.
    Nothing,
}

/// Why the tenant's IT has to act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItReason {
    /// Methods are registered but none is usable after the loss.
    NoUsableMethod,
    /// A sign-in stopped at the MFA prompt.
    SignInBlockedByMfa,
    /// Registering security info is blocked (AADSTS 53004, 53010).
    RegistrationBlocked,
    /// An access policy blocks the sign-in; another method would not help (AADSTS 53003, …).
    PolicyBlocksSignIn,
    /// The account is disabled or locked.
    AccountDisabled,
}

/// What kind of method a note is about; decides its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    Password,
    Email,
    QrCodePin,
    AuthenticatorApp,
    PasswordlessAuthenticator,
    AuthenticatorPasskey,
    SecurityKey,
    WindowsPasskey,
    SyncedPasskey,
    WindowsHello,
    PlatformCredential,
    MobilePhone,
    AlternateMobilePhone,
    OfficePhone,
    OtherPhone,
    SoftwareOath,
    HardwareOath,
    TemporaryAccessPass,
    External,
    Unrecognised,
}

impl MethodKind {
    /// True for methods that are a phishing-resistant second step (FIDO2, passkeys, Windows Hello, platform
    /// credential).
    pub fn is_phishing_resistant(self) -> bool {
        matches!(
            self,
            MethodKind::AuthenticatorPasskey
                | MethodKind::SecurityKey
                | MethodKind::WindowsPasskey
                | MethodKind::SyncedPasskey
                | MethodKind::WindowsHello
                | MethodKind::PlatformCredential
        )
    }

    /// True for SMS/voice methods (their Microsoft-provided delivery ends 2027-02-01, docs/MICROSOFT.md §0.6).
    pub fn is_phone(self) -> bool {
        matches!(
            self,
            MethodKind::MobilePhone
                | MethodKind::AlternateMobilePhone
                | MethodKind::OfficePhone
                | MethodKind::OtherPhone
        )
    }
}

/// A method, as notes and steps name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MethodRef {
    /// The Graph id (what IT deletes).
    pub id: String,
    /// The Graph type without the `#microsoft.graph.` prefix.
    #[serde(rename = "type")]
    pub graph_type: String,
    pub kind: MethodKind,
    /// What the person recognises it by: a device, key or computer name, the last digits of a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub label: Option<String>,
}

/// A method and why it counts (in [`Assessment::usable`]) or not (in [`Assessment::not_counted`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MethodNote {
    #[serde(flatten)]
    pub method: MethodRef,
    pub reason: MethodReason,
}

/// Why a method counts or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "code",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum MethodReason {
    // Counted.
    /// The device, key or computer it lives on is not declared lost.
    DeviceStillHeld,
    /// A passkey in Microsoft Authenticator; `confirmed` when the person said it lives on a device they still hold.
    PasskeyInAuthenticator { confirmed: bool },
    /// SMS or a call to a number not declared unreachable (the label holds its last digits).
    NumberReachable,
    /// The person confirmed their code app lives on a device they still hold.
    CodesOnHeldDevice,
    /// As `CodesOnHeldDevice`, and Authenticator's cloud backup keeps a copy: the codes outlive the phone.
    CodesBackedUp,
    /// A Temporary Access Pass that works.
    PassUsable {
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[ts(type = "string | null")]
        until: Option<OffsetDateTime>,
    },
    /// The person confirmed they can complete the external provider's check.
    ExternalConfirmed,
    /// The person confirmed a sign-in passed its second step with this method.
    ProvenBySignIn {
        #[serde(with = "time::serde::rfc3339")]
        #[ts(type = "string")]
        at: OffsetDateTime,
    },
    // Not counted.
    /// Password, email, QR code + PIN, passwordless phone sign-in: not a second step.
    NotASecondStep,
    /// It lives on a device declared lost.
    OnLostDevice { device: String },
    /// A passkey in Authenticator, treated as being on the lost phone.
    PresumedOnLostPhone,
    /// A phone-bound method (or an unnamed one) that could be the lost device under another name.
    MightBeLostDevice { declared: Vec<String> },
    /// The number is declared unreachable.
    NumberUnreachable,
    /// The person said the registered number is no longer theirs (readiness).
    NumberNotCurrent,
    /// A phone method of a type Lifeboat does not know, or without a number.
    UnknownPhone,
    /// A code app whose device Graph does not name; counts once the person says where it is.
    CodesLocationUnknown,
    /// A hardware token that is not activated.
    TokenNotActivated { status: String },
    /// A Temporary Access Pass that does not work (now).
    PassNotUsable {
        problem: PassProblem,
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[ts(type = "string | null")]
        at: Option<OffsetDateTime>,
    },
    /// An external provider's check: counts once the person confirms they can complete it.
    ExternalUnconfirmed,
    /// A method type Lifeboat does not know.
    Unrecognised,
}

/// Why a Temporary Access Pass does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PassProblem {
    Expired,
    NotYetValid,
    AlreadyUsed,
    DisabledByPolicy,
    NotUsable,
}

/// A fact the verdict rests on, for the person and for the IT ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum EvidenceNote {
    /// A sign-in attempt; `decisive` when the verdict rests on it.
    SignIn {
        outcome: SignInOutcome,
        #[serde(with = "time::serde::rfc3339")]
        #[ts(type = "string")]
        at: OffsetDateTime,
        aadsts: Option<u32>,
        second_step_confirmed: Option<bool>,
        second_step_method: Option<String>,
        decisive: bool,
    },
    /// The list of registered methods; `decisive` when the verdict rests on it.
    Inventory {
        source: InventorySource,
        #[serde(with = "time::serde::rfc3339")]
        #[ts(type = "string")]
        read_at: OffsetDateTime,
        methods: usize,
        decisive: bool,
    },
    /// What the person declared.
    Declared {
        lost_devices: Vec<String>,
        held_devices: Vec<String>,
        unreachable_numbers: usize,
        otp_on_held_device: bool,
        authenticator_passkey_on_held_device: bool,
        external_method_usable: bool,
    },
    /// Declared lost devices whose names match no method of this account.
    UnmatchedLostDevices { names: Vec<String> },
    /// Registered is not always enabled: the organisation's policy can switch a method off.
    PolicyMayDisable,
    /// Nothing decisive is known.
    NothingKnown,
}

/// One thing for the person to do, in order. Rendered to text by [`Step::render`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Step {
    /// Before relying on SMS or calls: get a replacement SIM if the old one was in the lost phone.
    ReplaceSim { number_ending: String },
    /// Open the tenant's Security info page.
    OpenSecurityInfo { url: String, tenant_known: bool },
    /// At the second step, choose "Sign in another way" and use this method.
    SignInWith { method: MethodRef },
    /// Sign in the way the confirmed sign-in did.
    SignInAsBefore { method_label: Option<String> },
    /// Delete a registration that lives on a lost device.
    DeleteLostRegistration { method: MethodRef },
    /// Set up Microsoft Authenticator on the new phone.
    AddAuthenticatorOnNewPhone,
    /// Add a passkey or a FIDO2 security key.
    AddPhishingResistantMethod,
    /// Add a method that lives on a different device.
    AddMethodOnAnotherDevice,
    /// Only SMS/voice remain: add something else before Microsoft's SMS/voice delivery ends.
    MoveOffSmsAndVoice,
    /// The registered number is no longer the person's: change it on Security info while they can still sign in.
    UpdatePhoneNumber { number_ending: String },
    /// Question: do the one-time codes live on a device you still have?
    ConfirmCodesLocation,
    /// Question: does the passkey in Authenticator live on a device you still have?
    ConfirmPasskeyLocation,
    /// Question: can you still complete the external provider's check?
    ConfirmExternalMethod { provider: Option<String> },
    /// Question: is this device one of those you declared lost?
    ConfirmDevice {
        method: MethodRef,
        declared: Vec<String>,
    },
    /// Question: did the sign-in ask for a second step, and what passed it?
    ConfirmSecondStep,
    /// The sign-in was blocked, but these methods should work: try "Sign in another way" first.
    TryOtherMethodsFirst { methods: Vec<MethodRef> },
    /// Contact the organisation's IT; Lifeboat drafts the ticket.
    AskIt { because: ItReason },
    /// After IT has acted: sign in, delete the lost registrations, set up the new phone and a second method.
    AfterItActs,
    /// The next sign-in will ask to register security info.
    RegisterAtNextSignIn { url: String },
    /// Read the methods by hand on the Security info page and tell Lifeboat.
    CheckManually { url: String },
    /// Nothing to improve.
    NoActionNeeded,
}

/// The full result for one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    pub verdict: Verdict,
    /// After the declared losses; with nothing declared lost it is the readiness grade. `None` without an
    /// inventory: there is nothing to grade.
    pub grade: Option<Grade>,
    pub decided_by: Basis,
    /// Why IT must act, for `needs_it`.
    pub it_reason: Option<ItReason>,
    pub usable: Vec<MethodNote>,
    pub not_counted: Vec<MethodNote>,
    pub evidence: Vec<EvidenceNote>,
    pub steps: Vec<Step>,
}

/// The evidence list: the decisive item first, then the rest, then caveats.
pub(super) fn evidence_notes(
    evidence: &AccountEvidence,
    situation: &Situation,
    decision: &Decision,
    account: Option<&PreparedAccount<'_>>,
    prepared_situation: &PreparedSituation,
) -> Vec<EvidenceNote> {
    let sign_in = evidence
        .sign_in
        .as_ref()
        .map(|sign_in| EvidenceNote::SignIn {
            outcome: sign_in.outcome,
            at: sign_in.at,
            aadsts: sign_in.aadsts,
            second_step_confirmed: sign_in.second_step_confirmed,
            second_step_method: sign_in.second_step_method.clone(),
            decisive: decision.basis == Basis::SignIn,
        });
    let inventory = evidence
        .inventory
        .as_ref()
        .map(|inventory| EvidenceNote::Inventory {
            source: inventory.source,
            read_at: inventory.read_at,
            methods: inventory.methods.len(),
            decisive: decision.basis == Basis::Inventory,
        });
    let mut notes: Vec<EvidenceNote> = match decision.basis {
        Basis::Inventory => inventory.into_iter().chain(sign_in).collect(),
        _ => sign_in.into_iter().chain(inventory).collect(),
    };
    let declared_anything = situation.declares_loss()
        || !situation.held_devices.is_empty()
        || situation.otp_on_held_device
        || situation.authenticator_passkey_on_held_device
        || situation.external_method_usable;
    if declared_anything {
        notes.push(EvidenceNote::Declared {
            lost_devices: situation
                .lost_devices
                .iter()
                .filter(|name| !name.trim().is_empty())
                .cloned()
                .collect(),
            held_devices: situation
                .held_devices
                .iter()
                .filter(|name| !name.trim().is_empty())
                .cloned()
                .collect(),
            unreachable_numbers: prepared_situation.unreachable_count(),
            otp_on_held_device: situation.otp_on_held_device,
            authenticator_passkey_on_held_device: situation.authenticator_passkey_on_held_device,
            external_method_usable: situation.external_method_usable,
        });
    }
    if let Some(account) = account {
        let names = account.unidentified_lost_devices(prepared_situation);
        if !names.is_empty() {
            notes.push(EvidenceNote::UnmatchedLostDevices { names });
        }
    }
    if decision.verdict == Verdict::SelfService && decision.basis == Basis::Inventory {
        notes.push(EvidenceNote::PolicyMayDisable);
    }
    if notes.is_empty() {
        notes.push(EvidenceNote::NothingKnown);
    }
    notes
}
