//! HTML of the simulated sign-in pages. Plain server-rendered forms: they work in any browser, in the desktop
//! app's practice mode and under a plain HTTP client. Texts follow Entra's pages in English or Italian
//! (`ui_locales` / `mkt` / `Accept-Language`); boxes marked "Simulator" stand in for the person's devices.

use crate::methods::Channel;
use crate::state::{Flow, FlowPurpose, Notice, Sim, State, Step};

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Picks English or Italian.
pub(crate) fn tr(italian: bool, english: &'static str, italiano: &'static str) -> &'static str {
    if italian {
        italiano
    } else {
        english
    }
}

pub(crate) fn document(italian: bool, title: &str, body: &str) -> String {
    document_for(
        italian,
        title,
        tr(italian, "simulated sign-in", "accesso simulato"),
        body,
    )
}

/// A page of the simulated Microsoft site `site` (e.g. "simulated sign-in").
pub(crate) fn document_for(italian: bool, title: &str, site: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Segoe UI", system-ui, sans-serif; background: #f2f2f2; margin: 0; }}
main {{ max-width: 440px; margin: 48px auto; background: #fff; padding: 44px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }}
h1 {{ font-size: 24px; font-weight: 600; margin: 8px 0 16px; }}
.brand {{ font-size: 15px; color: #5e5e5e; }}
.identity {{ font-size: 15px; margin-bottom: 8px; }}
input[type=text], input[type=password], input[type=email] {{ width: 100%; box-sizing: border-box; font-size: 15px; padding: 6px 0; border: 0; border-bottom: 1px solid #666; margin: 8px 0 16px; }}
button {{ font-size: 15px; padding: 6px 20px; border: 0; background: #0067b8; color: #fff; cursor: pointer; }}
button.link {{ background: none; color: #0067b8; padding: 0; text-align: left; }}
.error {{ color: #e81123; margin: 8px 0; }}
.options button {{ display: block; width: 100%; background: none; color: #1b1b1b; border-top: 1px solid #e6e6e6; padding: 12px 0; text-align: left; }}
.sim {{ margin-top: 24px; padding: 12px; border: 2px dashed #8a6d00; background: #fff8e1; font-size: 14px; }}
.sim strong {{ display: block; margin-bottom: 6px; }}
.number {{ font-size: 40px; font-weight: 600; }}
.details {{ font-size: 12px; color: #5e5e5e; margin-top: 24px; }}
.done {{ color: #107c10; margin: 8px 0; }}
table.methods {{ width: 100%; border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }}
table.methods td {{ border-top: 1px solid #e6e6e6; padding: 8px 4px; vertical-align: top; }}
fieldset {{ border: 1px solid #e6e6e6; margin: 12px 0; padding: 8px 12px; }}
select {{ font-size: 15px; margin: 4px 0 12px; }}
</style>
</head>
<body><main>
<div class="brand">Microsoft · {simulated}</div>
{body}
</main></body>
</html>
"#,
        lang = if italian { "it" } else { "en" },
        title = escape(title),
        simulated = escape(site),
        body = body
    )
}

fn form(flow_id: &str, inner: &str) -> String {
    format!(
        r#"<form method="post" action="/sim/signin/{id}">{inner}</form>"#,
        id = escape(flow_id)
    )
}

fn action_button(flow_id: &str, action: &str, label: &str, class: &str) -> String {
    form(
        flow_id,
        &format!(
            r#"<button type="submit" name="action" value="{action}" class="{class}">{label}</button>"#,
            label = escape(label)
        ),
    )
}

fn notice_text(italian: bool, notice: Notice) -> &'static str {
    match notice {
        Notice::UnknownAccount => tr(
            italian,
            "This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.",
            "Questo nome utente potrebbe non essere corretto. Verifica di averlo digitato correttamente. In caso contrario, contatta l'amministratore.",
        ),
        Notice::WrongPassword => tr(
            italian,
            "Your account or password is incorrect. If you don't remember your password, reset it now.",
            "L'account o la password non sono corretti. Se non ricordi la password, reimpostala ora.",
        ),
        Notice::WrongCode => tr(
            italian,
            "You didn't enter the expected verification code. Please try again.",
            "Il codice di verifica immesso non è quello previsto. Riprova.",
        ),
        Notice::DeviceNotApproved => tr(
            italian,
            "We didn't receive a response. Please try again.",
            "Non è stata ricevuta alcuna risposta. Riprova.",
        ),
        Notice::BadUserCode => tr(
            italian,
            "That code didn't work. Check the code and try again.",
            "Il codice non ha funzionato. Controlla il codice e riprova.",
        ),
    }
}

/// `text (device)`: with an old and a new phone, the person sees which Authenticator each option reaches.
fn with_device(text: &str, device: &str) -> String {
    if device.is_empty() {
        text.to_string()
    } else {
        format!("{text} ({device})")
    }
}

/// The label of one option under "Sign in another way".
fn option_label(italian: bool, channel: Channel, label: &str) -> String {
    match channel {
        Channel::AuthenticatorPush => with_device(
            tr(
                italian,
                "Approve a request on my Microsoft Authenticator app",
                "Approva una richiesta nell'app Microsoft Authenticator",
            ),
            label,
        ),
        Channel::AuthenticatorCode => with_device(
            tr(
                italian,
                "Use a verification code",
                "Usa un codice di verifica",
            ),
            label,
        ),
        Channel::SoftwareOath => tr(
            italian,
            "Use a verification code",
            "Usa un codice di verifica",
        )
        .to_string(),
        Channel::HardwareOath => tr(
            italian,
            "Use a verification code from my hardware token",
            "Usa un codice di verifica del token hardware",
        )
        .to_string(),
        Channel::Sms => format!("{} {label}", tr(italian, "Text", "Invia SMS al numero")),
        Channel::Voice => format!("{} {label}", tr(italian, "Call", "Chiama il numero")),
        Channel::SecurityKey => format!(
            "{} ({label})",
            tr(
                italian,
                "Face, fingerprint, PIN or security key",
                "Volto, impronta digitale, PIN o chiave di sicurezza"
            )
        ),
        Channel::WindowsHello => format!("Windows Hello ({label})"),
        Channel::PlatformCredential => format!("Platform Credential ({label})"),
        Channel::TemporaryAccessPass => "Temporary Access Pass".to_string(),
        Channel::External => format!("{} {label}", tr(italian, "Approve with", "Approva con")),
    }
}

impl Sim {
    /// The page for a flow's current step.
    pub(crate) fn render_flow(&self, state: &State, flow_id: &str) -> String {
        let Some(flow) = state.flows.get(flow_id) else {
            return self.render_message(
                false,
                "Sign in",
                "This sign-in page has expired. Go back to the application and start again.",
            );
        };
        let italian = flow.italian;
        let mut body = String::new();
        let app = escape(&self.settings.application_name);
        if let Some(name) = &flow.sign_in_name {
            if !matches!(
                flow.step,
                Step::Username | Step::DeviceCodeEntry | Step::DeviceConfirm
            ) {
                body.push_str(&format!(r#"<div class="identity">{}</div>"#, escape(name)));
            }
        }
        let title: String;
        match &flow.step {
            Step::DeviceCodeEntry => {
                title = tr(italian, "Enter code", "Immetti il codice").to_string();
                body.push_str(&format!(
                    "<h1>{title}</h1><p>{}</p>",
                    tr(
                        italian,
                        "Enter the code displayed on your app or device.",
                        "Immetti il codice visualizzato nell'app o nel dispositivo."
                    )
                ));
                body.push_str(&self.notice_html(flow));
                body.push_str(&form(
                    flow_id,
                    &format!(
                        r#"<input type="text" name="value" aria-label="code" autofocus><button type="submit" name="action" value="user_code">{}</button>"#,
                        tr(italian, "Next", "Avanti")
                    ),
                ));
            }
            Step::DeviceConfirm => {
                title = format!(
                    "{} {app}?",
                    tr(
                        italian,
                        "Are you trying to sign in to",
                        "Stai tentando di accedere a"
                    )
                );
                body.push_str(&format!(
                    "<h1>{title}</h1><p>{}</p>",
                    tr(
                        italian,
                        "Only continue if you downloaded the app from a store or website that you trust.",
                        "Continua solo se hai scaricato l'app da uno store o da un sito web attendibile."
                    )
                ));
                body.push_str(&action_button(
                    flow_id,
                    "device_continue",
                    tr(italian, "Continue", "Continua"),
                    "",
                ));
                body.push_str(&action_button(
                    flow_id,
                    "device_cancel",
                    tr(italian, "Cancel", "Annulla"),
                    "link",
                ));
            }
            Step::Username => {
                title = tr(italian, "Sign in", "Accedi").to_string();
                body.push_str(&format!("<h1>{title}</h1>"));
                body.push_str(&self.notice_html(flow));
                let hint = match &flow.purpose {
                    FlowPurpose::Authorize(request) => {
                        request.login_hint.clone().unwrap_or_default()
                    }
                    FlowPurpose::Device(_) | FlowPurpose::SecurityInfo => String::new(),
                };
                body.push_str(&form(
                    flow_id,
                    &format!(
                        r#"<input type="email" name="value" value="{}" placeholder="{}" aria-label="username" autofocus><button type="submit" name="action" value="username">{}</button> <button type="submit" name="action" value="cancel" class="link">{}</button>"#,
                        escape(&hint),
                        tr(italian, "Email, phone, or Skype", "Posta elettronica, telefono o Skype"),
                        tr(italian, "Next", "Avanti"),
                        tr(italian, "Back", "Indietro"),
                    ),
                ));
            }
            Step::Password => {
                title = tr(italian, "Enter password", "Immetti la password").to_string();
                body.push_str(&format!("<h1>{title}</h1>"));
                body.push_str(&self.notice_html(flow));
                body.push_str(&form(
                    flow_id,
                    &format!(
                        r#"<input type="password" name="value" placeholder="{}" aria-label="password" autofocus><button type="submit" name="action" value="password">{}</button>"#,
                        tr(italian, "Password", "Password"),
                        tr(italian, "Sign in", "Accedi")
                    ),
                ));
                let practice_password = flow
                    .account
                    .filter(|_| self.settings.show_passwords)
                    .and_then(|account| crate::signin::expected_password(state, account));
                if let Some(password) = practice_password {
                    body.push_str(&format!(
                        r#"<div class="sim"><strong>Simulator</strong>{} <code>{}</code></div>"#,
                        tr(
                            italian,
                            "Practice account, invented password:",
                            "Account di prova, password inventata:"
                        ),
                        escape(&password)
                    ));
                }
            }
            Step::Challenge(index) => {
                title = tr(italian, "Verify your identity", "Verifica la tua identità").to_string();
                body.push_str(&self.challenge_html(state, flow, flow_id, *index));
            }
            Step::OtherWays => {
                title = tr(italian, "Verify your identity", "Verifica la tua identità").to_string();
                body.push_str(&format!("<h1>{title}</h1><div class=\"options\">"));
                if let Some(account) = flow.account {
                    let methods = &state.accounts[account].user.methods;
                    for (index, option) in flow.options.iter().enumerate() {
                        let label = option_label(
                            italian,
                            option.channel,
                            &methods[option.method_index].label(),
                        );
                        body.push_str(&form(
                            flow_id,
                            &format!(
                                r#"<input type="hidden" name="value" value="{index}"><button type="submit" name="action" value="choose">{}</button>"#,
                                escape(&label)
                            ),
                        ));
                    }
                }
                body.push_str("</div>");
                body.push_str(&action_button(
                    flow_id,
                    "cant_use_any",
                    tr(
                        italian,
                        "I can't use any of these",
                        "Non posso usare nessuno di questi metodi",
                    ),
                    "link",
                ));
            }
            Step::CantUseAny => {
                title = tr(italian, "Verify your identity", "Verifica la tua identità").to_string();
                body.push_str(&format!(
                    "<h1>{title}</h1><p>{}</p><p>{}</p>",
                    tr(
                        italian,
                        "You can't sign in right now without one of your verification methods.",
                        "Non puoi accedere in questo momento senza uno dei tuoi metodi di verifica."
                    ),
                    tr(
                        italian,
                        "Contact your administrator or helpdesk: they can reset your security info or give you a Temporary Access Pass.",
                        "Contatta l'amministratore o l'helpdesk: può reimpostare le informazioni di sicurezza o fornirti un Temporary Access Pass."
                    )
                ));
                body.push_str(&action_button(
                    flow_id,
                    "other_ways",
                    tr(italian, "Sign in another way", "Accedi in un altro modo"),
                    "link",
                ));
                body.push_str(&self.details_html(italian, 50074));
            }
            Step::NeedsRegistration => {
                title = tr(
                    italian,
                    "More information required",
                    "Sono necessarie altre informazioni",
                )
                .to_string();
                let security_info = flow
                    .tenant
                    .map(|tenant| self.security_info_url(&state.tenants[tenant].id, italian))
                    .unwrap_or_default();
                body.push_str(&format!(
                    "<h1>{title}</h1><p>{}</p><div class=\"sim\"><strong>Simulator</strong>{} <a href=\"{}\">{}</a></div>",
                    tr(
                        italian,
                        "Your organization needs more information to keep your account secure.",
                        "L'organizzazione richiede altre informazioni per proteggere l'account."
                    ),
                    tr(
                        italian,
                        "This sign-in ends here. A method is registered on the Security info page, then the sign-in starts again:",
                        "L'accesso si ferma qui. Un metodo si registra nella pagina Informazioni di sicurezza, poi si ricomincia l'accesso:"
                    ),
                    escape(&security_info),
                    tr(italian, "Security info", "Informazioni di sicurezza")
                ));
            }
            Step::ConsentRequired(missing) => {
                title = tr(
                    italian,
                    "Need admin approval",
                    "È necessaria l'approvazione dell'amministratore",
                )
                .to_string();
                body.push_str(&format!(
                    "<h1>{title}</h1><p>{app} {}</p><ul>{}</ul>",
                    tr(
                        italian,
                        "needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.",
                        "richiede l'autorizzazione per accedere a risorse dell'organizzazione che solo un amministratore può concedere. Chiedi a un amministratore di concedere l'autorizzazione a questa app prima di usarla."
                    ),
                    missing.iter().map(|scope| format!("<li>{}</li>", escape(scope))).collect::<String>()
                ));
                if matches!(flow.purpose, FlowPurpose::Authorize(_)) {
                    body.push_str(&action_button(
                        flow_id,
                        "return_without_consent",
                        tr(
                            italian,
                            "Return to the application without granting consent",
                            "Torna all'applicazione senza concedere il consenso",
                        ),
                        "link",
                    ));
                }
            }
            Step::DeviceSignedIn => {
                title = app.clone();
                body.push_str(&format!(
                    "<h1>{app}</h1><p>{} {app} {}</p>",
                    tr(
                        italian,
                        "You have signed in to the",
                        "Hai eseguito l'accesso all'applicazione"
                    ),
                    tr(
                        italian,
                        "application on your device. You may now close this window.",
                        "nel dispositivo. Ora puoi chiudere questa finestra."
                    )
                ));
            }
            Step::DeviceDeclined => {
                title = app.clone();
                body.push_str(&format!(
                    "<h1>{app}</h1><p>{}</p>",
                    tr(
                        italian,
                        "You didn't sign in to the application. You may now close this window.",
                        "Non hai eseguito l'accesso all'applicazione. Ora puoi chiudere questa finestra."
                    )
                ));
            }
        }
        document(italian, &title, &body)
    }

    fn notice_html(&self, flow: &Flow) -> String {
        flow.notice
            .map(|notice| {
                format!(
                    r#"<div class="error" role="alert">{}</div>"#,
                    escape(notice_text(flow.italian, notice))
                )
            })
            .unwrap_or_default()
    }

    fn details_html(&self, italian: bool, code: u32) -> String {
        format!(
            r#"<div class="details">{}<br>Error Code: {code}<br>Request Id: {}<br>Correlation Id: {}<br>Timestamp: {}</div>"#,
            tr(
                italian,
                "Troubleshooting details",
                "Dettagli per la risoluzione dei problemi"
            ),
            crate::ids::new_guid(),
            crate::ids::new_guid(),
            crate::clock::graph_datetime(self.now())
        )
    }

    fn challenge_html(&self, state: &State, flow: &Flow, flow_id: &str, index: usize) -> String {
        let italian = flow.italian;
        let (Some(account), Some(option)) = (flow.account, flow.options.get(index)) else {
            return String::new();
        };
        let method = &state.accounts[account].user.methods[option.method_index];
        let label = escape(&method.label());
        let mut html = String::new();
        let (heading, text) = match option.channel {
            Channel::AuthenticatorPush => (
                tr(italian, "Approve sign in request", "Approva la richiesta di accesso"),
                tr(
                    italian,
                    "Open your Authenticator app, and enter the number shown to sign in.",
                    "Apri l'app Authenticator e immetti il numero visualizzato per accedere.",
                ),
            ),
            Channel::Sms => (
                tr(italian, "Enter code", "Immetti il codice"),
                tr(italian, "We texted your phone", "È stato inviato un SMS al telefono"),
            ),
            Channel::Voice => (
                tr(italian, "Approve sign in request", "Approva la richiesta di accesso"),
                tr(
                    italian,
                    "We're calling your phone. Please answer it to continue.",
                    "È in corso una chiamata al telefono. Rispondi per continuare.",
                ),
            ),
            Channel::AuthenticatorCode | Channel::SoftwareOath | Channel::HardwareOath => (
                tr(italian, "Enter code", "Immetti il codice"),
                tr(
                    italian,
                    "Enter the code displayed in the authenticator app on your mobile device",
                    "Immetti il codice visualizzato nell'app di autenticazione sul dispositivo mobile",
                ),
            ),
            Channel::TemporaryAccessPass => (
                tr(italian, "Enter Temporary Access Pass", "Immetti il Temporary Access Pass"),
                tr(
                    italian,
                    "Enter the Temporary Access Pass your administrator gave you.",
                    "Immetti il Temporary Access Pass fornito dall'amministratore.",
                ),
            ),
            Channel::SecurityKey | Channel::WindowsHello | Channel::PlatformCredential | Channel::External => (
                tr(italian, "Verify your identity", "Verifica la tua identità"),
                tr(
                    italian,
                    "Follow the prompts of your device or key to continue.",
                    "Segui le istruzioni del dispositivo o della chiave per continuare.",
                ),
            ),
        };
        html.push_str(&format!("<h1>{heading}</h1><p>{text}"));
        if matches!(option.channel, Channel::Sms | Channel::Voice) {
            html.push_str(&format!(" {label}"));
        }
        html.push_str("</p>");
        if option.channel == Channel::AuthenticatorPush {
            html.push_str(&format!(
                r#"<div class="number">{}</div>"#,
                escape(option.code.as_deref().unwrap_or_default())
            ));
        }
        html.push_str(&self.notice_html(flow));
        if option.channel.takes_code() {
            html.push_str(&form(
                flow_id,
                &format!(
                    r#"<input type="text" name="value" placeholder="{}" aria-label="code" autocomplete="one-time-code" autofocus><button type="submit" name="action" value="verify">{}</button>"#,
                    tr(italian, "Code", "Codice"),
                    tr(italian, "Verify", "Verifica")
                ),
            ));
        }
        if option.channel == Channel::AuthenticatorPush {
            html.push_str(&action_button(
                flow_id,
                "cant_use_app",
                tr(
                    italian,
                    "I can't use my Microsoft Authenticator app right now",
                    "Non posso usare l'app Microsoft Authenticator in questo momento",
                ),
                "link",
            ));
        }
        html.push_str(&action_button(
            flow_id,
            "other_ways",
            tr(italian, "Sign in another way", "Accedi in un altro modo"),
            "link",
        ));
        // The simulated device: only a method still in the person's hands shows its code or can approve.
        if method.in_hand {
            let device = if label.is_empty() {
                method.short_type().to_string()
            } else {
                label.clone()
            };
            html.push_str(&format!(
                r#"<div class="sim"><strong>Simulator · {device}</strong>"#
            ));
            match option.channel {
                Channel::TemporaryAccessPass => {
                    html.push_str(tr(
                        italian,
                        "Type the pass your administrator created.",
                        "Digita il pass creato dall'amministratore.",
                    ));
                    // Practice: the pass the IT desk "sent", as the password page shows the password.
                    if let Some(pass) = method
                        .secret
                        .as_ref()
                        .filter(|_| self.settings.show_passwords)
                    {
                        html.push_str(&format!(
                            " {} <code>{}</code> (<a href=\"/sim/it-desk{}\">{}</a>)",
                            tr(italian, "Practice pass:", "Pass di prova:"),
                            escape(pass.expose()),
                            if italian { "?lang=it" } else { "" },
                            tr(italian, "your IT desk", "il tuo supporto IT"),
                        ));
                    }
                }
                channel if channel.takes_code() => html.push_str(&format!(
                    "{} <code>{}</code>",
                    tr(
                        italian,
                        "The code on this device is",
                        "Il codice su questo dispositivo è"
                    ),
                    escape(option.code.as_deref().unwrap_or_default())
                )),
                _ => html.push_str(&action_button(
                    flow_id,
                    "approve",
                    tr(
                        italian,
                        "Approve on this device",
                        "Approva su questo dispositivo",
                    ),
                    "",
                )),
            }
            html.push_str("</div>");
        } else {
            html.push_str(&format!(
                r#"<div class="sim"><strong>Simulator</strong>{}</div>"#,
                tr(
                    italian,
                    "This device is no longer in the person's hands: nobody can answer this prompt.",
                    "Questo dispositivo non è più in mano alla persona: nessuno può rispondere a questa richiesta.",
                )
            ));
        }
        html
    }

    pub(crate) fn render_message(&self, italian: bool, title: &str, message: &str) -> String {
        document(
            italian,
            title,
            &format!("<h1>{}</h1><p>{}</p>", escape(title), escape(message)),
        )
    }

    /// Entra's browser error page (bad client, bad redirect URI, unknown tenant): no redirect to the client.
    pub(crate) fn render_error_page(&self, italian: bool, code: u32, text: &str) -> String {
        let title = tr(italian, "Sign in", "Accedi");
        let body = format!(
            "<h1>{}</h1><p>AADSTS{code}: {}</p>{}",
            tr(
                italian,
                "Sorry, but we're having trouble signing you in.",
                "Si è verificato un problema durante l'accesso."
            ),
            escape(text),
            self.details_html(italian, code)
        );
        document(italian, title, &body)
    }

    /// The page that posts a `form_post` response to the client.
    pub(crate) fn render_form_post(&self, action: &str, fields: &[(String, String)]) -> String {
        let inputs: String = fields
            .iter()
            .map(|(name, value)| {
                format!(
                    r#"<input type="hidden" name="{}" value="{}">"#,
                    escape(name),
                    escape(value)
                )
            })
            .collect();
        format!(
            r#"<!DOCTYPE html><html><head><title>Working...</title></head><body onload="document.forms[0].submit()"><form method="POST" action="{}">{inputs}<noscript><button type="submit">Continue</button></noscript></form></body></html>"#,
            escape(action)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
