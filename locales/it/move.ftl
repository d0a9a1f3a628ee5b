# Il passaggio a un nuovo telefono (crates/core/src/moving/, crates/cli/src/moving.rs): il piano per account, i
# passi nell'ordine sicuro, le prove e "si può azzerare il vecchio telefono?".

## Avviare il passaggio

move-refused-old-phone-empty = Indica il vecchio telefono, con il nome che mostra Informazioni di sicurezza.
move-refused-new-phone-empty = Indica il nuovo telefono.
move-refused-same-phone = Il vecchio e il nuovo telefono hanno lo stesso nome: dai al nuovo un nome diverso (quello che comparirà in Informazioni di sicurezza).
move-refused-unknown-old-phone = { $count ->
    [one] “{$phone}” non è un telefono che Lifeboat conosce. Quello che conosce: {$known}.
   *[other] “{$phone}” non è un telefono che Lifeboat conosce. Quelli che conosce: {$known}.
}
move-refused-another-move = È in corso un passaggio da “{$old}” a “{$new}”. Continualo con gli stessi nomi, oppure ricomincia.

## Su che cosa si basa il piano

move-basis-read = piano dai metodi letti
move-basis-declared = piano dai metodi che hai spuntato (questa organizzazione non permette a Lifeboat di leggerli)
move-basis-unknown = nessun metodo noto: si assume che serva il vecchio telefono

## Perché un metodo passa da solo, o va rifatto

move-stays-follows-sim = il numero segue la SIM, non il telefono
move-stays-not-on-the-phone = non è sul telefono: non cambia nulla
move-stays-on-a-computer = è su un computer: non cambia nulla
move-stays-on-another-device = è su un altro dispositivo: non cambia nulla
move-stays-already-on-new-phone = già sul nuovo telefono
move-stays-independent = non dipende dal telefono
move-redo-authenticator = da rifare sul nuovo telefono: il backup di Authenticator riporta solo il nome di un account aziendale o scolastico
move-redo-passkey = da rifare sul nuovo telefono: una passkey in Authenticator è legata al telefono e non viene mai ripristinata
move-redo-work-codes = da rifare sul nuovo telefono: il backup di un'app di codici ripristina gli account personali e di terze parti, non quelli aziendali o scolastici

## I passi, nell'ordine sicuro

move-step-add-authenticator = Aggiungi Microsoft Authenticator su “{$new}” (approva con “{$old}”)
move-step-make-default = Rendi “{$new}” il metodo di accesso predefinito
move-step-add-passkey = Aggiungi una passkey in Authenticator su “{$new}”
move-step-verify = Verifica che “{$new}” funzioni
move-step-remove-old = Solo allora rimuovi “{$old}”
move-do-first = fai prima questo: ha solo il vecchio telefono

## Prove

move-evidence-new-registration = una nuova lettura mostra una nuova registrazione, creata il {$created}
move-evidence-old-removed = una nuova lettura del {$at} non elenca più il vecchio telefono
move-evidence-fresh-sign-in = un nuovo accesso il {$at}, approvato sul nuovo telefono (l'hai confermato)
move-evidence-never-used = hai indicato che questo account non ha mai usato il vecchio telefono

## Si può azzerare?

move-standing-verified = funziona con il nuovo telefono
move-standing-nothing-on-old-phone = niente sul vecchio telefono
move-standing-depends = dipende ancora dal vecchio telefono
move-why-only-old-phone = solo il vecchio telefono supera il secondo passaggio
move-why-no-new-registration = nessuna nuova registrazione di Authenticator letta da quando è iniziato il passaggio
move-why-no-fresh-sign-in = i suoi metodi non si possono leggere: accedi di nuovo, approva sul nuovo telefono e confermalo
move-why-passkey-not-redone = la passkey del vecchio telefono non è stata rifatta
move-safe-yes = Sì: ogni account funziona senza “{$old}”. Puoi azzerarlo.
move-safe-not-yet = { $count ->
    [one] Non ancora: 1 account dipende ancora da “{$old}”. Non azzerarlo.
   *[other] Non ancora: {$count} account dipendono ancora da “{$old}”. Non azzerarlo.
}

## Il resoconto del passaggio

move-record-title = Passaggio da “{$old}” a “{$new}”
move-record-dates = Iniziato il {$began}; aggiornato al {$asOf}
move-record-moves-by-itself = Passa da solo
move-record-redo = Da rifare sul nuovo telefono
move-record-evidence = Prova

## Conferme rifiutate

move-not-fresh-remembered = una sessione ricordata non prova nulla sul nuovo telefono: accedi di nuovo
move-not-fresh-not-completed = l'accesso non è stato completato
move-not-fresh-too-old = l'accesso è precedente al passaggio
move-not-started = Nessun passaggio a un nuovo telefono è stato avviato. Avvialo con: lifeboat move --old-phone NOME --new-phone NOME
move-verify-needs-evidence = “Verifica” non si spunta: serve una nuova lettura che mostri il nuovo telefono, o un nuovo accesso confermato.

## lifeboat move

move-cli-rereading = Rilettura dei metodi degli account non ancora completati…
move-cli-reread-failed = {$upn}: non riletto; quanto registrato prima resta. Perché: {$problem}
move-cli-never-used = {$upn}: indicato come mai usato con il vecchio telefono.
move-cli-used = {$upn}: non più indicato come mai usato con il vecchio telefono.
move-cli-step-ticked = {$upn}: spuntato “{$step}”.
move-cli-step-unticked = {$upn}: tolta la spunta a “{$step}”.
move-cli-confirm-sign-in = {$upn}: accedi ora e approva la richiesta su “{$new}”, non sul vecchio telefono.
move-cli-confirmed = {$upn}: confermato.
move-cli-not-confirmed = {$upn}: non confermato: {$why}
move-cli-ended = Il resoconto del passaggio è stato tolto dal registro.
move-cli-unknown-step = “{$step}” non è un passo. I passi: {$steps}.
