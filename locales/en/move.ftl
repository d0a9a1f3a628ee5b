# Moving to a new phone (crates/core/src/moving/, crates/cli/src/moving.rs): the plan per account, the steps in
# the safe order, the evidence, and "safe to wipe the old phone?".

## Starting a move

move-refused-old-phone-empty = Name the old phone, as Security info shows it.
move-refused-new-phone-empty = Name the new phone.
move-refused-same-phone = The old and the new phone have the same name: name the new phone differently (as it will appear in Security info).
# $known: the phones Lifeboat knows, comma-separated; $count: how many.
move-refused-unknown-old-phone = { $count ->
    [one] “{$phone}” is not a phone Lifeboat knows. The one it knows: {$known}.
   *[other] “{$phone}” is not a phone Lifeboat knows. The ones it knows: {$known}.
}
move-refused-another-move = A move from “{$old}” to “{$new}” is under way. Continue it with the same names, or start again.

## What the plan rests on

move-basis-read = plan from the methods read
move-basis-declared = plan from the methods you ticked (this organisation does not let Lifeboat read them)
move-basis-unknown = no methods known: the old phone is assumed to be needed

## Why a method moves by itself, or must be redone

move-stays-follows-sim = the number follows the SIM, not the phone
move-stays-not-on-the-phone = not on the phone: unaffected
move-stays-on-a-computer = on a computer: unaffected
move-stays-on-another-device = on another device: unaffected
move-stays-already-on-new-phone = already on the new phone
move-stays-independent = does not depend on the phone
move-redo-authenticator = redo on the new phone: Authenticator's backup brings back only the name of a work or school account
move-redo-passkey = redo on the new phone: a passkey in Authenticator is bound to the phone and never restored
move-redo-work-codes = redo on the new phone: a code app's backup restores personal and third-party accounts, not work or school ones

## The steps, in the safe order

move-step-add-authenticator = Add Microsoft Authenticator on “{$new}” (approve with “{$old}”)
move-step-make-default = Make “{$new}” the default sign-in method
move-step-add-passkey = Add a passkey in Authenticator on “{$new}”
move-step-verify = Verify that “{$new}” works
move-step-remove-old = Only then remove “{$old}”
move-do-first = do this one first: nothing but the old phone

## Evidence

move-evidence-new-registration = a re-read shows a new registration, created {$created}
move-evidence-old-removed = a re-read at {$at} no longer lists the old phone
move-evidence-fresh-sign-in = a fresh sign-in at {$at}, approved on the new phone (you confirmed)
move-evidence-never-used = you marked that this account never used the old phone

## Safe to wipe?

move-standing-verified = works with the new phone
move-standing-nothing-on-old-phone = nothing on the old phone
move-standing-depends = still depends on the old phone
move-why-only-old-phone = nothing but the old phone passes its second step
move-why-no-new-registration = no new Authenticator registration read since the move began
move-why-no-fresh-sign-in = its methods cannot be read: sign in afresh, approve on the new phone and confirm it
move-why-passkey-not-redone = the passkey on the old phone has not been redone
move-safe-yes = Yes: every account works without “{$old}”. It is safe to wipe it.
move-safe-not-yet = { $count ->
    [one] Not yet: 1 account still depends on “{$old}”. Do not wipe it.
   *[other] Not yet: {$count} accounts still depend on “{$old}”. Do not wipe it.
}

## The record of the move

move-record-title = Moving from “{$old}” to “{$new}”
move-record-dates = Began {$began}; as of {$asOf}
move-record-moves-by-itself = Moves by itself
move-record-redo = Redo on the new phone
move-record-evidence = Evidence

## Refused confirmations

move-not-fresh-remembered = a remembered session proves nothing about the new phone: sign in afresh
move-not-fresh-not-completed = the sign-in did not complete
move-not-fresh-too-old = the sign-in is older than the move
move-not-started = No move to a new phone has been started. Start one with: lifeboat move --old-phone NAME --new-phone NAME
move-verify-needs-evidence = “Verify” is never a tick: it takes a re-read showing the new phone, or a confirmed fresh sign-in.

## lifeboat move

move-cli-rereading = Re-reading the methods of the accounts not done yet…
move-cli-reread-failed = {$upn}: not re-read; what was recorded before is kept. Why: {$problem}
move-cli-never-used = {$upn}: marked as never having used the old phone.
move-cli-used = {$upn}: no longer marked as never having used the old phone.
move-cli-step-ticked = {$upn}: ticked “{$step}”.
move-cli-step-unticked = {$upn}: unticked “{$step}”.
move-cli-confirm-sign-in = {$upn}: sign in now and approve the request on “{$new}”, not on the old phone.
move-cli-confirmed = {$upn}: confirmed.
move-cli-not-confirmed = {$upn}: not confirmed: {$why}
move-cli-ended = The record of the move was removed from the book.
move-cli-unknown-step = “{$step}” is not a step. The steps: {$steps}.
