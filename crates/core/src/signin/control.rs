//! The person's buttons during a sign-in: "Cancel" and "I'm stuck at the MFA prompt".

use std::sync::Arc;

use tokio::sync::watch;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    /// The person gave up on this account for now.
    Cancelled,
    /// The person says the MFA prompt cannot be passed: the account is recorded as blocked by MFA.
    StuckAtMfa,
}

/// A handle the front end keeps while one sign-in runs; cloning shares it.
#[derive(Debug, Clone)]
pub struct SignInControl {
    sender: Arc<watch::Sender<Option<Interruption>>>,
}

impl Default for SignInControl {
    fn default() -> Self {
        Self::new()
    }
}

impl SignInControl {
    pub fn new() -> Self {
        Self {
            sender: Arc::new(watch::channel(None).0),
        }
    }

    pub fn cancel(&self) {
        self.interrupt(Interruption::Cancelled);
    }

    pub fn stuck_at_mfa(&self) {
        self.interrupt(Interruption::StuckAtMfa);
    }

    /// The first button pressed wins.
    fn interrupt(&self, interruption: Interruption) {
        self.sender.send_if_modified(|current| {
            if current.is_none() {
                *current = Some(interruption);
                true
            } else {
                false
            }
        });
    }

    /// The button pressed so far, if any (without waiting).
    pub fn interruption(&self) -> Option<Interruption> {
        *self.sender.borrow()
    }

    /// Resolves when a button is pressed (at once if one already was).
    pub async fn interrupted(&self) -> Interruption {
        let mut receiver = self.sender.subscribe();
        loop {
            if let Some(interruption) = *receiver.borrow_and_update() {
                return interruption;
            }
            // The sender lives in `self`, so it cannot be dropped while we wait.
            if receiver.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_button_wins_and_is_seen_by_every_clone() {
        let control = SignInControl::new();
        let clone = control.clone();
        let waiter = tokio::spawn(async move { clone.interrupted().await });
        control.stuck_at_mfa();
        control.cancel();
        assert_eq!(waiter.await.unwrap(), Interruption::StuckAtMfa);
        assert_eq!(control.interrupted().await, Interruption::StuckAtMfa);
    }
}
