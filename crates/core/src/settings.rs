//! The person's settings: which app (client id) signs in, and the language they chose. One small JSON file
//! beside the account book, saved atomically; a file that cannot be read is set aside, never overwritten.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::{is_guid, BookError};
use crate::config::{IdentityConfig, GRAPH_CLI_TOOLS_CLIENT_ID, GRAPH_CLI_TOOLS_NAME};
use crate::Lang;

/// The app the person signs in with (docs/MICROSOFT.md §2.2: Microsoft Graph Command Line Tools by default; an
/// organisation may register its own multi-tenant app and hand out its client id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum SignInApp {
    #[default]
    GraphCommandLineTools,
    Custom {
        client_id: String,
        /// How the app is called on the consent page, so the person recognises it.
        name: String,
    },
}

impl SignInApp {
    /// The client id and the name shown to the person.
    pub fn client(&self) -> (String, String) {
        match self {
            SignInApp::GraphCommandLineTools => (
                GRAPH_CLI_TOOLS_CLIENT_ID.to_string(),
                GRAPH_CLI_TOOLS_NAME.to_string(),
            ),
            SignInApp::Custom { client_id, name } => {
                let client_id = client_id.trim().to_ascii_lowercase();
                let name = match name.trim() {
                    "" => format!("app {client_id}"),
                    name => name.to_string(),
                };
                (client_id, name)
            }
        }
    }
}

/// Everything the settings screen keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    #[serde(default)]
    pub sign_in_app: SignInApp,
    /// The language the person picked; `None` follows the system.
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// Why settings were refused or could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("the client id must be a GUID such as 14d82eec-204b-4c2f-b7e8-296a70dab67e")]
    BadClientId,
    #[error(transparent)]
    File(#[from] BookError),
}

impl Settings {
    /// Refuses what cannot work (a client id that is not a GUID).
    pub fn validate(&self) -> Result<(), SettingsError> {
        match &self.sign_in_app {
            SignInApp::Custom { client_id, .. } if !is_guid(client_id.trim()) => {
                Err(SettingsError::BadClientId)
            }
            _ => Ok(()),
        }
    }

    /// Where real accounts sign in, with this sign-in app.
    pub fn identity_config(&self) -> IdentityConfig {
        let (client_id, client_name) = self.sign_in_app.client();
        IdentityConfig {
            client_id,
            client_name,
            ..IdentityConfig::default()
        }
    }
}

/// `settings.json` in the platform's configuration directory, beside the account book.
pub fn default_settings_path() -> Option<PathBuf> {
    crate::book::default_book_path().map(|book| book.with_file_name("settings.json"))
}

/// The settings file.
#[derive(Debug, Clone)]
pub struct SettingsStore {
    path: PathBuf,
}

impl SettingsStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved settings; the defaults when there is no file or it cannot be read (it is then set aside at
    /// the next save, not overwritten).
    pub fn load(&self) -> Settings {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Validates and saves atomically. An existing file that does not parse is first renamed to
    /// `settings.json.unreadable` so nothing the person had is lost.
    pub fn save(&self, settings: &Settings) -> Result<(), SettingsError> {
        settings.validate()?;
        if let Ok(bytes) = std::fs::read(&self.path) {
            if serde_json::from_slice::<Settings>(&bytes).is_err() {
                let aside = self.path.with_extension("json.unreadable");
                std::fs::rename(&self.path, &aside).map_err(|source| BookError::Io {
                    path: self.path.clone(),
                    action: "set the unreadable settings aside",
                    source,
                })?;
            }
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| BookError::Io {
                path: dir.to_path_buf(),
                action: "create the settings folder",
                source,
            })?;
        }
        let mut bytes =
            serde_json::to_vec_pretty(settings).expect("settings always serialise to JSON");
        bytes.push(b'\n');
        crate::book::store::write_atomically(&self.path, &bytes)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("lifeboat-settings-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("settings.json")
    }

    #[test]
    fn the_default_app_is_graph_command_line_tools() {
        let config = Settings::default().identity_config();
        assert_eq!(config.client_id, GRAPH_CLI_TOOLS_CLIENT_ID);
        assert_eq!(config.client_name, GRAPH_CLI_TOOLS_NAME);
    }

    #[test]
    fn a_custom_app_needs_a_guid_and_gets_a_name() {
        let bad = Settings {
            sign_in_app: SignInApp::Custom {
                client_id: "not-a-guid".into(),
                name: String::new(),
            },
            lang: None,
        };
        assert!(matches!(bad.validate(), Err(SettingsError::BadClientId)));
        let good = Settings {
            sign_in_app: SignInApp::Custom {
                client_id: " 0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D ".into(),
                name: " ".into(),
            },
            lang: Some(Lang::It),
        };
        good.validate().unwrap();
        let config = good.identity_config();
        assert_eq!(config.client_id, "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        assert_eq!(
            config.client_name,
            "app 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
        );
    }

    #[test]
    fn saved_settings_come_back_and_an_unreadable_file_is_set_aside() {
        let path = temp("roundtrip");
        let store = SettingsStore::new(&path);
        assert_eq!(store.load(), Settings::default(), "no file: defaults");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"{ not json").unwrap();
        assert_eq!(store.load(), Settings::default());
        let settings = Settings {
            sign_in_app: SignInApp::Custom {
                client_id: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d".into(),
                name: "Contoso Lifeboat".into(),
            },
            lang: Some(Lang::En),
        };
        store.save(&settings).unwrap();
        assert_eq!(store.load(), settings);
        assert_eq!(
            std::fs::read(path.with_extension("json.unreadable")).unwrap(),
            b"{ not json",
            "the unreadable file was kept"
        );
        let refused = Settings {
            sign_in_app: SignInApp::Custom {
                client_id: "x".into(),
                name: String::new(),
            },
            lang: None,
        };
        assert!(store.save(&refused).is_err());
        assert_eq!(store.load(), settings, "a refused save changes nothing");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}
