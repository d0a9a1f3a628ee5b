# What the `lifeboat` command prints for people (crates/cli/src/). Labels are followed by ": " and a value;
# the layout (indentation, numbering) stays in the code.

## lifeboat --version

cli-about-version = versione
cli-about-platform = sistema
cli-about-language = lingua

## lifeboat accounts

cli-account-added = Aggiunto l'account {$id}: {$upn}
cli-account-changed = Modificato l'account {$id}: {$upn}
cli-account-removed = Rimosso l'account {$id}: {$upn}
cli-accounts-imported = Importazione completata: {$added} nuovi, {$updated} aggiornati
# $accounts: count-accounts.
cli-backup-restored = Ripristinata la copia di sicurezza ({$accounts})
cli-backup-set-aside = Il file sostituito è stato conservato in: {$path}
cli-accounts-empty = Nessun account. Aggiungine uno con: lifeboat accounts add --upn NOME@DOMINIO
cli-account-guest = ospite
cli-account-last-check = ultima verifica
cli-account-last-inventory = ultimo elenco dei metodi

## lifeboat situation

cli-situation-full-name = Nome e cognome
cli-situation-happened = Che cosa è successo al telefono
cli-loss-lost = perso
cli-loss-stolen = rubato
cli-loss-broken = rotto
cli-loss-wiped = ripristinato o cancellato
cli-situation-lost-devices = Dispositivi persi
cli-situation-held-devices = Dispositivi ancora in mano
cli-situation-unreachable-numbers = Numeri non più raggiungibili
cli-situation-otp-on-held-device = Codici monouso su un dispositivo ancora in mano
cli-situation-passkey-on-held-device = Passkey di Authenticator su un dispositivo ancora in mano
cli-situation-external-usable = Provider MFA esterno ancora utilizzabile
cli-situation-lost-on = Data della perdita
cli-situation-contact-email = Email per essere ricontattati
cli-none = nessuno
cli-situation-number-current = Numero di telefono registrato ancora tuo
cli-situation-backup-on = Backup cloud di Authenticator attivo
cli-not-asked = nessuna risposta
cli-yes = sì
cli-no = no

## lifeboat assess

cli-assess-verdict = Verdetto
cli-assess-grade = Voto
cli-assess-usable = Metodi utilizzabili
cli-assess-not-counted = Metodi che non contano
cli-assess-evidence = Su cosa si basa
cli-assess-steps = Cosa fare

## lifeboat check

cli-check-empty-book = nessun account da verificare: aggiungine uno con `lifeboat accounts add`
cli-check-signing-in-with = Accesso con l'app {$client} ({$id})
cli-check-signing-in = Accesso a {$upn}
cli-check-browser-hint = Completa l'accesso nel browser che si è aperto.
cli-check-buttons = Durante un accesso: s + Invio = «sono bloccato alla verifica MFA», c + Invio = salta l'account.
cli-check-no-display = Qui non c'è una sessione grafica (né DISPLAY né WAYLAND_DISPLAY), quindi nessun browser potrebbe mostrare la pagina di accesso: ogni accesso usa invece un codice da digitare su un altro dispositivo.
cli-check-falling-back = Si passa all'accesso con codice dispositivo.
cli-check-needs-consent = l'elenco dei metodi richiede il consenso dell'amministratore: controllali a mano in Informazioni di sicurezza
cli-check-methods-read = metodi letti
cli-check-code = codice
cli-check-second-step = Accesso riuscito. Ti ha chiesto una seconda verifica, superata con qualcosa che hai ancora? sì + Invio oppure no + Invio.
cli-check-not-checked = non controllato

## lifeboat tickets

cli-tickets-none = Nessun account richiede l'intervento dell'IT: non c'è nessun ticket da preparare.
cli-tickets-link-shortened = lifeboat: il link per {$tenant} è stato abbreviato; per il testo completo usa --format eml --out CARTELLA
cli-tickets-reply-address-why = Un ticket ha bisogno di un indirizzo a cui l'IT possa risponderti. I tuoi account di lavoro o di scuola sono bloccati, quindi una risposta lì non ti arriverebbe mai: indicane uno che puoi leggere adesso, per esempio un indirizzo personale.
cli-tickets-reply-address-prompt = Indirizzo email che puoi leggere adesso:
cli-tickets-reply-address-how = Indicalo con: lifeboat tickets --contact-email INDIRIZZO (oppure lifeboat situation --contact-email INDIRIZZO)

## lifeboat troubleshoot

cli-troubleshoot-clock = Orologio di questo computer meno quello di Microsoft: { $seconds } s (i codici monouso tollerano circa 30 s).
cli-troubleshoot-no-clock = lifeboat: non è stato possibile confrontare l'orologio di questo computer con quello di Microsoft ({ $why }); il resto dei consigli vale comunque.
cli-troubleshoot-nothing = Niente di quello che Lifeboat sa indica un problema qui.
