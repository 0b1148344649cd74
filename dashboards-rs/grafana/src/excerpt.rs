//! Outside input in messages, bounded. An error names the value it refuses, but a 100 KB string or a
//! 200-level nested object must not come back whole in the message, nor in the log line that carries it: a
//! message quotes at most a short prefix of a value ([`Quoted`]), and a message written by someone else (serde's,
//! Prometheus's), which may quote a value whole, keeps its start and its end ([`clip`]); a URL is shown without
//! its credentials ([`redact_url`]).
//!
//! ```
//! use grafana_dashboards::excerpt::{clip, Quoted};
//!
//! assert_eq!(Quoted("cpu").to_string(), r#""cpu""#);
//! let long = "x".repeat(100_000);
//! assert_eq!(Quoted(&long).to_string(), format!("\"{}…\" (100000 bytes)", "x".repeat(48)));
//! let message = format!("unknown variant `{long}`, expected `table` or `timeseries`");
//! let clipped = clip(&message);
//! assert!(clipped.len() < 400 && clipped.ends_with("expected `table` or `timeseries`"));
//! ```

use std::borrow::Cow;
use std::fmt;

/// The most characters of a value that [`Quoted`] shows.
pub const QUOTED_CHARS: usize = 48;

/// The most characters [`clip`] keeps of a message: its first two thirds at the start, the rest at the end.
pub const MESSAGE_CHARS: usize = 240;

/// A value quoted in a message: `"cpu"` whole when short; else its first [`QUOTED_CHARS`] characters, `…`, and
/// its length in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(QUOTED_CHARS) {
            None => write!(f, "{:?}", self.0),
            Some((cut, _)) => {
                let quoted = format!("{:?}", &self.0[..cut]);
                write!(f, "{}…\" ({} bytes)", &quoted[..quoted.len() - 1], self.0.len())
            }
        }
    }
}

/// A name or key shown in a path (`thresholds.<key>`): whole when short, else its first [`QUOTED_CHARS`]
/// characters and `…`.
pub fn prefix(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTED_CHARS) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// `message` whole when it has at most [`MESSAGE_CHARS`] characters; else its start and its end, with the number
/// of characters left out between them.
pub fn clip(message: &str) -> Cow<'_, str> {
    clip_to(message, MESSAGE_CHARS)
}

/// [`clip`] to at most `max` characters (plus the marker of what was left out).
pub fn clip_to(message: &str, max: usize) -> Cow<'_, str> {
    let chars = message.chars().count();
    if chars <= max {
        return Cow::Borrowed(message);
    }
    let head = max * 2 / 3;
    let tail = max - head;
    let start = message.char_indices().nth(head).map_or(message.len(), |(i, _)| i);
    let end = message
        .char_indices()
        .nth(chars - tail)
        .map_or(message.len(), |(i, _)| i);
    Cow::Owned(format!(
        "{} […{} characters…] {}",
        &message[..start],
        chars - head - tail,
        &message[end..]
    ))
}

/// A URL as a message shows it: without its `user:password@`.
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            format!("{scheme}://{host}{path}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_value_is_quoted_whole() {
        assert_eq!(Quoted("a\"b").to_string(), r#""a\"b""#);
        assert_eq!(
            Quoted(&"é".repeat(QUOTED_CHARS)).to_string().chars().count(),
            QUOTED_CHARS + 2
        );
    }

    #[test]
    fn a_long_value_shows_its_prefix_and_its_length() {
        let text = "é".repeat(1000);
        let shown = Quoted(&text).to_string();
        assert_eq!(shown, format!("\"{}…\" (2000 bytes)", "é".repeat(QUOTED_CHARS)));
    }

    #[test]
    fn a_long_message_keeps_its_start_and_end() {
        let message = format!("start {} end", "ü".repeat(10_000));
        let clipped = clip(&message);
        assert!(clipped.starts_with("start ") && clipped.ends_with(" end"), "{clipped}");
        assert!(clipped.chars().count() <= MESSAGE_CHARS + 40, "{clipped}");
        assert!(clipped.contains("characters…]"), "{clipped}");
    }

    #[test]
    fn a_long_key_shows_its_prefix() {
        assert_eq!(prefix("cpuUsage"), "cpuUsage");
        assert_eq!(prefix(&"k".repeat(500)), format!("{}…", "k".repeat(QUOTED_CHARS)));
    }

    #[test]
    fn urls_lose_their_credentials() {
        assert_eq!(redact_url("http://u:p@prom:9090/x"), "http://prom:9090/x");
        assert_eq!(redact_url("https://prom"), "https://prom");
    }

    #[test]
    fn a_short_message_is_untouched() {
        assert!(matches!(clip("fine"), Cow::Borrowed("fine")));
    }
}
