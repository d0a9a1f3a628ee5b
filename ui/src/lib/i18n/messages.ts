// Every string the window shows, in English and Italian. The Italian table must have exactly the English keys
// (the type checker enforces it) and the same {placeholders} (a test enforces it).

export const en = {
  "app.name": "Lifeboat",
  "app.tagline": "Lost the phone with Microsoft Authenticator? Let's get you back into every account.",
  "app.version": "Version {version}",
  "lang.label": "Language",
  "lang.it": "Italiano",
  "lang.en": "English",
  "start.heading": "What happened?",
  "start.lost.title": "I lost my phone",
  "start.lost.body":
    "Your phone is lost, broken or wiped. Lifeboat checks each account in turn and tells you which ones you can recover yourself and which need your IT department.",
  "start.ready.title": "Check my readiness",
  "start.ready.body":
    "You still have your phone. See how each account would fare if you lost it, and what to add so that you never get locked out.",
  "start.practice.title": "Practice with sample tenants",
  "start.practice.body":
    "Try everything with made-up organisations. Nothing leaves your computer and no real account is touched.",
  "start.privacy":
    "Lifeboat never sees your passwords: you sign in on Microsoft's own page in your browser. Sessions are kept only in your system's keyring.",
  "error.generic": "Something went wrong: {message}",
} as const;

export type MessageKey = keyof typeof en;

export const it: Record<MessageKey, string> = {
  "app.name": "Lifeboat",
  "app.tagline": "Hai perso il telefono con Microsoft Authenticator? Ti aiutiamo a rientrare in ogni account.",
  "app.version": "Versione {version}",
  "lang.label": "Lingua",
  "lang.it": "Italiano",
  "lang.en": "English",
  "start.heading": "Che cosa è successo?",
  "start.lost.title": "Ho perso il telefono",
  "start.lost.body":
    "Il telefono è perso, rotto o ripristinato. Lifeboat controlla un account alla volta e ti dice quali puoi recuperare da solo e per quali serve il tuo reparto IT.",
  "start.ready.title": "Verifica se sei pronto",
  "start.ready.body":
    "Hai ancora il telefono. Scopri come andrebbe ogni account se lo perdessi e che cosa aggiungere per non restare mai chiuso fuori.",
  "start.practice.title": "Prova con organizzazioni di esempio",
  "start.practice.body":
    "Prova tutto con organizzazioni inventate. Nulla lascia il tuo computer e nessun account reale viene toccato.",
  "start.privacy":
    "Lifeboat non vede mai le tue password: accedi sulla pagina di Microsoft nel tuo browser. Le sessioni restano solo nel portachiavi del sistema.",
  "error.generic": "Qualcosa è andato storto: {message}",
};

export const catalogs = { en, it } as const;
export type Lang = keyof typeof catalogs;
