//! The loopback listener of the interactive sign-in (RFC 8252 §7.3): redirect URI `http://localhost:{port}`
//! (Entra ignores the port of loopback URIs and does not accept `[::1]`, docs/MICROSOFT.md §1.5), so the port is
//! held on every address `localhost` may resolve to: 127.0.0.1 and, where the machine has IPv6, ::1 — no other
//! local process can take the other one and receive the code. It serves exactly one genuine redirect (right
//! path, right `state`, a `code` or an `error`) and then closes. Anything else (wrong path, wrong or missing
//! state, other methods, oversized, binary or slow requests, a request before the browser was even opened) gets
//! a short refusal and the wait goes on; nothing a client sends can end the wait or panic the listener, and
//! idle connections cannot crowd the browser out.

use std::collections::VecDeque;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use oauth2::AuthorizationCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::{AbortHandle, JoinSet};

use super::constant_time_eq;
use super::entra_error::EntraError;
use crate::Lang;

/// Longest request head accepted; a real redirect is a few hundred bytes (codes are ~1 KB).
const MAX_REQUEST_HEAD: usize = 16 * 1024;
/// How long one connection may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections handled at once; a new one closes the oldest (a flood cannot exhaust the process, nor keep the
/// browser out: its request comes as soon as it connects).
const MAX_CONNECTIONS: usize = 64;
/// Ports tried when another process already holds the chosen port on ::1.
const BIND_ATTEMPTS: usize = 8;

/// What the genuine redirect brought.
#[derive(Debug, Clone)]
pub enum RedirectResult {
    Code(AuthorizationCode),
    Error(EntraError),
}

/// A bound listener, waiting to be given the expected `state`.
#[derive(Debug)]
pub struct LoopbackListener {
    ipv4: TcpListener,
    /// The same port on ::1; `None` only where the machine has no IPv6 loopback.
    ipv6: Option<TcpListener>,
    port: u16,
}

impl LoopbackListener {
    /// Binds a port the OS picks on 127.0.0.1 and the same port on ::1 (never 0.0.0.0: the redirect must be
    /// unreachable from the network). When another process holds that port on ::1, another port is tried; after
    /// a few, the sign-in does not start rather than leave a half to someone else.
    pub async fn bind() -> io::Result<Self> {
        for _ in 0..BIND_ATTEMPTS {
            let ipv4 = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
            match with_ipv6(ipv4).await {
                Err(error) if error.kind() == io::ErrorKind::AddrInUse => continue,
                bound => return bound,
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AddrInUse,
            "every port tried on 127.0.0.1 was taken on ::1 by another program",
        ))
    }

    /// The 127.0.0.1 address.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.ipv4.local_addr()
    }

    /// True when the port is held on ::1 too.
    pub fn has_ipv6(&self) -> bool {
        self.ipv6.is_some()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://localhost:{port}`: what the authorization request carries as `redirect_uri`.
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    /// Serves until the genuine redirect arrives and returns what it carried; the listener is closed when this
    /// returns (or when the future is dropped, e.g. on timeout or cancel).
    pub async fn wait_for_redirect(self, expected_state: &str, lang: Lang) -> RedirectResult {
        let (genuine_tx, mut genuine_rx) = mpsc::channel::<RedirectResult>(1);
        let expected = Arc::new(Expected {
            state: expected_state.to_string(),
            port: self.port,
            lang,
        });
        let mut connections = JoinSet::new();
        // Connections in the order they came, to close the oldest when there are too many.
        let mut oldest_first: VecDeque<AbortHandle> = VecDeque::new();
        loop {
            tokio::select! {
                Some(result) = genuine_rx.recv() => {
                    // Dropping the listeners closes the port; dropping the set ends connections in flight.
                    drop(self);
                    connections.abort_all();
                    return result;
                }
                accepted = self.accept() => {
                    let Ok(stream) = accepted else { continue };
                    if oldest_first.len() >= MAX_CONNECTIONS {
                        if let Some(oldest) = oldest_first.pop_front() {
                            oldest.abort();
                        }
                    }
                    let expected = expected.clone();
                    let genuine_tx = genuine_tx.clone();
                    oldest_first.push_back(connections.spawn(async move {
                        if let Ok(Some(result)) = tokio::time::timeout(READ_TIMEOUT * 2, serve(stream, &expected)).await {
                            let _ = genuine_tx.try_send(result);
                        }
                    }));
                }
                // Reap finished connection tasks so neither the set nor the queue grows.
                Some(finished) = connections.join_next_with_id(), if !connections.is_empty() => {
                    let id = match finished {
                        Ok((id, ())) => id,
                        Err(error) => error.id(),
                    };
                    oldest_first.retain(|handle| handle.id() != id);
                }
            }
        }
    }

    /// The next connection on either address.
    async fn accept(&self) -> io::Result<TcpStream> {
        let ipv6 = async {
            match &self.ipv6 {
                Some(listener) => listener.accept().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            accepted = self.ipv4.accept() => accepted.map(|(stream, _)| stream),
            accepted = ipv6 => accepted.map(|(stream, _)| stream),
        }
    }
}

/// Holds `ipv4`'s port on ::1 too. `AddrInUse` when another process has it there; where ::1 cannot be bound at
/// all (no IPv6 loopback), `localhost` cannot resolve to it either and 127.0.0.1 is enough.
async fn with_ipv6(ipv4: TcpListener) -> io::Result<LoopbackListener> {
    let port = ipv4.local_addr()?.port();
    let ipv6 = match TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port))).await {
        Ok(listener) => Some(listener),
        Err(error) if error.kind() == io::ErrorKind::AddrInUse => return Err(error),
        Err(error) => {
            tracing::info!(%error, "no IPv6 loopback: listening on 127.0.0.1 only");
            None
        }
    };
    Ok(LoopbackListener { ipv4, ipv6, port })
}

struct Expected {
    state: String,
    port: u16,
    lang: Lang,
}

/// Handles one connection; returns the redirect's content when it is the genuine one.
async fn serve(mut stream: TcpStream, expected: &Expected) -> Option<RedirectResult> {
    let head = match tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await {
        Ok(Ok(head)) => head,
        Ok(Err(HeadError::TooLong)) => {
            respond(&mut stream, 431, &page::rejected(expected.lang)).await;
            return None;
        }
        Ok(Err(HeadError::Closed)) | Err(_) => return None,
    };
    let verdict = judge(&head, expected);
    let (status, body, result) = match verdict {
        Judgement::Genuine(RedirectResult::Code(code)) => (
            200,
            page::success(expected.lang),
            Some(RedirectResult::Code(code)),
        ),
        Judgement::Genuine(RedirectResult::Error(error)) => (
            200,
            page::failure(expected.lang, &error.summary()),
            Some(RedirectResult::Error(error)),
        ),
        Judgement::Refused(status) => (status, page::rejected(expected.lang), None),
    };
    respond(&mut stream, status, &body).await;
    result
}

enum HeadError {
    TooLong,
    Closed,
}

/// Reads up to the blank line ending the request head.
async fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, HeadError> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let read = stream
            .read(&mut chunk)
            .await
            .map_err(|_| HeadError::Closed)?;
        if read == 0 {
            return Err(HeadError::Closed);
        }
        head.extend_from_slice(&chunk[..read]);
        if let Some(end) = head.windows(4).position(|window| window == b"\r\n\r\n") {
            head.truncate(end);
            return Ok(head);
        }
        if head.len() > MAX_REQUEST_HEAD {
            return Err(HeadError::TooLong);
        }
    }
}

enum Judgement {
    Genuine(RedirectResult),
    Refused(u16),
}

/// Decides what a request head is. Pure, so it is tested directly (including with arbitrary bytes).
fn judge(head: &[u8], expected: &Expected) -> Judgement {
    let Ok(text) = std::str::from_utf8(head) else {
        return Judgement::Refused(400);
    };
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Judgement::Refused(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Judgement::Refused(400);
    }
    if method != "GET" {
        return Judgement::Refused(405);
    }
    // A page elsewhere in the browser must not reach the listener through another host name (DNS rebinding).
    let host = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim());
    let allowed_hosts = [
        format!("localhost:{}", expected.port),
        format!("127.0.0.1:{}", expected.port),
    ];
    if !host.is_some_and(|host| {
        allowed_hosts
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(host))
    }) {
        return Judgement::Refused(400);
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != "/" {
        return Judgement::Refused(404);
    }
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    let states: Vec<&str> = params
        .iter()
        .filter(|(key, _)| key == "state")
        .map(|(_, value)| value.as_str())
        .collect();
    if states.len() != 1 || !constant_time_eq(states[0], &expected.state) {
        return Judgement::Refused(400);
    }
    let codes: Vec<&str> = params
        .iter()
        .filter(|(key, _)| key == "code")
        .map(|(_, value)| value.as_str())
        .collect();
    if let Some(error) = EntraError::from_redirect(&params) {
        return Judgement::Genuine(RedirectResult::Error(error));
    }
    match codes.as_slice() {
        [code] if !code.is_empty() => Judgement::Genuine(RedirectResult::Code(
            AuthorizationCode::new(code.to_string()),
        )),
        _ => Judgement::Refused(400),
    }
}

async fn respond(stream: &mut TcpStream, status: u16, body: &str) {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Bad Request",
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nX-Content-Type-Options: nosniff\r\n\
         Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(READ_TIMEOUT, async {
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}

/// The plain pages shown in the browser.
mod page {
    use crate::Lang;

    fn html(lang: Lang, title: &str, message: &str) -> String {
        format!(
            "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
             <body style=\"font-family: sans-serif; max-width: 40em; margin: 4em auto\"><h1>{title}</h1><p>{message}</p></body></html>",
            lang.code()
        )
    }

    pub fn success(lang: Lang) -> String {
        html(
            lang,
            &lang.say("signin-page-received-title"),
            &lang.say("signin-page-received"),
        )
    }

    pub fn failure(lang: Lang, summary: &str) -> String {
        let reason = lang.say_with(
            "signin-page-failed",
            &crate::args! { "reason" => escape(summary) },
        );
        let back = lang.say("signin-page-received");
        html(
            lang,
            &lang.say("signin-page-failed-title"),
            &format!("{reason}<br>{back}"),
        )
    }

    pub fn rejected(lang: Lang) -> String {
        html(
            lang,
            &lang.say("signin-page-rejected-title"),
            &lang.say("signin-page-rejected"),
        )
    }

    pub fn escape(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '&' => "&amp;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                other => other.to_string(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected() -> Expected {
        Expected {
            state: "st4te".into(),
            port: 5000,
            lang: Lang::En,
        }
    }

    fn head(target: &str) -> Vec<u8> {
        format!("GET {target} HTTP/1.1\r\nHost: localhost:5000\r\nUser-Agent: test").into_bytes()
    }

    #[test]
    fn the_genuine_code_redirect_is_accepted() {
        match judge(&head("/?code=abc&state=st4te&session_state=x"), &expected()) {
            Judgement::Genuine(RedirectResult::Code(code)) => assert_eq!(code.secret(), "abc"),
            _ => panic!("genuine redirect refused"),
        }
    }

    #[test]
    fn an_error_redirect_with_the_right_state_is_genuine() {
        let target =
            "/?error=access_denied&error_description=AADSTS65001%3a+no+consent&state=st4te";
        match judge(&head(target), &expected()) {
            Judgement::Genuine(RedirectResult::Error(error)) => {
                assert_eq!(error.error_codes, vec![65001])
            }
            _ => panic!("error redirect refused"),
        }
    }

    #[test]
    fn everything_else_is_refused() {
        let refused = |bytes: Vec<u8>| matches!(judge(&bytes, &expected()), Judgement::Refused(_));
        assert!(refused(head("/?code=abc&state=wrong")));
        assert!(refused(head("/?code=abc")));
        assert!(refused(head("/?code=abc&state=st4te&state=st4te")));
        assert!(refused(head("/?state=st4te")));
        assert!(refused(head("/?code=&state=st4te")));
        assert!(refused(head("/favicon.ico")));
        assert!(refused(head("/callback?code=abc&state=st4te")));
        assert!(refused(
            b"POST /?code=abc&state=st4te HTTP/1.1\r\nHost: localhost:5000".to_vec()
        ));
        assert!(refused(
            b"GET /?code=abc&state=st4te HTTP/1.1\r\nHost: evil.example:5000".to_vec()
        ));
        assert!(refused(b"GET /?code=abc&state=st4te HTTP/1.1".to_vec()));
        assert!(refused(b"GET /?code=abc&state=st4te".to_vec()));
        assert!(refused(vec![0xff, 0xfe, 0x00, 0x01]));
        assert!(refused(Vec::new()));
    }

    #[tokio::test]
    async fn a_port_another_program_holds_on_ipv6_is_not_used() {
        let Ok(squatter) = std::net::TcpListener::bind((Ipv6Addr::LOCALHOST, 0)) else {
            println!("skipped: this machine has no IPv6 loopback address");
            return;
        };
        let port = squatter.local_addr().unwrap().port();
        let Ok(ipv4) = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await else {
            println!("skipped: port {port} is taken on 127.0.0.1 as well");
            return;
        };
        let error = with_ipv6(ipv4)
            .await
            .expect_err("[::1]:port belongs to another program");
        assert_eq!(error.kind(), io::ErrorKind::AddrInUse);
        // A fresh bind picks a port free on both.
        let listener = LoopbackListener::bind().await.unwrap();
        assert!(listener.has_ipv6());
        assert_ne!(listener.port(), port);
    }

    #[test]
    fn failure_pages_escape_what_they_show() {
        let page = page::failure(Lang::En, "<script>alert(1)</script>");
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;"));
        assert!(page::success(Lang::It).contains("lang=\"it\""));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic_nor_pass(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            proptest::prop_assert!(matches!(judge(&bytes, &expected()), Judgement::Refused(_)));
        }
    }
}
