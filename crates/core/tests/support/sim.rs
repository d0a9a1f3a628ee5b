//! The simulator (`lifeboat-sim`) in-process, with a sleeper that moves its clock instead of waiting.

use std::sync::Arc;
use std::time::Duration;

use lifeboat_core::clock::{BoxFuture, Sleeper, SystemClock};
use lifeboat_core::config::IdentityConfig;
use lifeboat_core::graph::GraphClient;
use lifeboat_core::http::{HttpTransport, ReqwestTransport};
use lifeboat_core::signin::{Checker, SignInClient};
use lifeboat_core::token_store::{MemoryTokenStore, TokenStore};
use lifeboat_sim::{ManualClock, Scenario, SimServer};
use url::Url;

pub const SCHOOL_ID: &str = "5c1f0d3e-8a47-4f2b-9b6e-2d7a4e9c1b10";
pub const SCHOOL: &str = "scuola.example.it";
pub const CONTOSO_ID: &str = "a7e2c9b4-3d16-4c8e-8f05-6b1d9e2a7c31";
pub const CONTOSO: &str = "contoso.example.com";
pub const NO_CONSENT_ID: &str = "3b7d5e9f-2c4a-4b6d-9e8f-7a1c3e5b2d84";
pub const NO_CONSENT: &str = "cantina.example.it";
pub const STUDENT: &str = "anna.verdi@scuola.example.it";
pub const WORKER: &str = "luca.neri@contoso.example.com";

/// Three tenants: a school (consent given, MFA required), a business (consent given, no MFA, where the
/// injected AADSTS faults live) and a tenant without consent for method reads. `[simulator]` and `[faults]`
/// tables come first in `head`.
pub fn scenario(head: &str, fault_users: &[(&str, u32, &str)]) -> String {
    let mut text = format!(
        r##"{head}

[[tenants]]
id = "{SCHOOL_ID}"
domain = "{SCHOOL}"
name = "Istituto Tecnico di Prova"
kind = "education"
consented_scopes = ["UserAuthenticationMethod.Read"]

[[tenants]]
id = "{CONTOSO_ID}"
domain = "{CONTOSO}"
name = "Contoso Italia S.r.l."
kind = "business"
consented_scopes = ["UserAuthenticationMethod.Read"]
require_mfa = false

[[tenants]]
id = "{NO_CONSENT_ID}"
domain = "{NO_CONSENT}"
name = "Cantina di Prova"
kind = "business"
consented_scopes = []

[[users]]
tenant = "{SCHOOL}"
upn = "{STUDENT}"
display_name = "Anna Verdi"
password = "Anna-2026"

[[users.methods]]
"@odata.type" = "#microsoft.graph.passwordAuthenticationMethod"
id = "28c10230-6103-485e-b985-444c60001490"

[[users.methods]]
"@odata.type" = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
id = "7c2e4a91-5b3d-4f6e-8a1c-9d2b4e6f8a03"
displayName = "Redmi di Anna"
deviceTag = "SoftwareTokenActivated"
phoneAppVersion = "6.2409.6394"
in_hand = false

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3475550199"
phoneType = "mobile"
smsSignInState = "notEnabled"

[[users.methods]]
"@odata.type" = "#microsoft.graph.emailAuthenticationMethod"
id = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f"
emailAddress = "anna.verdi@example.org"

[[users.methods]]
"@odata.type" = "#microsoft.graph.fido2AuthenticationMethod"
id = "Rk1YbG9WQXJqSzR0X2Zyb0tleQ2"
displayName = "Chiave di Anna"
aaGuid = "2fc0579f-8113-47ea-b116-555a8db9202a"
model = "NFC key"
attestationCertificates = []
attestationLevel = "attested"
passkeyType = "deviceBound"

[[users]]
tenant = "{CONTOSO}"
upn = "{WORKER}"
display_name = "Luca Neri"
password = "Luca-2026"

[[users.methods]]
"@odata.type" = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
id = "1f4b7d2a-6c9e-4a3b-8d5f-2e7a9c1b4d06"
displayName = "iPhone di Luca"
deviceTag = "SoftwareTokenActivated"
phoneAppVersion = "6.8.14"

[[users]]
tenant = "{NO_CONSENT}"
upn = "sara.gialli@{NO_CONSENT}"
display_name = "Sara Gialli"
password = "Sara-2026"

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3475550100"
phoneType = "mobile"
smsSignInState = "notEnabled"
"##
    );
    for (user, code, grant) in fault_users {
        text.push_str(&format!(
            "\n[[users]]\ntenant = \"{CONTOSO}\"\nupn = \"{user}\"\ndisplay_name = \"Utente {code}\"\npassword = \"P-{code}\"\n\n\
             [[users.methods]]\n\"@odata.type\" = \"#microsoft.graph.phoneAuthenticationMethod\"\n\
             id = \"3179e48a-750b-4051-897c-87b9720928f7\"\nphoneNumber = \"+39 3475550{code:03}\"\nphoneType = \"mobile\"\n\
             smsSignInState = \"notEnabled\"\n\n[[faults.token_errors]]\nuser = \"{user}\"\ncode = {code}\ngrant_type = \"{grant}\"\n"
        ));
    }
    text
}

/// A running simulator on a manual clock.
pub struct Sim {
    pub server: Arc<SimServer>,
    pub base: Url,
}

impl Sim {
    pub async fn start(toml: &str) -> Self {
        let scenario =
            Scenario::from_toml_str(toml).unwrap_or_else(|error| panic!("test scenario: {error}"));
        let clock = Arc::new(ManualClock::new(time::OffsetDateTime::now_utc()));
        let server = SimServer::start_with_clock(scenario, "127.0.0.1:0", clock)
            .await
            .expect("simulator starts");
        let base = Url::parse(server.base_url()).unwrap();
        Self {
            server: Arc::new(server),
            base,
        }
    }

    pub fn config(&self) -> IdentityConfig {
        IdentityConfig {
            interactive_timeout: Duration::from_secs(20),
            ..IdentityConfig::with_base(&self.base)
        }
    }

    /// A sign-in client whose waits move the simulator's clock.
    pub fn signin(&self) -> SignInClient {
        self.signin_with(
            self.config(),
            Arc::new(SimClockSleeper(self.server.clone())),
        )
    }

    pub fn signin_with(&self, config: IdentityConfig, sleeper: Arc<dyn Sleeper>) -> SignInClient {
        SignInClient::new(
            Arc::new(config),
            Arc::new(ReqwestTransport::new().unwrap()),
            Arc::new(SystemClock),
            sleeper,
        )
    }

    /// A checker with a memory token store and the given Graph sleeper.
    pub fn checker(&self, graph_sleeper: Arc<dyn Sleeper>) -> (Checker, Arc<MemoryTokenStore>) {
        let config = self.config();
        let http: Arc<dyn HttpTransport> = Arc::new(ReqwestTransport::new().unwrap());
        let graph = GraphClient::new(&config, http.clone(), graph_sleeper.clone()).unwrap();
        let signin =
            SignInClient::new(Arc::new(config), http, Arc::new(SystemClock), graph_sleeper);
        let store = Arc::new(MemoryTokenStore::new());
        let dyn_store: Arc<dyn TokenStore> = store.clone();
        (
            Checker::new(Arc::new(signin), Arc::new(graph), dyn_store),
            store,
        )
    }
}

/// Waiting moves the simulator's clock by the same amount, then yields.
pub struct SimClockSleeper(pub Arc<SimServer>);

impl Sleeper for SimClockSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        self.0
            .advance_clock(time::Duration::try_from(duration).unwrap_or(time::Duration::MAX));
        Box::pin(tokio::task::yield_now())
    }
}
