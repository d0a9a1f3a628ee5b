//! Shared helpers for the assessment tests: fixtures, evidence and situations.
#![allow(dead_code)]

use lifeboat_core::assess::{
    assess, AccountEvidence, Assessment, Inventory, InventorySource, MethodNote,
};
use lifeboat_core::methods::{parse_methods_json, AuthMethod};
use lifeboat_core::situation::Situation;
use time::macros::datetime;
use time::OffsetDateTime;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/graph");
pub const TENANT: &str = "aaaabbbb-0000-cccc-1111-dddd2222eeee";
pub const IPHONE: &str = "Sandeep's iPhone";
pub const READ_AT: OffsetDateTime = datetime!(2026-09-14 09:00 UTC);

/// The methods of one or more fixture files (pages of one collection), taken together.
pub fn methods(files: &[&str]) -> Vec<AuthMethod> {
    files
        .iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(format!("{FIXTURES}/{file}"))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            parse_methods_json(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
        })
        .collect()
}

pub fn method(value: serde_json::Value) -> AuthMethod {
    AuthMethod::from_graph_value(&value).unwrap()
}

pub fn evidence(methods: Vec<AuthMethod>) -> AccountEvidence {
    AccountEvidence {
        tenant_id: Some(TENANT.to_owned()),
        inventory: Some(Inventory {
            methods,
            source: InventorySource::Graph,
            read_at: READ_AT,
        }),
        sign_in: None,
    }
}

pub fn lost(devices: &[&str]) -> Situation {
    Situation {
        lost_devices: devices.iter().map(|d| d.to_string()).collect(),
        ..Situation::default()
    }
}

pub fn run(files: &[&str], situation: &Situation) -> Assessment {
    assess(&evidence(methods(files)), situation)
}

pub fn ids(notes: &[MethodNote]) -> Vec<&str> {
    notes.iter().map(|note| note.method.id.as_str()).collect()
}

pub fn reason_of<'a>(assessment: &'a Assessment, id: &str) -> &'a MethodNote {
    assessment
        .usable
        .iter()
        .chain(&assessment.not_counted)
        .find(|note| note.method.id == id)
        .unwrap_or_else(|| panic!("no note for {id}: {assessment:#?}"))
}

pub const AUTHENTICATOR_ID: &str = "6803c096-c096-6803-96c0-036896c00368";
pub const PASSWORD_ID: &str = "28c10230-6103-485e-b985-444c60001490";
pub const MOBILE_ID: &str = "3179e48a-750b-4051-897c-87b9720928f7";
