//! Benchmark (not a test): re-check 50 accounts with remembered sessions against the simulator with 200 ms
//! of latency on every request, and compare with re-checking one. Target (issue 5): ratio ≤ 1.5.
//!
//! `cargo bench -p lifeboat-core --bench recheck`

use std::sync::Arc;
use std::time::{Duration, Instant};

use lifeboat_core::clock::{Sleeper, SystemClock, TokioSleeper};
use lifeboat_core::config::IdentityConfig;
use lifeboat_core::evidence::SignInOutcome;
use lifeboat_core::graph::GraphClient;
use lifeboat_core::http::{HttpTransport, ReqwestTransport};
use lifeboat_core::signin::{
    AccountTarget, BrowserError, BrowserOpener, Checker, MethodsReading, RecheckOutcome,
    SignInClient, SignInControl,
};
use lifeboat_core::token_store::{MemoryTokenStore, TokenStore};
use lifeboat_core::Lang;
use lifeboat_sim::{Scenario, SimServer};

const ACCOUNTS: usize = 50;
const LATENCY_MS: u64 = 200;

/// Fifty tenants (different tenants do not share Graph's throttling budget), one account each.
fn scenario() -> String {
    let mut text = format!(
        "[simulator]\nname = \"recheck benchmark\"\n\n[faults]\nlatency_ms = {LATENCY_MS}\n"
    );
    for index in 0..ACCOUNTS {
        text.push_str(&format!(
            "\n[[tenants]]\nid = \"00000000-0000-4000-8000-{index:012}\"\ndomain = \"tenant{index}.example.com\"\n\
             name = \"Tenant {index}\"\nkind = \"business\"\nconsented_scopes = [\"UserAuthenticationMethod.Read\"]\n\
             require_mfa = false\n\n[[users]]\ntenant = \"tenant{index}.example.com\"\nupn = \"user{index}@tenant{index}.example.com\"\n\
             display_name = \"User {index}\"\npassword = \"Password-{index}\"\n\n[[users.methods]]\n\
             \"@odata.type\" = \"#microsoft.graph.microsoftAuthenticatorAuthenticationMethod\"\n\
             id = \"6803c096-c096-6803-96c0-{index:012}\"\ndisplayName = \"Phone {index}\"\n\n[[users.methods]]\n\
             \"@odata.type\" = \"#microsoft.graph.phoneAuthenticationMethod\"\nid = \"3179e48a-750b-4051-897c-87b9720928f7\"\n\
             phoneNumber = \"+39 3475550{index:03}\"\nphoneType = \"mobile\"\nsmsSignInState = \"notEnabled\"\n\n\
             [[scripts]]\nuser = \"user{index}@tenant{index}.example.com\"\noutcome = \"complete\"\n"
        ));
    }
    text
}

/// The system browser, played by following the scripted redirects.
struct FollowingBrowser(reqwest::Client);

impl BrowserOpener for FollowingBrowser {
    fn open(&self, url: &url::Url) -> Result<(), BrowserError> {
        let request = self.0.get(url.clone());
        tokio::spawn(async move {
            let _ = request.send().await;
        });
        Ok(())
    }
}

fn target(index: usize) -> AccountTarget {
    AccountTarget {
        key: format!("account-{index}"),
        upn: format!("user{index}@tenant{index}.example.com"),
        tenant: None,
        fresh: false,
    }
}

/// A fresh checker (cold caches: discovery and keys are fetched again) over the shared token store.
fn checker(config: &IdentityConfig, store: Arc<dyn TokenStore>) -> Checker {
    let http: Arc<dyn HttpTransport> = Arc::new(ReqwestTransport::new().expect("HTTP client"));
    let sleeper: Arc<dyn Sleeper> = Arc::new(TokioSleeper);
    let graph = GraphClient::new(config, http.clone(), sleeper.clone()).expect("Graph URL");
    let signin = SignInClient::new(
        Arc::new(config.clone()),
        http,
        Arc::new(SystemClock),
        sleeper,
    );
    Checker::new(Arc::new(signin), Arc::new(graph), store)
}

async fn timed_recheck(
    config: &IdentityConfig,
    store: Arc<dyn TokenStore>,
    count: usize,
) -> Duration {
    let checker = checker(config, store);
    let targets: Vec<AccountTarget> = (0..count).map(target).collect();
    let started = Instant::now();
    let results = checker.recheck_all(&targets, |_| {}).await;
    let elapsed = started.elapsed();
    for result in &results {
        match &result.outcome {
            RecheckOutcome::Checked { check } => {
                assert_eq!(
                    check.evidence.outcome,
                    SignInOutcome::Completed,
                    "{:?}",
                    check.problem
                );
                assert!(
                    matches!(check.methods, MethodsReading::Read { .. }),
                    "{:?}",
                    check.methods
                );
            }
            other => panic!("{}: {other:?}", result.account_key),
        }
    }
    elapsed
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let scenario = Scenario::from_toml_str(&scenario()).expect("benchmark scenario");
    let server = SimServer::start(scenario, "127.0.0.1:0")
        .await
        .expect("simulator");
    let base = url::Url::parse(server.base_url()).expect("base URL");
    let config = IdentityConfig {
        interactive_timeout: Duration::from_secs(60),
        ..IdentityConfig::with_base(&base)
    };
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());

    // Set-up, not measured: sign every account in once so it has a remembered session.
    let setup = checker(&config, store.clone());
    let browser = Arc::new(FollowingBrowser(reqwest::Client::new()));
    let mut sign_ins = tokio::task::JoinSet::new();
    for index in 0..ACCOUNTS {
        let (setup, browser) = (setup.clone(), browser.clone());
        sign_ins.spawn(async move {
            let check = setup
                .check_interactive(
                    &target(index),
                    browser.as_ref(),
                    &SignInControl::new(),
                    Lang::En,
                )
                .await
                .expect("sign-in starts");
            assert_eq!(
                check.evidence.outcome,
                SignInOutcome::Completed,
                "{:?}",
                check.problem
            );
        });
    }
    while let Some(done) = sign_ins.join_next().await {
        done.expect("set-up sign-in");
    }

    // Warm-up of the process (allocator, TLS-free HTTP stack), then the two measurements.
    timed_recheck(&config, store.clone(), 1).await;
    let one = timed_recheck(&config, store.clone(), 1).await;
    let all = timed_recheck(&config, store.clone(), ACCOUNTS).await;
    let ratio = all.as_secs_f64() / one.as_secs_f64();
    println!("recheck: {LATENCY_MS} ms latency per request");
    println!(
        "recheck: 1 account   {:>8.1} ms",
        one.as_secs_f64() * 1000.0
    );
    println!(
        "recheck: {ACCOUNTS} accounts {:>8.1} ms",
        all.as_secs_f64() * 1000.0
    );
    println!(
        "recheck: ratio {ratio:.2} (target <= 1.50) {}",
        if ratio <= 1.5 { "OK" } else { "OVER TARGET" }
    );
    server.shutdown().await;
}
