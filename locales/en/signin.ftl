# The sign-in's own words (crates/core/src/signin/): the device-code fallback and the loopback pages the browser
# shows after a sign-in. The pages are HTML: $reason is escaped before it is placed.

# When Entra sends no sentence of its own with the device code.
signin-device-code-prompt = Open {$uri} and enter the code {$code}.

signin-page-received-title = Sign-in received
signin-page-received = You can close this tab and go back to Lifeboat.
signin-page-failed-title = Sign-in did not succeed
signin-page-failed = Lifeboat has recorded why: {$reason}
signin-page-rejected-title = Not this request
signin-page-rejected = This is not the sign-in Lifeboat is waiting for.
