//! Users synthesized from a seed (`[[generated_users]]`), for reports at scale. Nothing is stored per user: each
//! record is computed from the seed and the user's index when a page asks for it, so 100,000 users cost a few
//! bytes of state and a page of 999 costs 999 small computations.

use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use crate::clock::graph_datetime;

/// `count` users of one tenant, made from `seed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedUsers {
    pub(crate) tenant_id: String,
    pub(crate) domain: String,
    pub(crate) count: usize,
    pub(crate) seed: u64,
}

/// A realistic mix of registrations, weighted per thousand users.
struct Profile {
    weight: u32,
    methods: &'static [&'static str],
    system_preferred: &'static str,
}

const PROFILES: [Profile; 10] = [
    Profile {
        weight: 330,
        methods: &["microsoftAuthenticatorPush"],
        system_preferred: "push",
    },
    Profile {
        weight: 220,
        methods: &["microsoftAuthenticatorPush", "mobilePhone"],
        system_preferred: "push",
    },
    Profile {
        weight: 120,
        methods: &[],
        system_preferred: "",
    },
    Profile {
        weight: 90,
        methods: &["mobilePhone"],
        system_preferred: "sms",
    },
    Profile {
        weight: 70,
        methods: &["microsoftAuthenticatorPush", "passKeyDeviceBound"],
        system_preferred: "push",
    },
    Profile {
        weight: 40,
        methods: &[
            "microsoftAuthenticatorPush",
            "passKeyDeviceBoundAuthenticator",
        ],
        system_preferred: "push",
    },
    Profile {
        weight: 50,
        methods: &["windowsHelloForBusiness", "microsoftAuthenticatorPush"],
        system_preferred: "push",
    },
    Profile {
        weight: 40,
        methods: &["softwareOneTimePasscode", "mobilePhone"],
        system_preferred: "oath",
    },
    Profile {
        weight: 30,
        methods: &["email"],
        system_preferred: "",
    },
    Profile {
        weight: 10,
        methods: &["officePhone"],
        system_preferred: "voiceOffice",
    },
];

const GIVEN: [&str; 24] = [
    "Marco",
    "Giulia",
    "Luca",
    "Francesca",
    "Alessandro",
    "Chiara",
    "Matteo",
    "Sara",
    "Davide",
    "Elena",
    "Andrea",
    "Valentina",
    "Simone",
    "Martina",
    "Federico",
    "Laura",
    "Stefano",
    "Anna",
    "Paolo",
    "Silvia",
    "Giorgio",
    "Alessia",
    "Roberto",
    "Marta",
];
const FAMILY: [&str; 24] = [
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
    "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
    "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani",
];

/// SplitMix64: a fast, well-mixed step from one 64-bit state to the next.
fn mix(mut state: u64) -> u64 {
    state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl GeneratedUsers {
    /// What hides the index in the id's last 12 hex digits (so an id leads back to its user).
    fn mask(&self) -> u64 {
        mix(self.seed ^ 0x5EED) & 0xFFFF_FFFF_FFFF
    }

    fn draws(&self, index: usize) -> [u64; 4] {
        let first = mix(self.seed.wrapping_mul(0x100_0000_01B3) ^ index as u64);
        let second = mix(first);
        let third = mix(second);
        [first, second, third, mix(third)]
    }

    /// The object id of user `index`: a GUID whose last group hides the index.
    pub(crate) fn id(&self, index: usize) -> String {
        let [first, second, ..] = self.draws(index);
        let tail = (index as u64 ^ self.mask()) & 0xFFFF_FFFF_FFFF;
        format!(
            "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{tail:012x}",
            first >> 32,
            (first >> 16) & 0xFFFF,
            first & 0xFFF,
            8 + (second & 0x3),
            (second >> 8) & 0xFFF
        )
    }

    /// The user an id names, if it is one of these.
    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        let tail = u64::from_str_radix(id.get(24..)?, 16).ok()?;
        let index = usize::try_from(tail ^ self.mask()).ok()?;
        (index < self.count && self.id(index).eq_ignore_ascii_case(id)).then_some(index)
    }

    /// User `index`'s `userRegistrationDetails` record at `now`.
    pub(crate) fn record(&self, index: usize, now: OffsetDateTime) -> Value {
        let [_, second, third, fourth] = self.draws(index);
        let given = GIVEN[(third % GIVEN.len() as u64) as usize];
        let family = FAMILY[((third >> 16) % FAMILY.len() as u64) as usize];
        let local = format!(
            "{}.{}{index}",
            given.to_ascii_lowercase(),
            family.to_ascii_lowercase().replace(' ', "")
        );
        let guest = fourth % 100 < 2;
        let upn = if guest {
            format!("{local}_example.org#EXT#@{}", self.domain)
        } else {
            format!("{local}@{}", self.domain)
        };
        let mut pick = (second % 1000) as u32;
        let profile = PROFILES
            .iter()
            .find(|profile| {
                if pick < profile.weight {
                    true
                } else {
                    pick -= profile.weight;
                    false
                }
            })
            .unwrap_or(&PROFILES[0]);
        let mfa = !profile.system_preferred.is_empty();
        let passwordless = profile.methods.iter().any(|method| {
            matches!(
                *method,
                "passKeyDeviceBound"
                    | "passKeyDeviceBoundAuthenticator"
                    | "windowsHelloForBusiness"
            )
        });
        let sspr = profile.methods.iter().any(|method| {
            matches!(
                *method,
                "email"
                    | "mobilePhone"
                    | "officePhone"
                    | "microsoftAuthenticatorPush"
                    | "softwareOneTimePasscode"
            )
        });
        // The report "may be a few hours old" (docs/MICROSOFT.md §6.4): up to 90 days here.
        let updated = now - Duration::minutes((fourth >> 8) as i64 % (90 * 24 * 60));
        let system_preferred: Vec<&str> = if mfa {
            vec![profile.system_preferred]
        } else {
            Vec::new()
        };
        json!({
            "id": self.id(index),
            "userPrincipalName": upn,
            "userDisplayName": format!("{given} {family}"),
            "isAdmin": !guest && fourth % 1000 < 5,
            "isSsprRegistered": sspr,
            "isSsprEnabled": false,
            "isSsprCapable": false,
            "isMfaRegistered": mfa,
            "isMfaCapable": mfa,
            "isPasswordlessCapable": passwordless,
            "lastUpdatedDateTime": graph_datetime(updated),
            "methodsRegistered": profile.methods,
            "isSystemPreferredAuthenticationMethodEnabled": true,
            "systemPreferredAuthenticationMethods": system_preferred,
            "userPreferredMethodForSecondaryAuthentication": profile.system_preferred,
            "userType": if guest { "guest" } else { "member" },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn users(count: usize, seed: u64) -> GeneratedUsers {
        GeneratedUsers {
            tenant_id: "0d9b6f21-7e3a-4a5c-b8d4-1f2e3c4d5a62".into(),
            domain: "oml.it".into(),
            count,
            seed,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_users_and_ids_lead_back() {
        let now = datetime!(2026-09-14 09:00 UTC);
        let a = users(100_000, 7);
        let b = users(100_000, 7);
        let c = users(100_000, 8);
        assert_eq!(a.record(4217, now), b.record(4217, now));
        assert_ne!(a.record(4217, now)["id"], c.record(4217, now)["id"]);
        for index in [0, 1, 4217, 99_999] {
            let id = a.id(index);
            assert_eq!(id.len(), 36, "{id}");
            assert_eq!(&id[14..15], "4");
            assert_eq!(a.index_of(&id), Some(index));
            assert_eq!(c.index_of(&id), None, "another seed's id");
        }
        assert_eq!(
            users(10, 7).index_of(&a.id(50_000)),
            None,
            "beyond the count"
        );
        assert_eq!(a.index_of("not-an-id"), None);
    }

    #[test]
    fn the_mix_follows_the_weights() {
        let now = datetime!(2026-09-14 09:00 UTC);
        let generated = users(20_000, 7);
        let mut none = 0;
        let mut authenticator_only = 0;
        let mut guests = 0;
        for index in 0..generated.count {
            let record = generated.record(index, now);
            let methods = record["methodsRegistered"].as_array().unwrap();
            if methods.is_empty() {
                none += 1;
            }
            if methods.len() == 1 && methods[0] == "microsoftAuthenticatorPush" {
                authenticator_only += 1;
            }
            if record["userType"] == "guest" {
                guests += 1;
            }
        }
        // 12 %, 33 % and 2 % of 20,000, within a few standard deviations.
        assert!((2_100..=2_700).contains(&none), "{none}");
        assert!(
            (6_200..=7_000).contains(&authenticator_only),
            "{authenticator_only}"
        );
        assert!((250..=550).contains(&guests), "{guests}");
    }
}
