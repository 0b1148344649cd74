//! Grafana's interpolation, simulated before parsing: every macro and variable reference of a query is replaced by
//! text that parses the way the interpolated query would, and that leads back to the reference afterwards.
//!
//! Grafana replaces a variable by its value, which the linter does not have (and which varies). So each reference
//! becomes what its position needs:
//!
//! - in a quoted string (a label value, a `label_replace` argument): a placeholder word, `__grafana_var_N__`;
//! - where a name goes (a metric name `$metric{…}`, part of one `node_${kind}_total`, a label name in `{…}` or in
//!   `by (…)`, `on (…)`, …): the same placeholder, which is a valid identifier;
//! - in a range or after `offset` (`[$window]`): a duration of its own, `(3330000 + N)ms`;
//! - elsewhere: a number (`1`) when the variable's sample value is a number (or it is undefined), else the
//!   placeholder, so that `sum($metric)` is a selector;
//! - Grafana's interval macros (`$__rate_interval`, …) become a distinct duration each, so that a range can be
//!   traced back to its macro.

use std::time::Duration;

use super::templating::{reference_at, Templating};

/// Grafana's interval macros and what they become: a distinct sentinel each, values nobody types, so that a
/// range can be traced back to its macro after parsing.
const MACROS: [(&str, &str); 8] = [
    ("__rate_interval", "7777ms"),
    ("__rate_interval_ms", "7777"),
    ("__interval", "6661ms"),
    ("__interval_ms", "6661"),
    ("__range", "5557ms"),
    ("__range_s", "5557"),
    ("__range_ms", "5557000"),
    ("__auto", "4441ms"),
];

/// What `$__rate_interval` parses to.
pub(super) const RATE_INTERVAL: Duration = Duration::from_millis(7777);

/// The duration macros, by the sentinel they parse to.
const SENTINELS: [(Duration, &str); 4] = [
    (RATE_INTERVAL, "$__rate_interval"),
    (Duration::from_millis(6661), "$__interval"),
    (Duration::from_millis(5557), "$__range"),
    (Duration::from_millis(4441), "$__auto"),
];

/// The duration of the first variable in a range; the Nth reference is this plus N ms.
const VARIABLE_DURATION_MS: u64 = 3_330_000;

/// How each placeholder starts; `N__` ends it.
const PLACEHOLDER: &str = "__grafana_var_";

/// Keywords whose parenthesis lists label names.
const LABEL_LISTS: [&str; 6] = ["by", "without", "on", "ignoring", "group_left", "group_right"];

/// An expression with Grafana's macros and variables replaced by parseable text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Substituted {
    /// The text to parse.
    pub(super) text: String,
    /// Variables referenced but not defined, each once, in order of appearance.
    pub(super) unknown: Vec<String>,
    /// The references replaced by a placeholder or a variable duration, by index: (as written, variable name).
    references: Vec<(String, String)>,
}

/// Where a reference stands, which decides what replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Quoted,
    Name,
    Duration,
    Value,
}

impl Substituted {
    /// An expression that has no Grafana syntax (a rule file's): parsed as written.
    pub(super) fn verbatim(expr: &str) -> Self {
        Substituted {
            text: expr.to_owned(),
            ..Substituted::default()
        }
    }

    /// `text` (part of the substituted expression, or a message about it) with each placeholder put back as
    /// written.
    pub(super) fn restore(&self, text: &str) -> String {
        let mut out = text.to_owned();
        // From the last: `__grafana_var_1__` cannot occur inside `__grafana_var_12__`, but keep it obvious.
        for (index, (written, _)) in self.references.iter().enumerate().rev() {
            out = out.replace(&placeholder(index), written);
        }
        out
    }

    /// Whether `text` holds a placeholder, i.e. comes from a variable (a metric name that is not a name).
    pub(super) fn is_templated(&self, text: &str) -> bool {
        !self.references.is_empty() && text.contains(PLACEHOLDER)
    }

    /// The variables whose placeholder `text` holds, each once.
    pub(super) fn variables_in(&self, text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for (index, (_, name)) in self.references.iter().enumerate() {
            if text.contains(&placeholder(index)) && !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
        names
    }

    /// The variable `text` is exactly a reference to (`"$job"`, `"${job:regex}"` once substituted).
    pub(super) fn whole_variable(&self, text: &str) -> Option<&str> {
        let index: usize = text.strip_prefix(PLACEHOLDER)?.strip_suffix("__")?.parse().ok()?;
        self.references.get(index).map(|(_, name)| name.as_str())
    }

    /// How a range is written in the dashboard: a macro (`$__interval`), a variable (`$window`), or a duration.
    pub(super) fn range_as_written(&self, range: Duration) -> Option<String> {
        if let Some((_, name)) = SENTINELS.iter().find(|(d, _)| *d == range) {
            return Some((*name).to_owned());
        }
        let index = u64::try_from(range.as_millis())
            .ok()?
            .checked_sub(VARIABLE_DURATION_MS)?;
        let (written, _) = self.references.get(usize::try_from(index).ok()?)?;
        Some(written.clone())
    }

    /// What replaces a reference at `position`.
    fn replacement(&mut self, name: &str, written: String, position: Position, templating: &Templating) -> String {
        if let Some((_, sentinel)) = MACROS.iter().find(|(m, _)| *m == name) {
            return (*sentinel).to_owned();
        }
        let numeric = || {
            // Globals (`$__from`, `$__interval_ms`, …) are numbers, and so is an undefined variable (reported as
            // such); a variable without a sample value is more likely a name than a number.
            name.starts_with("__")
                || match templating.get(name) {
                    None => true,
                    Some(variable) => variable.sample_value().is_some_and(|v| v.trim().parse::<f64>().is_ok()),
                }
        };
        if position == Position::Value && numeric() {
            return "1".to_owned();
        }
        let index = self.references.len();
        self.references.push((written, name.to_owned()));
        match position {
            Position::Duration => format!("{}ms", VARIABLE_DURATION_MS + index as u64),
            Position::Quoted | Position::Name | Position::Value => placeholder(index),
        }
    }
}

/// The placeholder of the `index`th reference.
fn placeholder(index: usize) -> String {
    format!("{PLACEHOLDER}{index}__")
}

/// Replaces Grafana's macros and variable references as the module documentation says. Comments are left alone.
pub(super) fn substitute(expr: &str, templating: &Templating) -> Substituted {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Substituted {
        text: String::with_capacity(expr.len()),
        ..Substituted::default()
    };
    let mut quote: Option<char> = None;
    let mut comment = false;
    // Unquoted nesting: inside `{…}` names are labels, inside `[…]` everything is a duration, and a parenthesis
    // opened by `by`, `on`, … lists labels.
    let mut braces = 0usize;
    let mut brackets = 0usize;
    let mut parens: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if comment {
            comment = c != '\n';
        } else if let Some(reference) = reference_at(&chars, i) {
            let written: String = chars[i..i + reference.len].iter().collect();
            let name = reference.name;
            if !name.starts_with("__") && !templating.defines(&name) && !out.unknown.contains(&name) {
                out.unknown.push(name.clone());
            }
            let after = &chars[i + reference.len..];
            let position = if quote.is_some() {
                Position::Quoted
            } else if brackets > 0 || last_word(&out.text) == "offset" {
                Position::Duration
            } else if braces > 0 || parens.last() == Some(&true) || in_a_name(&out.text, after) {
                Position::Name
            } else {
                Position::Value
            };
            let replacement = out.replacement(&name, written, position, templating);
            out.text.push_str(&replacement);
            i += reference.len;
            continue;
        } else if let Some(q) = quote {
            if c == '\\' && q != '`' {
                out.text.push(c);
                i += 1;
                if let Some(&escaped) = chars.get(i) {
                    out.text.push(escaped);
                    i += 1;
                }
                continue;
            }
            if c == q {
                quote = None;
            }
        } else {
            match c {
                '"' | '\'' | '`' => quote = Some(c),
                '#' => comment = true,
                '{' => braces += 1,
                '}' => braces = braces.saturating_sub(1),
                '[' => brackets += 1,
                ']' => brackets = brackets.saturating_sub(1),
                '(' => parens.push(LABEL_LISTS.contains(&last_word(&out.text).to_ascii_lowercase().as_str())),
                ')' => {
                    parens.pop();
                }
                _ => {}
            }
        }
        out.text.push(c);
        i += 1;
    }
    out
}

/// Whether a reference between `before` and `after` is (part of) a metric name: glued to name characters, or
/// followed by a selector's `{` or a range's `[`.
fn in_a_name(before: &str, after: &[char]) -> bool {
    let glued_before = before.chars().next_back().is_some_and(is_name_char);
    let glued_after = after.first().copied().is_some_and(is_name_char);
    let mut next = after.iter().copied().skip_while(|c| c.is_whitespace());
    let selects = match next.next() {
        Some('{') => true,
        // `[[` would start another reference, not a range.
        Some('[') => next.next() != Some('['),
        _ => false,
    };
    glued_before || glued_after || selects
}

/// The identifier that ends `text`, trailing whitespace aside (`"sum by "` → `"by"`).
fn last_word(text: &str) -> &str {
    let trimmed = text.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    &trimmed[start..]
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':'
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    fn dashboard() -> Value {
        json!({"templating": {"list": [
            {"type": "query", "name": "job", "multi": true},
            {"type": "query", "name": "metric", "current": {"value": "node_load1"}},
            {"type": "custom", "name": "quantile", "query": "0.9,0.99"},
            {"type": "interval", "name": "window", "query": "1m,5m"},
            {"type": "constant", "name": "db_pool_size", "query": "20"},
            {"type": "query", "name": "label"},
        ]}})
    }

    fn subst(expr: &str) -> String {
        let d = dashboard();
        substitute(expr, &Templating::of(&d)).text
    }

    #[test]
    fn each_interval_macro_becomes_its_own_sentinel() {
        assert_eq!(subst("[$__rate_interval]"), "[7777ms]");
        assert_eq!(subst("[${__rate_interval}]"), "[7777ms]");
        assert_eq!(subst("[$__interval]"), "[6661ms]");
        assert_eq!(subst("[$__range]"), "[5557ms]");
        assert_eq!(
            subst("$__interval_ms / $__range_s + $__range_ms"),
            "6661 / 5557 + 5557000"
        );
    }

    #[test]
    fn a_variable_in_quotes_becomes_a_placeholder() {
        assert_eq!(subst("x{job=~\"$job\"}"), "x{job=~\"__grafana_var_0__\"}");
        assert_eq!(subst("x{job=~'${job:regex}'}"), "x{job=~'__grafana_var_0__'}");
    }

    #[test]
    fn a_numeric_variable_outside_quotes_becomes_a_number() {
        assert_eq!(subst("x / $db_pool_size"), "x / 1");
        assert_eq!(subst("x / [[db_pool_size]]"), "x / 1");
        assert_eq!(subst("histogram_quantile($quantile, x)"), "histogram_quantile(1, x)");
    }

    #[test]
    fn a_variable_in_metric_name_position_becomes_an_identifier() {
        assert_eq!(subst("$metric{job=\"a\"}"), "__grafana_var_0__{job=\"a\"}");
        assert_eq!(subst("rate(${metric}[5m])"), "rate(__grafana_var_0__[5m])");
        assert_eq!(subst("sum([[metric]])"), "sum(__grafana_var_0__)");
        assert_eq!(subst("node_${metric}_total"), "node___grafana_var_0___total");
    }

    #[test]
    fn a_variable_in_label_name_position_becomes_an_identifier() {
        assert_eq!(subst("sum by ($label) (x)"), "sum by (__grafana_var_0__) (x)");
        assert_eq!(subst("x{$label=\"a\"}"), "x{__grafana_var_0__=\"a\"}");
        assert_eq!(subst("a / on($label) b"), "a / on(__grafana_var_0__) b");
    }

    #[test]
    fn a_variable_in_a_range_or_offset_becomes_a_duration_of_its_own() {
        assert_eq!(subst("rate(x[$window])"), "rate(x[3330000ms])");
        assert_eq!(subst("x offset $window"), "x offset 3330000ms");
        assert_eq!(subst("x[[[window]]]"), "x[3330000ms]");
    }

    #[test]
    fn placeholders_restore_to_the_references_as_written() {
        let d = dashboard();
        let s = substitute("$metric{job=~\"${job:regex}\"}[$window]", &Templating::of(&d));
        assert_eq!(s.restore(&s.text), "$metric{job=~\"${job:regex}\"}[3330002ms]");
        assert_eq!(s.whole_variable("__grafana_var_1__"), Some("job"));
        assert_eq!(s.variables_in("a__grafana_var_0__b"), vec!["metric"]);
        assert_eq!(
            s.range_as_written(Duration::from_millis(3_330_002)),
            Some("$window".into())
        );
        assert_eq!(s.range_as_written(RATE_INTERVAL), Some("$__rate_interval".into()));
    }

    #[test]
    fn escaped_quotes_do_not_end_a_string() {
        assert_eq!(
            subst(r#"x{a="\"$job"} / $db_pool_size"#),
            r#"x{a="\"__grafana_var_0__"} / 1"#
        );
    }

    #[test]
    fn comments_are_not_substituted() {
        let d = dashboard();
        assert_eq!(subst("x # $nope \"\n/ $db_pool_size"), "x # $nope \"\n/ 1");
        assert_eq!(
            substitute("x # $nope", &Templating::of(&d)).unknown,
            Vec::<String>::new()
        );
    }

    #[test]
    fn an_undefined_variable_is_listed_once() {
        let d = dashboard();
        assert_eq!(
            substitute("$a + $a + $job", &Templating::of(&d)).unknown,
            vec!["a".to_owned()]
        );
    }
}
