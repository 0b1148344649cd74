//! Server-side expressions: the `model` of a rule's query whose `datasourceUid` is `__expr__`, as Grafana 10.4
//! reads it (`pkg/expr`): `reduce` (a series to a number), `threshold` (a number to 0 or 1) and `math`.
//!
//! The JSON written here passes `expr.jsonschema.json` of Grafana 10.4 (`../shared/schemas/grafana-10.4/`).

use serde::{Deserialize, Serialize};

/// The data source uid (and type) Grafana gives server-side expressions.
pub const EXPRESSION_UID: &str = "__expr__";

/// A server-side expression's model: its refId and what it computes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Expression {
    /// The refId other queries and the rule's `condition` name it by.
    pub ref_id: String,
    /// Always `{"type": "__expr__", "uid": "__expr__"}`: Grafana's editor shows the query as an expression.
    pub datasource: ExpressionSource,
    /// What it computes.
    #[serde(flatten)]
    pub kind: ExpressionKind,
}

/// The data source reference of an expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpressionSource {
    /// `__expr__`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `__expr__`.
    pub uid: String,
}

impl Default for ExpressionSource {
    fn default() -> Self {
        ExpressionSource {
            kind: EXPRESSION_UID.into(),
            uid: EXPRESSION_UID.into(),
        }
    }
}

/// The kinds of server-side expression, by their `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ExpressionKind {
    /// Arithmetic on other refIds (`$A * 100`).
    Math {
        /// The expression.
        expression: String,
    },
    /// Each series of `expression` reduced to one number.
    Reduce {
        /// The refId reduced.
        expression: String,
        /// How.
        reducer: Reducer,
        /// What to do with non-numbers (absent: Grafana's strict mode, a NaN or null gives NaN).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        settings: Option<ReduceSettings>,
    },
    /// Each number of `expression` compared: 1 when the condition holds, else 0.
    Threshold {
        /// The refId compared.
        expression: String,
        /// The condition (Grafana reads the first).
        conditions: Vec<ThresholdCondition>,
    },
}

/// A reducer of Grafana 10.4's `reduce` expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reducer {
    /// The sum.
    Sum,
    /// The mean.
    Mean,
    /// The smallest.
    Min,
    /// The largest.
    Max,
    /// The number of points.
    Count,
    /// The newest point.
    Last,
    /// The median.
    Median,
}

/// The `settings` of a `reduce` expression.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReduceSettings {
    /// What to do with NaN and null points.
    pub mode: ReduceMode,
    /// The value that replaces them (`replaceNN` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace_with_value: Option<f64>,
}

/// How `reduce` treats non-numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReduceMode {
    /// They are dropped before reducing.
    #[serde(rename = "dropNN")]
    DropNonNumbers,
    /// They are replaced by `replaceWithValue`.
    #[serde(rename = "replaceNN")]
    ReplaceNonNumbers,
}

/// One condition of a `threshold` expression.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ThresholdCondition {
    /// The comparison.
    pub evaluator: Evaluator,
}

/// A comparison of Grafana 10.4's `threshold` expression. 10.4 knows these four (`pkg/expr/threshold.go`,
/// `supportedThresholdFuncs`); `gte`, `eq` and the `_included` ranges came later, so they are not offered.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(into = "EvaluatorJson", try_from = "EvaluatorJson")]
pub enum Evaluator {
    /// Above the value (`gt`).
    Above(f64),
    /// Below the value (`lt`).
    Below(f64),
    /// Strictly between the two (`within_range`).
    WithinRange(f64, f64),
    /// Outside the two (`outside_range`).
    OutsideRange(f64, f64),
}

impl Evaluator {
    /// Whether `value` meets the condition, as Grafana 10.4 compares.
    pub fn holds(self, value: f64) -> bool {
        match self {
            Evaluator::Above(t) => value > t,
            Evaluator::Below(t) => value < t,
            Evaluator::WithinRange(a, b) => value > a && value < b,
            Evaluator::OutsideRange(a, b) => value < a || value > b,
        }
    }
}

/// An evaluator as Grafana writes it: `{"type": "gt", "params": [3]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct EvaluatorJson {
    #[serde(rename = "type")]
    kind: String,
    params: Vec<f64>,
}

/// An evaluator Grafana 10.4 would not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvaluatorError {
    /// A type 10.4 does not know.
    #[error("threshold type {0:?} is not one of Grafana 10.4's: use gt, lt, within_range or outside_range")]
    UnknownType(String),
    /// The wrong number of parameters.
    #[error("threshold type {kind} takes {expected} parameter(s), not {given}: write params as [{hint}]")]
    Params {
        /// The type.
        kind: String,
        /// How many it takes.
        expected: usize,
        /// How many were given.
        given: usize,
        /// What to write.
        hint: &'static str,
    },
}

impl From<Evaluator> for EvaluatorJson {
    fn from(e: Evaluator) -> Self {
        let (kind, params) = match e {
            Evaluator::Above(t) => ("gt", vec![t]),
            Evaluator::Below(t) => ("lt", vec![t]),
            Evaluator::WithinRange(a, b) => ("within_range", vec![a, b]),
            Evaluator::OutsideRange(a, b) => ("outside_range", vec![a, b]),
        };
        EvaluatorJson {
            kind: kind.into(),
            params,
        }
    }
}

impl TryFrom<EvaluatorJson> for Evaluator {
    type Error = EvaluatorError;

    fn try_from(json: EvaluatorJson) -> Result<Self, Self::Error> {
        let (expected, hint) = match json.kind.as_str() {
            "gt" | "lt" => (1, "value"),
            "within_range" | "outside_range" => (2, "low, high"),
            _ => return Err(EvaluatorError::UnknownType(json.kind)),
        };
        let params = json.params.as_slice();
        match (json.kind.as_str(), params) {
            ("gt", [t]) => Ok(Evaluator::Above(*t)),
            ("lt", [t]) => Ok(Evaluator::Below(*t)),
            ("within_range", [a, b]) => Ok(Evaluator::WithinRange(*a, *b)),
            ("outside_range", [a, b]) => Ok(Evaluator::OutsideRange(*a, *b)),
            _ => Err(EvaluatorError::Params {
                given: params.len(),
                kind: json.kind,
                expected,
                hint,
            }),
        }
    }
}

impl Expression {
    /// `reduce`: each series of `input` to one number by `reducer`, non-numbers dropped first.
    pub fn reduce(ref_id: &str, input: &str, reducer: Reducer) -> Self {
        Expression {
            ref_id: ref_id.into(),
            datasource: ExpressionSource::default(),
            kind: ExpressionKind::Reduce {
                expression: input.into(),
                reducer,
                settings: Some(ReduceSettings {
                    mode: ReduceMode::DropNonNumbers,
                    replace_with_value: None,
                }),
            },
        }
    }

    /// `threshold`: each number of `input` against `evaluator`.
    pub fn threshold(ref_id: &str, input: &str, evaluator: Evaluator) -> Self {
        Expression {
            ref_id: ref_id.into(),
            datasource: ExpressionSource::default(),
            kind: ExpressionKind::Threshold {
                expression: input.into(),
                conditions: vec![ThresholdCondition { evaluator }],
            },
        }
    }

    /// `math`: `expression` over other refIds (`$A`).
    pub fn math(ref_id: &str, expression: &str) -> Self {
        Expression {
            ref_id: ref_id.into(),
            datasource: ExpressionSource::default(),
            kind: ExpressionKind::Math {
                expression: expression.into(),
            },
        }
    }

    /// The refIds this expression reads (`$A` in math, the input of reduce and threshold).
    pub fn inputs(&self) -> Vec<String> {
        match &self.kind {
            ExpressionKind::Reduce { expression, .. } | ExpressionKind::Threshold { expression, .. } => {
                vec![expression.trim_start_matches('$').to_owned()]
            }
            ExpressionKind::Math { expression } => expression
                .split('$')
                .skip(1)
                .map(|s| {
                    s.trim_start_matches('{')
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect()
                })
                .filter(|s: &String| !s.is_empty())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_reduce_is_written_as_grafana_writes_it() {
        let json = serde_json::to_value(Expression::reduce("B", "A", Reducer::Last)).expect("serialises");
        assert_eq!(
            json,
            json!({"refId": "B", "datasource": {"type": "__expr__", "uid": "__expr__"}, "type": "reduce",
                   "expression": "A", "reducer": "last", "settings": {"mode": "dropNN"}})
        );
    }

    #[test]
    fn a_threshold_is_written_as_grafana_writes_it() {
        let json = serde_json::to_value(Expression::threshold("C", "B", Evaluator::Above(2.5))).expect("serialises");
        assert_eq!(json["type"], "threshold");
        assert_eq!(
            json["conditions"],
            json!([{"evaluator": {"type": "gt", "params": [2.5]}}])
        );
    }

    #[test]
    fn expressions_read_back_as_written() {
        for e in [
            Expression::reduce("B", "A", Reducer::Max),
            Expression::threshold("C", "B", Evaluator::OutsideRange(1.0, 2.0)),
            Expression::math("D", "$A * 100"),
        ] {
            let back: Expression = serde_json::from_value(serde_json::to_value(&e).expect("ok")).expect("reads");
            assert_eq!(back, e);
        }
    }

    #[test]
    fn an_evaluator_grafana_10_4_lacks_is_refused_with_the_fix() {
        let e = serde_json::from_value::<Evaluator>(json!({"type": "gte", "params": [3]})).expect_err("gte is newer");
        assert!(
            e.to_string().contains("use gt, lt, within_range or outside_range"),
            "{e}"
        );
        let e = serde_json::from_value::<Evaluator>(json!({"type": "within_range", "params": [3]})).expect_err("one");
        assert!(e.to_string().contains("takes 2 parameter(s), not 1"), "{e}");
    }

    #[test]
    fn evaluators_compare_strictly_as_grafana_does() {
        assert!(Evaluator::Above(2.5).holds(3.0));
        assert!(!Evaluator::Above(3.0).holds(3.0));
        assert!(Evaluator::WithinRange(1.0, 3.0).holds(2.0));
        assert!(!Evaluator::WithinRange(1.0, 3.0).holds(3.0));
        assert!(Evaluator::OutsideRange(1.0, 3.0).holds(0.5));
        assert!(Evaluator::Below(1.0).holds(0.0));
    }

    #[test]
    fn inputs_name_the_ref_ids_read() {
        assert_eq!(Expression::reduce("B", "A", Reducer::Last).inputs(), ["A"]);
        assert_eq!(Expression::math("D", "$A + ${B} * 2").inputs(), ["A", "B"]);
    }
}
