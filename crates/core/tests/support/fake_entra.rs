//! A scripted Entra behind a fake HTTP transport: discovery, signing keys, the device-code endpoint and a token
//! endpoint that answers from a script, on a clock the test moves. Every request is recorded, so a test can say
//! where each token went.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use lifeboat_core::clock::{BoxFuture, Clock, ManualClock};
use lifeboat_core::config::{IdentityConfig, GRAPH_CLI_TOOLS_CLIENT_ID};
use lifeboat_core::http::{HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError};
use lifeboat_core::signin::{BrowserError, BrowserOpener, SignInClient};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};
use url::Url;

pub const AUTHORITY: &str = "https://login.example";
pub const TENANT: &str = "contoso.example";
pub const TID: &str = "aaaabbbb-0000-cccc-1111-dddd2222eeee";
pub const UPN: &str = "mario.rossi@contoso.example";

/// What the token endpoint says next.
pub enum Answer {
    /// A token response; with ID token claims, a signed ID token carrying them.
    Tokens(Option<Value>),
    /// An error body with its status.
    Error(u16, Value),
    /// No answer at all (the request times out).
    Lost(TransportError),
}

/// One request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: HttpMethod,
    pub url: Url,
    pub form: Vec<(String, String)>,
}

impl Seen {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

pub struct FakeEntra {
    /// The OpenID configuration served for every tenant (tests move its endpoints elsewhere).
    pub discovery: Mutex<Value>,
    pub answers: Mutex<VecDeque<Answer>>,
    pub seen: Mutex<Vec<Seen>>,
    pub clock: Arc<ManualClock>,
    /// How far the clock moves while a token request is under way.
    pub token_request_takes: Mutex<Duration>,
    /// The nonce of the last authorization request the browser opened.
    pub nonce: Mutex<Option<String>>,
}

impl FakeEntra {
    pub fn new() -> Arc<Self> {
        Self::at(AUTHORITY)
    }

    /// Entra's endpoints for one tenant on `authority`.
    pub fn at(authority: &str) -> Arc<Self> {
        let base = format!("{authority}/{TID}");
        Arc::new(Self {
            discovery: Mutex::new(json!({
                "issuer": format!("{base}/v2.0"),
                "authorization_endpoint": format!("{base}/oauth2/v2.0/authorize"),
                "token_endpoint": format!("{base}/oauth2/v2.0/token"),
                "device_authorization_endpoint": format!("{base}/oauth2/v2.0/devicecode"),
                "jwks_uri": format!("{base}/discovery/v2.0/keys"),
            })),
            answers: Mutex::new(VecDeque::new()),
            seen: Mutex::new(Vec::new()),
            clock: Arc::new(ManualClock::new(
                time::macros::datetime!(2026-11-25 09:00 UTC),
            )),
            token_request_takes: Mutex::new(Duration::ZERO),
            nonce: Mutex::new(None),
        })
    }

    pub fn answer(&self, answer: Answer) {
        self.answers.lock().unwrap().push_back(answer);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Requests that carried a token or a code (form posts to any token endpoint).
    pub fn token_requests(&self) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|seen| seen.field("grant_type").is_some())
            .collect()
    }

    /// ID token claims for `upn` (none: the claim is left out), valid now, for the default client.
    pub fn claims(&self, upn: Option<&str>) -> Value {
        let now = self.clock.now().unix_timestamp();
        let issuer = self.discovery.lock().unwrap()["issuer"].clone();
        let mut claims = json!({
            "iss": issuer,
            "aud": GRAPH_CLI_TOOLS_CLIENT_ID,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "tid": TID,
            "oid": "00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
            "name": "Mario Rossi",
        });
        if let Some(upn) = upn {
            claims["preferred_username"] = json!(upn);
        }
        if let Some(nonce) = self.nonce.lock().unwrap().clone() {
            claims["nonce"] = json!(nonce);
        }
        claims
    }

    /// A sign-in client on this fake, whose waits move the fake's clock.
    pub fn client(self: &Arc<Self>, config: IdentityConfig) -> SignInClient {
        SignInClient::new(
            Arc::new(config),
            self.clone(),
            self.clock.clone(),
            self.clock.clone(),
        )
    }

    fn respond(&self, request: &HttpRequest) -> Result<(u16, Value), TransportError> {
        let path = request.url.path();
        if path.ends_with("/.well-known/openid-configuration") {
            return Ok((200, self.discovery.lock().unwrap().clone()));
        }
        if path.ends_with("/discovery/v2.0/keys") {
            return Ok((200, json!({ "keys": [key().1] })));
        }
        if path.ends_with("/devicecode") {
            return Ok((
                200,
                json!({
                    "user_code": "FQK5HW3UF",
                    "device_code": "device-code-secret",
                    "verification_uri": "https://microsoft.com/devicelogin",
                    "expires_in": 900,
                    "interval": 5,
                    "message": "To sign in, open https://microsoft.com/devicelogin and enter FQK5HW3UF.",
                }),
            ));
        }
        if path.ends_with("/token") {
            self.clock
                .advance(*self.token_request_takes.lock().unwrap());
            let next = self.answers.lock().unwrap().pop_front();
            return match next {
                Some(Answer::Tokens(claims)) => {
                    let mut body = json!({
                        "token_type": "Bearer",
                        "scope": "openid profile offline_access User.Read",
                        "expires_in": 3599,
                        "access_token": "access-token-secret",
                        "refresh_token": "refresh-token-rotated",
                    });
                    if let Some(claims) = claims {
                        body["id_token"] = json!(sign(&claims));
                    }
                    Ok((200, body))
                }
                Some(Answer::Error(status, body)) => Ok((status, body)),
                Some(Answer::Lost(error)) => Err(error),
                None => Ok((
                    400,
                    json!({"error": "authorization_pending", "error_codes": [70016]}),
                )),
            };
        }
        Ok((404, json!({})))
    }
}

impl HttpTransport for FakeEntra {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.seen.lock().unwrap().push(Seen {
            method: request.method,
            url: request.url.clone(),
            form: request.form.clone().unwrap_or_default(),
        });
        let answer = self.respond(&request);
        Box::pin(async move {
            let (status, body) = answer?;
            Ok(HttpResponse {
                status,
                headers: vec![("content-type".into(), "application/json".into())],
                body: body.to_string().into_bytes(),
            })
        })
    }
}

/// A browser that lands on the redirect URI at once with `code` and the request's own state, and tells the
/// fake the nonce it saw.
pub struct RedirectingBrowser(pub Arc<FakeEntra>);

impl BrowserOpener for RedirectingBrowser {
    fn open(&self, url: &Url) -> Result<(), BrowserError> {
        let query = |name: &str| {
            url.query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        *self.0.nonce.lock().unwrap() = query("nonce");
        let (Some(redirect), Some(state)) = (query("redirect_uri"), query("state")) else {
            return Err(BrowserError("no redirect_uri or state".into()));
        };
        let mut target = Url::parse(&redirect).map_err(|e| BrowserError(e.to_string()))?;
        target.set_path("/");
        target
            .query_pairs_mut()
            .append_pair("code", "authorization-code-secret")
            .append_pair("state", &state);
        tokio::spawn(async move {
            let _ = reqwest::get(target).await;
        });
        Ok(())
    }
}

/// The fake's one signing key and its public JWK.
fn key() -> &'static (EncodingKey, Value) {
    static KEY: OnceLock<(EncodingKey, Value)> = OnceLock::new();
    KEY.get_or_init(|| {
        let private = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).unwrap();
        let der = private.to_pkcs1_der().unwrap();
        let jwk = json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": "fake-key",
            "n": URL_SAFE_NO_PAD.encode(private.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(private.e().to_bytes_be()),
        });
        (EncodingKey::from_rsa_der(der.as_bytes()), jwk)
    })
}

fn sign(claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("fake-key".into());
    jsonwebtoken::encode(&header, claims, &key().0).unwrap()
}
