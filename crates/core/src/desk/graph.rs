//! The IT desk's Graph requests (docs/MICROSOFT.md §6.3) for one signed-in admin: the user by UPN or a guest
//! by mail, their methods, the TAP policy, the three actions. Each answer keeps Graph's request-id for the audit.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use super::DeskError;
use crate::book::Membership;
use crate::graph::{GraphCall, GraphClient, GraphError, GraphReply};
use crate::ticket::block::BlockAccount;
use crate::token_store::AccessToken;

/// The permissions the desk asks for (delegated; the admin's role does the rest).
pub const DESK_SCOPES: &str = "openid profile offline_access User.Read User.Read.All UserAuthenticationMethod.ReadWrite.All User.RevokeSessions.All Policy.Read.AuthenticationMethod";
/// The readiness report's permissions.
pub const READINESS_SCOPES: &str = "openid profile offline_access User.Read AuditLog.Read.All";

/// The user a ticket is about, as the tenant knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeskUser {
    pub id: String,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub mail: Option<String>,
    /// Whether the user was found as a guest (by mail); set by Lifeboat, not read from Graph.
    #[serde(default)]
    pub guest: bool,
}

/// The tenant's Temporary Access Pass policy, the parts a pass must fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TapPolicy {
    pub state: String,
    pub default_lifetime_in_minutes: u32,
    pub minimum_lifetime_in_minutes: u32,
    pub maximum_lifetime_in_minutes: u32,
    #[serde(default)]
    pub is_usable_once: bool,
}

impl TapPolicy {
    pub fn enabled(&self) -> bool {
        self.state.eq_ignore_ascii_case("enabled")
    }
}

/// Which desk request failed: a 403 means a different missing role for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeskCall {
    FindUser,
    ReadMethods,
    ReadTapPolicy,
    RemoveMethod,
    CreateTap,
    RevokeSessions,
    Report,
}

/// Graph for one admin's token.
#[derive(Clone)]
pub struct DeskGraph {
    client: Arc<GraphClient>,
    token: AccessToken,
}

impl DeskGraph {
    pub fn new(client: Arc<GraphClient>, token: AccessToken) -> Self {
        Self { client, token }
    }

    pub fn client(&self) -> &GraphClient {
        &self.client
    }

    pub fn token(&self) -> &AccessToken {
        &self.token
    }

    pub(crate) async fn send(
        &self,
        call: &GraphCall,
        what: DeskCall,
        admin_target: bool,
    ) -> Result<GraphReply, DeskError> {
        self.client
            .send(call, &self.token)
            .await
            .map_err(|error| DeskError::from_graph(error, what, admin_target))
    }

    pub(crate) fn url(&self, path: &str) -> Result<url::Url, DeskError> {
        self.client.url(path).map_err(DeskError::graph)
    }

    /// The ticket's user: a member by UPN; a guest by the address they were invited with
    /// (`GET /users?$filter=mail eq '…'`: their UPN in this tenant is not the one they sign in with).
    pub async fn find_user(&self, account: &BlockAccount) -> Result<DeskUser, DeskError> {
        const SELECT: &str = "$select=id,displayName,userPrincipalName,mail";
        let upn = account.upn.trim();
        if account.membership == Membership::Guest {
            let mut url = self.url("users")?;
            let literal = upn.replace('\'', "''");
            url.query_pairs_mut()
                .append_pair("$filter", &format!("mail eq '{literal}'"))
                .append_pair("$select", "id,displayName,userPrincipalName,mail");
            let reply = self
                .send(&GraphCall::get(url), DeskCall::FindUser, false)
                .await?;
            let first = reply
                .body
                .get("value")
                .and_then(Value::as_array)
                .and_then(|users| users.first())
                .cloned()
                .ok_or_else(|| DeskError::UserNotFound(upn.to_string()))?;
            let mut user: DeskUser = serde_json::from_value(first)
                .map_err(|error| DeskError::graph(GraphError::Malformed(error.to_string())))?;
            user.guest = true;
            return Ok(user);
        }
        let path = format!("users/{}?{SELECT}", encode_segment(upn));
        let reply = match self
            .send(&GraphCall::get(self.url(&path)?), DeskCall::FindUser, false)
            .await
        {
            Err(DeskError::Graph(error)) if error.status() == Some(404) => {
                return Err(DeskError::UserNotFound(upn.to_string()))
            }
            other => other?,
        };
        serde_json::from_value(reply.body)
            .map_err(|error| DeskError::graph(GraphError::Malformed(error.to_string())))
    }

    /// `GET /users/{id}/authentication/methods`, every page.
    pub async fn methods(&self, user: &DeskUser) -> Result<Vec<Value>, DeskError> {
        let mut url = self.url(&format!("users/{}/authentication/methods", user.id))?;
        let mut methods = Vec::new();
        for _ in 0..50 {
            let mut reply = self
                .send(&GraphCall::get(url), DeskCall::ReadMethods, false)
                .await?;
            if let Some(Value::Array(values)) = reply.body.get_mut("value").map(Value::take) {
                methods.extend(values);
            }
            match reply.body.get("@odata.nextLink").and_then(Value::as_str) {
                Some(next) => url = self.client.next_link(next).map_err(DeskError::graph)?,
                None => return Ok(methods),
            }
        }
        Err(DeskError::graph(GraphError::TooManyPages(50)))
    }

    /// The tenant's TAP policy.
    pub async fn tap_policy(&self) -> Result<TapPolicy, DeskError> {
        let url = self.url(
            "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass",
        )?;
        let reply = self
            .send(&GraphCall::get(url), DeskCall::ReadTapPolicy, false)
            .await?;
        serde_json::from_value(reply.body)
            .map_err(|error| DeskError::graph(GraphError::Malformed(error.to_string())))
    }

    /// The body of a one-time pass request.
    pub(crate) fn tap_body(lifetime_minutes: Option<u32>) -> Value {
        match lifetime_minutes {
            Some(minutes) => json!({ "lifetimeInMinutes": minutes, "isUsableOnce": true }),
            None => json!({ "isUsableOnce": true }),
        }
    }
}

/// A UPN as one path segment (`#` of a guest's UPN, `/`, `?` escaped).
pub(crate) fn encode_segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
