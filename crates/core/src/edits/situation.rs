//! Declaring what was lost: devices, phone numbers, and where codes and passkeys live. The command line adds and
//! takes back one entry at a time (`--lost-device`, `--found-device`, …); the window sends its whole declaration
//! (`replace`). Either way a device named twice, in any spelling, is kept once, a number needs digits, and every
//! entry is one line.

use serde::Deserialize;
use ts_rs::TS;

use super::{one_line, FieldError};
use crate::situation::{device_key, number_key, numbers_match, Situation};

/// Changes to the person's declarations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SituationForm {
    /// Start from nothing declared before applying the lists (the window's whole declaration).
    pub replace: bool,
    /// Devices gone (by the name Security info shows).
    pub lost_devices: Vec<String>,
    /// Devices declared lost before and found since.
    pub found_devices: Vec<String>,
    /// Devices the person confirms they still hold.
    pub held_devices: Vec<String>,
    /// Phone numbers that no longer reach the person.
    pub unreachable_numbers: Vec<String>,
    /// Numbers declared unreachable before that work again.
    pub reachable_numbers: Vec<String>,
    #[ts(optional)]
    pub otp_on_held_device: Option<bool>,
    #[ts(optional)]
    pub passkey_on_held_device: Option<bool>,
    #[ts(optional)]
    pub external_method_usable: Option<bool>,
    /// Readiness answer: the registered phone number is still the person's.
    #[ts(optional)]
    pub phone_number_current: Option<bool>,
    /// Readiness answer: Authenticator's cloud backup is on.
    #[ts(optional)]
    pub authenticator_backup_on: Option<bool>,
}

impl SituationForm {
    /// Applies the changes to `situation`; on a refusal nothing is changed.
    pub fn apply(self, situation: &mut Situation) -> Result<(), FieldError> {
        let mut changed = if self.replace {
            Situation {
                held_devices: Vec::new(),
                ..Situation::default()
            }
        } else {
            situation.clone()
        };
        for device in &self.lost_devices {
            let device = one_line("lostDevice", device)?;
            if !changed.is_device_lost(&device) {
                changed.lost_devices.push(device);
            }
        }
        for device in &self.found_devices {
            let key = device_key(device);
            changed.lost_devices.retain(|lost| device_key(lost) != key);
        }
        for device in &self.held_devices {
            let device = one_line("heldDevice", device)?;
            let key = device_key(&device);
            if !changed
                .held_devices
                .iter()
                .any(|held| device_key(held) == key)
            {
                changed.held_devices.push(device);
            }
        }
        for number in &self.unreachable_numbers {
            let number = one_line("unreachableNumber", number)?;
            if number_key(&number).is_empty() {
                return Err(FieldError {
                    field: "unreachableNumber",
                    reason: format!("{number:?} has no digits"),
                });
            }
            if !changed.is_number_unreachable(&number) {
                changed.unreachable_numbers.push(number);
            }
        }
        for number in &self.reachable_numbers {
            let key = number_key(number);
            changed
                .unreachable_numbers
                .retain(|declared| !numbers_match(&number_key(declared), &key));
        }
        if let Some(value) = self.otp_on_held_device {
            changed.otp_on_held_device = value;
        }
        if let Some(value) = self.passkey_on_held_device {
            changed.authenticator_passkey_on_held_device = value;
        }
        if let Some(value) = self.external_method_usable {
            changed.external_method_usable = value;
        }
        if self.phone_number_current.is_some() {
            changed.phone_number_current = self.phone_number_current;
        }
        if self.authenticator_backup_on.is_some() {
            changed.authenticator_backup_on = self.authenticator_backup_on;
        }
        // The moment of an assessment is never stored: each view passes its own.
        changed.now = None;
        *situation = changed;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_device_or_number_in_another_spelling_is_kept_once() {
        let mut situation = Situation::default();
        SituationForm {
            lost_devices: vec!["Mario's iPhone".into(), "  mario’s IPHONE ".into()],
            unreachable_numbers: vec!["+39 333 123 4567".into(), "0039 3331234567".into()],
            ..SituationForm::default()
        }
        .apply(&mut situation)
        .unwrap();
        assert_eq!(situation.lost_devices, vec!["Mario's iPhone"]);
        assert_eq!(situation.unreachable_numbers, vec!["+39 333 123 4567"]);

        SituationForm {
            found_devices: vec!["MARIO'S IPHONE".into()],
            reachable_numbers: vec!["+393331234567".into()],
            ..SituationForm::default()
        }
        .apply(&mut situation)
        .unwrap();
        assert_eq!(situation, Situation::default());
    }

    #[test]
    fn a_refusal_changes_nothing() {
        let mut situation = Situation {
            lost_devices: vec!["Pixel 7".into()],
            ..Situation::default()
        };
        let before = situation.clone();
        for (form, field) in [
            (
                SituationForm {
                    lost_devices: vec!["iPhone".into(), "two\nlines".into()],
                    ..SituationForm::default()
                },
                "lostDevice",
            ),
            (
                SituationForm {
                    unreachable_numbers: vec!["call me".into()],
                    ..SituationForm::default()
                },
                "unreachableNumber",
            ),
            (
                SituationForm {
                    held_devices: vec!["   ".into()],
                    ..SituationForm::default()
                },
                "heldDevice",
            ),
        ] {
            assert_eq!(form.apply(&mut situation).unwrap_err().field, field);
            assert_eq!(situation, before);
        }
    }

    #[test]
    fn the_whole_declaration_replaces_the_old_one() {
        let mut situation = Situation {
            lost_devices: vec!["Pixel 7".into()],
            otp_on_held_device: true,
            ..Situation::default()
        };
        SituationForm {
            replace: true,
            lost_devices: vec!["iPhone 13".into()],
            ..SituationForm::default()
        }
        .apply(&mut situation)
        .unwrap();
        assert_eq!(situation.lost_devices, vec!["iPhone 13"]);
        assert!(!situation.otp_on_held_device);
    }
}
