//! What the running build of Lifeboat is: shown on the start screen and in diagnostics.

use serde::Serialize;
use ts_rs::TS;

use crate::Lang;

/// Facts about this build, for the start screen, `lifeboat --version` and exported diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub product: String,
    pub version: String,
    /// The operating system family the build runs on (`linux`, `macos`, `windows`).
    pub os: String,
    /// The language the person's environment asks for; the UI starts in it.
    pub lang: Lang,
}

/// Describes this build. `lang` is the caller's choice (from settings or the environment).
pub fn about(lang: Lang) -> AppInfo {
    AppInfo {
        product: "Lifeboat".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        os: std::env::consts::OS.to_owned(),
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_this_build() {
        let info = about(Lang::It);
        assert_eq!(info.product, "Lifeboat");
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(info.os, std::env::consts::OS);
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["lang"], "it");
        assert!(json.get("version").is_some());
    }
}
