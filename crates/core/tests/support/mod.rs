//! Shared pieces of lifeboat-core's sign-in tests: a browser played over HTTP, the oidc-provider peer, and
//! sleepers that keep polling loops short.
#![allow(dead_code)]

pub mod browser;
pub mod fake_entra;
pub mod oidc_peer;
pub mod sim;

use std::time::Duration;

use lifeboat_core::clock::{BoxFuture, Sleeper};

/// Really sleeps, but only a fraction of what is asked: polling loops keep their shape, tests stay fast.
pub struct ScaledSleeper(pub u32);

impl Sleeper for ScaledSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        Box::pin(tokio::time::sleep(duration / self.0))
    }
}
