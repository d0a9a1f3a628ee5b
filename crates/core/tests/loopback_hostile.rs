//! The loopback listener under hostile traffic, over real TCP: every bad request is refused while the wait
//! for the genuine redirect goes on; after it, the port is closed; the listener holds its port on 127.0.0.1 and
//! ::1 (where the machine has IPv6) and nowhere else; idle connections never lock the browser out.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use lifeboat_core::signin::loopback::{LoopbackListener, RedirectResult};
use lifeboat_core::Lang;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const STATE: &str = "state-from-this-sign-in";

/// Sends raw bytes and returns the response status (0 when the connection closed without an answer).
async fn send(port: u16, bytes: &[u8]) -> u16 {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))
        .await
        .expect("listener accepts");
    let _ = stream.write_all(bytes).await;
    let mut response = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(15), stream.read_to_end(&mut response)).await;
    let text = String::from_utf8_lossy(&response);
    text.split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

fn get(port: u16, target: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

#[tokio::test]
async fn hostile_requests_are_refused_and_the_wait_goes_on() {
    let listener = LoopbackListener::bind().await.unwrap();
    let port = listener.port();
    assert_eq!(listener.local_addr().unwrap().ip(), Ipv4Addr::LOCALHOST);
    assert_eq!(listener.redirect_uri(), format!("http://localhost:{port}"));

    // A request that arrives before the browser was even opened: queued by the OS, then refused.
    let early = tokio::spawn(async move { send(port, &get(port, "/?code=early")).await });
    tokio::time::sleep(Duration::from_millis(50)).await;

    let wait = tokio::spawn(async move { listener.wait_for_redirect(STATE, Lang::En).await });
    assert_eq!(early.await.unwrap(), 400);

    // A slow client that never finishes its request must not block the others.
    let mut slow = TcpStream::connect((Ipv4Addr::LOCALHOST, port))
        .await
        .unwrap();
    slow.write_all(b"GET /?code=x&st").await.unwrap();

    let hostile: Vec<(&str, Vec<u8>, u16)> = vec![
        ("wrong state", get(port, "/?code=stolen&state=guessed"), 400),
        ("missing state", get(port, "/?code=stolen"), 400),
        (
            "wrong path",
            get(port, &format!("/favicon.ico?state={STATE}")),
            404,
        ),
        (
            "other path with the right state",
            get(port, &format!("/callback?code=c&state={STATE}")),
            404,
        ),
        (
            "POST",
            format!("POST /?code=c&state={STATE} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n")
                .into_bytes(),
            405,
        ),
        (
            "foreign Host (DNS rebinding)",
            format!("GET /?code=c&state={STATE} HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n")
                .into_bytes(),
            400,
        ),
        (
            "no Host",
            format!("GET /?code=c&state={STATE} HTTP/1.1\r\n\r\n").into_bytes(),
            400,
        ),
        (
            "binary",
            vec![
                0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0xff, 0xfe, b'\r', b'\n', b'\r', b'\n',
            ],
            400,
        ),
        ("not HTTP", b"HELLO THERE\r\n\r\n".to_vec(), 400),
        (
            "very long",
            {
                let mut long = format!("GET /?code=c&state={STATE}&pad=").into_bytes();
                long.extend(std::iter::repeat_n(b'A', 200_000));
                long
            },
            431,
        ),
        (
            "duplicate state",
            get(port, &format!("/?code=c&state={STATE}&state=other")),
            400,
        ),
        (
            "empty code",
            get(port, &format!("/?code=&state={STATE}")),
            400,
        ),
    ];
    for (name, bytes, expected) in hostile {
        assert_eq!(send(port, &bytes).await, expected, "{name}");
        assert!(!wait.is_finished(), "{name} must not end the wait");
    }
    // A flood of connections that say nothing.
    let mut idle = Vec::new();
    for _ in 0..40 {
        if let Ok(stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).await {
            idle.push(stream);
        }
    }
    assert!(!wait.is_finished());
    drop(idle);
    tokio::time::sleep(Duration::from_millis(100)).await;

    // The genuine redirect (Entra adds a trailing slash and session_state).
    assert_eq!(
        send(
            port,
            &get(
                port,
                &format!("/?code=the-code&state={STATE}&session_state=s")
            )
        )
        .await,
        200
    );
    match tokio::time::timeout(Duration::from_secs(5), wait)
        .await
        .unwrap()
        .unwrap()
    {
        RedirectResult::Code(code) => assert_eq!(code.secret(), "the-code"),
        RedirectResult::Error(error) => panic!("unexpected error {error:?}"),
    }
    drop(slow);

    // One genuine redirect served, then the port is closed: a second one cannot even connect.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        TcpStream::connect((Ipv4Addr::LOCALHOST, port))
            .await
            .is_err(),
        "the listener is closed"
    );
}

#[tokio::test]
async fn an_error_redirect_ends_the_wait_with_the_error() {
    let listener = LoopbackListener::bind().await.unwrap();
    let port = listener.port();
    let wait = tokio::spawn(async move { listener.wait_for_redirect(STATE, Lang::It).await });
    tokio::time::sleep(Duration::from_millis(20)).await;
    let target = format!("/?error=access_denied&error_description=AADSTS90094%3a+The+grant+requires+admin+permission.&state={STATE}");
    assert_eq!(send(port, &get(port, &target)).await, 200);
    match wait.await.unwrap() {
        RedirectResult::Error(error) => assert_eq!(error.aadsts(), Some(90094)),
        RedirectResult::Code(_) => panic!("an error redirect is not a code"),
    }
}

/// Whether this machine has an IPv6 loopback address (`::1`) to bind.
fn has_ipv6_loopback() -> bool {
    std::net::TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).is_ok()
}

#[tokio::test]
async fn localhost_is_held_on_every_loopback_address_and_nowhere_else() {
    let listener = LoopbackListener::bind().await.unwrap();
    let port = listener.port();
    let wait = tokio::spawn(async move { listener.wait_for_redirect(STATE, Lang::En).await });
    tokio::time::sleep(Duration::from_millis(20)).await;
    // Another loopback address of the same machine: not bound (never 0.0.0.0).
    let other_loopback = SocketAddr::from((Ipv4Addr::new(127, 0, 0, 2), port));
    assert!(
        TcpStream::connect(other_loopback).await.is_err(),
        "bound to the loopback addresses only, not 0.0.0.0"
    );
    assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, port))
        .await
        .is_ok());
    if !has_ipv6_loopback() {
        println!("skipped the ::1 half: this machine has no IPv6 loopback address");
        return;
    }
    // A browser that resolves `localhost` to ::1 reaches Lifeboat too, not another process on [::1]:port.
    let mut stream = TcpStream::connect((Ipv6Addr::LOCALHOST, port))
        .await
        .expect("[::1] is bound on the same port");
    stream
        .write_all(&get(port, &format!("/?code=via-ipv6&state={STATE}")))
        .await
        .unwrap();
    let mut response = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut response)).await;
    assert!(String::from_utf8_lossy(&response).starts_with("HTTP/1.1 200"));
    match tokio::time::timeout(Duration::from_secs(5), wait)
        .await
        .unwrap()
        .unwrap()
    {
        RedirectResult::Code(code) => assert_eq!(code.secret(), "via-ipv6"),
        RedirectResult::Error(error) => panic!("unexpected error {error:?}"),
    }
}

#[tokio::test]
async fn idle_connections_never_lock_the_browser_out() {
    let listener = LoopbackListener::bind().await.unwrap();
    let port = listener.port();
    let wait = tokio::spawn(async move { listener.wait_for_redirect(STATE, Lang::En).await });
    // Another local process opens many connections and says nothing, before and while the browser comes.
    let mut idle = Vec::new();
    for _ in 0..100 {
        idle.push(
            TcpStream::connect((Ipv4Addr::LOCALHOST, port))
                .await
                .expect("the listener accepts"),
        );
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = std::time::Instant::now();
    let genuine = get(port, &format!("/?code=the-code&state={STATE}"));
    assert_eq!(send(port, &genuine).await, 200, "the browser is served");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "at once, not after the idle ones time out: {:?}",
        started.elapsed()
    );
    match tokio::time::timeout(Duration::from_secs(5), wait)
        .await
        .unwrap()
        .unwrap()
    {
        RedirectResult::Code(code) => assert_eq!(code.secret(), "the-code"),
        RedirectResult::Error(error) => panic!("unexpected error {error:?}"),
    }
    drop(idle);
}
