# The words of an IT ticket (crates/core/src/ticket/render.rs), following docs/PRODUCT.md §5. The layout (list
# marks, numbering, indentation) and the admin's PowerShell lines stay in the code. $organisation: the
# organisation's name, domain or id; $devices: “Phone” and “Tablet”; $minutes: the pass's lifetime; $loss: what
# happened to the phone (lost, stolen, broken, wiped: the person says which, and a broken phone is not called lost).

## As text to copy, and the note a shortened mailto: body ends with

ticket-text-to = A: {$addresses}
ticket-text-web-form = Modulo web: {$url}
ticket-text-subject = Oggetto: {$subject}
ticket-shortened-note = [Testo abbreviato per il link. Il testo completo è nel file {$file}: allegalo o incollalo qui.]
# The last two items of a list ($head: the others, separated by commas).
join-and = {$head} e {$last}

## Subject ($who: the account, or count-accounts)

ticket-subject-lost-phone = { $loss ->
    [stolen] Telefono con Microsoft Authenticator rubato: richiesta di accesso temporaneo per {$who} ({$organisation})
    [broken] Telefono con Microsoft Authenticator rotto: richiesta di accesso temporaneo per {$who} ({$organisation})
    [wiped] Telefono con Microsoft Authenticator ripristinato: richiesta di accesso temporaneo per {$who} ({$organisation})
   *[lost] Telefono con Microsoft Authenticator perso: richiesta di accesso temporaneo per {$who} ({$organisation})
}
ticket-subject-blocked = Verifica in due passaggi bloccata: richiesta di accesso temporaneo per {$who} ({$organisation})

## Opening ($count: how many accounts; $cause: ticket-cause-*)

ticket-greeting = Buongiorno,
ticket-cause-lost-phone = { $loss ->
    [stolen] mi è stato rubato il telefono {$devices} su cui avevo Microsoft Authenticator
    [broken] si è rotto il telefono {$devices} su cui avevo Microsoft Authenticator
    [wiped] il telefono {$devices} su cui avevo Microsoft Authenticator è stato ripristinato, e con lui gli account di lavoro
   *[lost] ho perso il telefono {$devices} su cui avevo Microsoft Authenticator
}
ticket-cause-no-method = non ho più a disposizione il metodo che usavo per la verifica
ticket-opening = { $count ->
    [one] non riesco più a completare la verifica in due passaggi (MFA) per accedere al mio account di {$organisation}: {$cause}. Non posso risolvere il problema in autonomia e vi chiedo aiuto.
   *[other] non riesco più a completare la verifica in due passaggi (MFA) per accedere ai miei account di {$organisation}: {$cause}. Non posso risolvere il problema in autonomia e vi chiedo aiuto.
}

## Who I am

ticket-who-heading = Chi sono
ticket-label-full-name = Nome e cognome
ticket-label-account = Account
ticket-membership-member = membro dell'organizzazione
ticket-membership-guest = utente ospite, B2B
ticket-label-name-on-account = Nome per questo account
ticket-label-person-id = Matricola o codice dipendente
ticket-label-department = Dipartimento, classe o corso
ticket-admin-role = Questo account ha un ruolo di amministratore.
ticket-label-organisation = Organizzazione
ticket-tenant-domain = dominio {$domain}
ticket-tenant-id = ID tenant {$id}

## What happened

ticket-what-happened-heading = Che cosa è successo
ticket-lost-phone-on = { $loss ->
    [stolen] Il {$day} mi è stato rubato il telefono {$devices} con Microsoft Authenticator.
    [broken] Il {$day} si è rotto il telefono {$devices} con Microsoft Authenticator.
    [wiped] Il {$day} il telefono {$devices} con Microsoft Authenticator è stato ripristinato (dati cancellati).
   *[lost] Il {$day} ho perso il telefono {$devices} con Microsoft Authenticator.
}
ticket-lost-phone = { $loss ->
    [stolen] Mi è stato rubato il telefono {$devices} con Microsoft Authenticator.
    [broken] Si è rotto il telefono {$devices} con Microsoft Authenticator.
    [wiped] Il telefono {$devices} con Microsoft Authenticator è stato ripristinato (dati cancellati).
   *[lost] Ho perso il telefono {$devices} con Microsoft Authenticator.
}
ticket-number-unreachable = Il numero di telefono che termina con {$ending} non riceve più codici.
ticket-codes-on-lost-phone = Anche i codici monouso delle app di autenticazione erano su quel telefono.
# $what: ticket-sign-in-*; $code: " (AADSTS50076)" or nothing.
ticket-sign-in = Tentativo di accesso del {$at}: {$what}{$code}.
ticket-sign-in-blocked-by-mfa = l'accesso si è fermato alla richiesta di verifica MFA
ticket-sign-in-must-register = l'accesso ha chiesto di registrare un metodo di verifica
ticket-sign-in-registration-blocked = l'accesso ha chiesto di registrare un metodo, ma la registrazione è bloccata
ticket-sign-in-blocked-by-policy = l'accesso è stato bloccato da un criterio di accesso condizionale
ticket-sign-in-completed = l'accesso è stato completato
ticket-sign-in-consent-missing = l'accesso è riuscito, ma non è stato possibile leggere l'elenco dei metodi (consenso mancante)
ticket-sign-in-wrong-account-or-tenant = l'accesso non ha trovato l'account in questa organizzazione
ticket-sign-in-password-problem = l'accesso si è fermato alla password
ticket-sign-in-disabled-or-locked = l'accesso ha segnalato l'account come disabilitato o bloccato
ticket-sign-in-transient = l'accesso non è riuscito per un errore temporaneo
ticket-sign-in-skipped = l'accesso è stato interrotto
# $source: ticket-inventory-source-*; $list: the methods, separated by commas, or ticket-inventory-none.
ticket-inventory = Metodi registrati secondo l'ultimo elenco ({$at}, {$source}): {$list}.
ticket-inventory-source-graph = letto tramite Microsoft Graph
ticket-inventory-source-manual = letto da me nella pagina Informazioni di sicurezza
ticket-inventory-source-last-known = l'ultimo elenco noto
ticket-inventory-none = nessuno
ticket-verdict-needs-it = Nessuno dei metodi registrati su questo account è utilizzabile senza quel telefono.
ticket-verdict-unknown = Non ho potuto verificare quali metodi sono registrati su questo account, né se qualcuno funziona ancora senza quel telefono.
ticket-verdict-not-registered = Su questo account non risulta registrato alcun metodo di verifica: se la registrazione di un nuovo metodo mi è preclusa, mi serve il vostro intervento.
ticket-verdict-self-service = Su questo account ho ancora un metodo utilizzabile; chiedo solo di rimuovere la registrazione di quel telefono e di revocare le sessioni.

## What I am asking for ($for_each: " for each account above" (ticket-for-each-account) or nothing)

ticket-ask-heading = Che cosa vi chiedo
ticket-for-each-account = per ciascuno degli account indicati
ticket-ask-tap = Un Temporary Access Pass monouso{$for_each} (valido circa {$minutes} minuti), per accedere e registrare Microsoft Authenticator sul nuovo telefono. In alternativa va bene anche "Require re-register MFA": al prossimo accesso registrerò di nuovo i metodi.
# $name: " “iPhone”" or nothing; $whose: " (account)" or nothing; $id: Graph's method id.
ticket-ask-delete-authenticator = L'eliminazione della registrazione di Microsoft Authenticator del telefono { $loss ->
    [stolen] rubato
    [broken] rotto
    [wiped] ripristinato
   *[lost] perso
}{$name}{$whose}, ID del metodo {$id}, così che non possa più approvare accessi.
ticket-ask-delete-passkey = L'eliminazione della passkey in Microsoft Authenticator sul telefono { $loss ->
    [stolen] rubato
    [broken] rotto
    [wiped] ripristinato
   *[lost] perso
}{$name}{$whose}, ID del metodo {$id}.
ticket-ask-delete-device = L'eliminazione della registrazione di Microsoft Authenticator del telefono { $loss ->
    [stolen] rubato
    [broken] rotto
    [wiped] ripristinato
   *[lost] perso
} {$devices}.
# $ending: the number's last four digits.
ticket-ask-delete-number = L'eliminazione del numero di telefono che termina con {$ending}{$whose}, ID del metodo {$id}: non riceve più codici e Microsoft continuerebbe a proporlo.
ticket-ask-delete-code-app = L'eliminazione dell'app di codici (token OATH software){$whose}, ID del metodo {$id}: i suoi codici erano su quel telefono.
# $contact: the person's reachable address.
ticket-ask-tap-handover = Il metodo Temporary Access Pass deve essere abilitato per me nei criteri dei metodi di autenticazione del tenant, altrimenti il codice non funziona. Vi prego di comunicarmi il codice per telefono, di persona o a {$contact}, mai alla casella dell'account bloccato, che non posso aprire.
# $for_which: $for_each, " (the members' accounts)" or nothing.
ticket-ask-revoke = { $loss ->
    [broken] La revoca delle sessioni attive (Revoke sessions){$for_which}, così che nulla di quanto era connesso sul vecchio telefono resti valido.
    [wiped] La revoca delle sessioni attive (Revoke sessions){$for_which}, così che nulla di quanto era connesso sul vecchio telefono resti valido.
   *[other] La revoca delle sessioni attive (Revoke sessions){$for_which}, perché il telefono mancante potrebbe essere ancora connesso.
}
ticket-role-any = Può farlo un amministratore con il ruolo Authentication Administrator (o Privileged Authentication Administrator). I ruoli Helpdesk Administrator e User Administrator non possono reimpostare i metodi di autenticazione né creare un Temporary Access Pass.
# $admins: the accounts holding an administrator role.
# The field guide's dual control for privileged accounts.
ticket-ask-second-check = Per questo ruolo, vi prego di far verificare la mia identità da una seconda persona prima di qualsiasi reimpostazione, come prevede la vostra procedura per gli account privilegiati.
ticket-role-admins = {$admins} ha un ruolo di amministratore: serve quindi un Privileged Authentication Administrator, perché un Authentication Administrator non può intervenire sugli amministratori. I ruoli Helpdesk Administrator e User Administrator non possono reimpostare i metodi di autenticazione né creare un Temporary Access Pass.

## Identity, closing

ticket-identity-heading = Verifica della mia identità
ticket-identity = Sono disponibile a dimostrare la mia identità nel modo che preferite: una videochiamata mostrando un documento, di persona presso il vostro ufficio, oppure una chiamata al numero di telefono che avete in archivio per me.
ticket-thanks = Grazie,
ticket-reach-me = { $count ->
    [one] Finché l'account è bloccato potete scrivermi a {$contact}.
   *[other] Finché gli account sono bloccati potete scrivermi a {$contact}.
}
ticket-drafted-with = Bozza preparata con Lifeboat.
# Before the machine-readable block (docs/TICKET-BLOCK.md).
ticket-block-intro = Il blocco qui sotto ripete questa richiesta per gli strumenti dell'IT; le persone possono ignorarlo.

## Appendix for the administrator (the admin center's menu names stay in English: it shows them so)

ticket-appendix-heading = -- Appendice per l'amministratore --
ticket-appendix-admin-center = Interfaccia di amministrazione di Microsoft Entra (https://entra.microsoft.com), con almeno il ruolo Authentication Administrator:
# Where the tenant enables the pass (docs/MICROSOFT.md §6.3: without it a pass cannot be used).
ticket-appendix-tap-policy = Protection > Authentication methods > Policies > Temporary Access Pass: abilitato, con questo utente incluso.
ticket-appendix-tap = "Add authentication method" > Temporary Access Pass: uso singolo, {$minutes} minuti. Il codice si vede una sola volta: annotatelo.
ticket-appendix-re-register = oppure "Require re-register MFA" (elimina numeri di telefono, app Microsoft Authenticator e token OATH software).
# $kind: the method type as the admin center names it; $name: “its name” or its id.
ticket-appendix-delete = eliminare la voce {$kind} {$name}.
