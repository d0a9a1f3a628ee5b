# The words of an IT ticket (crates/core/src/ticket/render.rs), following docs/PRODUCT.md §5. The layout (list
# marks, numbering, indentation) and the admin's PowerShell lines stay in the code. $organisation: the
# organisation's name, domain or id; $devices: “Phone” and “Tablet”; $minutes: the pass's lifetime; $loss: what
# happened to the phone (lost, stolen, broken, wiped: the person says which, and a broken phone is not called lost).

## As text to copy, and the note a shortened mailto: body ends with

ticket-text-to = To: {$addresses}
ticket-text-web-form = Web form: {$url}
ticket-text-subject = Subject: {$subject}
ticket-shortened-note = [Shortened to fit a link. The full text is in the file {$file}: attach it or paste it here.]
# The last two items of a list ($head: the others, separated by commas).
join-and = {$head} and {$last}

## Subject ($who: the account, or count-accounts)

ticket-subject-lost-phone = { $loss ->
    [stolen] Stolen Microsoft Authenticator phone: temporary access request for {$who} ({$organisation})
    [broken] Broken Microsoft Authenticator phone: temporary access request for {$who} ({$organisation})
    [wiped] Wiped Microsoft Authenticator phone: temporary access request for {$who} ({$organisation})
   *[lost] Lost Microsoft Authenticator phone: temporary access request for {$who} ({$organisation})
}
ticket-subject-blocked = Blocked at multi-factor sign-in: temporary access request for {$who} ({$organisation})

## Opening ($count: how many accounts; $cause: ticket-cause-*)

ticket-greeting = Hello,
ticket-cause-lost-phone = { $loss ->
    [stolen] the phone {$devices} that holds Microsoft Authenticator was stolen
    [broken] the phone {$devices} that holds Microsoft Authenticator is broken
    [wiped] the phone {$devices} that held Microsoft Authenticator was wiped, and its work accounts with it
   *[lost] I lost the phone {$devices} that holds Microsoft Authenticator
}
ticket-cause-no-method = I no longer have the method I used for verification
ticket-opening = { $count ->
    [one] I can no longer complete multi-factor authentication (MFA) to sign in to my {$organisation} account: {$cause}. I cannot solve this on my own and I am asking for your help.
   *[other] I can no longer complete multi-factor authentication (MFA) to sign in to my {$organisation} accounts: {$cause}. I cannot solve this on my own and I am asking for your help.
}

## Who I am

ticket-who-heading = Who I am
ticket-label-full-name = Full name
ticket-label-account = Account
ticket-membership-member = member of the organisation
ticket-membership-guest = guest user, B2B
ticket-label-name-on-account = Name on this account
ticket-label-person-id = Student or staff ID
ticket-label-department = Department or course
ticket-admin-role = This account holds an administrator role.
ticket-label-organisation = Organisation
ticket-tenant-domain = domain {$domain}
ticket-tenant-id = tenant ID {$id}

## What happened

ticket-what-happened-heading = What happened
ticket-lost-phone-on = { $loss ->
    [stolen] On {$day} the phone {$devices} with Microsoft Authenticator was stolen.
    [broken] On {$day} the phone {$devices} with Microsoft Authenticator broke.
    [wiped] On {$day} the phone {$devices} with Microsoft Authenticator was wiped (reset).
   *[lost] On {$day} I lost the phone {$devices} with Microsoft Authenticator.
}
ticket-lost-phone = { $loss ->
    [stolen] The phone {$devices} with Microsoft Authenticator was stolen.
    [broken] The phone {$devices} with Microsoft Authenticator is broken.
    [wiped] The phone {$devices} with Microsoft Authenticator was wiped (reset).
   *[lost] I lost the phone {$devices} with Microsoft Authenticator.
}
ticket-number-unreachable = The phone number ending in {$ending} no longer receives codes.
ticket-codes-on-lost-phone = The one-time codes of my authenticator apps were on that phone too.
# $what: ticket-sign-in-*; $code: " (AADSTS50076)" or nothing.
ticket-sign-in = Sign-in attempt on {$at}: {$what}{$code}.
ticket-sign-in-blocked-by-mfa = the sign-in stopped at the MFA prompt
ticket-sign-in-must-register = the sign-in asked me to register a verification method
ticket-sign-in-registration-blocked = the sign-in asked me to register a method, but registration is blocked
ticket-sign-in-blocked-by-policy = the sign-in was blocked by a Conditional Access policy
ticket-sign-in-completed = the sign-in completed
ticket-sign-in-consent-missing = the sign-in worked, but my method list could not be read (consent missing)
ticket-sign-in-wrong-account-or-tenant = the sign-in did not find the account in this organisation
ticket-sign-in-password-problem = the sign-in stopped at the password
ticket-sign-in-disabled-or-locked = the sign-in reported the account as disabled or locked
ticket-sign-in-transient = the sign-in failed with a temporary error
ticket-sign-in-skipped = the sign-in was interrupted
# $source: ticket-inventory-source-*; $list: the methods, separated by commas, or ticket-inventory-none.
ticket-inventory = Registered methods in the last list ({$at}, {$source}): {$list}.
ticket-inventory-source-graph = read through Microsoft Graph
ticket-inventory-source-manual = as I read it on the Security info page
ticket-inventory-source-last-known = the last known list
ticket-inventory-none = none
ticket-verdict-needs-it = None of the methods registered on this account can be used without that phone.
ticket-verdict-unknown = I could not check which methods are registered on this account, nor whether any of them still works without that phone.
ticket-verdict-not-registered = This account appears to have no verification method registered: if registering a new one is not possible for me, I need your help.
ticket-verdict-self-service = I still have a usable method on this account; I am only asking you to remove that phone's registration and revoke sessions.

## What I am asking for ($for_each: " for each account above" (ticket-for-each-account) or nothing)

ticket-ask-heading = What I am asking for
ticket-for-each-account = for each account above
ticket-ask-tap = A one-time Temporary Access Pass{$for_each} (valid for about {$minutes} minutes), so that I can sign in and register Microsoft Authenticator on my new phone. "Require re-register MFA" works too: I would then register my methods again at the next sign-in.
# $name: " “iPhone”" or nothing; $whose: " (account)" or nothing; $id: Graph's method id.
ticket-ask-delete-authenticator = Deleting the Microsoft Authenticator registration of the { $loss ->
    [stolen] stolen
    [broken] broken
    [wiped] wiped
   *[lost] lost
} phone{$name}{$whose}, method ID {$id}, so that it can no longer approve sign-ins.
ticket-ask-delete-passkey = Deleting the passkey in Microsoft Authenticator on the { $loss ->
    [stolen] stolen
    [broken] broken
    [wiped] wiped
   *[lost] lost
} phone{$name}{$whose}, method ID {$id}.
ticket-ask-delete-device = Deleting the Microsoft Authenticator registration of the { $loss ->
    [stolen] stolen
    [broken] broken
    [wiped] wiped
   *[lost] lost
} phone {$devices}.
# $ending: the number's last four digits.
ticket-ask-delete-number = Deleting the phone number ending in {$ending}{$whose}, method ID {$id}: it no longer receives codes, and Microsoft would keep offering it.
ticket-ask-delete-code-app = Deleting the code app (software OATH token){$whose}, method ID {$id}: its codes were on that phone.
# $contact: the person's reachable address.
ticket-ask-tap-handover = The Temporary Access Pass method must be enabled for me in the tenant's authentication methods policy, otherwise the pass cannot be used. Please give me the pass by phone, in person or at {$contact}, never at the locked account's mailbox, which I cannot open.
# $for_which: $for_each, " (the members' accounts)" or nothing.
ticket-ask-revoke = { $loss ->
    [broken] Revoking my active sessions ("Revoke sessions"){$for_which}, so that nothing signed in on the old phone stays valid.
    [wiped] Revoking my active sessions ("Revoke sessions"){$for_which}, so that nothing signed in on the old phone stays valid.
   *[other] Revoking my active sessions ("Revoke sessions"){$for_which}, because the missing phone may still be signed in.
}
ticket-role-any = This can be done by an Authentication Administrator (or a Privileged Authentication Administrator). The Helpdesk Administrator and User Administrator roles cannot reset authentication methods or create a Temporary Access Pass.
# $admins: the accounts holding an administrator role.
# The field guide's dual control for privileged accounts.
ticket-ask-second-check = Because of that role, please have a second person check my identity before anything is reset, as your procedure for privileged accounts requires.
ticket-role-admins = {$admins} holds an administrator role, so this needs a Privileged Authentication Administrator: an Authentication Administrator cannot act on administrators. The Helpdesk Administrator and User Administrator roles cannot reset authentication methods or create a Temporary Access Pass.

## Identity, closing

ticket-identity-heading = Verifying my identity
ticket-identity = I am glad to prove my identity in whatever way you prefer: a video call showing an identity document, in person at your office, or a call to the phone number you have on file for me.
ticket-thanks = Thank you,
ticket-reach-me = { $count ->
    [one] While the account is locked you can reach me at {$contact}.
   *[other] While the accounts are locked you can reach me at {$contact}.
}
ticket-drafted-with = Drafted with Lifeboat.
# Before the machine-readable block (docs/TICKET-BLOCK.md).
ticket-block-intro = The block below repeats this request for IT tools; people can ignore it.

## Appendix for the administrator (the admin center's menu names stay in English: it shows them so)

ticket-appendix-heading = -- Appendix for the administrator --
ticket-appendix-admin-center = Microsoft Entra admin center (https://entra.microsoft.com), as at least an Authentication Administrator:
# Where the tenant enables the pass (docs/MICROSOFT.md §6.3: without it a pass cannot be used).
ticket-appendix-tap-policy = Protection > Authentication methods > Policies > Temporary Access Pass: enabled, with this user included.
ticket-appendix-tap = "Add authentication method" > Temporary Access Pass: one-time use, {$minutes} minutes. The pass is shown only once: note it down.
ticket-appendix-re-register = or "Require re-register MFA" (deletes phone numbers, Microsoft Authenticator apps and software OATH tokens).
# $kind: the method type as the admin center names it; $name: “its name” or its id.
ticket-appendix-delete = delete the {$kind} entry {$name}.
