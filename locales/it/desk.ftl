# Lo sportello IT (crates/core/src/desk/, crates/cli/src/desk.rs).

## Aprire un ticket

desk-open-not-lifeboat = Questo non è un ticket di Lifeboat: non contiene il blocco del ticket di Lifeboat. Trattalo come una richiesta normale.
desk-open-damaged = Il blocco di questo ticket di Lifeboat è danneggiato ({$why}). Chiedi alla persona di inviare di nuovo il ticket come allegato.
desk-open-unsupported-version = Questo ticket è stato scritto da un Lifeboat più recente (versione del blocco {$version}). Aggiorna Lifeboat per leggerlo.
desk-open-no-account = Questo ticket di Lifeboat non indica alcun account.
desk-open-too-large = Questo file è troppo grande per essere un ticket.
desk-open-unknown-account = Il ticket non indica l'account “{$upn}”.

## Come è stata verificata l'identità

desk-identity-video-call-with-id = videochiamata con documento d'identità
desk-identity-in-person = di persona
desk-identity-call-back-on-file = richiamata al numero in archivio
desk-identity-other = altro: {$text}

desk-verify-how-missing = Indica come hai verificato l'identità della persona.
desk-verify-other-without-text = Descrivi come hai verificato l'identità della persona.
desk-verify-second-person-missing = Questo account ha un ruolo di amministratore: indica la seconda persona che ha verificato l'identità.
desk-verify-second-person-is-the-admin = La seconda persona deve essere qualcuno diverso da te.
desk-verify-privileged-admin = Questo account ha un ruolo di amministratore: solo un Amministratore dell'autenticazione con privilegi può reimpostarlo. Conferma di avere quel ruolo.

## Rifiuti di Microsoft Graph (403), come il ruolo che manca

desk-403-methods = Microsoft ha rifiutato: per reimpostare i metodi di questo utente serve il ruolo Amministratore dell'autenticazione (o Amministratore dell'autenticazione con privilegi) e l'app deve avere UserAuthenticationMethod.ReadWrite.All con il consenso dell'amministratore. (request-id {$requestId})
desk-403-methods-admin = Microsoft ha rifiutato: questo utente ha un ruolo di amministratore, quindi solo un Amministratore dell'autenticazione con privilegi (o un Amministratore globale) può modificarne i metodi. (request-id {$requestId})
desk-403-revoke = Microsoft ha rifiutato di revocare le sessioni: servono User.RevokeSessions.All e un ruolo come Amministratore dell'autenticazione, del supporto tecnico o degli utenti. (request-id {$requestId})
desk-403-tap-policy = Il tuo ruolo non può leggere i criteri del Temporary Access Pass (serve un ruolo che possa leggere i criteri dei metodi di autenticazione, come Lettore globale): Microsoft applicherà la durata predefinita dei criteri. (request-id {$requestId})
desk-403-find-user = Microsoft ha rifiutato di cercare l'utente: l'app deve avere User.Read.All con il consenso dell'amministratore. (request-id {$requestId})
desk-403-report = Microsoft ha rifiutato il report delle registrazioni: servono AuditLog.Read.All con il consenso dell'amministratore e un ruolo di lettura dei report (Lettore report, Lettore sicurezza, Lettore globale). (request-id {$requestId})
desk-403-licence = Microsoft ha rifiutato il report delle registrazioni: l'organizzazione deve avere una licenza Microsoft Entra ID P1 o P2. (request-id {$requestId})
desk-consent-missing = La tua organizzazione non ha concesso il consenso dell'amministratore all'app con cui Lifeboat accede per: {$scopes}. Un amministratore che può concederlo (Amministratore globale, Amministratore dei ruoli con privilegi o, per la maggior parte, Amministratore delle applicazioni cloud) può farlo nell'interfaccia di amministrazione di Entra, Applicazioni aziendali, l'app, Autorizzazioni.
desk-user-not-found = Nessun utente “{$upn}” in questa organizzazione. Un ospite si trova con l'indirizzo con cui è stato invitato.
desk-graph-failed = Microsoft Graph non ha risposto come previsto: {$detail}
desk-file-failed = Non è stato possibile scrivere il file: {$detail}

## I rifiuti di Lifeboat

desk-refused-not-verified = Completa prima la verifica dell'identità per {$upn}.
desk-refused-method-gone = La registrazione {$id} non c'è più: niente da eliminare.
desk-refused-unsupported-type = Lifeboat non elimina registrazioni di tipo {$type}; usa l'interfaccia di amministrazione di Entra.
desk-refused-tap-disabled = Il Temporary Access Pass è disattivato nei criteri dei metodi di autenticazione di questa organizzazione: attivalo (interfaccia di amministrazione di Entra → Metodi di autenticazione → Temporary Access Pass) oppure usa “Richiedi una nuova registrazione MFA”.
desk-refused-tap-exists = Questo utente ha già un Temporary Access Pass. Uno nuovo lo sostituisce: conferma che vuoi sostituirlo.
desk-refused-tap-lifetime = Una durata di {$asked} minuti è fuori dai criteri di questa organizzazione ({$minimum}–{$maximum} minuti).
desk-refused-guest-sessions = È un ospite: la revoca delle sessioni non lo raggiunge, perché le sue sessioni sono nella sua organizzazione di origine. Chiedi all'IT della sua organizzazione.

## Anteprime: la richiesta prima di farla

desk-preview-remove = Elimina “{$label}” dai metodi di {$upn}: {$request}
desk-preview-tap = Crea un Temporary Access Pass monouso per {$upn}, valido {$minutes} minuti: {$request}
desk-preview-tap-default-lifetime = Crea un Temporary Access Pass monouso per {$upn}, valido per la durata predefinita dei criteri: {$request}
desk-preview-revoke = Termina tutte le sessioni di accesso di {$upn} (dovrà accedere di nuovo ovunque): {$request}

## La nota di chiusura (nella lingua del ticket)

desk-note-opening = Richiesta per {$upn}: chiusa.
desk-note-verified = Identità verificata con {$how}.
desk-note-second-person = Seconda verifica di {$name}.
desk-note-removed = Eliminata la registrazione “{$label}”.
desk-note-already-gone = La registrazione “{$label}” era già stata rimossa.
desk-note-tap = Creato un Temporary Access Pass monouso, valido {$minutes} minuti, consegnato a parte.
desk-note-revoked = Revocate tutte le sessioni di accesso.
desk-note-guest-not-revoked = Sessioni non revocate: le sessioni di un ospite sono nella sua organizzazione di origine.
desk-note-nothing-done = Non è stata fatta alcuna modifica.
desk-note-closing = Accedi con il pass, aggiungi un nuovo metodo in Informazioni di sicurezza (https://mysignins.microsoft.com/security-info), poi aggiungine un secondo, così un telefono perso non potrà più bloccarti fuori.

## Preparazione di un'intera organizzazione

desk-readiness-message = Buongiorno, il tuo account di lavoro o della scuola può accedere con un solo telefono: se lo perdi, resti bloccato finché l'IT non lo reimposta. Aggiungi oggi un secondo metodo in https://mysignins.microsoft.com/security-info (un numero di telefono, una passkey o un secondo dispositivo). Grazie.

## lifeboat desk (la riga di comando)

desk-cli-ticket = Ticket per {$upn} ({ $guest ->
    [yes] ospite
   *[no] membro
}{ $admin ->
    [yes] , ruolo di amministratore
   *[no] {""}
}) in {$tenant}. Chiede: {$asks}. Rispondere a: {$replyTo}
desk-cli-methods-heading = I metodi dell'utente ora, accanto al ticket:
desk-cli-state-to-remove = da eliminare
desk-cli-state-already-gone = già rimosso
desk-cli-state-unchanged = invariato
desk-cli-state-new = nuovo
desk-cli-state-gone = rimosso da allora
desk-cli-unknown-how = “{$how}” non è un modo di verificare l'identità che Lifeboat conosce: video_call_with_id, in_person, call_back_on_file oppure other (con --how-text).
desk-cli-verified = Verifica dell'identità completata per {$upn}: le azioni sono sbloccate.
desk-cli-no-action = Indica cosa fare: --remove ID, --remove-listed, --tap oppure --revoke.
desk-cli-preview-only = Non è stato fatto nulla. Esegui di nuovo con --yes per farlo.
desk-cli-done = Fatto (request-id {$requestId}).
desk-cli-tap-once = Temporary Access Pass (mostrato una sola volta, non salvato da nessuna parte; consegnalo alla persona in altro modo): {$pass}
desk-cli-readiness-progress = {$users} utenti letti ({$pages} pagine)
desk-cli-readiness-summary = {$users} utenti: {$noMethod} senza alcun metodo, {$single} solo con l'app Authenticator, {$fine} a posto. Utenti da avvisare: {$path}
desk-cli-signing-in = Accesso come {$admin}…
desk-cli-sign-in-failed = L'accesso come {$admin} non è stato completato: {$why}
desk-ask-temporary-access-pass = un Temporary Access Pass monouso
desk-ask-remove-methods = eliminare le registrazioni perse
desk-ask-revoke-sessions = revocare le sessioni
desk-ask-second-person-check = una seconda persona verifica l'identità
