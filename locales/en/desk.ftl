# The IT desk (crates/core/src/desk/, crates/cli/src/desk.rs): opening a ticket, verifying identity, the
# actions, the audit, the closing note, a tenant's readiness.

## Opening a ticket

desk-open-not-lifeboat = This is not a Lifeboat ticket: it has no Lifeboat ticket block. Handle it as an ordinary request.
desk-open-damaged = This Lifeboat ticket's block is damaged ({$why}). Ask the person to send the ticket again as an attachment.
desk-open-unsupported-version = This ticket was written by a newer Lifeboat (block version {$version}). Update Lifeboat to read it.
desk-open-no-account = This Lifeboat ticket names no account.
desk-open-too-large = This file is too large to be a ticket.
desk-open-unknown-account = The ticket names no account “{$upn}”.

## How identity was confirmed

desk-identity-video-call-with-id = video call with an identity document
desk-identity-in-person = in person
desk-identity-call-back-on-file = call back to the number on file
desk-identity-other = other: {$text}

desk-verify-how-missing = Say how you confirmed the person's identity.
desk-verify-other-without-text = Describe how you confirmed the person's identity.
desk-verify-second-person-missing = This account holds an administrator role: name the second person who checked the identity.
desk-verify-second-person-is-the-admin = The second person must be someone other than you.
desk-verify-privileged-admin = This account holds an administrator role: only a Privileged Authentication Administrator may reset it. Confirm that you hold that role.

## Refusals from Microsoft Graph (403), as the role that is missing

desk-403-methods = Microsoft refused: resetting this user's methods needs the Authentication Administrator role (or Privileged Authentication Administrator), and the app needs UserAuthenticationMethod.ReadWrite.All with admin consent. (request-id {$requestId})
desk-403-methods-admin = Microsoft refused: this user holds an administrator role, so only a Privileged Authentication Administrator (or Global Administrator) may change their methods. (request-id {$requestId})
desk-403-revoke = Microsoft refused to revoke the sessions: that needs User.RevokeSessions.All and a role such as Authentication, Helpdesk or User Administrator. (request-id {$requestId})
desk-403-tap-policy = Your role cannot read the Temporary Access Pass policy (that needs a role allowed to read authentication method policies, such as Global Reader): Microsoft will apply the policy's default lifetime. (request-id {$requestId})
desk-403-find-user = Microsoft refused to look the user up: the app needs User.Read.All with admin consent. (request-id {$requestId})
desk-403-report = Microsoft refused the registration report: it needs AuditLog.Read.All with admin consent and a reports role (Reports Reader, Security Reader, Global Reader). (request-id {$requestId})
desk-403-licence = Microsoft refused the registration report: the organisation needs a Microsoft Entra ID P1 or P2 licence. (request-id {$requestId})
desk-consent-missing = Your organisation has not granted admin consent to the app Lifeboat signs in with for: {$scopes}. An administrator who may grant consent (Global Administrator, Privileged Role Administrator, or Cloud Application Administrator for most of them) can grant it in the Entra admin center, Enterprise applications, the app, Permissions.
desk-user-not-found = No user “{$upn}” in this organisation. A guest is found by the address they were invited with.
desk-graph-failed = Microsoft Graph did not answer as expected: {$detail}
desk-file-failed = The file could not be written: {$detail}

## Lifeboat's own refusals

desk-refused-not-verified = Complete the identity verification for {$upn} first.
desk-refused-method-gone = The registration {$id} is no longer there: nothing to delete.
desk-refused-unsupported-type = Lifeboat does not delete registrations of type {$type}; use the Entra admin center.
desk-refused-tap-disabled = Temporary Access Pass is disabled in this organisation's authentication methods policy: enable it (Entra admin center → Authentication methods → Temporary Access Pass) or use “Require re-register MFA”.
desk-refused-tap-exists = This user already has a Temporary Access Pass. A new one replaces it: confirm that you want to replace it.
desk-refused-tap-lifetime = A lifetime of {$asked} minutes is outside this organisation's policy ({$minimum}–{$maximum} minutes).
desk-refused-guest-sessions = This is a guest: revoking sessions does not reach them, because their sessions live in their home organisation. Ask their home organisation's IT.

## Previews: the request before it is made

desk-preview-remove = Delete “{$label}” from {$upn}'s methods: {$request}
desk-preview-tap = Create a one-time Temporary Access Pass for {$upn}, valid {$minutes} minutes: {$request}
desk-preview-tap-default-lifetime = Create a one-time Temporary Access Pass for {$upn}, valid for the policy's default lifetime: {$request}
desk-preview-revoke = End every sign-in session of {$upn} (they sign in again everywhere): {$request}

## The closing note (in the ticket's language)

desk-note-opening = Request for {$upn}: closed.
desk-note-verified = Identity confirmed by {$how}.
desk-note-second-person = Second check by {$name}.
desk-note-removed = Deleted the registration “{$label}”.
desk-note-already-gone = The registration “{$label}” had already been removed.
desk-note-tap = Created a one-time Temporary Access Pass, valid {$minutes} minutes, handed over separately.
desk-note-revoked = Revoked every sign-in session.
desk-note-guest-not-revoked = Sessions not revoked: a guest's sessions live in their home organisation.
desk-note-nothing-done = No change was made.
desk-note-closing = Sign in with the pass, add a new method at Security info (https://mysignins.microsoft.com/security-info), then add a second one so a lost phone cannot lock you out again.

## Readiness of a whole organisation

desk-readiness-message = Hello, your work or school account can sign in with only one phone: if you lose it, you are locked out until IT resets it. Please add a second method today at https://mysignins.microsoft.com/security-info (a phone number, a passkey or a second device). Thank you.

## lifeboat desk (the command line)

desk-cli-ticket = Ticket for {$upn} ({ $guest ->
    [yes] guest
   *[no] member
}{ $admin ->
    [yes] , administrator role
   *[no] {""}
}) in {$tenant}. It asks for: {$asks}. Reply to: {$replyTo}
desk-cli-methods-heading = The user's methods now, beside the ticket:
desk-cli-state-to-remove = to delete
desk-cli-state-already-gone = already gone
desk-cli-state-unchanged = unchanged
desk-cli-state-new = new
desk-cli-state-gone = gone since
desk-cli-unknown-how = “{$how}” is not a way of confirming identity Lifeboat knows: video_call_with_id, in_person, call_back_on_file or other (with --how-text).
desk-cli-verified = Identity verification complete for {$upn}: the actions are unlocked.
desk-cli-no-action = Say what to do: --remove ID, --remove-listed, --tap or --revoke.
desk-cli-preview-only = Nothing was done. Run again with --yes to do it.
desk-cli-done = Done (request-id {$requestId}).
desk-cli-tap-once = Temporary Access Pass (shown once, saved nowhere; give it to the person another way): {$pass}
desk-cli-readiness-progress = {$users} users read ({$pages} pages)
desk-cli-readiness-summary = {$users} users: {$noMethod} with no method, {$single} with only the Authenticator app, {$fine} fine. Users to tell: {$path}
desk-cli-signing-in = Signing in as {$admin}…
desk-cli-sign-in-failed = The sign-in as {$admin} did not complete: {$why}
desk-ask-temporary-access-pass = a one-time Temporary Access Pass
desk-ask-remove-methods = delete the lost registrations
desk-ask-revoke-sessions = revoke sessions
desk-ask-second-person-check = a second person checks the identity
