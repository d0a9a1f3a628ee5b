//! The words of a ticket, in every language of the catalog (`locales/*/ticket.ftl`); the layout (list marks,
//! numbering, indentation) and the admin's PowerShell lines are written here.
//!
//! The text follows docs/PRODUCT.md §5: who, what happened and when, what was lost, the precise ask, the role that can
//! do it, the evidence, an offer to verify identity, and an appendix for the admin with the Entra admin center
//! path and Graph PowerShell lines. It only ever sees one tenant's [`TenantFacts`], already cleaned.

use time::OffsetDateTime;

use super::block::TicketBlock;
use super::facts::{
    asks_for_access, AccountFacts, InventoryFacts, StaleKind, StaleMethod, TenantFacts,
};
use super::sanitize::powershell_literal;
use super::Ticket;
use crate::args;
use crate::assess::{format_time, Verdict};
use crate::book::{InventorySource, Membership};
use crate::evidence::{SignInEvidence, SignInOutcome};
use crate::lang::{Lang, Noun};

/// Lifetime of the Temporary Access Pass the ticket asks for: the policy's default lifetime is one hour, and any
/// value from 10 to 43,200 minutes is accepted (docs/MICROSOFT.md §6.3).
const TAP_MINUTES: u32 = 60;

/// Renders one tenant's ticket.
pub fn ticket(facts: &TenantFacts, lang: Lang, now: OffsetDateTime) -> Ticket {
    Ticket {
        tenant_key: facts.tenant_key.clone(),
        organisation: organisation(facts),
        lang,
        accounts: facts
            .accounts
            .iter()
            .map(|account| account.id.clone())
            .collect(),
        to: facts.it_emails.clone(),
        helpdesk_urls: facts.helpdesk_urls.clone(),
        from_name: facts.requester_name.clone(),
        // Never a locked account: an answer there could not be read.
        from_address: facts.contact_email.clone(),
        subject: subject(facts, lang),
        body: body(facts, lang),
        short_body: short_body(facts, lang),
        file_stem: file_stem(facts),
        drafted_at: now,
    }
}

/// The ticket as text to copy: recipients and subject first, then the message.
pub fn as_text(ticket: &Ticket) -> String {
    let lang = ticket.lang;
    let mut out = String::new();
    if !ticket.to.is_empty() {
        let addresses = ticket.to.join(", ");
        out += &lang.say_with("ticket-text-to", &args! { "addresses" => addresses });
        out.push('\n');
    }
    for url in &ticket.helpdesk_urls {
        out += &lang.say_with("ticket-text-web-form", &args! { "url" => url });
        out.push('\n');
    }
    out += &lang.say_with(
        "ticket-text-subject",
        &args! { "subject" => &ticket.subject },
    );
    out.push_str("\n\n");
    out.push_str(&ticket.body);
    out
}

/// The last line of a `mailto:` body that had to be shortened.
pub fn shortened_note(lang: Lang, eml_name: &str) -> String {
    lang.say_with("ticket-shortened-note", &args! { "file" => eml_name })
}

fn file_stem(facts: &TenantFacts) -> String {
    let name = facts.domain.as_deref().unwrap_or(&facts.tenant_key);
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(80)
        .collect();
    format!("ticket-{}", safe.trim_matches('.'))
}

/// How the organisation is named in the text: its name, else its domain, else its id.
fn organisation(facts: &TenantFacts) -> String {
    facts
        .organisation
        .clone()
        .or_else(|| facts.domain.clone())
        .or_else(|| facts.tenant_id.clone())
        .unwrap_or_else(|| facts.tenant_key.clone())
}

fn subject(facts: &TenantFacts, lang: Lang) -> String {
    let who = match facts.accounts.as_slice() {
        [one] => one.upn.clone(),
        many => lang.count(many.len(), Noun::Account),
    };
    let id = if facts.lost_devices.is_empty() {
        "ticket-subject-blocked"
    } else {
        "ticket-subject-lost-phone"
    };
    lang.say_with(
        id,
        &args! { "who" => who, "organisation" => organisation(facts), "loss" => loss(facts) },
    )
}

/// What happened to the phone, as the catalog's selectors name it.
fn loss(facts: &TenantFacts) -> &'static str {
    facts.loss_kind.code()
}

/// A name in quotes, as the assessment's wording writes them.
fn quoted(_lang: Lang, text: &str) -> String {
    format!("\u{201c}{text}\u{201d}")
}

fn join_words(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => lang.say_with(
            "join-and",
            &args! { "head" => head.join(", "), "last" => last.as_str() },
        ),
    }
}

/// The full message: every section.
fn body(facts: &TenantFacts, lang: Lang) -> String {
    let sections = [
        opening(facts, lang),
        who(facts, lang),
        what_happened(facts, lang),
        ask(facts, lang),
        identity(lang),
        closing(facts, lang),
        appendix(facts, lang),
        vec![lang.say("ticket-drafted-with")],
        std::iter::once(lang.say("ticket-block-intro"))
            .chain(TicketBlock::from_facts(facts, lang).armored_lines())
            .collect(),
    ];
    sections
        .iter()
        .map(|section| section.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The message cut to what a `mailto:` link can carry: who, the ask, and how to reach the person. The details
/// and the admin's appendix stay in the `.eml`.
fn short_body(facts: &TenantFacts, lang: Lang) -> String {
    let sections = [
        opening(facts, lang),
        who(facts, lang),
        ask(facts, lang),
        closing(facts, lang),
    ];
    sections
        .iter()
        .map(|section| section.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn lost_device_names(facts: &TenantFacts, lang: Lang) -> Vec<String> {
    facts
        .lost_devices
        .iter()
        .map(|device| quoted(lang, device))
        .collect()
}

fn opening(facts: &TenantFacts, lang: Lang) -> Vec<String> {
    let devices = lost_device_names(facts, lang);
    let cause = if devices.is_empty() {
        lang.say("ticket-cause-no-method")
    } else {
        lang.say_with(
            "ticket-cause-lost-phone",
            &args! { "devices" => join_words(lang, &devices), "loss" => loss(facts) },
        )
    };
    vec![
        lang.say("ticket-greeting"),
        String::new(),
        lang.say_with(
            "ticket-opening",
            &args! {
                "count" => facts.accounts.len(),
                "organisation" => organisation(facts),
                "cause" => cause,
            },
        ),
    ]
}

fn who(facts: &TenantFacts, lang: Lang) -> Vec<String> {
    let organisation = organisation(facts);
    let mut lines = vec![lang.say("ticket-who-heading")];
    if let Some(name) = &facts.requester_name {
        lines.push(format!("- {}: {name}", lang.say("ticket-label-full-name")));
    }
    for account in &facts.accounts {
        let membership = lang.say(match account.membership {
            Membership::Member => "ticket-membership-member",
            Membership::Guest => "ticket-membership-guest",
        });
        lines.push(format!(
            "- {}: {} ({membership})",
            lang.say("ticket-label-account"),
            account.upn
        ));
        if let Some(name) = account
            .full_name
            .as_ref()
            .filter(|name| Some(*name) != facts.requester_name.as_ref())
        {
            lines.push(format!(
                "  {}: {name}",
                lang.say("ticket-label-name-on-account")
            ));
        }
        if let Some(id) = &account.person_id {
            lines.push(format!("  {}: {id}", lang.say("ticket-label-person-id")));
        }
        if let Some(department) = &account.department {
            lines.push(format!(
                "  {}: {department}",
                lang.say("ticket-label-department")
            ));
        }
        if account.admin_role {
            lines.push(format!("  {}", lang.say("ticket-admin-role")));
        }
    }
    let mut tenant_line = format!(
        "- {}: {organisation}",
        lang.say("ticket-label-organisation")
    );
    let mut tenant_parts = Vec::new();
    if let Some(domain) = facts
        .domain
        .as_ref()
        .filter(|domain| **domain != organisation)
    {
        tenant_parts.push(lang.say_with("ticket-tenant-domain", &args! { "domain" => domain }));
    }
    if let Some(id) = facts.tenant_id.as_ref().filter(|id| **id != organisation) {
        tenant_parts.push(lang.say_with("ticket-tenant-id", &args! { "id" => id }));
    }
    if !tenant_parts.is_empty() {
        tenant_line.push_str(&format!(" ({})", tenant_parts.join(", ")));
    }
    lines.push(tenant_line);
    lines
}

fn what_happened(facts: &TenantFacts, lang: Lang) -> Vec<String> {
    let devices = lost_device_names(facts, lang);
    let several = facts.accounts.len() > 1;
    let mut lines = vec![lang.say("ticket-what-happened-heading")];
    if !devices.is_empty() {
        let devices = join_words(lang, &devices);
        lines.push(format!(
            "- {}",
            match facts.lost_on {
                Some(day) => lang.say_with(
                    "ticket-lost-phone-on",
                    &args! { "day" => day.to_string(), "devices" => devices, "loss" => loss(facts) },
                ),
                None => lang.say_with(
                    "ticket-lost-phone",
                    &args! { "devices" => devices, "loss" => loss(facts) },
                ),
            }
        ));
    }
    for ending in &facts.unreachable_number_endings {
        lines.push(format!(
            "- {}",
            lang.say_with("ticket-number-unreachable", &args! { "ending" => ending })
        ));
    }
    if facts.codes_on_lost_phone {
        lines.push(format!("- {}", lang.say("ticket-codes-on-lost-phone")));
    }
    for account in &facts.accounts {
        let prefix = if several {
            format!("{}: ", account.upn)
        } else {
            String::new()
        };
        if let Some(check) = &account.sign_in {
            lines.push(format!("- {prefix}{}", sign_in_sentence(lang, check)));
            let mut ids = Vec::new();
            if let Some(trace) = &check.trace_id {
                ids.push(format!("Trace ID {trace}"));
            }
            if let Some(correlation) = &check.correlation_id {
                ids.push(format!("Correlation ID {correlation}"));
            }
            if !ids.is_empty() {
                lines.push(format!("  {}", ids.join(", ")));
            }
        }
        if let Some(inventory) = &account.inventory {
            lines.push(format!("- {prefix}{}", inventory_sentence(lang, inventory)));
        }
        lines.push(format!(
            "- {prefix}{}",
            verdict_sentence(lang, account.verdict)
        ));
    }
    lines
}

fn ask(facts: &TenantFacts, lang: Lang) -> Vec<String> {
    let devices = lost_device_names(facts, lang);
    let several = facts.accounts.len() > 1;
    let any_access = facts
        .accounts
        .iter()
        .any(|account| asks_for_access(account.verdict));
    let mut lines = vec![lang.say("ticket-ask-heading")];
    let mut step = 0;
    let mut next = || {
        step += 1;
        step
    };
    let for_each = if several {
        format!(" {}", lang.say("ticket-for-each-account"))
    } else {
        String::new()
    };
    if any_access {
        let tap = lang.say_with(
            "ticket-ask-tap",
            &args! { "for_each" => for_each.as_str(), "minutes" => TAP_MINUTES.to_string() },
        );
        lines.push(format!("{}. {tap}", next()));
        // The pass only works where the policy enables it, and it must not travel to a mailbox nobody can open.
        let handover = lang.say_with(
            "ticket-ask-tap-handover",
            &args! { "contact" => facts.contact_email.as_str() },
        );
        lines.push(format!("   {handover}"));
    }
    for account in &facts.accounts {
        for stale in &account.stale_methods {
            let whose = if several {
                format!(" ({})", account.upn)
            } else {
                String::new()
            };
            lines.push(format!(
                "{}. {}",
                next(),
                stale_sentence(lang, facts, stale, &whose)
            ));
        }
    }
    let authenticator_named = facts.accounts.iter().any(|account| {
        account
            .stale_methods
            .iter()
            .any(|stale| stale.kind == StaleKind::AuthenticatorApp)
    });
    if !devices.is_empty() && !authenticator_named {
        let text = lang.say_with(
            "ticket-ask-delete-device",
            &args! { "devices" => join_words(lang, &devices), "loss" => loss(facts) },
        );
        lines.push(format!("{}. {text}", next()));
    }
    // Revoking sign-in sessions does not reach external (guest) users (docs/MICROSOFT.md §6.3).
    let members: Vec<&AccountFacts> = facts
        .accounts
        .iter()
        .filter(|account| account.membership == Membership::Member)
        .collect();
    if !members.is_empty() {
        let for_which = match (several, members.len() == facts.accounts.len()) {
            (false, _) => String::new(),
            (true, true) => for_each.clone(),
            (true, false) => format!(
                " ({})",
                members
                    .iter()
                    .map(|account| account.upn.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let text = lang.say_with(
            "ticket-ask-revoke",
            &args! { "for_which" => for_which, "loss" => loss(facts) },
        );
        lines.push(format!("{}. {text}", next()));
    }
    lines.push(String::new());
    let admins: Vec<String> = facts
        .accounts
        .iter()
        .filter(|account| account.admin_role)
        .map(|account| account.upn.clone())
        .collect();
    lines.push(role_sentence(lang, &admins));
    if !admins.is_empty() {
        // The field guide's dual control: a privileged account is reset only after a second person's check.
        lines.push(lang.say("ticket-ask-second-check"));
    }
    lines
}

/// The ask to delete one stale registration.
fn stale_sentence(lang: Lang, facts: &TenantFacts, stale: &StaleMethod, whose: &str) -> String {
    let name = stale
        .name
        .as_deref()
        .map(|name| format!(" {}", quoted(lang, name)))
        .unwrap_or_default();
    let id = stale.id.as_str();
    match stale.kind {
        StaleKind::AuthenticatorApp | StaleKind::AuthenticatorPasskey => lang.say_with(
            if stale.kind == StaleKind::AuthenticatorApp {
                "ticket-ask-delete-authenticator"
            } else {
                "ticket-ask-delete-passkey"
            },
            &args! { "name" => name, "whose" => whose, "id" => id, "loss" => loss(facts) },
        ),
        StaleKind::PhoneNumber => lang.say_with(
            "ticket-ask-delete-number",
            &args! { "ending" => stale.name.as_deref().unwrap_or("?"), "whose" => whose, "id" => id },
        ),
        StaleKind::CodeApp => lang.say_with(
            "ticket-ask-delete-code-app",
            &args! { "whose" => whose, "id" => id },
        ),
    }
}

fn identity(lang: Lang) -> Vec<String> {
    vec![
        lang.say("ticket-identity-heading"),
        lang.say("ticket-identity"),
    ]
}

fn closing(facts: &TenantFacts, lang: Lang) -> Vec<String> {
    vec![
        lang.say("ticket-thanks"),
        facts
            .requester_name
            .clone()
            .or_else(|| facts.accounts.first().map(|account| account.upn.clone()))
            .unwrap_or_default(),
        lang.say_with(
            "ticket-reach-me",
            &args! { "count" => facts.accounts.len(), "contact" => facts.contact_email.as_str() },
        ),
    ]
}

/// Who can act (docs/MICROSOFT.md §6.2, roles table and TAP rules): an Authentication Administrator for members; a
/// Privileged Authentication Administrator for administrators; Helpdesk and User Administrators cannot.
fn role_sentence(lang: Lang, admins: &[String]) -> String {
    if admins.is_empty() {
        return lang.say("ticket-role-any");
    }
    lang.say_with(
        "ticket-role-admins",
        &args! { "admins" => join_words(lang, admins) },
    )
}

fn sign_in_sentence(lang: Lang, check: &SignInEvidence) -> String {
    let code = check
        .aadsts
        .map(|code| format!(" (AADSTS{code})"))
        .unwrap_or_default();
    let what = lang.say(match check.outcome {
        SignInOutcome::BlockedByMfa => "ticket-sign-in-blocked-by-mfa",
        SignInOutcome::MustRegister => "ticket-sign-in-must-register",
        SignInOutcome::RegistrationBlocked => "ticket-sign-in-registration-blocked",
        SignInOutcome::BlockedByPolicy => "ticket-sign-in-blocked-by-policy",
        SignInOutcome::Completed => "ticket-sign-in-completed",
        SignInOutcome::ConsentMissing => "ticket-sign-in-consent-missing",
        SignInOutcome::WrongAccountOrTenant => "ticket-sign-in-wrong-account-or-tenant",
        SignInOutcome::PasswordProblem => "ticket-sign-in-password-problem",
        SignInOutcome::DisabledOrLocked => "ticket-sign-in-disabled-or-locked",
        SignInOutcome::Transient => "ticket-sign-in-transient",
        SignInOutcome::Skipped => "ticket-sign-in-skipped",
    });
    lang.say_with(
        "ticket-sign-in",
        &args! { "at" => format_time(check.at), "what" => what, "code" => code },
    )
}

fn inventory_sentence(lang: Lang, inventory: &InventoryFacts) -> String {
    let source = lang.say(match inventory.source {
        InventorySource::Graph => "ticket-inventory-source-graph",
        InventorySource::Manual => "ticket-inventory-source-manual",
        InventorySource::LastKnown => "ticket-inventory-source-last-known",
    });
    let methods: Vec<String> = inventory
        .methods
        .iter()
        .map(|method| method.describe(lang))
        .collect();
    let list = if methods.is_empty() {
        lang.say("ticket-inventory-none")
    } else {
        methods.join(", ")
    };
    lang.say_with(
        "ticket-inventory",
        &args! { "at" => format_time(inventory.read_at), "source" => source, "list" => list },
    )
}

fn verdict_sentence(lang: Lang, verdict: Verdict) -> String {
    lang.say(match verdict {
        Verdict::NeedsIt => "ticket-verdict-needs-it",
        Verdict::Unknown => "ticket-verdict-unknown",
        Verdict::NotRegistered => "ticket-verdict-not-registered",
        Verdict::SelfService => "ticket-verdict-self-service",
    })
}

/// The admin's appendix: where to click in the Entra admin center (docs/MICROSOFT.md §6.1) and the Graph PowerShell
/// lines (docs/MICROSOFT.md §6.3), filled in for each account.
fn appendix(facts: &TenantFacts, lang: Lang) -> Vec<String> {
    let mut lines = vec![
        lang.say("ticket-appendix-heading"),
        lang.say("ticket-appendix-admin-center"),
    ];
    if facts
        .accounts
        .iter()
        .any(|account| asks_for_access(account.verdict))
    {
        lines.push(format!("  {}", lang.say("ticket-appendix-tap-policy")));
    }
    for account in &facts.accounts {
        lines.push(format!(
            "  Users > All users > {} > Authentication methods",
            account.upn
        ));
        if asks_for_access(account.verdict) {
            let tap = lang.say_with(
                "ticket-appendix-tap",
                &args! { "minutes" => TAP_MINUTES.to_string() },
            );
            lines.push(format!("  - {tap}"));
            lines.push(format!("  - {}", lang.say("ticket-appendix-re-register")));
        }
        for stale in &account.stale_methods {
            let name = quoted(lang, stale.name.as_deref().unwrap_or(&stale.id));
            let text = lang.say_with(
                "ticket-appendix-delete",
                &args! { "kind" => stale.kind.type_name(), "name" => name },
            );
            lines.push(format!("  - {text}"));
        }
        lines.push("  - \"Revoke MFA sessions\".".into());
    }

    lines.push(String::new());
    lines.push("Microsoft Graph PowerShell:".into());
    // A guest's object in this directory is not named by their home sign-in name: find it by email first.
    let is_guest_lookup = |account: &AccountFacts| {
        account.membership == Membership::Guest && !account.upn.contains("#EXT#")
    };
    let mut scopes = vec![
        "'UserAuthenticationMethod.ReadWrite.All'",
        "'User.RevokeSessions.All'",
    ];
    if facts.accounts.iter().any(is_guest_lookup) {
        scopes.push("'User.Read.All'");
    }
    let tenant = facts.tenant_id.as_ref().or(facts.domain.as_ref());
    let tenant_argument = tenant
        .map(|tenant| format!(" -TenantId {}", powershell_literal(tenant)))
        .unwrap_or_default();
    lines.push(format!(
        "  Connect-MgGraph{tenant_argument} -Scopes {}",
        scopes.join(",")
    ));
    for account in &facts.accounts {
        let user = if is_guest_lookup(account) {
            let filter = format!("mail eq '{}'", account.upn.replace('\'', "''"));
            lines.push(format!(
                "  $guest = Get-MgUser -Filter {}",
                powershell_literal(&filter)
            ));
            "$guest.Id".to_string()
        } else {
            powershell_literal(&account.upn)
        };
        lines.push(format!("  Get-MgUserAuthenticationMethod -UserId {user}"));
        for stale in &account.stale_methods {
            let (command, parameter) = stale.kind.powershell_remove();
            lines.push(format!(
                "  {command} -UserId {user} -{parameter} {}",
                powershell_literal(&stale.id)
            ));
        }
        if asks_for_access(account.verdict) {
            lines.push(format!(
                "  New-MgUserAuthenticationTemporaryAccessPassMethod -UserId {user} -BodyParameter @{{ isUsableOnce = $true; lifetimeInMinutes = {TAP_MINUTES} }}"
            ));
        }
        // Revoking sessions does not reach external users (docs/MICROSOFT.md §6.3).
        if account.membership == Membership::Member {
            lines.push(format!("  Revoke-MgUserSignInSession -UserId {user}"));
        }
    }
    lines
}

impl StaleKind {
    /// The method type as the Entra admin center lists it.
    fn type_name(self) -> &'static str {
        match self {
            StaleKind::AuthenticatorApp => "Microsoft Authenticator",
            StaleKind::AuthenticatorPasskey => "Passkey (Microsoft Authenticator)",
            StaleKind::PhoneNumber => "Phone number",
            StaleKind::CodeApp => "Software OATH token",
        }
    }

    /// The Graph PowerShell cmdlet that deletes this kind of method, and its method-id parameter
    /// (docs/MICROSOFT.md §6.3).
    fn powershell_remove(self) -> (&'static str, &'static str) {
        match self {
            StaleKind::AuthenticatorApp => (
                "Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod",
                "MicrosoftAuthenticatorAuthenticationMethodId",
            ),
            StaleKind::AuthenticatorPasskey => (
                "Remove-MgUserAuthenticationFido2Method",
                "Fido2AuthenticationMethodId",
            ),
            StaleKind::PhoneNumber => (
                "Remove-MgUserAuthenticationPhoneMethod",
                "PhoneAuthenticationMethodId",
            ),
            StaleKind::CodeApp => (
                "Remove-MgUserAuthenticationSoftwareOathMethod",
                "SoftwareOathAuthenticationMethodId",
            ),
        }
    }
}
