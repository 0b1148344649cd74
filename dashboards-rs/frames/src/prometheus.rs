//! Prometheus answers as data-plane frames: a matrix as one `timeseries-wide` frame on the query's grid (null
//! where a series has no point), a vector as one `numeric-wide` frame. A backend plugin and a Grafana host both
//! call these, so a Prometheus answer becomes the same frame wherever it is turned into one.

use std::collections::{BTreeMap, HashMap};

use prometheus_http_query::response::{Data, Sample};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::frame::{Field, Frame, Meta, Values};
use crate::grid::Grid;

/// Prometheus's JSON envelope of a query answer (`/api/v1/query`, `/api/v1/query_range`): `data` on success,
/// `errorType` and `error` otherwise, and the warnings and infos either may carry.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// `success` or `error`.
    pub status: String,
    /// The answer, on success.
    #[serde(default)]
    pub data: Option<Data>,
    /// Prometheus's kind of error (`bad_data`, `execution`, `timeout`, …).
    #[serde(default)]
    pub error_type: Option<String>,
    /// Prometheus's message.
    #[serde(default)]
    pub error: Option<String>,
    /// Warnings about the answer.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Information about the answer.
    #[serde(default)]
    pub infos: Vec<String>,
}

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

/// `{{label}}` replaced by the series' label values.
pub fn legend(template: &str, labels: &HashMap<String, String>) -> String {
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

fn value_field(metric: &HashMap<String, String>, values: Values, style: &Style<'_>) -> Field {
    let name = metric.get("__name__").map_or(style.name, String::as_str).to_owned();
    let labels: BTreeMap<String, String> = metric
        .iter()
        .filter(|(k, _)| k.as_str() != "__name__")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut config = style.config.clone().unwrap_or_else(|| json!({}));
    if let (Some(template), Some(object)) = (style.legend, config.as_object_mut()) {
        object.insert("displayNameFromDS".into(), Value::from(legend(template, metric)));
    }
    let field = Field::new(name, values).labels(labels);
    if config.as_object().is_some_and(|o| o.is_empty()) {
        field
    } else {
        field.config(config)
    }
}

fn keep(value: f64, style: &Style<'_>) -> Option<f64> {
    (!style.finite_only || value.is_finite()).then_some(value)
}

/// A range query's result as one `timeseries-wide` frame: the grid's times, then one field per series.
pub fn wide(data: Data, grid: &Grid, ref_id: &str, meta: Meta, style: &Style<'_>) -> Frame {
    let mut frame = Frame::empty("", ref_id, meta);
    let series: Vec<(HashMap<String, String>, Vec<Sample>)> = match data {
        Data::Matrix(m) => m.into_iter().map(|r| r.into_inner()).collect(),
        Data::Vector(v) => v
            .into_iter()
            .map(|i| {
                let (metric, sample) = i.into_inner();
                (metric, vec![sample])
            })
            .collect(),
        Data::Scalar(s) => vec![(HashMap::new(), vec![s])],
    };
    if series.is_empty() {
        return frame;
    }
    frame.fields.push(Field::new("Time", Values::Time(grid.times_ms())));
    let mut fields: Vec<Field> = series
        .into_iter()
        .map(|(metric, samples)| {
            let mut values = vec![None; grid.points()];
            for s in samples {
                if let Some(i) = grid.index(s.timestamp()) {
                    values[i] = keep(s.value(), style);
                }
            }
            value_field(&metric, Values::F64(values), style)
        })
        .collect();
    fields.sort_by(|a, b| (&a.name, &a.labels).cmp(&(&b.name, &b.labels)));
    frame.fields.extend(fields);
    frame
}

/// The latest value of each series of an answer: a vector's samples, a scalar, each range's last point.
pub fn latest_values(data: &Data) -> Vec<f64> {
    match data {
        Data::Vector(v) => v.iter().map(|i| i.sample().value()).collect(),
        Data::Scalar(s) => vec![s.value()],
        Data::Matrix(m) => m.iter().filter_map(|r| r.samples().last()).map(|s| s.value()).collect(),
    }
}

/// An instant query's result as one `numeric-wide` frame (one row, one field per series).
pub fn numeric(data: Data, ref_id: &str, meta: Meta, style: &Style<'_>) -> Frame {
    let mut frame = Frame::empty("", ref_id, meta);
    let samples: Vec<(HashMap<String, String>, f64)> = match data {
        Data::Vector(v) => v
            .into_iter()
            .map(|i| {
                let (metric, sample) = i.into_inner();
                (metric, sample.value())
            })
            .collect(),
        Data::Scalar(s) => vec![(HashMap::new(), s.value())],
        Data::Matrix(m) => m
            .into_iter()
            .filter_map(|r| {
                let (metric, samples) = r.into_inner();
                samples.last().map(|s| (metric, s.value()))
            })
            .collect(),
    };
    let mut fields: Vec<Field> = samples
        .into_iter()
        .map(|(metric, v)| value_field(&metric, Values::F64(vec![keep(v, style)]), style))
        .collect();
    fields.sort_by(|a, b| (&a.name, &a.labels).cmp(&(&b.name, &b.labels)));
    frame.fields = fields;
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legends_fill_in_labels() {
        let labels = HashMap::from([("job".to_owned(), "api".to_owned())]);
        assert_eq!(legend("{{job}} / {{ missing }}!", &labels), "api / !");
        assert_eq!(legend("open {{job", &labels), "open {{job");
    }

    #[test]
    fn the_latest_value_of_each_series_is_its_last_point() {
        let answer = |text: &str| serde_json::from_str::<Data>(text).expect("a Prometheus answer");
        let matrix = answer(
            r#"{"resultType": "matrix", "result": [
                {"metric": {"job": "a"}, "values": [[1, "1"], [2, "5"]]},
                {"metric": {"job": "b"}, "values": [[1, "NaN"]]}]}"#,
        );
        let latest = latest_values(&matrix);
        assert_eq!(latest[0], 5.0);
        assert!(latest[1].is_nan());
        let vector = answer(r#"{"resultType": "vector", "result": [{"metric": {}, "value": [2, "3"]}]}"#);
        assert_eq!(latest_values(&vector), vec![3.0]);
        assert_eq!(
            latest_values(&answer(r#"{"resultType": "scalar", "result": [2, "7"]}"#)),
            vec![7.0]
        );
    }
}
