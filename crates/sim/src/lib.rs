//! `lifeboat-sim`: a stand-in for the parts of Microsoft Entra ID and Microsoft Graph that Lifeboat uses,
//! served on loopback for practice mode, tests and benchmarks (issue 4).
//!
//! It shares no code with `lifeboat-core` on purpose: an independent reading of Microsoft's formats catches
//! the core's misreadings instead of mirroring them (docs/PRODUCT.md §6). Both read the same fixtures.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use lifeboat_sim::{BrowserScript, Scenario, SimServer};
//! let server = SimServer::start(Scenario::practice(), "127.0.0.1:0").await?;
//! server.set_script("marco.ferri@ferriconsulting.it", BrowserScript::complete_with("sms"));
//! println!("authority: {}", server.authority("ferriconsulting.it"));
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The scenario format, the endpoints and the scripted-completion mechanism are described in the crate's
//! README.md.

mod aadsts;
mod browse;
mod clock;
mod control;
mod generated;
mod graph;
mod http;
mod identity;
mod ids;
mod it_desk;
mod keys;
mod methods;
mod pages;
mod registration;
mod scenario;
mod scopes;
mod script;
mod secret;
mod security_info;
mod server;
mod signin;
mod state;

pub use aadsts::{AadstsCode, CATALOGUE as AADSTS_CATALOGUE};
pub use browse::{BrowseError, BrowseOutcome};
pub use clock::{Clock, ManualClock, SystemClock};
pub use control::{ControlError, DeviceLoginOutcome};
pub use it_desk::{ItActError, ItAction, ItOutcome, PassValue};
pub use keys::KeyError;
pub use methods::Method;
pub use registration::{DeviceOs, RegistrationError, TapRefusal};
pub use scenario::{
    Licence, Scenario, ScenarioError, Tenant, TenantKind, User, UserType, PRACTICE_TOML,
};
pub use script::BrowserScript;
pub use security_info::{SecondStep, SecurityInfoChange, SecurityInfoError, SecurityInfoOutcome};
pub use server::{SimError, SimServer};
pub use state::SignInRecord;
