# Words for verdicts, grades, reasons, evidence and steps (crates/core/src/assess/render.rs): one wording for
# the CLI, the desktop and the tickets. Dates ($at, $until) come as "2026-09-14 08:00 UTC"; $names and
# $devices as “Phone”, “Other phone”.

## Verdict headlines

assess-verdict-self-service = Molto probabilmente puoi recuperare questo account da solo.
assess-verdict-needs-it = Serve l'IT dell'organizzazione: con ciò che hai ancora non puoi superare la seconda verifica.
assess-verdict-not-registered = Nessun metodo per la seconda verifica è registrato: al prossimo accesso ti verrà chiesto di configurarne uno.
assess-verdict-unknown = Non si sa ancora: Lifeboat non ha l'elenco dei metodi né un accesso che decida.
assess-headline-policy-blocks = Serve l'IT dell'organizzazione: un criterio di accesso blocca questo accesso, qualunque metodo tu usi.
assess-headline-account-disabled = Serve l'IT dell'organizzazione: l'account è disattivato o bloccato.
assess-headline-registration-blocked = Serve l'IT dell'organizzazione: da qui non ti lascia registrare un nuovo metodo per la seconda verifica.

## Grades

assess-grade-a = almeno due modi indipendenti per entrare, di cui uno resistente al phishing
assess-grade-b = almeno due modi indipendenti per entrare
assess-grade-c = più metodi, ma tutti legati allo stesso dispositivo o alla stessa linea
assess-grade-d = un solo metodo
assess-grade-f = nessun metodo utilizzabile

## Methods as the person recognises them ($label: the device's name, a phone number's last digits, an address)

assess-method-password = password
assess-method-email = indirizzo email
assess-method-email-named = indirizzo email {$label}
assess-method-qr-code-pin = codice QR e PIN
assess-method-authenticator-app = Microsoft Authenticator (dispositivo senza nome)
assess-method-authenticator-app-named = Microsoft Authenticator su “{$label}”
assess-method-passwordless = accesso senza password con Authenticator
assess-method-passwordless-named = accesso senza password con Authenticator su “{$label}”
assess-method-authenticator-passkey = passkey in Microsoft Authenticator
assess-method-authenticator-passkey-named = passkey in Microsoft Authenticator (“{$label}”)
assess-method-security-key = chiave di sicurezza
assess-method-security-key-named = chiave di sicurezza “{$label}”
assess-method-windows-passkey = passkey di Windows Hello
assess-method-windows-passkey-named = passkey di Windows Hello su “{$label}”
assess-method-synced-passkey = passkey sincronizzata
assess-method-synced-passkey-named = passkey sincronizzata “{$label}”
assess-method-windows-hello = Windows Hello for Business
assess-method-windows-hello-named = Windows Hello for Business su “{$label}”
assess-method-platform-credential = Platform Credential per macOS
assess-method-platform-credential-named = Platform Credential sul Mac “{$label}”
assess-method-mobile-phone = cellulare
assess-method-mobile-phone-named = cellulare che termina con {$label}
assess-method-alternate-mobile-phone = cellulare alternativo
assess-method-alternate-mobile-phone-named = cellulare alternativo che termina con {$label}
assess-method-office-phone = telefono dell'ufficio
assess-method-office-phone-named = telefono dell'ufficio che termina con {$label}
assess-method-other-phone = telefono
assess-method-other-phone-named = telefono che termina con {$label}
assess-method-software-oath = app di codici monouso (OATH)
assess-method-hardware-oath = token hardware
assess-method-hardware-oath-named = token hardware “{$label}”
assess-method-temporary-access-pass = Temporary Access Pass (pass di accesso temporaneo)
assess-method-external = provider esterno
assess-method-external-named = provider esterno “{$label}”
# $type: Graph's @odata.type.
assess-method-unrecognised = metodo non riconosciuto ({$type})
# A method inside a sentence, with the article it needs ($kind: the method's kind; brand names stand alone).
assess-method-in-sentence = { $kind ->
    [authenticator_app] {$method}
    [windows_hello] {$method}
    [platform_credential] {$method}
    [email] l'{$method}
    [passwordless_authenticator] l'{$method}
    [software_oath] l'{$method}
    [password] la {$method}
    [authenticator_passkey] la {$method}
    [security_key] la {$method}
    [windows_passkey] la {$method}
    [synced_passkey] la {$method}
   *[other] il {$method}
}

## Why a method counts or not

assess-reason-held-computer = probabilmente utilizzabile, ma solo accedendo da quel computer, che hai ancora.
assess-reason-held-synced-passkey = probabilmente utilizzabile da un altro dispositivo collegato al servizio che sincronizza la passkey.
assess-reason-held-device = probabilmente utilizzabile: il dispositivo su cui si trova non risulta perso.
assess-reason-passkey-confirmed = probabilmente utilizzabile: hai confermato che si trova su un dispositivo che hai ancora.
assess-reason-passkey-no-phone-lost = probabilmente utilizzabile: nessun telefono con Authenticator è dichiarato perso.
-sms-ends = Dal 1° febbraio 2027 Microsoft smette di inviare SMS e chiamate, salvo che l'organizzazione usi un proprio fornitore.
assess-reason-number-reachable-mobile = probabilmente utilizzabile con SMS o chiamata, se il numero ti raggiunge ancora (se la SIM era nel telefono perso, l'operatore può dartene una sostitutiva). { -sms-ends }
assess-reason-number-reachable-voice = probabilmente utilizzabile con una chiamata vocale, se quella linea ti raggiunge ancora. { -sms-ends }
assess-reason-codes-on-held-device = probabilmente utilizzabile: hai confermato che i codici sono su un dispositivo che hai ancora.
assess-reason-codes-backed-up = probabilmente utilizzabile: i codici sono su un dispositivo che hai ancora e il backup cloud di Authenticator ne conserva una copia che sopravvive al telefono.
assess-reason-pass-usable-until = utilizzabile fino al {$until}: il pass emesso dall'IT serve proprio a entrare e registrare nuovi metodi.
assess-reason-pass-usable = utilizzabile: il pass emesso dall'IT serve proprio a entrare e registrare nuovi metodi.
assess-reason-external-confirmed = probabilmente utilizzabile: hai confermato di poter completare la verifica di questo provider.
assess-reason-proven-by-sign-in = provato: hai confermato che ha superato la seconda verifica nell'accesso del {$at}.
assess-reason-password-first-step = la password è solo il primo passo: non sostituisce mai la seconda verifica.
assess-reason-email-reset-only = l'email serve solo a reimpostare la password, mai come seconda verifica.
assess-reason-qr-code-first-step = codice QR e PIN valgono solo come primo passo.
assess-reason-passwordless-first-step = l'accesso senza password sostituisce la password, non la seconda verifica.
assess-reason-on-lost-device = si trova su “{$device}”, che hai dichiarato perso.
assess-reason-presumed-on-lost-phone = considerata sul telefono perso; se invece è in Authenticator su un dispositivo che hai ancora, dillo e conterà.
assess-reason-might-be-lost-device = potrebbe essere {$devices}, il dispositivo che hai dichiarato perso, con un altro nome; conferma di averlo ancora e conterà.
assess-reason-number-unreachable = hai dichiarato questo numero non raggiungibile.
assess-reason-number-not-current = hai detto che questo numero non è più tuo.
assess-reason-unknown-phone = un telefono di un tipo che Lifeboat non conosce, o senza numero: non viene contato.
assess-reason-codes-location-unknown = Microsoft non dice su quale dispositivo sono i codici; contano quando confermi che è un dispositivo che hai ancora.
# $status: Graph's status of the token.
assess-reason-token-not-activated = il token non è attivato (stato: {$status}).
assess-reason-pass-expired-on = il pass è scaduto il {$at}.
assess-reason-pass-expired = il pass è scaduto.
assess-reason-pass-not-yet-valid-from = il pass non è ancora valido (lo sarà dal {$at}).
assess-reason-pass-not-yet-valid = il pass non è ancora valido.
assess-reason-pass-already-used = il pass monouso è già stato usato.
assess-reason-pass-disabled-by-policy = i criteri dell'organizzazione disattivano i pass.
assess-reason-pass-not-usable = Microsoft segnala il pass come non utilizzabile.
assess-reason-external-unconfirmed = verifica di un provider esterno: conta quando confermi di poterla ancora completare.
assess-reason-unrecognised = un tipo di metodo che Lifeboat non conosce: non viene mai contato.

## Why IT must act: each ends by saying Lifeboat drafts the ticket

-ask-it = Contatta l'IT dell'organizzazione e chiedi un Temporary Access Pass oppure di imporre una nuova registrazione dell'MFA (“Require re-register MFA”).
-ticket-drafted = Lifeboat prepara la richiesta per questa organizzazione.
assess-it-no-usable-method = { -ask-it } { -ticket-drafted }
assess-it-sign-in-blocked-by-mfa = L'accesso si è fermato alla seconda verifica. { -ask-it } { -ticket-drafted }
assess-it-registration-blocked = L'organizzazione blocca la registrazione delle informazioni di sicurezza da qui (criteri di rischio o di posizione): contatta l'IT. { -ticket-drafted }
assess-it-policy-blocks-sign-in = Un criterio di accesso dell'organizzazione blocca questo accesso e un altro metodo non servirebbe: contatta l'IT. { -ticket-drafted }
assess-it-account-disabled = L'account è disattivato o bloccato: solo l'IT dell'organizzazione può sbloccarlo. { -ticket-drafted }

## Steps ($method: a method in a sentence, from assess-method-in-sentence; $url: a Microsoft page)

assess-step-replace-sim = Se la SIM del numero che termina con {$ending} era nel telefono perso, chiedi prima all'operatore una SIM sostitutiva.
assess-step-open-security-info = Apri {$url} nel browser e accedi con questo account.
assess-step-open-security-info-switch = Apri {$url} nel browser e accedi con questo account. Se mostra un'altra organizzazione, passa a questa dal menu del profilo.
assess-step-sign-in-with-pass = Quando richiesto, inserisci il Temporary Access Pass che ti ha dato l'IT.
assess-step-sign-in-from-computer = Fallo dal computer giusto: accedi da lì con {$method}.
assess-step-sign-in-with = Alla seconda verifica scegli “Accedi in un altro modo” e usa {$method}.
assess-step-sign-in-as-before-with = Accedi come nell'accesso che hai confermato (con “{$label}”).
assess-step-sign-in-as-before = Accedi come nell'accesso che hai confermato.
assess-step-delete-lost-registration = In Informazioni di sicurezza elimina {$method}: è su un dispositivo che non hai più.
assess-step-add-authenticator = Aggiungi Microsoft Authenticator sul nuovo telefono (“Aggiungi metodo di accesso” → Microsoft Authenticator).
assess-step-add-phishing-resistant = Aggiungi una passkey o una chiave di sicurezza FIDO2: resiste al phishing e non dipende dal numero di telefono.
assess-step-add-method-on-another-device = Aggiungi un secondo metodo su un dispositivo diverso (una chiave di sicurezza, una passkey su un altro dispositivo, Authenticator su un secondo dispositivo), così perderne uno non ti chiude fuori.
assess-step-move-off-sms-and-voice = Restano solo SMS o chiamate: dal 1° febbraio 2027 Microsoft smette di inviarli salvo che l'organizzazione usi un proprio fornitore, quindi aggiungi presto un altro metodo.
assess-step-update-phone-number = Il numero che termina con {$ending} non è più tuo: in Informazioni di sicurezza sostituiscilo con quello attuale (o eliminalo) finché puoi ancora accedere; una volta bloccato, solo l'IT potrà cambiarlo.
assess-step-confirm-codes-location = Di' a Lifeboat se l'app dei codici monouso è su un dispositivo che hai ancora: in quel caso conta.
assess-step-confirm-passkey-location = Di' a Lifeboat se la passkey in Microsoft Authenticator è su un dispositivo che hai ancora: in quel caso conta.
assess-step-confirm-external-provider = Di' a Lifeboat se puoi ancora completare la verifica di “{$provider}”: in quel caso conta.
assess-step-confirm-external = Di' a Lifeboat se puoi ancora completare la verifica del provider esterno: in quel caso conta.
# The sentence starts with the method: Lifeboat capitalises its first letter.
assess-step-confirm-device = {$method} è uno dei dispositivi che hai dichiarato persi ({$devices})? Se lo hai ancora, dillo a Lifeboat e conterà.
assess-step-confirm-second-step = Di' a Lifeboat se l'ultimo accesso ha chiesto una seconda verifica e con cosa l'hai superata.
# $methods: methods in a sentence, separated by commas.
assess-step-try-other-methods-first = Prima di contattare l'IT: alla seconda verifica scegli “Accedi in un altro modo” e prova {$methods}.
assess-step-after-it-acts = Quando l'IT ha agito, accedi (con il pass, se te l'hanno dato), elimina il dispositivo perso in Informazioni di sicurezza, aggiungi Authenticator sul nuovo telefono e un secondo metodo su un altro dispositivo.
assess-step-register-at-next-sign-in = Accedi all'account (o apri {$url}): ti verrà chiesto di configurare le informazioni di sicurezza. Registra Microsoft Authenticator sul telefono e un secondo metodo su un altro dispositivo, come una passkey o una chiave di sicurezza.
assess-step-check-manually = Apri {$url} (oppure, alla seconda verifica, l'elenco “Accedi in un altro modo”) e di' a Lifeboat quali metodi vedi.
assess-step-no-action-needed = Niente da migliorare: questo account resiste alla perdita di un qualsiasi dispositivo.

## Evidence ($what: assess-sign-in-*; $code: " (AADSTS50076)" or nothing; $methods: count-methods)

assess-evidence-decisive = Il verdetto si basa su questo.
assess-evidence-sign-in = Accesso del {$at}: {$what}{$code}.
assess-evidence-graph = Elenco dei metodi registrati letto da Microsoft Graph il {$at} ({$methods}).
assess-evidence-manual = Elenco dei metodi che hai indicato il {$at} ({$methods}).
assess-evidence-last-known = Ultimo elenco noto dei metodi, del {$at} ({$methods}): potrebbe non essere aggiornato.
# $parts: the assess-declared-* parts, separated by "; ".
assess-declared = Hai dichiarato: {$parts}.
assess-declared-lost = persi: {$devices}
assess-declared-held = ancora con te: {$devices}
assess-declared-unreachable = numeri non raggiungibili: {$count}
assess-declared-otp-on-held-device = codici monouso su un dispositivo che hai ancora
assess-declared-passkey-on-held-device = passkey di Authenticator su un dispositivo che hai ancora
assess-declared-external-usable = provider esterno utilizzabile
assess-evidence-unmatched-lost-devices = Nessun metodo di questo account porta il nome {$devices}: i metodi legati a un telefono che non hai confermato di avere non vengono contati.
assess-evidence-policy-may-disable = Di solito un metodo registrato è consentito, ma i criteri dell'organizzazione possono disattivarlo: per questo “probabilmente”.
assess-evidence-nothing-known = Di questo account non si sa ancora nulla.

## How a sign-in ended ($second_step: confirmed, confirmed_with ($method: what the person used), denied, unanswered)

assess-sign-in-completed = { $second_step ->
    [confirmed] completato, e hai confermato che ha superato una seconda verifica
    [confirmed_with] completato, e hai confermato che ha superato una seconda verifica con “{$method}”
    [denied] completato, senza una seconda verifica con qualcosa che hai ancora
   *[unanswered] completato, ma non hai ancora detto se ha chiesto una seconda verifica
}
assess-sign-in-consent-missing = { $second_step ->
    [confirmed] completato, ma l'organizzazione non consente di leggere i metodi, e hai confermato che ha superato una seconda verifica
    [confirmed_with] completato, ma l'organizzazione non consente di leggere i metodi, e hai confermato che ha superato una seconda verifica con “{$method}”
    [denied] completato, ma l'organizzazione non consente di leggere i metodi, senza una seconda verifica con qualcosa che hai ancora
   *[unanswered] completato, ma l'organizzazione non consente di leggere i metodi, ma non hai ancora detto se ha chiesto una seconda verifica
}
# A check row when the sign-in completed and the method list was read (the verdict rests on the list).
assess-sign-in-list-read = accesso riuscito, elenco dei metodi letto
assess-sign-in-blocked-by-mfa = fermo alla seconda verifica (MFA)
assess-sign-in-must-register = ha chiesto di registrare le informazioni di sicurezza
assess-sign-in-registration-blocked = la registrazione delle informazioni di sicurezza è bloccata
assess-sign-in-blocked-by-policy = bloccato da un criterio di accesso
assess-sign-in-wrong-account-or-tenant = account o organizzazione non trovati
assess-sign-in-password-problem = password errata o scaduta
assess-sign-in-disabled-or-locked = account disattivato o bloccato
assess-sign-in-transient = errore temporaneo
assess-sign-in-skipped = saltato
