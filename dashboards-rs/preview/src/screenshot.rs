//! One render of a preview page in headless Chromium: wait until every panel has settled, read each panel's
//! state from the page's contract with tests (`data-panel-id`, `data-state`, `window.grafanaPreview.panels()`),
//! and take a PNG of the whole dashboard.

use std::time::Duration;

use serde::Deserialize;

use crate::browser::{Browser, BrowserError};

/// How a panel ended up after its queries were answered, as the page reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PanelState {
    /// Still waiting for its queries.
    Loading,
    /// Drawn from data.
    Data,
    /// Its queries answered with no data.
    Empty,
    /// A query failed, or the panel could not be drawn.
    Error,
}

/// One panel as the page reports it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PanelReport {
    /// The dashboard's panel id.
    pub id: i64,
    /// The panel kind (`timeseries`, `stat`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// Its title, variables interpolated.
    pub title: String,
    /// Its state.
    pub state: PanelState,
    /// The error shown in its corner, if any.
    #[serde(default)]
    pub error: Option<String>,
}

/// A settled render.
#[derive(Debug, Clone)]
pub struct Shot {
    /// The PNG of the whole page.
    pub png: Vec<u8>,
    /// Every panel of the page, in the dashboard's order.
    pub panels: Vec<PanelReport>,
    /// How long the page took from navigation to every panel settled.
    pub settled_after: Duration,
}

impl Shot {
    /// The panels in state `error`.
    pub fn errors(&self) -> impl Iterator<Item = &PanelReport> {
        self.panels.iter().filter(|p| p.state == PanelState::Error)
    }
}

/// Why no settled render was taken.
#[derive(Debug, thiserror::Error)]
pub enum ShotError {
    /// Chromium failed, or the page never settled.
    #[error(transparent)]
    Browser(#[from] BrowserError),
    /// The page's report is not what its contract says.
    #[error("the preview page's panels() answered {answer}, not a list of panels ({source}): is the page built from this version of dashboards-rs/preview/web?")]
    Report {
        /// What it answered.
        answer: String,
        /// serde's error.
        source: serde_json::Error,
    },
}

/// The JavaScript predicate of "every panel has settled".
pub const SETTLED: &str = "document.body.dataset.state === 'settled'";

/// Opens `url` at `width` CSS pixels in a fresh page of `browser`, waits up to `timeout` for every panel to
/// settle, and takes the whole page.
pub fn capture(browser: &Browser, url: &str, width: u32, timeout: Duration) -> Result<Shot, ShotError> {
    let mut page = browser.new_page(width, 900)?;
    page.set_timeout(timeout);
    let started = std::time::Instant::now();
    page.goto(url)?;
    page.wait_until(SETTLED, timeout)?;
    let settled_after = started.elapsed();
    let answer = page.evaluate("window.grafanaPreview.panels()")?;
    let panels = serde_json::from_value(answer.clone()).map_err(|source| ShotError::Report {
        answer: answer.to_string(),
        source,
    })?;
    let png = page.screenshot_png(true)?;
    Ok(Shot {
        png,
        panels,
        settled_after,
    })
}
