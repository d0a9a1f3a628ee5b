//! How far this computer's clock is from Microsoft's: one request to the sign-in service, whose `Date` header
//! (RFC 9110 §6.6.1, one-second resolution) is compared with the middle of the request on this clock. One-time
//! codes are 30-second steps, so an offset beyond about 30 s makes them fail.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;
use url::Url;

use crate::clock::Clock;
use crate::config::IdentityConfig;
use crate::http::{HttpRequest, HttpTransport, TransportError};

/// This computer's clock minus Microsoft's, in whole seconds: positive when this computer is ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClockOffset {
    // Within a week either way: a JSON number, not a bigint.
    #[ts(type = "number")]
    pub seconds: i64,
}

/// Why the offset could not be measured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error("the answer carried no readable Date header")]
    NoDate,
    #[error("the sign-in service's address is not usable: {0}")]
    Address(String),
}

/// Asks the sign-in service of `config` for its multi-tenant OpenID discovery document (small, public, always
/// answered) and reads the answer's `Date`.
pub async fn measure_offset(
    http: &dyn HttpTransport,
    clock: &dyn Clock,
    config: &IdentityConfig,
) -> Result<ClockOffset, ClockError> {
    let url = discovery_url(config)?;
    let sent = clock.now();
    let response = http
        .send(HttpRequest::get(url, config.request_timeout))
        .await?;
    let received = clock.now();
    let server = response
        .header("date")
        .and_then(parse_http_date)
        .ok_or(ClockError::NoDate)?;
    let took: time::Duration = received - sent;
    let middle: OffsetDateTime = sent + took / 2;
    // The header drops the fraction of its second: on average the server's time was half a second later.
    let server_middle = server + time::Duration::milliseconds(500);
    let offset: time::Duration = middle - server_middle;
    Ok(ClockOffset {
        seconds: offset.as_seconds_f64().round_ties_even() as i64,
    })
}

fn discovery_url(config: &IdentityConfig) -> Result<Url, ClockError> {
    let authority = config
        .tenant_authority("common")
        .map_err(|error| ClockError::Address(error.to_string()))?;
    Url::parse(&format!("{authority}/.well-known/openid-configuration"))
        .map_err(|error| ClockError::Address(error.to_string()))
}

/// An IMF-fixdate (`Thu, 03 Dec 2026 17:20:05 GMT`), the only form a server may send today.
pub fn parse_http_date(text: &str) -> Option<OffsetDateTime> {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(text.trim(), &format)
        .ok()
        .map(|at| at.assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::BoxFuture;
    use crate::http::HttpResponse;
    use std::sync::Mutex;
    use time::macros::datetime;

    /// A clock that moves `step` at each reading.
    struct SteppingClock(Mutex<OffsetDateTime>, time::Duration);
    impl Clock for SteppingClock {
        fn now(&self) -> OffsetDateTime {
            let mut now = self.0.lock().unwrap();
            let at = *now;
            *now += self.1;
            at
        }
    }

    struct DateServer(Option<&'static str>);
    impl HttpTransport for DateServer {
        fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            let headers = self
                .0
                .map(|date| vec![("date".to_string(), date.to_string())])
                .unwrap_or_default();
            Box::pin(async move {
                Ok(HttpResponse {
                    status: 200,
                    headers,
                    body: b"{}".to_vec(),
                })
            })
        }
    }

    async fn offset(
        local: OffsetDateTime,
        date: Option<&'static str>,
    ) -> Result<ClockOffset, ClockError> {
        let clock = SteppingClock(Mutex::new(local), time::Duration::seconds(1));
        let config = IdentityConfig::with_base(&Url::parse("https://login.example/").unwrap());
        measure_offset(&DateServer(date), &clock, &config).await
    }

    #[tokio::test]
    async fn the_offset_is_this_clock_minus_microsofts_at_the_middle_of_the_request() {
        let server = Some("Thu, 03 Dec 2026 17:20:00 GMT");
        // The request takes 1 s on this clock, and the header's second is taken at its middle too.
        let table = [
            (datetime!(2026-12-03 17:20:00 UTC), 0),
            (datetime!(2026-12-03 17:20:47 UTC), 47),
            (datetime!(2026-12-03 17:19:00 UTC), -60),
        ];
        for (local, expected) in table {
            assert_eq!(
                offset(local, server).await,
                Ok(ClockOffset { seconds: expected }),
                "{local}"
            );
        }
        assert_eq!(
            offset(datetime!(2026-12-03 17:20 UTC), None).await,
            Err(ClockError::NoDate)
        );
        assert_eq!(
            offset(datetime!(2026-12-03 17:20 UTC), Some("yesterday at noon")).await,
            Err(ClockError::NoDate)
        );
    }
}
