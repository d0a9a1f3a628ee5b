//! The user resource: `GET /v1.0/me`'s body, `GET /v1.0/users/{id | userPrincipalName}` and
//! `GET /v1.0/users?$filter=…` (an IT desk finding a guest by the address they were invited with).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};

use super::{bearer, error_response, graph_ok, has_any, GraphProblem};
use crate::scenario::UserType;
use crate::state::{Sim, State};

/// Reading other users' profiles, from the basic one up (the permission catalogue).
const DIRECTORY_SCOPES: [&str; 6] = [
    "User.ReadBasic.All",
    "User.Read.All",
    "User.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Directory.AccessAsUser.All",
];

/// What `User.ReadBasic.All` alone may read of another user: "display name, first and last name, email address,
/// open extensions and photo", plus the keys that identify them.
const BASIC_PROPERTIES: [&str; 6] = [
    "id",
    "displayName",
    "givenName",
    "surname",
    "mail",
    "userPrincipalName",
];

/// `$top` on `/users`: Graph's default page of 100, at most 999.
const USERS_DEFAULT_PAGE: usize = 100;
const USERS_MAX_PAGE: usize = 999;

/// The user resource: Graph's default properties.
fn default_properties(state: &State, account: usize) -> Map<String, Value> {
    let user = &state.accounts[account].user;
    let mut resource = Map::new();
    resource.insert("businessPhones".into(), json!(user.business_phones));
    resource.insert("displayName".into(), json!(user.display_name));
    resource.insert("givenName".into(), json!(user.given_name));
    resource.insert("jobTitle".into(), json!(user.job_title));
    resource.insert("mail".into(), json!(user.mail));
    resource.insert("mobilePhone".into(), json!(user.mobile_phone));
    resource.insert("officeLocation".into(), json!(user.office_location));
    resource.insert("preferredLanguage".into(), json!(user.preferred_language));
    resource.insert("surname".into(), json!(user.surname));
    resource.insert(
        "userPrincipalName".into(),
        json!(user.upn.replace("#ext#", "#EXT#")),
    );
    resource.insert("id".into(), json!(user.id));
    resource
}

/// Properties only returned when `$select`ed.
fn extra_property(state: &State, account: usize, name: &str) -> Option<(&'static str, Value)> {
    let user = &state.accounts[account].user;
    let tenant = &state.tenants[state.tenant_of(account)];
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "employeeid" => ("employeeId", json!(user.employee_id)),
        "department" => ("department", json!(user.department)),
        "usertype" => (
            "userType",
            json!(if user.user_type == UserType::Guest {
                "Guest"
            } else {
                "Member"
            }),
        ),
        "companyname" => ("companyName", json!(tenant.name)),
        "accountenabled" => ("accountEnabled", json!(true)),
        "othermails" => ("otherMails", json!(user.other_mails)),
        _ => return None,
    })
}

fn selected(query: &HashMap<String, String>) -> Option<Vec<&str>> {
    let select = query
        .get("$select")
        .filter(|select| !select.trim().is_empty())?;
    Some(
        select
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect(),
    )
}

/// One user's properties: the defaults, or the `$select`ed ones (unknown names are Graph's 400). With
/// `basic_only` (another user, read with `User.ReadBasic.All` alone) the others are left out.
fn properties(
    state: &State,
    account: usize,
    select: Option<&[&str]>,
    basic_only: bool,
) -> Result<Map<String, Value>, GraphProblem> {
    let full = default_properties(state, account);
    let mut chosen = match select {
        None => full,
        Some(names) => {
            let mut chosen = Map::new();
            for name in names {
                let value = full
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(name))
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .or_else(|| {
                        extra_property(state, account, name)
                            .map(|(key, value)| (key.to_string(), value))
                    })
                    .ok_or_else(|| {
                        GraphProblem::BadRequest(format!(
                            "Could not find a property named '{name}' on type 'microsoft.graph.user'."
                        ))
                    })?;
                chosen.insert(value.0, value.1);
            }
            chosen
        }
    };
    if basic_only {
        chosen.retain(|key, _| BASIC_PROPERTIES.contains(&key.as_str()));
    }
    Ok(chosen)
}

/// The body of `/me` or `/users/{id}`: `@odata.context`, then the properties.
pub(crate) fn user_body(
    sim: &Sim,
    state: &State,
    account: usize,
    query: &HashMap<String, String>,
    basic_only: bool,
) -> Result<Value, GraphProblem> {
    let select = selected(query);
    let base = format!("{}/v1.0/$metadata#users", sim.base_url);
    let context = match &select {
        None => format!("{base}/$entity"),
        Some(names) => format!("{base}({})/$entity", names.join(",")),
    };
    let mut body = Map::new();
    body.insert("@odata.context".into(), json!(context));
    body.extend(properties(state, account, select.as_deref(), basic_only)?);
    Ok(Value::Object(body))
}

/// Whether the caller may read other users, and only their basic profile.
fn directory_access(
    scopes: &std::collections::BTreeSet<&'static str>,
) -> Result<bool, GraphProblem> {
    if !has_any(scopes, &DIRECTORY_SCOPES) {
        return Err(GraphProblem::RequestDenied);
    }
    let beyond_basic = DIRECTORY_SCOPES
        .iter()
        .filter(|scope| **scope != "User.ReadBasic.All")
        .any(|scope| scopes.contains(scope));
    Ok(!beyond_basic)
}

/// `GET /v1.0/users/{id | userPrincipalName}`.
pub(crate) async fn get_user(
    Shared(sim): Shared<Arc<Sim>>,
    Path(user): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let state = sim.lock();
        read_user(&sim, &state, &headers, &query, &user)
    };
    match result {
        Ok(body) => graph_ok(StatusCode::OK, &headers, &body),
        Err(problem) => error_response(&sim, &headers, problem),
    }
}

fn read_user(
    sim: &Sim,
    state: &State,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    user: &str,
) -> Result<Value, GraphProblem> {
    let (caller, scopes) = bearer(sim, state, headers)?;
    let target = super::admin::resolve_user(state, caller, user)?;
    let basic_only = if target == caller {
        if !has_any(&scopes, &["User.Read", "User.ReadWrite"]) {
            directory_access(&scopes)?;
        }
        false
    } else {
        directory_access(&scopes)?
    };
    user_body(sim, state, target, query, basic_only)
}

/// One clause of the `$filter`s the simulator understands, joined by `or`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Clause {
    Mail(String),
    UserPrincipalName(String),
    Id(String),
    /// `otherMails/any(x:x eq '…')`.
    OtherMail(String),
}

fn unsupported(property: &str) -> GraphProblem {
    GraphProblem::Coded {
        status: StatusCode::BAD_REQUEST,
        code: "Request_UnsupportedQuery",
        message: format!(
            "Unsupported or invalid query filter clause specified for property '{property}' of resource 'User'."
        ),
    }
}

fn invalid(detail: &str) -> GraphProblem {
    GraphProblem::Coded {
        status: StatusCode::BAD_REQUEST,
        code: "BadRequest",
        message: format!("Invalid filter clause: {detail}"),
    }
}

/// An OData string literal at the start of `text` (`'it''s'` → `it's`), and what follows it.
fn string_literal(text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix('\'')?;
    let mut value = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if c == '\'' {
            if matches!(chars.peek(), Some((_, '\''))) {
                chars.next();
                value.push('\'');
                continue;
            }
            return Some((value, &rest[index + 1..]));
        }
        value.push(c);
    }
    None
}

/// Splits on ` or ` outside string literals.
fn split_or(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut in_string = false;
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'\'' {
            in_string = !in_string;
        } else if !in_string
            && text[index..].len() >= 4
            && text[index..index + 4].eq_ignore_ascii_case(" or ")
        {
            parts.push(&text[start..index]);
            start = index + 4;
            index += 4;
            continue;
        }
        index += 1;
    }
    parts.push(&text[start..]);
    parts
}

fn parse_filter(filter: &str) -> Result<Vec<Clause>, GraphProblem> {
    let mut clauses = Vec::new();
    for part in split_or(filter.trim()) {
        let part = part.trim();
        let lower = part.to_ascii_lowercase();
        if lower.starts_with("othermails/any(") {
            // otherMails/any(x:x eq 'value')
            let inner = part["otherMails/any(".len()..]
                .strip_suffix(')')
                .ok_or_else(|| invalid(part))?;
            let (variable, test) = inner.split_once(':').ok_or_else(|| invalid(part))?;
            let test = test.trim_start();
            let after_variable = test
                .strip_prefix(variable.trim())
                .ok_or_else(|| invalid(part))?;
            let literal = after_variable
                .trim_start()
                .strip_prefix("eq ")
                .ok_or_else(|| unsupported("otherMails"))?;
            let (value, rest) =
                string_literal(literal.trim_start()).ok_or_else(|| invalid(part))?;
            if !rest.trim().is_empty() {
                return Err(invalid(part));
            }
            clauses.push(Clause::OtherMail(value));
            continue;
        }
        let mut words = part.splitn(3, ' ');
        let (Some(property), Some(operator), Some(literal)) =
            (words.next(), words.next(), words.next())
        else {
            return Err(invalid(part));
        };
        let known = ["mail", "userPrincipalName", "id"]
            .iter()
            .find(|known| known.eq_ignore_ascii_case(property));
        let Some(known) = known else {
            return Err(unsupported(property));
        };
        if !operator.eq_ignore_ascii_case("eq") {
            return Err(unsupported(known));
        }
        let (value, rest) = string_literal(literal.trim()).ok_or_else(|| invalid(part))?;
        if !rest.trim().is_empty() {
            return Err(invalid(part));
        }
        clauses.push(match *known {
            "mail" => Clause::Mail(value),
            "userPrincipalName" => Clause::UserPrincipalName(value),
            _ => Clause::Id(value),
        });
    }
    Ok(clauses)
}

fn matches(state: &State, account: usize, clauses: &[Clause]) -> bool {
    let user = &state.accounts[account].user;
    // Directory string comparisons ignore case.
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    clauses.iter().any(|clause| match clause {
        Clause::Mail(value) => user.mail.as_deref().is_some_and(|mail| same(mail, value)),
        Clause::UserPrincipalName(value) => same(&user.upn, value),
        Clause::Id(value) => same(&user.id, value),
        Clause::OtherMail(value) => user.other_mails.iter().any(|mail| same(mail, value)),
    })
}

/// `GET /v1.0/users[?$filter=…][&$select=…][&$top=…]`: the caller's tenant, paged.
pub(crate) async fn list_users(
    Shared(sim): Shared<Arc<Sim>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let state = sim.lock();
        read_users(&sim, &state, &headers, &query)
    };
    match result {
        Ok(body) => graph_ok(StatusCode::OK, &headers, &body),
        Err(problem) => error_response(&sim, &headers, problem),
    }
}

fn read_users(
    sim: &Sim,
    state: &State,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<Value, GraphProblem> {
    let (caller, scopes) = bearer(sim, state, headers)?;
    let basic_only = directory_access(&scopes)?;
    let clauses = match query
        .get("$filter")
        .filter(|filter| !filter.trim().is_empty())
    {
        Some(filter) => Some(parse_filter(filter)?),
        None => None,
    };
    let select = selected(query);
    let tenant_id = &state.accounts[caller].user.tenant_id;
    let found: Vec<usize> = (0..state.accounts.len())
        .filter(|&account| &state.accounts[account].user.tenant_id == tenant_id)
        .filter(|&account| {
            clauses
                .as_ref()
                .is_none_or(|clauses| matches(state, account, clauses))
        })
        .collect();
    let (offset, size) = page_window(query)?;
    let end = offset.saturating_add(size).min(found.len());
    let mut items = Vec::new();
    for &account in &found[offset.min(found.len())..end] {
        items.push(Value::Object(properties(
            state,
            account,
            select.as_deref(),
            basic_only && account != caller,
        )?));
    }
    let context = match &select {
        None => format!("{}/v1.0/$metadata#users", sim.base_url),
        Some(names) => format!("{}/v1.0/$metadata#users({})", sim.base_url, names.join(",")),
    };
    let mut body = Map::new();
    body.insert("@odata.context".into(), json!(context));
    if end < found.len() {
        let mut next = url::Url::parse(&format!("{}/v1.0/users", sim.base_url))
            .map_err(|_| GraphProblem::ServerError(500))?;
        {
            let mut pairs = next.query_pairs_mut();
            for key in ["$filter", "$select"] {
                if let Some(value) = query.get(key) {
                    pairs.append_pair(key, value);
                }
            }
            pairs.append_pair("$skiptoken", &skiptoken(end, size));
        }
        body.insert("@odata.nextLink".into(), json!(next.to_string()));
    }
    body.insert("value".into(), Value::Array(items));
    Ok(Value::Object(body))
}

/// The page a `/users` request asks for: `$skiptoken` (offset and size, opaque to clients) or `$top`.
fn page_window(query: &HashMap<String, String>) -> Result<(usize, usize), GraphProblem> {
    if let Some(token) = query.get("$skiptoken") {
        return read_skiptoken(token)
            .ok_or_else(|| GraphProblem::BadRequest("Invalid skip token.".to_string()));
    }
    let size = match query.get("$top") {
        None => USERS_DEFAULT_PAGE,
        Some(top) => match top.trim().parse::<usize>() {
            Ok(top) if (1..=USERS_MAX_PAGE).contains(&top) => top,
            _ => {
                return Err(GraphProblem::Coded {
                    status: StatusCode::BAD_REQUEST,
                    code: "Request_BadRequest",
                    message: format!(
                        "Invalid page size specified: '{top}'. Must be between 1 and {USERS_MAX_PAGE} inclusive."
                    ),
                })
            }
        },
    };
    Ok((0, size))
}

fn skiptoken(offset: usize, size: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("sim-users:{offset}:{size}"))
}

fn read_skiptoken(token: &str) -> Option<(usize, usize)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    let (offset, size) = text.strip_prefix("sim-users:")?.split_once(':')?;
    let size: usize = size.parse().ok()?;
    (1..=USERS_MAX_PAGE)
        .contains(&size)
        .then_some((offset.parse().ok()?, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_the_simulator_reads() {
        let table: [(&str, Result<Vec<Clause>, &str>); 8] = [
            (
                "mail eq 'marco.ferri@ferriconsulting.it'",
                Ok(vec![Clause::Mail("marco.ferri@ferriconsulting.it".into())]),
            ),
            (
                "otherMails/any(x:x eq 'Marco@Example.org') or mail eq 'marco@example.org'",
                Ok(vec![
                    Clause::OtherMail("Marco@Example.org".into()),
                    Clause::Mail("marco@example.org".into()),
                ]),
            ),
            (
                "otherMails/any(m: m eq 'o''brien@example.org')",
                Ok(vec![Clause::OtherMail("o'brien@example.org".into())]),
            ),
            (
                "userPrincipalName eq 'a or b@x.it'",
                Ok(vec![Clause::UserPrincipalName("a or b@x.it".into())]),
            ),
            ("jobTitle eq 'x'", Err("Request_UnsupportedQuery")),
            ("mail ne 'x'", Err("Request_UnsupportedQuery")),
            ("mail eq x", Err("BadRequest")),
            ("otherMails/any(x:y eq 'a')", Err("BadRequest")),
        ];
        for (filter, expected) in table {
            let parsed = parse_filter(filter);
            match (parsed, expected) {
                (Ok(clauses), Ok(expected)) => assert_eq!(clauses, expected, "{filter}"),
                (Err(GraphProblem::Coded { code, .. }), Err(expected)) => {
                    assert_eq!(code, expected, "{filter}")
                }
                (other, _) => panic!("{filter}: {other:?}"),
            }
        }
    }

    #[test]
    fn user_skiptokens_round_trip_and_refuse_forgeries() {
        assert_eq!(read_skiptoken(&skiptoken(200, 100)), Some((200, 100)));
        assert_eq!(
            read_skiptoken(&URL_SAFE_NO_PAD.encode("sim-users:0:5000")),
            None
        );
        assert_eq!(read_skiptoken("garbage"), None);
    }
}
