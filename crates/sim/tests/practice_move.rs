//! The practice move (issue 16): Marco, still holding his iPhone, adds Authenticator on his new Pixel in each
//! tenant (the iPhone approves), makes it the default and deletes the iPhone; Graph re-reads show a new id created
//! at the simulator's time, then the old id gone; later sign-ins are approved on the Pixel. The guest account is
//! moved in the resource tenant; the tenant without consent for method reads still has Security info.

mod common;

use common::*;
use lifeboat_sim::{BrowserScript, Scenario, SecurityInfoChange};
use reqwest::StatusCode;
use serde_json::Value;
use time::macros::datetime;

const OLD: &str = "iPhone 13 di Marco";
const NEW: &str = "Pixel 9 di Marco";

/// Every Authenticator registration `(id, phone, createdDateTime)` a Graph read lists.
async fn authenticators(h: &Harness, tenant: &str, user: &str) -> Vec<(String, String, String)> {
    let token = h.access_token(tenant, user, "push", METHOD_SCOPES).await;
    let (status, _, body) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&token))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let field = |method: &Value, name: &str| method[name].as_str().unwrap_or_default().to_owned();
    body["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|method| {
            method["@odata.type"] == "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
        })
        .map(|method| {
            (
                field(method, "id"),
                field(method, "displayName"),
                field(method, "createdDateTime"),
            )
        })
        .collect()
}

/// The move in one tenant, in the safe order: add (the old phone approves), default, delete the old; returns the
/// new registration's id.
fn move_in(h: &Harness, user: &str, tenant: &str) -> String {
    let added = h
        .server
        .change_security_info(
            user,
            tenant,
            Some(OLD),
            SecurityInfoChange::AddAuthenticator {
                device_name: NEW.into(),
                os: None,
            },
        )
        .unwrap_or_else(|error| panic!("{tenant}: {error}"));
    assert_eq!(
        added
            .verified_with
            .as_ref()
            .and_then(|step| step.device.as_deref()),
        Some(OLD),
        "{tenant}: the old phone approved"
    );
    let new_id = added.method["id"].as_str().unwrap().to_owned();
    for change in [
        SecurityInfoChange::SetDefault {
            target: new_id.clone(),
        },
        SecurityInfoChange::Delete { target: OLD.into() },
    ] {
        h.server
            .change_security_info(user, tenant, Some(NEW), change)
            .unwrap_or_else(|error| panic!("{tenant}: {error}"));
    }
    new_id
}

#[tokio::test]
async fn marco_plays_the_whole_move_in_practice() {
    let h = start(Scenario::practice_move()).await;
    h.clock.set(datetime!(2026-12-01 09:00 UTC));
    let before = authenticators(&h, COMPANY, MARCO).await;
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].1, OLD);

    h.advance(120);
    let new_id = move_in(&h, MARCO, COMPANY);
    let after = authenticators(&h, COMPANY, MARCO).await;
    assert_eq!(
        after,
        vec![(
            new_id.clone(),
            NEW.to_owned(),
            "2026-12-01T09:02:00Z".to_owned()
        )],
        "a new id, created at the simulator's time; the old id gone"
    );
    assert_ne!(new_id, before[0].0);

    // The client where he is a member, and the one where he is a guest (moved in the resource tenant).
    for (user, tenant) in [(CLIENT_X_USER, CLIENT_X), (MARCO, CLIENT_Y)] {
        let old = authenticators(&h, tenant, user).await;
        let new_id = move_in(&h, user, tenant);
        let listed = authenticators(&h, tenant, user).await;
        assert_eq!(listed.len(), 1, "{tenant}: {listed:?}");
        assert_eq!(listed[0].0, new_id);
        assert!(old.iter().all(|(id, _, _)| id != &new_id), "{tenant}");
    }
    // The tenant without consent: Graph reads are refused to the app, Security info still works.
    move_in(&h, NO_CONSENT_USER, NO_CONSENT);

    // A fresh sign-in in each tenant is approved on the Pixel, and the log says which phone answered.
    for (tenant, user) in [(COMPANY, MARCO), (NO_CONSENT, NO_CONSENT_USER)] {
        let (status, body) = h
            .sign_in(
                tenant,
                user,
                BrowserScript::complete_with("push"),
                SIGN_IN_SCOPES,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let last = h.server.sign_ins().pop().unwrap();
        assert_eq!(last.device.as_deref(), Some(NEW), "{tenant}");
    }
}

#[tokio::test]
async fn the_lost_phone_practice_is_unchanged() {
    // The ordinary practice scenario keeps Marco's iPhone lost: it cannot approve adding the Pixel.
    let h = practice().await;
    let refused = h.server.change_security_info(
        MARCO,
        COMPANY,
        Some(OLD),
        SecurityInfoChange::AddAuthenticator {
            device_name: NEW.into(),
            os: None,
        },
    );
    assert!(refused.is_err(), "{refused:?}");
}
