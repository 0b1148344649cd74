//! What the property tests of every crate share: how many cases each runs, and how long a refusal may be.

/// The longest message a refusal of outside input may have: it quotes a prefix of a value, never the value.
pub const MESSAGE_MAX: usize = 1024;

/// The number of cases of a property test: `PROPTEST_CASES` when set (for a longer run, e.g. 100000 in
/// release), else the test's own `default`, sized for the test command.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}
