# Words for verdicts, grades, reasons, evidence and steps (crates/core/src/assess/render.rs): one wording for
# the CLI, the desktop and the tickets. Dates ($at, $until) come as "2026-09-14 08:00 UTC"; $names and
# $devices as “Phone”, “Other phone”.

## Verdict headlines

assess-verdict-self-service = You can most likely recover this account yourself.
assess-verdict-needs-it = Your organisation's IT must act: nothing you still have can pass the second sign-in step.
assess-verdict-not-registered = No method for the second step is registered: the next sign-in will ask you to set one up.
assess-verdict-unknown = Not known yet: Lifeboat has neither the list of methods nor a sign-in that decides it.
assess-headline-policy-blocks = Your organisation's IT must act: an access policy blocks this sign-in, whatever method you use.
assess-headline-account-disabled = Your organisation's IT must act: the account is disabled or locked.
assess-headline-registration-blocked = Your organisation's IT must act: it does not let you register a new second-step method from here.

## Grades

assess-grade-a = two or more independent ways in, at least one of them phishing-resistant
assess-grade-b = two or more independent ways in
assess-grade-c = several methods, all tied to the same device or line
assess-grade-d = a single method
assess-grade-f = no usable method

## Methods as the person recognises them ($label: the device's name, a phone number's last digits, an address)

assess-method-password = password
assess-method-email = email address
assess-method-email-named = email address {$label}
assess-method-qr-code-pin = QR code and PIN
assess-method-authenticator-app = Microsoft Authenticator (unnamed device)
assess-method-authenticator-app-named = Microsoft Authenticator on “{$label}”
assess-method-passwordless = passwordless sign-in with Authenticator
assess-method-passwordless-named = passwordless sign-in with Authenticator on “{$label}”
assess-method-authenticator-passkey = passkey in Microsoft Authenticator
assess-method-authenticator-passkey-named = passkey in Microsoft Authenticator (“{$label}”)
assess-method-security-key = security key
assess-method-security-key-named = security key “{$label}”
assess-method-windows-passkey = Windows Hello passkey
assess-method-windows-passkey-named = Windows Hello passkey on “{$label}”
assess-method-synced-passkey = synced passkey
assess-method-synced-passkey-named = synced passkey “{$label}”
assess-method-windows-hello = Windows Hello for Business
assess-method-windows-hello-named = Windows Hello for Business on “{$label}”
assess-method-platform-credential = Platform Credential for macOS
assess-method-platform-credential-named = Platform Credential on the Mac “{$label}”
assess-method-mobile-phone = mobile phone
assess-method-mobile-phone-named = mobile phone ending {$label}
assess-method-alternate-mobile-phone = alternate mobile phone
assess-method-alternate-mobile-phone-named = alternate mobile phone ending {$label}
assess-method-office-phone = office phone
assess-method-office-phone-named = office phone ending {$label}
assess-method-other-phone = phone
assess-method-other-phone-named = phone ending {$label}
assess-method-software-oath = one-time code app (OATH)
assess-method-hardware-oath = hardware token
assess-method-hardware-oath-named = hardware token “{$label}”
assess-method-temporary-access-pass = Temporary Access Pass
assess-method-external = external provider
assess-method-external-named = external provider “{$label}”
# $type: Graph's @odata.type.
assess-method-unrecognised = unrecognised method ({$type})
# A method inside a sentence, with the article it needs ($kind: the method's kind; brand names stand alone).
assess-method-in-sentence = { $kind ->
    [authenticator_app] {$method}
    [windows_hello] {$method}
    [platform_credential] {$method}
   *[other] the {$method}
}

## Why a method counts or not

assess-reason-held-computer = likely usable, but only when signing in from that computer, which you still have.
assess-reason-held-synced-passkey = likely usable from another device signed in to the service that syncs the passkey.
assess-reason-held-device = likely usable: the device it lives on is not declared lost.
assess-reason-passkey-confirmed = likely usable: you confirmed it lives on a device you still have.
assess-reason-passkey-no-phone-lost = likely usable: no phone with Authenticator is declared lost.
-sms-ends = Microsoft stops its own SMS and voice delivery on 1 February 2027 unless your organisation brings its own provider.
assess-reason-number-reachable-mobile = likely usable by SMS or call if the number still reaches you (if its SIM was in the lost phone, your mobile operator can issue a replacement). { -sms-ends }
assess-reason-number-reachable-voice = likely usable by voice call if that line still reaches you. { -sms-ends }
assess-reason-codes-on-held-device = likely usable: you confirmed the codes live on a device you still have.
assess-reason-codes-backed-up = likely usable: the codes live on a device you still have, and Authenticator's cloud backup keeps a copy that outlives the phone.
assess-reason-pass-usable-until = usable until {$until}: the pass your IT issued exists to let you in and register new methods.
assess-reason-pass-usable = usable: the pass your IT issued exists to let you in and register new methods.
assess-reason-external-confirmed = likely usable: you confirmed you can complete this provider's check.
assess-reason-proven-by-sign-in = proven: you confirmed it passed the second step of the sign-in on {$at}.
assess-reason-password-first-step = the password is the first step only; it never replaces the second.
assess-reason-email-reset-only = email only helps reset a password; it is never a second step.
assess-reason-qr-code-first-step = a QR code and PIN are a first step only.
assess-reason-passwordless-first-step = passwordless sign-in replaces the password, not the second step.
assess-reason-on-lost-device = it lives on “{$device}”, which you declared lost.
assess-reason-presumed-on-lost-phone = treated as being on the lost phone; if it lives in Authenticator on a device you still have, say so and it will count.
assess-reason-might-be-lost-device = it could be {$devices}, the device you declared lost, under another name; confirm you still have it and it will count.
assess-reason-number-unreachable = you declared this number unreachable.
assess-reason-number-not-current = you said this number is no longer yours.
assess-reason-unknown-phone = a phone entry of a type Lifeboat does not know, or without a number: not counted.
assess-reason-codes-location-unknown = Microsoft does not say which device holds the codes; they count once you confirm it is a device you still have.
# $status: Graph's status of the token.
assess-reason-token-not-activated = the token is not activated (status: {$status}).
assess-reason-pass-expired-on = the pass expired on {$at}.
assess-reason-pass-expired = the pass has expired.
assess-reason-pass-not-yet-valid-from = the pass is not valid yet (it starts on {$at}).
assess-reason-pass-not-yet-valid = the pass is not valid yet.
assess-reason-pass-already-used = the one-time pass has already been used.
assess-reason-pass-disabled-by-policy = the organisation's policy disables passes.
assess-reason-pass-not-usable = Microsoft reports the pass as not usable.
assess-reason-external-unconfirmed = an external provider's check: it counts once you confirm you can still complete it.
assess-reason-unrecognised = a method type Lifeboat does not know: it is never counted.

## Why IT must act: each ends by saying Lifeboat drafts the ticket

-ask-it = Contact your organisation's IT and ask for a Temporary Access Pass or for “Require re-register MFA”.
-ticket-drafted = Lifeboat drafts the ticket for this organisation.
assess-it-no-usable-method = { -ask-it } { -ticket-drafted }
assess-it-sign-in-blocked-by-mfa = The sign-in stopped at the second step. { -ask-it } { -ticket-drafted }
assess-it-registration-blocked = Your organisation blocks registering security info from here (a risk or location policy): contact its IT. { -ticket-drafted }
assess-it-policy-blocks-sign-in = An access policy of your organisation blocks this sign-in, and another method would not help: contact its IT. { -ticket-drafted }
assess-it-account-disabled = The account is disabled or locked: only your organisation's IT can unlock it. { -ticket-drafted }

## Steps ($method: a method in a sentence, from assess-method-in-sentence; $url: a Microsoft page)

assess-step-replace-sim = If the SIM for the number ending {$ending} was in the lost phone, first ask your mobile operator for a replacement SIM.
assess-step-open-security-info = Open {$url} in a browser and sign in with this account.
assess-step-open-security-info-switch = Open {$url} in a browser and sign in with this account. If it shows another organisation, switch to this one from your profile menu.
assess-step-sign-in-with-pass = When asked, enter the Temporary Access Pass your IT gave you.
assess-step-sign-in-from-computer = Do it from that computer: sign in there with {$method}.
assess-step-sign-in-with = At the second step choose “Sign in another way” and use {$method}.
assess-step-sign-in-as-before-with = Sign in as you did in the sign-in you confirmed (with “{$label}”).
assess-step-sign-in-as-before = Sign in as you did in the sign-in you confirmed.
assess-step-delete-lost-registration = In Security info, delete {$method}: it lives on a device you no longer have.
assess-step-add-authenticator = Add Microsoft Authenticator on your new phone (“Add sign-in method” → Microsoft Authenticator).
assess-step-add-phishing-resistant = Add a passkey or a FIDO2 security key: it resists phishing and does not depend on a phone number.
assess-step-add-method-on-another-device = Add a second method on a different device (a security key, a passkey on another device, Authenticator on a second device), so losing one device no longer locks you out.
assess-step-move-off-sms-and-voice = Only SMS or calls remain: Microsoft stops its own SMS and voice delivery on 1 February 2027 unless your organisation brings its own provider, so add another method soon.
assess-step-update-phone-number = The number ending {$ending} is no longer yours: on Security info, change it to your current number (or delete it) while you can still sign in; only IT can change it once you are locked out.
assess-step-confirm-codes-location = Tell Lifeboat whether your one-time code app is on a device you still have: if so, it counts.
assess-step-confirm-passkey-location = Tell Lifeboat whether your passkey in Microsoft Authenticator is on a device you still have: if so, it counts.
assess-step-confirm-external-provider = Tell Lifeboat whether you can still complete the check of “{$provider}”: if so, it counts.
assess-step-confirm-external = Tell Lifeboat whether you can still complete the external provider's check: if so, it counts.
# The sentence starts with the method: Lifeboat capitalises its first letter.
assess-step-confirm-device = Is {$method} one of the devices you declared lost ({$devices})? If you still have it, tell Lifeboat and it will count.
assess-step-confirm-second-step = Tell Lifeboat whether your last sign-in asked for a second step and what you used to pass it.
# $methods: methods in a sentence, separated by commas.
assess-step-try-other-methods-first = Before contacting IT: at the second step choose “Sign in another way” and try {$methods}.
assess-step-after-it-acts = Once IT has acted, sign in (with the pass, if you were given one), delete the lost device in Security info, add Authenticator on your new phone and a second method on another device.
assess-step-register-at-next-sign-in = Sign in to the account (or open {$url}): you will be asked to set up security info. Register Microsoft Authenticator on your phone and a second method on another device, such as a passkey or a security key.
assess-step-check-manually = Open {$url} (or, at the second step, the “Sign in another way” list) and tell Lifeboat which methods you see.
assess-step-no-action-needed = Nothing to improve: this account survives losing any one device.

## Evidence ($what: assess-sign-in-*; $code: " (AADSTS50076)" or nothing; $methods: count-methods)

assess-evidence-decisive = The verdict rests on it.
assess-evidence-sign-in = Sign-in on {$at}: {$what}{$code}.
assess-evidence-graph = List of registered methods read from Microsoft Graph on {$at} ({$methods}).
assess-evidence-manual = List of methods you ticked on {$at} ({$methods}).
assess-evidence-last-known = Last known list of methods, from {$at} ({$methods}): it may be out of date.
# $parts: the assess-declared-* parts, separated by "; ".
assess-declared = You declared: {$parts}.
assess-declared-lost = lost: {$devices}
assess-declared-held = still held: {$devices}
assess-declared-unreachable = unreachable numbers: {$count}
assess-declared-otp-on-held-device = one-time codes on a device you still have
assess-declared-passkey-on-held-device = Authenticator passkey on a device you still have
assess-declared-external-usable = external provider usable
assess-evidence-unmatched-lost-devices = No method of this account carries the name {$devices}: phone-bound methods you have not confirmed you hold are not counted.
assess-evidence-policy-may-disable = A registered method is usually allowed, but the organisation's policy can switch one off: hence “likely”.
assess-evidence-nothing-known = Nothing is known about this account yet.

## How a sign-in ended ($second_step: confirmed, confirmed_with ($method: what the person used), denied, unanswered)

assess-sign-in-completed = { $second_step ->
    [confirmed] completed, and you confirmed it passed a second step
    [confirmed_with] completed, and you confirmed it passed a second step with “{$method}”
    [denied] completed, without a second step using something you still have
   *[unanswered] completed, but you have not said yet whether it asked for a second step
}
assess-sign-in-consent-missing = { $second_step ->
    [confirmed] completed, but the organisation does not allow reading the methods, and you confirmed it passed a second step
    [confirmed_with] completed, but the organisation does not allow reading the methods, and you confirmed it passed a second step with “{$method}”
    [denied] completed, but the organisation does not allow reading the methods, without a second step using something you still have
   *[unanswered] completed, but the organisation does not allow reading the methods, but you have not said yet whether it asked for a second step
}
# A check row when the sign-in completed and the method list was read (the verdict rests on the list).
assess-sign-in-list-read = signed in, list of methods read
assess-sign-in-blocked-by-mfa = stopped at the second step (MFA)
assess-sign-in-must-register = asked to register security info
assess-sign-in-registration-blocked = registering security info is blocked
assess-sign-in-blocked-by-policy = blocked by an access policy
assess-sign-in-wrong-account-or-tenant = the account or the organisation was not found
assess-sign-in-password-problem = wrong or expired password
assess-sign-in-disabled-or-locked = account disabled or locked
assess-sign-in-transient = a temporary error
assess-sign-in-skipped = skipped
