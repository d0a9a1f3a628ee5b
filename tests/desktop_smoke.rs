//! Smoke test of the real desktop app: the window opens on Lifeboat's start screen, a command round-trips
//! between the UI and Rust, and the language switch works. Run by `make test` under Xvfb.

mod support;

use lifeboat_core::Lang;
use support::Desktop;

#[tokio::test(flavor = "multi_thread")]
async fn window_shows_start_screen_and_a_command_round_trips() {
    let desktop = Desktop::start(&[("LIFEBOAT_LANG", "en")]).await;

    let heading = desktop.wait_text("#start-heading", |t| !t.is_empty()).await;
    assert_eq!(heading, Lang::En.say("start-heading"));
    for choice in ["lost", "ready", "practice"] {
        desktop
            .wait_css(&format!("[data-testid=start-{choice}]"))
            .await;
    }

    // `app_info` is answered by Rust: the version comes from the core crate, the language from LIFEBOAT_LANG.
    let version = desktop
        .wait_text("[data-testid=app-version]", |t| !t.is_empty())
        .await;
    assert_eq!(version, format!("Version {}", env!("CARGO_PKG_VERSION")));

    desktop.screenshot("start-en").await;
    desktop.click("[data-testid=lang-it]").await;
    let heading = desktop
        .wait_text("#start-heading", |t| t != Lang::En.say("start-heading"))
        .await;
    assert_eq!(heading, Lang::It.say("start-heading"));

    let title = desktop.client.title().await.unwrap();
    assert_eq!(title, "Lifeboat");

    let shot = desktop.screenshot("start-it").await;
    eprintln!("screenshot: {}", shot.display());
    desktop.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn environment_language_reaches_the_window() {
    let desktop = Desktop::start(&[("LIFEBOAT_LANG", "it")]).await;
    let heading = desktop
        .wait_text("#start-heading", |t| t == Lang::It.say("start-heading"))
        .await;
    assert_eq!(heading, Lang::It.say("start-heading"));
    let version = desktop
        .wait_text("[data-testid=app-version]", |t| !t.is_empty())
        .await;
    assert!(version.starts_with("Versione "), "{version}");
    desktop.stop().await;
}
