//! The one error shape that crosses IPC: `{ code, message, detail? }`.
//!
//! The UI branches on `code` only; `message` is for people and `detail` for diagnostics. The shape is pinned by
//! the tests below and by the generated TypeScript type (`ui/src/lib/ipc/generated/IpcError.ts`).

use serde::Serialize;
use ts_rs::TS;

/// A stable, machine-readable error code. Adding a variant is fine; renaming one breaks the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request from the window did not make sense (a missing field, an unknown id).
    InvalidInput,
    /// Something inside Lifeboat went wrong; `detail` says what.
    Internal,
}

/// An error returned by a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<String>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IpcError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shape_without_detail_has_code_and_message_only() {
        let error = IpcError::new(ErrorCode::InvalidInput, "The account id is unknown.");
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            json!({ "code": "invalid_input", "message": "The account id is unknown." })
        );
    }

    #[test]
    fn shape_with_detail() {
        let error = IpcError::new(ErrorCode::Internal, "Lifeboat hit a problem.").with_detail("disk full");
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            json!({ "code": "internal", "message": "Lifeboat hit a problem.", "detail": "disk full" })
        );
    }

    #[test]
    fn codes_are_snake_case_strings() {
        let codes = [(ErrorCode::InvalidInput, "invalid_input"), (ErrorCode::Internal, "internal")];
        for (code, text) in codes {
            assert_eq!(serde_json::to_value(code).unwrap(), json!(text));
        }
    }
}
