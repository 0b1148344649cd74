//! Whether writing a dashboard back loses anything it was read with: every key of the input must be in the
//! output with an equal value, where Grafana's own save normalises (nulls dropped, numbers compared as numbers,
//! keys in any order). [`Dashboard::from_json`](crate::Dashboard::from_json) keeps unknown keys, so
//! [`lost`] finds nothing on any dashboard it reads; `dash fmt` checks it before it writes.

use serde_json::Value;

/// The places (JSON paths such as `panels[3].options.legend`) where `output` lacks something of `input`.
pub fn lost(input: &Value, output: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(input, output, &mut String::new(), &mut out);
    out
}

fn walk(input: &Value, output: &Value, path: &mut String, out: &mut Vec<String>) {
    match (input, output) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                match b.get(key) {
                    // Grafana saves without nulls: a null read is the key's absence.
                    None if value.is_null() => {}
                    None => out.push(path.clone()),
                    Some(other) => walk(value, other, path, out),
                }
                path.truncate(len);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{index}]"));
                walk(x, y, path, out);
                path.truncate(len);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (Value::Null, _) => {}
        (a, b) if a == b => {}
        _ => out.push(path.clone()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn added_keys_and_reordered_keys_lose_nothing() {
        assert!(lost(&json!({"a": 1, "b": [1, 2]}), &json!({"b": [1, 2], "c": true, "a": 1})).is_empty());
    }

    #[test]
    fn a_missing_or_changed_value_is_named_by_its_path() {
        let input = json!({"panels": [{"id": 1, "options": {"legend": {"show": true}}}, {"x": 2}]});
        let output = json!({"panels": [{"id": 1, "options": {"legend": {"show": false}}}, {}]});
        assert_eq!(lost(&input, &output), ["panels[0].options.legend.show", "panels[1].x"]);
    }

    #[test]
    fn a_null_is_the_absence_of_its_key_and_numbers_compare_as_numbers() {
        assert!(lost(&json!({"id": null, "max": 100}), &json!({"max": 100.0})).is_empty());
    }

    #[test]
    fn a_list_of_another_length_is_lost() {
        assert_eq!(lost(&json!({"tags": ["a", "b"]}), &json!({"tags": ["a"]})), ["tags"]);
    }
}
