# Le parole dell'accesso (crates/core/src/signin/): il messaggio del codice dispositivo e le pagine che il browser
# mostra dopo un accesso. Le pagine sono HTML: $reason è già protetto prima di essere inserito.

# Quando Entra non manda una frase sua insieme al codice dispositivo.
signin-device-code-prompt = Apri {$uri} e inserisci il codice {$code}.

signin-page-received-title = Accesso ricevuto
signin-page-received = Puoi chiudere questa scheda e tornare a Lifeboat.
signin-page-failed-title = Accesso non riuscito
signin-page-failed = Lifeboat ha registrato il motivo: {$reason}
signin-page-rejected-title = Richiesta non valida
signin-page-rejected = Questa pagina non è l'accesso che Lifeboat sta aspettando.
