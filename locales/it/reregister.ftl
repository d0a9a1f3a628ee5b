# Dopo l'intervento dell'IT: la nuova registrazione guidata in Informazioni di sicurezza e l'accesso di verifica (crates/core/src/reregistration.rs).

reregister-step-sign-in-with-pass = Apri Informazioni di sicurezza di questa organizzazione e accedi: al secondo passaggio usa il pass di accesso temporaneo che ti ha dato l'IT (vale una volta sola ed entro la sua durata), oppure fai come ti ha detto l'IT.
reregister-step-add-authenticator = Aggiungi Microsoft Authenticator sul nuovo telefono: “Aggiungi metodo di accesso” → Microsoft Authenticator, inquadra il codice QR con l'app, consenti le sue notifiche e approva la prova digitando il numero mostrato dalla pagina.
reregister-step-make-default = Rendilo il metodo predefinito: “Cambia” accanto a “Metodo di accesso predefinito” → Microsoft Authenticator - notifica.
reregister-step-remove-lost-device = Se il telefono perso è ancora nell'elenco, eliminalo: così chi lo trova non può approvare un accesso.
reregister-step-remove-listed = Elimina ciò che risulta ancora per il telefono perso: {$methods}. Così chi lo trova non può approvare un accesso.
reregister-step-add-second-method = Aggiungi un secondo metodo su un altro dispositivo: una chiave di sicurezza, una passkey sul computer o un numero di telefono, così la prossima perdita non ti blocca di nuovo.
reregister-step-verify = Dimostralo: accedi di nuovo da capo (Lifeboat prima dimentica la sessione ricordata) e supera il secondo passaggio con il nuovo telefono.
reregister-verified = Registrato di nuovo e dimostrato: un accesso nuovo il {$at} ha superato il secondo passaggio con {$method}.
reregister-method-new-authenticator = Microsoft Authenticator sul nuovo telefono
reregister-not-started = Indica prima che l'IT è intervenuto per questo account.
reregister-not-fresh-remembered = una sessione ricordata non dimostra nulla sul nuovo metodo: accedi da capo
reregister-not-fresh-not-completed = l'accesso non è stato completato
reregister-not-fresh-too-old = l'accesso è precedente al momento in cui hai indicato l'intervento dell'IT
reregister-verify-needs-evidence = “Dimostralo” non si spunta: serve un accesso nuovo superato con il nuovo metodo.
reregister-no-method = Scegli il metodo che hai usato in quell'accesso.
reregister-cli-unknown-step = “{$step}” non è un passaggio: usa uno tra {$steps}.
reregister-cli-methods = Metodi che puoi aver usato nell'accesso di verifica (i più recenti prima; indicane uno con --method):
reregister-cli-not-proven = L'accesso di {$upn} non dimostra ancora nulla: {$why}.
