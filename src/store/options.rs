//! Tuning of a [`Store`](super::Store): the clock, lock timeout and save pacing.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::clock::{Clock, SystemClock};

/// Tuning of a [`Store`](super::Store); `StoreOptions::default()` is what the reader uses.
#[derive(Clone)]
pub struct StoreOptions {
    /// Where times come from.
    pub clock: Arc<dyn Clock>,
    /// How long a save waits for another instance to release the lock before
    /// keeping the change in memory (it is retried with the next save).
    pub lock_timeout: Duration,
    /// Reading positions are written at most this often; between writes the
    /// latest one waits in memory for [`Store::tick`](super::Store::tick), the next change or
    /// [`Store::flush`](super::Store::flush).
    pub position_interval: Duration,
    /// After a failed save, automatic saves (positions) wait this long before
    /// trying again; changes the reader makes always try.
    pub retry_interval: Duration,
    /// Entries without bookmarks or highlights beyond this many are pruned,
    /// least recently opened first.
    pub max_documents: usize,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            clock: Arc::new(SystemClock),
            lock_timeout: Duration::from_secs(1),
            position_interval: Duration::from_secs(2),
            retry_interval: Duration::from_secs(10),
            max_documents: 1000,
        }
    }
}

impl StoreOptions {
    /// The defaults with another clock (for tests).
    pub fn with_clock(clock: impl Clock + 'static) -> Self {
        StoreOptions { clock: Arc::new(clock), ..StoreOptions::default() }
    }
}

impl fmt::Debug for StoreOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreOptions")
            .field("lock_timeout", &self.lock_timeout)
            .field("position_interval", &self.position_interval)
            .field("retry_interval", &self.retry_interval)
            .field("max_documents", &self.max_documents)
            .finish_non_exhaustive()
    }
}
