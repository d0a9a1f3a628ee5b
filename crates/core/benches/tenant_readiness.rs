//! Benchmark (not a test): a tenant's readiness from `userRegistrationDetails` over 100,000 generated users in
//! the simulator, streamed into a CSV file. Prints the time per 1,000 users, the ratio to merely paging through
//! the same report, and the peak memory (VmHWM of /proc/self/status) after a 10,000-user tenant and after the
//! 100,000-user one: bounded memory means the second peak is no higher than the first.
//!
//! `cargo bench -p lifeboat-core --bench tenant_readiness`

use std::sync::Arc;
use std::time::Instant;

use lifeboat_core::clock::{Sleeper, SystemClock, TokioSleeper};
use lifeboat_core::config::IdentityConfig;
use lifeboat_core::desk::readiness::CsvSink;
use lifeboat_core::desk::{ReadinessReport, ReadinessSummary, READINESS_SCOPES};
use lifeboat_core::graph::{GraphCall, GraphClient};
use lifeboat_core::http::{HttpTransport, ReqwestTransport};
use lifeboat_core::signin::{
    AccountTarget, BrowserError, BrowserOpener, Checker, SignInClient, SignInControl,
};
use lifeboat_core::token_store::{AccessToken, MemoryTokenStore};
use lifeboat_core::Lang;
use lifeboat_sim::{Scenario, SimServer};

const SMALL: usize = 10_000;
const LARGE: usize = 100_000;

fn scenario() -> String {
    let mut text = String::from("[simulator]\nname = \"readiness benchmark\"\n");
    for (index, count) in [(1, SMALL), (2, LARGE)] {
        text.push_str(&format!(
            "\n[[tenants]]\nid = \"00000000-0000-4000-8000-{index:012}\"\ndomain = \"t{index}.example.com\"\n\
             name = \"Tenant {index}\"\nkind = \"education\"\nlicence = \"p1\"\nrequire_mfa = false\n\
             consented_scopes = [\"AuditLog.Read.All\"]\n\n[[users]]\ntenant = \"t{index}.example.com\"\n\
             upn = \"reports@t{index}.example.com\"\ndisplay_name = \"Reports {index}\"\npassword = \"Reports-{index}\"\n\
             roles = [\"Reports Reader\"]\n\n[[scripts]]\nuser = \"reports@t{index}.example.com\"\noutcome = \"complete\"\n\n\
             [[generated_users]]\ntenant = \"t{index}.example.com\"\ncount = {count}\nseed = {index}\n"
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

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

async fn token(checker: &Checker, config: &IdentityConfig, index: usize) -> AccessToken {
    let target = AccountTarget::for_desk_admin(
        &format!("reports@t{index}.example.com"),
        Some(&format!("t{index}.example.com")),
        config,
    );
    let browser = FollowingBrowser(reqwest::Client::new());
    checker
        .check_interactive(&target, &browser, &SignInControl::new(), Lang::En)
        .await
        .expect("sign-in starts");
    checker
        .scoped_token(&target, READINESS_SCOPES)
        .await
        .expect("token")
        .expect("a session")
}

/// Pages through the report and drops every page: the floor any reader of this report pays.
async fn page_only(graph: &GraphClient, token: &AccessToken) -> usize {
    let mut url = graph
        .url("reports/authenticationMethods/userRegistrationDetails?$top=999")
        .unwrap();
    let mut users = 0;
    loop {
        let reply = graph.send(&GraphCall::get(url), token).await.expect("page");
        users += reply.body["value"].as_array().map_or(0, Vec::len);
        match reply.body["@odata.nextLink"].as_str() {
            Some(next) => url = graph.next_link(next).unwrap(),
            None => return users,
        }
    }
}

async fn readiness(
    graph: &GraphClient,
    token: &AccessToken,
    csv: &std::path::Path,
) -> ReadinessSummary {
    let file = std::io::BufWriter::new(std::fs::File::create(csv).expect("CSV file"));
    let mut sink = CsvSink::new(file).expect("CSV");
    let report = ReadinessReport { graph, token };
    let summary = report.run(&mut sink, &mut |_| {}).await.expect("report");
    sink.finish().expect("CSV written");
    summary
}

#[tokio::main]
async fn main() {
    let scenario = Scenario::from_toml_str(&scenario()).expect("scenario");
    let server = SimServer::start(scenario, "127.0.0.1:0")
        .await
        .expect("simulator");
    let config = IdentityConfig::with_base(&url::Url::parse(server.base_url()).unwrap());
    let http: Arc<dyn HttpTransport> = Arc::new(ReqwestTransport::new().unwrap());
    let sleeper: Arc<dyn Sleeper> = Arc::new(TokioSleeper);
    let graph = Arc::new(GraphClient::new(&config, http.clone(), sleeper.clone()).unwrap());
    let signin = SignInClient::new(
        Arc::new(config.clone()),
        http,
        Arc::new(SystemClock),
        sleeper,
    );
    let checker = Checker::new(
        Arc::new(signin),
        graph.clone(),
        Arc::new(MemoryTokenStore::new()),
    );
    let small_token = token(&checker, &config, 1).await;
    let large_token = token(&checker, &config, 2).await;
    let csv = std::env::temp_dir().join(format!("lifeboat-readiness-{}.csv", std::process::id()));
    let before = peak_kib();

    let small = readiness(&graph, &small_token, &csv).await;
    let after_small = peak_kib();

    let started = Instant::now();
    let paged = page_only(&graph, &large_token).await;
    let paging = started.elapsed();

    let started = Instant::now();
    let large = readiness(&graph, &large_token, &csv).await;
    let lifeboat = started.elapsed();
    let after_large = peak_kib();
    let csv_bytes = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_file(&csv);

    let per_thousand = |elapsed: std::time::Duration, users: usize| {
        elapsed.as_secs_f64() * 1000.0 / (users as f64 / 1000.0)
    };
    println!("tenant readiness over the simulator's userRegistrationDetails (pages of 999)");
    println!(
        "  {} users ({} pages): {} with no method, {} with only the Authenticator, {} fine; CSV {} KiB",
        large.users, large.pages, large.no_method, large.single_authenticator, large.fine, csv_bytes / 1024
    );
    println!(
        "  paging only: {:.2} s ({:.1} ms per 1,000 users, {paged} users)",
        paging.as_secs_f64(),
        per_thousand(paging, paged)
    );
    println!(
        "  Lifeboat:    {:.2} s ({:.1} ms per 1,000 users); ratio to paging only {:.2}",
        lifeboat.as_secs_f64(),
        per_thousand(lifeboat, large.users as usize),
        lifeboat.as_secs_f64() / paging.as_secs_f64()
    );
    println!(
        "  peak memory (VmHWM): {before} KiB before, {after_small} KiB after {} users, {after_large} KiB after {} users (+{} KiB)",
        small.users,
        large.users,
        after_large.saturating_sub(after_small)
    );
    println!(
        "  rows kept in memory: none (each user to tell is written to the CSV as its page is read)"
    );
    server.shutdown().await;
}
