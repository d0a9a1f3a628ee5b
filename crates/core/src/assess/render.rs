//! Words for verdicts, grades, reasons, evidence and steps, in Italian and English. One wording for the CLI, the
//! desktop and the tickets.

use serde::Serialize;
use time::OffsetDateTime;

use super::model::*;
use crate::evidence::SignInOutcome;
use crate::lang::{pick, Noun};
use crate::Lang;

/// A date and time as people read it: `2026-09-14 08:00 UTC`.
pub fn format_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("“{name}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Verdict {
    /// One sentence saying what the verdict means for the person.
    pub fn headline(self, lang: Lang) -> String {
        match self {
            Verdict::SelfService => pick(
                lang,
                "Molto probabilmente puoi recuperare questo account da solo.",
                "You can most likely recover this account yourself.",
            ),
            Verdict::NeedsIt => pick(
                lang,
                "Serve l'IT dell'organizzazione: con ciò che hai ancora non puoi superare la seconda verifica.",
                "Your organisation's IT must act: nothing you still have can pass the second sign-in step.",
            ),
            Verdict::NotRegistered => pick(
                lang,
                "Nessun metodo per la seconda verifica è registrato: al prossimo accesso ti verrà chiesto di configurarne uno.",
                "No method for the second step is registered: the next sign-in will ask you to set one up.",
            ),
            Verdict::Unknown => pick(
                lang,
                "Non si sa ancora: Lifeboat non ha l'elenco dei metodi né un accesso che decida.",
                "Not known yet: Lifeboat has neither the list of methods nor a sign-in that decides it.",
            ),
        }
    }
}

impl Assessment {
    /// One sentence saying what the verdict means for the person. When IT must act for a reason other than the
    /// second step (a blocking policy, a disabled account, registration blocked), it names that reason: saying
    /// "nothing you still have can pass the second step" there would send the person looking for a method.
    pub fn headline(&self, lang: Lang) -> String {
        match (self.verdict, self.it_reason) {
            (Verdict::NeedsIt, Some(ItReason::PolicyBlocksSignIn)) => pick(
                lang,
                "Serve l'IT dell'organizzazione: un criterio di accesso blocca questo accesso, qualunque metodo tu usi.",
                "Your organisation's IT must act: an access policy blocks this sign-in, whatever method you use.",
            ),
            (Verdict::NeedsIt, Some(ItReason::AccountDisabled)) => pick(
                lang,
                "Serve l'IT dell'organizzazione: l'account è disattivato o bloccato.",
                "Your organisation's IT must act: the account is disabled or locked.",
            ),
            (Verdict::NeedsIt, Some(ItReason::RegistrationBlocked)) => pick(
                lang,
                "Serve l'IT dell'organizzazione: da qui non ti lascia registrare un nuovo metodo per la seconda verifica.",
                "Your organisation's IT must act: it does not let you register a new second-step method from here.",
            ),
            (verdict, _) => verdict.headline(lang),
        }
    }
}

impl Grade {
    /// What the grade means.
    pub fn meaning(self, lang: Lang) -> String {
        match self {
            Grade::A => pick(
                lang,
                "almeno due modi indipendenti per entrare, di cui uno resistente al phishing",
                "two or more independent ways in, at least one of them phishing-resistant",
            ),
            Grade::B => pick(
                lang,
                "almeno due modi indipendenti per entrare",
                "two or more independent ways in",
            ),
            Grade::C => pick(
                lang,
                "più metodi, ma tutti legati allo stesso dispositivo o alla stessa linea",
                "several methods, all tied to the same device or line",
            ),
            Grade::D => pick(lang, "un solo metodo", "a single method"),
            Grade::F => pick(lang, "nessun metodo utilizzabile", "no usable method"),
        }
    }
}

impl MethodRef {
    /// How the person recognises the method: "Microsoft Authenticator on “Sandeep’s iPhone”".
    pub fn describe(&self, lang: Lang) -> String {
        let label = self.label.as_deref().unwrap_or_default();
        let named =
            |it: &str, en: &str, it_unnamed: &str, en_unnamed: &str| match (lang, label.is_empty())
            {
                (Lang::It, false) => it.replace("{}", label),
                (Lang::En, false) => en.replace("{}", label),
                (Lang::It, true) => it_unnamed.to_owned(),
                (Lang::En, true) => en_unnamed.to_owned(),
            };
        match self.kind {
            MethodKind::Password => pick(lang, "password", "password"),
            MethodKind::Email => named(
                "indirizzo email {}",
                "email address {}",
                "indirizzo email",
                "email address",
            ),
            MethodKind::QrCodePin => pick(lang, "codice QR e PIN", "QR code and PIN"),
            MethodKind::AuthenticatorApp => named(
                "Microsoft Authenticator su “{}”",
                "Microsoft Authenticator on “{}”",
                "Microsoft Authenticator (dispositivo senza nome)",
                "Microsoft Authenticator (unnamed device)",
            ),
            MethodKind::PasswordlessAuthenticator => named(
                "accesso senza password con Authenticator su “{}”",
                "passwordless sign-in with Authenticator on “{}”",
                "accesso senza password con Authenticator",
                "passwordless sign-in with Authenticator",
            ),
            MethodKind::AuthenticatorPasskey => named(
                "passkey in Microsoft Authenticator (“{}”)",
                "passkey in Microsoft Authenticator (“{}”)",
                "passkey in Microsoft Authenticator",
                "passkey in Microsoft Authenticator",
            ),
            MethodKind::SecurityKey => named(
                "chiave di sicurezza “{}”",
                "security key “{}”",
                "chiave di sicurezza",
                "security key",
            ),
            MethodKind::WindowsPasskey => named(
                "passkey di Windows Hello su “{}”",
                "Windows Hello passkey on “{}”",
                "passkey di Windows Hello",
                "Windows Hello passkey",
            ),
            MethodKind::SyncedPasskey => named(
                "passkey sincronizzata “{}”",
                "synced passkey “{}”",
                "passkey sincronizzata",
                "synced passkey",
            ),
            MethodKind::WindowsHello => named(
                "Windows Hello for Business su “{}”",
                "Windows Hello for Business on “{}”",
                "Windows Hello for Business",
                "Windows Hello for Business",
            ),
            MethodKind::PlatformCredential => named(
                "Platform Credential sul Mac “{}”",
                "Platform Credential on the Mac “{}”",
                "Platform Credential per macOS",
                "Platform Credential for macOS",
            ),
            MethodKind::MobilePhone => named(
                "cellulare che termina con {}",
                "mobile phone ending {}",
                "cellulare",
                "mobile phone",
            ),
            MethodKind::AlternateMobilePhone => named(
                "cellulare alternativo che termina con {}",
                "alternate mobile phone ending {}",
                "cellulare alternativo",
                "alternate mobile phone",
            ),
            MethodKind::OfficePhone => named(
                "telefono dell'ufficio che termina con {}",
                "office phone ending {}",
                "telefono dell'ufficio",
                "office phone",
            ),
            MethodKind::OtherPhone => named(
                "telefono che termina con {}",
                "phone ending {}",
                "telefono",
                "phone",
            ),
            MethodKind::SoftwareOath => pick(
                lang,
                "app di codici monouso (OATH)",
                "one-time code app (OATH)",
            ),
            MethodKind::HardwareOath => named(
                "token hardware “{}”",
                "hardware token “{}”",
                "token hardware",
                "hardware token",
            ),
            MethodKind::TemporaryAccessPass => pick(
                lang,
                "Temporary Access Pass (pass di accesso temporaneo)",
                "Temporary Access Pass",
            ),
            MethodKind::External => named(
                "provider esterno “{}”",
                "external provider “{}”",
                "provider esterno",
                "external provider",
            ),
            MethodKind::Unrecognised => match lang {
                Lang::It => format!("metodo non riconosciuto ({})", self.graph_type),
                Lang::En => format!("unrecognised method ({})", self.graph_type),
            },
        }
    }
}

impl MethodRef {
    /// [`MethodRef::describe`] with the article a sentence needs: "the security key “Red key”",
    /// "la chiave di sicurezza “Red key”"; brand names stand alone.
    pub fn describe_in_sentence(&self, lang: Lang) -> String {
        let article = match (self.kind, lang) {
            (
                MethodKind::AuthenticatorApp
                | MethodKind::WindowsHello
                | MethodKind::PlatformCredential,
                _,
            ) => "",
            (_, Lang::En) => "the ",
            (
                MethodKind::Email
                | MethodKind::PasswordlessAuthenticator
                | MethodKind::SoftwareOath,
                Lang::It,
            ) => "l'",
            (
                MethodKind::Password
                | MethodKind::AuthenticatorPasskey
                | MethodKind::SecurityKey
                | MethodKind::WindowsPasskey
                | MethodKind::SyncedPasskey,
                Lang::It,
            ) => "la ",
            (_, Lang::It) => "il ",
        };
        format!("{article}{}", self.describe(lang))
    }
}

impl MethodNote {
    /// Why this method counts or not, in one sentence.
    pub fn render_reason(&self, lang: Lang) -> String {
        let kind = self.method.kind;
        let it = lang == Lang::It;
        match &self.reason {
            MethodReason::DeviceStillHeld => match kind {
                MethodKind::WindowsHello | MethodKind::PlatformCredential | MethodKind::WindowsPasskey => pick(
                    lang,
                    "probabilmente utilizzabile, ma solo accedendo da quel computer, che hai ancora.",
                    "likely usable, but only when signing in from that computer, which you still have.",
                ),
                MethodKind::SyncedPasskey => pick(
                    lang,
                    "probabilmente utilizzabile da un altro dispositivo collegato al servizio che sincronizza la passkey.",
                    "likely usable from another device signed in to the service that syncs the passkey.",
                ),
                _ => pick(
                    lang,
                    "probabilmente utilizzabile: il dispositivo su cui si trova non risulta perso.",
                    "likely usable: the device it lives on is not declared lost.",
                ),
            },
            MethodReason::PasskeyInAuthenticator { confirmed: true } => pick(
                lang,
                "probabilmente utilizzabile: hai confermato che si trova su un dispositivo che hai ancora.",
                "likely usable: you confirmed it lives on a device you still have.",
            ),
            MethodReason::PasskeyInAuthenticator { confirmed: false } => pick(
                lang,
                "probabilmente utilizzabile: nessun telefono con Authenticator è dichiarato perso.",
                "likely usable: no phone with Authenticator is declared lost.",
            ),
            MethodReason::NumberReachable => {
                let sms_end = pick(
                    lang,
                    " Dal 1° febbraio 2027 Microsoft smette di inviare SMS e chiamate, salvo che l'organizzazione usi un proprio fornitore.",
                    " Microsoft stops its own SMS and voice delivery on 1 February 2027 unless your organisation brings its own provider.",
                );
                let head = if kind == MethodKind::MobilePhone {
                    pick(
                        lang,
                        "probabilmente utilizzabile con SMS o chiamata, se il numero ti raggiunge ancora (se la SIM era nel telefono perso, l'operatore può dartene una sostitutiva).",
                        "likely usable by SMS or call if the number still reaches you (if its SIM was in the lost phone, your mobile operator can issue a replacement).",
                    )
                } else {
                    pick(
                        lang,
                        "probabilmente utilizzabile con una chiamata vocale, se quella linea ti raggiunge ancora.",
                        "likely usable by voice call if that line still reaches you.",
                    )
                };
                head + &sms_end
            }
            MethodReason::CodesOnHeldDevice => pick(
                lang,
                "probabilmente utilizzabile: hai confermato che i codici sono su un dispositivo che hai ancora.",
                "likely usable: you confirmed the codes live on a device you still have.",
            ),
            MethodReason::PassUsable { until } => match (until, it) {
                (Some(until), true) => format!(
                    "utilizzabile fino al {}: il pass emesso dall'IT serve proprio a entrare e registrare nuovi metodi.",
                    format_time(*until)
                ),
                (Some(until), false) => format!(
                    "usable until {}: the pass your IT issued exists to let you in and register new methods.",
                    format_time(*until)
                ),
                (None, _) => pick(
                    lang,
                    "utilizzabile: il pass emesso dall'IT serve proprio a entrare e registrare nuovi metodi.",
                    "usable: the pass your IT issued exists to let you in and register new methods.",
                ),
            },
            MethodReason::ExternalConfirmed => pick(
                lang,
                "probabilmente utilizzabile: hai confermato di poter completare la verifica di questo provider.",
                "likely usable: you confirmed you can complete this provider's check.",
            ),
            MethodReason::ProvenBySignIn { at } => match lang {
                Lang::It => format!(
                    "provato: hai confermato che ha superato la seconda verifica nell'accesso del {}.",
                    format_time(*at)
                ),
                Lang::En => format!(
                    "proven: you confirmed it passed the second step of the sign-in on {}.",
                    format_time(*at)
                ),
            },
            MethodReason::NotASecondStep => match kind {
                MethodKind::Password => pick(
                    lang,
                    "la password è solo il primo passo: non sostituisce mai la seconda verifica.",
                    "the password is the first step only; it never replaces the second.",
                ),
                MethodKind::Email => pick(
                    lang,
                    "l'email serve solo a reimpostare la password, mai come seconda verifica.",
                    "email only helps reset a password; it is never a second step.",
                ),
                MethodKind::QrCodePin => pick(
                    lang,
                    "codice QR e PIN valgono solo come primo passo.",
                    "a QR code and PIN are a first step only.",
                ),
                _ => pick(
                    lang,
                    "l'accesso senza password sostituisce la password, non la seconda verifica.",
                    "passwordless sign-in replaces the password, not the second step.",
                ),
            },
            MethodReason::OnLostDevice { device } => match lang {
                Lang::It => format!("si trova su “{device}”, che hai dichiarato perso."),
                Lang::En => format!("it lives on “{device}”, which you declared lost."),
            },
            MethodReason::PresumedOnLostPhone => pick(
                lang,
                "considerata sul telefono perso; se invece è in Authenticator su un dispositivo che hai ancora, dillo e conterà.",
                "treated as being on the lost phone; if it lives in Authenticator on a device you still have, say so and it will count.",
            ),
            MethodReason::MightBeLostDevice { declared } => match lang {
                Lang::It => format!(
                    "potrebbe essere {}, il dispositivo che hai dichiarato perso, con un altro nome; conferma di averlo ancora e conterà.",
                    quoted(declared)
                ),
                Lang::En => format!(
                    "it could be {}, the device you declared lost, under another name; confirm you still have it and it will count.",
                    quoted(declared)
                ),
            },
            MethodReason::NumberUnreachable => pick(
                lang,
                "hai dichiarato questo numero non raggiungibile.",
                "you declared this number unreachable.",
            ),
            MethodReason::UnknownPhone => pick(
                lang,
                "un telefono di un tipo che Lifeboat non conosce, o senza numero: non viene contato.",
                "a phone entry of a type Lifeboat does not know, or without a number: not counted.",
            ),
            MethodReason::CodesLocationUnknown => pick(
                lang,
                "Microsoft non dice su quale dispositivo sono i codici; contano quando confermi che è un dispositivo che hai ancora.",
                "Microsoft does not say which device holds the codes; they count once you confirm it is a device you still have.",
            ),
            MethodReason::TokenNotActivated { status } => match lang {
                Lang::It => format!("il token non è attivato (stato: {status})."),
                Lang::En => format!("the token is not activated (status: {status})."),
            },
            MethodReason::PassNotUsable { problem, at } => {
                let at = at.map(format_time);
                match (problem, at, it) {
                    (PassProblem::Expired, Some(at), true) => format!("il pass è scaduto il {at}."),
                    (PassProblem::Expired, Some(at), false) => format!("the pass expired on {at}."),
                    (PassProblem::Expired, None, _) => pick(lang, "il pass è scaduto.", "the pass has expired."),
                    (PassProblem::NotYetValid, Some(at), true) => format!("il pass non è ancora valido (lo sarà dal {at})."),
                    (PassProblem::NotYetValid, Some(at), false) => format!("the pass is not valid yet (it starts on {at})."),
                    (PassProblem::NotYetValid, None, _) => {
                        pick(lang, "il pass non è ancora valido.", "the pass is not valid yet.")
                    }
                    (PassProblem::AlreadyUsed, ..) => {
                        pick(lang, "il pass monouso è già stato usato.", "the one-time pass has already been used.")
                    }
                    (PassProblem::DisabledByPolicy, ..) => pick(
                        lang,
                        "i criteri dell'organizzazione disattivano i pass.",
                        "the organisation's policy disables passes.",
                    ),
                    (PassProblem::NotUsable, ..) => {
                        pick(lang, "Microsoft segnala il pass come non utilizzabile.", "Microsoft reports the pass as not usable.")
                    }
                }
            }
            MethodReason::ExternalUnconfirmed => pick(
                lang,
                "verifica di un provider esterno: conta quando confermi di poterla ancora completare.",
                "an external provider's check: it counts once you confirm you can still complete it.",
            ),
            MethodReason::Unrecognised => pick(
                lang,
                "un tipo di metodo che Lifeboat non conosce: non viene mai contato.",
                "a method type Lifeboat does not know: it is never counted.",
            ),
        }
    }
}

impl ItReason {
    fn render(self, lang: Lang) -> String {
        let ticket_it = " Lifeboat prepara la richiesta per questa organizzazione.";
        let ticket_en = " Lifeboat drafts the ticket for this organisation.";
        let ask_it = "Contatta l'IT dell'organizzazione e chiedi un Temporary Access Pass oppure di imporre una nuova registrazione dell'MFA (“Require re-register MFA”).";
        let ask_en = "Contact your organisation's IT and ask for a Temporary Access Pass or for “Require re-register MFA”.";
        let (it, en) = match self {
            ItReason::NoUsableMethod => (ask_it.to_owned(), ask_en.to_owned()),
            ItReason::SignInBlockedByMfa => (
                format!("L'accesso si è fermato alla seconda verifica. {ask_it}"),
                format!("The sign-in stopped at the second step. {ask_en}"),
            ),
            ItReason::RegistrationBlocked => (
                "L'organizzazione blocca la registrazione delle informazioni di sicurezza da qui (criteri di rischio o di posizione): contatta l'IT.".to_owned(),
                "Your organisation blocks registering security info from here (a risk or location policy): contact its IT.".to_owned(),
            ),
            ItReason::PolicyBlocksSignIn => (
                "Un criterio di accesso dell'organizzazione blocca questo accesso e un altro metodo non servirebbe: contatta l'IT.".to_owned(),
                "An access policy of your organisation blocks this sign-in, and another method would not help: contact its IT.".to_owned(),
            ),
            ItReason::AccountDisabled => (
                "L'account è disattivato o bloccato: solo l'IT dell'organizzazione può sbloccarlo.".to_owned(),
                "The account is disabled or locked: only your organisation's IT can unlock it.".to_owned(),
            ),
        };
        match lang {
            Lang::It => it + ticket_it,
            Lang::En => en + ticket_en,
        }
    }
}

impl Step {
    /// The step as one or two sentences.
    pub fn render(&self, lang: Lang) -> String {
        let it = lang == Lang::It;
        match self {
            Step::ReplaceSim { number_ending } => match lang {
                Lang::It => format!("Se la SIM del numero che termina con {number_ending} era nel telefono perso, chiedi prima all'operatore una SIM sostitutiva."),
                Lang::En => format!("If the SIM for the number ending {number_ending} was in the lost phone, first ask your mobile operator for a replacement SIM."),
            },
            Step::OpenSecurityInfo { url, tenant_known } => {
                let mut text = match lang {
                    Lang::It => format!("Apri {url} nel browser e accedi con questo account."),
                    Lang::En => format!("Open {url} in a browser and sign in with this account."),
                };
                if !tenant_known {
                    text += &pick(
                        lang,
                        " Se mostra un'altra organizzazione, passa a questa dal menu del profilo.",
                        " If it shows another organisation, switch to this one from your profile menu.",
                    );
                }
                text
            }
            Step::SignInWith { method } => {
                let name = method.describe_in_sentence(lang);
                match (method.kind, it) {
                    (MethodKind::TemporaryAccessPass, true) => "Quando richiesto, inserisci il Temporary Access Pass che ti ha dato l'IT.".to_owned(),
                    (MethodKind::TemporaryAccessPass, false) => "When asked, enter the Temporary Access Pass your IT gave you.".to_owned(),
                    (MethodKind::WindowsHello | MethodKind::PlatformCredential | MethodKind::WindowsPasskey, true) => {
                        format!("Fallo dal computer giusto: accedi da lì con {name}.")
                    }
                    (MethodKind::WindowsHello | MethodKind::PlatformCredential | MethodKind::WindowsPasskey, false) => {
                        format!("Do it from that computer: sign in there with {name}.")
                    }
                    (_, true) => format!("Alla seconda verifica scegli “Accedi in un altro modo” e usa {name}."),
                    (_, false) => format!("At the second step choose “Sign in another way” and use {name}."),
                }
            }
            Step::SignInAsBefore { method_label } => match (method_label, it) {
                (Some(label), true) => format!("Accedi come nell'accesso che hai confermato (con “{label}”)."),
                (Some(label), false) => format!("Sign in as you did in the sign-in you confirmed (with “{label}”)."),
                (None, _) => pick(lang, "Accedi come nell'accesso che hai confermato.", "Sign in as you did in the sign-in you confirmed."),
            },
            Step::DeleteLostRegistration { method } => match lang {
                Lang::It => format!("In Informazioni di sicurezza elimina {}: è su un dispositivo che non hai più.", method.describe_in_sentence(lang)),
                Lang::En => format!("In Security info, delete {}: it lives on a device you no longer have.", method.describe_in_sentence(lang)),
            },
            Step::AddAuthenticatorOnNewPhone => pick(
                lang,
                "Aggiungi Microsoft Authenticator sul nuovo telefono (“Aggiungi metodo di accesso” → Microsoft Authenticator).",
                "Add Microsoft Authenticator on your new phone (“Add sign-in method” → Microsoft Authenticator).",
            ),
            Step::AddPhishingResistantMethod => pick(
                lang,
                "Aggiungi una passkey o una chiave di sicurezza FIDO2: resiste al phishing e non dipende dal numero di telefono.",
                "Add a passkey or a FIDO2 security key: it resists phishing and does not depend on a phone number.",
            ),
            Step::AddMethodOnAnotherDevice => pick(
                lang,
                "Aggiungi un secondo metodo su un dispositivo diverso (una chiave di sicurezza, una passkey su un altro dispositivo, Authenticator su un secondo dispositivo), così perderne uno non ti chiude fuori.",
                "Add a second method on a different device (a security key, a passkey on another device, Authenticator on a second device), so losing one device no longer locks you out.",
            ),
            Step::MoveOffSmsAndVoice => pick(
                lang,
                "Restano solo SMS o chiamate: dal 1° febbraio 2027 Microsoft smette di inviarli salvo che l'organizzazione usi un proprio fornitore, quindi aggiungi presto un altro metodo.",
                "Only SMS or calls remain: Microsoft stops its own SMS and voice delivery on 1 February 2027 unless your organisation brings its own provider, so add another method soon.",
            ),
            Step::ConfirmCodesLocation => pick(
                lang,
                "Di' a Lifeboat se l'app dei codici monouso è su un dispositivo che hai ancora: in quel caso conta.",
                "Tell Lifeboat whether your one-time code app is on a device you still have: if so, it counts.",
            ),
            Step::ConfirmPasskeyLocation => pick(
                lang,
                "Di' a Lifeboat se la passkey in Microsoft Authenticator è su un dispositivo che hai ancora: in quel caso conta.",
                "Tell Lifeboat whether your passkey in Microsoft Authenticator is on a device you still have: if so, it counts.",
            ),
            Step::ConfirmExternalMethod { provider } => match (provider, it) {
                (Some(provider), true) => format!("Di' a Lifeboat se puoi ancora completare la verifica di “{provider}”: in quel caso conta."),
                (Some(provider), false) => format!("Tell Lifeboat whether you can still complete the check of “{provider}”: if so, it counts."),
                (None, _) => pick(
                    lang,
                    "Di' a Lifeboat se puoi ancora completare la verifica del provider esterno: in quel caso conta.",
                    "Tell Lifeboat whether you can still complete the external provider's check: if so, it counts.",
                ),
            },
            Step::ConfirmDevice { method, declared } => match lang {
                Lang::It => format!(
                    "{} è uno dei dispositivi che hai dichiarato persi ({})? Se lo hai ancora, dillo a Lifeboat e conterà.",
                    capitalise(&method.describe_in_sentence(lang)),
                    quoted(declared)
                ),
                Lang::En => format!(
                    "Is {} one of the devices you declared lost ({})? If you still have it, tell Lifeboat and it will count.",
                    method.describe_in_sentence(lang),
                    quoted(declared)
                ),
            },
            Step::ConfirmSecondStep => pick(
                lang,
                "Di' a Lifeboat se l'ultimo accesso ha chiesto una seconda verifica e con cosa l'hai superata.",
                "Tell Lifeboat whether your last sign-in asked for a second step and what you used to pass it.",
            ),
            Step::TryOtherMethodsFirst { methods } => {
                let list = methods.iter().map(|method| method.describe_in_sentence(lang)).collect::<Vec<_>>().join(", ");
                match lang {
                    Lang::It => format!("Prima di contattare l'IT: alla seconda verifica scegli “Accedi in un altro modo” e prova {list}."),
                    Lang::En => format!("Before contacting IT: at the second step choose “Sign in another way” and try {list}."),
                }
            }
            Step::AskIt { because } => because.render(lang),
            Step::AfterItActs => pick(
                lang,
                "Quando l'IT ha agito, accedi (con il pass, se te l'hanno dato), elimina il dispositivo perso in Informazioni di sicurezza, aggiungi Authenticator sul nuovo telefono e un secondo metodo su un altro dispositivo.",
                "Once IT has acted, sign in (with the pass, if you were given one), delete the lost device in Security info, add Authenticator on your new phone and a second method on another device.",
            ),
            Step::RegisterAtNextSignIn { url } => match lang {
                Lang::It => format!("Accedi all'account (o apri {url}): ti verrà chiesto di configurare le informazioni di sicurezza. Registra Microsoft Authenticator sul telefono e un secondo metodo su un altro dispositivo, come una passkey o una chiave di sicurezza."),
                Lang::En => format!("Sign in to the account (or open {url}): you will be asked to set up security info. Register Microsoft Authenticator on your phone and a second method on another device, such as a passkey or a security key."),
            },
            Step::CheckManually { url } => match lang {
                Lang::It => format!("Apri {url} (oppure, alla seconda verifica, l'elenco “Accedi in un altro modo”) e di' a Lifeboat quali metodi vedi."),
                Lang::En => format!("Open {url} (or, at the second step, the “Sign in another way” list) and tell Lifeboat which methods you see."),
            },
            Step::NoActionNeeded => pick(
                lang,
                "Niente da migliorare: questo account resiste alla perdita di un qualsiasi dispositivo.",
                "Nothing to improve: this account survives losing any one device.",
            ),
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl EvidenceNote {
    /// The evidence as one sentence.
    pub fn render(&self, lang: Lang) -> String {
        let decisive_text = |decisive: bool| {
            if decisive {
                pick(
                    lang,
                    " Il verdetto si basa su questo.",
                    " The verdict rests on it.",
                )
            } else {
                String::new()
            }
        };
        match self {
            EvidenceNote::SignIn { outcome, at, aadsts, second_step_confirmed, second_step_method, decisive } => {
                let what = sign_in_text(*outcome, *second_step_confirmed, second_step_method.as_deref(), lang);
                let code = aadsts.map(|code| format!(" (AADSTS{code})")).unwrap_or_default();
                match lang {
                    Lang::It => format!("Accesso del {}: {what}{code}.{}", format_time(*at), decisive_text(*decisive)),
                    Lang::En => format!("Sign-in on {}: {what}{code}.{}", format_time(*at), decisive_text(*decisive)),
                }
            }
            EvidenceNote::Inventory { source, read_at, methods, decisive } => {
                let at = format_time(*read_at);
                // One account with only the Authenticator app is common: "1 method", not "1 methods".
                let count = lang.count(*methods, Noun::Method);
                let text = match (source, lang) {
                    (InventorySource::Graph, Lang::It) => format!("Elenco dei metodi registrati letto da Microsoft Graph il {at} ({count})."),
                    (InventorySource::Graph, Lang::En) => format!("List of registered methods read from Microsoft Graph on {at} ({count})."),
                    (InventorySource::Manual, Lang::It) => format!("Elenco dei metodi che hai indicato il {at} ({count})."),
                    (InventorySource::Manual, Lang::En) => format!("List of methods you ticked on {at} ({count})."),
                    (InventorySource::LastKnown, Lang::It) => format!("Ultimo elenco noto dei metodi, del {at} ({count}): potrebbe non essere aggiornato."),
                    (InventorySource::LastKnown, Lang::En) => format!("Last known list of methods, from {at} ({count}): it may be out of date."),
                };
                text + &decisive_text(*decisive)
            }
            EvidenceNote::Declared {
                lost_devices,
                held_devices,
                unreachable_numbers,
                otp_on_held_device,
                authenticator_passkey_on_held_device,
                external_method_usable,
            } => {
                let mut parts = Vec::new();
                if !lost_devices.is_empty() {
                    parts.push(pick(lang, "persi: ", "lost: ") + &quoted(lost_devices));
                }
                if !held_devices.is_empty() {
                    parts.push(pick(lang, "ancora con te: ", "still held: ") + &quoted(held_devices));
                }
                if *unreachable_numbers > 0 {
                    parts.push(match lang {
                        Lang::It => format!("numeri non raggiungibili: {unreachable_numbers}"),
                        Lang::En => format!("unreachable numbers: {unreachable_numbers}"),
                    });
                }
                if *otp_on_held_device {
                    parts.push(pick(lang, "codici monouso su un dispositivo che hai ancora", "one-time codes on a device you still have"));
                }
                if *authenticator_passkey_on_held_device {
                    parts.push(pick(lang, "passkey di Authenticator su un dispositivo che hai ancora", "Authenticator passkey on a device you still have"));
                }
                if *external_method_usable {
                    parts.push(pick(lang, "provider esterno utilizzabile", "external provider usable"));
                }
                pick(lang, "Hai dichiarato: ", "You declared: ") + &parts.join("; ") + "."
            }
            EvidenceNote::UnmatchedLostDevices { names } => match lang {
                Lang::It => format!("Nessun metodo di questo account porta il nome {}: i metodi legati a un telefono che non hai confermato di avere non vengono contati.", quoted(names)),
                Lang::En => format!("No method of this account carries the name {}: phone-bound methods you have not confirmed you hold are not counted.", quoted(names)),
            },
            EvidenceNote::PolicyMayDisable => pick(
                lang,
                "Di solito un metodo registrato è consentito, ma i criteri dell'organizzazione possono disattivarlo: per questo “probabilmente”.",
                "A registered method is usually allowed, but the organisation's policy can switch one off: hence “likely”.",
            ),
            EvidenceNote::NothingKnown => {
                pick(lang, "Di questo account non si sa ancora nulla.", "Nothing is known about this account yet.")
            }
        }
    }
}

impl crate::evidence::SignInEvidence {
    /// How this sign-in ended, in words: shared by the CLI's progress lines, the desktop and the reports.
    pub fn describe(&self, lang: Lang) -> String {
        sign_in_text(
            self.outcome,
            self.second_step_confirmed,
            self.second_step_method.as_deref(),
            lang,
        )
    }
}

fn sign_in_text(
    outcome: SignInOutcome,
    confirmed: Option<bool>,
    method: Option<&str>,
    lang: Lang,
) -> String {
    let with = |it: &str, en: &str| match (method, lang) {
        (Some(method), Lang::It) => format!("{it} con “{method}”"),
        (Some(method), Lang::En) => format!("{en} with “{method}”"),
        (None, _) => pick(lang, it, en),
    };
    match outcome {
        SignInOutcome::Completed | SignInOutcome::ConsentMissing => {
            let head = if outcome == SignInOutcome::Completed {
                pick(lang, "completato", "completed")
            } else {
                pick(
                    lang,
                    "completato, ma l'organizzazione non consente di leggere i metodi",
                    "completed, but the organisation does not allow reading the methods",
                )
            };
            let tail = match confirmed {
                Some(true) => with(
                    ", e hai confermato che ha superato una seconda verifica",
                    ", and you confirmed it passed a second step",
                ),
                Some(false) => pick(
                    lang,
                    ", senza una seconda verifica con qualcosa che hai ancora",
                    ", without a second step using something you still have",
                ),
                None => pick(
                    lang,
                    ", ma non hai ancora detto se ha chiesto una seconda verifica",
                    ", but you have not said yet whether it asked for a second step",
                ),
            };
            head + &tail
        }
        SignInOutcome::BlockedByMfa => pick(
            lang,
            "fermo alla seconda verifica (MFA)",
            "stopped at the second step (MFA)",
        ),
        SignInOutcome::MustRegister => pick(
            lang,
            "ha chiesto di registrare le informazioni di sicurezza",
            "asked to register security info",
        ),
        SignInOutcome::RegistrationBlocked => pick(
            lang,
            "la registrazione delle informazioni di sicurezza è bloccata",
            "registering security info is blocked",
        ),
        SignInOutcome::BlockedByPolicy => pick(
            lang,
            "bloccato da un criterio di accesso",
            "blocked by an access policy",
        ),
        SignInOutcome::WrongAccountOrTenant => pick(
            lang,
            "account o organizzazione non trovati",
            "the account or the organisation was not found",
        ),
        SignInOutcome::PasswordProblem => pick(
            lang,
            "password errata o scaduta",
            "wrong or expired password",
        ),
        SignInOutcome::DisabledOrLocked => pick(
            lang,
            "account disattivato o bloccato",
            "account disabled or locked",
        ),
        SignInOutcome::Transient => pick(lang, "errore temporaneo", "a temporary error"),
        SignInOutcome::Skipped => pick(lang, "saltato", "skipped"),
    }
}

/// A method in a rendered report: the CLI's JSON shape (`{ "id", "type", "method", "reason" }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportedMethod {
    pub id: String,
    #[serde(rename = "type")]
    pub graph_type: String,
    /// How the person recognises it.
    pub method: String,
    pub reason: String,
}

/// An assessment in words, in the shape `lifeboat assess --format json` prints (issue 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssessmentReport {
    pub verdict: Verdict,
    pub grade: Option<Grade>,
    pub decided_by: Basis,
    pub headline: String,
    pub grade_meaning: Option<String>,
    pub usable: Vec<ReportedMethod>,
    pub not_counted: Vec<ReportedMethod>,
    pub evidence: Vec<String>,
    pub steps: Vec<String>,
}

impl Assessment {
    /// Everything in words, in one language.
    pub fn report(&self, lang: Lang) -> AssessmentReport {
        let methods = |notes: &[MethodNote]| -> Vec<ReportedMethod> {
            notes
                .iter()
                .map(|note| ReportedMethod {
                    id: note.method.id.clone(),
                    graph_type: note.method.graph_type.clone(),
                    method: note.method.describe(lang),
                    reason: note.render_reason(lang),
                })
                .collect()
        };
        AssessmentReport {
            verdict: self.verdict,
            grade: self.grade,
            decided_by: self.decided_by,
            headline: self.headline(lang),
            grade_meaning: self.grade.map(|grade| grade.meaning(lang)),
            usable: methods(&self.usable),
            not_counted: methods(&self.not_counted),
            evidence: self.evidence.iter().map(|note| note.render(lang)).collect(),
            steps: self.steps.iter().map(|step| step.render(lang)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_method_is_singular_in_both_languages() {
        let note = |methods| EvidenceNote::Inventory {
            source: InventorySource::Graph,
            read_at: time::macros::datetime!(2026-11-25 10:00 UTC),
            methods,
            decisive: false,
        };
        for (methods, lang, expected) in [
            (1, Lang::It, "(1 metodo)."),
            (1, Lang::En, "(1 method)."),
            (0, Lang::It, "(0 metodi)."),
            (0, Lang::En, "(0 methods)."),
            (4, Lang::It, "(4 metodi)."),
            (4, Lang::En, "(4 methods)."),
        ] {
            let text = note(methods).render(lang);
            assert!(text.ends_with(expected), "{lang} {methods}: {text}");
        }
    }
}
