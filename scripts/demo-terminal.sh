#!/usr/bin/env bash
# `make demo` without a display: the window cannot open, so run the practice journey (J1, "I lost my phone")
# in the terminal through the `lifeboat` command line, against the simulator started in-process.
# Marco, a consultant, lost the iPhone that held Microsoft Authenticator for four organisations.
set -euo pipefail
lifeboat="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LIFEBOAT_BOOK="$work/accounts.json"

heading() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

cat <<MSG
Lifeboat's window needs a display (neither DISPLAY nor WAYLAND_DISPLAY is set), so here is the practice
journey in the terminal instead, with made-up organisations served by Lifeboat's simulator. Nothing leaves
this computer. Run \`make demo\` from a desktop session to see the app.
MSG

# The practice scenario, plus what "the person at the browser" does at each sign-in (the simulator plays it).
scenario="$work/practice.toml"
cp "$root/crates/sim/scenarios/practice.toml" "$scenario"
cat >> "$scenario" <<'TOML'

# Demo without a display: Marco tries the second step he still has everywhere. The phone number works at
# Ferri Consulting (SMS); his YubiKey works at OML; at the Cantina the office phone answers; at Studio Rinaldi,
# where he is a guest with Authenticator only, nothing he still holds is registered, so he stays at the prompt.
[[scripts]]
user = "marco.ferri@ferriconsulting.it"
outcome = "complete"
method = "sms"

[[scripts]]
user = "ext.marco.ferri@oml.it"
outcome = "complete"
method = "security_key"

[[scripts]]
user = "marco.ferri@cantinacollieuganei.it"
outcome = "complete"
method = "voice"
TOML

heading "1. Marco's accounts"
"$lifeboat" accounts add --upn marco.ferri@ferriconsulting.it --organisation "Ferri Consulting S.r.l." \
  --label "My company" --it-contact it@ferriconsulting.it --full-name "Marco Ferri" >/dev/null
"$lifeboat" accounts add --upn ext.marco.ferri@oml.it --organisation "Officine Meccaniche Lombarde S.p.A." \
  --label "Client X" --it-contact helpdesk.it@oml.it --full-name "Marco Ferri" >/dev/null
"$lifeboat" accounts add --upn marco.ferri@ferriconsulting.it --tenant-domain studiorinaldi.it --membership guest \
  --organisation "Studio Legale Rinaldi & Associati" --label "Client Y" --it-contact sistemi@studiorinaldi.it \
  --full-name "Marco Ferri" >/dev/null
"$lifeboat" accounts add --upn marco.ferri@cantinacollieuganei.it --organisation "Cantina Sociale Colli Euganei" \
  --label "Client Z" --it-contact amministrazione@cantinacollieuganei.it --full-name "Marco Ferri" >/dev/null
"$lifeboat" accounts list

heading "2. What was lost"
"$lifeboat" situation --lost-device "iPhone 13 di Marco" --contact-email marco.ferri.personale@example.com \
  --lost-on "$(date -u +%F)"

heading "3. Signing in to each organisation in turn"
"$lifeboat" check --sim "$scenario" </dev/null

heading "4. Tickets for the organisations whose IT must act"
"$lifeboat" tickets

cat <<MSG

That is the whole journey: every account explained, and a ticket drafted for each organisation that must help.
For the real thing, add your own accounts with \`lifeboat accounts add\` and run \`lifeboat check\`.
MSG
