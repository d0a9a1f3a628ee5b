# Troubleshooting after a reset (crates/core/src/troubleshoot): each symptom's title, why Lifeboat thinks it
# applies ($methods: the methods concerned; $seconds and $direction: this computer's clock against Microsoft's),
# and its steps.

troubleshoot-repeated-prompts = Asked for the second step again and again
troubleshoot-because-stale = { $methods } is still registered on a phone you no longer have.
troubleshoot-repeated-prompts-remove = Ask IT to delete the old registration (the ticket names its ID), or delete it yourself on Security info once you are in.
troubleshoot-repeated-prompts-revoke = Ask IT to revoke your sessions, so apps signed in with the old method sign in again.
troubleshoot-repeated-prompts-private = Sign in once in a private browser window: old cookies keep pointing to the method that went.
troubleshoot-codes-rejected = One-time codes are refused
troubleshoot-because-clock = { $direction ->
    [ahead] This computer's clock is { $seconds } seconds ahead of Microsoft's; codes change every 30 seconds.
   *[behind] This computer's clock is { $seconds } seconds behind Microsoft's; codes change every 30 seconds.
}
troubleshoot-because-code-app = This account uses one-time codes, which fail when the clock of the phone or computer that makes them is off.
troubleshoot-codes-rejected-clock = Set the date and time to update automatically, on this computer and on the phone that shows the codes.
troubleshoot-codes-rejected-newest = Type the newest code, not one about to change.
troubleshoot-push = Authenticator's notifications do not arrive
troubleshoot-because-push = The sign-in asks { $methods } for approval.
troubleshoot-push-permission = Allow notifications for Microsoft Authenticator in the phone's settings.
troubleshoot-push-battery = Turn off battery saver for Authenticator: it can hold notifications back.
troubleshoot-push-network = Some networks block notifications: try mobile data instead of the Wi-Fi.
troubleshoot-push-number = Open Authenticator yourself: a waiting request shows there, and asks for the number on the sign-in page.
troubleshoot-number = A phone number that no longer works
troubleshoot-because-number = { $methods } no longer receives codes.
troubleshoot-number-it = Only IT can change the number while you cannot sign in: ask in the ticket.
troubleshoot-number-security-info = Once you are in with another method, change it yourself on Security info.
