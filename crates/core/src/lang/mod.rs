//! The languages Lifeboat speaks, and how one is chosen from a locale string.
//!
//! The languages are the folders of the wording catalog (`locales/<code>/*.ftl` at the repository's root, read by
//! the core and the window alike): [`Lang`] is one of them, [`Lang::say`] a sentence from its catalog.

/// The variables of a catalog message: `args! { "name" => value, "count" => n }`. Identifiers that happen to be
/// numbers (AADSTS codes, HTTP statuses) are passed as strings, so they are never formatted as quantities.
#[macro_export]
macro_rules! args {
    ($($name:literal => $value:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut args = $crate::lang::Args::new();
        $(args.set($name, $value);)*
        args
    }};
}

mod catalog;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

pub use catalog::{Args, CatalogError};

/// A language Lifeboat writes in (screens, CLI output, tickets): one folder of the catalog. Its JSON is the
/// folder's code (`"it"`); `Lang::It`, `Lang::En`, … and [`Lang::ALL`] are generated from the folders.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
#[ts(type = "string")]
pub struct Lang(u8);

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// One sentence in every language of the catalog. A check's rows carry these, so the window can follow a
/// language switch in the middle of a run without asking the core again. Its JSON is `{"it": "…", "en": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, TS)]
#[ts(type = "Partial<Record<string, string>>")]
pub struct Wording(BTreeMap<Lang, String>);

impl Wording {
    /// The sentence `write` produces in each language.
    pub fn of(write: impl Fn(Lang) -> String) -> Self {
        Self(
            Lang::ALL
                .into_iter()
                .map(|lang| (lang, write(lang)))
                .collect(),
        )
    }

    /// The catalog's message `id` in every language.
    pub fn say(id: &str) -> Self {
        Self::of(|lang| lang.say(id))
    }

    /// The sentence in `lang`; English when it was written before `lang` joined the catalog.
    pub fn text(&self, lang: Lang) -> &str {
        self.0
            .get(&lang)
            .or_else(|| self.0.get(&Lang::FALLBACK))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }
}

impl Serialize for Wording {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(lang, text)| (lang.code(), text)))
    }
}

impl<'de> Deserialize<'de> for Wording {
    /// Keeps the languages this build speaks: a sentence stored by a build with more languages still reads.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let texts = BTreeMap::<String, String>::deserialize(deserializer)?;
        Ok(Self(
            texts
                .into_iter()
                .filter_map(|(code, text)| Some((Lang::parse(&code)?, text)))
                .collect(),
        ))
    }
}

/// Things Lifeboat counts in its sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    Account,
    Method,
}

impl Lang {
    /// The folder's code (`it`, `en`).
    pub fn code(self) -> &'static str {
        CODES[self.index()]
    }

    /// The language's own name, for a language switch (`language-name`: "Italiano").
    pub fn name(self) -> &'static str {
        catalog::global().name(self)
    }

    /// The market code Microsoft's endpoints take in `mkt` (`lang-market`: `it-IT`, `en-GB`).
    pub fn market(self) -> &'static str {
        catalog::global().market(self)
    }

    /// The catalog's message `id` in this language (English, with a warning, when it is missing).
    pub fn say(self, id: &str) -> String {
        catalog::global().format(self, id, &Args::new())
    }

    /// The catalog's message `id` with its variables, e.g. `lang.say_with("x", args! { "count" => 3 })`.
    pub fn say_with(self, id: &str, args: &Args) -> String {
        catalog::global().format(self, id, args)
    }

    /// A count with its noun, by the language's plural rules: "1 account", "3 methods", "1 metodo".
    pub fn count(self, count: usize, noun: Noun) -> String {
        let id = match noun {
            Noun::Account => "count-accounts",
            Noun::Method => "count-methods",
        };
        self.say_with(id, &args! { "count" => count })
    }

    /// Parses an explicit choice such as `it`, `EN` or ` en `; anything else is `None`.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim();
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(code))
    }

    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }
    /// Picks a language from a POSIX or BCP 47 locale (`it_IT.UTF-8`, `it-CH`, `en_US`, `C`).
    /// Italian locales give Italian; everything else, including `C`/`POSIX` and unknown languages, gives English.
    pub fn from_locale(locale: &str) -> Lang {
        let language = locale
            .trim()
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default();
        Lang::parse(language).unwrap_or(Lang::FALLBACK)
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
            .unwrap_or(Lang::FALLBACK)
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

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Lang::parse(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown language {code:?} (expected one of {})",
                CODES.join(", ")
            ))
        })
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
    fn the_languages_are_the_catalog_folders_each_with_its_name_and_market() {
        assert!(Lang::ALL.contains(&Lang::It) && Lang::ALL.contains(&Lang::En));
        assert_eq!(Lang::FALLBACK, Lang::En);
        for (lang, code, name, market) in [
            (Lang::It, "it", "Italiano", "it-IT"),
            (Lang::En, "en", "English", "en-GB"),
        ] {
            assert_eq!(
                (lang.code(), lang.name(), lang.market()),
                (code, name, market)
            );
            assert_eq!(Lang::parse(&code.to_uppercase()), Some(lang));
        }
        assert_eq!(Lang::parse("xx"), None);
    }

    #[test]
    fn a_wording_is_a_map_of_codes_and_reads_sentences_of_other_builds() {
        let wording = Wording::of(|lang| format!("{}!", lang.code()));
        let json = serde_json::to_value(&wording).unwrap();
        assert_eq!(json, serde_json::json!({ "it": "it!", "en": "en!" }));
        assert_eq!(serde_json::from_value::<Wording>(json).unwrap(), wording);
        // Written by a build that spoke German too, or before Italian existed: the rest still reads.
        let other: Wording =
            serde_json::from_value(serde_json::json!({ "de": "de!", "en": "en!" })).unwrap();
        assert_eq!(other.text(Lang::En), "en!");
        assert_eq!(other.text(Lang::It), "en!", "falls back to English");
    }

    #[test]
    fn an_unknown_language_code_is_refused_with_the_known_ones() {
        let error = serde_json::from_str::<Lang>("\"xx\"").unwrap_err();
        assert!(error.to_string().contains("en, it"), "{error}");
    }

    #[test]
    fn serialises_as_lowercase_code() {
        assert_eq!(serde_json::to_string(&Lang::It).unwrap(), "\"it\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
    }
}
