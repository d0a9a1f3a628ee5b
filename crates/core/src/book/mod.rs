//! The account book: the person's accounts, their situation and the last evidence about each account, kept in
//! one JSON file in the platform's configuration directory.
//!
//! - [`model`]: what is stored (facts only; verdicts are recomputed by the assessment engine; no tokens).
//! - [`schema`]: the versioned file format.
//! - [`store`]: atomic, crash-safe saving with a backup; unreadable files are never overwritten.
//! - [`transfer`]: import and export as JSON and CSV.
//! - [`tenants`]: which accounts share a tenant (and so one IT ticket).

pub mod checks;
pub mod edit;
pub mod error;
pub mod model;
pub mod schema;
pub mod store;
pub mod tenants;
pub mod transfer;

pub use checks::MethodsStatus;
pub use error::BookError;
pub use model::{is_guid, is_plausible_domain};
pub use model::{
    Account, AccountBook, AccountDetails, AccountId, FieldError, InventorySource, ItContact,
    LossKind, Membership, StoredInventory,
};
pub use store::{
    chosen_book_path, default_book_path, BookStore, FileBookStore, MemoryBookStore, Restored,
};
pub use tenants::{tenant_groups, TenantGroup};
pub use transfer::ImportReport;
