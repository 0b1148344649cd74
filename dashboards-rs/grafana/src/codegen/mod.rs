//! Rust source that rebuilds a dashboard with this crate: `dash import`.
//!
//! Every model type implements [`ToRust`] (derived: a struct literal naming only what differs from its
//! `Default`); [`import`] writes a whole dashboard as a builder chain — typed panels, the builder's layout where
//! it reproduces the stored places, `.id()` and refIds only where the builder would not assign the same —
//! which, compiled and run, writes exactly what [`crate::Dashboard::normalise`] writes for the same file.

mod expr;
mod import;

use serde_json::{Map, Value};

pub use expr::{Expr, Imports};
pub use grafana_dashboards_derive::ToRust;
pub use import::{import, main_rs, Source};

/// A value that can write the Rust expression rebuilding it.
pub trait ToRust {
    /// The expression.
    fn to_rust(&self) -> Expr;
}

macro_rules! display_atoms {
    ($($t:ty),*) => {
        $(impl ToRust for $t {
            fn to_rust(&self) -> Expr {
                Expr::Atom(self.to_string())
            }
        })*
    };
}

display_atoms!(bool, u8, u16, u32, u64, i8, i16, i32, i64, usize);

impl ToRust for f64 {
    fn to_rust(&self) -> Expr {
        Expr::Atom(float(*self))
    }
}

/// A float literal that reads back as the same `f64`.
fn float(value: f64) -> String {
    if value.is_nan() {
        "f64::NAN".into()
    } else if value.is_infinite() {
        if value > 0.0 {
            "f64::INFINITY"
        } else {
            "f64::NEG_INFINITY"
        }
        .into()
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.1}")
    } else {
        format!("{value:?}")
    }
}

impl ToRust for String {
    fn to_rust(&self) -> Expr {
        Expr::string(self)
    }
}

impl<T: ToRust> ToRust for Option<T> {
    fn to_rust(&self) -> Expr {
        match self {
            None => Expr::Atom("None".into()),
            Some(value) => Expr::call(Expr::Atom("Some".into()), vec![value.to_rust()]),
        }
    }
}

impl<T: ToRust> ToRust for Vec<T> {
    fn to_rust(&self) -> Expr {
        if self.is_empty() {
            Expr::Atom("Vec::new()".into())
        } else {
            Expr::List(self.iter().map(ToRust::to_rust).collect())
        }
    }
}

impl<T: ToRust> ToRust for Box<T> {
    fn to_rust(&self) -> Expr {
        Expr::call(Expr::Atom("Box::new".into()), vec![self.as_ref().to_rust()])
    }
}

impl<A: ToRust, B: ToRust> ToRust for (A, B) {
    fn to_rust(&self) -> Expr {
        Expr::Tuple(vec![self.0.to_rust(), self.1.to_rust()])
    }
}

impl<T: ToRust> ToRust for std::collections::BTreeMap<String, T> {
    fn to_rust(&self) -> Expr {
        let entries = self
            .iter()
            .map(|(k, v)| Expr::Tuple(vec![Expr::string(k), v.to_rust()]))
            .collect();
        Expr::call(
            Expr::Atom("std::collections::BTreeMap::from".into()),
            vec![Expr::Array(entries)],
        )
    }
}

impl ToRust for serde_json::Number {
    /// An integer as `Number::from(…)`; a float through `from_f64`, which only refuses what JSON cannot hold.
    fn to_rust(&self) -> Expr {
        let head = |name: &str| Expr::path("grafana_dashboards::serde_json", format!("Number::{name}"));
        match (self.as_i64(), self.as_u64(), self.as_f64()) {
            (Some(i), _, _) => Expr::call(head("from"), vec![Expr::Atom(format!("{i}_i64"))]),
            (None, Some(u), _) => Expr::call(head("from"), vec![Expr::Atom(format!("{u}_u64"))]),
            (_, _, f) => Expr::call(head("from_f64"), vec![Expr::Atom(float(f.unwrap_or_default()))])
                .then("expect", vec![Expr::str("a finite number")]),
        }
    }
}

impl ToRust for Value {
    fn to_rust(&self) -> Expr {
        json(self)
    }
}

impl ToRust for Map<String, Value> {
    fn to_rust(&self) -> Expr {
        if self.is_empty() {
            return Expr::Atom("Extra::new()".into());
        }
        Expr::call(
            Expr::path("grafana_dashboards", "extra"),
            vec![json(&Value::Object(self.clone()))],
        )
    }
}

/// Values up to this many nodes are written as one `json!` literal; bigger ones are split so that the
/// macro's recursion stays well under the compiler's limit.
const JSON_LITERAL_NODES: usize = 24;

/// A JSON value as Rust: `json!(…)` when small, `Value::Array`/`extra(…)` of smaller parts otherwise.
fn json(value: &Value) -> Expr {
    if nodes(value) <= JSON_LITERAL_NODES {
        return Expr::call(
            Expr::path("grafana_dashboards::serde_json", "json!"),
            vec![Expr::Atom(literal(value))],
        );
    }
    match value {
        Value::Array(items) => Expr::call(
            Expr::path("grafana_dashboards::serde_json", "Value::Array"),
            vec![Expr::List(items.iter().map(json).collect())],
        ),
        Value::Object(map) => Expr::call(
            Expr::path("grafana_dashboards::serde_json", "Value::Object"),
            vec![Expr::call(
                Expr::path("grafana_dashboards", "object"),
                vec![Expr::List(
                    map.iter()
                        .map(|(k, v)| Expr::Tuple(vec![Expr::str(k), json(v)]))
                        .collect(),
                )],
            )],
        ),
        scalar => Expr::call(
            Expr::path("grafana_dashboards::serde_json", "json!"),
            vec![Expr::Atom(literal(scalar))],
        ),
    }
}

fn nodes(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(nodes).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(nodes).sum::<usize>(),
        _ => 1,
    }
}

/// The `json!` macro's input for a value: JSON, with strings as Rust literals.
fn literal(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            // An integer literal is an i32 unless suffixed: bigger ones say their type.
            (Some(i), _) if i32::try_from(i).is_err() => format!("{i}_i64"),
            (None, Some(u)) => format!("{u}_u64"),
            (Some(i), _) => i.to_string(),
            (None, None) => n.as_f64().map_or_else(|| n.to_string(), float),
        },
        Value::String(s) => expr::literal(s),
        Value::Array(items) => format!("[{}]", items.iter().map(literal).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", expr::literal(k), literal(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
