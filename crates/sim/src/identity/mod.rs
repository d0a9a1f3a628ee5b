//! The Microsoft identity platform endpoints (docs/MICROSOFT.md §1): discovery, authorize, token, device code.

pub(crate) mod authorize;
pub(crate) mod device;
pub(crate) mod discovery;
pub(crate) mod token;
