# What went wrong around a check, in words a person understands (crates/core/src/problem/). Each sentence keeps
# the identifiers IT needs (HTTP status, Graph code, request-id, AADSTS code) and never a token.
# $reference: " (AADSTS50076)", " (errore “invalid_grant”)" or nothing, from problem-entra-aadsts/-error.

problem-entra-aadsts = (AADSTS{$code})
problem-entra-error = (errore “{$name}”)
# $duration: problem-duration.
problem-duration = { $unit ->
    [minutes] { $count ->
        [one] {$count} minuto
       *[other] {$count} minuti
    }
   *[seconds] { $count ->
        [one] {$count} secondo
       *[other] {$count} secondi
    }
}

## Problem: around a check

problem-session-expired = La sessione ricordata è scaduta o è stata chiusa dall'organizzazione{$reference}: serve un nuovo accesso.
problem-session-must-register = Microsoft chiede di registrare le informazioni di sicurezza{$reference}, quindi la sessione ricordata non basta: serve un nuovo accesso.
problem-session-second-step = Microsoft chiede di nuovo la seconda verifica{$reference}, quindi la sessione ricordata non basta: serve un nuovo accesso.
problem-no-refresh-token = Microsoft non ha concesso una sessione rinnovabile (offline_access), quindi l'elenco dei metodi non si può leggere.
# $why: the token error, explained.
problem-methods-scope-refused = Il permesso di leggere l'elenco dei metodi non è stato concesso. {$why}
problem-sessions-not-remembered = Le sessioni non vengono ricordate tra un controllo e l'altro perché il portachiavi di sistema non è disponibile: ogni controllo chiederà di nuovo l'accesso.
# $why: one of the problem-book-* reasons.
problem-result-not-saved = Il risultato non è stato salvato: {$why}
problem-check-not-started = Il controllo non è partito: {$why}
problem-recheck-stopped = La nuova verifica di questo account si è interrotta all'improvviso: riprova.

## BookError: why the account book refused, as the end of a sentence ($path: the person's own file)

problem-book-unreadable = il file dell'elenco degli account non è leggibile, quindi Lifeboat l'ha lasciato com'era; la versione precedente si può rimettere dall'elenco degli account.
problem-book-permission-denied = il sistema nega a Lifeboat l'accesso a {$path}.
problem-book-storage-full = il disco che contiene {$path} è pieno.
problem-book-read-only = il disco che contiene {$path} è di sola lettura.
problem-book-io = il sistema ha dato un errore su {$path}; i dettagli tecnici sono nel registro di Lifeboat.
problem-book-unknown-account = l'account non è più nell'elenco (è stato tolto durante il controllo).
problem-book-nothing-to-confirm = l'accesso di questo account non si è concluso, quindi non c'è nulla da confermare.
problem-book-busy = un altro Lifeboat (la finestra o la riga di comando) sta modificando l'elenco degli account; riprova tra poco.
problem-book-no-backup = non c'è una versione precedente dell'elenco da rimettere.
problem-book-invalid-field = il campo “{$field}” dell'account non è valido.
problem-book-duplicate = {$upn} è già nell'elenco per quell'organizzazione.
problem-book-import = il file importato ha un problema ({$source}).
problem-book-import-line = il file importato ha un problema ({$source}, riga {$line}).

## SignInError

problem-no-tenant = Da “{$upn}” non si capisce a quale organizzazione appartenga l'account: indica il dominio o l'ID del tenant.
problem-no-id-token = Microsoft non ha inviato la conferma di chi ha effettuato l'accesso (ID token): riprova.
problem-account-not-named = La conferma d'identità inviata da Microsoft (ID token) non indica quale account ha effettuato l'accesso, quindi Lifeboat non può confermare che sia {$expected}: riprova.
problem-wrong-account = Hai effettuato l'accesso come {$found} invece che come {$expected}: riprova e scegli l'account giusto.
problem-timed-out = L'accesso non si è concluso entro {$duration}: riprova quando hai tempo di completarlo.
problem-cancelled = L'accesso è stato annullato.
problem-stuck-at-mfa = Hai indicato di essere bloccato alla seconda verifica (MFA).
problem-device-code-expired = Il codice dispositivo è scaduto prima che l'accesso finisse: riprova per riceverne uno nuovo.
problem-device-code-declined = L'accesso è stato rifiutato nella pagina del codice dispositivo.
problem-device-code-mistyped = Il codice digitato nella pagina del codice dispositivo non è stato riconosciuto: riprova e ricontrollalo con calma.

## DiscoveryError

problem-invalid-tenant = “{$tenant}” non è un dominio o un ID tenant valido: controlla come è scritto.
problem-unknown-tenant = Microsoft non conosce nessuna organizzazione con il nome “{$tenant}”: controlla come è scritto.
problem-discovery-status = Il servizio di accesso di Microsoft ha dato un errore (HTTP {$status}) cercando “{$tenant}”: riprova più tardi.
problem-discovery-malformed = Il servizio di accesso di Microsoft ha dato una risposta illeggibile per “{$tenant}”: riprova più tardi.
problem-foreign-endpoint = La configurazione di accesso di “{$tenant}” rimanda a un altro server ({$url}): per sicurezza Lifeboat non gli ha inviato nulla.

## ConfigError: indirizzi a cui i token non devono andare ($role: authority o graph)

problem-config-not-a-host = { $role ->
    [authority] L'indirizzo di accesso
   *[graph] L'indirizzo di Microsoft Graph
} “{$value}” non è un indirizzo web valido (http o https, senza nome utente, query o frammento).
problem-config-plain-http = { $role ->
    [authority] L'indirizzo di accesso
   *[graph] L'indirizzo di Microsoft Graph
} “{$value}” usa http senza cifratura verso un altro computer: Lifeboat accetta solo https, oppure http verso questo computer (localhost).

## TransportError

problem-transport-timeout = Il server non ha risposto entro {$duration}: controlla la connessione a Internet e riprova.
problem-transport-connect = Impossibile raggiungere {$host}: controlla la connessione a Internet e riprova.
problem-transport-broke-off = La connessione si è interrotta: controlla la connessione a Internet e riprova.

## TokenError

problem-token-status = Il servizio di accesso di Microsoft ha dato un errore (HTTP {$status}) senza spiegazioni: riprova più tardi.
problem-token-malformed = Il servizio di accesso di Microsoft ha dato una risposta illeggibile: riprova più tardi.

## EntraError: worded from the outcome Entra's codes mean

problem-entra-sign-in-again = Microsoft chiede di accedere di nuovo perché la sessione è scaduta o non è più valida{$reference}.
problem-entra-blocked-by-mfa = Microsoft ha chiesto una seconda verifica (MFA) che non è stata superata{$reference}.
problem-entra-must-register = Microsoft chiede di registrare un metodo di verifica prima di entrare{$reference}.
problem-entra-registration-blocked = L'organizzazione non permette di registrare metodi di verifica da qui{$reference}: serve l'aiuto dell'IT.
problem-entra-blocked-by-policy = Un criterio di sicurezza dell'organizzazione ha bloccato l'accesso{$reference}: serve l'aiuto dell'IT.
problem-entra-consent-missing = L'organizzazione non ha ancora autorizzato l'app con cui Lifeboat accede{$reference}.
problem-entra-wrong-account-or-tenant = Microsoft non trova questo account in questa organizzazione{$reference}: controlla il nome e l'organizzazione.
problem-entra-password = La password è sbagliata o scaduta{$reference}.
problem-entra-disabled-or-locked = L'account è disattivato o bloccato{$reference}: serve l'aiuto dell'IT.
problem-entra-transient = Microsoft non ha completato la richiesta per un problema passeggero{$reference}: riprova più tardi.
problem-entra-skipped = L'accesso è stato annullato nella pagina di Microsoft{$reference}.
problem-entra-refused = Microsoft ha rifiutato la richiesta{$reference}.

## IdTokenError

problem-id-token-malformed = La conferma d'identità inviata da Microsoft (ID token) non è leggibile, quindi Lifeboat non l'ha accettata.
problem-id-token-algorithm = La conferma d'identità inviata da Microsoft (ID token) usa un algoritmo di firma non ammesso ({$algorithm}), quindi Lifeboat non l'ha accettata.
problem-id-token-unknown-key = La conferma d'identità inviata da Microsoft (ID token) è firmata con una chiave che l'organizzazione non pubblica, quindi Lifeboat non l'ha accettata.
problem-id-token-signature = La conferma d'identità inviata da Microsoft (ID token) ha una firma non valida, quindi Lifeboat non l'ha accettata.
problem-id-token-issuer = La conferma d'identità inviata da Microsoft (ID token) viene da un emittente inatteso (“{$issuer}”), quindi Lifeboat non l'ha accettata.
problem-id-token-audience = La conferma d'identità inviata da Microsoft (ID token) è destinata a un'altra applicazione, quindi Lifeboat non l'ha accettata.
problem-id-token-nonce = La conferma d'identità inviata da Microsoft (ID token) non corrisponde a questo accesso (nonce), quindi Lifeboat non l'ha accettata.
problem-id-token-expired = La conferma d'identità inviata da Microsoft (ID token) risulta scaduta: controlla che data e ora del computer siano giuste e riprova.
problem-id-token-not-yet-valid = La conferma d'identità inviata da Microsoft (ID token) non risulta ancora valida: controlla che data e ora del computer siano giuste e riprova.
problem-id-token-missing-tenant = La conferma d'identità inviata da Microsoft (ID token) non indica l'organizzazione (tid), quindi Lifeboat non l'ha accettata.
problem-id-token-wrong-tenant = L'accesso è avvenuto nell'organizzazione {$found} invece che in {$expected}: riprova e scegli l'account giusto.
problem-id-token-keys = Non è stato possibile leggere le chiavi con cui l'organizzazione firma gli accessi: riprova più tardi.

## TokenStoreError

problem-keyring-unavailable = Lifeboat non ha potuto ricordare la sessione perché il portachiavi di sistema non è disponibile: la prossima volta servirà un nuovo accesso.
problem-keyring-refused = Lifeboat non ha potuto ricordare la sessione perché il portachiavi di sistema ha negato l'accesso: la prossima volta servirà un nuovo accesso.
problem-keyring-damaged = La sessione salvata per questo account era danneggiata ed è stata ignorata: serve un nuovo accesso.

## GraphError: Graph is read for the list of methods ($reference: "HTTP 503 serviceNotAvailable, request-id …")

problem-graph-refused = Microsoft Graph non ha restituito l'elenco dei metodi ({$reference}).
problem-graph-refused-for-now = Microsoft Graph non ha restituito l'elenco dei metodi ({$reference}): riprova più tardi.
problem-graph-gave-up = Microsoft Graph ha continuato a rifiutare la lettura dei metodi dopo {$attempts} tentativi (l'ultimo: {$reference}): riprova più tardi.
problem-graph-malformed = La risposta di Microsoft Graph con l'elenco dei metodi era illeggibile: riprova più tardi.
problem-graph-foreign-next-link = Microsoft Graph ha indicato un altro server ({$host}) per il resto dell'elenco dei metodi; per sicurezza Lifeboat si è fermato lì.
problem-graph-too-many-pages = L'elenco dei metodi superava le {$pages} pagine, quindi Lifeboat ha smesso di leggerlo.

## BrowserError, SetupError

problem-no-browser = Non è stato possibile aprire un browser web su questo computer.
problem-setup-listener = Lifeboat non è riuscito ad aprire la porta locale a cui Microsoft rimanda il browser dopo l'accesso: riprova.
