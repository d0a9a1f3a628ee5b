//! The words of a ticket, in Italian and English.
//!
//! The text follows docs/PRODUCT.md §5: who, what happened and when, what was lost, the precise ask, the role that can
//! do it, the evidence, an offer to verify identity, and an appendix for the admin with the Entra admin center
//! path and Graph PowerShell lines. It only ever sees one tenant's [`TenantFacts`], already cleaned.

use time::OffsetDateTime;

use super::facts::{asks_for_access, AccountFacts, InventoryFacts, RegistrationKind, TenantFacts};
use super::sanitize::powershell_literal;
use super::Ticket;
use crate::assess::{format_time, Verdict};
use crate::book::{InventorySource, Membership};
use crate::evidence::{SignInEvidence, SignInOutcome};
use crate::lang::Lang;

/// Lifetime of the Temporary Access Pass the ticket asks for: the policy's default lifetime is one hour, and any
/// value from 10 to 43,200 minutes is accepted (docs/MICROSOFT.md §6.3).
const TAP_MINUTES: u32 = 60;

/// Renders one tenant's ticket.
pub fn ticket(facts: &TenantFacts, lang: Lang, now: OffsetDateTime) -> Ticket {
    let from_address = facts
        .contact_email
        .clone()
        .or_else(|| facts.accounts.first().map(|account| account.upn.clone()))
        .unwrap_or_default();
    Ticket {
        tenant_key: facts.tenant_key.clone(),
        lang,
        accounts: facts
            .accounts
            .iter()
            .map(|account| account.id.clone())
            .collect(),
        to: facts.it_emails.clone(),
        helpdesk_urls: facts.helpdesk_urls.clone(),
        from_name: facts.requester_name.clone(),
        from_address,
        subject: subject(facts, lang),
        body: body(facts, lang),
        short_body: short_body(facts, lang),
        file_stem: file_stem(facts),
        drafted_at: now,
    }
}

/// The ticket as text to copy: recipients and subject first, then the message.
pub fn as_text(ticket: &Ticket) -> String {
    let (to, web, subject) = match ticket.lang {
        Lang::It => ("A", "Modulo web", "Oggetto"),
        Lang::En => ("To", "Web form", "Subject"),
    };
    let mut out = String::new();
    if !ticket.to.is_empty() {
        out.push_str(&format!("{to}: {}\n", ticket.to.join(", ")));
    }
    for url in &ticket.helpdesk_urls {
        out.push_str(&format!("{web}: {url}\n"));
    }
    out.push_str(&format!("{subject}: {}\n\n", ticket.subject));
    out.push_str(&ticket.body);
    out
}

/// The last line of a `mailto:` body that had to be shortened.
pub fn shortened_note(lang: Lang, eml_name: &str) -> String {
    match lang {
        Lang::It => format!("[Testo abbreviato per il link. Il testo completo è nel file {eml_name}: allegalo o incollalo qui.]"),
        Lang::En => format!("[Shortened to fit a link. The full text is in the file {eml_name}: attach it or paste it here.]"),
    }
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
        many => match lang {
            Lang::It => format!("{} account", many.len()),
            Lang::En => format!("{} accounts", many.len()),
        },
    };
    let organisation = organisation(facts);
    let lost_phone = !facts.lost_devices.is_empty();
    match (lang, lost_phone) {
        (Lang::It, true) => format!("Telefono con Microsoft Authenticator perso: richiesta di accesso temporaneo per {who} ({organisation})"),
        (Lang::It, false) => format!("Verifica in due passaggi bloccata: richiesta di accesso temporaneo per {who} ({organisation})"),
        (Lang::En, true) => format!("Lost Microsoft Authenticator phone: temporary access request for {who} ({organisation})"),
        (Lang::En, false) => format!("Blocked at multi-factor sign-in: temporary access request for {who} ({organisation})"),
    }
}

/// A name in quotes, as the assessment's wording writes them.
fn quoted(_lang: Lang, text: &str) -> String {
    format!("\u{201c}{text}\u{201d}")
}

fn join_words(lang: Lang, items: &[String]) -> String {
    let and = match lang {
        Lang::It => " e ",
        Lang::En => " and ",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => format!("{}{and}{last}", head.join(", ")),
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
        vec![pick(
            lang,
            "Bozza preparata con Lifeboat.",
            "Drafted with Lifeboat.",
        )
        .to_string()],
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
    let organisation = organisation(facts);
    let devices = lost_device_names(facts, lang);
    let several = facts.accounts.len() > 1;
    let cause = match (lang, devices.is_empty()) {
        (Lang::It, false) => {
            format!(
                "ho perso il telefono {} su cui avevo Microsoft Authenticator",
                join_words(lang, &devices)
            )
        }
        (Lang::It, true) => {
            "non ho più a disposizione il metodo che usavo per la verifica".to_string()
        }
        (Lang::En, false) => {
            format!(
                "I lost the phone {} that holds Microsoft Authenticator",
                join_words(lang, &devices)
            )
        }
        (Lang::En, true) => "I no longer have the method I used for verification".to_string(),
    };
    match lang {
        Lang::It => {
            let account_words = if several {
                "ai miei account"
            } else {
                "al mio account"
            };
            vec![
                "Buongiorno,".into(),
                String::new(),
                format!(
                    "non riesco più a completare la verifica in due passaggi (MFA) per accedere {account_words} di {organisation}: {cause}. Non posso risolvere il problema in autonomia e vi chiedo aiuto."
                ),
            ]
        }
        Lang::En => {
            let account_words = if several { "accounts" } else { "account" };
            vec![
                "Hello,".into(),
                String::new(),
                format!(
                    "I can no longer complete multi-factor authentication (MFA) to sign in to my {organisation} {account_words}: {cause}. I cannot solve this on my own and I am asking for your help."
                ),
            ]
        }
    }
}

fn who(facts: &TenantFacts, lang: Lang) -> Vec<String> {
    let organisation = organisation(facts);
    let mut lines = vec![pick(lang, "Chi sono", "Who I am").to_string()];
    if let Some(name) = &facts.requester_name {
        lines.push(format!(
            "- {}: {name}",
            pick(lang, "Nome e cognome", "Full name")
        ));
    }
    for account in &facts.accounts {
        let membership = match account.membership {
            Membership::Member => pick(
                lang,
                "membro dell'organizzazione",
                "member of the organisation",
            ),
            Membership::Guest => pick(lang, "utente ospite, B2B", "guest user, B2B"),
        };
        lines.push(format!("- Account: {} ({membership})", account.upn));
        if let Some(name) = account
            .full_name
            .as_ref()
            .filter(|name| Some(*name) != facts.requester_name.as_ref())
        {
            lines.push(format!(
                "  {}: {name}",
                pick(lang, "Nome per questo account", "Name on this account")
            ));
        }
        if let Some(id) = &account.person_id {
            lines.push(format!(
                "  {}: {id}",
                pick(lang, "Matricola o codice dipendente", "Student or staff ID")
            ));
        }
        if let Some(department) = &account.department {
            lines.push(format!(
                "  {}: {department}",
                pick(lang, "Dipartimento, classe o corso", "Department or course")
            ));
        }
        if account.admin_role {
            lines.push(format!(
                "  {}",
                pick(
                    lang,
                    "Questo account ha un ruolo di amministratore.",
                    "This account holds an administrator role."
                )
            ));
        }
    }
    let mut tenant_line = format!(
        "- {}: {organisation}",
        pick(lang, "Organizzazione", "Organisation")
    );
    let mut tenant_parts = Vec::new();
    if let Some(domain) = facts
        .domain
        .as_ref()
        .filter(|domain| **domain != organisation)
    {
        tenant_parts.push(format!("{} {domain}", pick(lang, "dominio", "domain")));
    }
    if let Some(id) = facts.tenant_id.as_ref().filter(|id| **id != organisation) {
        tenant_parts.push(format!("{} {id}", pick(lang, "ID tenant", "tenant ID")));
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
    let mut lines = vec![pick(lang, "Che cosa è successo", "What happened").to_string()];
    if !devices.is_empty() {
        let devices = join_words(lang, &devices);
        lines.push(match (lang, facts.lost_on) {
            (Lang::It, Some(day)) => {
                format!("- Il {day} ho perso il telefono {devices} con Microsoft Authenticator.")
            }
            (Lang::It, None) => {
                format!("- Ho perso il telefono {devices} con Microsoft Authenticator.")
            }
            (Lang::En, Some(day)) => {
                format!("- On {day} I lost the phone {devices} with Microsoft Authenticator.")
            }
            (Lang::En, None) => {
                format!("- I lost the phone {devices} with Microsoft Authenticator.")
            }
        });
    }
    for ending in &facts.unreachable_number_endings {
        lines.push(match lang {
            Lang::It => {
                format!("- Il numero di telefono che termina con {ending} non riceve più codici.")
            }
            Lang::En => format!("- The phone number ending in {ending} no longer receives codes."),
        });
    }
    if facts.codes_on_lost_phone {
        lines.push(
            pick(
                lang,
                "- Anche i codici monouso delle app di autenticazione erano sul telefono perso.",
                "- The one-time codes of my authenticator apps were on the lost phone too.",
            )
            .into(),
        );
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
    let mut lines = vec![pick(lang, "Che cosa vi chiedo", "What I am asking for").to_string()];
    let mut step = 0;
    let mut next = || {
        step += 1;
        step
    };
    let for_each = if several {
        pick(
            lang,
            " per ciascuno degli account indicati",
            " for each account above",
        )
    } else {
        ""
    };
    if any_access {
        lines.push(match lang {
            Lang::It => format!(
                "{}. Un Temporary Access Pass monouso{for_each} (valido circa {TAP_MINUTES} minuti), per accedere e registrare Microsoft Authenticator sul nuovo telefono. In alternativa va bene anche \"Require re-register MFA\": al prossimo accesso registrerò di nuovo i metodi.",
                next()
            ),
            Lang::En => format!(
                "{}. A one-time Temporary Access Pass{for_each} (valid for about {TAP_MINUTES} minutes), so that I can sign in and register Microsoft Authenticator on my new phone. \"Require re-register MFA\" works too: I would then register my methods again at the next sign-in.",
                next()
            ),
        });
    }
    for account in &facts.accounts {
        for registration in &account.lost_registrations {
            let name = registration
                .name
                .as_deref()
                .map(|name| format!(" {}", quoted(lang, name)))
                .unwrap_or_default();
            let whose = if several {
                format!(" ({})", account.upn)
            } else {
                String::new()
            };
            let id = &registration.id;
            lines.push(match (lang, registration.kind) {
                (Lang::It, RegistrationKind::AuthenticatorApp) => format!(
                    "{}. L'eliminazione della registrazione di Microsoft Authenticator del telefono perso{name}{whose}, ID del metodo {id}, così che non possa più approvare accessi.",
                    next()
                ),
                (Lang::It, RegistrationKind::AuthenticatorPasskey) => format!(
                    "{}. L'eliminazione della passkey in Microsoft Authenticator sul telefono perso{name}{whose}, ID del metodo {id}.",
                    next()
                ),
                (Lang::En, RegistrationKind::AuthenticatorApp) => format!(
                    "{}. Deleting the Microsoft Authenticator registration of the lost phone{name}{whose}, method ID {id}, so that it can no longer approve sign-ins.",
                    next()
                ),
                (Lang::En, RegistrationKind::AuthenticatorPasskey) => format!(
                    "{}. Deleting the passkey in Microsoft Authenticator on the lost phone{name}{whose}, method ID {id}.",
                    next()
                ),
            });
        }
    }
    if !devices.is_empty()
        && facts
            .accounts
            .iter()
            .all(|account| account.lost_registrations.is_empty())
    {
        let devices = join_words(lang, &devices);
        lines.push(match lang {
            Lang::It => format!(
                "{}. L'eliminazione della registrazione di Microsoft Authenticator del telefono perso {devices}.",
                next()
            ),
            Lang::En => format!("{}. Deleting the Microsoft Authenticator registration of the lost phone {devices}.", next()),
        });
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
            (true, true) => for_each.to_string(),
            (true, false) => format!(
                " ({})",
                members
                    .iter()
                    .map(|account| account.upn.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        lines.push(match lang {
            Lang::It => format!(
                "{}. La revoca delle sessioni attive (Revoke sessions){for_which}, perché un dispositivo perso potrebbe essere ancora connesso.",
                next()
            ),
            Lang::En => format!(
                "{}. Revoking my active sessions (\"Revoke sessions\"){for_which}, because a lost device may still be signed in.",
                next()
            ),
        });
    }
    lines.push(String::new());
    let admins: Vec<String> = facts
        .accounts
        .iter()
        .filter(|account| account.admin_role)
        .map(|account| account.upn.clone())
        .collect();
    lines.push(role_sentence(lang, &admins));
    lines
}

fn identity(lang: Lang) -> Vec<String> {
    vec![
        pick(lang, "Verifica della mia identità", "Verifying my identity").into(),
        pick(
            lang,
            "Sono disponibile a dimostrare la mia identità nel modo che preferite: una videochiamata mostrando un documento, di persona presso il vostro ufficio, oppure una chiamata al numero di telefono che avete in archivio per me.",
            "I am glad to prove my identity in whatever way you prefer: a video call showing an identity document, in person at your office, or a call to the phone number you have on file for me.",
        )
        .into(),
    ]
}

fn closing(facts: &TenantFacts, lang: Lang) -> Vec<String> {
    let mut lines = vec![
        pick(lang, "Grazie,", "Thank you,").to_string(),
        facts
            .requester_name
            .clone()
            .or_else(|| facts.accounts.first().map(|account| account.upn.clone()))
            .unwrap_or_default(),
    ];
    if let Some(contact) = &facts.contact_email {
        let several = facts.accounts.len() > 1;
        lines.push(match (lang, several) {
            (Lang::It, false) => {
                format!("Finché l'account è bloccato potete scrivermi a {contact}.")
            }
            (Lang::It, true) => {
                format!("Finché gli account sono bloccati potete scrivermi a {contact}.")
            }
            (Lang::En, false) => {
                format!("While the account is locked you can reach me at {contact}.")
            }
            (Lang::En, true) => {
                format!("While the accounts are locked you can reach me at {contact}.")
            }
        });
    }
    lines
}

fn pick(lang: Lang, italian: &'static str, english: &'static str) -> &'static str {
    match lang {
        Lang::It => italian,
        Lang::En => english,
    }
}

/// Who can act (docs/MICROSOFT.md §6.2, roles table and TAP rules): an Authentication Administrator for members; a
/// Privileged Authentication Administrator for administrators; Helpdesk and User Administrators cannot.
fn role_sentence(lang: Lang, admins: &[String]) -> String {
    if admins.is_empty() {
        return pick(
            lang,
            "Può farlo un amministratore con il ruolo Authentication Administrator (o Privileged Authentication Administrator). I ruoli Helpdesk Administrator e User Administrator non possono reimpostare i metodi di autenticazione né creare un Temporary Access Pass.",
            "This can be done by an Authentication Administrator (or a Privileged Authentication Administrator). The Helpdesk Administrator and User Administrator roles cannot reset authentication methods or create a Temporary Access Pass.",
        )
        .to_string();
    }
    let who = join_words(lang, admins);
    match lang {
        Lang::It => format!(
            "{who} ha un ruolo di amministratore: serve quindi un Privileged Authentication Administrator, perché un Authentication Administrator non può intervenire sugli amministratori. I ruoli Helpdesk Administrator e User Administrator non possono reimpostare i metodi di autenticazione né creare un Temporary Access Pass."
        ),
        Lang::En => format!(
            "{who} holds an administrator role, so this needs a Privileged Authentication Administrator: an Authentication Administrator cannot act on administrators. The Helpdesk Administrator and User Administrator roles cannot reset authentication methods or create a Temporary Access Pass."
        ),
    }
}

fn sign_in_sentence(lang: Lang, check: &SignInEvidence) -> String {
    let at = format_time(check.at);
    let code = check
        .aadsts
        .map(|code| format!(" (AADSTS{code})"))
        .unwrap_or_default();
    let what = match (lang, check.outcome) {
        (Lang::It, SignInOutcome::BlockedByMfa) => "l'accesso si è fermato alla richiesta di verifica MFA",
        (Lang::It, SignInOutcome::MustRegister) => "l'accesso ha chiesto di registrare un metodo di verifica",
        (Lang::It, SignInOutcome::RegistrationBlocked) => "l'accesso ha chiesto di registrare un metodo, ma la registrazione è bloccata",
        (Lang::It, SignInOutcome::BlockedByPolicy) => "l'accesso è stato bloccato da un criterio di accesso condizionale",
        (Lang::It, SignInOutcome::Completed) => "l'accesso è stato completato",
        (Lang::It, SignInOutcome::ConsentMissing) => "l'accesso è riuscito, ma non è stato possibile leggere l'elenco dei metodi (consenso mancante)",
        (Lang::It, SignInOutcome::WrongAccountOrTenant) => "l'accesso non ha trovato l'account in questa organizzazione",
        (Lang::It, SignInOutcome::PasswordProblem) => "l'accesso si è fermato alla password",
        (Lang::It, SignInOutcome::DisabledOrLocked) => "l'accesso ha segnalato l'account come disabilitato o bloccato",
        (Lang::It, SignInOutcome::Transient) => "l'accesso non è riuscito per un errore temporaneo",
        (Lang::It, SignInOutcome::Skipped) => "l'accesso è stato interrotto",
        (Lang::En, SignInOutcome::BlockedByMfa) => "the sign-in stopped at the MFA prompt",
        (Lang::En, SignInOutcome::MustRegister) => "the sign-in asked me to register a verification method",
        (Lang::En, SignInOutcome::RegistrationBlocked) => "the sign-in asked me to register a method, but registration is blocked",
        (Lang::En, SignInOutcome::BlockedByPolicy) => "the sign-in was blocked by a Conditional Access policy",
        (Lang::En, SignInOutcome::Completed) => "the sign-in completed",
        (Lang::En, SignInOutcome::ConsentMissing) => "the sign-in worked, but my method list could not be read (consent missing)",
        (Lang::En, SignInOutcome::WrongAccountOrTenant) => "the sign-in did not find the account in this organisation",
        (Lang::En, SignInOutcome::PasswordProblem) => "the sign-in stopped at the password",
        (Lang::En, SignInOutcome::DisabledOrLocked) => "the sign-in reported the account as disabled or locked",
        (Lang::En, SignInOutcome::Transient) => "the sign-in failed with a temporary error",
        (Lang::En, SignInOutcome::Skipped) => "the sign-in was interrupted",
    };
    match lang {
        Lang::It => format!("Tentativo di accesso del {at}: {what}{code}."),
        Lang::En => format!("Sign-in attempt on {at}: {what}{code}."),
    }
}

fn inventory_sentence(lang: Lang, inventory: &InventoryFacts) -> String {
    let at = format_time(inventory.read_at);
    let source = match (lang, inventory.source) {
        (Lang::It, InventorySource::Graph) => "letto tramite Microsoft Graph",
        (Lang::It, InventorySource::Manual) => "letto da me nella pagina Informazioni di sicurezza",
        (Lang::En, InventorySource::Graph) => "read through Microsoft Graph",
        (Lang::En, InventorySource::Manual) => "as I read it on the Security info page",
        (Lang::It, InventorySource::LastKnown) => "l'ultimo elenco noto",
        (Lang::En, InventorySource::LastKnown) => "the last known list",
    };
    let methods: Vec<String> = inventory
        .methods
        .iter()
        .map(|method| method.describe(lang))
        .collect();
    let list = if methods.is_empty() {
        pick(lang, "nessuno", "none").to_string()
    } else {
        methods.join(", ")
    };
    match lang {
        Lang::It => format!("Metodi registrati secondo l'ultimo elenco ({at}, {source}): {list}."),
        Lang::En => format!("Registered methods in the last list ({at}, {source}): {list}."),
    }
}

fn verdict_sentence(lang: Lang, verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::NeedsIt => pick(
            lang,
            "Nessuno dei metodi registrati su questo account è utilizzabile senza il telefono perso.",
            "None of the methods registered on this account can be used without the lost phone.",
        ),
        Verdict::Unknown => pick(
            lang,
            "Non ho potuto verificare quali metodi sono registrati su questo account, né se qualcuno funziona ancora senza il telefono perso.",
            "I could not check which methods are registered on this account, nor whether any of them still works without the lost phone.",
        ),
        Verdict::NotRegistered => pick(
            lang,
            "Su questo account non risulta registrato alcun metodo di verifica: se la registrazione di un nuovo metodo mi è preclusa, mi serve il vostro intervento.",
            "This account appears to have no verification method registered: if registering a new one is not possible for me, I need your help.",
        ),
        Verdict::SelfService => pick(
            lang,
            "Su questo account ho ancora un metodo utilizzabile; chiedo solo di rimuovere il dispositivo perso e di revocare le sessioni.",
            "I still have a usable method on this account; I am only asking you to remove the lost device and revoke sessions.",
        ),
    }
}

/// The admin's appendix: where to click in the Entra admin center (docs/MICROSOFT.md §6.1) and the Graph PowerShell
/// lines (docs/MICROSOFT.md §6.3), filled in for each account.
fn appendix(facts: &TenantFacts, lang: Lang) -> Vec<String> {
    let mut lines = vec![
        pick(lang, "-- Appendice per l'amministratore --", "-- Appendix for the administrator --").to_string(),
        pick(
            lang,
            "Interfaccia di amministrazione di Microsoft Entra (https://entra.microsoft.com), con almeno il ruolo Authentication Administrator:",
            "Microsoft Entra admin center (https://entra.microsoft.com), as at least an Authentication Administrator:",
        )
        .to_string(),
    ];
    for account in &facts.accounts {
        lines.push(format!(
            "  Users > All users > {} > Authentication methods",
            account.upn
        ));
        if asks_for_access(account.verdict) {
            lines.push(match lang {
                Lang::It => format!(
                    "  - \"Add authentication method\" > Temporary Access Pass: uso singolo, {TAP_MINUTES} minuti. Il codice si vede una sola volta: annotatelo."
                ),
                Lang::En => format!(
                    "  - \"Add authentication method\" > Temporary Access Pass: one-time use, {TAP_MINUTES} minutes. The pass is shown only once: note it down."
                ),
            });
            lines.push(
                pick(
                    lang,
                    "  - oppure \"Require re-register MFA\" (elimina numeri di telefono, app Microsoft Authenticator e token OATH software).",
                    "  - or \"Require re-register MFA\" (deletes phone numbers, Microsoft Authenticator apps and software OATH tokens).",
                )
                .into(),
            );
        }
        for registration in &account.lost_registrations {
            let name = quoted(
                lang,
                registration.name.as_deref().unwrap_or(&registration.id),
            );
            let kind = registration.kind.type_name();
            lines.push(match lang {
                Lang::It => format!("  - eliminare la voce {kind} {name}."),
                Lang::En => format!("  - delete the {kind} entry {name}."),
            });
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
        for registration in account
            .lost_registrations
            .iter()
            .filter(|r| r.kind == RegistrationKind::AuthenticatorApp)
        {
            lines.push(format!(
                "  Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId {user} -MicrosoftAuthenticatorAuthenticationMethodId {}",
                powershell_literal(&registration.id)
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

impl RegistrationKind {
    fn type_name(self) -> &'static str {
        match self {
            RegistrationKind::AuthenticatorApp => "Microsoft Authenticator",
            RegistrationKind::AuthenticatorPasskey => "Passkey (Microsoft Authenticator)",
        }
    }
}
