//! Each error a check can meet, mapped to its catalog message (`locales/*/problem.ftl`) and variables.

use std::time::Duration;

use super::Explain;
use crate::args;
use crate::book::BookError;
use crate::config::{ConfigError, HostRole};
use crate::evidence::SignInOutcome;
use crate::graph::GraphError;
use crate::http::TransportError;
use crate::signin::{
    BrowserError, CheckerError, DiscoveryError, EntraError, IdTokenError, SetupError, SignInError,
    TokenError,
};
use crate::token_store::TokenStoreError;
use crate::Lang;

/// Why the account book refused a change, as the end of a sentence. The file's path is kept: it is the
/// person's own file, and where a disk is full or read-only it is what they need to look at.
pub(super) fn book_reason(error: &BookError, lang: Lang) -> String {
    match error {
        BookError::Unreadable { .. } | BookError::RefusedToOverwrite { .. } => {
            lang.say("problem-book-unreadable")
        }
        BookError::Io { path, source, .. } => {
            let id = match source.kind() {
                std::io::ErrorKind::PermissionDenied => "problem-book-permission-denied",
                std::io::ErrorKind::StorageFull => "problem-book-storage-full",
                std::io::ErrorKind::ReadOnlyFilesystem => "problem-book-read-only",
                _ => "problem-book-io",
            };
            lang.say_with(id, &args! { "path" => path.display().to_string() })
        }
        BookError::UnknownAccount(_) | BookError::AmbiguousAccount(_) => {
            lang.say("problem-book-unknown-account")
        }
        BookError::NothingToConfirm(_) => lang.say("problem-book-nothing-to-confirm"),
        BookError::NoBackup { .. } => lang.say("problem-book-no-backup"),
        BookError::Busy { .. } => lang.say("problem-book-busy"),
        BookError::Invalid(field) => lang.say_with(
            "problem-book-invalid-field",
            &args! { "field" => field.field },
        ),
        BookError::Duplicate { upn, .. } => {
            lang.say_with("problem-book-duplicate", &args! { "upn" => upn.as_str() })
        }
        BookError::Import {
            source_name, line, ..
        } => match line {
            Some(line) => lang.say_with(
                "problem-book-import-line",
                &args! { "source" => source_name.as_str(), "line" => line.to_string() },
            ),
            None => lang.say_with(
                "problem-book-import",
                &args! { "source" => source_name.as_str() },
            ),
        },
    }
}

/// " (AADSTS50076)", or " (error “invalid_grant”)" when Entra gave no code; "" when there is nothing useful.
pub(super) fn entra_reference(entra: &EntraError, lang: Lang) -> String {
    if let Some(code) = entra.aadsts() {
        let code = code.to_string();
        return format!(
            " {}",
            lang.say_with("problem-entra-aadsts", &args! { "code" => code })
        );
    }
    let name = entra.error.trim();
    let plain = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!(
            " {}",
            lang.say_with("problem-entra-error", &args! { "name" => name })
        )
    } else {
        String::new()
    }
}

/// "3 minuti" / "3 minutes", "45 secondi" / "45 seconds": whole minutes from two minutes on.
pub(super) fn duration_words(duration: Duration, lang: Lang) -> String {
    let seconds = duration.as_secs();
    let (count, unit) = if seconds >= 120 || seconds == 60 {
        (seconds / 60, "minutes")
    } else {
        (seconds, "seconds")
    };
    lang.say_with(
        "problem-duration",
        &args! { "count" => count, "unit" => unit },
    )
}

/// "HTTP 503 serviceNotAvailable, request-id …" from what Graph gave: identifiers, the same in every language.
fn graph_reference(status: u16, code: &str, request_id: Option<&str>) -> String {
    match request_id {
        Some(id) => format!("HTTP {status} {code}, request-id {id}"),
        None => format!("HTTP {status} {code}"),
    }
}

impl Explain for SignInError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            SignInError::NoTenant(upn) => {
                lang.say_with("problem-no-tenant", &args! { "upn" => upn.as_str() })
            }
            SignInError::Discovery(error) => error.explain(lang),
            SignInError::Token(error) => error.explain(lang),
            SignInError::IdToken(error) => error.explain(lang),
            SignInError::NoIdToken => lang.say("problem-no-id-token"),
            SignInError::WrongAccount { expected, found } => lang.say_with(
                "problem-wrong-account",
                &args! { "expected" => expected.as_str(), "found" => found.as_str() },
            ),
            SignInError::AccountNotNamed { expected } => lang.say_with(
                "problem-account-not-named",
                &args! { "expected" => expected.as_str() },
            ),
            SignInError::TimedOut(duration) => lang.say_with(
                "problem-timed-out",
                &args! { "duration" => duration_words(*duration, lang) },
            ),
            SignInError::Cancelled => lang.say("problem-cancelled"),
            SignInError::StuckAtMfa => lang.say("problem-stuck-at-mfa"),
            SignInError::DeviceCodeExpired => lang.say("problem-device-code-expired"),
            SignInError::DeviceCodeDeclined => lang.say("problem-device-code-declined"),
            SignInError::DeviceCodeMistyped => lang.say("problem-device-code-mistyped"),
        }
    }
}

impl Explain for DiscoveryError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            DiscoveryError::InvalidTenant(tenant) => lang.say_with(
                "problem-invalid-tenant",
                &args! { "tenant" => tenant.as_str() },
            ),
            DiscoveryError::UnknownTenant { tenant } => lang.say_with(
                "problem-unknown-tenant",
                &args! { "tenant" => tenant.as_str() },
            ),
            DiscoveryError::Status { tenant, status } => lang.say_with(
                "problem-discovery-status",
                &args! { "tenant" => tenant.as_str(), "status" => status.to_string() },
            ),
            DiscoveryError::Malformed { tenant, .. } => lang.say_with(
                "problem-discovery-malformed",
                &args! { "tenant" => tenant.as_str() },
            ),
            DiscoveryError::ForeignEndpoint { tenant, url, .. } => lang.say_with(
                "problem-foreign-endpoint",
                &args! { "tenant" => tenant.as_str(), "url" => url.as_str() },
            ),
            DiscoveryError::Host(error) => error.explain(lang),
            DiscoveryError::Transport(error) => error.explain(lang),
        }
    }
}

impl Explain for TransportError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            TransportError::Timeout(duration) => lang.say_with(
                "problem-transport-timeout",
                &args! { "duration" => duration_words(*duration, lang) },
            ),
            TransportError::Connect { host, .. } => lang.say_with(
                "problem-transport-connect",
                &args! { "host" => host.as_str() },
            ),
            TransportError::Other(_) => lang.say("problem-transport-broke-off"),
        }
    }
}

impl Explain for TokenError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            TokenError::Rejected(entra) => entra.explain(lang),
            TokenError::Status { status } => lang.say_with(
                "problem-token-status",
                &args! { "status" => status.to_string() },
            ),
            TokenError::Malformed(_) => lang.say("problem-token-malformed"),
            TokenError::Transport(error) => error.explain(lang),
        }
    }
}

impl Explain for EntraError {
    /// Worded from the outcome Entra's codes mean; Entra's own description (English) stays in the logs.
    fn explain(&self, lang: Lang) -> String {
        let id = if self.needs_interactive_sign_in() {
            "problem-entra-sign-in-again"
        } else {
            match self.outcome() {
                SignInOutcome::BlockedByMfa => "problem-entra-blocked-by-mfa",
                SignInOutcome::MustRegister => "problem-entra-must-register",
                SignInOutcome::RegistrationBlocked => "problem-entra-registration-blocked",
                SignInOutcome::BlockedByPolicy => "problem-entra-blocked-by-policy",
                SignInOutcome::ConsentMissing => "problem-entra-consent-missing",
                SignInOutcome::WrongAccountOrTenant => "problem-entra-wrong-account-or-tenant",
                SignInOutcome::PasswordProblem => "problem-entra-password",
                SignInOutcome::DisabledOrLocked => "problem-entra-disabled-or-locked",
                SignInOutcome::Transient => "problem-entra-transient",
                SignInOutcome::Skipped => "problem-entra-skipped",
                SignInOutcome::Completed => "problem-entra-refused",
            }
        };
        lang.say_with(id, &args! { "reference" => entra_reference(self, lang) })
    }
}

impl Explain for IdTokenError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            IdTokenError::Malformed(_) => lang.say("problem-id-token-malformed"),
            IdTokenError::Algorithm(algorithm) => lang.say_with(
                "problem-id-token-algorithm",
                &args! { "algorithm" => algorithm.as_str() },
            ),
            IdTokenError::UnknownKey => lang.say("problem-id-token-unknown-key"),
            IdTokenError::Signature => lang.say("problem-id-token-signature"),
            IdTokenError::Issuer { found, .. } => lang.say_with(
                "problem-id-token-issuer",
                &args! { "issuer" => found.as_str() },
            ),
            IdTokenError::Audience => lang.say("problem-id-token-audience"),
            IdTokenError::Nonce => lang.say("problem-id-token-nonce"),
            IdTokenError::Expired => lang.say("problem-id-token-expired"),
            IdTokenError::NotYetValid => lang.say("problem-id-token-not-yet-valid"),
            IdTokenError::MissingTenant => lang.say("problem-id-token-missing-tenant"),
            IdTokenError::WrongTenant { expected, found } => lang.say_with(
                "problem-id-token-wrong-tenant",
                &args! { "expected" => expected.as_str(), "found" => found.as_str() },
            ),
            IdTokenError::Keys(_) => lang.say("problem-id-token-keys"),
            IdTokenError::Transport(error) => error.explain(lang),
        }
    }
}

impl Explain for TokenStoreError {
    fn explain(&self, lang: Lang) -> String {
        lang.say(match self {
            TokenStoreError::Unavailable(_) => "problem-keyring-unavailable",
            TokenStoreError::Refused(_) => "problem-keyring-refused",
            TokenStoreError::Damaged => "problem-keyring-damaged",
        })
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
                let passing = *status == 429 || *status >= 500;
                let id = if passing {
                    "problem-graph-refused-for-now"
                } else {
                    "problem-graph-refused"
                };
                let reference = graph_reference(*status, code, request_id.as_deref());
                lang.say_with(id, &args! { "reference" => reference })
            }
            GraphError::GaveUp {
                attempts,
                status,
                code,
                request_id,
            } => lang.say_with(
                "problem-graph-gave-up",
                &args! {
                    "attempts" => attempts.to_string(),
                    "reference" => graph_reference(*status, code, request_id.as_deref()),
                },
            ),
            GraphError::Malformed(_) => lang.say("problem-graph-malformed"),
            GraphError::ForeignNextLink(host) => lang.say_with(
                "problem-graph-foreign-next-link",
                &args! { "host" => host.as_str() },
            ),
            GraphError::TooManyPages(pages) => lang.say_with(
                "problem-graph-too-many-pages",
                &args! { "pages" => pages.to_string() },
            ),
            GraphError::Transport(error) => error.explain(lang),
        }
    }
}

impl Explain for BrowserError {
    fn explain(&self, lang: Lang) -> String {
        lang.say("problem-no-browser")
    }
}

impl Explain for SetupError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            SetupError::Browser(error) => error.explain(lang),
            SetupError::Listener(_) => lang.say("problem-setup-listener"),
        }
    }
}

/// A host Lifeboat will not send tokens to (`--authority`, `--graph`, or what discovery named).
impl Explain for ConfigError {
    fn explain(&self, lang: Lang) -> String {
        let (id, role, value) = match self {
            ConfigError::NotAHost { role, value } => ("problem-config-not-a-host", role, value),
            ConfigError::PlainHttp { role, value } => ("problem-config-plain-http", role, value),
        };
        let role = match role {
            HostRole::Authority => "authority",
            HostRole::Graph => "graph",
        };
        lang.say_with(id, &args! { "role" => role, "value" => value.as_str() })
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
