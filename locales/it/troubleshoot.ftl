# Troubleshooting after a reset (crates/core/src/troubleshoot): each symptom's title, why Lifeboat thinks it
# applies ($methods: the methods concerned; $seconds and $direction: this computer's clock against Microsoft's),
# and its steps.

troubleshoot-repeated-prompts = La seconda verifica viene chiesta di continuo
troubleshoot-because-stale = { $methods } è ancora registrato su un telefono che non hai più.
troubleshoot-repeated-prompts-remove = Chiedi all'IT di eliminare la vecchia registrazione (il ticket ne riporta l'ID), oppure eliminala tu in Informazioni di sicurezza una volta entrato.
troubleshoot-repeated-prompts-revoke = Chiedi all'IT di revocare le tue sessioni, così le app collegate con il vecchio metodo si ricollegano.
troubleshoot-repeated-prompts-private = Accedi una volta in una finestra privata del browser: i vecchi cookie rimandano ancora al metodo che non c'è più.
troubleshoot-codes-rejected = I codici monouso vengono rifiutati
troubleshoot-because-clock = { $direction ->
    [ahead] L'orologio di questo computer è avanti di { $seconds } secondi rispetto a quello di Microsoft; i codici cambiano ogni 30 secondi.
   *[behind] L'orologio di questo computer è indietro di { $seconds } secondi rispetto a quello di Microsoft; i codici cambiano ogni 30 secondi.
}
troubleshoot-because-code-app = Questo account usa codici monouso, che falliscono quando l'orologio del telefono o del computer che li genera è sbagliato.
troubleshoot-codes-rejected-clock = Imposta data e ora automatiche, su questo computer e sul telefono che mostra i codici.
troubleshoot-codes-rejected-newest = Digita il codice più recente, non uno che sta per cambiare.
troubleshoot-push = Le notifiche di Authenticator non arrivano
troubleshoot-because-push = L'accesso chiede l'approvazione a { $methods }.
troubleshoot-push-permission = Consenti le notifiche per Microsoft Authenticator nelle impostazioni del telefono.
troubleshoot-push-battery = Disattiva il risparmio energetico per Authenticator: può trattenere le notifiche.
troubleshoot-push-network = Alcune reti bloccano le notifiche: prova con i dati mobili invece del Wi-Fi.
troubleshoot-push-number = Apri tu Authenticator: la richiesta in attesa compare lì e chiede il numero mostrato nella pagina di accesso.
troubleshoot-number = Un numero di telefono che non funziona più
troubleshoot-because-number = { $methods } non riceve più codici.
troubleshoot-number-it = Finché non riesci ad accedere, solo l'IT può cambiare il numero: chiedilo nel ticket.
troubleshoot-number-security-info = Una volta entrato con un altro metodo, cambialo tu in Informazioni di sicurezza.
