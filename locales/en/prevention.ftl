# The prevention record (crates/core/src/views/prevention.rs): a page to save or print after a recovery or a
# readiness check.

prevention-heading = Your sign-in readiness record
prevention-as-of = As of {$at}
prevention-accounts = Each account
prevention-account = Account
prevention-grade = Grade
prevention-meaning = What it means
prevention-single-points = Single points of failure
prevention-no-single-point = No single device would lock an account out.
# $device: the device; $count: how many accounts; $accounts: their sign-in names.
prevention-single-point = { $count ->
    [one] Losing “{$device}” alone would lock out 1 account: {$accounts}.
   *[other] Losing “{$device}” alone would lock out {$count} accounts: {$accounts}.
}
prevention-checklist = Checklist
prevention-check-second-device = A second method on another device, for every account (a second phone, a phone number, a security key).
prevention-check-key = A passkey or a security key where the organisation allows it: it cannot be phished and does not depend on the phone.
prevention-check-backup = Microsoft Authenticator's cloud backup on (it restores the names of work accounts, not their sign-in).
prevention-check-number = The phone number registered on each account is the one you have now.
prevention-you-said-no = (you said no: this is the one to do first)
prevention-check-codes = One-time codes kept where you can export or move them.
prevention-footer = Drafted with Lifeboat. Keep it somewhere you can read without your phone.
