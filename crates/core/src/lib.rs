//! Lifeboat's core library.
//!
//! Every decision Lifeboat makes lives here: which language to speak, what a method counts for, which verdict
//! an account gets, what a ticket says. The core has no front end: no Tauri, no command-line parsing, no UI.
//! The CLI (`crates/cli`) and the desktop shell (`src-tauri/`) are thin layers over it.
//!
//! I/O sits behind small traits so tests can swap in doubles; rules never read the clock or the environment
//! themselves: callers pass time, locale and configuration in.

pub mod about;
pub mod assess;
pub mod book;
pub mod check_in_turn;
pub mod clock;
pub mod config;
pub mod desk;
pub mod diagnostics;
pub mod edits;
pub mod evidence;
pub mod fresh_sign_in;
pub mod graph;
pub mod http;
pub mod lang;
pub mod manual_inventory;
pub mod methods;
pub mod moving;
pub mod problem;
pub mod reregistration;
pub mod settings;
pub mod signin;
pub mod situation;
pub mod ticket;
pub mod token_store;
pub mod troubleshoot;
pub mod views;

pub use about::{about, AppInfo};
pub use lang::Lang;
