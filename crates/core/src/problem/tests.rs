use std::time::Duration;

use super::explain::duration_words;
use super::*;
use crate::config::{ConfigError, HostRole};
use crate::graph::GraphError;
use crate::http::TransportError;
use crate::signin::{
    BrowserError, CheckerError, DiscoveryError, IdTokenError, SetupError, SignInError,
};
use crate::token_store::TokenStoreError;

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
