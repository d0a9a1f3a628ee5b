//! The browser leg of a sign-in as a state machine: account, password, MFA prompt, "Sign in another way",
//! "I can't use any of these", consent, and the device-code pages. HTML forms and headless scripts drive the
//! same transitions, so a scripted sign-in follows exactly the rules a person meets.

use url::Url;

use crate::clock::graph_datetime;
use crate::ids::{digits, new_guid, opaque_secret};
use crate::methods::Channel;
use crate::script::BrowserScript;
use crate::state::{
    AuthCode, Authentication, Authority, AuthorizeRequest, BrowserSession, DeviceStatus, Flow,
    FlowPurpose, MfaOption, MfaPassed, MfaProof, Notice, SignInRecord, Sim, State, Step,
};

/// What the person (or script) does on the current page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    UserCode(String),
    DeviceContinue,
    DeviceCancel,
    Username(String),
    Password(String),
    OtherWays,
    Choose(usize),
    /// A code typed into the page (SMS, OATH, Authenticator code, TAP).
    Verify(String),
    /// The simulated device approves (Authenticator push, security key, Windows Hello, call answered).
    Approve,
    CantUseAny,
    Cancel,
    ReturnWithoutConsent,
}

/// What the browser gets back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FlowOutcome {
    /// Show the flow's current page.
    Page,
    /// 302 to the client's redirect URI (query or fragment response mode).
    Redirect(String),
    /// An auto-submitting form to the redirect URI (`response_mode=form_post`).
    FormPost {
        action: String,
        fields: Vec<(String, String)>,
    },
}

/// The result of one step, plus a browser session to remember when a sign-in completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepResult {
    pub(crate) outcome: FlowOutcome,
    pub(crate) new_session: Option<String>,
}

impl StepResult {
    fn page() -> Self {
        StepResult {
            outcome: FlowOutcome::Page,
            new_session: None,
        }
    }
}

/// The client's answer (code or error) in the request's response mode.
pub(crate) fn client_response(
    request: &AuthorizeRequest,
    mut params: Vec<(String, String)>,
) -> FlowOutcome {
    if let Some(state) = &request.state {
        params.push(("state".to_string(), state.clone()));
    }
    if request.response_mode == "form_post" {
        return FlowOutcome::FormPost {
            action: request.redirect_uri.clone(),
            fields: params,
        };
    }
    // The redirect URI was validated when the flow started; Url normalises `http://localhost:1234` to
    // `http://localhost:1234/`, as Entra does for URIs without a path (docs/MICROSOFT.md §1.5).
    let mut url = match Url::parse(&request.redirect_uri) {
        Ok(url) => url,
        Err(_) => return FlowOutcome::Page,
    };
    if request.response_mode == "fragment" {
        let fragment = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter())
            .finish();
        url.set_fragment(Some(&fragment));
    } else {
        url.query_pairs_mut().extend_pairs(params.iter());
    }
    FlowOutcome::Redirect(url.to_string())
}

fn error_params(error: &str, description: String) -> Vec<(String, String)> {
    vec![
        ("error".to_string(), error.to_string()),
        ("error_description".to_string(), description),
    ]
}

impl Sim {
    pub(crate) fn new_flow(
        &self,
        state: &mut State,
        purpose: FlowPurpose,
        tenant: Option<usize>,
        italian: bool,
    ) -> String {
        let step = match purpose {
            FlowPurpose::Device(_) => Step::DeviceCodeEntry,
            FlowPurpose::Authorize(_) | FlowPurpose::SecurityInfo => Step::Username,
        };
        let id = new_guid();
        state.flows.insert(
            id.clone(),
            Flow {
                purpose,
                tenant,
                italian,
                step,
                sign_in_name: None,
                account: None,
                options: Vec::new(),
                notice: None,
            },
        );
        id
    }

    /// Applies one action to a flow. Unknown flows and actions that don't fit the page leave it unchanged.
    pub(crate) fn act(&self, state: &mut State, flow_id: &str, action: Action) -> StepResult {
        let Some(flow) = state.flows.get_mut(flow_id) else {
            return StepResult::page();
        };
        flow.notice = None;
        let step = flow.step.clone();
        match (step, action) {
            (Step::DeviceCodeEntry, Action::UserCode(code)) => {
                self.enter_user_code(state, flow_id, &code)
            }
            (Step::DeviceConfirm, Action::DeviceContinue) => {
                set_step(state, flow_id, Step::Username);
                StepResult::page()
            }
            (Step::DeviceConfirm, Action::DeviceCancel)
            | (Step::Username, Action::DeviceCancel) => self.decline_device(state, flow_id),
            (Step::Username, Action::Username(name)) => self.enter_username(state, flow_id, &name),
            (Step::Username | Step::Password, Action::Cancel) => self.cancel(state, flow_id),
            (Step::Password, Action::Password(password)) => {
                self.enter_password(state, flow_id, &password)
            }
            (Step::Challenge(_) | Step::CantUseAny, Action::OtherWays) => {
                set_step(state, flow_id, Step::OtherWays);
                StepResult::page()
            }
            (Step::OtherWays, Action::Choose(index)) => {
                let count = state
                    .flows
                    .get(flow_id)
                    .map_or(0, |flow| flow.options.len());
                if index < count {
                    self.open_challenge(state, flow_id, index);
                }
                StepResult::page()
            }
            (Step::OtherWays, Action::CantUseAny) => {
                set_step(state, flow_id, Step::CantUseAny);
                self.log(state, flow_id, "gave_up", None);
                StepResult::page()
            }
            (Step::Challenge(index), Action::Verify(code)) => {
                self.verify_code(state, flow_id, index, &code)
            }
            (Step::Challenge(index), Action::Approve) => {
                self.approve_on_device(state, flow_id, index)
            }
            (Step::ConsentRequired(missing), Action::ReturnWithoutConsent) => {
                self.return_without_consent(state, flow_id, &missing)
            }
            _ => StepResult::page(),
        }
    }

    fn enter_user_code(&self, state: &mut State, flow_id: &str, typed: &str) -> StepResult {
        let now = self.now();
        let wanted: String = typed
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let found = state.device_flows.iter().find(|(_, device)| {
            device.user_code == wanted
                && matches!(device.status, DeviceStatus::Pending)
                && now < device.expires_at
        });
        let Some((device_code, device)) = found else {
            set_notice(state, flow_id, Notice::BadUserCode);
            return StepResult::page();
        };
        let device_code = device_code.clone();
        let tenant = match state.authority(&device.tenant_segment) {
            Some(Authority::Tenant(index)) => Some(index),
            _ => None,
        };
        if let Some(flow) = state.flows.get_mut(flow_id) {
            flow.purpose = FlowPurpose::Device(device_code);
            flow.tenant = tenant;
            flow.step = Step::DeviceConfirm;
        }
        StepResult::page()
    }

    fn decline_device(&self, state: &mut State, flow_id: &str) -> StepResult {
        if let Some(FlowPurpose::Device(device_code)) =
            state.flows.get(flow_id).map(|flow| flow.purpose.clone())
        {
            if let Some(device) = state.device_flows.get_mut(&device_code) {
                device.status = DeviceStatus::Declined;
            }
        }
        set_step(state, flow_id, Step::DeviceDeclined);
        self.log(state, flow_id, "declined", None);
        StepResult::page()
    }

    fn enter_username(&self, state: &mut State, flow_id: &str, name: &str) -> StepResult {
        let name = name.trim().to_ascii_lowercase();
        let tenant = state.flows.get(flow_id).and_then(|flow| flow.tenant);
        let account = match tenant {
            Some(tenant) => state.account_in(&name, tenant),
            None => state.home_account(&name),
        };
        let Some(account) = account else {
            set_notice(state, flow_id, Notice::UnknownAccount);
            return StepResult::page();
        };
        let tenant = tenant.unwrap_or_else(|| state.tenant_of(account));
        if let Some(flow) = state.flows.get_mut(flow_id) {
            flow.sign_in_name = Some(name);
            flow.account = Some(account);
            flow.tenant = Some(tenant);
            flow.step = Step::Password;
        }
        StepResult::page()
    }

    fn cancel(&self, state: &mut State, flow_id: &str) -> StepResult {
        let purpose = state.flows.get(flow_id).map(|flow| flow.purpose.clone());
        match purpose {
            Some(FlowPurpose::Authorize(request)) => {
                self.log(state, flow_id, "cancelled", None);
                state.flows.remove(flow_id);
                // The documented example of an error redirect (docs/MICROSOFT.md §1.2).
                StepResult {
                    outcome: client_response(
                        &request,
                        error_params(
                            "access_denied",
                            "the user canceled the authentication".to_string(),
                        ),
                    ),
                    new_session: None,
                }
            }
            Some(FlowPurpose::Device(_)) => self.decline_device(state, flow_id),
            Some(FlowPurpose::SecurityInfo) | None => StepResult::page(),
        }
    }

    fn enter_password(&self, state: &mut State, flow_id: &str, password: &str) -> StepResult {
        let Some(account) = state.flows.get(flow_id).and_then(|flow| flow.account) else {
            return StepResult::page();
        };
        if !state.password_matches(account, password) {
            set_notice(state, flow_id, Notice::WrongPassword);
            self.log(state, flow_id, "wrong_password", None);
            return StepResult::page();
        }
        self.after_password(state, flow_id, account)
    }

    fn after_password(&self, state: &mut State, flow_id: &str, account: usize) -> StepResult {
        let now = self.now();
        let tenant = state
            .flows
            .get(flow_id)
            .and_then(|flow| flow.tenant)
            .unwrap_or_else(|| state.tenant_of(account));
        let options = state.mfa_options(account, now);
        let security_info = matches!(
            state.flows.get(flow_id).map(|flow| &flow.purpose),
            Some(FlowPurpose::SecurityInfo)
        );
        // Security info asks for the second step whenever the person has a method to pass it with, whatever
        // the tenant's sign-in rule; with none, the password alone opens it to register one (docs/MICROSOFT.md
        // §0.7, combined-reg).
        if security_info && options.is_empty() {
            return self.finish(state, flow_id, None);
        }
        if !security_info && !state.tenants[tenant].require_mfa {
            return self.finish(state, flow_id, None);
        }
        if options.is_empty() {
            // Entra would ask to register security info ("More information required"); the simulator does not
            // run registration, so the browser stays here (the client sees no redirect, as with AADSTS50079).
            set_step(state, flow_id, Step::NeedsRegistration);
            self.log(state, flow_id, "needs_registration", None);
            return StepResult::page();
        }
        if let Some(flow) = state.flows.get_mut(flow_id) {
            flow.options = options;
        }
        self.open_challenge(state, flow_id, 0);
        StepResult::page()
    }

    /// Shows option `index` and prepares what its device would display.
    fn open_challenge(&self, state: &mut State, flow_id: &str, index: usize) {
        if let Some(flow) = state.flows.get_mut(flow_id) {
            if let Some(option) = flow.options.get_mut(index) {
                option.code = match option.channel {
                    Channel::AuthenticatorPush => Some(digits(2)),
                    Channel::TemporaryAccessPass => None,
                    channel if channel.takes_code() => Some(digits(6)),
                    _ => None,
                };
            }
            flow.step = Step::Challenge(index);
        }
    }

    fn option(&self, state: &State, flow_id: &str, index: usize) -> Option<(usize, MfaOption)> {
        let flow = state.flows.get(flow_id)?;
        Some((flow.account?, flow.options.get(index)?.clone()))
    }

    fn verify_code(
        &self,
        state: &mut State,
        flow_id: &str,
        index: usize,
        typed: &str,
    ) -> StepResult {
        let Some((account, option)) = self.option(state, flow_id, index) else {
            return StepResult::page();
        };
        let method = &state.accounts[account].user.methods[option.method_index];
        let typed = typed.trim();
        let correct = match option.channel {
            Channel::TemporaryAccessPass => method
                .secret
                .as_ref()
                .is_some_and(|secret| secret.matches(typed)),
            // Only a device the person still holds ever shows the code.
            channel if channel.takes_code() => {
                method.in_hand && option.code.as_deref().is_some_and(|code| code == typed)
            }
            _ => false,
        };
        if !correct {
            set_notice(state, flow_id, Notice::WrongCode);
            return StepResult::page();
        }
        let proof = MfaProof::of(method, option.channel);
        if option.channel == Channel::TemporaryAccessPass {
            use_temporary_access_pass(state, account, option.method_index);
        }
        self.finish(state, flow_id, Some(proof))
    }

    fn approve_on_device(&self, state: &mut State, flow_id: &str, index: usize) -> StepResult {
        let Some((account, option)) = self.option(state, flow_id, index) else {
            return StepResult::page();
        };
        let method = &state.accounts[account].user.methods[option.method_index];
        if option.channel.takes_code() || !method.in_hand {
            set_notice(state, flow_id, Notice::DeviceNotApproved);
            return StepResult::page();
        }
        let proof = MfaProof::of(method, option.channel);
        self.finish(state, flow_id, Some(proof))
    }

    /// The person is authenticated: check consent, then hand the client its code (or approve the device).
    pub(crate) fn finish(
        &self,
        state: &mut State,
        flow_id: &str,
        mfa: Option<MfaProof>,
    ) -> StepResult {
        let Some(flow) = state.flows.get(flow_id) else {
            return StepResult::page();
        };
        let (Some(account), Some(name)) = (flow.account, flow.sign_in_name.clone()) else {
            return StepResult::page();
        };
        let tenant = flow.tenant.unwrap_or_else(|| state.tenant_of(account));
        let authentication = Authentication {
            account,
            tenant,
            sign_in_name: name,
            mfa,
            at: self.now(),
        };
        let purpose = flow.purpose.clone();
        let consented = state.tenants[tenant].consented_scopes.clone();
        match purpose {
            FlowPurpose::Authorize(request) => {
                let missing = request.scopes.missing_admin_consent(&consented);
                if !missing.is_empty() {
                    set_step(state, flow_id, Step::ConsentRequired(missing));
                    self.log_auth(state, flow_id, &authentication, "consent_required");
                    return StepResult::page();
                }
                self.log_auth(state, flow_id, &authentication, "completed");
                state.flows.remove(flow_id);
                let session = self.remember_session(state, &authentication);
                let code = self.issue_code(state, (*request).clone(), authentication);
                StepResult {
                    outcome: client_response(&request, vec![("code".to_string(), code)]),
                    new_session: Some(session),
                }
            }
            FlowPurpose::SecurityInfo => {
                self.log_auth(state, flow_id, &authentication, "completed");
                let italian = state.flows.get(flow_id).is_some_and(|flow| flow.italian);
                state.flows.remove(flow_id);
                let session = self.remember_session(state, &authentication);
                StepResult {
                    outcome: FlowOutcome::Redirect(
                        self.security_info_url(&state.tenants[tenant].id, italian),
                    ),
                    new_session: Some(session),
                }
            }
            FlowPurpose::Device(device_code) => {
                let scopes = state
                    .device_flows
                    .get(&device_code)
                    .map(|device| device.scopes.clone());
                let missing = scopes
                    .map(|scopes| scopes.missing_admin_consent(&consented))
                    .unwrap_or_default();
                let (status, step, outcome) = if missing.is_empty() {
                    (
                        DeviceStatus::Approved(authentication.clone()),
                        Step::DeviceSignedIn,
                        "completed",
                    )
                } else {
                    (
                        DeviceStatus::Failed(65001),
                        Step::ConsentRequired(missing),
                        "consent_required",
                    )
                };
                if let Some(device) = state.device_flows.get_mut(&device_code) {
                    device.status = status;
                }
                set_step(state, flow_id, step);
                self.log_auth(state, flow_id, &authentication, outcome);
                StepResult::page()
            }
        }
    }

    fn return_without_consent(
        &self,
        state: &mut State,
        flow_id: &str,
        missing: &[&'static str],
    ) -> StepResult {
        let Some(FlowPurpose::Authorize(request)) =
            state.flows.get(flow_id).map(|flow| flow.purpose.clone())
        else {
            return StepResult::page();
        };
        state.flows.remove(flow_id);
        // Seen on the loopback redirect when admin consent is missing (fixture authorize-redirect-examples.txt).
        let description = format!(
            "AADSTS90094: The grant requires admin permission. Missing admin consent for: {}.\r\nTrace ID: {}\r\nCorrelation ID: {}\r\nTimestamp: {}",
            missing.join(", "),
            new_guid(),
            new_guid(),
            crate::clock::entra_timestamp(self.now())
        );
        StepResult {
            outcome: client_response(&request, error_params("access_denied", description)),
            new_session: None,
        }
    }

    pub(crate) fn issue_code(
        &self,
        state: &mut State,
        request: AuthorizeRequest,
        authentication: Authentication,
    ) -> String {
        let code = opaque_secret("sim-code");
        let expires_at =
            authentication.at + time::Duration::seconds(self.settings.auth_code_lifetime_seconds);
        state.auth_codes.insert(
            code.clone(),
            AuthCode {
                request,
                authentication,
                expires_at,
                redeemed: false,
            },
        );
        code
    }

    pub(crate) fn remember_session(
        &self,
        state: &mut State,
        authentication: &Authentication,
    ) -> String {
        let id = opaque_secret("sim-sso");
        let mut mfa = std::collections::BTreeMap::new();
        if let Some(proof) = &authentication.mfa {
            mfa.insert(
                authentication.tenant,
                MfaPassed {
                    proof: proof.clone(),
                    at: authentication.at,
                },
            );
        }
        state.sessions.insert(
            id.clone(),
            BrowserSession {
                sign_in_name: authentication.sign_in_name.clone(),
                mfa,
                at: authentication.at,
            },
        );
        id
    }

    /// Runs a headless script from the flow's current page until the script has nothing more to do.
    pub(crate) fn run_script(
        &self,
        state: &mut State,
        flow_id: &str,
        name: &str,
        script: &BrowserScript,
    ) -> StepResult {
        let mut result = StepResult::page();
        let step_of = |state: &State| state.flows.get(flow_id).map(|flow| flow.step.clone());
        if step_of(state) == Some(Step::DeviceConfirm) {
            if *script == BrowserScript::Cancel {
                return self.act(state, flow_id, Action::DeviceCancel);
            }
            self.act(state, flow_id, Action::DeviceContinue);
        }
        if step_of(state) == Some(Step::Username) {
            if *script == BrowserScript::Cancel {
                return self.act(state, flow_id, Action::Cancel);
            }
            result = self.act(state, flow_id, Action::Username(name.to_string()));
        }
        if step_of(state) != Some(Step::Password) {
            return result;
        }
        let password = match script {
            BrowserScript::WrongPassword => "not the password".to_string(),
            BrowserScript::Cancel => return self.act(state, flow_id, Action::Cancel),
            _ => state
                .flows
                .get(flow_id)
                .and_then(|flow| flow.account)
                .and_then(|account| expected_password(state, account))
                .unwrap_or_default(),
        };
        result = self.act(state, flow_id, Action::Password(password));
        match script {
            BrowserScript::StuckAtMfa | BrowserScript::WrongPassword | BrowserScript::Cancel => {
                result
            }
            BrowserScript::CantUseAny => {
                self.act(state, flow_id, Action::OtherWays);
                self.act(state, flow_id, Action::CantUseAny)
            }
            BrowserScript::Complete { method } => {
                if let Some(Step::Challenge(current)) = step_of(state) {
                    result = self.answer_challenge(state, flow_id, current, method.as_deref());
                }
                if let Some(Step::ConsentRequired(missing)) = step_of(state) {
                    if matches!(
                        state.flows.get(flow_id).map(|flow| &flow.purpose),
                        Some(FlowPurpose::Authorize(_))
                    ) {
                        result = self.return_without_consent(state, flow_id, &missing);
                    }
                }
                result
            }
        }
    }

    fn answer_challenge(
        &self,
        state: &mut State,
        flow_id: &str,
        current: usize,
        choice: Option<&str>,
    ) -> StepResult {
        if choice == Some("none") {
            // A sign-in that asks for no second step (trusted location, remembered browser).
            return self.finish(state, flow_id, None);
        }
        let Some(flow) = state.flows.get(flow_id) else {
            return StepResult::page();
        };
        let Some(account) = flow.account else {
            return StepResult::page();
        };
        let methods = &state.accounts[account].user.methods;
        let position = |matches: &dyn Fn(&MfaOption) -> bool| flow.options.iter().position(matches);
        let wanted = match choice {
            None => Some(current),
            Some(choice) => match Channel::from_keyword(choice) {
                // With two registrations of a kind (the lost phone and the new one), the person uses the one
                // they hold.
                Some(channel) => position(&|option| {
                    option.channel == channel && methods[option.method_index].in_hand
                })
                .or_else(|| position(&|option| option.channel == channel)),
                // A method id, or the device's name (`displayName`, e.g. the new phone's).
                None => position(&|option| methods[option.method_index].id() == choice)
                    .or_else(|| position(&|option| methods[option.method_index].is_named(choice))),
            },
        };
        let Some(index) = wanted else {
            // The person has no such option: they stay at the prompt.
            return StepResult::page();
        };
        if index != current {
            self.act(state, flow_id, Action::OtherWays);
            self.act(state, flow_id, Action::Choose(index));
        }
        let Some((account, option)) = self.option(state, flow_id, index) else {
            return StepResult::page();
        };
        let method = &state.accounts[account].user.methods[option.method_index];
        if !method.in_hand {
            // Nobody can approve on a lost phone or read its codes: the browser waits at this prompt.
            return StepResult::page();
        }
        let action = match option.channel {
            Channel::TemporaryAccessPass => Action::Verify(
                method
                    .secret
                    .as_ref()
                    .map(|secret| secret.expose().to_string())
                    .unwrap_or_default(),
            ),
            channel if channel.takes_code() => {
                Action::Verify(option.code.clone().unwrap_or_default())
            }
            _ => Action::Approve,
        };
        self.act(state, flow_id, action)
    }

    fn log(&self, state: &mut State, flow_id: &str, outcome: &'static str, mfa: Option<&MfaProof>) {
        let Some(flow) = state.flows.get(flow_id) else {
            return;
        };
        let record = SignInRecord {
            time: graph_datetime(self.now()),
            flow: match flow.purpose {
                FlowPurpose::Authorize(_) => "authorization_code",
                FlowPurpose::Device(_) => "device_code",
                FlowPurpose::SecurityInfo => "security_info",
            },
            tenant_id: flow.tenant.map(|tenant| state.tenants[tenant].id.clone()),
            user: flow
                .account
                .map(|account| state.accounts[account].user.upn.clone()),
            outcome,
            method_id: mfa.map(|proof| proof.method_id.clone()),
            channel: mfa.map(|proof| proof.channel),
            device: mfa.and_then(|proof| proof.device.clone()),
        };
        state.record(record);
    }

    fn log_auth(
        &self,
        state: &mut State,
        flow_id: &str,
        authentication: &Authentication,
        outcome: &'static str,
    ) {
        self.log(state, flow_id, outcome, authentication.mfa.as_ref());
    }
}

fn set_step(state: &mut State, flow_id: &str, step: Step) {
    if let Some(flow) = state.flows.get_mut(flow_id) {
        flow.step = step;
    }
}

fn set_notice(state: &mut State, flow_id: &str, notice: Notice) {
    if let Some(flow) = state.flows.get_mut(flow_id) {
        flow.notice = Some(notice);
    }
}

/// The password a script types: the account's own, or its home account's for a guest.
pub(crate) fn expected_password(state: &State, account: usize) -> Option<String> {
    let user = &state.accounts[account].user;
    user.home_upn
        .as_deref()
        .and_then(|home| state.home_account(home))
        .and_then(|home| state.accounts[home].user.password.as_ref())
        .or(user.password.as_ref())
        .map(|password| password.expose().to_string())
}

/// A one-time TAP is spent by its first sign-in (docs/MICROSOFT.md §4.2, `OneTimeUsed`).
fn use_temporary_access_pass(state: &mut State, account: usize, method_index: usize) {
    let method = &mut state.accounts[account].user.methods[method_index];
    if method
        .graph
        .get("isUsableOnce")
        .and_then(serde_json::Value::as_bool)
        == Some(true)
    {
        method
            .graph
            .insert("isUsable".to_string(), serde_json::Value::Bool(false));
        method.graph.insert(
            "methodUsabilityReason".to_string(),
            serde_json::Value::String("OneTimeUsed".to_string()),
        );
    }
}
