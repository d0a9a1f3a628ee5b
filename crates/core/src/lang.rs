//! The languages Lifeboat speaks, and how one is chosen from a locale string.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A language Lifeboat writes in (screens, CLI output, tickets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    It,
    En,
}

/// One sentence in both languages. A check's rows carry these, so the window can follow a language switch
/// in the middle of a run without asking the core again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Wording {
    pub it: String,
    pub en: String,
}

impl Wording {
    /// The sentence `write` produces in each language.
    pub fn of(write: impl Fn(Lang) -> String) -> Self {
        Self {
            it: write(Lang::It),
            en: write(Lang::En),
        }
    }

    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
        }
    }
}

/// The Italian or the English wording, as text: sentences are written in both languages side by side.
pub(crate) fn pick(lang: Lang, it: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::It => it.into(),
        Lang::En => en.into(),
    }
}

/// Things Lifeboat counts in its sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    Account,
    Method,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::It, Lang::En];

    /// The two-letter code (`it`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    /// The market code Microsoft's endpoints take in `mkt` (`it-IT`, `en-GB`: Lifeboat writes British English).
    pub fn market(self) -> &'static str {
        match self {
            Lang::It => "it-IT",
            Lang::En => "en-GB",
        }
    }

    /// A count with its noun: "1 account", "3 methods", "1 metodo". Both languages use the singular for
    /// exactly one (CLDR's "one" category for it and en).
    pub fn count(self, count: usize, noun: Noun) -> String {
        let (one, other) = match (self, noun) {
            (Lang::It, Noun::Account) => ("account", "account"),
            (Lang::En, Noun::Account) => ("account", "accounts"),
            (Lang::It, Noun::Method) => ("metodo", "metodi"),
            (Lang::En, Noun::Method) => ("method", "methods"),
        };
        format!("{count} {}", if count == 1 { one } else { other })
    }

    /// Parses an explicit choice such as `it`, `EN` or ` en `; anything else is `None`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "it" => Some(Lang::It),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks a language from a POSIX or BCP 47 locale (`it_IT.UTF-8`, `it-CH`, `en_US`, `C`).
    /// Italian locales give Italian; everything else, including `C`/`POSIX` and unknown languages, gives English.
    pub fn from_locale(locale: &str) -> Lang {
        let language = locale
            .trim()
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default();
        Lang::parse(language).unwrap_or(Lang::En)
    }

    /// Chooses the language from an explicit override (`LIFEBOAT_LANG`), then the POSIX locale variables in their
    /// order of precedence (`LC_ALL`, `LC_MESSAGES`, `LANG`). The caller reads the environment and passes the
    /// values in; an empty value counts as unset, as POSIX says.
    pub fn choose(override_code: Option<&str>, locale_vars: &[Option<&str>]) -> Lang {
        if let Some(lang) = override_code.and_then(Lang::parse) {
            return lang;
        }
        locale_vars
            .iter()
            .flatten()
            .find(|value| !value.trim().is_empty())
            .map(|value| Lang::from_locale(value))
            .unwrap_or(Lang::En)
    }
}

impl Lang {
    /// [`Lang::choose`] over the environment variables Lifeboat honours (`LIFEBOAT_LANG`, then `LC_ALL`,
    /// `LC_MESSAGES`, `LANG`). The caller passes the lookup (`|name| std::env::var(name).ok()` in the front
    /// ends), so the rule itself reads nothing.
    pub fn from_environment(lookup: impl Fn(&str) -> Option<String>) -> Lang {
        let locale_vars = [lookup("LC_ALL"), lookup("LC_MESSAGES"), lookup("LANG")];
        Lang::choose(
            lookup("LIFEBOAT_LANG").as_deref(),
            &locale_vars.iter().map(Option::as_deref).collect::<Vec<_>>(),
        )
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_for_exactly_one() {
        for (lang, count, noun, text) in [
            (Lang::En, 1, Noun::Account, "1 account"),
            (Lang::En, 0, Noun::Account, "0 accounts"),
            (Lang::En, 2, Noun::Account, "2 accounts"),
            (Lang::It, 1, Noun::Account, "1 account"),
            (Lang::It, 5, Noun::Account, "5 account"),
            (Lang::En, 1, Noun::Method, "1 method"),
            (Lang::En, 3, Noun::Method, "3 methods"),
            (Lang::It, 1, Noun::Method, "1 metodo"),
            (Lang::It, 0, Noun::Method, "0 metodi"),
            (Lang::It, 3, Noun::Method, "3 metodi"),
        ] {
            assert_eq!(lang.count(count, noun), text);
        }
    }

    #[test]
    fn locale_table() {
        let cases = [
            ("it_IT.UTF-8", Lang::It),
            ("it-CH", Lang::It),
            ("IT", Lang::It),
            ("it_IT@euro", Lang::It),
            ("en_US.UTF-8", Lang::En),
            ("en-GB", Lang::En),
            ("de_DE.UTF-8", Lang::En),
            ("C", Lang::En),
            ("POSIX", Lang::En),
            ("", Lang::En),
        ];
        for (locale, expected) in cases {
            assert_eq!(Lang::from_locale(locale), expected, "locale {locale:?}");
        }
    }

    #[test]
    fn override_wins_then_posix_precedence() {
        assert_eq!(Lang::choose(Some("it"), &[Some("en_US.UTF-8")]), Lang::It);
        assert_eq!(Lang::choose(Some("xx"), &[Some("it_IT.UTF-8")]), Lang::It);
        assert_eq!(
            Lang::choose(None, &[Some(""), Some("it_IT"), Some("en_US")]),
            Lang::It
        );
        assert_eq!(Lang::choose(None, &[None, None, Some("en_US")]), Lang::En);
        assert_eq!(Lang::choose(None, &[None, None, None]), Lang::En);
    }

    #[test]
    fn environment_lookup_names_the_variables_in_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_environment(env(&[("LANG", "it_IT.UTF-8")])),
            Lang::It
        );
        assert_eq!(
            Lang::from_environment(env(&[("LANG", "it_IT"), ("LC_ALL", "en_US")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_environment(env(&[("LANG", "en_US"), ("LIFEBOAT_LANG", "it")])),
            Lang::It
        );
        assert_eq!(Lang::from_environment(env(&[])), Lang::En);
    }

    #[test]
    fn serialises_as_lowercase_code() {
        assert_eq!(serde_json::to_string(&Lang::It).unwrap(), "\"it\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
    }
}
