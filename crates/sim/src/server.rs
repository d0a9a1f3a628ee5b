//! Starting and stopping a simulator: in-process (tests, practice mode) or from the `lifeboat-sim` binary.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State as Shared};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::clock::{http_date, Clock, SimClock, SystemClock};
use crate::control::{ControlError, DeviceLoginOutcome};
use crate::graph;
use crate::identity::{authorize, device, discovery, token};
use crate::keys::{KeyError, SigningKey};
use crate::scenario::Scenario;
use crate::script::BrowserScript;
use crate::state::{SignInRecord, Sim};

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// A running simulator. Dropping it stops the server.
pub struct SimServer {
    pub(crate) sim: Arc<Sim>,
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for SimServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimServer")
            .field("base_url", &self.sim.base_url)
            .finish()
    }
}

impl SimServer {
    /// Serves `scenario` on `address` (e.g. `127.0.0.1:0` for a free port) with the machine's clock.
    pub async fn start(scenario: Scenario, address: &str) -> Result<SimServer, SimError> {
        SimServer::start_with_clock(scenario, address, Arc::new(SystemClock)).await
    }

    /// Serves `scenario` with a given clock (tests pass a [`crate::ManualClock`]).
    pub async fn start_with_clock(
        scenario: Scenario,
        address: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<SimServer, SimError> {
        let listener = TcpListener::bind(address)
            .await
            .map_err(|source| SimError::Bind {
                address: address.to_string(),
                source,
            })?;
        let local = listener.local_addr().map_err(|source| SimError::Bind {
            address: address.to_string(),
            source,
        })?;
        let host = match local {
            SocketAddr::V4(v4) if v4.ip().is_unspecified() => format!("127.0.0.1:{}", v4.port()),
            SocketAddr::V6(v6) if v6.ip().is_unspecified() => format!("[::1]:{}", v6.port()),
            other => other.to_string(),
        };
        let key = SigningKey::shared()?;
        let skew = time::Duration::seconds(scenario.settings.clock_skew_seconds);
        let sim = Arc::new(Sim::new(
            scenario,
            format!("http://{host}"),
            SimClock::new(clock, skew),
            key,
        ));
        let app = router(sim.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let server = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(error) = server.await {
                tracing::error!(%error, "simulator stopped with an error");
            }
        });
        tracing::info!(base_url = %sim.base_url, "simulator listening");
        Ok(SimServer {
            sim,
            address: local,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`: the login host and the Graph host at once.
    pub fn base_url(&self) -> &str {
        &self.sim.base_url
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// The authority for a tenant id, domain, `common` or `organizations`: `{base}/{tenant}`.
    pub fn authority(&self, tenant: &str) -> String {
        format!("{}/{tenant}", self.sim.base_url)
    }

    /// From now on, every `/authorize` whose `login_hint` is `sign_in_name` runs `script` headlessly.
    pub fn set_script(&self, sign_in_name: &str, script: BrowserScript) {
        self.sim.set_script(sign_in_name, script);
    }

    pub fn clear_script(&self, sign_in_name: &str) {
        self.sim.clear_script(sign_in_name);
    }

    /// Completes the device login page for `user_code` as `sign_in_name`, following `script`.
    pub fn complete_device_login(
        &self,
        user_code: &str,
        sign_in_name: &str,
        script: &BrowserScript,
    ) -> Result<DeviceLoginOutcome, ControlError> {
        self.sim
            .complete_device_login(user_code, sign_in_name, script)
    }

    /// Moves the simulator's clock forward (code, token and TAP expiry).
    pub fn advance_clock(&self, by: time::Duration) {
        self.sim.clock.advance(by);
    }

    /// Makes the simulator's clock run `skew` ahead of the clock it was started with (negative: behind),
    /// replacing the scenario's `clock_skew_seconds` and any earlier skew. Unlike [`SimServer::advance_clock`],
    /// this may move the clock back.
    pub fn set_clock_skew(&self, skew: time::Duration) {
        self.sim.clock.set_skew(skew);
    }

    /// The simulator's "now": what its `Date` headers and expiry rules read.
    pub fn now(&self) -> time::OffsetDateTime {
        self.sim.now()
    }

    /// What happened in each browser leg so far.
    pub fn sign_ins(&self) -> Vec<SignInRecord> {
        self.sim.lock().sign_ins.clone()
    }

    /// Stops accepting connections and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Every response carries a `Date` header from the simulator's clock (not the machine's, which hyper would
/// write), so a client can measure its own clock's offset against "Microsoft" (RFC 9110 §6.6.1).
async fn date_header(
    Shared(sim): Shared<Arc<Sim>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&http_date(sim.now())) {
        response.headers_mut().insert(header::DATE, value);
    }
    response
}

/// The scenario's per-request latency, on every endpoint but the controls.
async fn latency(Shared(sim): Shared<Arc<Sim>>, request: Request<Body>, next: Next) -> Response {
    if sim.faults.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(sim.faults.latency_ms)).await;
    }
    next.run(request).await
}

async fn graph_fallback(Shared(sim): Shared<Arc<Sim>>, request: Request<Body>) -> Response {
    let path = request.uri().path().to_string();
    if path.starts_with("/v1.0/") || path.starts_with("/beta/") {
        let segment = path.rsplit('/').next().unwrap_or_default().to_string();
        return graph::error_response(
            &sim,
            request.headers(),
            graph::GraphProblem::BadRequest(format!(
                "Resource not found for the segment '{segment}'."
            )),
        );
    }
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

fn router(sim: Arc<Sim>) -> Router {
    let graph_routes = Router::new()
        .route("/v1.0/me", get(graph::me::me))
        .route(
            "/v1.0/me/authentication/methods",
            get(graph::me::my_methods),
        )
        .route(
            "/v1.0/me/authentication/{collection}/{method}",
            delete(graph::delete_my_method),
        )
        .route(
            "/v1.0/me/revokeSignInSessions",
            post(graph::admin::revoke_my_sessions),
        )
        .route(
            "/v1.0/users/{user}/authentication/methods",
            get(graph::me::user_methods),
        )
        .route(
            "/v1.0/users/{user}/authentication/temporaryAccessPassMethods",
            post(graph::admin::create_tap),
        )
        .route(
            "/v1.0/users/{user}/authentication/{collection}/{method}",
            delete(graph::delete_user_method),
        )
        .route("/v1.0/users", get(graph::users::list_users))
        .route("/v1.0/users/{user}", get(graph::users::get_user))
        .route(
            "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{configuration}",
            get(graph::policy::configuration),
        )
        .route(
            "/v1.0/users/{user}/revokeSignInSessions",
            post(graph::admin::revoke_sessions),
        )
        .route(
            "/v1.0/reports/authenticationMethods/userRegistrationDetails",
            get(graph::reports::registration_report),
        )
        .route(
            "/v1.0/reports/authenticationMethods/userRegistrationDetails/{user}",
            get(graph::reports::registration_record),
        )
        .route_layer(middleware::from_fn_with_state(sim.clone(), graph::faults));
    let identity_routes = Router::new()
        .route("/discovery/v2.0/keys", get(discovery::keys))
        .route("/{tenant}/discovery/v2.0/keys", get(discovery::tenant_keys))
        .route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            get(discovery::openid_configuration),
        )
        .route("/{tenant}/oauth2/v2.0/authorize", get(authorize::authorize))
        .route("/{tenant}/oauth2/v2.0/token", post(token::token))
        .route(
            "/{tenant}/oauth2/v2.0/devicecode",
            post(device::device_code),
        )
        .route(
            "/devicelogin",
            get(device::device_login).post(device::device_login_post),
        )
        .route(
            "/sim/signin/{flow}",
            get(authorize::show).post(authorize::submit),
        )
        .route(
            "/security-info",
            get(crate::security_info::show).post(crate::security_info::submit),
        )
        .route("/error", get(discovery::error_lookup))
        .route("/oidc/userinfo", get(discovery::userinfo));
    let control_routes = Router::new()
        .route("/sim/control/scripts", post(crate::control::set_script))
        .route(
            "/sim/control/scripts/{user}",
            delete(crate::control::clear_script),
        )
        .route("/sim/control/device", post(crate::control::device))
        .route(
            "/sim/control/security-info",
            post(crate::security_info::control),
        )
        .route("/sim/control/it-acts", post(crate::it_desk::control))
        .route("/sim/it-desk", get(crate::it_desk::page))
        .route(
            "/sim/control/clock/advance",
            post(crate::control::advance_clock),
        )
        .route("/sim/control/clock/skew", post(crate::control::skew_clock))
        .route("/sim/control/sign-ins", get(crate::control::sign_ins))
        .route("/sim/control/accounts", get(crate::control::accounts));
    graph_routes
        .merge(identity_routes)
        .layer(middleware::from_fn_with_state(sim.clone(), latency))
        .merge(control_routes)
        .fallback(graph_fallback)
        .layer(middleware::from_fn_with_state(sim.clone(), date_header))
        .with_state(sim)
}
