//! Re-checking every account that has a remembered session, all at once up to a generous bound: different
//! tenants do not share Graph's throttling budget (docs/MICROSOFT.md §5.2), and the HTTP client reuses connections.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use ts_rs::TS;

use super::{AccountCheck, AccountTarget, Checker, IdTokenError, SignInError, TokenError};
use crate::evidence::SignInOutcome;
use crate::problem::Problem;

/// What re-checking one account gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    tag = "status",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum RecheckOutcome {
    /// The session was resumed (or Entra gave a decisive answer about the account).
    Checked { check: Box<AccountCheck> },
    /// No remembered session: sign in interactively.
    NotRemembered,
    /// The session is over (expired, revoked, or Entra wants the person back at the keyboard, e.g. for MFA):
    /// sign in interactively. Not evidence about the account.
    SessionEnded { reason: Problem },
    /// The keyring could not be read.
    StoreFailed { reason: Problem },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecheckResult {
    pub account_key: String,
    pub outcome: RecheckOutcome,
}

impl Checker {
    /// Re-checks `targets` concurrently (at most `max_concurrent_rechecks` at once); `on_result` sees each
    /// result as it arrives (progress); the returned list is in the order of `targets`.
    pub async fn recheck_all(
        &self,
        targets: &[AccountTarget],
        mut on_result: impl FnMut(&RecheckResult),
    ) -> Vec<RecheckResult> {
        let permits = Arc::new(Semaphore::new(
            self.signin.config.max_concurrent_rechecks.max(1),
        ));
        let mut tasks = tokio::task::JoinSet::new();
        for (index, target) in targets.iter().cloned().enumerate() {
            let checker = self.clone();
            let permits = permits.clone();
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                (index, checker.recheck(&target).await)
            });
        }
        let mut results: Vec<Option<RecheckResult>> = vec![None; targets.len()];
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok((index, result)) => {
                    on_result(&result);
                    results[index] = Some(result);
                }
                Err(error) => tracing::error!(%error, "a re-check task failed"),
            }
        }
        results
            .into_iter()
            .zip(targets)
            .map(|(result, target)| {
                result.unwrap_or_else(|| RecheckResult {
                    account_key: target.key.clone(),
                    outcome: RecheckOutcome::StoreFailed {
                        reason: Problem::recheck_stopped(),
                    },
                })
            })
            .collect()
    }

    /// Re-checks one account from its remembered session.
    pub async fn recheck(&self, target: &AccountTarget) -> RecheckResult {
        let outcome = match self.load_session(&target.key).await {
            Err(error) => RecheckOutcome::StoreFailed {
                reason: Problem::of(&error),
            },
            Ok(None) => RecheckOutcome::NotRemembered,
            Ok(Some(refresh_token)) => {
                let attempt = self.signin.resume(target, &refresh_token).await;
                match session_over(&attempt.error, attempt.evidence.outcome) {
                    Some(reason) => {
                        if let Err(error) = self.forget(&target.key).await {
                            tracing::warn!(%error, "an ended session could not be forgotten");
                        }
                        RecheckOutcome::SessionEnded { reason }
                    }
                    None => RecheckOutcome::Checked {
                        check: Box::new(self.finish(target, attempt).await),
                    },
                }
            }
        };
        RecheckResult {
            account_key: target.key.clone(),
            outcome,
        }
    }
}

/// A remembered session that cannot go on says nothing about the account itself: a refresh refused because the
/// person must sign in again, or one whose answer does not prove the account (no ID token, another account,
/// another tenant).
fn session_over(error: &Option<SignInError>, outcome: SignInOutcome) -> Option<Problem> {
    match error.as_ref()? {
        SignInError::Token(TokenError::Rejected(entra)) => {
            let interactive = entra.needs_interactive_sign_in()
                || matches!(
                    outcome,
                    SignInOutcome::BlockedByMfa | SignInOutcome::MustRegister
                );
            interactive.then(|| Problem::session_ended(entra))
        }
        error @ (SignInError::NoIdToken
        | SignInError::WrongAccount { .. }
        | SignInError::AccountNotNamed { .. }
        | SignInError::IdToken(IdTokenError::WrongTenant { .. })) => Some(Problem::of(error)),
        _ => None,
    }
}
