use super::*;
use serde_json::json;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/graph");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}"))
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn single(name: &str) -> AuthMethod {
    let methods = parse_methods_json(&fixture(name)).unwrap();
    assert_eq!(methods.len(), 1, "{name}");
    methods.into_iter().next().unwrap()
}

#[test]
fn every_single_method_fixture_parses_to_its_type() {
    let table = [
        (
            "method-password.json",
            "passwordAuthenticationMethod",
            "28c10230-6103-485e-b985-444c60001490",
        ),
        (
            "method-microsoftAuthenticator.json",
            "microsoftAuthenticatorAuthenticationMethod",
            "6803c096-c096-6803-96c0-036896c00368",
        ),
        (
            "method-microsoftAuthenticator-beta.json",
            "microsoftAuthenticatorAuthenticationMethod",
            "6803c096-c096-6803-96c0-036896c00368",
        ),
        (
            "method-phone-mobile.json",
            "phoneAuthenticationMethod",
            "3179e48a-750b-4051-897c-87b9720928f7",
        ),
        (
            "method-phone-alternateMobile.json",
            "phoneAuthenticationMethod",
            "b6332ec1-7057-4abe-9331-3d72feddfe41",
        ),
        (
            "method-phone-office.json",
            "phoneAuthenticationMethod",
            "e37fc753-ff3b-4958-9484-eaa9425c82bc",
        ),
        (
            "method-email.json",
            "emailAuthenticationMethod",
            "3ddfcfc8-9383-446f-83cc-3ab9be4be18f",
        ),
        (
            "method-fido2-securityKey.json",
            "fido2AuthenticationMethod",
            "-2_GRUg2-HYz6_1YG4YRAQ2",
        ),
        (
            "method-fido2-passkey-microsoftAuthenticator-ios.json",
            "fido2AuthenticationMethod",
            "Yk5vU2pWc0RfX0tfR3Y1MkxvQmwxUQ2",
        ),
        (
            "method-fido2-passkey-synced.json",
            "fido2AuthenticationMethod",
            "c3luY2VkUGFzc2tleUV4YW1wbGVJZA2",
        ),
        (
            "method-windowsHelloForBusiness.json",
            "windowsHelloForBusinessAuthenticationMethod",
            "b5e01f81-1f81-b5e0-811f-e0b5811fe0b5",
        ),
        (
            "method-softwareOath.json",
            "softwareOathAuthenticationMethod",
            "b172893e-893e-b172-3e89-72b13e8972b1",
        ),
        (
            "method-temporaryAccessPass.json",
            "temporaryAccessPassAuthenticationMethod",
            "6f1967b7-15e8-4935-ac26-d50770ed07a7",
        ),
        (
            "method-temporaryAccessPass-usable.json",
            "temporaryAccessPassAuthenticationMethod",
            "c5dbd20a-8b8f-4791-a23f-488fcbde3b38",
        ),
        (
            "method-platformCredential.json",
            "platformCredentialAuthenticationMethod",
            "R18B3t8Ogh9XIOGmPt81d6p_KXJs1YTxfGgGqeVFJSM1",
        ),
        (
            "method-externalAuthenticationMethod.json",
            "externalAuthenticationMethod",
            "78381c69-811f-51f6-66ec-c2c2aa0e2b46",
        ),
        (
            "method-qrCodePin.json",
            "qrCodePinAuthenticationMethod",
            "6C2F8B36-B6F0-46FA-9548-1EBA48BEBBDE",
        ),
        (
            "method-hardwareOath-beta.json",
            "hardwareOathAuthenticationMethod",
            "aad49556-####-####-####-############",
        ),
    ];
    let listed: Vec<String> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("method-") && name.ends_with(".json"))
        .collect();
    assert_eq!(
        listed.len(),
        table.len(),
        "a method fixture is missing from the table: {listed:?}"
    );
    for (file, graph_type, id) in table {
        let method = single(file);
        assert_eq!(method.graph_type(), graph_type, "{file}");
        assert_eq!(method.id(), id, "{file}");
        assert!(!matches!(method, AuthMethod::Unrecognised(_)), "{file}");
    }
}

#[test]
fn fields_are_read_with_their_types() {
    let AuthMethod::MicrosoftAuthenticator(app) = single("method-microsoftAuthenticator-beta.json")
    else {
        panic!()
    };
    assert_eq!(app.display_name.as_deref(), Some("Sandeep's iPhone"));
    assert_eq!(app.phone_app_version.as_deref(), Some("6.5.4"));
    assert_eq!(
        app.client_app_name.as_deref(),
        Some("microsoftAuthenticator")
    );
    assert_eq!(
        app.base.created_date_time,
        Some(time::macros::datetime!(2020-12-03 23:16:12 UTC))
    );
    assert!(app.base.last_used_date_time.is_some());

    let AuthMethod::Phone(phone) = single("method-phone-office.json") else {
        panic!()
    };
    assert_eq!(phone.phone_type, Some(PhoneType::Office));
    assert_eq!(phone.phone_number.as_deref(), Some("+1 4255550199"));
    assert_eq!(phone.sms_sign_in_state.as_deref(), Some("notSupported"));

    let AuthMethod::Fido2(key) = single("method-fido2-securityKey.json") else {
        panic!()
    };
    assert_eq!(key.kind(), Fido2Kind::SecurityKey);
    assert_eq!(key.model.as_deref(), Some("NFC key"));
    assert_eq!(key.attestation_certificates.len(), 1);
    assert_eq!(key.passkey_type, Some(PasskeyType::DeviceBound));

    let AuthMethod::Fido2(passkey) = single("method-fido2-passkey-microsoftAuthenticator-ios.json")
    else {
        panic!()
    };
    assert_eq!(passkey.kind(), Fido2Kind::AuthenticatorPasskey);
    let AuthMethod::Fido2(synced) = single("method-fido2-passkey-synced.json") else {
        panic!()
    };
    assert_eq!(synced.kind(), Fido2Kind::SyncedPasskey);
    assert_eq!(synced.model, None);

    let AuthMethod::TemporaryAccessPass(pass) = single("method-temporaryAccessPass.json") else {
        panic!()
    };
    assert_eq!(pass.is_usable, Some(false));
    assert_eq!(
        pass.method_usability_reason,
        Some(TapUsabilityReason::NotYetValid)
    );
    assert_eq!(pass.lifetime_in_minutes, Some(60));
    assert_eq!(
        pass.end_date_time(),
        Some(time::macros::datetime!(2022-06-05 01:00 UTC))
    );
    // Seven fractional digits, as Graph writes them.
    assert_eq!(
        pass.base.created_date_time.unwrap().nanosecond(),
        589_390_300
    );

    let AuthMethod::HardwareOath(token) = single("method-hardwareOath-beta.json") else {
        panic!()
    };
    let device = token.device.unwrap();
    assert_eq!(device.serial_number.as_deref(), Some("TOTP123456"));
    assert_eq!(device.status.as_deref(), Some("activated"));
    assert_eq!(
        device.assigned_to.unwrap().display_name.as_deref(),
        Some("Amy Masters")
    );

    let AuthMethod::QrCodePin(badge) = single("method-qrCodePin.json") else {
        panic!()
    };
    assert_eq!(
        badge.pin.unwrap().force_change_pin_next_sign_in,
        Some(false)
    );
    assert!(badge.standard_qr_code.unwrap().expire_date_time.is_some());

    let AuthMethod::PlatformCredential(mac) = single("method-platformCredential.json") else {
        panic!()
    };
    assert_eq!(mac.platform.as_deref(), Some("macOS"));
    let AuthMethod::External(external) = single("method-externalAuthenticationMethod.json") else {
        panic!()
    };
    assert_eq!(
        external.configuration_id.as_deref(),
        Some("26310fee-860b-4eab-8749-ab730dcf335e")
    );
}

#[test]
fn collections_pages_and_annotations() {
    let collection =
        parse_methods_json(&fixture("methods-fido2-key-and-authenticator.json")).unwrap();
    let types: Vec<&str> = collection.iter().map(AuthMethod::graph_type).collect();
    assert_eq!(
        types,
        [
            "fido2AuthenticationMethod",
            "passwordAuthenticationMethod",
            "microsoftAuthenticatorAuthenticationMethod"
        ]
    );
    // `@odata.nextLink` is ignored: each page is read on its own.
    assert_eq!(
        parse_methods_json(&fixture("methods-paged-page1.json"))
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        parse_methods_json(&fixture("methods-paged-page2.json"))
            .unwrap()
            .len(),
        2
    );
    // `@microsoft.graph.tips` is ignored.
    assert_eq!(
        parse_methods_json(&fixture("methods-with-graph-tips.json"))
            .unwrap()
            .len(),
        1
    );
    // A bare array works too.
    let bare = format!(
        "[{}, {}]",
        fixture("method-email.json"),
        fixture("method-softwareOath.json")
    );
    assert_eq!(parse_methods_json(&bare).unwrap().len(), 2);
    // Every collection fixture parses without an unrecognised method.
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("methods-") {
            let methods = parse_methods_json(&fixture(&name)).unwrap();
            assert!(
                methods
                    .iter()
                    .all(|m| !matches!(m, AuthMethod::Unrecognised(_))),
                "{name}"
            );
        }
    }
}

#[test]
fn unknown_types_are_kept_with_their_raw_json() {
    let text = r##"{"value": [{"@odata.type": "#microsoft.graph.quantumAuthenticationMethod", "id": "q1", "qubits": 7}]}"##;
    let methods = parse_methods_json(text).unwrap();
    let AuthMethod::Unrecognised(unknown) = &methods[0] else {
        panic!("{methods:?}")
    };
    assert_eq!(unknown.graph_type(), "quantumAuthenticationMethod");
    assert_eq!(methods[0].id(), "q1");
    assert_eq!(unknown.raw["qubits"], 7);
    assert_eq!(methods[0].to_graph_value(), unknown.raw);
}

#[test]
fn unknown_properties_and_enum_values_are_tolerated() {
    let value = json!({
        "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
        "@odata.etag": "W/\"1\"",
        "id": "p",
        "phoneNumber": "+39 333 1234567",
        "phoneType": "unknownFutureValue",
        "smsSignInState": "somethingNew",
        "brandNewProperty": {"nested": true}
    });
    let AuthMethod::Phone(phone) = AuthMethod::from_graph_value(&value).unwrap() else {
        panic!()
    };
    assert_eq!(
        phone.phone_type,
        Some(PhoneType::Other("unknownFutureValue".into()))
    );
    assert_eq!(phone.sms_sign_in_state.as_deref(), Some("somethingNew"));
}

#[test]
fn a_typed_endpoint_body_without_odata_type_is_recognised() {
    // GET /me/authentication/phoneMethods/{id} example: no `@odata.type`.
    let value = json!({"id": "3179e48a-750b-4051-897c-87b9720928f7", "phoneNumber": "+1 2065551234", "phoneType": "mobile", "smsSignInState": "ready"});
    assert_eq!(
        AuthMethod::from_graph_value(&value).unwrap().graph_type(),
        "phoneAuthenticationMethod"
    );
    let value = json!({"id": "x", "secretKey": null});
    assert_eq!(
        AuthMethod::from_graph_value(&value).unwrap().graph_type(),
        "softwareOathAuthenticationMethod"
    );
    let error = AuthMethod::from_graph_value(&json!({"id": "x"})).unwrap_err();
    assert!(error.to_string().contains("@odata.type"), "{error}");
}

#[test]
fn malformed_input_is_reported_in_one_line() {
    let cases: [(&str, &str); 7] = [
        ("{\"value\": [", "not valid JSON (line 1"),
        ("42", "expected a Graph collection"),
        ("{\"items\": []}", "without \"value\""),
        ("{\"value\": 3}", "\"value\" is a number"),
        ("{\"value\": [\"x\"]}", "method 1: expected a JSON object, found a string"),
        (
            r##"{"value": [{"@odata.type": "#microsoft.graph.passwordAuthenticationMethod", "id": "p"}, {"@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod", "id": "t", "isUsable": "yes"}]}"##,
            "method 2 (temporaryAccessPassAuthenticationMethod): invalid type: string \"yes\", expected a boolean",
        ),
        (r##"[{"@odata.type": "#microsoft.graph.emailAuthenticationMethod"}]"##, "method 1 (emailAuthenticationMethod): has no \"id\""),
    ];
    for (text, expected) in cases {
        let message = parse_methods_json(text).unwrap_err().to_string();
        assert!(message.contains(expected), "{text}: {message}");
        assert!(!message.contains('\n'), "{message}");
    }
    let bad_date = r##"[{"@odata.type": "#microsoft.graph.passwordAuthenticationMethod", "id": "p", "createdDateTime": "yesterday"}]"##;
    assert!(parse_methods_json(bad_date)
        .unwrap_err()
        .to_string()
        .starts_with("method 1 (passwordAuthenticationMethod): "));
}

#[test]
fn methods_serialise_back_to_graph_shape_without_secrets() {
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !(name.starts_with("method-") && name.ends_with(".json")) {
            continue;
        }
        let method = single(&name);
        let value = method.to_graph_value();
        assert_eq!(
            value["@odata.type"],
            format!("#microsoft.graph.{}", method.graph_type()),
            "{name}"
        );
        let back = AuthMethod::from_graph_value(&value).unwrap();
        assert_eq!(back, method, "{name}");
        // Serde goes the same way.
        let via_serde: AuthMethod =
            serde_json::from_value(serde_json::to_value(&method).unwrap()).unwrap();
        assert_eq!(via_serde, method, "{name}");
    }
    let created = json!({
        "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
        "id": "t", "temporaryAccessPass": "+drkzqAD", "isUsable": true
    });
    let written = AuthMethod::from_graph_value(&created)
        .unwrap()
        .to_graph_value();
    assert_eq!(written["temporaryAccessPass"], serde_json::Value::Null);
    assert!(!format!("{:?}", AuthMethod::from_graph_value(&created).unwrap()).contains("drkzqAD"));
}

#[test]
fn display_names_fall_back_sensibly() {
    assert_eq!(
        single("method-hardwareOath-beta.json").display_name(),
        Some("Amy Masters Token")
    );
    assert_eq!(
        single("method-fido2-securityKey.json").display_name(),
        Some("Red key")
    );
    assert_eq!(single("method-softwareOath.json").display_name(), None);
    let unnamed = json!({"@odata.type": "#microsoft.graph.fido2AuthenticationMethod", "id": "k", "displayName": " ", "model": "YubiKey 5"});
    // A blank displayName is no name; `model` stands in.
    assert_eq!(
        AuthMethod::from_graph_value(&unnamed)
            .unwrap()
            .display_name(),
        Some("YubiKey 5")
    );
}
