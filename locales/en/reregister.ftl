# After IT acted: the guided re-registration on Security info and its verification sign-in (crates/core/src/reregistration.rs).

reregister-step-sign-in-with-pass = Open Security info for this organisation and sign in: at the second step use the Temporary Access Pass IT gave you (it works once, and only within its time), or do as IT told you.
reregister-step-add-authenticator = Add Microsoft Authenticator on the new phone: “Add sign-in method” → Microsoft Authenticator, scan the QR code with the app, allow its notifications, and approve the test by typing the number the page shows.
reregister-step-make-default = Make it the default: “Change” beside “Default sign-in method” → Microsoft Authenticator – notification.
reregister-step-remove-lost-device = If the lost phone is still listed, delete it, so nobody holding it can approve a sign-in.
reregister-step-remove-listed = Delete what is still listed for the lost phone: {$methods}. Nobody holding it can then approve a sign-in.
reregister-step-add-second-method = Add a second method on another device: a security key, a passkey on your computer, or a phone number, so the next loss does not lock you out again.
reregister-step-verify = Prove it: sign in again afresh (Lifeboat forgets its remembered session first) and pass the second step with the new phone.
reregister-verified = Re-registered and proven: a fresh sign-in on {$at} passed its second step with {$method}.
reregister-method-new-authenticator = Microsoft Authenticator on the new phone
reregister-not-started = Say first that IT has acted for this account.
reregister-not-fresh-remembered = a remembered session proves nothing about the new method: sign in afresh
reregister-not-fresh-not-completed = the sign-in did not complete
reregister-not-fresh-too-old = the sign-in is older than the moment you said IT had acted
reregister-verify-needs-evidence = “Prove it” is never a tick: it takes a fresh sign-in that you passed with the new method.
reregister-no-method = Choose the method you used in that sign-in.
reregister-cli-unknown-step = “{$step}” is not a step: use one of {$steps}.
reregister-cli-methods = Methods you may have used in the proving sign-in (newest first; give one with --method):
reregister-cli-not-proven = The sign-in of {$upn} proves nothing yet: {$why}.
