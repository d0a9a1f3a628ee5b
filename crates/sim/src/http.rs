//! Small HTTP helpers shared by the identity, Graph and control handlers.

use std::collections::HashMap;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::aadsts::{EntraErrorBody, ErrorContext};
use crate::state::Sim;

/// `application/x-www-form-urlencoded` body or query string as a map (first value of a repeated key wins).
pub(crate) fn parse_form(bytes: &[u8]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for (key, value) in url::form_urlencoded::parse(bytes) {
        map.entry(key.into_owned())
            .or_insert_with(|| value.into_owned());
    }
    map
}

/// A non-empty parameter.
pub(crate) fn param<'a>(params: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|value| !value.trim().is_empty())
}

/// Italian pages when `ui_locales` / `mkt` ask for it, else from `Accept-Language`.
pub(crate) fn wants_italian(params: &HashMap<String, String>, headers: &HeaderMap) -> bool {
    let explicit = param(params, "ui_locales").or_else(|| param(params, "mkt"));
    let preference = match explicit {
        Some(value) => value.to_string(),
        None => headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_string(),
    };
    preference
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("it")
}

pub(crate) fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

pub(crate) fn json(status: StatusCode, body: &serde_json::Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

pub(crate) fn redirect(location: &str, set_cookie: Option<String>) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    if let Some(cookie) = set_cookie.and_then(|cookie| HeaderValue::from_str(&cookie).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// The request's `client-request-id` header (echoed as Entra's correlation id and in Graph's `innerError`).
pub(crate) fn client_request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("client-request-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}

pub(crate) fn error_context<'a>(sim: &'a Sim, correlation_id: Option<&'a str>) -> ErrorContext<'a> {
    ErrorContext {
        now: sim.now(),
        correlation_id,
        base_url: &sim.base_url,
    }
}

pub(crate) fn entra_error(body: &EntraErrorBody) -> Response {
    let status = StatusCode::from_u16(body.status()).unwrap_or(StatusCode::BAD_REQUEST);
    // Serialized from the struct, so the fields keep the fixtures' order.
    let text = serde_json::to_string(body).unwrap_or_default();
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// The value of one cookie.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

pub(crate) const SSO_COOKIE: &str = "sim_sso";

pub(crate) fn sso_cookie(value: &str) -> String {
    format!("{SSO_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax")
}
