//! Reading Graph method collections and writing methods back in their Graph shape.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::*;

/// Why a methods document could not be read. Each message is one line a person understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MethodsError {
    /// The text is not JSON.
    #[error("not valid JSON (line {line}, column {column}): {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not a Graph collection, an array of methods or a single method.
    #[error("expected a Graph collection ({{\"value\": [...]}}), an array of methods or one method object; {found}")]
    Shape { found: String },
    /// One element of the collection is not a method Lifeboat can read.
    #[error("{}{message}", position(*.index, .graph_type))]
    InvalidMethod {
        index: Option<usize>,
        graph_type: Option<String>,
        message: String,
    },
}

fn position(index: Option<usize>, graph_type: &Option<String>) -> String {
    match (index, graph_type) {
        (Some(index), Some(kind)) => format!("method {} ({kind}): ", index + 1),
        (Some(index), None) => format!("method {}: ", index + 1),
        (None, Some(kind)) => format!("{kind}: "),
        (None, None) => String::new(),
    }
}

/// Parses the body of `GET /me/authentication/methods` (`{"value": [...]}`), a bare array of methods, or a single
/// method object. `@odata.nextLink` and other annotations are ignored: pages are read as separate documents and
/// concatenated by the caller.
pub fn parse_methods_json(text: &str) -> Result<Vec<AuthMethod>, MethodsError> {
    let document: Value = serde_json::from_str(text).map_err(|error| MethodsError::Json {
        line: error.line(),
        column: error.column(),
        message: strip_serde_position(&error.to_string()),
    })?;
    match &document {
        Value::Array(items) => parse_methods_values(items),
        Value::Object(object) => match object.get("value") {
            Some(Value::Array(items)) => parse_methods_values(items),
            // Some Graph documentation examples wrap a single entity as `{"value": {...}}`.
            Some(Value::Object(_)) => Ok(vec![method_from_value(&object["value"], Some(0))?]),
            Some(other) => Err(MethodsError::Shape {
                found: format!("\"value\" is {}", describe(other)),
            }),
            None if object.contains_key("@odata.type") || object.contains_key("id") => {
                Ok(vec![method_from_value(&document, Some(0))?])
            }
            None => Err(MethodsError::Shape {
                found: "found an object without \"value\"".to_owned(),
            }),
        },
        other => Err(MethodsError::Shape {
            found: format!("found {}", describe(other)),
        }),
    }
}

/// Parses the elements of a Graph `value[]` array (as accounts store them).
pub fn parse_methods_values(values: &[Value]) -> Result<Vec<AuthMethod>, MethodsError> {
    values
        .iter()
        .enumerate()
        .map(|(index, value)| method_from_value(value, Some(index)))
        .collect()
}

pub(super) fn strip_type_prefix(odata_type: &str) -> &str {
    let trimmed = odata_type.trim();
    let without_hash = trimmed.strip_prefix('#').unwrap_or(trimmed);
    match without_hash.get(..GRAPH_TYPE_PREFIX.len() - 1) {
        Some(prefix) if prefix.eq_ignore_ascii_case(&GRAPH_TYPE_PREFIX[1..]) => {
            &without_hash[GRAPH_TYPE_PREFIX.len() - 1..]
        }
        _ => without_hash,
    }
}

pub(super) fn method_from_value(
    value: &Value,
    index: Option<usize>,
) -> Result<AuthMethod, MethodsError> {
    let invalid = |graph_type: Option<&str>, message: String| MethodsError::InvalidMethod {
        index,
        graph_type: graph_type.map(str::to_owned),
        message,
    };
    let Value::Object(object) = value else {
        return Err(invalid(
            None,
            format!("expected a JSON object, found {}", describe(value)),
        ));
    };
    let odata_type = match object.get("@odata.type") {
        Some(Value::String(text)) => Some(text.as_str()),
        None | Some(Value::Null) => None,
        Some(other) => {
            return Err(invalid(
                None,
                format!("\"@odata.type\" is {}", describe(other)),
            ))
        }
    };
    // A GET on a typed endpoint may omit `@odata.type` (fixtures/graph/README.md).
    let graph_type = match odata_type {
        Some(text) => strip_type_prefix(text).to_owned(),
        None => infer_type(object).ok_or_else(|| {
            invalid(
                None,
                "has no \"@odata.type\" and its properties match no known method type".to_owned(),
            )
        })?,
    };
    match object.get("id") {
        Some(Value::String(id)) if !id.trim().is_empty() => {}
        Some(Value::String(_)) => {
            return Err(invalid(Some(&graph_type), "\"id\" is empty".to_owned()))
        }
        None | Some(Value::Null) => {
            return Err(invalid(Some(&graph_type), "has no \"id\"".to_owned()))
        }
        Some(other) => {
            return Err(invalid(
                Some(&graph_type),
                format!("\"id\" is {}", describe(other)),
            ))
        }
    }
    fn typed<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
        T::deserialize(value).map_err(|error| error.to_string())
    }
    let known = |kind: &str| graph_type.eq_ignore_ascii_case(kind);
    let parsed = if known("passwordAuthenticationMethod") {
        typed(value).map(AuthMethod::Password)
    } else if known("microsoftAuthenticatorAuthenticationMethod") {
        typed(value).map(AuthMethod::MicrosoftAuthenticator)
    } else if known("phoneAuthenticationMethod") {
        typed(value).map(AuthMethod::Phone)
    } else if known("emailAuthenticationMethod") {
        typed(value).map(AuthMethod::Email)
    } else if known("fido2AuthenticationMethod") {
        typed(value).map(AuthMethod::Fido2)
    } else if known("windowsHelloForBusinessAuthenticationMethod") {
        typed(value).map(AuthMethod::WindowsHelloForBusiness)
    } else if known("softwareOathAuthenticationMethod") {
        typed(value).map(AuthMethod::SoftwareOath)
    } else if known("temporaryAccessPassAuthenticationMethod") {
        typed(value).map(AuthMethod::TemporaryAccessPass)
    } else if known("platformCredentialAuthenticationMethod") {
        typed(value).map(AuthMethod::PlatformCredential)
    } else if known("qrCodePinAuthenticationMethod") {
        typed(value).map(AuthMethod::QrCodePin)
    } else if known("externalAuthenticationMethod") {
        typed(value).map(AuthMethod::External)
    } else if known("hardwareOathAuthenticationMethod") {
        typed(value).map(AuthMethod::HardwareOath)
    } else if known("passwordlessMicrosoftAuthenticatorAuthenticationMethod") {
        typed(value).map(AuthMethod::PasswordlessMicrosoftAuthenticator)
    } else {
        typed::<MethodBase>(value).map(|base| {
            AuthMethod::Unrecognised(UnrecognisedMethod {
                base,
                odata_type: odata_type.unwrap_or_default().to_owned(),
                raw: value.clone(),
            })
        })
    };
    parsed.map_err(|message| invalid(Some(&graph_type), message))
}

/// Guesses the type of a method that came without `@odata.type`, from properties only one type has. Returns `None`
/// when nothing is distinctive: such an element is an error rather than a guess.
fn infer_type(object: &Map<String, Value>) -> Option<String> {
    let has = |key: &str| object.contains_key(key);
    let kind = if has("phoneType") || has("phoneNumber") {
        "phoneAuthenticationMethod"
    } else if has("emailAddress") {
        "emailAuthenticationMethod"
    } else if has("aaGuid") || has("attestationLevel") {
        "fido2AuthenticationMethod"
    } else if has("methodUsabilityReason") || has("isUsableOnce") || has("lifetimeInMinutes") {
        "temporaryAccessPassAuthenticationMethod"
    } else if has("phoneAppVersion") || has("deviceTag") {
        "microsoftAuthenticatorAuthenticationMethod"
    } else if has("configurationId") {
        "externalAuthenticationMethod"
    } else if has("platform") {
        "platformCredentialAuthenticationMethod"
    } else if has("keyStrength") {
        "windowsHelloForBusinessAuthenticationMethod"
    } else if has("standardQRCode") || has("temporaryQRCode") || has("pin") {
        "qrCodePinAuthenticationMethod"
    } else if has("device")
        && object
            .get("device")
            .is_some_and(|device| device.get("serialNumber").is_some())
    {
        "hardwareOathAuthenticationMethod"
    } else if has("secretKey") {
        "softwareOathAuthenticationMethod"
    } else if has("password") {
        "passwordAuthenticationMethod"
    } else {
        return None;
    };
    Some(kind.to_owned())
}

pub(super) fn method_to_value(method: &AuthMethod) -> Value {
    fn object_of<T: serde::Serialize>(value: &T) -> Map<String, Value> {
        match serde_json::to_value(value) {
            Ok(Value::Object(map)) => map,
            // The method structs are plain data: they always serialise to an object.
            _ => Map::new(),
        }
    }
    let mut object = match method {
        AuthMethod::Unrecognised(unrecognised) => return unrecognised.raw.clone(),
        AuthMethod::Password(m) => {
            let mut object = object_of(m);
            object.insert("password".to_owned(), Value::Null);
            object
        }
        AuthMethod::MicrosoftAuthenticator(m) => object_of(m),
        AuthMethod::Phone(m) => object_of(m),
        AuthMethod::Email(m) => object_of(m),
        AuthMethod::Fido2(m) => object_of(m),
        AuthMethod::WindowsHelloForBusiness(m) => object_of(m),
        AuthMethod::SoftwareOath(m) => {
            let mut object = object_of(m);
            object.insert("secretKey".to_owned(), Value::Null);
            object
        }
        AuthMethod::TemporaryAccessPass(m) => {
            let mut object = object_of(m);
            object.insert("temporaryAccessPass".to_owned(), Value::Null);
            object
        }
        AuthMethod::PlatformCredential(m) => object_of(m),
        AuthMethod::QrCodePin(m) => object_of(m),
        AuthMethod::External(m) => object_of(m),
        AuthMethod::HardwareOath(m) => object_of(m),
        AuthMethod::PasswordlessMicrosoftAuthenticator(m) => object_of(m),
    };
    object.insert(
        "@odata.type".to_owned(),
        Value::String(format!("{GRAPH_TYPE_PREFIX}{}", method.graph_type())),
    );
    Value::Object(object)
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => "a boolean".to_owned(),
        Value::Number(_) => "a number".to_owned(),
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// serde_json appends " at line X column Y"; the error already carries them.
fn strip_serde_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message.to_owned(),
    }
}
