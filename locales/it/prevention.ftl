# The prevention record (crates/core/src/views/prevention.rs): a page to save or print after a recovery or a
# readiness check.

prevention-heading = Il tuo resoconto di prontezza per gli accessi
prevention-as-of = Aggiornato al {$at}
prevention-accounts = Ogni account
prevention-account = Account
prevention-grade = Voto
prevention-meaning = Che cosa significa
prevention-single-points = Punti deboli unici
prevention-no-single-point = Nessun dispositivo, da solo, bloccherebbe un account.
# $device: the device; $count: how many accounts; $accounts: their sign-in names.
prevention-single-point = { $count ->
    [one] Perdere solo “{$device}” bloccherebbe 1 account: {$accounts}.
   *[other] Perdere solo “{$device}” bloccherebbe {$count} account: {$accounts}.
}
prevention-checklist = Da fare
prevention-check-second-device = Un secondo metodo su un altro dispositivo, per ogni account (un secondo telefono, un numero di telefono, una chiave di sicurezza).
prevention-check-key = Una passkey o una chiave di sicurezza dove l'organizzazione lo consente: non si può rubare con il phishing e non dipende dal telefono.
prevention-check-backup = Il backup nel cloud di Microsoft Authenticator attivo (ripristina i nomi degli account di lavoro, non il loro accesso).
prevention-check-number = Il numero di telefono registrato su ogni account è quello che hai adesso.
prevention-you-said-no = (hai risposto di no: è la prima cosa da fare)
prevention-check-codes = I codici monouso conservati dove puoi esportarli o spostarli.
prevention-footer = Preparato con Lifeboat. Conservalo dove puoi leggerlo anche senza telefono.
