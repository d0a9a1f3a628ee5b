//! A browser played over HTTP: follows redirects (into the loopback listener too), keeps cookies, and
//! submits the forms it is shown, filling in the fields it knows.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use lifeboat_core::signin::{BrowserError, BrowserOpener};
use url::Url;

/// What the browser saw last.
#[derive(Debug, Clone, Default)]
pub struct Visit {
    pub final_url: Option<String>,
    pub status: Option<u16>,
    pub body: String,
    pub error: Option<String>,
    pub opened: Vec<String>,
}

/// Submits every form up to `max_forms`: `fields` replace the values of inputs of those names, `extra`
/// fields are added to every submission (a button outside the form, like "Abort").
#[derive(Clone)]
pub struct FormFillingBrowser {
    pub fields: HashMap<String, String>,
    pub extra: Vec<(String, String)>,
    pub max_forms: usize,
    pub visit: Arc<Mutex<Visit>>,
    /// Set to only record the URL (a browser that never finishes: the person is stuck).
    pub idle: bool,
}

impl FormFillingBrowser {
    pub fn new(fields: &[(&str, &str)]) -> Self {
        Self {
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            extra: Vec::new(),
            max_forms: 8,
            visit: Arc::new(Mutex::new(Visit::default())),
            idle: false,
        }
    }

    pub fn idle() -> Self {
        Self {
            idle: true,
            ..Self::new(&[])
        }
    }

    pub fn visit(&self) -> Visit {
        self.visit.lock().unwrap().clone()
    }

    /// Plays the whole browser leg from `start`; returns when no form is left to submit.
    pub async fn run(&self, start: Url) {
        let result = self.drive(start).await;
        let mut visit = self.visit.lock().unwrap();
        match result {
            Ok((url, status, body)) => {
                visit.final_url = Some(url);
                visit.status = Some(status);
                visit.body = body;
            }
            Err(error) => visit.error = Some(error),
        }
    }

    async fn drive(&self, start: Url) -> Result<(String, u16, String), String> {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::limited(20))
            .build()
            .map_err(|e| format!("{e:?}"))?;
        let mut response = client
            .get(start)
            .send()
            .await
            .map_err(|e| format!("{e:?}"))?;
        for _ in 0..self.max_forms {
            let url = response.url().clone();
            let status = response.status().as_u16();
            let body = response.text().await.map_err(|e| format!("{e:?}"))?;
            let Some((action, fields)) = parse_form(&body) else {
                return Ok((url.to_string(), status, body));
            };
            let action = url.join(&action).map_err(|e| format!("{e:?}"))?;
            let mut filled: Vec<(String, String)> = fields
                .into_iter()
                .map(|(name, value)| {
                    let value = self.fields.get(&name).cloned().unwrap_or(value);
                    (name, value)
                })
                .collect();
            filled.extend(self.extra.iter().cloned());
            response = client
                .post(action)
                .form(&filled)
                .send()
                .await
                .map_err(|e| format!("{e:?}"))?;
        }
        let url = response.url().to_string();
        let status = response.status().as_u16();
        Ok((url, status, response.text().await.unwrap_or_default()))
    }
}

impl BrowserOpener for FormFillingBrowser {
    fn open(&self, url: &Url) -> Result<(), BrowserError> {
        self.visit.lock().unwrap().opened.push(url.to_string());
        if !self.idle {
            let me = self.clone();
            let url = url.clone();
            tokio::spawn(async move { me.run(url).await });
        }
        Ok(())
    }
}

/// A browser that cannot be opened (no display, no browser installed).
pub struct NoBrowser;

impl BrowserOpener for NoBrowser {
    fn open(&self, _url: &Url) -> Result<(), BrowserError> {
        Err(BrowserError("no browser on this machine".into()))
    }
}

/// The first `<form>` of a page: its action and its inputs (name, value).
pub fn parse_form(html: &str) -> Option<(String, Vec<(String, String)>)> {
    let start = html.find("<form")?;
    let rest = &html[start..];
    let end = rest.find("</form>").unwrap_or(rest.len());
    let form = &rest[..end];
    let tag_end = form.find('>')?;
    let action = attribute(&form[..tag_end], "action")?;
    let mut fields = Vec::new();
    let mut cursor = form;
    while let Some(at) = cursor.find("<input") {
        let tag = &cursor[at..];
        let close = tag.find('>').unwrap_or(tag.len());
        let tag_text = &tag[..close];
        if let Some(name) = attribute(tag_text, "name") {
            fields.push((name, attribute(tag_text, "value").unwrap_or_default()));
        }
        cursor = &tag[close..];
    }
    Some((action.replace("&amp;", "&"), fields))
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!("{name}=\"");
    let mut search = tag;
    loop {
        let at = search.find(&needle)?;
        // Attribute names start after whitespace (so `name=` does not match inside `data-name=`).
        let preceded_by_space = at == 0 || search.as_bytes()[at - 1].is_ascii_whitespace();
        let value_start = at + needle.len();
        if preceded_by_space {
            let value_end = search[value_start..].find('"')? + value_start;
            return Some(search[value_start..value_end].to_string());
        }
        search = &search[value_start..];
    }
}
