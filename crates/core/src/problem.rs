//! What went wrong around a check, in words a person understands, in Italian and English.
//!
//! The error types keep their English `Display` for logs and diagnostics (technical, stable). What a check row
//! shows is [`Explain::explain`]: a calm sentence in the run's language that keeps the identifiers IT needs
//! (HTTP status, Graph error code, request-id, AADSTS code) and never a token. A [`Problem`] holds both
//! renderings, so a check can be made before anyone knows the language it will be shown in.

use std::fmt::Display;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::BookError;
use crate::config::{ConfigError, HostRole};
use crate::evidence::SignInOutcome;
use crate::graph::GraphError;
use crate::http::TransportError;
use crate::lang::{pick, Wording};
use crate::signin::{
    BrowserError, CheckerError, DiscoveryError, EntraError, IdTokenError, SetupError, SignInError,
    TokenError,
};
use crate::token_store::TokenStoreError;
use crate::Lang;

/// An error a person may read about: the same event, worded for people in `lang`.
pub trait Explain {
    fn explain(&self, lang: Lang) -> String;
}

/// A problem met while checking an account, ready to be shown in either language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// What a person reads, in both languages (flattened: stored as `it`, `en`).
    #[serde(flatten)]
    #[ts(flatten)]
    wording: Wording,
    /// The error's English `Display`: technical, for logs and bug reports; never shown in a row.
    detail: String,
}

impl Problem {
    /// Both renderings of `error`, with its `Display` as the technical detail.
    pub fn of(error: &(impl Explain + Display)) -> Self {
        Self::new(
            error.explain(Lang::It),
            error.explain(Lang::En),
            error.to_string(),
        )
    }

    /// The problem in `lang`, for a check row or a progress line.
    pub fn text(&self, lang: Lang) -> &str {
        self.wording.text(lang)
    }

    /// Both sentences, without the technical line (what a check row shows).
    pub fn wording(&self) -> Wording {
        self.wording.clone()
    }

    /// The technical English line (the error's `Display`).
    pub fn detail(&self) -> &str {
        &self.detail
    }

    fn new(it: String, en: String, detail: impl Into<String>) -> Self {
        Self {
            wording: Wording { it, en },
            detail: detail.into(),
        }
    }

    /// A remembered session Entra will not renew without the person (expired, revoked, or a new MFA prompt).
    pub fn session_ended(entra: &EntraError) -> Self {
        let it_code = entra_reference(entra, Lang::It);
        let en_code = entra_reference(entra, Lang::En);
        let (it, en) = if entra.needs_interactive_sign_in() {
            (
                format!("La sessione ricordata è scaduta o è stata chiusa dall'organizzazione{it_code}: serve un nuovo accesso."),
                format!("The remembered session has expired or was ended by the organisation{en_code}; you need to sign in again."),
            )
        } else if entra.outcome() == SignInOutcome::MustRegister {
            (
                format!("Microsoft chiede di registrare le informazioni di sicurezza{it_code}, quindi la sessione ricordata non basta: serve un nuovo accesso."),
                format!("Microsoft is asking to register security info{en_code}, so the remembered session is not enough; you need to sign in again."),
            )
        } else {
            (
                format!("Microsoft chiede di nuovo la seconda verifica{it_code}, quindi la sessione ricordata non basta: serve un nuovo accesso."),
                format!("Microsoft is asking for the second step again{en_code}, so the remembered session is not enough; you need to sign in again."),
            )
        };
        Self::new(it, en, entra.summary())
    }

    /// The sign-in completed, but no refresh token came with it, so the methods scope cannot be asked for.
    pub fn no_refresh_token() -> Self {
        Self::new(
            "Microsoft non ha concesso una sessione rinnovabile (offline_access), quindi l'elenco dei metodi non si può leggere.".into(),
            "Microsoft did not grant a renewable session (offline_access), so the list of methods cannot be read.".into(),
            "no refresh token was issued (offline_access refused)",
        )
    }

    /// Asking for `UserAuthenticationMethod.Read` failed for a reason other than missing consent.
    pub fn methods_scope_refused(error: &TokenError) -> Self {
        Self::new(
            format!(
                "Il permesso di leggere l'elenco dei metodi non è stato concesso. {}",
                error.explain(Lang::It)
            ),
            format!(
                "Permission to read the list of methods was not granted. {}",
                error.explain(Lang::En)
            ),
            error.to_string(),
        )
    }

    /// No keyring can be used (`cause` says why): this run keeps sessions in memory only.
    pub fn sessions_not_remembered(cause: &impl Display) -> Self {
        Self::new(
            "Le sessioni non vengono ricordate tra un controllo e l'altro perché il portachiavi di sistema non è disponibile: ogni controllo chiederà di nuovo l'accesso.".into(),
            "Sessions are not remembered between checks because the system keyring is not available; every check will ask you to sign in again.".into(),
            format!("sessions are not remembered between runs ({cause})"),
        )
    }

    /// A check's result could not be written to the account book. The sentence says why in the person's
    /// terms; the book error's `Display` (paths, OS error) stays the technical detail.
    pub fn result_not_saved(error: &BookError) -> Self {
        Self::book(
            error,
            "Il risultato non è stato salvato",
            "The result was not saved",
        )
    }

    /// The account book could not be read when a check was to start, so nothing was checked.
    pub fn check_not_started(error: &BookError) -> Self {
        Self::book(
            error,
            "Il controllo non è partito",
            "The check did not start",
        )
    }

    /// What happened (`it`, `en`), then why the book refused.
    fn book(error: &BookError, it: &str, en: &str) -> Self {
        Self::new(
            format!("{it}: {}", book_reason(error, Lang::It)),
            format!("{en}: {}", book_reason(error, Lang::En)),
            error.to_string(),
        )
    }

    /// A re-check task ended without a result (it panicked or was cancelled).
    pub fn recheck_stopped() -> Self {
        Self::new(
            "La nuova verifica di questo account si è interrotta all'improvviso: riprova.".into(),
            "The re-check of this account stopped unexpectedly; try again.".into(),
            "the re-check stopped unexpectedly",
        )
    }
}

/// Why the account book refused a change, as the end of a sentence. The file's path is kept: it is the
/// person's own file, and where a disk is full or read-only it is what they need to look at.
fn book_reason(error: &BookError, lang: Lang) -> String {
    match error {
        BookError::Unreadable { .. } | BookError::RefusedToOverwrite { .. } => pick(
            lang,
            "il file dell'elenco degli account non è leggibile, quindi Lifeboat l'ha lasciato com'era; la versione precedente si può rimettere dall'elenco degli account.",
            "the account list file cannot be read, so Lifeboat left it exactly as it was; the previous version can be put back from the account list.",
        ),
        BookError::Io { path, source, .. } => {
            let path = path.display();
            match source.kind() {
                std::io::ErrorKind::PermissionDenied => pick(
                    lang,
                    format!("il sistema nega a Lifeboat l'accesso a {path}."),
                    format!("the system denies Lifeboat access to {path}."),
                ),
                std::io::ErrorKind::StorageFull => pick(
                    lang,
                    format!("il disco che contiene {path} è pieno."),
                    format!("the disk holding {path} is full."),
                ),
                std::io::ErrorKind::ReadOnlyFilesystem => pick(
                    lang,
                    format!("il disco che contiene {path} è di sola lettura."),
                    format!("the disk holding {path} is read-only."),
                ),
                _ => pick(
                    lang,
                    format!("il sistema ha dato un errore su {path}; i dettagli tecnici sono nel registro di Lifeboat."),
                    format!("the system reported an error on {path}; the technical details are in Lifeboat's log."),
                ),
            }
        }
        BookError::UnknownAccount(_) | BookError::AmbiguousAccount(_) => pick(
            lang,
            "l'account non è più nell'elenco (è stato tolto durante il controllo).",
            "the account is no longer in the list (it was removed during the check).",
        ),
        BookError::NothingToConfirm(_) => pick(
            lang,
            "l'accesso di questo account non si è concluso, quindi non c'è nulla da confermare.",
            "this account's sign-in did not finish, so there is nothing to confirm.",
        ),
        BookError::Busy { .. } => pick(
            lang,
            "un altro Lifeboat (la finestra o la riga di comando) sta modificando l'elenco degli account; riprova tra poco.",
            "another Lifeboat (the window or the command line) is changing the account list; try again in a moment.",
        ),
        BookError::NoBackup { .. } => pick(
            lang,
            "non c'è una versione precedente dell'elenco da rimettere.",
            "there is no previous version of the list to put back.",
        ),
        BookError::Invalid(field) => pick(
            lang,
            format!("il campo “{}” dell'account non è valido.", field.field),
            format!("the account's “{}” field is not valid.", field.field),
        ),
        BookError::Duplicate { upn, .. } => pick(
            lang,
            format!("{upn} è già nell'elenco per quell'organizzazione."),
            format!("{upn} is already in the list for that organisation."),
        ),
        BookError::Import { source_name, line, .. } => {
            let (it_line, en_line) = match line {
                Some(line) => (format!(", riga {line}"), format!(", line {line}")),
                None => (String::new(), String::new()),
            };
            pick(
                lang,
                format!("il file importato ha un problema ({source_name}{it_line})."),
                format!("the imported file has a problem ({source_name}{en_line})."),
            )
        }
    }
}

/// " (AADSTS50076)", or " (errore “invalid_grant”)" when Entra gave no code; "" when there is nothing useful.
fn entra_reference(entra: &EntraError, lang: Lang) -> String {
    if let Some(code) = entra.aadsts() {
        return format!(" (AADSTS{code})");
    }
    let name = entra.error.trim();
    let plain = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match (plain, lang) {
        (false, _) => String::new(),
        (true, Lang::It) => format!(" (errore “{name}”)"),
        (true, Lang::En) => format!(" (error “{name}”)"),
    }
}

/// "3 minuti" / "3 minutes", "45 secondi" / "45 seconds".
fn duration_words(duration: Duration, lang: Lang) -> String {
    let seconds = duration.as_secs();
    let (count, it_one, it_many, en_one, en_many) = if seconds >= 120 || seconds == 60 {
        (seconds / 60, "minuto", "minuti", "minute", "minutes")
    } else {
        (seconds, "secondo", "secondi", "second", "seconds")
    };
    match (lang, count == 1) {
        (Lang::It, true) => format!("1 {it_one}"),
        (Lang::It, false) => format!("{count} {it_many}"),
        (Lang::En, true) => format!("1 {en_one}"),
        (Lang::En, false) => format!("{count} {en_many}"),
    }
}

/// " (HTTP 503 serviceNotAvailable, request-id …)" from what Graph gave.
fn graph_reference(status: u16, code: &str, request_id: Option<&str>) -> String {
    match request_id {
        Some(id) => format!("HTTP {status} {code}, request-id {id}"),
        None => format!("HTTP {status} {code}"),
    }
}

impl Explain for SignInError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            SignInError::NoTenant(upn) => pick(
                lang,
                format!("Da “{upn}” non si capisce a quale organizzazione appartenga l'account: indica il dominio o l'ID del tenant."),
                format!("“{upn}” does not show which organisation the account belongs to; add the organisation's domain or tenant id."),
            ),
            SignInError::Discovery(error) => error.explain(lang),
            SignInError::Token(error) => error.explain(lang),
            SignInError::IdToken(error) => error.explain(lang),
            SignInError::NoIdToken => pick(
                lang,
                "Microsoft non ha inviato la conferma di chi ha effettuato l'accesso (ID token): riprova.",
                "Microsoft did not send the proof of who signed in (ID token); try again.",
            ),
            SignInError::WrongAccount { expected, found } => pick(
                lang,
                format!("Hai effettuato l'accesso come {found} invece che come {expected}: riprova e scegli l'account giusto."),
                format!("You signed in as {found} instead of {expected}; try again and pick the right account."),
            ),
            SignInError::AccountNotNamed { expected } => account_not_named(lang, expected),
            SignInError::TimedOut(duration) => pick(
                lang,
                format!(
                    "L'accesso non si è concluso entro {}: riprova quando hai tempo di completarlo.",
                    duration_words(*duration, Lang::It)
                ),
                format!(
                    "The sign-in did not finish within {}; try again when you have time to complete it.",
                    duration_words(*duration, Lang::En)
                ),
            ),
            SignInError::Cancelled => pick(
                lang,
                "L'accesso è stato annullato.",
                "The sign-in was cancelled.",
            ),
            SignInError::StuckAtMfa => pick(
                lang,
                "Hai indicato di essere bloccato alla seconda verifica (MFA).",
                "You said you were stuck at the second step (MFA).",
            ),
            SignInError::DeviceCodeExpired => pick(
                lang,
                "Il codice dispositivo è scaduto prima che l'accesso finisse: riprova per riceverne uno nuovo.",
                "The device code expired before the sign-in finished; try again to get a new one.",
            ),
            SignInError::DeviceCodeDeclined => pick(
                lang,
                "L'accesso è stato rifiutato nella pagina del codice dispositivo.",
                "The sign-in was declined on the device code page.",
            ),
            SignInError::DeviceCodeMistyped => pick(
                lang,
                "Il codice digitato nella pagina del codice dispositivo non è stato riconosciuto: riprova e ricontrollalo con calma.",
                "The code typed on the device code page was not recognised; try again and check it carefully.",
            ),
        }
    }
}

impl Explain for DiscoveryError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            DiscoveryError::InvalidTenant(tenant) => pick(
                lang,
                format!("“{tenant}” non è un dominio o un ID tenant valido: controlla come è scritto."),
                format!("“{tenant}” is not a valid domain or tenant id; check how it is spelled."),
            ),
            DiscoveryError::UnknownTenant { tenant } => pick(
                lang,
                format!("Microsoft non conosce nessuna organizzazione con il nome “{tenant}”: controlla come è scritto."),
                format!("Microsoft knows no organisation by the name “{tenant}”; check how it is spelled."),
            ),
            DiscoveryError::Status { tenant, status } => pick(
                lang,
                format!("Il servizio di accesso di Microsoft ha dato un errore (HTTP {status}) cercando “{tenant}”: riprova più tardi."),
                format!("Microsoft's sign-in service returned an error (HTTP {status}) while looking up “{tenant}”; try again later."),
            ),
            DiscoveryError::Malformed { tenant, .. } => pick(
                lang,
                format!("Il servizio di accesso di Microsoft ha dato una risposta illeggibile per “{tenant}”: riprova più tardi."),
                format!("Microsoft's sign-in service gave an unreadable answer for “{tenant}”; try again later."),
            ),
            DiscoveryError::ForeignEndpoint { tenant, url, .. } => {
                foreign_endpoint(lang, tenant, url)
            }
            DiscoveryError::Host(error) => error.explain(lang),
            DiscoveryError::Transport(error) => error.explain(lang),
        }
    }
}

impl Explain for TransportError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            TransportError::Timeout(duration) => pick(
                lang,
                format!(
                    "Il server non ha risposto entro {}: controlla la connessione a Internet e riprova.",
                    duration_words(*duration, Lang::It)
                ),
                format!(
                    "The server did not reply within {}; check the internet connection and try again.",
                    duration_words(*duration, Lang::En)
                ),
            ),
            TransportError::Connect { host, .. } => pick(
                lang,
                format!("Impossibile raggiungere {host}: controlla la connessione a Internet e riprova."),
                format!("Lifeboat cannot reach {host}; check the internet connection and try again."),
            ),
            TransportError::Other(_) => pick(
                lang,
                "La connessione si è interrotta: controlla la connessione a Internet e riprova.",
                "The connection broke off; check the internet connection and try again.",
            ),
        }
    }
}

impl Explain for TokenError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            TokenError::Rejected(entra) => entra.explain(lang),
            TokenError::Status { status } => pick(
                lang,
                format!("Il servizio di accesso di Microsoft ha dato un errore (HTTP {status}) senza spiegazioni: riprova più tardi."),
                format!("Microsoft's sign-in service returned an error (HTTP {status}) with no explanation; try again later."),
            ),
            TokenError::Malformed(_) => pick(
                lang,
                "Il servizio di accesso di Microsoft ha dato una risposta illeggibile: riprova più tardi.",
                "Microsoft's sign-in service gave an unreadable answer; try again later.",
            ),
            TokenError::Transport(error) => error.explain(lang),
        }
    }
}

impl Explain for EntraError {
    /// Worded from the outcome Entra's codes mean; Entra's own description (English) stays in the logs.
    fn explain(&self, lang: Lang) -> String {
        let code = entra_reference(self, lang);
        if self.needs_interactive_sign_in() {
            return pick(
                lang,
                format!("Microsoft chiede di accedere di nuovo perché la sessione è scaduta o non è più valida{code}."),
                format!("Microsoft wants you to sign in again because the session has expired or is no longer valid{code}."),
            );
        }
        let (it, en) = match self.outcome() {
            SignInOutcome::BlockedByMfa => (
                format!("Microsoft ha chiesto una seconda verifica (MFA) che non è stata superata{code}."),
                format!("Microsoft asked for a second step (MFA) that was not passed{code}."),
            ),
            SignInOutcome::MustRegister => (
                format!("Microsoft chiede di registrare un metodo di verifica prima di entrare{code}."),
                format!("Microsoft wants a verification method registered before letting you in{code}."),
            ),
            SignInOutcome::RegistrationBlocked => (
                format!("L'organizzazione non permette di registrare metodi di verifica da qui{code}: serve l'aiuto dell'IT."),
                format!("The organisation does not allow registering verification methods from here{code}; IT has to help."),
            ),
            SignInOutcome::BlockedByPolicy => (
                format!("Un criterio di sicurezza dell'organizzazione ha bloccato l'accesso{code}: serve l'aiuto dell'IT."),
                format!("An access policy of the organisation blocked the sign-in{code}; IT has to help."),
            ),
            SignInOutcome::ConsentMissing => (
                format!("L'organizzazione non ha ancora autorizzato l'app con cui Lifeboat accede{code}."),
                format!("The organisation has not approved the app Lifeboat signs in with yet{code}."),
            ),
            SignInOutcome::WrongAccountOrTenant => (
                format!("Microsoft non trova questo account in questa organizzazione{code}: controlla il nome e l'organizzazione."),
                format!("Microsoft does not find this account in this organisation{code}; check the name and the organisation."),
            ),
            SignInOutcome::PasswordProblem => (
                format!("La password è sbagliata o scaduta{code}."),
                format!("The password is wrong or has expired{code}."),
            ),
            SignInOutcome::DisabledOrLocked => (
                format!("L'account è disattivato o bloccato{code}: serve l'aiuto dell'IT."),
                format!("The account is disabled or locked{code}; IT has to help."),
            ),
            SignInOutcome::Transient => (
                format!("Microsoft non ha completato la richiesta per un problema passeggero{code}: riprova più tardi."),
                format!("Microsoft did not complete the request because of a passing problem{code}; try again later."),
            ),
            SignInOutcome::Skipped => (
                format!("L'accesso è stato annullato nella pagina di Microsoft{code}."),
                format!("The sign-in was cancelled on Microsoft's page{code}."),
            ),
            SignInOutcome::Completed => (
                format!("Microsoft ha rifiutato la richiesta{code}."),
                format!("Microsoft refused the request{code}."),
            ),
        };
        pick(lang, it, en)
    }
}

impl Explain for IdTokenError {
    fn explain(&self, lang: Lang) -> String {
        let rejected = |it: &str, en: &str| {
            pick(
                lang,
                format!("La conferma d'identità inviata da Microsoft (ID token) {it}, quindi Lifeboat non l'ha accettata."),
                format!("Microsoft's proof of identity (ID token) {en}, so Lifeboat did not accept it."),
            )
        };
        let check_the_clock = |it: &str, en: &str| {
            pick(
                lang,
                format!("La conferma d'identità inviata da Microsoft (ID token) {it}: controlla che data e ora del computer siano giuste e riprova."),
                format!("Microsoft's proof of identity (ID token) {en}; check that this computer's date and time are right, then try again."),
            )
        };
        match self {
            IdTokenError::Malformed(_) => rejected("non è leggibile", "cannot be read"),
            IdTokenError::Algorithm(algorithm) => rejected(
                &format!("usa un algoritmo di firma non ammesso ({algorithm})"),
                &format!("uses a signing algorithm that is not allowed ({algorithm})"),
            ),
            IdTokenError::UnknownKey => rejected(
                "è firmata con una chiave che l'organizzazione non pubblica",
                "is signed with a key the organisation does not publish",
            ),
            IdTokenError::Signature => {
                rejected("ha una firma non valida", "has a signature that is not valid")
            }
            IdTokenError::Issuer { found, .. } => rejected(
                &format!("viene da un emittente inatteso (“{found}”)"),
                &format!("comes from an unexpected issuer (“{found}”)"),
            ),
            IdTokenError::Audience => rejected(
                "è destinata a un'altra applicazione",
                "is meant for another application",
            ),
            IdTokenError::Nonce => rejected(
                "non corrisponde a questo accesso (nonce)",
                "does not belong to this sign-in (nonce)",
            ),
            IdTokenError::Expired => check_the_clock("risulta scaduta", "has expired"),
            IdTokenError::NotYetValid => {
                check_the_clock("non risulta ancora valida", "is not valid yet")
            }
            IdTokenError::MissingTenant => rejected(
                "non indica l'organizzazione (tid)",
                "does not name the organisation (tid)",
            ),
            IdTokenError::WrongTenant { expected, found } => pick(
                lang,
                format!("L'accesso è avvenuto nell'organizzazione {found} invece che in {expected}: riprova e scegli l'account giusto."),
                format!("You signed in to the organisation {found} instead of {expected}; try again and pick the right account."),
            ),
            IdTokenError::Keys(_) => pick(
                lang,
                "Non è stato possibile leggere le chiavi con cui l'organizzazione firma gli accessi: riprova più tardi.",
                "The keys the organisation signs sign-ins with could not be read; try again later.",
            ),
            IdTokenError::Transport(error) => error.explain(lang),
        }
    }
}

impl Explain for TokenStoreError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            TokenStoreError::Unavailable(_) => pick(
                lang,
                "Lifeboat non ha potuto ricordare la sessione perché il portachiavi di sistema non è disponibile: la prossima volta servirà un nuovo accesso.",
                "Lifeboat could not remember the session because the system keyring is not available; next time you will need to sign in again.",
            ),
            TokenStoreError::Refused(_) => pick(
                lang,
                "Lifeboat non ha potuto ricordare la sessione perché il portachiavi di sistema ha negato l'accesso: la prossima volta servirà un nuovo accesso.",
                "Lifeboat could not remember the session because the system keyring refused access; next time you will need to sign in again.",
            ),
            TokenStoreError::Damaged => pick(
                lang,
                "La sessione salvata per questo account era danneggiata ed è stata ignorata: serve un nuovo accesso.",
                "The saved session for this account was damaged and was ignored; you need to sign in again.",
            ),
        }
    }
}

impl Explain for GraphError {
    /// Graph is read for the list of methods; `/me` failures are only logged.
    fn explain(&self, lang: Lang) -> String {
        match self {
            GraphError::Api {
                status,
                code,
                request_id,
                ..
            } => {
                let reference = graph_reference(*status, code, request_id.as_deref());
                let passing = *status == 429 || *status >= 500;
                match (lang, passing) {
                    (Lang::It, true) => format!("Microsoft Graph non ha restituito l'elenco dei metodi ({reference}): riprova più tardi."),
                    (Lang::It, false) => format!("Microsoft Graph non ha restituito l'elenco dei metodi ({reference})."),
                    (Lang::En, true) => format!("Microsoft Graph did not return the list of methods ({reference}); try again later."),
                    (Lang::En, false) => format!("Microsoft Graph did not return the list of methods ({reference})."),
                }
            }
            GraphError::GaveUp {
                attempts,
                status,
                code,
                request_id,
            } => {
                let reference = graph_reference(*status, code, request_id.as_deref());
                pick(
                    lang,
                    format!("Microsoft Graph ha continuato a rifiutare la lettura dei metodi dopo {attempts} tentativi (l'ultimo: {reference}): riprova più tardi."),
                    format!("Microsoft Graph kept refusing to give the list of methods after {attempts} attempts (last: {reference}); try again later."),
                )
            }
            GraphError::Malformed(_) => pick(
                lang,
                "La risposta di Microsoft Graph con l'elenco dei metodi era illeggibile: riprova più tardi.",
                "Microsoft Graph's answer with the list of methods was unreadable; try again later.",
            ),
            GraphError::ForeignNextLink(host) => pick(
                lang,
                format!("Microsoft Graph ha indicato un altro server ({host}) per il resto dell'elenco dei metodi; per sicurezza Lifeboat si è fermato lì."),
                format!("Microsoft Graph pointed to another server ({host}) for the rest of the list of methods; to be safe, Lifeboat stopped there."),
            ),
            GraphError::TooManyPages(pages) => pick(
                lang,
                format!("L'elenco dei metodi superava le {pages} pagine, quindi Lifeboat ha smesso di leggerlo."),
                format!("The list of methods ran past {pages} pages, so Lifeboat stopped reading it."),
            ),
            GraphError::Transport(error) => error.explain(lang),
        }
    }
}

impl Explain for BrowserError {
    fn explain(&self, lang: Lang) -> String {
        pick(
            lang,
            "Non è stato possibile aprire un browser web su questo computer.",
            "No web browser could be opened on this computer.",
        )
    }
}

impl Explain for SetupError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            SetupError::Browser(error) => error.explain(lang),
            SetupError::Listener(_) => pick(
                lang,
                "Lifeboat non è riuscito ad aprire la porta locale a cui Microsoft rimanda il browser dopo l'accesso: riprova.",
                "Lifeboat could not open the local port Microsoft sends the browser back to after the sign-in; try again.",
            ),
        }
    }
}

// The sign-in layer's trust boundaries: an ID token that names no account, a discovery that points elsewhere,
// hosts tokens must not go to.

fn account_not_named(lang: Lang, expected: &str) -> String {
    pick(
        lang,
        format!("La conferma d'identità inviata da Microsoft (ID token) non indica quale account ha effettuato l'accesso, quindi Lifeboat non può confermare che sia {expected}: riprova."),
        format!("Microsoft's proof of identity (ID token) does not say which account signed in, so Lifeboat cannot confirm it was {expected}; try again."),
    )
}

fn foreign_endpoint(lang: Lang, tenant: &str, url: &str) -> String {
    pick(
        lang,
        format!("La configurazione di accesso di “{tenant}” rimanda a un altro server ({url}): per sicurezza Lifeboat non gli ha inviato nulla."),
        format!("The sign-in configuration of “{tenant}” points to another server ({url}); to be safe, Lifeboat sent nothing there."),
    )
}

impl Explain for ConfigError {
    fn explain(&self, lang: Lang) -> String {
        let role = |role: &HostRole| match (role, lang) {
            (HostRole::Authority, Lang::It) => "L'indirizzo di accesso",
            (HostRole::Authority, Lang::En) => "The sign-in address",
            (HostRole::Graph, Lang::It) => "L'indirizzo di Microsoft Graph",
            (HostRole::Graph, Lang::En) => "The Microsoft Graph address",
        };
        match self {
            ConfigError::NotAHost { role: which, value } => pick(
                lang,
                format!("{} “{value}” non è un indirizzo web valido (http o https, senza nome utente, query o frammento).", role(which)),
                format!("{} “{value}” is not a valid web address (http or https, with no user name, query or fragment).", role(which)),
            ),
            ConfigError::PlainHttp { role: which, value } => pick(
                lang,
                format!("{} “{value}” usa http senza cifratura verso un altro computer: Lifeboat accetta solo https, oppure http verso questo computer (localhost).", role(which)),
                format!("{} “{value}” uses unencrypted http to another computer; Lifeboat accepts only https, or http to this computer (localhost).", role(which)),
            ),
        }
    }
}

impl Explain for CheckerError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            CheckerError::Config(error) => error.explain(lang),
            CheckerError::Transport(error) => error.explain(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words that give English away in a sentence meant to be Italian.
    const ENGLISH_GIVEAWAYS: [&str; 9] = [
        "the ",
        " could not",
        "answered",
        "sign-in was",
        "try again",
        " was ",
        " is ",
        " not ",
        " and ",
    ];

    fn entra(error: &str, codes: &[u32], description: &str) -> EntraError {
        EntraError {
            error: error.into(),
            error_description: Some(description.into()),
            error_codes: codes.to_vec(),
            trace_id: Some("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0".into()),
            correlation_id: Some("11111111-2222-3333-4444-555555555555".into()),
            ..EntraError::default()
        }
    }

    fn rejected(error: &str, codes: &[u32]) -> SignInError {
        SignInError::Token(TokenError::Rejected(Box::new(entra(
            error,
            codes,
            "AADSTS00000: Entra's own English words.",
        ))))
    }

    fn transport_cases() -> Vec<(TransportError, Vec<&'static str>)> {
        vec![
            (TransportError::Timeout(Duration::from_secs(30)), vec!["30"]),
            (
                TransportError::Connect {
                    host: "login.microsoftonline.com".into(),
                    reason: "dns error: no such host".into(),
                },
                vec!["login.microsoftonline.com"],
            ),
            (
                TransportError::Other("connection reset by peer".into()),
                vec![],
            ),
        ]
    }

    /// Every problem that can reach a check row, with the identifiers it must keep.
    fn every_problem() -> Vec<(String, Problem, Vec<&'static str>)> {
        let mut cases: Vec<(String, Problem, Vec<&'static str>)> = Vec::new();
        let mut sign_in = |error: SignInError, ids: Vec<&'static str>| {
            cases.push((format!("{error:?}"), Problem::of(&error), ids));
        };
        sign_in(SignInError::NoTenant("mario".into()), vec!["mario"]);
        for error in [
            DiscoveryError::InvalidTenant("bad tenant!".into()),
            DiscoveryError::UnknownTenant {
                tenant: "scuola.example.it".into(),
            },
            DiscoveryError::Malformed {
                tenant: "scuola.example.it".into(),
                reason: "expected value at line 1".into(),
            },
        ] {
            sign_in(SignInError::Discovery(error), vec![]);
        }
        sign_in(
            SignInError::Discovery(DiscoveryError::Status {
                tenant: "scuola.example.it".into(),
                status: 503,
            }),
            vec!["HTTP 503", "scuola.example.it"],
        );
        for (error, ids) in transport_cases() {
            sign_in(SignInError::Discovery(error.clone().into()), ids.clone());
            sign_in(SignInError::Token(error.clone().into()), ids.clone());
            sign_in(SignInError::IdToken(error.into()), ids);
        }
        for (error, codes, id) in [
            ("invalid_grant", &[50076][..], "AADSTS50076"),
            ("invalid_grant", &[50079], "AADSTS50079"),
            ("access_denied", &[53004], "AADSTS53004"),
            ("access_denied", &[53003], "AADSTS53003"),
            ("consent_required", &[65001], "AADSTS65001"),
            ("invalid_request", &[50020], "AADSTS50020"),
            ("invalid_grant", &[50126], "AADSTS50126"),
            ("invalid_grant", &[50057], "AADSTS50057"),
            ("temporarily_unavailable", &[50088], "AADSTS50088"),
            ("invalid_grant", &[700082], "AADSTS700082"),
            ("invalid_grant", &[50055], "AADSTS50055"),
            ("unauthorized_client", &[700016], "AADSTS700016"),
            ("access_denied", &[], "access_denied"),
            ("server_error", &[], "server_error"),
            ("interaction_required", &[], "interaction_required"),
        ] {
            sign_in(rejected(error, codes), vec![id]);
        }
        sign_in(
            SignInError::Token(TokenError::Status { status: 502 }),
            vec!["HTTP 502"],
        );
        sign_in(
            SignInError::Token(TokenError::Malformed("missing field".into())),
            vec![],
        );
        for error in [
            IdTokenError::Malformed("InvalidToken".into()),
            IdTokenError::UnknownKey,
            IdTokenError::Signature,
            IdTokenError::Audience,
            IdTokenError::Nonce,
            IdTokenError::Expired,
            IdTokenError::NotYetValid,
            IdTokenError::MissingTenant,
            IdTokenError::Keys("HTTP 500".into()),
        ] {
            sign_in(SignInError::IdToken(error), vec![]);
        }
        sign_in(
            SignInError::IdToken(IdTokenError::Algorithm("HS256".into())),
            vec!["HS256"],
        );
        sign_in(
            SignInError::IdToken(IdTokenError::Issuer {
                expected: "https://login.example/t1/v2.0".into(),
                found: "https://evil.example/t1/v2.0".into(),
            }),
            vec!["https://evil.example/t1/v2.0"],
        );
        sign_in(
            SignInError::IdToken(IdTokenError::WrongTenant {
                expected: "t-expected".into(),
                found: "t-found".into(),
            }),
            vec!["t-expected", "t-found"],
        );
        sign_in(SignInError::NoIdToken, vec![]);
        sign_in(
            SignInError::AccountNotNamed {
                expected: "anna@scuola.example.it".into(),
            },
            vec!["anna@scuola.example.it"],
        );
        sign_in(
            SignInError::Discovery(DiscoveryError::ForeignEndpoint {
                tenant: "scuola.example.it".into(),
                endpoint: "token_endpoint",
                url: "https://evil.example/token".into(),
            }),
            vec!["scuola.example.it", "https://evil.example/token"],
        );
        for (role, value) in [
            (HostRole::Authority, "ftp://login.example/"),
            (HostRole::Graph, "https://user:pw@graph.example/"),
        ] {
            let error = ConfigError::NotAHost {
                role,
                value: value.into(),
            };
            sign_in(SignInError::Discovery(error.into()), vec![value]);
        }
        for (role, value) in [
            (HostRole::Authority, "http://login.example/"),
            (HostRole::Graph, "http://graph.example/"),
        ] {
            let error = ConfigError::PlainHttp {
                role,
                value: value.into(),
            };
            sign_in(SignInError::Discovery(error.into()), vec![value]);
        }
        sign_in(
            SignInError::WrongAccount {
                expected: "anna@scuola.example.it".into(),
                found: "anna@gmail.example".into(),
            },
            vec!["anna@scuola.example.it", "anna@gmail.example"],
        );
        sign_in(SignInError::TimedOut(Duration::from_secs(600)), vec!["10"]);
        sign_in(SignInError::TimedOut(Duration::from_secs(20)), vec!["20"]);
        sign_in(SignInError::Cancelled, vec![]);
        sign_in(SignInError::StuckAtMfa, vec!["MFA"]);
        sign_in(SignInError::DeviceCodeExpired, vec![]);
        sign_in(SignInError::DeviceCodeDeclined, vec![]);
        sign_in(SignInError::DeviceCodeMistyped, vec![]);

        let mut other = |name: String, problem: Problem, ids: Vec<&'static str>| {
            cases.push((name, problem, ids));
        };
        for error in [
            TokenStoreError::Unavailable("no secret service".into()),
            TokenStoreError::Refused("locked collection".into()),
            TokenStoreError::Damaged,
        ] {
            other(format!("{error:?}"), Problem::of(&error), vec![]);
        }
        let graph = [
            (
                GraphError::Api {
                    status: 503,
                    code: "serviceNotAvailable".into(),
                    message: "The service is not available.".into(),
                    request_id: Some("9f3c2a1b-0000-4d5e-8f70-123456789abc".into()),
                    client_request_id: None,
                    date: None,
                },
                vec![
                    "HTTP 503",
                    "serviceNotAvailable",
                    "9f3c2a1b-0000-4d5e-8f70-123456789abc",
                ],
            ),
            (
                GraphError::Api {
                    status: 401,
                    code: "InvalidAuthenticationToken".into(),
                    message: "Access token has expired.".into(),
                    request_id: None,
                    client_request_id: None,
                    date: None,
                },
                vec!["HTTP 401", "InvalidAuthenticationToken"],
            ),
            (
                GraphError::GaveUp {
                    attempts: 5,
                    status: 429,
                    code: "TooManyRequests".into(),
                    request_id: Some("req-429".into()),
                },
                vec!["5", "HTTP 429", "TooManyRequests", "req-429"],
            ),
            (GraphError::Malformed("expected value".into()), vec![]),
            (
                GraphError::ForeignNextLink("https://evil.example/next".into()),
                vec!["https://evil.example/next"],
            ),
            (GraphError::TooManyPages(50), vec!["50"]),
        ];
        for (error, ids) in graph {
            other(format!("{error:?}"), Problem::of(&error), ids);
        }
        for (error, ids) in transport_cases() {
            let error = GraphError::Transport(error);
            other(format!("{error:?}"), Problem::of(&error), ids);
        }
        for (error, ids) in [
            (
                CheckerError::Config(ConfigError::PlainHttp {
                    role: HostRole::Graph,
                    value: "http://graph.example/".into(),
                }),
                vec!["http://graph.example/"],
            ),
            (
                CheckerError::Transport(TransportError::Other("no TLS roots".into())),
                vec![],
            ),
        ] {
            other(format!("{error:?}"), Problem::of(&error), ids);
        }
        for error in [
            SetupError::Browser(BrowserError("no browser found".into())),
            SetupError::Listener("address in use".into()),
        ] {
            other(format!("{error:?}"), Problem::of(&error), vec![]);
        }
        other(
            "no refresh token".into(),
            Problem::no_refresh_token(),
            vec!["offline_access"],
        );
        other(
            "methods scope refused".into(),
            Problem::methods_scope_refused(&TokenError::Rejected(Box::new(entra(
                "invalid_grant",
                &[50088],
                "AADSTS50088: Limit on telecom MFA calls reached.",
            )))),
            vec!["AADSTS50088"],
        );
        for (error, codes, id) in [
            ("invalid_grant", &[700082][..], "AADSTS700082"),
            ("invalid_grant", &[50173], "AADSTS50173"),
            ("invalid_grant", &[], "invalid_grant"),
            ("interaction_required", &[50076], "AADSTS50076"),
            ("interaction_required", &[50079], "AADSTS50079"),
        ] {
            other(
                format!("session ended {id}"),
                Problem::session_ended(&entra(error, codes, "AADSTS: ended.")),
                vec![id],
            );
        }
        let book = std::path::PathBuf::from("/home/marco/.local/share/lifeboat/accounts.toml");
        let io = |kind: std::io::ErrorKind| BookError::Io {
            path: book.clone(),
            action: "replace the account book",
            source: std::io::Error::from(kind),
        };
        let book_errors = [
            (
                BookError::Unreadable {
                    path: book.clone(),
                    reason: "expected `=`".into(),
                },
                vec![],
            ),
            (
                BookError::RefusedToOverwrite {
                    path: book.clone(),
                    reason: "expected `=`".into(),
                    backup: book.with_extension("toml.bak"),
                },
                vec![],
            ),
            (
                io(std::io::ErrorKind::PermissionDenied),
                vec!["accounts.toml"],
            ),
            (io(std::io::ErrorKind::StorageFull), vec!["accounts.toml"]),
            (
                io(std::io::ErrorKind::ReadOnlyFilesystem),
                vec!["accounts.toml"],
            ),
            (io(std::io::ErrorKind::Interrupted), vec!["accounts.toml"]),
            (BookError::UnknownAccount("a1".into()), vec![]),
            (BookError::AmbiguousAccount("marco".into()), vec![]),
            (BookError::NothingToConfirm("a1".into()), vec![]),
            (BookError::NoBackup { path: book.clone() }, vec![]),
            (
                BookError::Invalid(crate::book::FieldError {
                    field: "upn",
                    reason: "must contain @".into(),
                }),
                vec!["upn"],
            ),
            (
                BookError::Duplicate {
                    upn: "marco@oml.it".into(),
                    existing: "a1".into(),
                },
                vec!["marco@oml.it"],
            ),
            (
                BookError::Import {
                    source_name: "accounts.csv".into(),
                    line: Some(7),
                    reason: "no upn".into(),
                },
                vec!["accounts.csv", "7"],
            ),
        ];
        for (error, ids) in book_errors {
            other(
                format!("not started: {error:?}"),
                Problem::check_not_started(&error),
                ids.clone(),
            );
            other(format!("{error:?}"), Problem::result_not_saved(&error), ids);
        }
        other(
            "re-check stopped".into(),
            Problem::recheck_stopped(),
            vec![],
        );
        other(
            "sessions not remembered".into(),
            Problem::sessions_not_remembered(&TokenStoreError::Unavailable("no D-Bus".into())),
            vec![],
        );
        cases
    }

    #[test]
    fn every_problem_is_worded_in_both_languages_with_its_identifiers() {
        let cases = every_problem();
        assert!(cases.len() > 60, "{} cases", cases.len());
        for (name, problem, identifiers) in &cases {
            let italian = problem.text(Lang::It);
            let english = problem.text(Lang::En);
            assert!(!italian.trim().is_empty(), "{name}: empty Italian");
            assert!(!english.trim().is_empty(), "{name}: empty English");
            assert_ne!(italian, english, "{name}: the same text in both languages");
            for identifier in identifiers {
                assert!(
                    italian.contains(identifier),
                    "{name}: {italian:?} lacks {identifier}"
                );
                assert!(
                    english.contains(identifier),
                    "{name}: {english:?} lacks {identifier}"
                );
            }
            let lowered = italian.to_lowercase();
            for giveaway in ENGLISH_GIVEAWAYS {
                assert!(
                    !lowered.contains(giveaway),
                    "{name}: the Italian {italian:?} contains {giveaway:?}"
                );
            }
            for text in [italian, english] {
                assert!(!text.contains('\n'), "{name}: one line: {text:?}");
                assert!(text.ends_with('.'), "{name}: a whole sentence: {text:?}");
            }
            assert!(!problem.detail().is_empty(), "{name}: no technical detail");
        }
    }

    #[test]
    fn the_english_display_stays_the_technical_detail() {
        let error = rejected("invalid_grant", &[50076]);
        let problem = Problem::of(&error);
        assert_eq!(problem.detail(), error.to_string());
        assert_eq!(problem.detail(), "AADSTS00000: Entra's own English words.");
        assert!(!problem.text(Lang::En).contains("Entra's own"));
        let graph = GraphError::GaveUp {
            attempts: 3,
            status: 503,
            code: "serviceNotAvailable".into(),
            request_id: Some("r1".into()),
        };
        assert_eq!(
            Problem::of(&graph).detail(),
            "Microsoft Graph kept refusing after 3 attempts (last: HTTP 503 serviceNotAvailable) (request-id r1)"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(
            duration_words(Duration::from_secs(600), Lang::It),
            "10 minuti"
        );
        assert_eq!(
            duration_words(Duration::from_secs(60), Lang::En),
            "1 minute"
        );
        assert_eq!(
            duration_words(Duration::from_secs(1), Lang::It),
            "1 secondo"
        );
        assert_eq!(
            duration_words(Duration::from_secs(90), Lang::En),
            "90 seconds"
        );
    }

    #[test]
    fn an_odd_entra_error_name_is_left_out_rather_than_shown() {
        let odd = entra("<script>alert(1)</script>", &[], "");
        let text = odd.explain(Lang::It);
        assert!(!text.contains("script"), "{text}");
        assert!(text.ends_with('.'));
    }

    #[test]
    fn a_problem_round_trips_through_json() {
        let problem = Problem::session_ended(&entra("invalid_grant", &[700082], "x"));
        let json = serde_json::to_string(&problem).unwrap();
        assert_eq!(serde_json::from_str::<Problem>(&json).unwrap(), problem);
        // Books saved earlier hold problems as {it, en, detail}: the shape stays.
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["detail", "en", "it"]);
    }
}
