//! The wording catalog: Fluent bundles built once from the embedded `locales/*/*.ftl`, shared by every thread.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use super::{Lang, CODES, SOURCES};

/// What is wrong with a catalog's files or a sentence asked of it. The embedded catalog has none (tests say
/// so); at run time a file's problems are logged when the catalog is first read, and a sentence missing in a
/// language (or lacking a variable) is logged and read in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("locales/{lang}/{file}: {message}")]
    Syntax {
        lang: String,
        file: String,
        message: String,
    },
    #[error("locales/{lang}/: {id} is defined twice")]
    Duplicate { lang: String, id: String },
    #[error("locales/{lang}/: no message {id}")]
    MissingMessage { lang: String, id: String },
    #[error("locales/{lang}/: {id}: {message}")]
    Format {
        lang: String,
        id: String,
        message: String,
    },
    #[error("locales/{0}/ is not a language tag")]
    BadCode(String),
}

/// The variables of one message (see [`crate::args!`]).
#[derive(Debug, Default)]
pub struct Args<'a>(FluentArgs<'a>);

impl<'a> Args<'a> {
    pub fn new() -> Self {
        Self(FluentArgs::new())
    }

    /// Sets `name`: text (`&str`, `String`) or a quantity (an integer, which plural selectors read).
    pub fn set(&mut self, name: &'static str, value: impl Into<FluentValue<'a>>) {
        self.0.set(name, value);
    }
}

/// One language folder, parsed.
struct Language {
    code: String,
    bundle: FluentBundle<FluentResource>,
    name: String,
    market: String,
}

/// Every language's bundle; `fallback` is English's position.
pub(crate) struct Catalog {
    languages: Vec<Language>,
    fallback: usize,
    /// Unit tests panic on a missing message or variable, so a gap fails them instead of reading English.
    strict: bool,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let sources: Vec<(&str, &[(&str, &str)])> = CODES.iter().copied().zip(SOURCES).collect();
    let (catalog, problems) = Catalog::build(&sources, Lang::FALLBACK.code());
    for problem in &problems {
        tracing::warn!(%problem, "wording catalog");
    }
    Catalog {
        strict: cfg!(test),
        ..catalog
    }
});

/// The catalog embedded at build time.
pub(crate) fn global() -> &'static Catalog {
    &CATALOG
}

impl Catalog {
    /// Parses each language's files `(code, [(file name, text)])`. A file with a syntax error keeps the
    /// messages that parsed; every problem is returned, none is fatal.
    pub(crate) fn build(
        sources: &[(&str, &[(&str, &str)])],
        fallback: &str,
    ) -> (Catalog, Vec<CatalogError>) {
        let mut problems = Vec::new();
        let mut languages = Vec::new();
        for (code, files) in sources {
            let tag: LanguageIdentifier = code.parse().unwrap_or_else(|_| {
                problems.push(CatalogError::BadCode((*code).to_owned()));
                LanguageIdentifier::default()
            });
            let mut bundle = FluentBundle::new_concurrent(vec![tag]);
            // Tickets are plain-text e-mail: no FSI/PDI marks around variables.
            bundle.set_use_isolating(false);
            for (file, text) in *files {
                let resource = FluentResource::try_new((*text).to_owned()).unwrap_or_else(
                    |(resource, errors)| {
                        problems.extend(errors.into_iter().map(|error| CatalogError::Syntax {
                            lang: (*code).to_owned(),
                            file: (*file).to_owned(),
                            message: error.to_string(),
                        }));
                        resource
                    },
                );
                if let Err(errors) = bundle.add_resource(resource) {
                    problems.extend(errors.into_iter().map(|error| CatalogError::Duplicate {
                        lang: (*code).to_owned(),
                        id: match error {
                            fluent_bundle::FluentError::Overriding { id, .. } => id,
                            other => other.to_string(),
                        },
                    }));
                }
            }
            languages.push(Language {
                code: (*code).to_owned(),
                bundle,
                name: String::new(),
                market: String::new(),
            });
        }
        let fallback = languages
            .iter()
            .position(|language| language.code == fallback)
            .unwrap_or(0);
        let mut catalog = Catalog {
            languages,
            fallback,
            strict: false,
        };
        for index in 0..catalog.languages.len() {
            for (id, slot) in [("language-name", 0), ("lang-market", 1)] {
                let text = match catalog.try_format(index, id, &Args::new()) {
                    Ok(text) => text,
                    Err(problem) => {
                        problems.push(problem);
                        catalog.languages[index].code.clone()
                    }
                };
                let language = &mut catalog.languages[index];
                if slot == 0 {
                    language.name = text;
                } else {
                    language.market = text;
                }
            }
        }
        (catalog, problems)
    }

    pub(crate) fn name(&self, lang: Lang) -> &str {
        &self.language(lang.index()).name
    }

    pub(crate) fn market(&self, lang: Lang) -> &str {
        &self.language(lang.index()).market
    }

    fn language(&self, index: usize) -> &Language {
        &self.languages[index.min(self.languages.len() - 1)]
    }

    /// Message `id` in `lang`; on a missing message or variable, English (and a warning).
    pub(crate) fn format(&self, lang: Lang, id: &str, args: &Args) -> String {
        self.format_at(lang.index(), id, args)
    }

    fn format_at(&self, index: usize, id: &str, args: &Args) -> String {
        match self.try_format(index, id, args) {
            Ok(text) => text,
            Err(problem) => {
                assert!(!self.strict, "{problem}");
                tracing::warn!(%problem, "wording catalog: the sentence falls back to English");
                if index != self.fallback {
                    if let Ok(text) = self.try_format(self.fallback, id, args) {
                        return text;
                    }
                }
                self.best_effort(self.fallback, id, args)
            }
        }
    }

    fn try_format(&self, index: usize, id: &str, args: &Args) -> Result<String, CatalogError> {
        let language = self.language(index);
        let pattern = language
            .bundle
            .get_message(id)
            .and_then(|message| message.value())
            .ok_or_else(|| CatalogError::MissingMessage {
                lang: language.code.clone(),
                id: id.to_owned(),
            })?;
        let mut errors = Vec::new();
        let text = language
            .bundle
            .format_pattern(pattern, Some(&args.0), &mut errors);
        match errors.first() {
            None => Ok(text.into_owned()),
            Some(error) => Err(CatalogError::Format {
                lang: language.code.clone(),
                id: id.to_owned(),
                message: error.to_string(),
            }),
        }
    }

    /// What Fluent makes of a broken message (`{$name}` for a missing variable), or the id itself.
    fn best_effort(&self, index: usize, id: &str, args: &Args) -> String {
        let bundle = &self.language(index).bundle;
        match bundle.get_message(id).and_then(|message| message.value()) {
            Some(pattern) => bundle
                .format_pattern(pattern, Some(&args.0), &mut Vec::new())
                .into_owned(),
            None => id.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests;
