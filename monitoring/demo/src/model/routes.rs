//! What the simulated backend serves: its routes (with their latency, answers and traffic in each scenario) and
//! its caches.

use crate::scenario::Scenario;

/// `status_code` of a server error.
pub const SERVER_ERROR: &str = "500";

/// Caches, with their share of look-ups.
pub const CACHES: [(&str, f64); 3] = [("polls", 0.5), ("sessions", 0.35), ("streamers", 0.15)];

/// What a successful request does besides answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing.
    None,
    /// Counts a vote.
    Vote,
    /// Launches a poll.
    LaunchPoll,
}

/// A route of the simulated backend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Route {
    /// `method` label.
    pub method: &'static str,
    /// `route` label (the AdonisJS route pattern).
    pub path: &'static str,
    /// Median latency with no load, seconds (scaled by the scenario's load factor).
    pub median_seconds: f64,
    /// `status_code` of a success.
    pub success: &'static str,
    /// `status_code` and share of the client error it can answer, if any.
    pub client_error: Option<(&'static str, f64)>,
    /// Whether it can answer [`SERVER_ERROR`] (the health check never does while the process is up).
    pub can_fail: bool,
    /// What a success does.
    pub effect: Effect,
    /// Requests per second in calm, busy and overload.
    pub rates: [f64; 3],
}

impl Route {
    /// Requests per second in a scenario.
    pub fn rate(&self, scenario: Scenario) -> f64 {
        match scenario {
            Scenario::Calm => self.rates[0],
            Scenario::Busy => self.rates[1],
            Scenario::Overload => self.rates[2],
            Scenario::Outage => 0.0,
        }
    }

    /// Every `status_code` it can answer.
    pub fn statuses(&self) -> Vec<&'static str> {
        let mut out = vec![self.success];
        out.extend(self.client_error.map(|(code, _)| code));
        if self.can_fail {
            out.push(SERVER_ERROR);
        }
        out
    }
}

/// The simulated routes.
pub const ROUTES: [Route; 6] = [
    Route {
        method: "GET",
        path: "/health",
        median_seconds: 0.002,
        success: "200",
        client_error: None,
        can_fail: false,
        effect: Effect::None,
        rates: [1.0, 1.0, 1.0],
    },
    Route {
        method: "GET",
        path: "/api/polls",
        median_seconds: 0.03,
        success: "200",
        client_error: None,
        can_fail: true,
        effect: Effect::None,
        rates: [4.0, 15.0, 25.0],
    },
    Route {
        method: "POST",
        path: "/api/polls",
        median_seconds: 0.06,
        success: "201",
        client_error: Some(("422", 0.04)),
        can_fail: true,
        effect: Effect::LaunchPoll,
        rates: [0.01, 0.05, 0.06],
    },
    Route {
        method: "POST",
        path: "/api/votes",
        median_seconds: 0.02,
        success: "201",
        client_error: Some(("409", 0.02)),
        can_fail: true,
        effect: Effect::Vote,
        rates: [3.0, 40.0, 80.0],
    },
    Route {
        method: "GET",
        path: "/api/auth/twitch",
        median_seconds: 0.08,
        success: "302",
        client_error: None,
        can_fail: true,
        effect: Effect::None,
        rates: [0.2, 1.0, 1.5],
    },
    Route {
        method: "GET",
        path: "/api/auth/twitch/callback",
        median_seconds: 0.25,
        success: "302",
        client_error: Some(("401", 0.03)),
        can_fail: true,
        effect: Effect::None,
        rates: [0.15, 0.8, 1.2],
    },
];
