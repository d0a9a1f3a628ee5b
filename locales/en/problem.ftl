# What went wrong around a check, in words a person understands (crates/core/src/problem/). Each sentence keeps
# the identifiers IT needs (HTTP status, Graph code, request-id, AADSTS code) and never a token.
# $reference: " (AADSTS50076)", " (error “invalid_grant”)" or nothing, from problem-entra-aadsts/-error.

problem-entra-aadsts = (AADSTS{$code})
problem-entra-error = (error “{$name}”)
# $duration: problem-duration.
problem-duration = { $unit ->
    [minutes] { $count ->
        [one] {$count} minute
       *[other] {$count} minutes
    }
   *[seconds] { $count ->
        [one] {$count} second
       *[other] {$count} seconds
    }
}

## Problem: around a check

problem-session-expired = The remembered session has expired or was ended by the organisation{$reference}; you need to sign in again.
problem-session-must-register = Microsoft is asking to register security info{$reference}, so the remembered session is not enough; you need to sign in again.
problem-session-second-step = Microsoft is asking for the second step again{$reference}, so the remembered session is not enough; you need to sign in again.
problem-no-refresh-token = Microsoft did not grant a renewable session (offline_access), so the list of methods cannot be read.
# $why: the token error, explained.
problem-methods-scope-refused = Permission to read the list of methods was not granted. {$why}
problem-sessions-not-remembered = Sessions are not remembered between checks because the system keyring is not available; every check will ask you to sign in again.
# $why: one of the problem-book-* reasons.
problem-result-not-saved = The result was not saved: {$why}
problem-check-not-started = The check did not start: {$why}
problem-recheck-stopped = The re-check of this account stopped unexpectedly; try again.

## BookError: why the account book refused, as the end of a sentence ($path: the person's own file)

problem-book-unreadable = the account list file cannot be read, so Lifeboat left it exactly as it was; the previous version can be put back from the account list.
problem-book-permission-denied = the system denies Lifeboat access to {$path}.
problem-book-storage-full = the disk holding {$path} is full.
problem-book-read-only = the disk holding {$path} is read-only.
problem-book-io = the system reported an error on {$path}; the technical details are in Lifeboat's log.
problem-book-unknown-account = the account is no longer in the list (it was removed during the check).
problem-book-nothing-to-confirm = this account's sign-in did not finish, so there is nothing to confirm.
problem-book-no-backup = there is no previous version of the list to put back.
problem-book-busy = another Lifeboat (the window or the command line) is changing the account list; try again in a moment.
problem-book-invalid-field = the account's “{$field}” field is not valid.
problem-book-duplicate = {$upn} is already in the list for that organisation.
problem-book-import = the imported file has a problem ({$source}).
problem-book-import-line = the imported file has a problem ({$source}, line {$line}).

## SignInError

problem-no-tenant = “{$upn}” does not show which organisation the account belongs to; add the organisation's domain or tenant id.
problem-no-id-token = Microsoft did not send the proof of who signed in (ID token); try again.
problem-account-not-named = Microsoft's proof of identity (ID token) does not say which account signed in, so Lifeboat cannot confirm it was {$expected}; try again.
problem-wrong-account = You signed in as {$found} instead of {$expected}; try again and pick the right account.
problem-timed-out = The sign-in did not finish within {$duration}; try again when you have time to complete it.
problem-cancelled = The sign-in was cancelled.
problem-stuck-at-mfa = You said you were stuck at the second step (MFA).
problem-device-code-expired = The device code expired before the sign-in finished; try again to get a new one.
problem-device-code-declined = The sign-in was declined on the device code page.
problem-device-code-mistyped = The code typed on the device code page was not recognised; try again and check it carefully.

## DiscoveryError

problem-invalid-tenant = “{$tenant}” is not a valid domain or tenant id; check how it is spelled.
problem-unknown-tenant = Microsoft knows no organisation by the name “{$tenant}”; check how it is spelled.
problem-discovery-status = Microsoft's sign-in service returned an error (HTTP {$status}) while looking up “{$tenant}”; try again later.
problem-discovery-malformed = Microsoft's sign-in service gave an unreadable answer for “{$tenant}”; try again later.
problem-foreign-endpoint = The sign-in configuration of “{$tenant}” points to another server ({$url}); to be safe, Lifeboat sent nothing there.

## ConfigError: hosts tokens must not go to ($role: authority or graph)

problem-config-not-a-host = { $role ->
    [authority] The sign-in address
   *[graph] The Microsoft Graph address
} “{$value}” is not a valid web address (http or https, with no user name, query or fragment).
problem-config-plain-http = { $role ->
    [authority] The sign-in address
   *[graph] The Microsoft Graph address
} “{$value}” uses unencrypted http to another computer; Lifeboat accepts only https, or http to this computer (localhost).

## TransportError

problem-transport-timeout = The server did not reply within {$duration}; check the internet connection and try again.
problem-transport-connect = Lifeboat cannot reach {$host}; check the internet connection and try again.
problem-transport-broke-off = The connection broke off; check the internet connection and try again.

## TokenError

problem-token-status = Microsoft's sign-in service returned an error (HTTP {$status}) with no explanation; try again later.
problem-token-malformed = Microsoft's sign-in service gave an unreadable answer; try again later.

## EntraError: worded from the outcome Entra's codes mean

problem-entra-sign-in-again = Microsoft wants you to sign in again because the session has expired or is no longer valid{$reference}.
problem-entra-blocked-by-mfa = Microsoft asked for a second step (MFA) that was not passed{$reference}.
problem-entra-must-register = Microsoft wants a verification method registered before letting you in{$reference}.
problem-entra-registration-blocked = The organisation does not allow registering verification methods from here{$reference}; IT has to help.
problem-entra-blocked-by-policy = An access policy of the organisation blocked the sign-in{$reference}; IT has to help.
problem-entra-consent-missing = The organisation has not approved the app Lifeboat signs in with yet{$reference}.
problem-entra-wrong-account-or-tenant = Microsoft does not find this account in this organisation{$reference}; check the name and the organisation.
problem-entra-password = The password is wrong or has expired{$reference}.
problem-entra-disabled-or-locked = The account is disabled or locked{$reference}; IT has to help.
problem-entra-transient = Microsoft did not complete the request because of a passing problem{$reference}; try again later.
problem-entra-skipped = The sign-in was cancelled on Microsoft's page{$reference}.
problem-entra-refused = Microsoft refused the request{$reference}.

## IdTokenError

problem-id-token-malformed = Microsoft's proof of identity (ID token) cannot be read, so Lifeboat did not accept it.
problem-id-token-algorithm = Microsoft's proof of identity (ID token) uses a signing algorithm that is not allowed ({$algorithm}), so Lifeboat did not accept it.
problem-id-token-unknown-key = Microsoft's proof of identity (ID token) is signed with a key the organisation does not publish, so Lifeboat did not accept it.
problem-id-token-signature = Microsoft's proof of identity (ID token) has a signature that is not valid, so Lifeboat did not accept it.
problem-id-token-issuer = Microsoft's proof of identity (ID token) comes from an unexpected issuer (“{$issuer}”), so Lifeboat did not accept it.
problem-id-token-audience = Microsoft's proof of identity (ID token) is meant for another application, so Lifeboat did not accept it.
problem-id-token-nonce = Microsoft's proof of identity (ID token) does not belong to this sign-in (nonce), so Lifeboat did not accept it.
problem-id-token-expired = Microsoft's proof of identity (ID token) has expired; check that this computer's date and time are right, then try again.
problem-id-token-not-yet-valid = Microsoft's proof of identity (ID token) is not valid yet; check that this computer's date and time are right, then try again.
problem-id-token-missing-tenant = Microsoft's proof of identity (ID token) does not name the organisation (tid), so Lifeboat did not accept it.
problem-id-token-wrong-tenant = You signed in to the organisation {$found} instead of {$expected}; try again and pick the right account.
problem-id-token-keys = The keys the organisation signs sign-ins with could not be read; try again later.

## TokenStoreError

problem-keyring-unavailable = Lifeboat could not remember the session because the system keyring is not available; next time you will need to sign in again.
problem-keyring-refused = Lifeboat could not remember the session because the system keyring refused access; next time you will need to sign in again.
problem-keyring-damaged = The saved session for this account was damaged and was ignored; you need to sign in again.

## GraphError: Graph is read for the list of methods ($reference: "HTTP 503 serviceNotAvailable, request-id …")

problem-graph-refused = Microsoft Graph did not return the list of methods ({$reference}).
problem-graph-refused-for-now = Microsoft Graph did not return the list of methods ({$reference}); try again later.
problem-graph-gave-up = Microsoft Graph kept refusing to give the list of methods after {$attempts} attempts (last: {$reference}); try again later.
problem-graph-malformed = Microsoft Graph's answer with the list of methods was unreadable; try again later.
problem-graph-foreign-next-link = Microsoft Graph pointed to another server ({$host}) for the rest of the list of methods; to be safe, Lifeboat stopped there.
problem-graph-too-many-pages = The list of methods ran past {$pages} pages, so Lifeboat stopped reading it.

## BrowserError, SetupError

problem-no-browser = No web browser could be opened on this computer.
problem-setup-listener = Lifeboat could not open the local port Microsoft sends the browser back to after the sign-in; try again.
