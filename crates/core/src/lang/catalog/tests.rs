use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::parser;

use super::*;
use crate::lang::{CODES, SOURCES};

/// The repository's `locales/`.
fn locales() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales")
}

/// A locales folder read the way build.rs reads it: every language folder, every `.ftl` file, sorted.
fn read_folder(root: &Path) -> Vec<(String, Vec<(String, String)>)> {
    let mut languages: Vec<(String, Vec<(String, String)>)> = std::fs::read_dir(root)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .map(|dir| {
            let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .filter(|file| file.extension().is_some_and(|ext| ext == "ftl"))
                .map(|file| {
                    let name = file.file_name().unwrap().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(&file).unwrap())
                })
                .collect();
            files.sort();
            (
                dir.file_name().unwrap().to_string_lossy().into_owned(),
                files,
            )
        })
        .collect();
    languages.sort();
    languages
}

fn build_from(languages: &[(String, Vec<(String, String)>)]) -> (Catalog, Vec<CatalogError>) {
    let files: Vec<Vec<(&str, &str)>> = languages
        .iter()
        .map(|(_, files)| {
            files
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str()))
                .collect()
        })
        .collect();
    let sources: Vec<(&str, &[(&str, &str)])> = languages
        .iter()
        .zip(&files)
        .map(|((code, _), files)| (code.as_str(), files.as_slice()))
        .collect();
    Catalog::build(&sources, "en")
}

/// What a message needs from its caller and offers: the variables it reads (in text and selectors) and its
/// attributes with theirs. Two languages must agree on it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    variables: BTreeSet<String>,
    attributes: BTreeMap<String, BTreeSet<String>>,
}

fn pattern_variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
            for argument in &arguments.named {
                inline_variables(&argument.value, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

/// Every message of one language: id → (file, shape). Parse errors fail the test.
fn shapes(code: &str, files: &[(String, String)]) -> BTreeMap<String, (String, Shape)> {
    let mut shapes = BTreeMap::new();
    for (file, text) in files {
        let resource = parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("locales/{code}/{file}: {errors:?}"));
        for entry in &resource.body {
            match entry {
                Entry::Message(message) => {
                    let mut shape = Shape::default();
                    if let Some(value) = &message.value {
                        pattern_variables(value, &mut shape.variables);
                    }
                    for attribute in &message.attributes {
                        let mut variables = BTreeSet::new();
                        pattern_variables(&attribute.value, &mut variables);
                        shape
                            .attributes
                            .insert(attribute.id.name.to_owned(), variables);
                    }
                    let previous = shapes.insert(message.id.name.to_owned(), (file.clone(), shape));
                    assert!(
                        previous.is_none(),
                        "locales/{code}/: {} twice",
                        message.id.name
                    );
                }
                // Terms (`-name`) are private to a language's files, but every language defines the same ones.
                Entry::Term(term) => {
                    let mut shape = Shape::default();
                    pattern_variables(&term.value, &mut shape.variables);
                    let id = format!("-{}", term.id.name);
                    let previous = shapes.insert(id.clone(), (file.clone(), shape));
                    assert!(previous.is_none(), "locales/{code}/: {id} twice");
                }
                Entry::Junk { content } => panic!("locales/{code}/{file}: junk {content:?}"),
                _ => {}
            }
        }
    }
    shapes
}

/// The differences between each language and English: missing, extra, or different messages.
fn disagreements(languages: &[(String, Vec<(String, String)>)]) -> Vec<String> {
    let (_, english_files) = languages
        .iter()
        .find(|(code, _)| code == "en")
        .expect("an English folder");
    let english = shapes("en", english_files);
    let mut found = Vec::new();
    for (code, files) in languages {
        let other = shapes(code, files);
        for (id, (file, shape)) in &english {
            match other.get(id) {
                None => found.push(format!("locales/{code}/: {id} is missing (en: {file})")),
                Some((other_file, _)) if other_file != file => found.push(format!(
                    "locales/{code}/{other_file}: {id} belongs in {file}, as in English"
                )),
                Some((_, other_shape)) if other_shape != shape => found.push(format!(
                    "locales/{code}/: {id} reads {other_shape:?}, English {shape:?}"
                )),
                Some(_) => {}
            }
        }
        for id in other.keys().filter(|id| !english.contains_key(*id)) {
            found.push(format!("locales/{code}/: {id} is not in English"));
        }
    }
    found
}

/// The embedded catalog's problems (none, in a build that passed its tests).
fn embedded_problems() -> Vec<CatalogError> {
    let sources: Vec<(&str, &[(&str, &str)])> = CODES.iter().copied().zip(SOURCES).collect();
    Catalog::build(&sources, Lang::FALLBACK.code()).1
}

#[test]
fn the_embedded_catalog_builds_without_a_problem() {
    assert_eq!(embedded_problems(), vec![]);
    assert_eq!(
        CODES.len(),
        read_folder(&locales()).len(),
        "every folder embedded"
    );
}

#[test]
fn every_language_has_every_message_with_the_same_variables_and_attributes() {
    let languages = read_folder(&locales());
    assert!(languages.len() >= 2);
    assert_eq!(disagreements(&languages), Vec::<String>::new());
}

#[test]
fn the_check_catches_a_missing_message_a_changed_variable_and_an_extra_attribute() {
    let language =
        |code: &str, text: &str| (code.to_owned(), vec![("a.ftl".to_owned(), text.to_owned())]);
    let english = language(
        "en",
        "one = { $count ->\n    [one] a\n   *[other] {$count} b\n}\ntwo = x {$name}\nthree = y\n",
    );
    for (italian, expected) in [
        ("one = {$count} a\ntwo = x {$name}\nthree = z\n", ""),
        ("one = a\ntwo = x {$name}\nthree = z\n", "one reads"),
        ("one = {$count}\nthree = z\n", "two is missing"),
        ("one = {$count}\ntwo = x {$nome}\nthree = z\n", "two reads"),
        (
            "one = {$count}\ntwo = x {$name}\nthree = z\n    .title = t\n",
            "three reads",
        ),
        (
            "one = {$count}\ntwo = x {$name}\nthree = z\nfour = w\n",
            "four is not in English",
        ),
    ] {
        let found = disagreements(&[english.clone(), language("it", italian)]).join("\n");
        if expected.is_empty() {
            assert_eq!(found, "");
        } else {
            assert!(found.contains(expected), "{italian:?}: {found}");
        }
    }
}

#[test]
fn a_third_language_is_a_folder_and_nothing_else() {
    let root = std::env::temp_dir().join(format!("lifeboat-locales-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (code, files) in read_folder(&locales()) {
        std::fs::create_dir_all(root.join(&code)).unwrap();
        for (name, text) in files {
            std::fs::write(root.join(&code).join(name), text).unwrap();
        }
    }
    // A pretend language: the English files, named and marketed as its own.
    std::fs::create_dir_all(root.join("xx")).unwrap();
    for (name, text) in &read_folder(&locales())
        .into_iter()
        .find(|(code, _)| code == "en")
        .unwrap()
        .1
    {
        let text = text
            .replace("language-name = English", "language-name = Xxish")
            .replace("lang-market = en-GB", "lang-market = xx-XX");
        std::fs::write(root.join("xx").join(name), text).unwrap();
    }
    let languages = read_folder(&root);
    std::fs::remove_dir_all(&root).unwrap();

    assert_eq!(disagreements(&languages), Vec::<String>::new());
    let (catalog, problems) = build_from(&languages);
    assert_eq!(problems, vec![]);
    let codes: Vec<&str> = catalog.languages.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["en", "it", "xx"]);
    assert_eq!(catalog.languages[2].name, "Xxish");
    assert_eq!(catalog.languages[2].market, "xx-XX");
    assert_eq!(
        catalog.format_at(2, "count-methods", &crate::args! { "count" => 3 }),
        "3 methods"
    );
}

fn small_catalog() -> Catalog {
    let languages = [
        (
            "en".to_owned(),
            vec![(
                "a.ftl".to_owned(),
                "language-name = English\nlang-market = en-GB\nhello = Hello {$name}.\nonly-en = Only English.\nitems = { $count ->\n    [one] {$count} item\n   *[other] {$count} items\n}\n".to_owned(),
            )],
        ),
        (
            "it".to_owned(),
            vec![(
                "a.ftl".to_owned(),
                "language-name = Italiano\nlang-market = it-IT\nhello = Ciao {$nome}.\nitems = { $count ->\n    [one] {$count} elemento\n   *[other] {$count} elementi\n}\n".to_owned(),
            )],
        ),
    ];
    let (catalog, problems) = build_from(&languages);
    assert_eq!(problems, vec![]);
    catalog
}

#[test]
fn a_missing_message_or_variable_falls_back_to_english() {
    let catalog = small_catalog();
    let name = || crate::args! { "name" => "Anna" };
    for (index, id, expected) in [
        (1, "only-en", "Only English."),
        // The Italian reads a variable the caller does not give.
        (1, "hello", "Hello Anna."),
        (0, "hello", "Hello Anna."),
        (1, "nowhere", "nowhere"),
    ] {
        assert_eq!(catalog.format_at(index, id, &name()), expected, "{id}");
    }
}

#[test]
fn plurals_follow_each_language() {
    let catalog = small_catalog();
    for (index, count, expected) in [
        (0, 1, "1 item"),
        (0, 0, "0 items"),
        (1, 1, "1 elemento"),
        (1, 2, "2 elementi"),
    ] {
        let args = crate::args! { "count" => count };
        assert_eq!(catalog.format_at(index, "items", &args), expected);
    }
}

#[test]
#[should_panic(expected = "no message nowhere")]
fn the_embedded_catalog_is_strict_in_tests() {
    Lang::It.say("nowhere");
}

#[test]
fn no_isolation_marks_around_variables() {
    let catalog = small_catalog();
    let text = catalog.format_at(0, "hello", &crate::args! { "name" => "Anna" });
    assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
}

/// The message ids the Rust sources name: string literals that start like one of the catalog's core files.
fn ids_named_in_sources() -> BTreeMap<String, String> {
    const PREFIXES: [&str; 13] = [
        "assess-",
        "ticket-",
        "problem-",
        "cli-",
        "count-",
        "desktop-",
        "join-",
        "signin-",
        "move-",
        "troubleshoot-",
        "prevention-",
        "desk-",
        "reregister-",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    let mut folders = vec![root.join("crates"), root.join("src-tauri/src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("tests") && !path.ends_with("target") {
                    folders.push(path);
                }
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    let mut ids = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (start, _) in text.match_indices('"') {
            let rest = &text[start + 1..];
            if !PREFIXES.iter().any(|prefix| rest.starts_with(prefix)) {
                continue;
            }
            let end = rest
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
                .unwrap_or(rest.len());
            if rest[end..].starts_with('"') && !rest[..end].ends_with('-') {
                ids.insert(rest[..end].to_owned(), file.display().to_string());
            }
        }
    }
    ids
}

#[test]
fn every_message_the_code_names_is_in_the_catalog_and_every_core_message_is_named() {
    let named = ids_named_in_sources();
    assert!(named.len() > 100, "{} ids found", named.len());
    let english = shapes(
        "en",
        &read_folder(&locales())
            .into_iter()
            .find(|(c, _)| c == "en")
            .unwrap()
            .1,
    );
    for (id, file) in &named {
        assert!(
            english.contains_key(id),
            "{file} names {id}, which is not in locales/en/"
        );
    }
    for (id, (file, _)) in &english {
        if file == "ui.ftl" || file == "language.ftl" || id.starts_with('-') {
            continue;
        }
        assert!(
            named.contains_key(id),
            "locales/en/{file}: {id} is never used"
        );
    }
}
