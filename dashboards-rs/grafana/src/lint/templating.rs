//! The dashboard's variables (`templating.list`) and Grafana's variable reference syntax.

use serde_json::Value;

/// The variables a dashboard defines: name and type (`datasource`, `query`, `custom`, …).
#[derive(Debug, Clone, Default)]
pub(super) struct Templating {
    variables: Vec<(String, String)>,
}

impl Templating {
    /// The variables of a dashboard's `templating.list`.
    pub(super) fn of(dashboard: &Value) -> Self {
        let list = dashboard.pointer("/templating/list").and_then(Value::as_array);
        let variables = list
            .into_iter()
            .flatten()
            .filter_map(|v| {
                let name = v.get("name").and_then(Value::as_str)?;
                let kind = v.get("type").and_then(Value::as_str).unwrap_or("");
                Some((name.to_owned(), kind.to_owned()))
            })
            .collect();
        Templating { variables }
    }

    /// Whether the dashboard defines a variable of that name.
    pub(super) fn defines(&self, name: &str) -> bool {
        self.variables.iter().any(|(n, _)| n == name)
    }

    /// Whether the dashboard defines a variable of that name and of type `datasource`.
    pub(super) fn is_datasource(&self, name: &str) -> bool {
        self.variables.iter().any(|(n, k)| n == name && k == "datasource")
    }
}

/// A variable reference found in a string: the variable's name and how many chars the reference spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reference {
    pub(super) name: String,
    pub(super) len: usize,
}

/// The reference starting at `chars[start]`: `$name`, `${name}`, `${name:fmt}`, `${name.field}` or `[[name]]`,
/// `[[name:fmt]]`, as Grafana recognises them. A name must be word characters and not start with a digit, so
/// the `$1` of a `label_replace` is not a reference.
pub(super) fn reference_at(chars: &[char], start: usize) -> Option<Reference> {
    let rest = chars.get(start..)?;
    let (inner, len) = match rest {
        ['$', '{', ..] => {
            let close = rest.iter().position(|&c| c == '}')?;
            (&rest[2..close], close + 1)
        }
        ['$', ..] => {
            let word = rest[1..].iter().take_while(|c| is_word(**c)).count();
            (&rest[1..=word], word + 1)
        }
        ['[', '[', ..] => {
            let close = rest.windows(2).position(|w| w == [']', ']'])?;
            (&rest[2..close], close + 2)
        }
        _ => return None,
    };
    let name: String = inner.iter().take_while(|c| **c != ':' && **c != '.').collect();
    let valid = name.chars().all(is_word) && name.chars().next().is_some_and(|c| !c.is_ascii_digit());
    valid.then_some(Reference { name, len })
}

/// The variable a whole string refers to, if the string is exactly one reference (`${datasource}`).
pub(super) fn whole_reference(s: &str) -> Option<String> {
    let chars: Vec<char> = s.trim().chars().collect();
    reference_at(&chars, 0).filter(|r| r.len == chars.len()).map(|r| r.name)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_at(s: &str) -> Option<(String, usize)> {
        let chars: Vec<char> = s.chars().collect();
        reference_at(&chars, 0).map(|r| (r.name, r.len))
    }

    #[test]
    fn every_grafana_reference_syntax_is_recognised() {
        assert_eq!(name_at("$job}"), Some(("job".into(), 4)));
        assert_eq!(name_at("${job}x"), Some(("job".into(), 6)));
        assert_eq!(name_at("${job:regex}"), Some(("job".into(), 12)));
        assert_eq!(name_at("${ds.uid}"), Some(("ds".into(), 9)));
        assert_eq!(name_at("[[job]]"), Some(("job".into(), 7)));
        assert_eq!(name_at("[[job:csv]]"), Some(("job".into(), 11)));
    }

    #[test]
    fn a_capture_group_backreference_is_not_a_variable() {
        assert_eq!(name_at("$1"), None);
        assert_eq!(name_at("${1}"), None);
        assert_eq!(name_at("$ "), None);
    }

    #[test]
    fn a_whole_string_reference_names_its_variable() {
        assert_eq!(whole_reference("${datasource}"), Some("datasource".into()));
        assert_eq!(whole_reference("$datasource"), Some("datasource".into()));
        assert_eq!(whole_reference("${datasource}-x"), None);
        assert_eq!(whole_reference("P1809F7CD0C75ACF3"), None);
    }
}
