# What the `lifeboat` command prints for people (crates/cli/src/). Labels are followed by ": " and a value;
# the layout (indentation, numbering) stays in the code.

## lifeboat --version

cli-about-version = version
cli-about-platform = platform
cli-about-language = language

## lifeboat accounts

cli-account-added = Added account {$id}: {$upn}
cli-account-changed = Changed account {$id}: {$upn}
cli-account-removed = Removed account {$id}: {$upn}
cli-accounts-imported = Import done: {$added} new, {$updated} updated
# $accounts: count-accounts.
cli-backup-restored = Restored the backup ({$accounts})
cli-backup-set-aside = The replaced file was kept as: {$path}
cli-accounts-empty = No accounts yet. Add one with: lifeboat accounts add --upn NAME@DOMAIN
cli-account-guest = guest
cli-account-last-check = last check
cli-account-last-inventory = last method list

## lifeboat situation

cli-situation-full-name = Full name
cli-situation-happened = What happened to the phone
cli-loss-lost = lost
cli-loss-stolen = stolen
cli-loss-broken = broken
cli-loss-wiped = wiped
cli-situation-lost-devices = Lost devices
cli-situation-held-devices = Devices still held
cli-situation-unreachable-numbers = Unreachable numbers
cli-situation-otp-on-held-device = One-time codes on a device still held
cli-situation-passkey-on-held-device = Authenticator passkey on a device still held
cli-situation-external-usable = External MFA provider still usable
cli-situation-lost-on = Day of the loss
cli-situation-contact-email = Contact email
cli-none = none
cli-situation-number-current = Registered phone number still yours
cli-situation-backup-on = Authenticator cloud backup on
cli-not-asked = not answered
cli-yes = yes
cli-no = no

## lifeboat assess

cli-assess-verdict = Verdict
cli-assess-grade = Grade
cli-assess-usable = Usable methods
cli-assess-not-counted = Methods that do not count
cli-assess-evidence = What this rests on
cli-assess-steps = What to do

## lifeboat check

cli-check-empty-book = no accounts to check: add one with `lifeboat accounts add`
cli-check-signing-in-with = Signing in with the app {$client} ({$id})
cli-check-signing-in = Signing in to {$upn}
cli-check-browser-hint = Finish the sign-in in the browser window that opened.
cli-check-buttons = During a sign-in: s + Enter = "I'm stuck at the MFA prompt", c + Enter = skip the account.
cli-check-no-display = There is no graphical session here (no DISPLAY or WAYLAND_DISPLAY), so no browser could show a sign-in page: each sign-in uses a code you type on another device instead.
cli-check-falling-back = Switching to the device code sign-in.
cli-check-needs-consent = the method list needs admin consent: check your methods by hand on Security info
cli-check-methods-read = methods read
cli-check-code = code
cli-check-second-step = Signed in. Did it ask for a second step, passed with something you still have? yes + Enter or no + Enter.
cli-check-not-checked = not checked

## lifeboat tickets

cli-tickets-none = No account needs IT: there is no ticket to draft.
cli-tickets-link-shortened = lifeboat: the link for {$tenant} was shortened; for the full text use --format eml --out DIR
cli-tickets-reply-address-why = A ticket needs an address where IT can answer you. Your work or school accounts are locked, so an answer there would never reach you: give one you can read now, such as a personal address.
cli-tickets-reply-address-prompt = Email address you can read now:
cli-tickets-reply-address-how = Give it with: lifeboat tickets --contact-email ADDRESS (or lifeboat situation --contact-email ADDRESS)

## lifeboat troubleshoot

cli-troubleshoot-clock = This computer's clock minus Microsoft's: { $seconds } s (one-time codes tolerate about 30 s).
cli-troubleshoot-no-clock = lifeboat: this computer's clock could not be measured against Microsoft's ({ $why }); the rest of the advice stands.
cli-troubleshoot-nothing = Nothing in what Lifeboat knows points to a problem here.
