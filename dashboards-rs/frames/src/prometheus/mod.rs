//! Prometheus answers as data-plane frames: a matrix as one `timeseries-wide` frame on the query's grid (null
//! where a series has no point), a vector as one `numeric-wide` frame. A backend plugin and a Grafana host both
//! call these, so a Prometheus answer becomes the same frame wherever it is turned into one.
//!
//! [`answer`] reads the JSON straight into the frame's columns; [`wide`] and [`numeric`] then only name the
//! fields, so a range query's values are never copied between the wire and the frame.

pub mod answer;

use std::collections::BTreeMap;

use serde_json::{json, Value};

pub use answer::{from_slice, Answer, AnswerError, AnswerReader, Layout, ResultType, Series};

use crate::frame::{Field, Frame, Meta, Values};
use crate::grid::Grid;

/// How the value fields of a frame are named and configured.
#[derive(Debug, Clone, Default)]
pub struct Style<'a> {
    /// A legend template (`{{job}} {{instance}}`) giving each series' display name.
    pub legend: Option<&'a str>,
    /// Config common to every value field (`unit`, `min`, `max`).
    pub config: Option<Value>,
    /// The value field's name when the series has no `__name__`.
    pub name: &'a str,
    /// Turn NaN and ±Inf into null.
    pub finite_only: bool,
}

/// `{{label}}` replaced by the series' label values (`__name__` included).
pub fn legend(template: &str, labels: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        match rest[open + 2..].find("}}") {
            Some(close) => {
                let name = rest[open + 2..open + 2 + close].trim();
                out.push_str(labels.get(name).map_or("", String::as_str));
                rest = &rest[open + 2 + close + 2..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A series as a value field: named after its metric, its other labels kept, the style's config and legend.
fn value_field(series: Series, style: &Style<'_>) -> Field {
    let Series { mut metric, values } = series;
    let mut config = style.config.clone().unwrap_or_else(|| json!({}));
    if let (Some(template), Some(object)) = (style.legend, config.as_object_mut()) {
        object.insert("displayNameFromDS".into(), Value::from(legend(template, &metric)));
    }
    let name = metric.remove("__name__").unwrap_or_else(|| style.name.to_owned());
    let values = if style.finite_only { values.finite() } else { values };
    let field = Field::new(name, Values::F64(values)).labels(metric);
    if config.as_object().is_some_and(|o| o.is_empty()) {
        field
    } else {
        field.config(config)
    }
}

/// Fields in a stable order: by name, then labels.
fn sorted(mut fields: Vec<Field>) -> Vec<Field> {
    fields.sort_by(|a, b| (&a.name, &a.labels).cmp(&(&b.name, &b.labels)));
    fields
}

/// A range query's answer, read with [`Layout::Grid`] on `grid`, as one `timeseries-wide` frame: the grid's
/// times, then one field per series.
pub fn wide(answer: Answer, grid: &Grid, ref_id: &str, meta: Meta, style: &Style<'_>) -> Frame {
    let mut frame = Frame::empty("", ref_id, meta);
    if answer.series.is_empty() {
        return frame;
    }
    frame.fields.push(Field::new("Time", Values::Time(grid.times())));
    frame.fields.extend(sorted(
        answer.series.into_iter().map(|s| value_field(s, style)).collect(),
    ));
    frame
}

/// An instant query's answer, read with [`Layout::Latest`], as one `numeric-wide` frame (one row, one field
/// per series that has a value).
pub fn numeric(answer: Answer, ref_id: &str, meta: Meta, style: &Style<'_>) -> Frame {
    let mut frame = Frame::empty("", ref_id, meta);
    frame.fields = sorted(
        answer
            .series
            .into_iter()
            .filter(|s| s.values.len() == 1)
            .map(|s| value_field(s, style))
            .collect(),
    );
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legends_fill_in_labels() {
        let labels = BTreeMap::from([("job".to_owned(), "api".to_owned())]);
        assert_eq!(legend("{{job}} / {{ missing }}!", &labels), "api / !");
        assert_eq!(legend("open {{job", &labels), "open {{job");
    }

    #[test]
    fn a_matrix_becomes_a_wide_frame_named_by_metric_with_labels_kept() {
        let grid = Grid {
            start: 10,
            end: 20,
            step: 10,
        };
        let body = br#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"job":"b"},"values":[[10,"NaN"]]},
            {"metric":{"__name__":"up","job":"a"},"values":[[20,"1"]]}]}}"#;
        let answer = from_slice(body, Layout::Grid(&grid)).expect("an answer");
        let style = Style {
            legend: Some("{{job}}"),
            name: "Value",
            finite_only: true,
            ..Style::default()
        };
        let frame = wide(answer, &grid, "A", Meta::default(), &style);
        let names: Vec<&str> = frame.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Time", "Value", "up"]);
        assert_eq!(
            frame.fields[1].values,
            Values::F64(vec![None, None].into()),
            "NaN is null"
        );
        assert_eq!(frame.fields[2].labels["job"], "a");
        assert_eq!(frame.fields[2].config, Some(json!({"displayNameFromDS": "a"})));
    }

    #[test]
    fn an_instant_answer_becomes_one_row_per_series_with_a_value() {
        let body = br#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"job":"a"},"values":[[1,"1"],[2,"5"]]},
            {"metric":{"job":"b"},"values":[]}]}}"#;
        let answer = from_slice(body, Layout::Latest).expect("an answer");
        let frame = numeric(answer, "A", Meta::default(), &Style::default());
        assert_eq!(frame.fields.len(), 1);
        assert_eq!(frame.fields[0].values, Values::F64(vec![Some(5.0)].into()));
    }
}
